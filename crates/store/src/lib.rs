//! Where organizations live. The embedded default is one SQLite file in WAL
//! mode with `synchronous=FULL`, so a commit is on disk before it is
//! acknowledged; for several nodes, a PostgreSQL database is the shared
//! source of truth. Each command line's changes — only the objects it
//! touched — and its audit records are written in one transaction with the
//! new revision. A store that is corrupt, truncated, of a newer schema or not
//! ours is reported and never overwritten.
#![deny(missing_docs)]

mod err;
mod postgres;
mod rows;
mod sqlite;
mod tokens;

pub use crate::postgres::{CHANGE_CHANNEL, PgStore};
pub use err::StoreError;
pub use exrbac_core::{AuditQuery, AuditRecord};
pub use sqlite::SqliteStore;
pub use tokens::{NewToken, TOKEN_PREFIX, TokenInfo, TokenOwner, hash_secret};

use exrbac_core::{ChangeSet, ObjectKind, Organization};
use std::path::Path;

/// Either backend, chosen by the `--db` value.
#[derive(Debug)]
pub enum Store {
    /// An embedded SQLite file.
    Sqlite(SqliteStore),
    /// A PostgreSQL database (boxed: its connection settings are large).
    Postgres(Box<PgStore>),
}

/// How many revisions the change log keeps by default: a node further
/// behind than this reloads the organization whole instead of catching up.
pub const CHANGES_KEPT: u64 = 10_000;

/// How many objects a load reads between two progress reports.
pub const PROGRESS_EVERY: u64 = 8192;

/// Whether a `--db` value names a PostgreSQL database rather than a file.
pub fn is_postgres_url(db: &str) -> bool {
    let lower = db.get(..13).unwrap_or(db).to_ascii_lowercase();
    lower.starts_with("postgres://") || lower.starts_with("postgresql://")
}

impl Store {
    /// Opens a `--db` value: a `postgres://` or `postgresql://` URL selects
    /// PostgreSQL, anything else is a SQLite file path. With `create`, a
    /// missing store is made.
    pub fn open(db: &str, create: bool) -> Result<Store, StoreError> {
        if is_postgres_url(db) {
            PgStore::open(db, create).map(|s| Store::Postgres(Box::new(s)))
        } else {
            SqliteStore::open(Path::new(db), create).map(Store::Sqlite)
        }
    }

    /// Where the store is, for messages (a URL without its password).
    pub fn location(&self) -> String {
        match self {
            Store::Sqlite(s) => s.path().display().to_string(),
            Store::Postgres(s) => s.url().to_string(),
        }
    }

    /// Names of the organizations held.
    pub fn organizations(&self) -> Result<Vec<String>, StoreError> {
        match self {
            Store::Sqlite(s) => s.organizations(),
            Store::Postgres(s) => s.organizations(),
        }
    }

    /// Adds a new organization, written whole.
    pub fn insert(&mut self, org: &mut Organization) -> Result<(), StoreError> {
        match self {
            Store::Sqlite(s) => s.insert(org),
            Store::Postgres(s) => s.insert(org),
        }
    }

    /// Writes an organization's pending changes and the audit records in one
    /// transaction, and returns the objects written (what a second copy
    /// needs: [`Organization::change_set`]). On PostgreSQL this may fail with
    /// [`StoreError::Conflict`]: reload, reapply and commit again.
    pub fn commit(
        &mut self,
        org: &mut Organization,
        audit: &[AuditRecord],
    ) -> Result<Vec<(ObjectKind, u32)>, StoreError> {
        match self {
            Store::Sqlite(s) => s.commit(org, audit),
            Store::Postgres(s) => s.commit(org, audit),
        }
    }

    /// How many revisions the change log keeps ([`CHANGES_KEPT`] unless
    /// set; at least one).
    pub fn set_changes_kept(&mut self, revisions: u64) {
        match self {
            Store::Sqlite(s) => s.set_changes_kept(revisions),
            Store::Postgres(s) => s.set_changes_kept(revisions),
        }
    }

    /// What changed in an organization after `revision`, from the store's
    /// change log: apply it ([`Organization::apply`]) to a copy at
    /// `revision`. `None` when the log can't vouch for every commit since
    /// (load the organization whole instead).
    pub fn changes_since(&self, org: &str, revision: u64) -> Result<Option<ChangeSet>, StoreError> {
        match self {
            Store::Sqlite(s) => s.changes_since(org, revision),
            Store::Postgres(s) => s.changes_since(org, revision),
        }
    }

    /// Loads one organization (or, with `None`, the first one).
    pub fn load(&self, name: Option<&str>) -> Result<Organization, StoreError> {
        self.load_with(name, &mut |_, _| {})
    }

    /// Like [`Store::load`], reporting `(objects read, objects in all)` as it
    /// goes (a progress bar for large organizations).
    pub fn load_with(
        &self,
        name: Option<&str>,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<Organization, StoreError> {
        match self {
            Store::Sqlite(s) => s.load_with(name, progress),
            Store::Postgres(s) => s.load_with(name, progress),
        }
    }

    /// Search-AdminAuditLog over one organization, newest first.
    pub fn search_audit(&self, org: &str, q: &AuditQuery) -> Result<Vec<AuditRecord>, StoreError> {
        match self {
            Store::Sqlite(s) => s.search_audit(org, q),
            Store::Postgres(s) => s.search_audit(org, q),
        }
    }

    /// The PostgreSQL store, for what only it has (change notification).
    pub fn as_postgres_mut(&mut self) -> Option<&mut PgStore> {
        match self {
            Store::Postgres(s) => Some(s.as_mut()),
            Store::Sqlite(_) => None,
        }
    }
}
