//! Store errors: where and why, and a promise that nothing was overwritten.

use thiserror::Error;

/// What went wrong with a store.
#[derive(Debug, Error)]
pub enum StoreError {
    /// The file isn't a readable SQLite database (corrupt or truncated).
    #[error("the store `{path}` is corrupt or truncated ({detail}); it was left untouched")]
    Corrupt {
        /// The store.
        path: String,
        /// What SQLite or the loader said.
        detail: String,
    },
    /// A SQLite database, but not an exrbac store.
    #[error("`{0}` is a database but not an exrbac store; it was left untouched")]
    NotAStore(String),
    /// Written by a newer exrbac.
    #[error(
        "the store `{path}` has schema version {found}, newer than this exrbac understands ({supported}); it was left untouched"
    )]
    NewerSchema {
        /// The store.
        path: String,
        /// Its version.
        found: i64,
        /// Ours.
        supported: i64,
    },
    /// The store can't be reached (permissions, missing directory, disk full, read-only).
    #[error("the store `{path}` can't be used: {detail}")]
    Unavailable {
        /// The store.
        path: String,
        /// Why.
        detail: String,
    },
    /// An organization with that name exists already.
    #[error("the organization `{0}` already exists in the store")]
    OrganizationExists(String),
    /// The organization isn't in the store.
    #[error("the organization `{0}` isn't in the store")]
    NoOrganization(String),
    /// Another node committed to the organization since this copy was
    /// loaded; nothing was written. Reload the organization, apply the
    /// change again and commit.
    #[error(
        "the organization `{org}` changed in the store since it was loaded (revision {expected}, now {found}); nothing was written: reload it and try again"
    )]
    Conflict {
        /// The organization.
        org: String,
        /// The revision this copy was loaded or last committed at.
        expected: u64,
        /// The revision in the store.
        found: u64,
    },
    /// The organization wasn't loaded or inserted through this store, so it
    /// can't tell whether the copy is current; nothing was written.
    #[error(
        "the organization `{0}` wasn't loaded from this store; load it before changing it (nothing was written)"
    )]
    NotLoaded(String),
}
