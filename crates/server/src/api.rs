//! The `/v1` endpoints. Every answer carries the revision it was decided
//! at; every request may ask for "at least revision N" and then waits
//! (bounded) for this node to catch up, or says it hasn't.

use crate::auth::Caller;
use crate::err::ApiError;
use crate::{AppState, metrics::Metrics};
use axum::Extension;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::response::{IntoResponse, Json, Response};
use exrbac_core::{Organization, Principal, RecipientId, Target};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

/// Most requests in one batch.
pub const MAX_BATCH: usize = 1_000;
/// Largest who-can page.
pub const MAX_PAGE: usize = 1_000;
/// Longest a request waits for a revision or a change.
pub const MAX_WAIT_MS: u64 = 30_000;

/// Parses a JSON body, naming the line and column of a mistake.
fn body<T: DeserializeOwned>(bytes: &Bytes) -> Result<T, ApiError> {
    serde_json::from_slice(bytes)
        .map_err(|e| ApiError::BadRequest(format!("invalid JSON body: {e}")))
}

/// How long a request may wait: as asked (at most [`MAX_WAIT_MS`]), and
/// always short of the server's request timeout, so a wait ends in an
/// answer rather than a timeout.
fn wait_limit(st: &AppState, wait_ms: Option<u64>, default: u64) -> Result<Duration, ApiError> {
    let ms = wait_ms.unwrap_or(default);
    if ms > MAX_WAIT_MS {
        return Err(ApiError::BadRequest(format!(
            "wait_ms is at most {MAX_WAIT_MS}; got {ms}"
        )));
    }
    let cap = st
        .config
        .request_timeout
        .saturating_sub(Duration::from_millis(500))
        .max(Duration::from_millis(100));
    Ok(Duration::from_millis(ms).min(cap))
}

/// Waits for `min_revision` when asked; the snapshot to answer from.
async fn at_least(
    st: &AppState,
    caller: &Caller,
    min_revision: Option<u64>,
    wait_ms: Option<u64>,
) -> Result<Arc<Organization>, ApiError> {
    let limit = wait_limit(st, wait_ms, 5_000)?;
    if let Some(wanted) = min_revision
        && caller.tenant.revision() < wanted
        && !caller.tenant.wait_for(wanted, limit).await
    {
        return Err(ApiError::NotCaughtUp {
            wanted,
            have: caller.tenant.revision(),
        });
    }
    Ok(caller.tenant.snapshot())
}

fn user(org: &Organization, name: &str) -> Result<RecipientId, ApiError> {
    org.find_recipient(name)
        .ok_or_else(|| ApiError::NotFound(format!("no principal `{name}` in {}", org.name)))
}

/// The principal a question is about: the caller, or another one when the
/// caller may read RBAC (Get-ManagementRoleAssignment).
fn subject(
    org: &Organization,
    caller: &Caller,
    asked: Option<&str>,
) -> Result<RecipientId, ApiError> {
    let me = org
        .find_recipient(&caller.principal)
        .ok_or(ApiError::Unauthorized)?;
    match asked {
        None => Ok(me),
        Some(n) if org.find_recipient(n) == Some(me) => Ok(me),
        Some(n) => {
            may_read_rbac(org, caller, &org.principal(me))?;
            user(org, n)
        }
    }
}

fn may_read_rbac(org: &Organization, caller: &Caller, my: &Principal) -> Result<(), ApiError> {
    if org.has_cmdlet(my, "Get-ManagementRoleAssignment") {
        Ok(())
    } else {
        Err(ApiError::Forbidden(format!(
            "`{}` can't read role assignments (Get-ManagementRoleAssignment isn't available to it), so it may only ask about itself",
            caller.principal
        )))
    }
}

fn target(org: &Organization, text: Option<&str>) -> Result<Target<'static>, ApiError> {
    match text {
        None => Ok(Target::None),
        Some(t) => org.target_named(t).map_err(ApiError::NotFound),
    }
}

