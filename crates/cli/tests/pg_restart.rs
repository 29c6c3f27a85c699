//! PostgreSQL restarted under a running `exrbac serve`: while it is down a
//! write fails at once with an error that says so and decisions keep being
//! answered from memory; once it is back, serve carries on by itself — its
//! writes commit, another process's commits reach it — and every write
//! acknowledged before, during and after is stored exactly once.
//!
//! In a test binary of its own: the restart stops the server every test of
//! the binary shares (see crates/store/tests/common).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests stop loudly on broken fixtures"
)]

#[path = "../../store/tests/common/mod.rs"]
mod pg;
mod support;

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn exrbac(url: &str, args: &[&str], stdin: Option<&str>) -> (bool, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_exrbac"))
        .arg("--db")
        .arg(url)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(s) = stdin {
        child.stdin.take().unwrap().write_all(s.as_bytes()).unwrap();
    }
    drop(child.stdin.take());
    let out = child.wait_with_output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

/// Posts with a deadline well under the test's: a hang is a failure, not a wait.
fn post(base: &str, path: &str, token: &str, body: serde_json::Value) -> (u16, serde_json::Value) {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(20)))
        .build()
        .into();
    let mut r = agent
        .post(&format!("{base}{path}"))
        .header("Authorization", &format!("Bearer {token}"))
        .send(body.to_string())
        .unwrap_or_else(|e| panic!("{path} got no answer: {e}"));
    let status = r.status().as_u16();
    let text = r.body_mut().read_to_string().unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}: {text}")),
    )
}

/// One command through `/v1/invoke`; its status, whether it succeeded, the
/// revision it reached and the whole answer.
fn invoke(base: &str, token: &str, script: &str) -> (u16, bool, u64, serde_json::Value) {
    let (status, v) = post(
        base,
        "/v1/invoke",
        token,
        serde_json::json!({ "script": script }),
    );
    let ok = status == 200 && v["succeeded"] == true;
    (status, ok, v["revision"].as_u64().unwrap_or(0), v)
}

fn allowed(base: &str, token: &str, min_revision: u64) -> bool {
    let (status, v) = post(
        base,
        "/v1/check",
        token,
        serde_json::json!({
            "cmdlet": "Set-User",
            "parameters": ["Identity", "Office"],
            "target": "W1",
            "min_revision": min_revision,
            "wait_ms": 10_000,
        }),
    );
    assert_eq!(status, 200, "{v}");
    v["allowed"].as_bool().unwrap()
}

