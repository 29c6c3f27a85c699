//! The admin audit log from the shell's side: every Exchange or directory
//! cmdlet that changes something leaves a record (who, what, with which
//! parameters, on which objects, whether it worked); the host that owns the
//! store persists them with the change, and answers Search-AdminAuditLog.

use crate::invoke::Bound;
use crate::value::Value;
use exrbac_core::{AuditQuery, AuditRecord};

/// Where Search-AdminAuditLog reads from (the store, in the CLI and server).
pub trait AuditSource {
    /// Records matching the query, newest first.
    fn search(&self, q: &AuditQuery) -> Result<Vec<AuditRecord>, String>;
}

/// Parameters as an administrator would have typed them: those named in
/// `kept` (the ones the audit configuration records).
pub fn parameters_text(b: &Bound, kept: &[&str]) -> String {
    b.params
        .iter()
        .filter(|(k, _)| kept.iter().any(|x| x == k))
        .map(|(k, v)| match v {
            Value::Bool(true) => format!("-{k}"),
            Value::Null => format!("-{k} $null"),
            Value::Array(a) => {
                let items: Vec<String> = a.iter().map(|x| quote(&x.to_text())).collect();
                format!("-{k} {}", items.join(","))
            }
            other => format!("-{k} {}", quote(&other.to_text())),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn quote(s: &str) -> String {
    if s.is_empty() || s.contains(char::is_whitespace) || s.contains(',') {
        format!("\"{}\"", s.replace('"', "`\""))
    } else {
        s.to_string()
    }
}

/// The objects a cmdlet names: its identity and, for New-*, the name given.
pub fn objects_named(b: &Bound) -> Vec<String> {
    [
        "Identity",
        "Name",
        "Member",
        "Members",
        "Role",
        "User",
        "SecurityGroup",
        "Policy",
    ]
    .iter()
    .flat_map(|k| b.strs(k))
    .collect()
}

/// Seconds since the Unix epoch, now.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// The creation stamps Exchange gives every new directory object
/// (WhenCreated and WhenCreatedUTC, both filterable), in UTC, in the form
/// the filters and `Search-AdminAuditLog` read.
pub fn stamp_created(attrs: &mut std::collections::BTreeMap<String, String>) {
    let at = format_time(now());
    attrs.insert("WhenCreated".to_string(), at.clone());
    attrs.insert("WhenCreatedUTC".to_string(), at);
}

/// Days since 1970-01-01 for a civil date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

/// Parses the dates Exchange administrators type: `2026-11-23`,
/// `11/23/2026` (US order, as EMS on en-US), optionally with `HH:MM[:SS]`.
pub fn parse_date(s: &str) -> Option<i64> {
    let s = s.trim();
    let (date, time) = match s.split_once([' ', 'T']) {
        Some((d, t)) => (d, Some(t)),
        None => (s, None),
    };
    let nums: Vec<i64> = date
        .split(['-', '/', '.'])
        .map(|x| x.parse().ok())
        .collect::<Option<_>>()?;
    let (y, m, d) = match nums.as_slice() {
        [y, m, d] if *y > 31 => (*y, *m, *d),
        [m, d, y] => (*y, *m, *d),
        _ => return None,
    };
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let mut secs = days_from_civil(y, m, d) * 86_400;
    if let Some(t) = time {
        let parts: Vec<i64> = t
            .trim_end_matches('Z')
            .split(':')
            .map(|x| x.parse().ok())
            .collect::<Option<_>>()?;
        let h = *parts.first()?;
        let mi = parts.get(1).copied().unwrap_or(0);
        let se = parts.get(2).copied().unwrap_or(0);
        secs += h * 3600 + mi * 60 + se;
    }
    Some(secs)
}

/// `yyyy-mm-dd hh:mm:ss` (UTC) for display.
pub fn format_time(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Inverse of days_from_civil.
    let z = days + 719468;
    let era = if z >= 0 { z } else { z - 146096 } / 146097;
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02}",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip() {
        let t = parse_date("2026-11-23 19:05:01").unwrap();
        assert_eq!(format_time(t), "2026-11-23 19:05:01");
        assert_eq!(parse_date("11/23/2026"), parse_date("2026-11-23"));
        assert_eq!(parse_date("1970-01-01"), Some(0));
        assert!(parse_date("23/23/2026").is_none());
        assert!(parse_date("soon").is_none());
    }
}