/// `POST /v1/check` and `/v1/explain`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckRequest {
    /// The cmdlet.
    pub cmdlet: String,
    /// Parameters used.
    #[serde(default)]
    pub parameters: Vec<String>,
    /// The object acted on.
    pub target: Option<String>,
    /// Decide for this principal instead of the caller.
    pub principal: Option<String>,
    /// Answer only at this revision or later.
    pub min_revision: Option<u64>,
    /// How long to wait for `min_revision`, in ms.
    pub wait_ms: Option<u64>,
    /// Include the explanation (default: true).
    pub explain: Option<bool>,
}

#[derive(Serialize)]
struct CheckAnswer {
    allowed: bool,
    revision: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    explanation: Option<exrbac_core::Explanation>,
}

fn count(m: &Metrics, allowed: bool) {
    if allowed {
        m.allowed.fetch_add(1, Ordering::Relaxed);
    } else {
        m.denied.fetch_add(1, Ordering::Relaxed);
    }
}

fn decide_one(
    org: &Organization,
    caller: &Caller,
    r: &CheckRequest,
    explain: bool,
) -> Result<CheckAnswer, ApiError> {
    let id = subject(org, caller, r.principal.as_deref())?;
    let t = target(org, r.target.as_deref())?;
    let params: Vec<&str> = r.parameters.iter().map(String::as_str).collect();
    if explain {
        let d = org.decide(id, &r.cmdlet, &params, t);
        return Ok(CheckAnswer {
            allowed: d.allowed,
            revision: org.revision,
            error: d.error,
            explanation: Some(d.explanation),
        });
    }
    let decided = org.check_as(id, &r.cmdlet, &params, t);
    Ok(CheckAnswer {
        allowed: decided.is_ok(),
        revision: org.revision,
        error: decided.err().map(|e| e.to_string()),
        explanation: None,
    })
}

/// `POST /v1/check`.
pub async fn check(
    State(st): State<AppState>,
    Extension(caller): Extension<Caller>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    answer(&st, &caller, &bytes, None).await
}

/// `POST /v1/explain`: a check that always explains.
pub async fn explain(
    State(st): State<AppState>,
    Extension(caller): Extension<Caller>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    answer(&st, &caller, &bytes, Some(true)).await
}

async fn answer(
    st: &AppState,
    caller: &Caller,
    bytes: &Bytes,
    explain: Option<bool>,
) -> Result<Response, ApiError> {
    let r: CheckRequest = body(bytes)?;
    let org = at_least(st, caller, r.min_revision, r.wait_ms).await?;
    let a = decide_one(&org, caller, &r, explain.or(r.explain).unwrap_or(true))?;
    count(&st.metrics, a.allowed);
    Ok(Json(a).into_response())
}

/// `POST /v1/check/batch`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BatchRequest {
    /// The checks, decided at one revision.
    pub checks: Vec<CheckRequest>,
    /// Answer only at this revision or later.
    pub min_revision: Option<u64>,
    /// How long to wait for it, in ms.
    pub wait_ms: Option<u64>,
}

/// `POST /v1/check/batch`: every answer from one snapshot; a check that
/// names something missing answers with its own error, not the batch's.
pub async fn batch(
    State(st): State<AppState>,
    Extension(caller): Extension<Caller>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let r: BatchRequest = body(&bytes)?;
    if r.checks.len() > MAX_BATCH {
        return Err(ApiError::BadRequest(format!(
            "a batch holds at most {MAX_BATCH} checks; this one has {}",
            r.checks.len()
        )));
    }
    let org = at_least(&st, &caller, r.min_revision, r.wait_ms).await?;
    let mut results = Vec::with_capacity(r.checks.len());
    for (i, c) in r.checks.iter().enumerate() {
        if c.min_revision.is_some() || c.wait_ms.is_some() {
            return Err(ApiError::BadRequest(format!(
                "checks[{i}]: min_revision and wait_ms belong to the batch, not to one check"
            )));
        }
        match decide_one(&org, &caller, c, c.explain.unwrap_or(false)) {
            Ok(a) => {
                count(&st.metrics, a.allowed);
                results.push(serde_json::to_value(a).unwrap_or_default());
            }
            Err(e @ (ApiError::Unauthorized | ApiError::Forbidden(_))) => return Err(e),
            Err(e) => results.push(serde_json::json!({ "allowed": false, "error": e.to_string() })),
        }
    }
    Ok(Json(serde_json::json!({ "revision": org.revision, "results": results })).into_response())
}

