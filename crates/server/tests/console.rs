//! The web console served by `serve`: its files need no token and carry a
//! strict Content-Security-Policy; every data call it makes needs one.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a test stops loudly on a broken fixture"
)]

mod support;

use exrbac_server::Config;
use support::{agent, call, start, token};

/// (status, content type, CSP, body) of a GET without a token.
fn get(base: &str, path: &str) -> (u16, String, String, Vec<u8>) {
    let mut r = agent().get(&format!("{base}{path}")).call().unwrap();
    let header = |n: &str| {
        r.headers()
            .get(n)
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default()
    };
    let ct = header("content-type");
    let csp = header("content-security-policy");
    let nosniff = header("x-content-type-options");
    let status = r.status().as_u16();
    if status == 200 {
        assert_eq!(nosniff, "nosniff", "{path}");
    }
    let body = r.body_mut().read_to_vec().unwrap();
    (status, ct, csp, body)
}

#[test]
fn the_console_files_are_served_without_a_token_with_their_types_and_csp() {
    let (s, _) = start(Config::default());
    let mut seen = 0;
    for (path, want) in exrbac_console::paths() {
        let (st, ct, csp, body) = get(&s.base, path);
        assert_eq!(st, 200, "{path}");
        assert_eq!(ct, want, "{path}");
        assert_eq!(csp, exrbac_console::CONTENT_SECURITY_POLICY, "{path}");
        assert!(!body.is_empty(), "{path}");
        seen += 1;
    }
    assert!(seen >= 3, "the page, its script and its stylesheet");

    let (_, ct, _, page) = get(&s.base, "/console/");
    assert!(ct.starts_with("text/html"));
    let page = String::from_utf8(page).unwrap();
    // Only this origin's own files: no other host, no inline script or style.
    for needle in [
        "http://", "https://", "//cdn", "<style", " style=", "onclick=", "onload=",
    ] {
        assert!(!page.contains(needle), "the page holds {needle:?}");
    }
    assert!(page.contains(r#"<script src="console.js" defer></script>"#));
    for p in [
        "script-src 'self'",
        "default-src 'none'",
        "connect-src 'self'",
        "frame-ancestors 'none'",
    ] {
        assert!(exrbac_console::CONTENT_SECURITY_POLICY.contains(p), "{p}");
    }
    let (_, _, _, js) = get(&s.base, "/console/console.js");
    let js = String::from_utf8(js).unwrap();
    assert!(
        !js.contains("innerHTML") && !js.contains("eval("),
        "values are text, never markup or code"
    );
    // The SVG namespace is a name, not a place the page goes.
    let js = js.replace("'http://www.w3.org/2000/svg'", "");
    assert!(
        !js.contains("http://") && !js.contains("https://"),
        "no other host"
    );

    // /console redirects to the page; nothing else under /console exists.
    let mut r = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .build()
        .new_agent()
        .get(&format!("{}/console", s.base))
        .call()
        .unwrap();
    assert_eq!(r.status().as_u16(), 308);
    assert_eq!(r.headers().get("location").unwrap(), "/console/");
    let _ = r.body_mut().read_to_vec();
    let (st, _, _, _) = get(&s.base, "/console/secrets.json");
    assert_eq!(st, 404);
}

#[test]
fn every_data_call_the_console_makes_needs_a_token() {
    let (s, tokens) = start(Config::default());
    // The calls the console makes, each refused without a token…
    let calls: [(&str, &str, &str); 5] = [
        ("GET", "/v1/whoami", ""),
        ("POST", "/v1/invoke", r#"{"script":"Get-RoleGroup"}"#),
        (
            "POST",
            "/v1/check/batch",
            r#"{"checks":[{"cmdlet":"New-RoleGroup"}]}"#,
        ),
        ("POST", "/v1/explain", r#"{"cmdlet":"Get-Mailbox"}"#),
        (
            "POST",
            "/v1/who-can",
            r#"{"cmdlet":"Set-User","target":"Sales1"}"#,
        ),
    ];
    for (m, path, body) in calls {
        let (st, v) = call(&s, m, path, None, Some(body));
        assert_eq!(st, 401, "{path}: {v}");
    }
    // …and answered with one.
    let admin = token(&tokens, "Administrator@contoso.com");
    for (m, path, body) in calls {
        let (st, v) = call(&s, m, path, Some(admin), Some(body));
        assert_eq!(st, 200, "{path}: {v}");
    }
    // The buttons a Help Desk member is shown come from the same check.
    let helpy = token(&tokens, "Helpy@contoso.com");
    let (st, v) = call(
        &s,
        "POST",
        "/v1/check/batch",
        Some(helpy),
        Some(
            r#"{"checks":[{"cmdlet":"New-RoleGroup","parameters":["Name"]},{"cmdlet":"Get-Mailbox"}]}"#,
        ),
    );
    assert_eq!(st, 200, "{v}");
    assert_eq!(v["results"][0]["allowed"], false);
    assert_eq!(v["results"][1]["allowed"], true);
}
