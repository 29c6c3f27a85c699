//! `exrbac serve`: the HTTP/JSON service over an exrbac store.
//!
//! Every request is authenticated by a per-principal API token and decided
//! with the caller's own RBAC, from an immutable in-memory snapshot of its
//! organization (see [`node`]); writes go through the shell (`/v1/invoke`),
//! commit to the store and are published as a new snapshot. Nodes on one
//! PostgreSQL database follow each other's commits through change
//! notification and the store's change log. The routes are described by
//! `openapi.json` beside this crate, served at `/v1/openapi.json`.
#![deny(missing_docs)]

pub mod api;
pub mod auth;
pub mod err;
pub mod metrics;
pub mod node;
pub mod tls;

use crate::auth::Auth;
use crate::err::ApiError;
use crate::metrics::Metrics;
use crate::node::Node;
use axum::Router;
use axum::extract::{DefaultBodyLimit, MatchedPath, Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// The OpenAPI document of the `/v1` API.
pub const OPENAPI: &str = include_str!("../openapi.json");

/// Limits and settings of a node.
#[derive(Debug, Clone)]
pub struct Config {
    /// Largest request body, in bytes.
    pub max_body: usize,
    /// Requests per second per token (0: unlimited); bursts to twice that.
    pub rate_limit: u32,
    /// Longest a read request may take (invoke runs to completion).
    pub request_timeout: Duration,
    /// How often the node looks for other processes' commits when it has
    /// no change notification (SQLite), or as a fallback.
    pub poll_interval: Duration,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            max_body: 1024 * 1024,
            rate_limit: 100_000,
            request_timeout: Duration::from_secs(30),
            poll_interval: Duration::from_millis(250),
        }
    }
}

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    /// The store and the organizations' snapshots.
    pub node: Arc<Node>,
    /// Tokens and rate limits.
    pub auth: Arc<Auth>,
    /// Counters for `/metrics`.
    pub metrics: Arc<Metrics>,
    /// Limits.
    pub config: Arc<Config>,
}

impl AppState {
    /// State over a node.
    pub fn new(node: Node, config: Config) -> AppState {
        AppState {
            node: Arc::new(node),
            auth: Arc::new(Auth::new(config.rate_limit)),
            metrics: Arc::new(Metrics::default()),
            config: Arc::new(config),
        }
    }
}

/// The service's routes.
pub fn router(state: AppState) -> Router {
    let authed = Router::new()
        .route("/v1/whoami", get(api::whoami))
        .route("/v1/check", post(api::check))
        .route("/v1/check/batch", post(api::batch))
        .route("/v1/explain", post(api::explain))
        .route("/v1/effective-permissions", post(api::effective))
        .route("/v1/who-can", post(api::who_can))
        .route("/v1/changes", get(api::changes))
        .route("/v1/invoke", post(api::invoke))
        .route_layer(middleware::from_fn_with_state(state.clone(), authenticate));
    Router::new()
        .merge(authed)
        // The web console's static files: no data in them, so no token.
        .merge(exrbac_console::router())
        .route("/healthz", get(healthz))
        .route("/metrics", get(prometheus))
        .route("/v1/openapi.json", get(openapi))
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(state.clone(), observe))
        .layer(DefaultBodyLimit::max(state.config.max_body))
        .with_state(state)
}

async fn authenticate(
    State(st): State<AppState>,
    mut req: Request,
    next: Next,
) -> Result<Response, ApiError> {
    let header = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let caller = st.auth.authenticate(&st.node, header.as_deref()).await?;
    tracing::debug!(organization = %caller.tenant.name, principal = %caller.principal, token = %caller.token_id, "authenticated");
    req.extensions_mut().insert(caller);
    Ok(next.run(req).await)
}

/// Counts and logs every request, and bounds how long reads may take.
async fn observe(State(st): State<AppState>, req: Request, next: Next) -> Response {
    let start = Instant::now();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "(unmatched)".to_string(), |m| m.as_str().to_string());
    let method = req.method().clone();
    // A script that is writing is never abandoned halfway: invoke runs to
    // completion (graceful shutdown waits for it too).
    let bounded = route != "/v1/invoke";
    let limit = st.config.request_timeout;
    let resp = if bounded {
        match tokio::time::timeout(limit, next.run(req)).await {
            Ok(r) => r,
            Err(_) => ApiError::Timeout(limit.as_secs()).into_response(),
        }
    } else {
        next.run(req).await
    };
    let took = start.elapsed();
    let status = resp.status().as_u16();
    st.metrics.record(&route, status, took);
    tracing::info!(%method, route = %route, status, micros = took.as_micros() as u64, "request");
    resp
}

async fn healthz(State(st): State<AppState>) -> Response {
    let orgs: Vec<serde_json::Value> = st
        .node
        .tenants()
        .iter()
        .map(|t| serde_json::json!({ "organization": t.name, "revision": t.revision() }))
        .collect();
    axum::Json(serde_json::json!({ "status": "ok", "organizations": orgs })).into_response()
}

async fn prometheus(State(st): State<AppState>) -> Response {
    let revisions: Vec<(String, u64)> = st
        .node
        .tenants()
        .iter()
        .map(|t| (t.name.clone(), t.revision()))
        .collect();
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        st.metrics.render(&revisions),
    )
        .into_response()
}

async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI).into_response()
}

async fn not_found() -> Response {
    (
        StatusCode::NOT_FOUND,
        axum::Json(serde_json::json!({
            "error": { "code": "not_found", "message": "no such endpoint; see /v1/openapi.json" }
        })),
    )
        .into_response()
}

/// Keeps a node's snapshots current with what other processes commit: on
/// PostgreSQL it wakes on change notification, on SQLite (and as a
/// fallback) it looks every `poll_interval`. Stops when `stop` is set.
pub fn follow_store(node: Arc<Node>, db: String, config: &Config, stop: Arc<AtomicBool>) {
    let every = config.poll_interval;
    std::thread::spawn(move || {
        let mut listener = if exrbac_store::is_postgres_url(&db) {
            exrbac_store::Store::open(&db, false).ok()
        } else {
            None
        };
        while !stop.load(Ordering::Relaxed) {
            let woke = match listener.as_mut().and_then(|s| s.as_postgres_mut()) {
                Some(pg) => match pg.wait_for_change(every) {
                    Ok(found) => found,
                    Err(e) => {
                        tracing::warn!(error = %e, "listening for changes failed; polling");
                        std::thread::sleep(every);
                        None
                    }
                },
                None => {
                    std::thread::sleep(every);
                    None
                }
            };
            node.catch_up_all();
            if let (Some((org, rev)), Some(pg)) =
                (woke, listener.as_mut().and_then(|s| s.as_postgres_mut()))
            {
                pg.note_seen(&org, rev);
            }
        }
    });
}

/// Waits for Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutting down: no new connections; answering the requests in flight");
}
