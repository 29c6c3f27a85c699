//! Two `serve` nodes on one PostgreSQL database: a change made through one
//! reaches the other's answers (by notification, and exactly when a check
//! asks for the revision), and writes through both never conflict into a
//! lost or half-applied change. Without a PostgreSQL server the tests fail
//! loudly (see the store's `tests/common`).

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "a test stops loudly on a broken fixture"
)]

#[path = "../../store/tests/common/mod.rs"]
mod pg;
mod support;

use exrbac_server::Config;
use exrbac_store::Store;
use serde_json::json;
use std::time::{Duration, Instant};
use support::{call, post, seed, serve, token};

#[test]
fn an_assignment_through_one_node_changes_the_others_answers() {
    let Some(db) = pg::db("serve_two_nodes") else {
        return;
    };
    let tokens = seed(&db.url);
    let a = serve(&db.url, Config::default(), None);
    let b = serve(&db.url, Config::default(), None);
    let admin = token(&tokens, "Administrator@contoso.com");
    let helpy = token(&tokens, "Helpy@contoso.com");
    let ask = json!({"cmdlet": "Set-User", "parameters": ["Office"], "target": "Sales1"});

    let (_, v) = post(&b, "/v1/check", helpy, ask.clone());
    assert_eq!(v["allowed"], false);
    let (st, v) = post(
        &a,
        "/v1/invoke",
        admin,
        json!({"script": "New-ManagementRoleAssignment -Role \"Mail Recipients\" -User Helpy"}),
    );
    assert_eq!(st, 200);
    assert_eq!(v["succeeded"], true, "{v}");
    let rev = v["revision"].as_u64().unwrap();

    // Asking for the revision: exact.
    let mut q = ask.clone();
    q["min_revision"] = json!(rev);
    let (st, v) = post(&b, "/v1/check", helpy, q);
    assert_eq!(st, 200, "{v}");
    assert_eq!(v["allowed"], true, "{v}");
    assert!(v["revision"].as_u64().unwrap() >= rev);

    // Without asking, the notification brings it soon.
    let (_, v) = post(
        &b,
        "/v1/invoke",
        admin,
        json!({"script": "Remove-ManagementRoleAssignment \"Mail Recipients-Helpy\" -Confirm:$false"}),
    );
    assert_eq!(v["succeeded"], true, "{v}");
    let removed = v["revision"].as_u64().unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let (_, v) = post(&a, "/v1/check", helpy, ask.clone());
        if v["allowed"] == false {
            assert!(v["revision"].as_u64().unwrap() >= removed);
            break;
        }
        assert!(
            Instant::now() < deadline,
            "node A never saw node B's change"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    // The change feed of the other node reports it too.
    let (_, c) = call(
        &a,
        "GET",
        &format!("/v1/changes?after={rev}&wait_ms=5000"),
        Some(admin),
        None,
    );
    assert_eq!(c["changed"], true);
}

#[test]
fn writes_through_both_nodes_all_land() {
    let Some(db) = pg::db("serve_two_writers") else {
        return;
    };
    let tokens = seed(&db.url);
    let a = serve(&db.url, Config::default(), None);
    let b = serve(&db.url, Config::default(), None);
    let admin = token(&tokens, "Administrator@contoso.com").to_string();
    let nodes = [a.base.clone(), b.base.clone()];
    // Two clients write at once, each through its own node.
    let threads: Vec<_> = nodes
        .iter()
        .enumerate()
        .map(|(n, _)| {
            let admin = admin.clone();
            let server = if n == 0 { &a } else { &b };
            let base = server.base.clone();
            std::thread::spawn(move || {
                let mut done = Vec::new();
                for i in 0..10 {
                    let name = format!("Node{n}User{i}");
                    let script = format!(
                        "New-Mailbox -Name {name} -UserPrincipalName {}@contoso.com",
                        name.to_lowercase()
                    );
                    let agent = support::agent();
                    let mut resp = agent
                        .post(&format!("{base}/v1/invoke"))
                        .header("Authorization", &format!("Bearer {admin}"))
                        .send(json!({"script": script}).to_string())
                        .unwrap();
                    let v: serde_json::Value =
                        serde_json::from_str(&resp.body_mut().read_to_string().unwrap()).unwrap();
                    // A commit that lost a race says so; anything that says
                    // it succeeded must be in the store.
                    if v["succeeded"] == true {
                        done.push(name);
                    }
                }
                done
            })
        })
        .collect();
    let mut landed = Vec::new();
    for t in threads {
        landed.extend(t.join().unwrap());
    }
    assert!(landed.len() >= 10, "most writes land: {landed:?}");
    let store = Store::open(&db.url, false).unwrap();
    let org = store.load(Some("contoso.com")).unwrap();
    for name in &landed {
        assert!(
            org.find_recipient(name).is_some(),
            "{name} acknowledged but missing"
        );
    }
    // Both nodes converge on the store's revision and answer alike.
    for s in [&a, &b] {
        let q = json!({"cmdlet": "Get-Mailbox", "target": landed[0], "min_revision": org.revision, "wait_ms": 10000});
        let (st, v) = post(s, "/v1/check", &admin, q);
        assert_eq!(st, 200, "{v}");
        assert_eq!(v["allowed"], true);
    }
}
