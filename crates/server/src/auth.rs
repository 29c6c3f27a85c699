//! Who is calling: a bearer token resolved to one principal of one
//! organization, and a per-token rate limit.

use crate::err::ApiError;
use crate::node::{Node, Tenant, lock};
use exrbac_store::{TokenOwner, hash_secret};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long a token found valid is trusted without asking the store again:
/// a token revoked through another process stops working within this time
/// (at once when revoked through this node).
pub const TOKEN_RECHECK: Duration = Duration::from_secs(1);

/// The authenticated caller of a request.
#[derive(Clone)]
pub struct Caller {
    /// The caller's organization.
    pub tenant: Arc<Tenant>,
    /// The principal the token acts as.
    pub principal: String,
    /// The token's id (logged; never the secret).
    pub token_id: String,
}

struct Bucket {
    tokens: f64,
    at: Instant,
}

/// Token cache and rate limiter.
pub struct Auth {
    cache: Mutex<HashMap<String, (TokenOwner, Instant)>>,
    buckets: Mutex<HashMap<String, Bucket>>,
    /// Requests per second per token (0: no limit); bursts up to twice that.
    pub rate: u32,
}

impl Auth {
    /// A token cache with a per-token rate.
    pub fn new(rate: u32) -> Auth {
        Auth {
            cache: Mutex::new(HashMap::new()),
            buckets: Mutex::new(HashMap::new()),
            rate,
        }
    }

    /// Forgets a token at once (it was revoked through this node).
    pub fn forget(&self, token_id: &str) {
        self.cache
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .retain(|_, (o, _)| o.id != token_id);
    }

    fn cached(&self, hash: &str) -> Option<TokenOwner> {
        let cache = self.cache.lock().unwrap_or_else(|p| p.into_inner());
        cache
            .get(hash)
            .filter(|(_, at)| at.elapsed() < TOKEN_RECHECK)
            .map(|(o, _)| o.clone())
    }

    /// Resolves an `Authorization` header value to the caller.
    pub async fn authenticate(
        self: &Arc<Self>,
        node: &Arc<Node>,
        header: Option<&str>,
    ) -> Result<Caller, ApiError> {
        let secret = header
            .and_then(|h| {
                let (scheme, rest) = h.trim().split_once(' ')?;
                scheme.eq_ignore_ascii_case("bearer").then(|| rest.trim())
            })
            .filter(|s| !s.is_empty())
            .ok_or(ApiError::Unauthorized)?
            .to_string();
        let hash = hash_secret(&secret);
        let owner = match self.cached(&hash) {
            Some(o) => o,
            None => {
                let node = node.clone();
                let found =
                    tokio::task::spawn_blocking(move || lock(&node.store).authenticate(&secret))
                        .await
                        .map_err(|_| {
                            ApiError::Unavailable("the token check was interrupted".into())
                        })?
                        .map_err(ApiError::store)?;
                let owner = found.ok_or(ApiError::Unauthorized)?;
                let mut cache = self.cache.lock().unwrap_or_else(|p| p.into_inner());
                // Bounded: a flood of distinct valid tokens can't grow it forever.
                if cache.len() > 100_000 {
                    cache.retain(|_, (_, at)| at.elapsed() < TOKEN_RECHECK);
                }
                cache.insert(hash, (owner.clone(), Instant::now()));
                owner
            }
        };
        self.admit(&owner.id)?;
        // Loaded once, then found on every request without the hop to a
        // blocking thread (a thread switch per request, and queueing
        // behind any store work, under load).
        let tenant = match node.loaded_tenant(&owner.organization) {
            Some(t) => t,
            None => {
                let node = node.clone();
                let org = owner.organization.clone();
                tokio::task::spawn_blocking(move || node.tenant(&org))
                    .await
                    .map_err(|_| {
                        ApiError::Unavailable("loading the organization was interrupted".into())
                    })?
                    .map_err(ApiError::store)?
            }
        };
        // A token whose principal was removed acts as nobody.
        if tenant.snapshot().find_recipient(&owner.principal).is_none() {
            return Err(ApiError::Unauthorized);
        }
        Ok(Caller {
            tenant,
            principal: owner.principal,
            token_id: owner.id,
        })
    }

    fn admit(&self, token_id: &str) -> Result<(), ApiError> {
        if self.rate == 0 {
            return Ok(());
        }
        let rate = f64::from(self.rate);
        let burst = rate * 2.0;
        let mut buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        let b = buckets.entry(token_id.to_string()).or_insert(Bucket {
            tokens: burst,
            at: now,
        });
        let refill = now.duration_since(b.at).as_secs_f64() * rate;
        b.tokens = (b.tokens + refill).min(burst);
        b.at = now;
        if b.tokens < 1.0 {
            return Err(ApiError::RateLimited);
        }
        b.tokens -= 1.0;
        Ok(())
    }
}