#[test]
fn serve_rides_out_a_postgresql_restart() {
    let Some(db) = pg::db("serve_pg_restart") else {
        return;
    };
    let url = db.url.clone();
    let (ok, _, err) = exrbac(&url, &["init"], None);
    assert!(ok, "{err}");
    let (ok, out, err) = exrbac(
        &url,
        &["run", "-"],
        Some("New-Mailbox -Name Helper -UserPrincipalName helper@contoso.com\n"),
    );
    assert!(ok, "{out}{err}");
    let (_, admin, _) = exrbac(&url, &["token", "create"], None);
    let admin = admin.lines().last().unwrap().to_string();
    let (_, helper, _) = exrbac(&url, &["--as", "Helper", "token", "create"], None);
    let helper = helper.lines().last().unwrap().to_string();

    let dir = std::env::temp_dir().join(format!("exrbac-pg-restart-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let log_path = dir.join("serve.log");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_exrbac"));
    cmd.args(["--db", &url, "serve", "--listen", "127.0.0.1:0"])
        .stderr(std::fs::File::create(&log_path).unwrap());
    let (mut serve, base) = support::spawn_serve(cmd);
    let log = || std::fs::read_to_string(&log_path).unwrap_or_default();

    // Acknowledged writes, in order; each must end up stored exactly once.
    let mut acked: Vec<String> = Vec::new();
    let mut last = 0;
    for i in 1..=4 {
        let name = format!("W{i}");
        let (status, ok, rev, v) = invoke(&base, &admin, &format!("New-Mailbox -Name {name}"));
        assert!(ok, "{status} {v}");
        assert!(rev > last, "{v}");
        last = rev;
        acked.push(name);
    }
    assert!(!allowed(&base, &helper, last));

    if !db.stop_server() {
        eprintln!("the PostgreSQL server isn't one these tests started: it can't be restarted");
        let _ = serve.kill();
        let _ = serve.wait();
        return;
    }
    // Down: a write fails promptly, saying why, and changes nothing.
    let t = Instant::now();
    let (status, ok, _, v) = invoke(&base, &admin, "New-Mailbox -Name Down1");
    let took = t.elapsed();
    assert!(!ok, "a write succeeded with the database down: {v}");
    assert!(
        took < Duration::from_secs(15),
        "the failed write took {took:?}"
    );
    let said = v.to_string();
    eprintln!("the write while PostgreSQL was down ({took:?}): {status} {said}");
    assert!(
        said.contains("PostgreSQL") || said.contains("store"),
        "{status}: {said}"
    );
    // Decisions are still answered, from what was committed.
    assert!(!allowed(&base, &helper, last));
    let (status, v) = post(
        &base,
        "/v1/check",
        &admin,
        serde_json::json!({"cmdlet": "Set-User", "parameters": ["Office"], "target": "W4"}),
    );
    assert_eq!(
        (status, &v["allowed"]),
        (200, &serde_json::json!(true)),
        "{v}"
    );
    // Still down a little longer, long enough for the listener to notice.
    std::thread::sleep(Duration::from_millis(600));

    db.start_server().unwrap();
    // Back: serve's own writes commit without any retry on our side.
    for i in 5..=7 {
        let name = format!("W{i}");
        let (status, ok, rev, v) = invoke(&base, &admin, &format!("New-Mailbox -Name {name}"));
        assert!(ok, "write after the restart: {status} {v}\n{}", log());
        assert!(rev > last, "{v}");
        last = rev;
        acked.push(name);
    }
    // A restart between two requests, none made while it was down.
    assert!(db.stop_server());
    db.start_server().unwrap();
    let (status, ok, rev, v) = invoke(&base, &admin, "New-Mailbox -Name W8");
    assert!(ok, "write after a quick restart: {status} {v}\n{}", log());
    assert!(rev > last, "{v}");
    acked.push("W8".to_string());
    // Another process's commit reaches serve (its listener is back too).
    let (ok, out, err) = exrbac(
        &url,
        &["run", "-"],
        Some("New-ManagementRoleAssignment -Role 'Mail Recipients' -User Helper\n"),
    );
    assert!(ok, "{out}{err}");
    // Serve learns of it by notification (or its poll): within seconds.
    let t = Instant::now();
    while !allowed(&base, &helper, 0) {
        assert!(
            t.elapsed() < Duration::from_secs(10),
            "the change made elsewhere after the restart didn't reach serve\n{}",
            log()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let _ = serve.kill();
    let _ = serve.wait();

    // What the database holds: every acknowledged write once, nothing else.
    let (ok, out, err) = exrbac(
        &url,
        &["run", "-"],
        Some("Get-Mailbox | ForEach-Object { $_.Name }\n"),
    );
    assert!(ok, "{err}");
    let mut stored: Vec<&str> = out
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with('W') || l.starts_with("Down"))
        .collect();
    stored.sort_unstable();
    let mut want: Vec<&str> = acked.iter().map(String::as_str).collect();
    want.sort_unstable();
    assert_eq!(stored, want, "{out}");
    let (_, audit, _) = exrbac(
        &url,
        &["run", "-"],
        Some("Search-AdminAuditLog -Cmdlets New-Mailbox | ForEach-Object { $_.ObjectModified }\n"),
    );
    for name in &acked {
        let n = audit.lines().filter(|l| l.trim().ends_with(name)).count();
        assert_eq!(n, 1, "{name} in the audit log:\n{audit}");
    }
    assert!(!audit.contains("Down1"), "{audit}");
    let _ = std::fs::remove_dir_all(&dir);
}
