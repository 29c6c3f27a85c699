//! A full disk and a read-only store: the write fails with a clear error,
//! nothing is corrupted or lost, and the store works again once the fault is
//! gone. Needs root to mount a small tmpfs; says so loudly when it can't.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "a test stops loudly on a broken fixture"
)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

struct Mount(PathBuf);

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
        let _ = std::fs::remove_dir(&self.0);
    }
}

/// A small tmpfs, or None (with a banner) when this machine won't mount one.
fn tmpfs(tag: &str, size: &str) -> Option<Mount> {
    let dir = std::env::temp_dir().join(format!("exrbac-fault-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let ok = Command::new("mount")
        .args(["-t", "tmpfs", "-o", &format!("size={size}"), "none"])
        .arg(&dir)
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        let _ = std::fs::remove_dir(&dir);
        let _ = writeln!(
            std::io::stderr(),
            "\nWARNING: the disk-full / read-only tests did NOT run: can't mount a tmpfs (needs root)\n"
        );
        if std::env::var_os("CI").is_some() {
            panic!("CI runs as root and must be able to run the fault tests");
        }
        return None;
    }
    Some(Mount(dir))
}

fn run(db: &Path, script: &str) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_exrbac"))
        .arg("--db")
        .arg(db)
        .args(["run", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    c.stdin
        .take()
        .unwrap()
        .write_all(script.as_bytes())
        .unwrap();
    c.wait_with_output().unwrap()
}

fn names(db: &Path) -> Vec<String> {
    let out = run(
        db,
        "Get-Mailbox -ResultSize Unlimited | Select-Object -ExpandProperty Name\n",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| l.trim().to_string())
        .collect()
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
fn a_full_disk_fails_the_write_and_loses_nothing() {
    let Some(m) = tmpfs("full", "16m") else {
        return;
    };
    let db = m.0.join("s.db");
    let out = run(
        &db,
        "New-Mailbox -Name Before -UserPrincipalName before@contoso.com\n",
    );
    assert!(out.status.success(), "{}", text(&out));
    // Fill what is left.
    let filler = m.0.join("filler");
    {
        let mut f = std::fs::File::create(&filler).unwrap();
        let block = vec![0u8; 64 * 1024];
        while f.write_all(&block).is_ok() {}
        let _ = f.sync_all();
    }
    let mut script = String::new();
    for i in 0..400 {
        script.push_str(&format!(
            "New-Mailbox -Name Full{i} -UserPrincipalName full{i}@contoso.com -DisplayName '{}'\n",
            "x".repeat(200)
        ));
    }
    let out = run(&db, &script);
    assert!(!out.status.success(), "a full disk went unnoticed");
    let t = text(&out);
    assert!(
        t.contains("couldn't be saved") || t.contains("can't be used"),
        "{t}"
    );
    assert!(!t.contains("panicked"), "{t}");
    std::fs::remove_file(&filler).unwrap();
    // Everything acknowledged before is there, the store loads, and writes work again.
    let present = names(&db);
    assert!(present.contains(&"Before".to_string()));
    let out = run(
        &db,
        "New-Mailbox -Name After -UserPrincipalName after@contoso.com\n",
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(names(&db).contains(&"After".to_string()));
}

#[test]
fn a_read_only_store_refuses_writes_clearly() {
    let Some(m) = tmpfs("ro", "16m") else {
        return;
    };
    let db = m.0.join("s.db");
    let out = run(
        &db,
        "New-Mailbox -Name Kept -UserPrincipalName kept@contoso.com\n",
    );
    assert!(out.status.success(), "{}", text(&out));
    let remount = |mode: &str| {
        assert!(
            Command::new("mount")
                .args(["-o", &format!("remount,{mode}")])
                .arg(&m.0)
                .status()
                .unwrap()
                .success()
        );
    };
    remount("ro");
    let out = run(
        &db,
        "New-Mailbox -Name Lost -UserPrincipalName lost@contoso.com\n",
    );
    assert!(!out.status.success());
    let t = text(&out);
    assert!(
        t.contains("can't be used") || t.contains("couldn't be saved"),
        "{t}"
    );
    assert!(!t.contains("panicked"), "{t}");
    remount("rw");
    let present = names(&db);
    assert!(present.contains(&"Kept".to_string()));
    assert!(!present.contains(&"Lost".to_string()));
}