/// `POST /v1/effective-permissions`.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct EffectiveRequest {
    /// Whose (default: the caller's).
    pub principal: Option<String>,
    /// Answer only at this revision or later.
    pub min_revision: Option<u64>,
    /// How long to wait for it, in ms.
    pub wait_ms: Option<u64>,
}

/// `POST /v1/effective-permissions`: every cmdlet the principal may run,
/// with parameters and write scopes.
pub async fn effective(
    State(st): State<AppState>,
    Extension(caller): Extension<Caller>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let r: EffectiveRequest = if bytes.is_empty() {
        EffectiveRequest::default()
    } else {
        body(&bytes)?
    };
    let org = at_least(&st, &caller, r.min_revision, r.wait_ms).await?;
    let id = subject(&org, &caller, r.principal.as_deref())?;
    let p = org.principal(id);
    let revision = org.revision;
    let name = org.recipient_name(id).to_string();
    let perms = blocking(move || org.effective_permissions(&p)).await?;
    Ok(Json(serde_json::json!({
        "revision": revision,
        "principal": name,
        "permissions": perms,
    }))
    .into_response())
}

/// `POST /v1/who-can`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WhoCanRequest {
    /// The cmdlet.
    pub cmdlet: String,
    /// Parameters used.
    #[serde(default)]
    pub parameters: Vec<String>,
    /// The object acted on.
    pub target: Option<String>,
    /// Where the previous page ended.
    pub cursor: Option<String>,
    /// Page size (default 100, at most 1000).
    pub limit: Option<usize>,
    /// Answer only at this revision or later.
    pub min_revision: Option<u64>,
    /// How long to wait for it, in ms.
    pub wait_ms: Option<u64>,
}

/// `POST /v1/who-can`: every user who may run the cmdlet with these
/// parameters on the target, and through which assignments; ordered by
/// name and paged by a cursor (the last name returned), never truncated.
pub async fn who_can(
    State(st): State<AppState>,
    Extension(caller): Extension<Caller>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let r: WhoCanRequest = body(&bytes)?;
    let limit = r.limit.unwrap_or(100);
    if limit == 0 || limit > MAX_PAGE {
        return Err(ApiError::BadRequest(format!(
            "limit must be between 1 and {MAX_PAGE}"
        )));
    }
    let org = at_least(&st, &caller, r.min_revision, r.wait_ms).await?;
    let me = subject(&org, &caller, None)?;
    may_read_rbac(&org, &caller, &org.principal(me))?;
    let t = target(&org, r.target.as_deref())?;
    let revision = org.revision;
    let cursor = r.cursor;
    let cmdlet = r.cmdlet;
    let params = r.parameters;
    // The target holds no borrow of the snapshot, so the query can move.
    let mut all = blocking(move || {
        let p: Vec<&str> = params.iter().map(String::as_str).collect();
        org.who_can(&cmdlet, &p, t)
    })
    .await?;
    all.sort_by(|a, b| {
        a.user
            .to_lowercase()
            .cmp(&b.user.to_lowercase())
            .then_with(|| a.user.cmp(&b.user))
    });
    let start = match &cursor {
        None => 0,
        Some(c) => {
            let key = c.to_lowercase();
            all.partition_point(|w| {
                let k = w.user.to_lowercase();
                k < key || (k == key && w.user.as_str() <= c.as_str())
            })
        }
    };
    let page: Vec<_> = all.iter().skip(start).take(limit).cloned().collect();
    let next = (start + page.len() < all.len())
        .then(|| page.last().map(|w| w.user.clone()))
        .flatten();
    Ok(Json(serde_json::json!({
        "revision": revision,
        "total": all.len(),
        "results": page,
        "next_cursor": next,
    }))
    .into_response())
}

/// Runs a long query on a blocking thread, off the request workers.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|_| ApiError::Unavailable("the query was interrupted".into()))
}

/// `POST /v1/invoke`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InvokeRequest {
    /// The script (Exchange Management Shell syntax).
    pub script: String,
    /// Run only at this revision or later.
    pub min_revision: Option<u64>,
    /// How long to wait for it, in ms.
    pub wait_ms: Option<u64>,
}

