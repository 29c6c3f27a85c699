//! `exrbac gen`: reproducible from its seed, into a store that then decides,
//! or into an export document that imports back.

#![allow(
    clippy::unwrap_used,
    reason = "a test stops loudly on a broken fixture"
)]

use std::process::Command;

fn exrbac(db: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_exrbac"))
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn gen_is_seeded_and_usable() {
    let d = std::env::temp_dir().join(format!("exrbac-gen-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    let db = d.join("g.db");
    let _ = std::fs::remove_file(&db);
    let one = exrbac(
        &db,
        &["gen", "--recipients", "1500", "--seed", "3", "--out", "-"],
    );
    let two = exrbac(
        &db,
        &["gen", "--recipients", "1500", "--seed", "3", "--out", "-"],
    );
    let other = exrbac(
        &db,
        &["gen", "--recipients", "1500", "--seed", "4", "--out", "-"],
    );
    assert!(one.status.success());
    assert_eq!(one.stdout, two.stdout, "same seed, same organization");
    assert_ne!(one.stdout, other.stdout);
    assert!(!db.exists(), "--out leaves the store alone");

    let made = exrbac(
        &db,
        &[
            "gen",
            "--recipients",
            "1500",
            "--seed",
            "3",
            "--domain",
            "fabrikam.com",
        ],
    );
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let check = exrbac(&db, &["check", "New-ManagementRoleAssignment"]);
    assert_eq!(String::from_utf8_lossy(&check.stdout).trim(), "allowed");
    // The document imports into another store.
    let doc = d.join("org.json");
    std::fs::write(&doc, &one.stdout).unwrap();
    let imported = exrbac(&d.join("i.db"), &["import", doc.to_str().unwrap()]);
    assert!(
        imported.status.success(),
        "{}",
        String::from_utf8_lossy(&imported.stderr)
    );
    let _ = std::fs::remove_dir_all(&d);
}
