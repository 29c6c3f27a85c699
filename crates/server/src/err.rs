//! Errors as the API answers them: a status and `{"error": {"code", "message"}}`.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use exrbac_store::StoreError;
use thiserror::Error;

/// Why a request failed.
#[derive(Debug, Error)]
pub enum ApiError {
    /// No token, a bad one or a revoked one: the answer is the same for all
    /// three, so nothing is learnt by guessing.
    #[error("a valid API token is required (Authorization: Bearer …)")]
    Unauthorized,
    /// The caller's RBAC doesn't allow what it asked.
    #[error("{0}")]
    Forbidden(String),
    /// The named object isn't in the caller's organization.
    #[error("{0}")]
    NotFound(String),
    /// The body or the query is malformed.
    #[error("{0}")]
    BadRequest(String),
    /// The node hasn't reached the revision the request asked for in time.
    #[error(
        "this node is at revision {have} and didn't reach the requested revision {wanted} in time; retry later or on another node"
    )]
    NotCaughtUp {
        /// Asked for.
        wanted: u64,
        /// Held.
        have: u64,
    },
    /// Too many requests for this token.
    #[error("too many requests for this token; slow down")]
    RateLimited,
    /// The request took longer than the server allows.
    #[error("the request took longer than {0} s and was abandoned")]
    Timeout(u64),
    /// The store can't be used now.
    #[error("{0}")]
    Unavailable(String),
}

impl ApiError {
    /// A store failure, as the client sees it.
    pub fn store(e: StoreError) -> ApiError {
        match e {
            StoreError::NoOrganization(_) => ApiError::Unauthorized,
            other => ApiError::Unavailable(other.to_string()),
        }
    }

    fn status(&self) -> StatusCode {
        match self {
            ApiError::Unauthorized => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::NotCaughtUp { .. } => StatusCode::PRECONDITION_FAILED,
            ApiError::RateLimited => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Timeout(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
        }
    }

    fn code(&self) -> &'static str {
        match self {
            ApiError::Unauthorized => "unauthorized",
            ApiError::Forbidden(_) => "forbidden",
            ApiError::NotFound(_) => "not_found",
            ApiError::BadRequest(_) => "bad_request",
            ApiError::NotCaughtUp { .. } => "not_caught_up",
            ApiError::RateLimited => "rate_limited",
            ApiError::Timeout(_) => "timeout",
            ApiError::Unavailable(_) => "unavailable",
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut body = serde_json::json!({
            "error": { "code": self.code(), "message": self.to_string() }
        });
        if let ApiError::NotCaughtUp { have, .. } = &self {
            body["revision"] = (*have).into();
        }
        let mut r = (self.status(), axum::Json(body)).into_response();
        match self {
            ApiError::Unauthorized => {
                r.headers_mut()
                    .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            }
            ApiError::RateLimited | ApiError::NotCaughtUp { .. } => {
                r.headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
            }
            _ => {}
        }
        r
    }
}
