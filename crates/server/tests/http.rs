//! The service over real HTTP on loopback: authentication, isolation,
//! every endpoint's answer and its errors, consistency by revision.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a test stops loudly on a broken fixture"
)]

mod support;

use exrbac_server::Config;
use exrbac_store::Store;
use serde_json::{Value, json};
use std::time::Duration;
use support::{call, post, run_script, start, token};

#[test]
fn no_bad_or_revoked_token_gets_401_and_nothing_else() {
    let (s, tokens) = start(Config::default());
    let body = json!({"cmdlet": "Get-Mailbox"}).to_string();
    for path in [
        "/v1/check",
        "/v1/explain",
        "/v1/invoke",
        "/v1/who-can",
        "/v1/check/batch",
        "/v1/effective-permissions",
    ] {
        for tok in [None, Some("exr_0000"), Some("garbage"), Some("")] {
            let (st, v) = call(&s, "POST", path, tok, Some(&body));
            assert_eq!(st, 401, "{path} {tok:?}: {v}");
            let text = v.to_string();
            assert!(!text.contains("contoso"), "leak: {text}");
            assert_eq!(v["error"]["code"], "unauthorized");
        }
    }
    let (st, _) = call(&s, "GET", "/v1/whoami", None, None);
    assert_eq!(st, 401);

    // Revoked through the store (another process): refused within the recheck time.
    let admin = token(&tokens, "Nobody@contoso.com").to_string();
    assert_eq!(call(&s, "GET", "/v1/whoami", Some(&admin), None).0, 200);
    let mut store = Store::open(&s.db, false).unwrap();
    let id = store
        .list_tokens("contoso.com", Some("Nobody"))
        .unwrap()
        .remove(0)
        .id;
    assert!(store.revoke_token("contoso.com", &id).unwrap());
    std::thread::sleep(exrbac_server::auth::TOKEN_RECHECK + Duration::from_millis(200));
    let (st, v) = call(&s, "GET", "/v1/whoami", Some(&admin), None);
    assert_eq!(st, 401, "{v}");
}

