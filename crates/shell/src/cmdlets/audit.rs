//! Search-AdminAuditLog, Write-AdminAuditLog and Get-AdminAuditLogConfig.

use super::{CmdletDef, Kind, readable};
use crate::audit::{format_time, parse_date};
use crate::error::ShellError;
use crate::invoke::Call;
use crate::session::Session;
use crate::value::{Object, Value};
use exrbac_core::{AuditQuery, Target};

pub(super) fn defs() -> Vec<CmdletDef> {
    vec![
        CmdletDef {
            name: "Search-AdminAuditLog",
            kind: Kind::Exchange,
            sig: None,
            run: search,
        },
        CmdletDef {
            name: "Get-AdminAuditLogConfig",
            kind: Kind::Exchange,
            sig: None,
            run: get_config,
        },
        CmdletDef {
            name: "Write-AdminAuditLog",
            kind: Kind::Exchange,
            sig: None,
            run: write_comment,
        },
    ]
}

/// The comment goes to the log as the record of this very command (every
/// write leaves one, with its parameters); there is nothing else to change.
fn write_comment(_: &mut Session<'_>, _: &Call, _: Vec<Value>) -> Result<Vec<Value>, ShellError> {
    Ok(Vec::new())
}

/// The audit settings the shell works by, which are Exchange's defaults:
/// logging on, every cmdlet and parameter that changes something, nothing
/// excluded (Get-, Search- and Test- cmdlets are never logged, as in
/// Exchange). Records aren't aged out here, so no age limit is shown.
/// Set-AdminAuditLogConfig isn't kept (it warns so), so these don't change.
fn get_config(s: &mut Session<'_>, call: &Call, _: Vec<Value>) -> Result<Vec<Value>, ShellError> {
    if !readable(s, call, Target::OrganizationConfig) {
        return Ok(Vec::new());
    }
    let name = "Admin Audit Log Settings";
    Ok(vec![
        Object::new("AdminAuditLogConfig")
            .with("Name", name)
            .with("Identity", name)
            .with("AdminAuditLogEnabled", true)
            .with("LogLevel", "None")
            .with("TestCmdletLoggingEnabled", false)
            .with("AdminAuditLogCmdlets", vec!["*".to_string()])
            .with("AdminAuditLogParameters", vec!["*".to_string()])
            .with("AdminAuditLogExcludedCmdlets", Vec::<String>::new())
            // Ingestion into Microsoft 365's unified audit log is Exchange Online's.
            .with("UnifiedAuditLogIngestionEnabled", false)
            .into(),
    ])
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
    // Every caller here is a principal of this organization: no change was
    // made by an outside (datacenter) administrator.
    if call.bound.bool("ExternalAccess") == Some(true) {
        return Ok(Vec::new());
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