/// `POST /v1/invoke`: runs a script as the caller, the remote-PowerShell
/// way — the caller's RBAC gates every cmdlet; confirmations are accepted
/// as in a script. Returns each statement's objects, text, errors and
/// warnings, and the revision after the script.
pub async fn invoke(
    State(st): State<AppState>,
    Extension(caller): Extension<Caller>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let r: InvokeRequest = body(&bytes)?;
    at_least(&st, &caller, r.min_revision, r.wait_ms).await?;
    let script =
        exrbac_pwsh::parse(&r.script).map_err(|e| ApiError::BadRequest(e.render(&r.script)))?;
    st.metrics.invocations.fetch_add(1, Ordering::Relaxed);
    let node = st.node.clone();
    let tenant = caller.tenant.clone();
    let principal = caller.principal.clone();
    let done = tokio::task::spawn_blocking(move || tenant.invoke(&node.store, &principal, &script))
        .await
        .map_err(|_| ApiError::Unavailable("the script was interrupted".into()))??;
    let outcomes: Vec<serde_json::Value> = done
        .outcomes
        .iter()
        .map(|o| {
            serde_json::json!({
                "output": o.output.iter().map(exrbac_shell::Value::to_json).collect::<Vec<_>>(),
                "text": exrbac_shell::render_outcome(o),
                "errors": o.errors.iter().map(|e| serde_json::json!({
                    "message": e.message,
                    "command": e.command,
                    "position": e.position,
                    "terminating": e.terminating,
                })).collect::<Vec<_>>(),
                "warnings": o.warnings,
                "host": o.host,
            })
        })
        .collect();
    let failed = done.outcomes.iter().any(|o| !o.errors.is_empty());
    Ok(Json(serde_json::json!({
        "revision": done.revision,
        "succeeded": !failed,
        "outcomes": outcomes,
    }))
    .into_response())
}

/// `GET /v1/changes?after=N&wait_ms=M`.
#[derive(Debug, Default)]
pub struct ChangesQuery {
    /// The revision the client has seen.
    pub after: u64,
    /// How long to wait for a newer one, in ms (default 25 s).
    pub wait_ms: Option<u64>,
}

impl ChangesQuery {
    /// Parses the query string; errors name the parameter.
    pub fn parse(raw: Option<&str>) -> Result<ChangesQuery, ApiError> {
        let mut q = ChangesQuery::default();
        let mut after = None;
        for pair in raw.unwrap_or("").split('&').filter(|p| !p.is_empty()) {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            let n = || {
                v.parse::<u64>().map_err(|_| {
                    ApiError::BadRequest(format!(
                        "query parameter `{k}` must be a whole number, not `{v}`"
                    ))
                })
            };
            match k {
                "after" => after = Some(n()?),
                "wait_ms" => q.wait_ms = Some(n()?),
                other => {
                    return Err(ApiError::BadRequest(format!(
                        "unknown query parameter `{other}` (expected after, wait_ms)"
                    )));
                }
            }
        }
        q.after = after
            .ok_or_else(|| ApiError::BadRequest("query parameter `after` is required".into()))?;
        Ok(q)
    }
}

/// `GET /v1/changes`: long-poll for the next committed revision of the
/// caller's organization. Answers at once when the node is past `after`;
/// otherwise when a newer revision is published, or with `changed: false`
/// when the wait ends.
pub async fn changes(
    State(st): State<AppState>,
    Extension(caller): Extension<Caller>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let q = ChangesQuery::parse(raw.as_deref())?;
    let limit = wait_limit(&st, q.wait_ms, 25_000)?;
    let mut rx = caller.tenant.subscribe();
    let after = q.after;
    let _ = tokio::time::timeout(limit, rx.wait_for(|r| *r > after)).await;
    let revision = caller.tenant.revision();
    Ok(Json(serde_json::json!({
        "organization": caller.tenant.name,
        "revision": revision,
        "changed": revision > after,
    }))
    .into_response())
}

/// `GET /v1/whoami`.
pub async fn whoami(Extension(caller): Extension<Caller>) -> Result<Response, ApiError> {
    Ok(Json(serde_json::json!({
        "organization": caller.tenant.name,
        "principal": caller.principal,
        "token": caller.token_id,
        "revision": caller.tenant.revision(),
    }))
    .into_response())
}