#[test]
fn check_explain_and_batch() {
    let (s, tokens) = start(Config::default());
    let admin = token(&tokens, "Administrator@contoso.com");
    let helpy = token(&tokens, "Helpy@contoso.com");
    let nobody = token(&tokens, "Nobody@contoso.com");

    let (st, who) = call(&s, "GET", "/v1/whoami", Some(admin), None);
    assert_eq!(st, 200);
    assert_eq!(who["organization"], "contoso.com");
    assert_eq!(who["principal"], "Administrator");

    let (st, v) = post(
        &s,
        "/v1/check",
        admin,
        json!({"cmdlet": "Set-User", "parameters": ["Identity", "Office"], "target": "Sales1"}),
    );
    assert_eq!(st, 200, "{v}");
    assert_eq!(v["allowed"], true);
    assert!(v["revision"].as_u64().unwrap() > 0);
    assert!(!v["explanation"]["chains"].as_array().unwrap().is_empty());

    // Help Desk has View-Only Recipients and User Options: no Set-User -Office.
    let (st, v) = post(
        &s,
        "/v1/check",
        helpy,
        json!({"cmdlet": "Set-User", "parameters": ["Identity", "Office"], "target": "Sales1"}),
    );
    assert_eq!(st, 200);
    assert_eq!(v["allowed"], false, "{v}");
    // Its own Set-User -Office (MyContactInformation) is scoped to itself.
    assert!(v["error"].as_str().unwrap().contains("write scope"), "{v}");
    assert_eq!(v["explanation"]["failed_step"], "scope");

    let (st, v) = post(
        &s,
        "/v1/explain",
        nobody,
        json!({"cmdlet": "New-ManagementRoleAssignment"}),
    );
    assert_eq!(st, 200);
    assert_eq!(v["allowed"], false);
    assert_eq!(v["explanation"]["failed_step"], "cmdlet");

    // Fast form without explanation.
    let (_, v) = post(
        &s,
        "/v1/check",
        admin,
        json!({"cmdlet": "Get-Mailbox", "explain": false}),
    );
    assert_eq!(v["allowed"], true);
    assert!(v.get("explanation").is_none());

    // Asking for another principal needs RBAC read rights.
    let (st, v) = post(
        &s,
        "/v1/check",
        admin,
        json!({"cmdlet": "Set-User", "parameters": ["Office"], "target": "Sales1", "principal": "Helpy"}),
    );
    assert_eq!(st, 200);
    assert_eq!(v["allowed"], false);
    let (st, v) = post(
        &s,
        "/v1/check",
        nobody,
        json!({"cmdlet": "Get-Mailbox", "principal": "Administrator"}),
    );
    assert_eq!(st, 403, "{v}");
    assert_eq!(v["error"]["code"], "forbidden");
    // ... but about oneself it's always fine.
    let (st, _) = post(
        &s,
        "/v1/check",
        nobody,
        json!({"cmdlet": "Get-Mailbox", "principal": "nobody"}),
    );
    assert_eq!(st, 200);

    // Unknown target / principal.
    let (st, v) = post(
        &s,
        "/v1/check",
        admin,
        json!({"cmdlet": "Set-User", "target": "Ghost"}),
    );
    assert_eq!(st, 404, "{v}");
    let (st, _) = post(
        &s,
        "/v1/check",
        admin,
        json!({"cmdlet": "Set-User", "principal": "Ghost"}),
    );
    assert_eq!(st, 404);

    // Batch: one snapshot, per-check errors.
    let (st, v) = post(
        &s,
        "/v1/check/batch",
        admin,
        json!({"checks": [
            {"cmdlet": "Get-Mailbox"},
            {"cmdlet": "Set-User", "parameters": ["Office"], "target": "Sales1", "principal": "Helpy"},
            {"cmdlet": "Set-User", "target": "Ghost"},
        ]}),
    );
    assert_eq!(st, 200, "{v}");
    let r = v["results"].as_array().unwrap();
    assert_eq!(r.len(), 3);
    assert_eq!(r[0]["allowed"], true);
    assert_eq!(r[1]["allowed"], false);
    assert!(r[2]["error"].as_str().unwrap().contains("Ghost"));
    let many: Vec<Value> = (0..1001)
        .map(|_| json!({"cmdlet": "Get-Mailbox"}))
        .collect();
    let (st, _) = post(&s, "/v1/check/batch", admin, json!({ "checks": many }));
    assert_eq!(st, 400);
}

#[test]
fn organizations_never_see_each_other() {
    let (s, tokens) = start(Config::default());
    let fab = token(&tokens, "Administrator@fabrikam.com");
    let (_, who) = call(&s, "GET", "/v1/whoami", Some(fab), None);
    assert_eq!(who["organization"], "fabrikam.com");
    // contoso's recipients don't exist for fabrikam's administrator.
    let (st, v) = post(
        &s,
        "/v1/check",
        fab,
        json!({"cmdlet": "Set-User", "target": "Sales1"}),
    );
    assert_eq!(st, 404, "{v}");
    let (st, _) = post(
        &s,
        "/v1/check",
        fab,
        json!({"cmdlet": "Get-Mailbox", "principal": "Helpy"}),
    );
    assert_eq!(st, 404);
    let (st, v) = post(
        &s,
        "/v1/invoke",
        fab,
        json!({"script": "Get-Mailbox -ResultSize Unlimited | Select-Object -ExpandProperty Name"}),
    );
    assert_eq!(st, 200);
    let text = v.to_string();
    assert!(text.contains("Eve"));
    assert!(!text.contains("Sales1"), "{text}");
    let (st, v) = post(
        &s,
        "/v1/who-can",
        fab,
        json!({"cmdlet": "Set-User", "target": "Eve"}),
    );
    assert_eq!(st, 200);
    assert!(!v.to_string().contains("contoso"));
}

