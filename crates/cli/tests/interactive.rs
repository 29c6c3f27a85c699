//! The interactive shell through a pseudo-terminal: Tab completes only what
//! the principal may run, and errors come back without ending the shell.
//!
//! The line editor asks the terminal where the cursor is (`ESC[6n`); this
//! test plays the terminal and answers each query.

#![allow(
    clippy::unwrap_used,
    reason = "a test stops loudly on a broken fixture"
)]

use expectrl::session::OsSession as Session;
use std::io::Write;
use std::process::Command;
use std::time::{Duration, Instant};

/// Reads what the shell prints for up to `wait`, answering cursor queries,
/// until `needle` shows up in the text with escape sequences removed.
fn pump(p: &mut Session, seen: &mut String, needle: &str, wait: Duration) -> bool {
    let end = Instant::now() + wait;
    let mut raw = Vec::new();
    while Instant::now() < end {
        let mut buf = [0u8; 4096];
        match p.try_read(&mut buf) {
            Ok(0) => break,
            Ok(n) => {
                let chunk = &buf[..n];
                let queries = chunk.windows(4).filter(|w| *w == b"\x1b[6n").count();
                for _ in 0..queries {
                    p.write_all(b"\x1b[1;1R").unwrap();
                }
                raw.extend_from_slice(chunk);
                seen.push_str(&strip(&String::from_utf8_lossy(chunk)));
                if seen.contains(needle) {
                    return true;
                }
            }
            Err(_) => std::thread::sleep(Duration::from_millis(20)),
        }
    }
    seen.contains(needle)
}

fn strip(s: &str) -> String {
    let mut out = String::new();
    let mut it = s.chars().peekable();
    while let Some(c) = it.next() {
        if c == '\x1b' {
            if it.peek() == Some(&'[') {
                it.next();
                for d in it.by_ref() {
                    if d.is_ascii_alphabetic() {
                        break;
                    }
                }
            } else {
                it.next();
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[test]
fn completion_and_errors_in_a_terminal() {
    let dir = std::env::temp_dir().join(format!("exrbac-pty-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("pty.db");
    let init = Command::new(env!("CARGO_BIN_EXE_exrbac"))
        .arg("--db")
        .arg(&db)
        .arg("init")
        .output()
        .unwrap();
    assert!(init.status.success());

    let mut cmd = Command::new(env!("CARGO_BIN_EXE_exrbac"));
    cmd.arg("--db")
        .arg(&db)
        .arg("shell")
        .env("HOME", &dir)
        .env("TERM", "xterm");
    let mut p = Session::spawn(cmd).unwrap();
    let t = Duration::from_secs(20);
    let mut seen = String::new();
    assert!(pump(&mut p, &mut seen, "Tab completes", t), "{seen}");

    // A unique prefix: Tab offers the one cmdlet Administrator may run, Enter takes it.
    p.write_all(b"New-ManagementRoleAssig\t").unwrap();
    assert!(pump(&mut p, &mut seen, "nment", t), "{seen}");
    seen.clear();
    p.write_all(b"\r").unwrap();
    assert!(
        pump(&mut p, &mut seen, "New-ManagementRoleAssignment", t),
        "{seen}"
    );
    // Clear the line (Ctrl-U); an unknown cmdlet gives PowerShell's error and the shell goes on.
    p.write_all(b"\x15Get-Nothing\r").unwrap();
    assert!(pump(&mut p, &mut seen, "is not recognized", t), "{seen}");
    seen.clear();
    p.write_all(b"Get-OrganizationConfig | fl Name\r").unwrap();
    assert!(pump(&mut p, &mut seen, "Name : contoso.com", t), "{seen}");
    p.write_all(b"exit\r").unwrap();
}
