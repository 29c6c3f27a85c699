//! `Get-Mailbox -ResultSize Unlimited` through the shell, as `exrbac bench`
//! times it, in a loop to profile under `perf record --delay`:
//! `cargo run --release -p exrbac-bench --example listing -- 1000000 [runs]`.

use exrbac_gen::{GenSpec, generate, sample_requests};
use std::time::Instant;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let recipients: usize = args
        .next()
        .map(|a| a.parse())
        .transpose()?
        .unwrap_or(100_000);
    let runs: usize = args.next().map(|a| a.parse()).transpose()?.unwrap_or(5);
    let t = Instant::now();
    let org = generate(&GenSpec::sized(recipients, 2026), &mut |_, _| {})?;
    let reqs = sample_requests(&org, 2000, 2026);
    let admin = exrbac_bench::listing_admin(&org, &reqs).ok_or("no admin may list mailboxes")?;
    eprintln!("ready after {:.1?}", t.elapsed());
    let mut org = org;
    for _ in 0..runs {
        let mut session = exrbac_shell::Session::new(&mut org, admin);
        let t = Instant::now();
        let out = session.run_text("Get-Mailbox -ResultSize Unlimited")?;
        let took = t.elapsed();
        let n = out.first().map_or(0, |s| s.output.len());
        println!("{n} mailboxes in {took:.1?}");
    }
    Ok(())
}