#[test]
fn invoke_changes_and_consistency() {
    let (s, tokens) = start(Config::default());
    let admin = token(&tokens, "Administrator@contoso.com");
    let helpy = token(&tokens, "Helpy@contoso.com");
    let (_, v) = post(
        &s,
        "/v1/check",
        helpy,
        json!({"cmdlet": "Set-User", "parameters": ["Office"], "target": "Sales1"}),
    );
    assert_eq!(v["allowed"], false);
    let before = v["revision"].as_u64().unwrap();

    // Nothing new after `before`: the long poll ends unchanged.
    let (st, c) = call(
        &s,
        "GET",
        &format!("/v1/changes?after={before}&wait_ms=100"),
        Some(admin),
        None,
    );
    assert_eq!(st, 200);
    assert_eq!(c["changed"], false);

    let (st, v) = post(
        &s,
        "/v1/invoke",
        admin,
        json!({"script": "New-ManagementRoleAssignment -Role \"Mail Recipients\" -User Helpy\nGet-ManagementRoleAssignment -RoleAssignee Helpy -Role \"Mail Recipients\""}),
    );
    assert_eq!(st, 200, "{v}");
    assert_eq!(v["succeeded"], true, "{v}");
    let after = v["revision"].as_u64().unwrap();
    assert!(after > before);
    let out = &v["outcomes"][1]["output"][0];
    assert_eq!(out["Name"], "Mail Recipients-Helpy", "{v}");
    assert!(
        v["outcomes"][1]["text"]
            .as_str()
            .unwrap()
            .contains("Mail Recipients-Helpy")
    );

    let (_, v) = post(
        &s,
        "/v1/check",
        helpy,
        json!({"cmdlet": "Set-User", "parameters": ["Office"], "target": "Sales1", "min_revision": after}),
    );
    assert_eq!(v["allowed"], true, "{v}");
    assert!(v["revision"].as_u64().unwrap() >= after);
    let (_, c) = call(
        &s,
        "GET",
        &format!("/v1/changes?after={before}&wait_ms=100"),
        Some(admin),
        None,
    );
    assert_eq!(c["changed"], true);

    // A revision this node hasn't reached: bounded wait, then 412.
    let (st, v) = post(
        &s,
        "/v1/check",
        helpy,
        json!({"cmdlet": "Get-Mailbox", "min_revision": after + 1000, "wait_ms": 50}),
    );
    assert_eq!(st, 412, "{v}");
    assert_eq!(v["error"]["code"], "not_caught_up");
    assert_eq!(v["revision"].as_u64().unwrap(), after);

    // The caller's own RBAC gates invoke: Helpy can't create role groups.
    let (st, v) = post(
        &s,
        "/v1/invoke",
        helpy,
        json!({"script": "New-RoleGroup -Name Sneaky -Roles \"Role Management\" -Members Helpy"}),
    );
    assert_eq!(st, 200);
    assert_eq!(v["succeeded"], false);
    assert!(
        v["outcomes"][0]["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("New-RoleGroup"),
        "{v}"
    );
    let (_, w) = call(&s, "GET", "/v1/whoami", Some(admin), None);
    assert_eq!(
        w["revision"].as_u64().unwrap(),
        after,
        "a refused command changed nothing"
    );

    // The write is in the store and in its audit log.
    let store = Store::open(&s.db, false).unwrap();
    let fresh = store.load(Some("contoso.com")).unwrap();
    assert_eq!(fresh.revision, after);
    assert!(fresh.assignment_by_name("Mail Recipients-Helpy").is_some());
    let log = store
        .search_audit("contoso.com", &exrbac_core::AuditQuery::default())
        .unwrap();
    assert!(log.iter().any(
        |r| r.cmdlet == "New-ManagementRoleAssignment" && r.principal.contains("Administrator")
    ));

    // A syntax error is a 400 naming the position.
    let (st, v) = post(
        &s,
        "/v1/invoke",
        admin,
        json!({"script": "Get-Mailbox | | Where"}),
    );
    assert_eq!(st, 400, "{v}");
}

#[test]
fn commits_from_another_process_reach_the_snapshot() {
    let (s, tokens) = start(Config::default());
    let helpy = token(&tokens, "Helpy@contoso.com");
    let (_, v) = post(
        &s,
        "/v1/check",
        helpy,
        json!({"cmdlet": "Set-User", "parameters": ["Office"], "target": "Sales1"}),
    );
    assert_eq!(v["allowed"], false);
    // As `exrbac run` would, on the same file.
    let mut store = Store::open(&s.db, false).unwrap();
    let mut org = store.load(Some("contoso.com")).unwrap();
    run_script(
        &mut org,
        "Administrator",
        "New-ManagementRoleAssignment -Role \"Mail Recipients\" -User Helpy",
    );
    store.commit(&mut org, &[]).unwrap();
    let (st, v) = post(
        &s,
        "/v1/check",
        helpy,
        json!({"cmdlet": "Set-User", "parameters": ["Office"], "target": "Sales1", "min_revision": org.revision, "wait_ms": 5000}),
    );
    assert_eq!(st, 200, "{v}");
    assert_eq!(v["allowed"], true, "{v}");
}

#[test]
fn effective_permissions_and_who_can_pages() {
    let (s, tokens) = start(Config::default());
    let admin = token(&tokens, "Administrator@contoso.com");
    let nobody = token(&tokens, "Nobody@contoso.com");
    let (st, v) = call(&s, "POST", "/v1/effective-permissions", Some(nobody), None);
    assert_eq!(st, 200, "{v}");
    assert_eq!(v["principal"], "Nobody");
    let perms = v["permissions"].as_array().unwrap();
    assert!(
        perms.iter().any(|p| p["cmdlet"] == "Get-Mailbox"),
        "end-user roles from the default policy"
    );
    assert!(
        !perms
            .iter()
            .any(|p| p["cmdlet"] == "New-ManagementRoleAssignment")
    );
    let (st, _) = post(
        &s,
        "/v1/effective-permissions",
        nobody,
        json!({"principal": "Administrator"}),
    );
    assert_eq!(st, 403);
    let (st, v) = post(
        &s,
        "/v1/effective-permissions",
        admin,
        json!({"principal": "Helpy"}),
    );
    assert_eq!(st, 200);
    assert_eq!(v["principal"], "Helpy");

    // who-can: paged by name, the pages add up to the whole answer.
    let (st, all) = post(
        &s,
        "/v1/who-can",
        admin,
        json!({"cmdlet": "Set-Mailbox", "parameters": ["Identity"], "target": "Sales1", "limit": 1000}),
    );
    assert_eq!(st, 200, "{all}");
    let total = all["total"].as_u64().unwrap() as usize;
    assert!(total >= 2, "Administrator and Sales1 itself: {all}");
    assert!(all["next_cursor"].is_null());
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut q = json!({"cmdlet": "Set-Mailbox", "parameters": ["Identity"], "target": "Sales1", "limit": 1});
        if let Some(c) = &cursor {
            q["cursor"] = json!(c);
        }
        let (st, page) = post(&s, "/v1/who-can", admin, q);
        assert_eq!(st, 200);
        for r in page["results"].as_array().unwrap() {
            seen.push(r["user"].as_str().unwrap().to_string());
        }
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_string()),
            None => break,
        }
        assert!(seen.len() <= total, "paging doesn't end");
    }
    let whole: Vec<String> = all["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["user"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(seen, whole);
    let (st, _) = post(
        &s,
        "/v1/who-can",
        nobody,
        json!({"cmdlet": "Set-Mailbox", "target": "Sales1"}),
    );
    assert_eq!(st, 403);
    let (st, _) = post(
        &s,
        "/v1/who-can",
        admin,
        json!({"cmdlet": "Set-Mailbox", "limit": 0}),
    );
    assert_eq!(st, 400);
}

