//! Times checks the way `exrbac bench` does (`check_as`: the asker's
//! groups and policy read afresh per request), by request class, and
//! separately a principal worked out and a check given one — a loop to profile under `perf record --delay`:
//! `cargo run --release -p exrbac-gen --example checkloop -- 1000000 [rounds] [seed]`.

use exrbac_gen::{GenSpec, RequestClass, generate, sample_requests};
use std::hint::black_box;
use std::time::{Duration, Instant};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn pct(v: &mut [Duration], p: f64) -> Duration {
    v.sort_unstable();
    let i = ((v.len() as f64 - 1.0) * p).round() as usize;
    v.get(i).copied().unwrap_or_default()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let recipients: usize = args
        .next()
        .map(|a| a.parse())
        .transpose()?
        .unwrap_or(100_000);
    let rounds: usize = args.next().map(|a| a.parse()).transpose()?.unwrap_or(50);
    let seed: u64 = args.next().map(|a| a.parse()).transpose()?.unwrap_or(2026);
    let t = Instant::now();
    let org = generate(&GenSpec::sized(recipients, seed), &mut |_, _| {})?;
    let reqs = sample_requests(&org, 2000, seed);
    eprintln!("ready after {:.1?}", t.elapsed());
    if std::env::var_os("CHECKLOOP_REINDEX").is_some() {
        // What a load spends rebuilding the indexes (a cold start's share).
        let mut copy = org.clone();
        let t = Instant::now();
        copy.reindex()?;
        println!("reindex {:.2?}", t.elapsed());
    }
    let params: Vec<Vec<&str>> = reqs.iter().map(|r| r.parameter_names()).collect();
    let mut whole = Vec::with_capacity(reqs.len() * rounds);
    let mut by_class: Vec<Vec<Duration>> = vec![Vec::new(); RequestClass::ALL.len()];
    let mut principal = Vec::with_capacity(reqs.len() * rounds);
    let mut check = Vec::with_capacity(reqs.len() * rounds);
    for _ in 0..rounds {
        for (r, ps) in reqs.iter().zip(&params) {
            let t = Instant::now();
            let ok = org.check_as(r.principal, &r.cmdlet, ps, r.target()).is_ok();
            let d = t.elapsed();
            black_box(ok);
            whole.push(d);
            if let Some(v) = RequestClass::ALL
                .iter()
                .position(|c| *c == r.class)
                .and_then(|i| by_class.get_mut(i))
            {
                v.push(d);
            }
        }
        for (r, ps) in reqs.iter().zip(&params) {
            let t = Instant::now();
            let p = black_box(org.principal(r.principal));
            principal.push(t.elapsed());
            let t = Instant::now();
            black_box(org.check(&p, &r.cmdlet, ps, r.target()).is_ok());
            check.push(t.elapsed());
        }
    }
    if std::env::var_os("CHECKLOOP_TAIL").is_some() {
        // The slowest requests by their quickest pass (noise taken out),
        // with what the check had to walk for each.
        let n = reqs.len().max(1);
        let mut best: Vec<(Duration, usize)> = (0..reqs.len())
            .map(|i| {
                let m = whole
                    .iter()
                    .skip(i)
                    .step_by(n)
                    .min()
                    .copied()
                    .unwrap_or_default();
                (m, i)
            })
            .collect();
        best.sort_unstable();
        let over = best
            .iter()
            .filter(|(d, _)| *d > Duration::from_micros(5))
            .count();
        println!(
            "requests whose quickest pass is over 5 µs: {over} of {}",
            best.len()
        );
        for (d, i) in best.iter().rev().take(25) {
            let (Some(r), Some(ps)) = (reqs.get(*i), params.get(*i)) else {
                continue;
            };
            let p = org.principal(r.principal);
            let access = org.access(&p, &r.cmdlet, ps);
            println!(
                "{d:>9.2?} {:<17} {:<28} groups {:>3} reach {:>4} candidates {:>3} params {}",
                r.class.as_str(),
                r.cmdlet,
                p.groups().len(),
                org.reaching(&p).len(),
                access.as_ref().map(|a| a.candidates.len()).unwrap_or(0),
                ps.len()
            );
        }
    }
    let show = |name: &str, v: &mut Vec<Duration>| {
        println!(
            "{name:<18} p50 {:>8.2?} p99 {:>8.2?} ({} samples)",
            pct(v, 0.5),
            pct(v, 0.99),
            v.len()
        );
    };
    // On a shared machine a burst of other work inflates some passes: the
    // quietest pass's median is the steadiest figure to compare builds by.
    let quietest = whole
        .chunks(reqs.len().max(1))
        .map(|pass| pct(&mut pass.to_vec(), 0.5))
        .min()
        .unwrap_or_default();
    println!("quietest pass p50 {quietest:.2?}");
    show("check_as", &mut whole);
    show("principal alone", &mut principal);
    show("check alone", &mut check);
    for (c, v) in RequestClass::ALL.iter().zip(by_class.iter_mut()) {
        show(c.as_str(), v);
    }
    Ok(())
}
