//! `exrbac token` and `exrbac serve` end to end: a token printed once on
//! its last line, `check`/`explain --server` against a running server,
//! revocation, and a graceful stop on SIGTERM.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "a test stops loudly on a broken fixture"
)]

mod support;

use std::process::{Command, Stdio};

fn exrbac(db: &std::path::Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_exrbac"));
    c.arg("--db").arg(db).env_remove("EXRBAC_TOKEN");
    c
}

fn ok(c: &mut Command) -> String {
    let out = c.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn tokens_serve_and_check_against_the_server() {
    let d = std::env::temp_dir().join(format!("exrbac-serve-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    let db = d.join("s.db");
    let _ = std::fs::remove_file(&db);
    ok(exrbac(&db).args(["init"]));
    let mut run = exrbac(&db);
    run.args(["run", "-"]).stdin(Stdio::piped());
    let mut child = run.spawn().unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"New-Mailbox -Name Helpy -UserPrincipalName helpy@contoso.com\n")
        .unwrap();
    assert!(child.wait().unwrap().success());

    let out = ok(exrbac(&db).args(["--as", "Helpy", "token", "create"]));
    let token = out.lines().last().unwrap().to_string();
    assert!(token.starts_with("exr_"), "{out}");
    let admin = ok(exrbac(&db).args(["token", "create"]));
    let admin = admin.lines().last().unwrap().to_string();
    let listed = ok(exrbac(&db).args(["--as", "Helpy", "token", "list"]));
    assert_eq!(listed.lines().count(), 1, "{listed}");
    assert!(listed.contains("Helpy") && listed.contains("active"));
    assert!(!listed.contains("exr_"), "a secret is never listed");
    let helpy_id = listed.split_whitespace().next().unwrap().to_string();

    let mut cmd = exrbac(&db);
    cmd.args(["serve", "--listen", "127.0.0.1:0"])
        .stderr(Stdio::null());
    let (mut server, url) = support::spawn_serve(cmd);

    // The token's principal is the caller: Helpy may read mailboxes, not
    // create role groups.
    let allowed = exrbac(&db)
        .args(["check", "Get-Mailbox", "--server", &url, "--token", &token])
        .output()
        .unwrap();
    assert!(allowed.status.success());
    assert_eq!(String::from_utf8_lossy(&allowed.stdout).trim(), "allowed");
    let denied = exrbac(&db)
        .args(["explain", "New-RoleGroup", "--server", &url])
        .env("EXRBAC_TOKEN", &token)
        .output()
        .unwrap();
    assert_eq!(denied.status.code(), Some(1));
    let text = String::from_utf8_lossy(&denied.stdout);
    assert!(
        text.starts_with("denied") && text.contains("failed at: cmdlet"),
        "{text}"
    );
    // The administrator asks about Helpy with --as, as JSON.
    let json = exrbac(&db)
        .args([
            "--as",
            "Helpy",
            "check",
            "Set-User",
            "-p",
            "Identity,Office",
            "-t",
            "Administrator",
            "--json",
            "--server",
            &url,
            "--token",
            &admin,
        ])
        .output()
        .unwrap();
    assert_eq!(json.status.code(), Some(1), "denied");
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v["allowed"], false);
    assert!(v["revision"].as_u64().unwrap() > 0);

    // Revoked: refused (the node rechecks tokens within a second).
    ok(exrbac(&db).args(["token", "revoke", &helpy_id]));
    std::thread::sleep(std::time::Duration::from_millis(1300));
    let refused = exrbac(&db)
        .args(["check", "Get-Mailbox", "--server", &url, "--token", &token])
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("401"));

    // SIGTERM: a graceful stop, exit 0.
    Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .unwrap();
    let status = server.wait().unwrap();
    assert!(status.success(), "{status:?}");
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn sigterm_finishes_the_write_in_flight_and_logs_no_secret() {
    let d = std::env::temp_dir().join(format!("exrbac-serve-term-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    let db = d.join("s.db");
    let _ = std::fs::remove_file(&db);
    ok(exrbac(&db).args(["init"]));
    let admin = ok(exrbac(&db).args(["token", "create"]));
    let admin = admin.lines().last().unwrap().to_string();
    let log = d.join("log");
    let mut cmd = exrbac(&db);
    cmd.args(["serve", "--listen", "127.0.0.1:0"])
        .env("EXRBAC_LOG", "debug")
        .stderr(std::fs::File::create(&log).unwrap());
    let (mut server, url) = support::spawn_serve(cmd);
    // A script long enough to be still running when the signal comes.
    let script: String = (0..1000)
        .map(|i| format!("New-Mailbox -Name Bulk{i} -UserPrincipalName bulk{i}@contoso.com\n"))
        .collect();
    let body = serde_json::json!({ "script": script }).to_string();
    let client = std::thread::spawn(move || {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .into();
        let mut r = agent
            .post(&format!("{url}/v1/invoke"))
            .header("Authorization", &format!("Bearer {admin}"))
            .send(body)
            .unwrap();
        let v: serde_json::Value =
            serde_json::from_str(&r.body_mut().read_to_string().unwrap()).unwrap();
        (v, admin)
    });
    std::thread::sleep(std::time::Duration::from_millis(200));
    Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .unwrap();
    let (v, admin) = client.join().unwrap();
    assert_eq!(v["succeeded"], true, "{v}");
    assert_eq!(v["outcomes"].as_array().unwrap().len(), 1000);
    assert!(server.wait().unwrap().success());
    // Every acknowledged mailbox is in the store.
    let out = ok(exrbac(&db).args(["run", "-"]).stdin(
        std::fs::File::open({
            let p = d.join("count.ps1");
            std::fs::write(&p, "(Get-Mailbox -ResultSize Unlimited | Where-Object { $_.Name -like 'Bulk*' }).Count\n").unwrap();
            p
        })
        .unwrap(),
    ));
    assert_eq!(out.trim(), "1000");
    let logged = std::fs::read_to_string(&log).unwrap();
    // The signal came while the script ran, and it was answered after.
    let stop = logged
        .find("shutting down")
        .unwrap_or_else(|| panic!("{logged}"));
    let answered = logged
        .find("/v1/invoke status=200")
        .unwrap_or_else(|| panic!("{logged}"));
    assert!(
        stop < answered,
        "the script ended before the signal: {logged}"
    );
    assert!(!logged.contains(&admin), "a secret in the log");
    assert!(!logged.contains("exr_"), "a secret in the log");
    let _ = std::fs::remove_dir_all(&d);
}
