//! Search-AdminAuditLog.

use super::{CmdletDef, Kind};
use crate::audit::{format_time, parse_date};
use crate::error::ShellError;
use crate::invoke::Call;
use crate::session::Session;
use crate::value::{Object, Value};
use exrbac_core::AuditQuery;

pub(super) fn defs() -> Vec<CmdletDef> {
    vec![CmdletDef {
        name: "Search-AdminAuditLog",
        kind: Kind::Exchange,
        sig: None,
        run: search,
    }]
}

fn date(call: &Call, name: &str) -> Result<Option<i64>, ShellError> {
    match call.bound.str(name) {
        None => Ok(None),
        Some(s) => parse_date(&s).map(Some).ok_or_else(|| {
            ShellError::fatal(format!("Cannot bind parameter '{name}'. Cannot convert value \"{s}\" to type \"System.DateTime\"."))
        }),
    }
}

fn search(s: &mut Session<'_>, call: &Call, _: Vec<Value>) -> Result<Vec<Value>, ShellError> {
    let Some(source) = s.audit_source else {
        return Err(ShellError::fatal(
            "The admin audit log isn't available in this session (no store).",
        ));
    };
    let end = date(call, "EndDate")?.map(|e| {
        if call.bound.str("EndDate").is_some_and(|t| !t.contains(':')) {
            e + 86_399
        } else {
            e
        }
    });
    let wanted = call.bound.strs("Parameters");
    if !wanted.is_empty() && call.bound.strs("Cmdlets").is_empty() {
        return Err(ShellError::fatal(
            "The Parameters parameter can only be used with the Cmdlets parameter.",
        ));
    }
    let limit = call
        .bound
        .str("ResultSize")
        .and_then(|r| r.parse().ok())
        .unwrap_or(1000);
    let q = AuditQuery {
        cmdlets: call.bound.strs("Cmdlets"),
        principal: call.bound.str("UserIds"),
        object: call.bound.strs("ObjectIds").into_iter().next(),
        start: date(call, "StartDate")?,
        end,
        succeeded: call.bound.bool("IsSuccess"),
        // The store can't filter on parameters: read everything else that
        // matches, then filter and cut here.
        limit: if wanted.is_empty() { Some(limit) } else { None },
    };
    let rows = source.search(&q).map_err(ShellError::fatal)?;
    Ok(rows
        .into_iter()
        .filter(|r| {
            wanted.is_empty() || {
                let used = parameter_names(&r.parameters);
                wanted
                    .iter()
                    .any(|w| used.iter().any(|u| exrbac_core::names::eq(u, w)))
            }
        })
        .take(limit)
        .map(|r| {
            Object::new("AdminAuditLogEvent")
                .with("RunDate", format_time(r.at))
                .with("Caller", r.principal)
                .with("CmdletName", r.cmdlet)
                .with("CmdletParameters", r.parameters)
                .with("ObjectModified", r.objects.join(", "))
                .with("Succeeded", r.succeeded)
                .with("Error", Value::from(r.error))
                .with("Revision", r.revision as i64)
                .into()
        })
        .collect())
}

/// The parameter names in a record's parameter text (as
/// `crate::audit::parameters_text` writes it): each `-Name` that starts a
/// word outside a quoted value.
fn parameter_names(text: &str) -> Vec<String> {
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
    use super::parameter_names;

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
}
