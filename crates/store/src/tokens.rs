//! API tokens for `exrbac serve`: a token names one principal of one
//! organization. Only a SHA-256 hash of the secret is stored, so a copy of
//! the store can't be used to sign in; the secret is shown once, when made.

use crate::err::StoreError;
use crate::{PgStore, SqliteStore, Store};
use rusqlite::OptionalExtension;
use serde::Serialize;
use sha2::{Digest, Sha256};

/// Every secret starts with this, so a leaked one is recognisable in logs
/// and by secret scanners.
pub const TOKEN_PREFIX: &str = "exr_";

/// A token just made: the secret is not kept anywhere else.
#[derive(Debug, Clone)]
pub struct NewToken {
    /// The token's id (what `token list` shows and `token revoke` takes).
    pub id: String,
    /// The secret a client sends as `Authorization: Bearer …`.
    pub secret: String,
}

/// A token as listed: everything but the secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TokenInfo {
    /// Its id.
    pub id: String,
    /// The organization.
    pub organization: String,
    /// The principal it acts as.
    pub principal: String,
    /// When it was made (seconds since 1970).
    pub created: i64,
    /// When it was revoked, if it was.
    pub revoked: Option<i64>,
}

/// Who a valid secret acts as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenOwner {
    /// The token's id.
    pub id: String,
    /// The organization.
    pub organization: String,
    /// The principal.
    pub principal: String,
}

