//! Where organizations live. The embedded default is one SQLite file in WAL
//! mode with `synchronous=FULL`, so a commit is on disk before it is
//! acknowledged. Each command line's changes — only the objects it touched —
//! and its audit records are written in one transaction with the new
//! revision. A store that is corrupt, truncated, of a newer schema or not
//! ours is reported and never overwritten.
#![deny(missing_docs)]

mod err;
mod sqlite;

pub use err::StoreError;
pub use exrbac_core::{AuditQuery, AuditRecord};
pub use sqlite::SqliteStore;
