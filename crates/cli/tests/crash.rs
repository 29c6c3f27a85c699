//! Crash safety: a child process commits writes and reports each one after
//! its commit; it is killed with SIGKILL at random moments, many times. After
//! every kill the store must open, load (its references check out), and hold
//! every write the child reported.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a test stops loudly on a broken fixture"
)]

#[path = "../../store/tests/common/mod.rs"]
mod pg;

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn exrbac() -> Command {
    Command::new(env!("CARGO_BIN_EXE_exrbac"))
}

/// A cheap deterministic sequence for kill delays (no RNG dependency).
fn delays(seed: u64, n: usize) -> Vec<u64> {
    let mut x = seed;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            5 + x % 120
        })
        .collect()
}

#[test]
fn sigkill_loses_no_acknowledged_write() {
    let dir = std::env::temp_dir().join(format!("exrbac-crash-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("crash.db");
    kill_rounds(db.to_str().unwrap());
    let _ = std::fs::remove_dir_all(&dir);
}

/// The same on PostgreSQL: the client is killed mid-transaction; the server
/// rolls back what wasn't committed and keeps what was acknowledged.
#[test]
fn sigkill_loses_no_acknowledged_write_on_postgres() {
    let Some(db) = pg::db("crash") else {
        return;
    };
    kill_rounds(&db.url);
}

fn kill_rounds(db: &str) {
    assert!(
        exrbac()
            .arg("--db")
            .arg(db)
            .arg("init")
            .output()
            .unwrap()
            .status
            .success()
    );
    let rounds: usize = std::env::var("EXRBAC_CRASH_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(12);
    let mut acked: Vec<String> = Vec::new();
    let mut next = 0usize;
    for (round, delay) in delays(0x9e37_79b9_7f4a_7c15, rounds)
        .into_iter()
        .enumerate()
    {
        let mut child = exrbac()
            .arg("--db")
            .arg(db)
            .args(["run", "-"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Each statement creates one mailbox and then prints its name: the
        // name is printed only after the statement's commit.
        let mut script = String::new();
        for i in next..next + 200 {
            script.push_str(&format!(
                "New-Mailbox -Name C{i} -UserPrincipalName c{i}@contoso.com | Select-Object -ExpandProperty Name\n"
            ));
        }
        next += 200;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(script.as_bytes())
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let reader = std::thread::spawn(move || {
            let mut seen = Vec::new();
            for line in BufReader::new(stdout).lines() {
                match line {
                    Ok(l) if l.starts_with('C') => seen.push(l.trim().to_string()),
                    Ok(_) => {}
                    Err(_) => break,
                }
            }
            seen
        });
        let until = Instant::now() + Duration::from_millis(delay);
        while Instant::now() < until {
            std::thread::sleep(Duration::from_millis(2));
        }
        let _ = child.kill(); // SIGKILL on Unix
        let _ = child.wait();
        let seen = reader.join().unwrap();
        acked.extend(seen);

        // The store opens and loads, and every acknowledged mailbox is there.
        let out = exrbac()
            .arg("--db")
            .arg(db)
            .args(["run", "-"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut out = out;
        out.stdin
            .take()
            .unwrap()
            .write_all(b"Get-Mailbox -ResultSize Unlimited | Select-Object -ExpandProperty Name\n")
            .unwrap();
        let res = out.wait_with_output().unwrap();
        assert!(
            res.status.success(),
            "round {round}: {}",
            String::from_utf8_lossy(&res.stderr)
        );
        let present: std::collections::HashSet<String> = String::from_utf8_lossy(&res.stdout)
            .lines()
            .map(|l| l.trim().to_string())
            .collect();
        for a in &acked {
            assert!(
                present.contains(a),
                "round {round}: acknowledged {a} is missing"
            );
        }
    }
    // The change log agrees with the objects: a copy caught up from the
    // first revision equals a fresh load.
    let store = exrbac_store::Store::open(db, false).unwrap();
    let fresh = store.load(None).unwrap();
    let mut old = exrbac_shell::new_organization("contoso.com").unwrap();
    let cs = store
        .changes_since(&fresh.name, old.revision)
        .unwrap()
        .expect("the change log covers every commit since init");
    old.apply(&cs).unwrap();
    assert_eq!(
        serde_json::to_value(&old).unwrap(),
        serde_json::to_value(&fresh).unwrap(),
        "the change log doesn't rebuild the store"
    );
    eprintln!(
        "{rounds} kills, {} acknowledged writes, all present",
        acked.len()
    );
}
