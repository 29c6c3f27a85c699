//! The web console: the Exchange admin center's "permissions" pages (admin
//! roles, user roles, roles and scopes, explain and who-can) as static
//! HTML, CSS and JavaScript compiled into the binary and served by
//! `exrbac serve` under [`BASE`].
//!
//! The assets carry no data and need no token: the page asks for an API
//! token, keeps it in the browser's session storage, and does everything
//! through the `/v1` API as that token's principal, so it can never show or
//! do more than the principal may. A strict Content-Security-Policy keeps
//! the page to its own origin: no inline script or style, no other host.
#![deny(missing_docs)]

use axum::Router;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;

/// Where the console is served.
pub const BASE: &str = "/console/";

/// The policy every console response carries: only this origin's own
/// scripts, styles, images and API; no frames, no plugins, no inline code.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// One embedded file.
struct Asset {
    path: &'static str,
    content_type: &'static str,
    body: &'static [u8],
}

const ASSETS: &[Asset] = &[
    Asset {
        path: "/console/",
        content_type: "text/html; charset=utf-8",
        body: include_bytes!("../assets/index.html"),
    },
    Asset {
        path: "/console/console.js",
        content_type: "text/javascript; charset=utf-8",
        body: include_bytes!("../assets/console.js"),
    },
    Asset {
        path: "/console/console.css",
        content_type: "text/css; charset=utf-8",
        body: include_bytes!("../assets/console.css"),
    },
    Asset {
        path: "/console/favicon.svg",
        content_type: "image/svg+xml",
        body: include_bytes!("../assets/favicon.svg"),
    },
];

fn respond(asset: &'static Asset) -> Response {
    let mut r = asset.body.into_response();
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(asset.content_type),
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    // The assets change with the binary; a browser asks again each load
    // (they are small), so an upgraded server never runs a stale page.
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    r
}

/// The console's routes, to merge into the service's router. They need no
/// token: the assets hold no data; every data call the page makes does.
pub fn router<S: Clone + Send + Sync + 'static>() -> Router<S> {
    let mut r = Router::new().route("/console", get(|| async { Redirect::permanent(BASE) }));
    for a in ASSETS {
        r = r.route(a.path, get(move || async move { respond(a) }));
    }
    r
}

/// The paths the console serves (for tests and documentation).
pub fn paths() -> impl Iterator<Item = (&'static str, &'static str)> {
    ASSETS.iter().map(|a| (a.path, a.content_type))
}