/// The stored form of a secret.
pub fn hash_secret(secret: &str) -> String {
    hex(&Sha256::digest(secret.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

fn unavailable(detail: impl std::fmt::Display) -> StoreError {
    StoreError::Unavailable {
        path: "(token generator)".to_string(),
        detail: detail.to_string(),
    }
}

fn new_token() -> Result<NewToken, StoreError> {
    let mut id = [0u8; 6];
    let mut secret = [0u8; 32];
    getrandom::fill(&mut id).map_err(unavailable)?;
    getrandom::fill(&mut secret).map_err(unavailable)?;
    Ok(NewToken {
        id: hex(&id),
        secret: format!("{TOKEN_PREFIX}{}", hex(&secret)),
    })
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

impl Store {
    /// Makes a token for a principal of an organization. The caller checks
    /// that the principal exists; the store only checks the organization.
    pub fn create_token(&mut self, org: &str, principal: &str) -> Result<NewToken, StoreError> {
        let t = new_token()?;
        let hash = hash_secret(&t.secret);
        match self {
            Store::Sqlite(s) => s.insert_token(org, principal, &t.id, &hash)?,
            Store::Postgres(s) => s.insert_token(org, principal, &t.id, &hash)?,
        }
        Ok(t)
    }

    /// The tokens of an organization, of one principal when given, oldest first.
    pub fn list_tokens(
        &self,
        org: &str,
        principal: Option<&str>,
    ) -> Result<Vec<TokenInfo>, StoreError> {
        let mut all = match self {
            Store::Sqlite(s) => s.tokens(org)?,
            Store::Postgres(s) => s.tokens(org)?,
        };
        if let Some(p) = principal {
            all.retain(|t| t.principal.eq_ignore_ascii_case(p));
        }
        Ok(all)
    }

    /// Revokes a token of an organization; says whether one was revoked
    /// (false for an unknown id, another organization's, or one revoked before).
    pub fn revoke_token(&mut self, org: &str, id: &str) -> Result<bool, StoreError> {
        match self {
            Store::Sqlite(s) => s.set_revoked(org, id),
            Store::Postgres(s) => s.set_revoked(org, id),
        }
    }

    /// Who a secret acts as, if it is a live token.
    pub fn authenticate(&self, secret: &str) -> Result<Option<TokenOwner>, StoreError> {
        if !secret.starts_with(TOKEN_PREFIX) {
            return Ok(None);
        }
        let hash = hash_secret(secret);
        match self {
            Store::Sqlite(s) => s.token_owner(&hash),
            Store::Postgres(s) => s.token_owner(&hash),
        }
    }
}

impl SqliteStore {
    fn org_id(&self, org: &str) -> Result<i64, StoreError> {
        self.conn
            .query_row("SELECT id FROM organizations WHERE name = ?1", [org], |r| {
                r.get(0)
            })
            .optional()
            .map_err(|e| self.unavailable(e))?
            .ok_or_else(|| StoreError::NoOrganization(org.to_string()))
    }

    fn insert_token(
        &self,
        org: &str,
        principal: &str,
        id: &str,
        hash: &str,
    ) -> Result<(), StoreError> {
        let oid = self.org_id(org)?;
        self.conn
            .execute(
                "INSERT INTO tokens (id, org, principal, hash, created) VALUES (?1, ?2, ?3, ?4, ?5)",
                rusqlite::params![id, oid, principal, hash, now()],
            )
            .map_err(|e| self.unavailable(e))?;
        Ok(())
    }

    fn tokens(&self, org: &str) -> Result<Vec<TokenInfo>, StoreError> {
        let oid = self.org_id(org)?;
        let mut st = self
            .conn
            .prepare(
                "SELECT t.id, o.name, t.principal, t.created, t.revoked FROM tokens t \
                 JOIN organizations o ON o.id = t.org WHERE t.org = ?1 ORDER BY t.created, t.id",
            )
            .map_err(|e| self.unavailable(e))?;
        let rows = st
            .query_map([oid], |r| {
                Ok(TokenInfo {
                    id: r.get(0)?,
                    organization: r.get(1)?,
                    principal: r.get(2)?,
                    created: r.get(3)?,
                    revoked: r.get(4)?,
                })
            })
            .map_err(|e| self.unavailable(e))?;
        rows.collect::<Result<Vec<_>, _>>()
            .map_err(|e| self.unavailable(e))
    }

    fn set_revoked(&self, org: &str, id: &str) -> Result<bool, StoreError> {
        let oid = self.org_id(org)?;
        let n = self
            .conn
            .execute(
                "UPDATE tokens SET revoked = ?1 WHERE org = ?2 AND id = ?3 AND revoked IS NULL",
                rusqlite::params![now(), oid, id],
            )
            .map_err(|e| self.unavailable(e))?;
        Ok(n > 0)
    }

    fn token_owner(&self, hash: &str) -> Result<Option<TokenOwner>, StoreError> {
        self.conn
            .query_row(
                "SELECT t.id, o.name, t.principal FROM tokens t JOIN organizations o ON o.id = t.org \
                 WHERE t.hash = ?1 AND t.revoked IS NULL",
                [hash],
                |r| {
                    Ok(TokenOwner {
                        id: r.get(0)?,
                        organization: r.get(1)?,
                        principal: r.get(2)?,
                    })
                },
            )
            .optional()
            .map_err(|e| self.unavailable(e))
    }

    fn unavailable(&self, e: rusqlite::Error) -> StoreError {
        StoreError::Unavailable {
            path: self.path().display().to_string(),
            detail: e.to_string(),
        }
    }
}

impl PgStore {
    fn pg_org_id(&self, client: &mut ::postgres::Client, org: &str) -> Result<i64, StoreError> {
        client
            .query_opt(
                "SELECT id FROM organizations WHERE lower(name) = lower($1)",
                &[&org],
            )
            .map_err(|e| self.unavailable(&e))?
            .map(|r| r.try_get(0))
            .transpose()
            .map_err(|e| self.unavailable(&e))?
            .ok_or_else(|| StoreError::NoOrganization(org.to_string()))
    }

    fn insert_token(
        &self,
        org: &str,
        principal: &str,
        id: &str,
        hash: &str,
    ) -> Result<(), StoreError> {
        let mut inner = self.conn()?;
        let oid = self.pg_org_id(&mut inner.client, org)?;
        inner
            .client
            .execute(
                "INSERT INTO tokens (id, org, principal, hash, created) VALUES ($1, $2, $3, $4, $5)",
                &[&id, &oid, &principal, &hash, &now()],
            )
            .map_err(|e| self.unavailable(&e))?;
        Ok(())
    }

    fn tokens(&self, org: &str) -> Result<Vec<TokenInfo>, StoreError> {
        let mut inner = self.conn()?;
        let oid = self.pg_org_id(&mut inner.client, org)?;
        let rows = inner
            .client
            .query(
                "SELECT t.id, o.name, t.principal, t.created, t.revoked FROM tokens t \
                 JOIN organizations o ON o.id = t.org WHERE t.org = $1 ORDER BY t.created, t.id",
                &[&oid],
            )
            .map_err(|e| self.unavailable(&e))?;
        rows.iter()
            .map(|r| {
                Ok(TokenInfo {
                    id: r.try_get(0)?,
                    organization: r.try_get(1)?,
                    principal: r.try_get(2)?,
                    created: r.try_get(3)?,
                    revoked: r.try_get(4)?,
                })
            })
            .collect::<Result<Vec<_>, ::postgres::Error>>()
            .map_err(|e| self.unavailable(&e))
    }

    fn set_revoked(&self, org: &str, id: &str) -> Result<bool, StoreError> {
        let mut inner = self.conn()?;
        let oid = self.pg_org_id(&mut inner.client, org)?;
        let n = inner
            .client
            .execute(
                "UPDATE tokens SET revoked = $1 WHERE org = $2 AND id = $3 AND revoked IS NULL",
                &[&now(), &oid, &id],
            )
            .map_err(|e| self.unavailable(&e))?;
        Ok(n > 0)
    }

    fn token_owner(&self, hash: &str) -> Result<Option<TokenOwner>, StoreError> {
        let mut inner = self.conn()?;
        let row = inner
            .client
            .query_opt(
                "SELECT t.id, o.name, t.principal FROM tokens t JOIN organizations o ON o.id = t.org \
                 WHERE t.hash = $1 AND t.revoked IS NULL",
                &[&hash],
            )
            .map_err(|e| self.unavailable(&e))?;
        row.map(|r| {
            Ok(TokenOwner {
                id: r.try_get(0)?,
                organization: r.try_get(1)?,
                principal: r.try_get(2)?,
            })
        })
        .transpose()
        .map_err(|e: ::postgres::Error| self.unavailable(&e))
    }
}
