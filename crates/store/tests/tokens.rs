//! API tokens on both backends: shown once, stored only hashed, scoped to
//! one organization, dead once revoked.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "a test stops loudly on a broken fixture"
)]

mod common;

use exrbac_core::Organization;
use exrbac_store::{Store, StoreError, TOKEN_PREFIX, hash_secret};

fn org(domain: &str) -> Organization {
    Organization::new(domain, exrbac_catalog::builtin().unwrap()).unwrap()
}

fn exercise(store: &mut Store, raw_dump: impl Fn() -> String) {
    store.insert(&mut org("contoso.com")).unwrap();
    store.insert(&mut org("fabrikam.com")).unwrap();

    let a = store.create_token("contoso.com", "Administrator").unwrap();
    let b = store.create_token("contoso.com", "Administrator").unwrap();
    let f = store.create_token("fabrikam.com", "Administrator").unwrap();
    assert!(a.secret.starts_with(TOKEN_PREFIX));
    assert_ne!(a.secret, b.secret);
    assert_ne!(a.id, b.id);

    // The store never holds the secret, only its hash.
    let dump = raw_dump();
    assert!(!dump.contains(&a.secret), "secret stored in clear");
    assert!(dump.contains(&hash_secret(&a.secret)));

    let owner = store.authenticate(&a.secret).unwrap().unwrap();
    assert_eq!(owner.organization, "contoso.com");
    assert_eq!(owner.principal, "Administrator");
    assert_eq!(owner.id, a.id);
    assert_eq!(
        store.authenticate(&f.secret).unwrap().unwrap().organization,
        "fabrikam.com"
    );
    assert!(store.authenticate("exr_00").unwrap().is_none());
    assert!(store.authenticate("").unwrap().is_none());
    assert!(store.authenticate(&a.secret[1..]).unwrap().is_none());

    // Listing is per organization and never shows a secret.
    let listed = store.list_tokens("contoso.com", None).unwrap();
    assert_eq!(listed.len(), 2);
    assert!(listed.iter().all(|t| t.organization == "contoso.com"));
    assert_eq!(
        store
            .list_tokens("contoso.com", Some("administrator"))
            .unwrap()
            .len(),
        2
    );
    assert!(
        store
            .list_tokens("contoso.com", Some("Nobody"))
            .unwrap()
            .is_empty()
    );

    // A token of one organization can't be revoked through another.
    assert!(!store.revoke_token("fabrikam.com", &a.id).unwrap());
    assert!(store.authenticate(&a.secret).unwrap().is_some());
    assert!(store.revoke_token("contoso.com", &a.id).unwrap());
    assert!(
        !store.revoke_token("contoso.com", &a.id).unwrap(),
        "revoked twice"
    );
    assert!(store.authenticate(&a.secret).unwrap().is_none());
    assert!(store.authenticate(&b.secret).unwrap().is_some());
    let listed = store.list_tokens("contoso.com", None).unwrap();
    assert!(
        listed
            .iter()
            .find(|t| t.id == a.id)
            .unwrap()
            .revoked
            .is_some()
    );

    assert!(matches!(
        store.create_token("nowhere.example", "Administrator"),
        Err(StoreError::NoOrganization(_))
    ));
}

#[test]
fn tokens_on_sqlite() {
    let dir = std::env::temp_dir().join(format!("exrbac-tokens-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("t.db");
    let _ = std::fs::remove_file(&path);
    let mut store = Store::open(path.to_str().unwrap(), true).unwrap();
    let p = path.clone();
    exercise(&mut store, move || {
        let c = rusqlite::Connection::open(&p).unwrap();
        let mut st = c.prepare("SELECT id || ' ' || hash FROM tokens").unwrap();
        let rows: Vec<String> = st
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        rows.join("\n")
    });
    drop(store);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn tokens_on_postgres() {
    let Some(db) = common::db("tokens") else {
        return;
    };
    let mut store = Store::open(&db.url, true).unwrap();
    exercise(&mut store, || {
        let mut c = db.client();
        c.query("SELECT id || ' ' || hash FROM tokens", &[])
            .unwrap()
            .iter()
            .map(|r| r.get::<_, String>(0))
            .collect::<Vec<_>>()
            .join("\n")
    });
}