#[test]
fn malformed_requests_are_400_and_say_where() {
    let cfg = Config {
        max_body: 4096,
        ..Config::default()
    };
    let (s, tokens) = start(cfg);
    let admin = token(&tokens, "Administrator@contoso.com");
    let (st, v) = call(&s, "POST", "/v1/check", Some(admin), Some("{\"cmdlet\": "));
    assert_eq!(st, 400);
    assert!(
        v["error"]["message"].as_str().unwrap().contains("line 1"),
        "{v}"
    );
    let (st, v) = call(
        &s,
        "POST",
        "/v1/check",
        Some(admin),
        Some("{\"cmdlet\": \"Get-Mailbox\", \"paramters\": []}"),
    );
    assert_eq!(st, 400);
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("paramters"),
        "{v}"
    );
    let (st, _) = call(&s, "POST", "/v1/check", Some(admin), Some("[1,2]"));
    assert_eq!(st, 400);
    let big = format!("{{\"script\": \"{}\"}}", "x".repeat(10_000));
    let (st, _) = call(&s, "POST", "/v1/invoke", Some(admin), Some(&big));
    assert_eq!(st, 413);
    let (st, v) = call(&s, "GET", "/v1/nothing-here", Some(admin), None);
    assert_eq!(st, 404);
    assert_eq!(v["error"]["code"], "not_found");
    let (st, _) = call(&s, "GET", "/v1/changes?after=abc", Some(admin), None);
    assert_eq!(st, 400);
}

