//! Two `exrbac` processes on one PostgreSQL database: what one commits, the
//! other decides on. Needs a PostgreSQL server (started here, see
//! crates/store/tests/common); says so loudly when none can be had.

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

fn exrbac(url: &str, args: &[&str], stdin: Option<&str>) -> (bool, String, String) {
    let mut c = Command::new(env!("CARGO_BIN_EXE_exrbac"));
    c.arg("--db")
        .arg(url)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = c.spawn().unwrap();
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

#[test]
fn a_change_through_one_process_is_seen_by_another() {
    let Some(db) = pg::db("cli_two_nodes") else {
        return;
    };
    let url = db.url.clone();
    let (ok, _, err) = exrbac(&url, &["init", "--domain", "contoso.com"], None);
    assert!(ok, "{err}");
    // Node A: a helpdesk scoped to Sales.
    let (ok, out, err) = exrbac(
        &url,
        &["run", "-"],
        Some(
            "New-ADOrganizationalUnit -Name Sales -Path 'DC=contoso,DC=com'\n\
             New-Mailbox -Name Sales1 -OrganizationalUnit contoso.com/Sales -UserPrincipalName sales1@contoso.com\n\
             New-Mailbox -Name Helper -UserPrincipalName helper@contoso.com\n",
        ),
    );
    assert!(ok, "{out}{err}");
    // Node B decides: denied so far.
    let (ok, out, _) = exrbac(
        &url,
        &[
            "--as",
            "Helper",
            "check",
            "Set-User",
            "-p",
            "Identity,Office",
            "-t",
            "Sales1",
        ],
        None,
    );
    assert!(!ok, "{out}");
    // Node A grants; node B now allows.
    let (ok, out, err) = exrbac(
        &url,
        &["run", "-"],
        Some("New-RoleGroup -Name HD -Roles 'Mail Recipients' -Members Helper\n"),
    );
    assert!(ok, "{out}{err}");
    let (ok, out, err) = exrbac(
        &url,
        &[
            "--as",
            "Helper",
            "check",
            "Set-User",
            "-p",
            "Identity,Office",
            "-t",
            "Sales1",
            "--json",
        ],
        None,
    );
    assert!(ok, "{out}{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["allowed"], true);
    // The audit log is in the database too.
    let (_, out, _) = exrbac(
        &url,
        &["run", "-"],
        Some("Search-AdminAuditLog -Cmdlets New-RoleGroup | fl CmdletName, Caller\n"),
    );
    assert!(
        out.contains("New-RoleGroup") && out.contains("Administrator"),
        "{out}"
    );
    // Export from PostgreSQL, import into SQLite: the same organization.
    let dir = std::env::temp_dir().join(format!("exrbac-pg-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (ok, doc, _) = exrbac(&url, &["export", "-"], None);
    assert!(ok);
    let sqlite = dir.join("copy.db");
    let sqlite = sqlite.to_str().unwrap();
    let (ok, _, err) = exrbac(sqlite, &["import", "-"], Some(&doc));
    assert!(ok, "{err}");
    let (_, again, _) = exrbac(sqlite, &["export", "-"], None);
    assert_eq!(doc, again);
}

/// Starts `exrbac serve` on a free port; returns the process and its URL.
fn serve(url: &str) -> (std::process::Child, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_exrbac"));
    cmd.args(["--db", url, "serve", "--listen", "127.0.0.1:0"])
        .stderr(Stdio::null());
    support::spawn_serve(cmd)
}

fn post(base: &str, path: &str, token: &str, body: serde_json::Value) -> serde_json::Value {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let mut r = agent
        .post(&format!("{base}{path}"))
        .header("Authorization", &format!("Bearer {token}"))
        .send(body.to_string())
        .unwrap();
    serde_json::from_str(&r.body_mut().read_to_string().unwrap()).unwrap()
}

#[test]
fn two_serve_processes_on_one_database() {
    let Some(db) = pg::db("cli_two_servers") else {
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
    let (mut a, base_a) = serve(&url);
    let (mut b, base_b) = serve(&url);
    let ask = serde_json::json!({"cmdlet": "Set-User", "parameters": ["Office"], "target": "Administrator"});
    assert_eq!(
        post(&base_b, "/v1/check", &helper, ask.clone())["allowed"],
        false
    );
    let v = post(
        &base_a,
        "/v1/invoke",
        &admin,
        serde_json::json!({"script": "New-ManagementRoleAssignment -Role \"Mail Recipients\" -User Helper"}),
    );
    assert_eq!(v["succeeded"], true, "{v}");
    let mut q = ask;
    q["min_revision"] = v["revision"].clone();
    let d = post(&base_b, "/v1/check", &helper, q);
    assert_eq!(d["allowed"], true, "{d}");
    for c in [&mut a, &mut b] {
        let _ = c.kill();
        let _ = c.wait();
    }
}
