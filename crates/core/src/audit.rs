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

/// The administrator audit logging configuration (Set-AdminAuditLogConfig):
/// which cmdlet runs the log records. Kept with the organization's settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AdminAuditLogSettings {
    /// The configuration object's name.
    pub name: String,
    /// Whether runs are logged at all (the configuration cmdlets always are).
    pub enabled: bool,
    /// Cmdlets logged, with wildcards (`*` for all).
    pub cmdlets: Vec<String>,
    /// Parameters whose use makes a run logged, with wildcards (`*` for all).
    pub parameters: Vec<String>,
    /// Cmdlets never logged, with wildcards, even when `cmdlets` matches.
    pub excluded_cmdlets: Vec<String>,
    /// How long a record is kept, in seconds.
    pub age_limit_secs: u64,
    /// `None` or `Verbose`.
    pub log_level: String,
    /// Whether Test- cmdlets are logged.
    pub test_cmdlet_logging: bool,
    /// Ingestion into Microsoft 365's audit log (functional only in the
    /// cloud-based service: kept and shown).
    pub unified_audit_log_ingestion: bool,
}

/// Exchange's defaults (Set-AdminAuditLogConfig.md): logging on, every cmdlet
/// and parameter, none excluded, records kept 90 days, LogLevel None, Test-
/// cmdlets not logged.
impl Default for AdminAuditLogSettings {
    fn default() -> Self {
        Self {
            name: "Admin Audit Log Settings".to_string(),
            enabled: true,
            cmdlets: vec!["*".to_string()],
            parameters: vec!["*".to_string()],
            excluded_cmdlets: Vec::new(),
            age_limit_secs: 90 * 86_400,
            log_level: "None".to_string(),
            test_cmdlet_logging: false,
            unified_audit_log_ingestion: false,
        }
    }
}

/// Cmdlets logged "regardless of whether administrator audit logging is
/// enabled or disabled" (Set-AdminAuditLogConfig.md).
const ALWAYS_LOGGED: &[&str] = &[
    "Set-AdminAuditLogConfig",
    "Enable-CmdletExtensionAgent",
    "Disable-CmdletExtensionAgent",
];

impl AdminAuditLogSettings {
    /// The parameters of a run that the log records, or `None` when the run
    /// isn't logged: the cmdlet must match `cmdlets` and no excluded pattern
    /// and, unless every parameter is audited, have used a parameter that
    /// matches `parameters` — then only those are recorded. Get- cmdlets are
    /// never logged, Test- cmdlets only with test cmdlet logging.
    pub fn logged<'p>(&self, cmdlet: &str, used: &[&'p str]) -> Option<Vec<&'p str>> {
        let eq = crate::names::eq;
        let like = crate::names::like;
        if ALWAYS_LOGGED.iter().any(|c| eq(c, cmdlet)) {
            return Some(used.to_vec());
        }
        let verb = cmdlet.split('-').next().unwrap_or_default();
        if !self.enabled
            || eq(verb, "Get")
            || (eq(verb, "Test") && !self.test_cmdlet_logging)
            || !self.cmdlets.iter().any(|p| like(p, cmdlet))
            || self.excluded_cmdlets.iter().any(|p| like(p, cmdlet))
        {
            return None;
        }
        if self.parameters.iter().any(|p| p == "*") {
            return Some(used.to_vec());
        }
        let audited: Vec<&'p str> = used
            .iter()
            .copied()
            .filter(|u| self.parameters.iter().any(|p| like(p, u)))
            .collect();
        (!audited.is_empty()).then_some(audited)
    }

    /// The age limit as Exchange shows an EnhancedTimeSpan: `90.00:00:00`.
    pub fn age_limit_text(&self) -> String {
        let s = self.age_limit_secs;
        let (d, h, m, sec) = (s / 86_400, s % 86_400 / 3600, s % 3600 / 60, s % 60);
        if d > 0 {
            format!("{d}.{h:02}:{m:02}:{sec:02}")
        } else {
            format!("{h:02}:{m:02}:{sec:02}")
        }
    }
}

