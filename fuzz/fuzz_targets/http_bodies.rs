//! Request bodies of the HTTP API, through the real router with a valid
//! token: any body gets an answer, never a 5xx.
#![no_main]
use axum::body::Body;
use axum::http::Request;
use exrbac_server::{AppState, Config, node::Node};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use tower::ServiceExt;

const ROUTES: [&str; 7] = [
    "/v1/check",
    "/v1/check/batch",
    "/v1/explain",
    "/v1/effective-permissions",
    "/v1/who-can",
    "/v1/invoke",
    // The change feed's query, parsed without waiting on a long poll.
    "changes-query",
];

struct Fixture {
    rt: tokio::runtime::Runtime,
    app: axum::Router,
    token: String,
}

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("exrbac-fuzz-http-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        let db = dir.join("f.db");
        let _ = std::fs::remove_file(&db);
        let mut store = exrbac_store::Store::open(db.to_str().unwrap_or("f.db"), true)
            .unwrap_or_else(|e| panic!("{e}"));
        let mut org =
            exrbac_shell::new_organization("contoso.com").unwrap_or_else(|e| panic!("{e}"));
        store.insert(&mut org).unwrap_or_else(|e| panic!("{e}"));
        let token = store
            .create_token("contoso.com", "Administrator")
            .unwrap_or_else(|e| panic!("{e}"))
            .secret;
        let node = Node::new(store);
        let _ = node.load_all();
        let config = Config {
            request_timeout: std::time::Duration::from_secs(2),
            rate_limit: 0,
            ..Config::default()
        };
        let app = exrbac_server::router(AppState::new(node, config));
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap_or_else(|e| panic!("{e}"));
        Fixture { rt, app, token }
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, body)) = data.split_first() else {
        return;
    };
    let f = fixture();
    let route = ROUTES[usize::from(pick) % ROUTES.len()];
    if route == "changes-query" {
        let _ = exrbac_server::api::ChangesQuery::parse(std::str::from_utf8(body).ok());
        return;
    }
    let req = {
        Request::post(route)
            .header("Authorization", format!("Bearer {}", f.token))
            .header("Content-Type", "application/json")
            .body(Body::from(body.to_vec()))
    };
    let Ok(req) = req else {
        return;
    };
    let resp =
        f.rt.block_on(f.app.clone().oneshot(req))
            .unwrap_or_else(|e| match e {});
    assert!(
        !resp.status().is_server_error(),
        "{route} answered {} to {:?}",
        resp.status(),
        String::from_utf8_lossy(body)
    );
});
