//! Decision benchmarks on generated organizations (SPEC §7): one check per
//! iteration — allowed, denied, through deep group nesting, on targets an
//! exclusive scope protects — then effective permissions, who-can and a
//! scoped read, at 10k and 100k recipients (1M with EXRBAC_BENCH_1M=1).
//!
//! Each organization is generated once per run. After criterion's numbers,
//! a `cargo bench` run prints per-request latency percentiles, which
//! criterion's per-batch means hide (SPEC §7 bars are p50 and p99).

use criterion::{BenchmarkId, Criterion};
use exrbac_core::*;
use exrbac_gen::{GenSpec, Request, RequestClass, generate, sample_requests};
use std::hint::black_box;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

const SEED: u64 = 2026;
const REQUESTS: usize = 2_000;

/// One generated organization with its sampled requests and their answers.
struct Fixture {
    label: &'static str,
    org: Organization,
    requests: Vec<Request>,
    allowed: Vec<bool>,
}

/// A request with everything a check needs borrowed, so the measured loop
/// allocates only what the engine does.
struct Call<'a> {
    user: RecipientId,
    cmdlet: &'a str,
    params: Vec<&'a str>,
    target: Target<'static>,
}

impl<'a> Call<'a> {
    fn of(r: &'a Request) -> Call<'a> {
        Call {
            user: r.principal,
            cmdlet: &r.cmdlet,
            params: r.parameter_names(),
            target: r.target(),
        }
    }
    /// The decision as the HTTP check makes it: the asker's groups and
    /// policy read off the snapshot for each request.
    fn check(&self, org: &Organization) -> bool {
        org.check_as(self.user, self.cmdlet, &self.params, self.target)
            .is_ok()
    }
}

fn sizes() -> Vec<(&'static str, usize)> {
    let mut v = vec![("10k", 10_000), ("100k", 100_000)];
    if std::env::var("EXRBAC_BENCH_1M").is_ok_and(|v| v == "1") {
        v.push(("1M", 1_000_000));
    }
    v
}

fn fixture(label: &'static str, recipients: usize) -> &'static Fixture {
    static CELLS: [OnceLock<Fixture>; 3] = [OnceLock::new(), OnceLock::new(), OnceLock::new()];
    let slot = match label {
        "10k" => 0,
        "100k" => 1,
        _ => 2,
    };
    let Some(cell) = CELLS.get(slot) else {
        std::process::exit(2);
    };
    cell.get_or_init(|| {
        let t = Instant::now();
        let org = match generate(&GenSpec::sized(recipients, SEED), &mut |_, _| {}) {
            Ok(o) => o,
            Err(e) => {
                eprintln!("generating {label}: {e}");
                std::process::exit(1);
            }
        };
        let generated = t.elapsed();
        let requests = sample_requests(&org, REQUESTS, SEED);
        let allowed: Vec<bool> = requests.iter().map(|r| r.check(&org).is_ok()).collect();
        eprintln!(
            "{label}: generated in {generated:.2?} ({} recipients, {} assignments); {} requests, {} allowed",
            org.recipients().count(),
            org.assignments().count(),
            requests.len(),
            allowed.iter().filter(|a| **a).count()
        );
        Fixture {
            label,
            org,
            requests,
            allowed,
        }
    })
}

/// The request sets measured: every allowed one, every denied one, the
/// deepest nesting sampled, the exclusive-scope ones, and the whole mix.
fn cases(f: &Fixture) -> Vec<(&'static str, Vec<&Request>)> {
    let with = |keep: &dyn Fn(&Request, bool) -> bool| -> Vec<&Request> {
        f.requests
            .iter()
            .zip(&f.allowed)
            .filter(|(r, a)| keep(r, **a))
            .map(|(r, _)| r)
            .collect()
    };
    let deepest = f
        .requests
        .iter()
        .filter(|r| r.class == RequestClass::DeepNesting)
        .map(|r| r.nesting)
        .max()
        .unwrap_or(0);
    let deep_from = deepest.saturating_sub(2).max(2);
    vec![
        ("allow", with(&|_, a| a)),
        ("deny", with(&|_, a| !a)),
        (
            "deep",
            with(&|r, _| r.class == RequestClass::DeepNesting && r.nesting >= deep_from),
        ),
        (
            "exclusive",
            with(&|r, _| r.class == RequestClass::Exclusive),
        ),
        ("mixed", with(&|_, _| true)),
    ]
}

fn bench_checks(c: &mut Criterion) {
    for (label, n) in sizes() {
        let f = fixture(label, n);
        let org = &f.org;
        let mut group = c.benchmark_group(format!("check/{label}"));
        group.warm_up_time(Duration::from_millis(500));
        group.measurement_time(Duration::from_secs(2));
        for (case, reqs) in cases(f) {
            let calls: Vec<Call> = reqs.iter().map(|r| Call::of(r)).collect();
            if calls.is_empty() {
                continue;
            }
            group.bench_function(BenchmarkId::from_parameter(case), |b| {
                let mut i = 0usize;
                b.iter(|| {
                    i = (i + 1) % calls.len();
                    calls.get(i).map(|c| black_box(c.check(org)))
                })
            });
        }
        // The same mix with each principal resolved beforehand, as a
        // service caching principals would run it: what the group walk costs.
        let mixed: Vec<(Principal, Call)> = f
            .requests
            .iter()
            .map(|r| (org.principal(r.principal), Call::of(r)))
            .collect();
        group.bench_function(BenchmarkId::from_parameter("mixed-cached-principal"), |b| {
            let mut i = 0usize;
            b.iter(|| {
                i = (i + 1) % mixed.len();
                mixed
                    .get(i)
                    .map(|(p, c)| black_box(org.check(p, c.cmdlet, &c.params, c.target).is_ok()))
            })
        });
        // The explained decision (chains or near misses) of the same mix.
        let calls: Vec<Call> = f.requests.iter().map(Call::of).collect();
        group.bench_function(BenchmarkId::from_parameter("mixed-decide"), |b| {
            let mut i = 0usize;
            b.iter(|| {
                i = (i + 1) % calls.len();
                calls
                    .get(i)
                    .map(|c| black_box(org.decide(c.user, c.cmdlet, &c.params, c.target).allowed))
            })
        });
        group.finish();
    }
}

/// A user holding Set-Mailbox only through narrowed (custom-scope or OU)
/// assignments: the regional admin a scoped read is about.
fn scoped_admin(org: &Organization) -> Option<RecipientId> {
    let mut best: Option<(RecipientId, usize)> = None;
    for (_, a) in org.assignments() {
        let Assignee::User(u) = a.assignee else {
            continue;
        };
        if a.delegating || !matches!(a.recipient_write, RecipientScope::Custom(_)) {
            continue;
        }
        let p = org.principal(u);
        let Ok(access) = org.access(&p, "Set-Mailbox", &["Identity"]) else {
            continue;
        };
        let narrowed = access.candidates.iter().all(|c| {
            org.assignment(c.assignment).is_some_and(|x| {
                !matches!(
                    x.recipient_write,
                    RecipientScope::Relative(ScopeValue::Organization)
                )
            })
        });
        if narrowed && org.access(&p, "Get-Mailbox", &[]).is_ok() {
            // Prefer the one with the most grants: the harder case.
            let n = access.candidates.len();
            if best.is_none_or(|(_, m)| n > m) {
                best = Some((u, n));
            }
        }
    }
    best.map(|(u, _)| u)
}

fn bench_queries(c: &mut Criterion) {
    for (label, n) in sizes() {
        let f = fixture(label, n);
        let org = &f.org;
        let admin = scoped_admin(org);
        let administrator = org.recipient_by_name(well_known::ADMINISTRATOR);
        let target = f
            .requests
            .iter()
            .find(|r| r.class == RequestClass::InScope && r.cmdlet == "Set-Mailbox")
            .and_then(|r| r.target);

        let mut group = c.benchmark_group(format!("queries/{label}"));
        group.warm_up_time(Duration::from_millis(500));
        group.measurement_time(Duration::from_secs(3));
        group.sample_size(10);
        for (who, user) in [
            ("scoped-admin", admin),
            ("organization-admin", administrator),
        ] {
            let Some(user) = user else {
                continue;
            };
            group.bench_function(BenchmarkId::new("effective-permissions", who), |b| {
                b.iter(|| {
                    let p = org.principal(user);
                    black_box(org.effective_permissions(&p).len())
                })
            });
        }
        if let Some(t) = target {
            bounded(&mut group, label, "who-can", || {
                org.who_can("Set-Mailbox", &["Identity", "Office"], Target::Recipient(t))
                    .len()
            });
        }
        if let Some(user) = admin {
            // Get-Mailbox -ResultSize Unlimited as the shell runs it: the
            // grant once, then the read scope per mailbox.
            bounded(&mut group, label, "scoped-read", || {
                let p = org.principal(user);
                let Ok(access) = org.access(&p, "Get-Mailbox", &[]) else {
                    return 0;
                };
                org.recipients()
                    .filter(|(_, r)| r.kind == RecipientKind::UserMailbox)
                    .filter(|(id, _)| org.can_read(&p, &access, Target::Recipient(*id)))
                    .count()
            });
            // The mailboxes that admin may change: its write scopes, exclusive
            // scopes included, per mailbox.
            bounded(&mut group, label, "scoped-writable", || {
                let p = org.principal(user);
                let Ok(access) = org.access(&p, "Set-Mailbox", &["Identity"]) else {
                    return 0;
                };
                org.recipients()
                    .filter(|(_, r)| r.kind == RecipientKind::UserMailbox)
                    .filter(|(id, _)| org.write_check(&p, &access, Target::Recipient(*id)).is_ok())
                    .count()
            });
        }
        group.finish();
    }
}

/// A criterion bench of `f`; at 1M, unless one run already takes more than
/// a second: then ten samples would take minutes, so that one run's time is
/// printed instead (who-can and the writable set).
fn bounded(
    group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    label: &str,
    id: &str,
    mut f: impl FnMut() -> usize,
) {
    if label != "1M" {
        group.bench_function(BenchmarkId::from_parameter(id), |b| {
            b.iter(|| black_box(f()))
        });
        return;
    }
    let full = format!("queries/{label}/{id}");
    if !selected(&full) {
        return;
    }
    let t = Instant::now();
    let n = f();
    let once = t.elapsed();
    if once > Duration::from_secs(1) {
        println!("queries/{label}/{id}: one run took {once:.2?} ({n} results), too slow to sample");
        return;
    }
    group.bench_function(BenchmarkId::from_parameter(id), |b| {
        b.iter(|| black_box(f()))
    });
}

/// Whether criterion's filter (the first free argument) lets a bench id
/// through, read as a substring with `^`/`$` anchors dropped: enough to keep
/// a filtered run from paying for a one-shot run nobody asked for.
fn selected(id: &str) -> bool {
    const WITH_VALUE: &[&str] = &[
        "--profile-time",
        "--measurement-time",
        "--warm-up-time",
        "--sample-size",
        "--save-baseline",
        "--baseline",
        "--load-baseline",
        "--output-format",
        "--format",
        "--color",
        "--plotting-backend",
        "--noise-threshold",
        "--confidence-level",
        "--significance-level",
        "--nresamples",
        "--logfile",
    ];
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while let Some(a) = args.get(i) {
        i += 1;
        if WITH_VALUE.contains(&a.as_str()) {
            i += 1;
        } else if !a.starts_with('-') {
            let f = a.trim_start_matches('^').trim_end_matches('$');
            return id.contains(f);
        }
    }
    true
}

fn percentile(sorted: &[Duration], q: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * q).round() as usize;
    sorted.get(i).copied().unwrap_or_default()
}

/// Per-request latency, timed one request at a time over several rounds.
fn latencies(f: &Fixture, reqs: &[&Request], cached: bool) -> Vec<Duration> {
    let org = &f.org;
    let calls: Vec<(Principal, Call)> = reqs
        .iter()
        .map(|r| (org.principal(r.principal), Call::of(r)))
        .collect();
    let mut out = Vec::with_capacity(calls.len() * 5);
    for _ in 0..5 {
        for (p, c) in &calls {
            let t = Instant::now();
            let ok = if cached {
                org.check(p, c.cmdlet, &c.params, c.target).is_ok()
            } else {
                c.check(org)
            };
            out.push(t.elapsed());
            black_box(ok);
        }
    }
    out.sort_unstable();
    out
}

fn report() {
    println!();
    println!(
        "per-request check latency (principal resolved each time; 'cached' = principal resolved beforehand)"
    );
    println!(
        "{:<6} {:<24} {:>6} {:>9} {:>9} {:>9} {:>9}",
        "size", "case", "n", "p50", "p90", "p99", "max"
    );
    for (label, n) in sizes() {
        let f = fixture(label, n);
        let mut rows: Vec<(String, Vec<&Request>, bool)> = cases(f)
            .into_iter()
            .map(|(c, r)| (c.to_string(), r, false))
            .collect();
        let all: Vec<&Request> = f.requests.iter().collect();
        rows.push(("mixed-cached-principal".to_string(), all, true));
        for (case, reqs, cached) in rows {
            if reqs.is_empty() {
                continue;
            }
            let l = latencies(f, &reqs, cached);
            println!(
                "{:<6} {:<24} {:>6} {:>9.2?} {:>9.2?} {:>9.2?} {:>9.2?}",
                f.label,
                case,
                reqs.len(),
                percentile(&l, 0.5),
                percentile(&l, 0.9),
                percentile(&l, 0.99),
                l.last().copied().unwrap_or_default()
            );
        }
    }
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    bench_checks(&mut c);
    bench_queries(&mut c);
    c.final_summary();
    // `cargo bench` passes --bench; `cargo test --benches` doesn't, and
    // there one pass over each bench is all that's wanted.
    if std::env::args().any(|a| a == "--bench") {
        report();
    }
}
