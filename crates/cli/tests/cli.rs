//! The binary end to end: init, run, check/explain, test, and a corrupt store.

#![allow(
    clippy::unwrap_used,
    reason = "a test stops loudly on a broken fixture"
)]

use std::process::Command;

fn exrbac() -> Command {
    Command::new(env!("CARGO_BIN_EXE_exrbac"))
}

fn tmp(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("exrbac-cli-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn init_run_check_explain() {
    let d = tmp("flow");
    let db = d.join("x.db");
    let out = exrbac()
        .args(["--db"])
        .arg(&db)
        .args(["init", "--domain", "contoso.com"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // A second init refuses and leaves the store alone.
    let again = exrbac()
        .args(["--db"])
        .arg(&db)
        .args(["init"])
        .output()
        .unwrap();
    assert!(!again.status.success());

    let script = d.join("s.ps1");
    std::fs::write(
        &script,
        "New-ADOrganizationalUnit -Name Sales -Path \"DC=contoso,DC=com\"\n\
         New-Mailbox -Name Sales1 -OrganizationalUnit contoso.com/Sales -UserPrincipalName sales1@contoso.com\n\
         New-Mailbox -Name Helper -UserPrincipalName helper@contoso.com\n\
         New-ManagementScope -Name S -RecipientRoot contoso.com/Sales -RecipientRestrictionFilter {RecipientType -eq 'UserMailbox'}\n\
         New-RoleGroup -Name HD -Roles 'Mail Recipients' -CustomRecipientWriteScope S -Members Helper\n",
    )
    .unwrap();
    let out = exrbac()
        .arg("--db")
        .arg(&db)
        .arg("run")
        .arg(&script)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );

    // The change persisted: the helper may write Sales1, not Administrator.
    let ok = exrbac()
        .arg("--db")
        .arg(&db)
        .args([
            "--as",
            "Helper",
            "check",
            "Set-User",
            "-p",
            "Identity,Office",
            "-t",
            "Sales1",
        ])
        .output()
        .unwrap();
    assert!(ok.status.success());
    assert!(String::from_utf8_lossy(&ok.stdout).starts_with("allowed"));
    let no = exrbac()
        .arg("--db")
        .arg(&db)
        .args([
            "--as",
            "Helper",
            "explain",
            "Set-User",
            "-p",
            "Identity,Office",
            "-t",
            "Administrator",
            "--json",
        ])
        .output()
        .unwrap();
    assert!(!no.status.success());
    let v: serde_json::Value = serde_json::from_slice(&no.stdout).unwrap();
    assert_eq!(v["allowed"], false);
    assert_eq!(v["explanation"]["failed_step"], "scope");
    assert!(
        v["error"]
            .as_str()
            .unwrap()
            .contains("isn't within a valid write scope")
    );
    let why = exrbac()
        .arg("--db")
        .arg(&db)
        .args([
            "--as",
            "Helper",
            "explain",
            "Set-User",
            "-p",
            "Identity,Office",
            "-t",
            "Sales1",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&why.stdout);
    assert!(text.contains("Helper → HD"), "{text}");
    assert!(text.contains("Mail Recipients-HD"), "{text}");
}

#[test]
fn corrupt_store_is_reported_and_kept() {
    let d = tmp("corrupt");
    let db = d.join("bad.db");
    std::fs::write(&db, b"{not json").unwrap();
    let out = exrbac()
        .arg("--db")
        .arg(&db)
        .args(["run", "-"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("corrupt"));
    assert_eq!(std::fs::read(&db).unwrap(), b"{not json");
}

#[test]
fn run_check_lints_without_running() {
    let d = tmp("lint");
    let script = d.join("l.ps1");
    std::fs::write(&script, "Get-Mailbox -Identiy x\nGet-Mailboxx\n").unwrap();
    let out = exrbac()
        .args(["run", "--check"])
        .arg(&script)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!out.status.success());
    assert!(
        text.contains(":1:13: `Get-Mailbox` has no parameter `Identiy`"),
        "{text}"
    );
    assert!(
        text.contains(":2:1: unknown cmdlet `Get-Mailboxx`"),
        "{text}"
    );
}

#[test]
fn test_command_summarises() {
    let d = tmp("scen");
    let f = d.join("a.ps1");
    std::fs::write(&f, "#@ org contoso.com\n#@ error is not recognized\nGet-Nothing\n#@ count 1\nGet-OrganizationConfig\n").unwrap();
    let g = d.join("b.ps1");
    std::fs::write(&g, "#@ org contoso.com\n#@ ok\nGet-Nothing\n").unwrap();
    let out = exrbac().arg("test").arg(&f).arg(&g).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("1 passed, 1 failed"), "{text}");
    assert!(text.contains("b.ps1:3: Get-Nothing"), "{text}");
    assert!(!out.status.success());
}

#[test]
fn variables_live_from_one_command_line_to_the_next() {
    // `run` and the shell save each command line before the next runs;
    // what a line sets must still be there on the next, as in PowerShell.
    let d = tmp("vars");
    let db = d.join("x.db");
    let script = d.join("v.ps1");
    std::fs::write(
        &script,
        "$rg = Get-RoleGroup \"Organization Management\"\n\
         $n = 41; $n = $n + 1\n\
         \"answer=$n\"\n\
         \"group=$($rg.Name)\"\n\
         $list = @(1, 2, 3)\n\
         \"count=$($list.Count)\"\n",
    )
    .unwrap();
    let out = exrbac()
        .arg("--db")
        .arg(&db)
        .arg("run")
        .arg(&script)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for want in ["answer=42", "group=Organization Management", "count=3"] {
        assert!(text.contains(want), "{want} missing from:\n{text}");
    }
    // The shell reading standard input (not a terminal) keeps them too.
    let mut child = exrbac()
        .arg("--db")
        .arg(&db)
        .arg("shell")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        stdin
            .write_all(b"$who = (Get-User Administrator).Name\n\"who=$who\"\nexit\n")
            .unwrap();
    }
    let out = child.wait_with_output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("who=Administrator"), "{text}");
}
