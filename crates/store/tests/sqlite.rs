//! The SQLite store: round trips, incremental commits, the audit log, and
//! every way a file can be wrong — each reported, none overwritten.

#![allow(
    clippy::unwrap_used,
    reason = "a test stops loudly on a broken fixture"
)]

mod history;

use exrbac_core::{AuditQuery, AuditRecord, NewRecipient, Organization, RecipientKind};
use exrbac_store::{SqliteStore, Store, StoreError};
use std::collections::HashSet;
use std::path::PathBuf;

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("exrbac-store-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d.join("s.db")
}

fn org() -> Organization {
    Organization::new("contoso.com", exrbac_catalog::builtin().unwrap()).unwrap()
}

/// Two organizations are equal when their full serialization is.
fn same(a: &Organization, b: &Organization) -> bool {
    serde_json::to_string(a).unwrap() == serde_json::to_string(b).unwrap()
}

#[test]
fn insert_then_load_is_exact() {
    let path = tmp("roundtrip");
    let mut o = org();
    let mut s = SqliteStore::open(&path, true).unwrap();
    s.insert(&mut o).unwrap();
    drop(s);
    let s = SqliteStore::open(&path, false).unwrap();
    let back = s.load(Some("contoso.com")).unwrap();
    assert!(same(&o, &back));
    assert_eq!(s.organizations().unwrap(), vec!["contoso.com".to_string()]);
}

#[test]
fn admin_audit_log_settings_survive_a_commit_and_reopen() {
    let path = tmp("audit-settings");
    let mut o = org();
    let mut s = SqliteStore::open(&path, true).unwrap();
    s.insert(&mut o).unwrap();
    let mut c = o.settings.admin_audit.clone();
    c.enabled = false;
    c.parameters = vec!["*Address*".into()];
    c.age_limit_secs = 7 * 86_400;
    c.test_cmdlet_logging = true;
    o.set_admin_audit(c.clone());
    s.commit(&mut o, &[]).unwrap();
    drop(s);
    let s = SqliteStore::open(&path, false).unwrap();
    let back = s.load(Some("contoso.com")).unwrap();
    assert_eq!(back.settings.admin_audit, c);
    assert!(same(&o, &back));
}

#[test]
fn settings_stored_before_the_audit_configuration_read_as_its_defaults() {
    let old = r#"{"ad_split_permissions":false,"attrs":{}}"#;
    let s: exrbac_core::OrganizationSettings = serde_json::from_str(old).unwrap();
    assert_eq!(s.admin_audit, exrbac_core::AdminAuditLogSettings::default());
}

#[test]
fn commits_write_only_changes_and_survive_reopen() {
    let path = tmp("commit");
    let mut o = org();
    let mut s = SqliteStore::open(&path, true).unwrap();
    s.insert(&mut o).unwrap();
    let root = o.root_ou();
    let sales = o.new_ou("Sales", root).unwrap();
    let u = o
        .new_recipient(NewRecipient {
            name: "Sales1".into(),
            ou: sales,
            kind: RecipientKind::UserMailbox,
            attrs: Default::default(),
            enabled: true,
        })
        .unwrap();
    o.set_attr(u, "Office", Some("SO-141".into())).unwrap();
    let a = o
        .assignment_by_name("Mail Recipients-Recipient Management")
        .unwrap();
    o.remove_assignment(a).unwrap();
    // Only what changed is pending: the OU, the mailbox, the assignment — not the catalog.
    let pending = o.clone().take_changes();
    assert_eq!(pending.len(), 3, "{pending:?}");
    s.commit(&mut o, &[]).unwrap();
    assert!(o.clone().take_changes().is_empty());
    drop(s);
    let back = SqliteStore::open(&path, false).unwrap().load(None).unwrap();
    assert!(same(&o, &back));
    assert!(
        back.assignment_by_name("Mail Recipients-Recipient Management")
            .is_none()
    );
    assert_eq!(back.recipient(u).unwrap().attr("Office"), Some("SO-141"));
}

