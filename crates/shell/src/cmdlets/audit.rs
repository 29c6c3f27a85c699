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
        parameters: wanted,
        limit: Some(limit),
    };
    let rows = source.search(&q).map_err(ShellError::fatal)?;
    Ok(rows
        .into_iter()
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
