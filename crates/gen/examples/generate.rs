//! Generates an organization and prints what it holds and how long it took:
//! `cargo run --release -p exrbac-gen --example generate -- 100000 [seed]`.

use exrbac_core::RecipientKind;
use exrbac_gen::{GenSpec, generate, sample_requests};
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let recipients: usize = args
        .next()
        .map(|a| a.parse())
        .transpose()?
        .unwrap_or(10_000);
    let seed: u64 = args.next().map(|a| a.parse()).transpose()?.unwrap_or(1);
    let spec = GenSpec::sized(recipients, seed);
    println!("{spec:?}");
    let t = Instant::now();
    let org = generate(&spec, &mut |_, _| {})?;
    let took = t.elapsed();
    let count =
        |f: &dyn Fn(RecipientKind) -> bool| org.recipients().filter(|(_, r)| f(r.kind)).count();
    println!(
        "generated in {:.2?}: {} recipients ({} groups, {} role groups), {} roles, {} scopes, {} assignments",
        took,
        org.recipients().count(),
        count(&|k| k.is_group() && k != RecipientKind::RoleGroup),
        count(&|k| k == RecipientKind::RoleGroup),
        org.roles().count(),
        org.scopes().count(),
        org.assignments().count(),
    );
    let t = Instant::now();
    let reqs = sample_requests(&org, 1000, seed);
    let sampled = t.elapsed();
    let allowed = reqs.iter().filter(|r| r.check(&org).is_ok()).count();
    println!(
        "sampled {} requests in {:.2?}: {} allowed, {} denied",
        reqs.len(),
        sampled,
        allowed,
        reqs.len() - allowed
    );
    // How much a decision has to look at: what reaches each principal, and
    // how many of those grants hold the cmdlet asked for.
    let (mut groups, mut reach, mut holding, mut most) = (0usize, 0usize, 0usize, 0usize);
    for r in &reqs {
        let p = org.principal(r.principal);
        let reaching = org.reaching(&p);
        let with = reaching
            .iter()
            .filter(|c| {
                org.assignment(c.assignment)
                    .and_then(|a| org.role(a.role))
                    .is_some_and(|role| role.entry(&r.cmdlet).is_some())
            })
            .count();
        groups += p.groups().len();
        reach += reaching.len();
        holding += with;
        most = most.max(reaching.len());
    }
    let n = reqs.len().max(1) as f64;
    println!(
        "per request: {:.1} groups, {:.1} assignments reaching (max {most}), {:.1} holding the cmdlet",
        groups as f64 / n,
        reach as f64 / n,
        holding as f64 / n
    );
    for class in exrbac_gen::RequestClass::ALL {
        let of: Vec<_> = reqs.iter().filter(|r| r.class == class).collect();
        let ok = of.iter().filter(|r| r.check(&org).is_ok()).count();
        let deepest = of.iter().map(|r| r.nesting).max().unwrap_or(0);
        println!(
            "  {:<18} {:>4} requests, {:>4} allowed, nesting up to {}",
            class.as_str(),
            of.len(),
            ok,
            deepest
        );
    }
    Ok(())
}