#[test]
fn audit_is_written_with_the_change_and_searchable() {
    let path = tmp("audit");
    let mut o = org();
    let mut s = SqliteStore::open(&path, true).unwrap();
    s.insert(&mut o).unwrap();
    let rec = |cmdlet: &str, who: &str, ok: bool, at: i64| AuditRecord {
        revision: 7,
        at,
        principal: who.into(),
        cmdlet: cmdlet.into(),
        parameters: "-Identity x".into(),
        succeeded: ok,
        error: if ok { None } else { Some("nope".into()) },
        objects: vec!["x".into()],
    };
    s.commit(
        &mut o,
        &[
            rec("Set-User", "Administrator", true, 100),
            rec("New-Mailbox", "Helper", false, 200),
        ],
    )
    .unwrap();
    let all = s
        .search_audit("contoso.com", &AuditQuery::default())
        .unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[0].cmdlet, "New-Mailbox", "newest first");
    let by_user = s
        .search_audit(
            "contoso.com",
            &AuditQuery {
                principal: Some("helper".into()),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(by_user.len(), 1);
    let by_time = s
        .search_audit(
            "contoso.com",
            &AuditQuery {
                end: Some(150),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(by_time.len(), 1);
    assert_eq!(by_time[0].cmdlet, "Set-User");
    let failed = s
        .search_audit(
            "contoso.com",
            &AuditQuery {
                succeeded: Some(false),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(failed[0].error.as_deref(), Some("nope"));
}

#[test]
fn not_sqlite_is_corrupt_and_untouched() {
    let path = tmp("garbage");
    std::fs::write(
        &path,
        b"this is not a database at all, not even close......",
    )
    .unwrap();
    let before = std::fs::read(&path).unwrap();
    let err = SqliteStore::open(&path, true).err().unwrap();
    assert!(matches!(err, StoreError::Corrupt { .. }), "{err}");
    assert!(err.to_string().contains("left untouched"));
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn truncated_store_is_reported() {
    let path = tmp("truncated");
    let mut o = org();
    let mut s = SqliteStore::open(&path, true).unwrap();
    s.insert(&mut o).unwrap();
    drop(s);
    // Fold the WAL in, then cut the file in half.
    {
        let c = rusqlite_free_checkpoint(&path);
        assert!(c);
    }
    let bytes = std::fs::read(&path).unwrap();
    std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
    let _ = std::fs::remove_file(path.with_extension("db-wal"));
    let res = SqliteStore::open(&path, false).and_then(|s| s.load(None));
    let err = res.err().unwrap();
    assert!(matches!(err, StoreError::Corrupt { .. }), "{err}");
}

/// Opening and closing a store checkpoints its WAL into the main file.
fn rusqlite_free_checkpoint(path: &std::path::Path) -> bool {
    SqliteStore::open(path, false).is_ok()
}

#[test]
fn foreign_database_is_not_a_store() {
    let path = tmp("foreign");
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);")
            .unwrap();
    }
    let err = SqliteStore::open(&path, true).err().unwrap();
    assert!(matches!(err, StoreError::NotAStore(_)), "{err}");
}

#[test]
fn newer_schema_is_refused() {
    let path = tmp("newer");
    {
        let mut o = org();
        let mut s = SqliteStore::open(&path, true).unwrap();
        s.insert(&mut o).unwrap();
    }
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch("PRAGMA user_version = 99;").unwrap();
    }
    let err = SqliteStore::open(&path, false).err().unwrap();
    assert!(
        matches!(err, StoreError::NewerSchema { found: 99, .. }),
        "{err}"
    );
}

#[test]
fn a_missing_row_is_corruption_not_a_partial_load() {
    let path = tmp("missing-row");
    {
        let mut o = org();
        let mut s = SqliteStore::open(&path, true).unwrap();
        s.insert(&mut o).unwrap();
    }
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch("DELETE FROM objects WHERE kind = 'role' AND id = (SELECT min(id) FROM objects WHERE kind = 'role');").unwrap();
    }
    let err = SqliteStore::open(&path, false)
        .unwrap()
        .load(None)
        .err()
        .unwrap();
    assert!(matches!(err, StoreError::Corrupt { .. }), "{err}");
    assert!(err.to_string().contains("missing"), "{err}");
}

#[test]
fn load_reports_progress_up_to_the_total() {
    let path = tmp("progress");
    let mut o = org();
    let mut s = SqliteStore::open(&path, true).unwrap();
    s.insert(&mut o).unwrap();
    let mut last = (0, 0);
    let mut calls = 0;
    let back = s
        .load_with(None, &mut |done, total| {
            calls += 1;
            assert!(done <= total);
            last = (done, total);
        })
        .unwrap();
    assert!(calls >= 1);
    assert_eq!(last.0, last.1);
    assert_eq!(last.1 as usize, back.all_objects().len());
}

#[test]
fn changes_since_brings_an_old_copy_to_the_stored_state() {
    let path = tmp("changes-since");
    let mut s = SqliteStore::open(&path, true).unwrap();
    let mut o = org();
    s.insert(&mut o).unwrap();
    // A copy at every revision the store held.
    let mut copies = vec![s.load(None).unwrap()];
    for i in 0..history::STEPS {
        history::step(&mut o, i);
        let pending = o.clone().take_changes();
        let written = s.commit(&mut o, &[]).unwrap();
        assert_eq!(written, pending, "commit {i} reports what it wrote");
        copies.push(o.clone());
    }
    let fresh = s.load(None).unwrap();
    for old in copies {
        let from = old.revision;
        let cs = s.changes_since("contoso.com", from).unwrap().unwrap();
        assert_eq!(cs.revision, o.revision);
        let mut c = old;
        c.apply(&cs).unwrap();
        c.verify_indexes().unwrap();
        // Exactly the copy that made the commits (retired ids included), and
        // what a load from scratch gives.
        assert!(same(&c, &o), "caught up from {from}");
        assert_eq!(history::live(&c), history::live(&fresh));
        assert_eq!(history::decisions(&c), history::decisions(&fresh));
    }
    // Nothing changed after the current revision.
    let cs = s.changes_since("contoso.com", o.revision).unwrap().unwrap();
    assert!(cs.objects.is_empty());
    assert_eq!((cs.revision, &cs.settings), (o.revision, &o.settings));
    // Through the enum too, and an unknown organization is an error.
    drop(s);
    let st = Store::open(path.to_str().unwrap(), false).unwrap();
    assert!(
        st.changes_since("contoso.com", o.revision)
            .unwrap()
            .is_some()
    );
    let err = st.changes_since("fabrikam.com", 1).err().unwrap();
    assert!(matches!(err, StoreError::NoOrganization(_)), "{err}");
}

#[test]
fn changes_since_is_none_where_the_log_cannot_vouch() {
    let path = tmp("changes-none");
    let mut o = org();
    let r0 = {
        let mut s = SqliteStore::open(&path, true).unwrap();
        s.insert(&mut o).unwrap();
        // A revision the store never held, and one it hasn't reached.
        assert!(
            s.changes_since("contoso.com", o.revision - 1)
                .unwrap()
                .is_none()
        );
        assert!(
            s.changes_since("contoso.com", o.revision + 1)
                .unwrap()
                .is_none()
        );
        assert!(s.changes_since("contoso.com", u64::MAX).unwrap().is_none());
        o.revision
    };
    // The organization as a store of schema 1 held it: no log at all.
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch("DROP TABLE changes; DROP TABLE tokens; PRAGMA user_version = 1;")
            .unwrap();
    }
    let mut s = SqliteStore::open(&path, false).unwrap();
    let mut o = s.load(None).unwrap();
    history::step(&mut o, 0);
    s.commit(&mut o, &[]).unwrap();
    let r1 = o.revision;
    assert!(s.changes_since("contoso.com", r0).unwrap().is_none());
    history::step(&mut o, 1);
    let written = s.commit(&mut o, &[]).unwrap();
    assert!(s.changes_since("contoso.com", r0).unwrap().is_none());
    // From the first logged commit on, the log covers the gap.
    let cs = s.changes_since("contoso.com", r1).unwrap().unwrap();
    let read: HashSet<_> = cs.objects.iter().map(|(k, id, _)| (*k, *id)).collect();
    assert_eq!(
        read,
        written.into_iter().collect(),
        "only what the commit wrote is read"
    );
    let mut back = s.load(None).unwrap();
    assert!(same(&back, &o));
    back.apply(&cs).unwrap();
    assert!(same(&back, &o));
}

#[test]
fn the_change_log_keeps_only_recent_revisions() {
    let path = tmp("changes-pruned");
    let mut s = Store::open(path.to_str().unwrap(), true).unwrap();
    let mut o = org();
    s.insert(&mut o).unwrap();
    let count_older = |r: u64| -> i64 {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.query_row(
            "SELECT count(*) FROM changes WHERE revision <= ?1",
            [r as i64],
            |row| row.get(0),
        )
        .unwrap()
    };
    history::pruned_log_still_vouches_only_for_what_it_keeps(&mut s, o, &count_older);
}
