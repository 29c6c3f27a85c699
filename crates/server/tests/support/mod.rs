//! A running `serve` for tests: a store seeded with contoso.com (users,
//! Help Desk member) and fabrikam.com, tokens, an in-process server on a
//! loopback port, and a small blocking HTTP client.

#![allow(dead_code, reason = "each test binary uses a part of the fixture")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a test stops loudly on a broken fixture"
)]

use exrbac_server::{AppState, Config, node::Node};
use exrbac_store::Store;
use serde_json::Value;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

pub struct Server {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// The store's `--db` value.
    pub db: String,
    dir: Option<PathBuf>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
    stop: Arc<AtomicBool>,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
        if let Some(s) = self.shutdown.take() {
            let _ = s.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
        if let Some(d) = &self.dir {
            let _ = std::fs::remove_dir_all(d);
        }
    }
}

pub const SETUP: &str = r#"
New-ADOrganizationalUnit -Name Sales -Path "DC=contoso,DC=com"
New-Mailbox -Name Sales1 -OrganizationalUnit "contoso.com/Sales" -UserPrincipalName sales1@contoso.com
New-Mailbox -Name Sales2 -OrganizationalUnit "contoso.com/Sales" -UserPrincipalName sales2@contoso.com
New-Mailbox -Name Helpy -UserPrincipalName helpy@contoso.com
New-Mailbox -Name Nobody -UserPrincipalName nobody@contoso.com
Add-RoleGroupMember "Help Desk" -Member Helpy
"#;

pub fn run_script(org: &mut exrbac_core::Organization, as_user: &str, src: &str) {
    let user = org.find_recipient(as_user).unwrap();
    let mut s = exrbac_shell::Session::new(org, user);
    for o in s.run_text(src).unwrap() {
        assert!(o.errors.is_empty(), "setup failed: {:?}", o.errors);
    }
}

/// A fresh SQLite store in a temporary directory, seeded; serves it.
pub fn start(config: Config) -> (Server, Vec<(String, String)>) {
    let dir = std::env::temp_dir().join(format!(
        "exrbac-http-{}-{}",
        std::process::id(),
        rand_suffix()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("s.db").to_str().unwrap().to_string();
    let tokens = seed(&db);
    (serve(&db, config, Some(dir)), tokens)
}

/// Seeds a store with contoso.com (SETUP) and fabrikam.com; returns tokens
/// as ("Principal@organization", secret).
pub fn seed(db: &str) -> Vec<(String, String)> {
    let mut store = Store::open(db, true).unwrap();
    let mut contoso = exrbac_shell::new_organization("contoso.com").unwrap();
    run_script(&mut contoso, "Administrator", SETUP);
    store.insert(&mut contoso).unwrap();
    let mut fabrikam = exrbac_shell::new_organization("fabrikam.com").unwrap();
    run_script(
        &mut fabrikam,
        "Administrator",
        "New-Mailbox -Name Eve -UserPrincipalName eve@fabrikam.com",
    );
    store.insert(&mut fabrikam).unwrap();
    let mut tokens = Vec::new();
    for (org, p) in [
        ("contoso.com", "Administrator"),
        ("contoso.com", "Helpy"),
        ("contoso.com", "Nobody"),
        ("fabrikam.com", "Administrator"),
    ] {
        let t = store.create_token(org, p).unwrap();
        tokens.push((format!("{p}@{org}"), t.secret));
    }
    tokens
}

/// A node on an existing store, listening on a free loopback port.
pub fn serve(db: &str, config: Config, dir: Option<PathBuf>) -> Server {
    let store = Store::open(db, false).unwrap();
    let node = Node::new(store);
    node.load_all().unwrap();
    let state = AppState::new(node, config.clone());
    let stop = Arc::new(AtomicBool::new(false));
    exrbac_server::follow_store(state.node.clone(), db.to_string(), &config, stop.clone());
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let (addr_tx, addr_rx) = std::sync::mpsc::channel();
    let thread = std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async move {
            let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            addr_tx.send(l.local_addr().unwrap()).unwrap();
            axum::serve(l, exrbac_server::router(state))
                .with_graceful_shutdown(async {
                    let _ = rx.await;
                })
                .await
                .unwrap();
        });
    });
    let addr = addr_rx.recv().unwrap();
    Server {
        base: format!("http://{addr}"),
        db: db.to_string(),
        dir,
        shutdown: Some(tx),
        thread: Some(thread),
        stop,
    }
}

fn rand_suffix() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    N.fetch_add(1, Ordering::Relaxed)
}

pub fn token<'a>(tokens: &'a [(String, String)], who: &str) -> &'a str {
    &tokens.iter().find(|(k, _)| k == who).unwrap().1
}

pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(20)))
        .build()
        .into()
}

/// (status, body as JSON or as a string)
pub fn call(
    s: &Server,
    method: &str,
    path: &str,
    tok: Option<&str>,
    body: Option<&str>,
) -> (u16, Value) {
    let url = format!("{}{path}", s.base);
    let a = agent();
    let mut resp = match method {
        "GET" => {
            let mut r = a.get(&url);
            if let Some(t) = tok {
                r = r.header("Authorization", &format!("Bearer {t}"));
            }
            r.call().unwrap()
        }
        _ => {
            let mut r = a.post(&url).header("Content-Type", "application/json");
            if let Some(t) = tok {
                r = r.header("Authorization", &format!("Bearer {t}"));
            }
            r.send(body.unwrap_or("")).unwrap()
        }
    };
    let status = resp.status().as_u16();
    let text = resp.body_mut().read_to_string().unwrap();
    let v = serde_json::from_str(&text).unwrap_or(Value::String(text));
    (status, v)
}

pub fn post(s: &Server, path: &str, tok: &str, body: Value) -> (u16, Value) {
    call(s, "POST", path, Some(tok), Some(&body.to_string()))
}
