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
    /// Parameter names (any of) the run must have used.
    pub parameters: Vec<String>,
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
            && (self.parameters.is_empty() || {
                let used = parameter_names(&r.parameters);
                self.parameters
                    .iter()
                    .any(|w| used.iter().any(|u| eq(u, w)))
            })
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

/// The parameter names in a record's parameter text (`-Name value …`, values
/// quoted with `"` and `` ` `` escapes when they hold spaces or commas): each
/// `-Name` that starts a word outside a quoted value.
pub fn parameter_names(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut quoted = false;
    let mut prev: Option<char> = None;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if prev != Some('`') => quoted = !quoted,
            '-' if !quoted
                && prev.is_none_or(char::is_whitespace)
                && chars.peek().is_some_and(|n| n.is_ascii_alphabetic()) =>
            {
                let mut name = String::new();
                while let Some(n) = chars.next_if(|n| n.is_ascii_alphanumeric()) {
                    name.push(n);
                }
                prev = name.chars().last();
                out.push(name);
                continue;
            }
            _ => {}
        }
        prev = Some(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{AuditQuery, AuditRecord, parameter_names};

    fn record(at: i64, parameters: &str) -> AuditRecord {
        AuditRecord {
            revision: 1,
            at,
            principal: "Administrator".into(),
            cmdlet: "Set-Mailbox".into(),
            parameters: parameters.into(),
            succeeded: true,
            error: None,
            objects: vec!["Hal".into()],
        }
    }

    #[test]
    fn parameter_names_skip_quoted_values() {
        assert_eq!(
            parameter_names(
                r#"-Identity Hal -Notes "a -Fake `" -Other" -ProhibitSendQuota 250MB -Enabled"#
            ),
            vec!["Identity", "Notes", "ProhibitSendQuota", "Enabled"]
        );
        assert!(parameter_names("").is_empty());
    }

    #[test]
    fn parameters_filter_matches_any_name_used_and_then_limits() {
        let log = [
            record(1, "-Identity Hal -ProhibitSendQuota 250MB"),
            record(2, r#"-Identity Hal -Office "-ProhibitSendQuota here""#),
            record(3, "-Identity Hal -prohibitsendquota 1GB"),
            record(4, "-Identity Hal -CustomAttribute1 x"),
        ];
        let q = AuditQuery {
            parameters: vec![
                "ProhibitSendQuota".into(),
                "UseDatabaseQuotaDefaults".into(),
            ],
            ..Default::default()
        };
        let hits = q.search(log.iter());
        assert_eq!(hits.iter().map(|r| r.at).collect::<Vec<_>>(), vec![3, 1]);
        let q = AuditQuery {
            parameters: vec!["ProhibitSendQuota".into()],
            limit: Some(1),
            ..Default::default()
        };
        assert_eq!(q.search(log.iter())[0].at, 3);
        assert_eq!(AuditQuery::default().search(log.iter()).len(), 4);
    }
}
