//! The admin audit log's records: one per cmdlet that changes something
//! (the store keeps them; the shell writes and searches them).

use serde::{Deserialize, Serialize};

/// One audited cmdlet run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRecord {
    /// The revision the change produced (or the one it was tried at, if it failed).
    pub revision: u64,
    /// When, in seconds since the Unix epoch.
    pub at: i64,
    /// Who ran it.
    pub principal: String,
    /// The cmdlet.
    pub cmdlet: String,
    /// Its parameters as typed (`-Name "x" -Roles a,b`).
    pub parameters: String,
    /// Whether it succeeded.
    pub succeeded: bool,
    /// The error, if it failed.
    pub error: Option<String>,
    /// The objects it names.
    pub objects: Vec<String>,
}

/// Search-AdminAuditLog's filters; all optional, combined with AND.
#[derive(Debug, Clone, Default)]
pub struct AuditQuery {
    /// Cmdlet names (any of).
    pub cmdlets: Vec<String>,
    /// Principal name.
    pub principal: Option<String>,
    /// An object name the record must mention.
    pub object: Option<String>,
    /// From (inclusive), seconds since the epoch.
    pub start: Option<i64>,
    /// To (inclusive), seconds since the epoch.
    pub end: Option<i64>,
    /// Only failed (`Some(false)`) or only succeeded (`Some(true)`) runs.
    pub succeeded: Option<bool>,
    /// At most this many, newest first.
    pub limit: Option<usize>,
}
