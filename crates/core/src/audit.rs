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

impl AuditQuery {
    /// Whether a record passes every filter (names compare case-insensitively).
    pub fn matches(&self, r: &AuditRecord) -> bool {
        let eq = |a: &str, b: &str| crate::names::eq(a, b);
        (self.cmdlets.is_empty() || self.cmdlets.iter().any(|c| eq(c, &r.cmdlet)))
            && self.principal.as_ref().is_none_or(|p| eq(p, &r.principal))
            && self
                .object
                .as_ref()
                .is_none_or(|o| r.objects.iter().any(|x| eq(x, o)))
            && self.start.is_none_or(|s| r.at >= s)
            && self.end.is_none_or(|e| r.at <= e)
            && self.succeeded.is_none_or(|s| s == r.succeeded)
    }

    /// The matching records of an in-memory log (oldest first), newest first
    /// and limited, as Search-AdminAuditLog returns them.
    pub fn search<'a>(
        &self,
        log: impl DoubleEndedIterator<Item = &'a AuditRecord>,
    ) -> Vec<AuditRecord> {
        log.rev()
            .filter(|r| self.matches(r))
            .take(self.limit.unwrap_or(usize::MAX))
            .cloned()
            .collect()
    }
}
