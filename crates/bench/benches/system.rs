//! Criterion benches of what `exrbac bench` measures once: a write until a
//! check sees it (a role group membership added and removed in turn,
//! through the server's node), a cold start from SQLite, and a scoped
//! `Get-Mailbox -ResultSize Unlimited` through the shell, at 10k and 100k
//! recipients (1M with EXRBAC_BENCH_1M=1); with EXRBAC_BENCH_POSTGRES=URL,
//! a cold start from PostgreSQL too.

use criterion::{BenchmarkId, Criterion};
use exrbac_core::*;
use exrbac_gen::{GenSpec, RequestClass, generate, sample_requests};
use exrbac_server::node::Node;
use std::hint::black_box;
use std::time::{Duration, Instant};

const SEED: u64 = 2026;

fn sizes() -> Vec<(&'static str, usize)> {
    let mut v = vec![("10k", 10_000), ("100k", 100_000)];
    if std::env::var("EXRBAC_BENCH_1M").is_ok_and(|v| v == "1") {
        v.push(("1M", 1_000_000));
    }
    v
}

fn fail(what: &str) -> ! {
    eprintln!("system bench: {what}");
    std::process::exit(1)
}

fn allows(org: &Organization, user: RecipientId, target: RecipientId) -> bool {
    let p = org.principal(user);
    org.check(&p, "Set-Mailbox", &["Identity"], Target::Recipient(target))
        .is_ok()
}

fn bench(c: &mut Criterion) {
    let dir = std::env::temp_dir().join(format!("exrbac-system-bench-{}", std::process::id()));
    if std::fs::create_dir_all(&dir).is_err() {
        fail("can't create a temporary folder");
    }
    for (label, n) in sizes() {
        // One domain per size: a PostgreSQL database given for the cold
        // start keeps each size's organization beside the others.
        let spec = GenSpec {
            domain: format!("bench{label}.contoso.com").to_lowercase(),
            ..GenSpec::sized(n, SEED)
        };
        let mut org = generate(&spec, &mut |_, _| {}).unwrap_or_else(|e| fail(&e.to_string()));
        let requests = sample_requests(&org, 500, SEED);
        let user = requests
            .iter()
            .find(|r| r.class == RequestClass::Unprivileged)
            .map(|r| r.principal)
            .unwrap_or_else(|| fail("no unprivileged user"));
        let target = org
            .recipients()
            .find(|(id, r)| {
                r.kind == RecipientKind::UserMailbox
                    && org
                        .exclusive_scopes_matching(Target::Recipient(*id))
                        .is_empty()
                    && !allows(&org, user, *id)
            })
            .map(|(id, _)| id)
            .unwrap_or_else(|| fail("no target mailbox"));
        let regional = requests
            .iter()
            .find(|r| r.class == RequestClass::OutOfScope)
            .map(|r| r.principal)
            .unwrap_or_else(|| fail("no regional admin"));
        let mut group = c.benchmark_group(format!("system/{label}"));
        group.sample_size(10);
        group.warm_up_time(Duration::from_millis(500));
        group.measurement_time(Duration::from_secs(5));

        group.bench_function(
            BenchmarkId::from_parameter("scoped-get-mailbox-shell"),
            |b| {
                b.iter(|| {
                    let mut s = exrbac_shell::Session::new(&mut org, regional);
                    let out = s.run_text("Get-Mailbox -ResultSize Unlimited");
                    black_box(out.map(|o| o.first().map(|x| x.output.len())).ok())
                })
            },
        );

        let db = dir.join(format!("{label}.db")).display().to_string();
        let mut store =
            exrbac_store::Store::open(&db, true).unwrap_or_else(|e| fail(&e.to_string()));
        store
            .insert(&mut org)
            .unwrap_or_else(|e| fail(&e.to_string()));
        drop(store);
        group.bench_function(BenchmarkId::from_parameter("cold-start-sqlite"), |b| {
            b.iter(|| {
                let store =
                    exrbac_store::Store::open(&db, false).unwrap_or_else(|e| fail(&e.to_string()));
                black_box(store.load(None).map(|o| o.revision).ok())
            })
        });

        // With EXRBAC_BENCH_POSTGRES=URL, the same load from PostgreSQL
        // (the organization is added there when missing).
        if let Ok(url) = std::env::var("EXRBAC_BENCH_POSTGRES") {
            let mut store =
                exrbac_store::Store::open(&url, true).unwrap_or_else(|e| fail(&e.to_string()));
            let present = store
                .organizations()
                .unwrap_or_else(|e| fail(&e.to_string()))
                .iter()
                .any(|x| x.eq_ignore_ascii_case(&org.name));
            if !present {
                store
                    .insert(&mut org)
                    .unwrap_or_else(|e| fail(&e.to_string()));
            }
            drop(store);
            let name = org.name.clone();
            group.bench_function(BenchmarkId::from_parameter("cold-start-postgres"), |b| {
                b.iter(|| {
                    let store = exrbac_store::Store::open(&url, false)
                        .unwrap_or_else(|e| fail(&e.to_string()));
                    black_box(store.load(Some(&name)).map(|o| o.revision).ok())
                })
            });
        }

        let name = org.recipient_name(user).replace('\'', "''");
        let org_name = org.name.clone();
        drop(org);
        let node = Node::new(
            exrbac_store::Store::open(&db, false).unwrap_or_else(|e| fail(&e.to_string())),
        );
        let tenant = node
            .tenant(&org_name)
            .unwrap_or_else(|e| fail(&e.to_string()));
        let add = exrbac_pwsh::parse(&format!(
            "Add-RoleGroupMember -Identity 'Recipient Management' -Member '{name}'"
        ))
        .unwrap_or_else(|_| fail("script"));
        let remove = exrbac_pwsh::parse(&format!(
            "Remove-RoleGroupMember -Identity 'Recipient Management' -Member '{name}' -Confirm:$false"
        ))
        .unwrap_or_else(|_| fail("script"));
        // The node's first write copies the snapshot once: not what is measured.
        let _ = tenant.invoke(&node.store, well_known::ADMINISTRATOR, &add);
        let _ = tenant.invoke(&node.store, well_known::ADMINISTRATOR, &remove);
        let mut member = false;
        group.bench_function(
            BenchmarkId::from_parameter("membership-write-visible"),
            |b| {
                b.iter_custom(|iters| {
                    let mut total = Duration::ZERO;
                    for _ in 0..iters {
                        let script = if member { &remove } else { &add };
                        let t = Instant::now();
                        let done = tenant.invoke(&node.store, well_known::ADMINISTRATOR, script);
                        if done.is_err() {
                            fail("the write failed");
                        }
                        let want = !member;
                        while allows(&tenant.snapshot(), user, target) != want {
                            if t.elapsed() > Duration::from_secs(30) {
                                fail("the write never became visible");
                            }
                            std::thread::sleep(Duration::from_micros(50));
                        }
                        total += t.elapsed();
                        member = want;
                    }
                    total
                })
            },
        );
        group.finish();
    }
    let _ = std::fs::remove_dir_all(&dir);
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    bench(&mut c);
    c.final_summary();
}
