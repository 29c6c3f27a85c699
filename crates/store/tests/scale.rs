//! Load time at scale (ignored by default; run in release):
//! `cargo test --release -p exrbac-store --test scale -- --ignored --nocapture`.
//! Prints the numbers; speed is never asserted in tests.

#![allow(
    clippy::unwrap_used,
    reason = "a test stops loudly on a broken fixture"
)]

use exrbac_core::{NewRecipient, Organization, RecipientKind};
use exrbac_store::SqliteStore;
use std::time::Instant;

#[test]
#[ignore]
fn load_time_at_scale() {
    let n: usize = std::env::var("EXRBAC_SCALE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let mut org = Organization::new("contoso.com", exrbac_catalog::builtin().unwrap()).unwrap();
    let root = org.root_ou();
    let ous: Vec<_> = (0..50)
        .map(|i| org.new_ou(&format!("OU{i}"), root).unwrap())
        .collect();
    let t = Instant::now();
    for i in 0..n {
        let mut attrs = std::collections::BTreeMap::new();
        attrs.insert("Department".to_string(), format!("D{}", i % 40));
        attrs.insert("UserPrincipalName".to_string(), format!("u{i}@contoso.com"));
        org.new_recipient(NewRecipient {
            name: format!("User{i}"),
            ou: ous[i % ous.len()],
            kind: RecipientKind::UserMailbox,
            attrs,
            enabled: true,
        })
        .unwrap();
    }
    eprintln!("built {n} mailboxes in memory: {:?}", t.elapsed());
    let dir = std::env::temp_dir().join(format!("exrbac-scale-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("scale.db");
    let _ = std::fs::remove_file(&path);
    let t = Instant::now();
    let mut s = SqliteStore::open(&path, true).unwrap();
    s.insert(&mut org).unwrap();
    eprintln!("insert: {:?}", t.elapsed());
    drop(s);
    let t = Instant::now();
    let s = SqliteStore::open(&path, false).unwrap();
    let back = s.load(None).unwrap();
    eprintln!(
        "cold load of {} recipients: {:?}",
        back.recipients().count(),
        t.elapsed()
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
#[ignore]
fn decision_time_at_scale() {
    let n: usize = std::env::var("EXRBAC_SCALE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let mut org = Organization::new("contoso.com", exrbac_catalog::builtin().unwrap()).unwrap();
    let root = org.root_ou();
    let ous: Vec<_> = (0..50)
        .map(|i| org.new_ou(&format!("OU{i}"), root).unwrap())
        .collect();
    let mut ids = Vec::new();
    for i in 0..n {
        ids.push(
            org.new_recipient(NewRecipient {
                name: format!("User{i}"),
                ou: ous[i % ous.len()],
                kind: RecipientKind::UserMailbox,
                attrs: Default::default(),
                enabled: true,
            })
            .unwrap(),
        );
    }
    let admin = org.find_recipient("Administrator").unwrap();
    let p = org.principal(admin);
    let t = Instant::now();
    let rounds = 20_000;
    let mut allowed = 0;
    for i in 0..rounds {
        let target = exrbac_core::Target::Recipient(ids[(i * 7919) % ids.len()]);
        if org
            .check(&p, "Set-Mailbox", &["Identity", "CustomAttribute1"], target)
            .is_ok()
        {
            allowed += 1;
        }
    }
    eprintln!(
        "{rounds} checks (Administrator, Set-Mailbox) at {n} recipients: {:?} per check, {allowed} allowed",
        t.elapsed() / rounds as u32
    );
}