/// Parses an EnhancedTimeSpan as typed: `dd.hh:mm:ss`, `hh:mm:ss`, `hh:mm`
/// or a number of days (as .NET's TimeSpan reads a lone number).
pub fn parse_time_span(text: &str) -> Option<u64> {
    let t = text.trim();
    let (days, clock) = match t.split_once('.') {
        Some((d, rest)) if rest.contains(':') => (d.parse::<u64>().ok()?, Some(rest)),
        _ if t.contains(':') => (0, Some(t)),
        _ => (t.parse::<u64>().ok()?, None),
    };
    let mut secs = days.checked_mul(86_400)?;
    if let Some(c) = clock {
        let parts: Vec<u64> = c
            .split(':')
            .map(|x| x.parse().ok())
            .collect::<Option<_>>()?;
        let (h, m, s) = match parts.as_slice() {
            [h, m] => (*h, *m, 0),
            [h, m, s] => (*h, *m, *s),
            _ => return None,
        };
        if h > 23 || m > 59 || s > 59 {
            return None;
        }
        secs = secs.checked_add(h * 3600 + m * 60 + s)?;
    }
    Some(secs)
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
    use super::{AdminAuditLogSettings, AuditQuery, AuditRecord, parameter_names, parse_time_span};

    #[test]
    fn logging_follows_the_configuration() {
        let d = AdminAuditLogSettings::default();
        assert_eq!(
            d.logged("Set-Mailbox", &["Identity"]),
            Some(vec!["Identity"])
        );
        assert_eq!(d.logged("New-RoleGroup", &[]), Some(vec![]));
        assert_eq!(d.logged("Get-Mailbox", &["Identity"]), None);
        assert_eq!(d.logged("Test-Mailflow", &[]), None);
        // Set-AdminAuditLogConfig.md example 3: only *Address* parameters
        // of *Mailbox* cmdlets, and only those parameters are recorded.
        let c = AdminAuditLogSettings {
            cmdlets: vec!["*Mailbox*".into()],
            parameters: vec!["*Address*".into()],
            ..Default::default()
        };
        assert_eq!(
            c.logged("Set-Mailbox", &["Identity", "EmailAddresses"]),
            Some(vec!["EmailAddresses"])
        );
        assert_eq!(c.logged("Set-Mailbox", &["Identity", "Office"]), None);
        assert_eq!(c.logged("Set-User", &["EmailAddresses"]), None);
        let off = AdminAuditLogSettings {
            enabled: false,
            excluded_cmdlets: vec!["Set-*".into()],
            ..Default::default()
        };
        assert_eq!(off.logged("New-Mailbox", &["Name"]), None);
        // Changes to the configuration itself are always logged.
        assert_eq!(
            off.logged("Set-AdminAuditLogConfig", &["AdminAuditLogEnabled"]),
            Some(vec!["AdminAuditLogEnabled"])
        );
        let ex = AdminAuditLogSettings {
            excluded_cmdlets: vec!["*-Mailbox".into()],
            test_cmdlet_logging: true,
            ..Default::default()
        };
        assert_eq!(ex.logged("SET-MAILBOX", &[]), None);
        assert_eq!(ex.logged("Set-User", &[]), Some(vec![]));
        assert_eq!(ex.logged("Test-Mailflow", &[]), Some(vec![]));
    }

    #[test]
    fn time_spans_read_and_show_as_exchange_does() {
        assert_eq!(parse_time_span("120.00:00:00"), Some(120 * 86_400));
        assert_eq!(
            parse_time_span("180.12:00:00"),
            Some(180 * 86_400 + 12 * 3600)
        );
        assert_eq!(parse_time_span("30"), Some(30 * 86_400));
        assert_eq!(parse_time_span("01:30"), Some(5400));
        assert_eq!(parse_time_span("0"), Some(0));
        assert_eq!(parse_time_span("soon"), None);
        assert_eq!(parse_time_span("1.25:00:00"), None);
        assert_eq!(
            AdminAuditLogSettings::default().age_limit_text(),
            "90.00:00:00"
        );
        let s = AdminAuditLogSettings {
            age_limit_secs: 5400,
            ..Default::default()
        };
        assert_eq!(s.age_limit_text(), "01:30:00");
    }

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