#[test]
fn rate_limit_answers_429() {
    let cfg = Config {
        rate_limit: 1,
        ..Config::default()
    };
    let (s, tokens) = start(cfg);
    let admin = token(&tokens, "Administrator@contoso.com");
    let statuses: Vec<u16> = (0..6)
        .map(|_| call(&s, "GET", "/v1/whoami", Some(admin), None).0)
        .collect();
    assert!(statuses.contains(&200));
    assert!(statuses.contains(&429), "{statuses:?}");
}

#[test]
fn health_metrics_and_openapi() {
    let (s, tokens) = start(Config::default());
    let admin = token(&tokens, "Administrator@contoso.com");
    let (st, h) = call(&s, "GET", "/healthz", None, None);
    assert_eq!(st, 200);
    assert_eq!(h["status"], "ok");
    post(&s, "/v1/check", admin, json!({"cmdlet": "Get-Mailbox"}));
    let (st, m) = call(&s, "GET", "/metrics", None, None);
    assert_eq!(st, 200);
    let m = m.as_str().unwrap().to_string();
    assert!(
        m.contains("exrbac_http_requests_total{route=\"/v1/check\",status=\"200\"} 1"),
        "{m}"
    );
    assert!(m.contains("exrbac_decisions_total{result=\"allowed\"} 1"));
    assert!(m.contains("exrbac_revision{organization=\"contoso.com\"}"));
    assert!(!m.contains("exr_"), "no secrets in metrics");

    let (st, doc) = call(&s, "GET", "/v1/openapi.json", None, None);
    assert_eq!(st, 200);
    assert_eq!(doc["openapi"], "3.1.0");
    // Every route the router serves is documented, and nothing else.
    let paths: Vec<&str> = doc["paths"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    for p in [
        "/v1/check",
        "/v1/check/batch",
        "/v1/explain",
        "/v1/effective-permissions",
        "/v1/who-can",
        "/v1/invoke",
        "/v1/changes",
        "/v1/whoami",
        "/healthz",
        "/metrics",
        "/v1/openapi.json",
    ] {
        assert!(paths.contains(&p), "{p} undocumented");
    }
    for p in &paths {
        let (st, _) = call(&s, "GET", p, None, None);
        assert_ne!(st, 404, "{p} documented but not served");
    }
}
