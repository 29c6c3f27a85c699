//! Search-AdminAuditLog, Write-AdminAuditLog, Get-AdminAuditLogConfig and
//! Set-AdminAuditLogConfig.

use super::{CmdletDef, Kind, check_write, readable};
use crate::audit::{format_time, parse_date};
use crate::error::ShellError;
use crate::invoke::Call;
use crate::session::Session;
use crate::value::{Object, Value};
use exrbac_core::{AdminAuditLogSettings, AuditQuery, Target, names};

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
            name: "Set-AdminAuditLogConfig",
            kind: Kind::Exchange,
            sig: None,
            run: set_config,
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

/// The administrator audit logging configuration, as the organization keeps
/// it (Set-AdminAuditLogConfig changes it).
fn get_config(s: &mut Session<'_>, call: &Call, _: Vec<Value>) -> Result<Vec<Value>, ShellError> {
    if !readable(s, call, Target::OrganizationConfig) {
        return Ok(Vec::new());
    }
    let c = &s.org.settings.admin_audit;
    Ok(vec![
        Object::new("AdminAuditLogConfig")
            .with("Name", c.name.as_str())
            .with("Identity", c.name.as_str())
            .with("AdminAuditLogEnabled", c.enabled)
            .with("LogLevel", c.log_level.as_str())
            .with("TestCmdletLoggingEnabled", c.test_cmdlet_logging)
            .with("AdminAuditLogCmdlets", c.cmdlets.clone())
            .with("AdminAuditLogParameters", c.parameters.clone())
            .with("AdminAuditLogExcludedCmdlets", c.excluded_cmdlets.clone())
            .with("AdminAuditLogAgeLimit", c.age_limit_text())
            .with(
                "UnifiedAuditLogIngestionEnabled",
                c.unified_audit_log_ingestion,
            )
            .into(),
    ])
}

/// A MultiValuedProperty's new value: the list given (`$null` clears it), or
/// the current one changed by `@{Add=…; Remove=…}`.
fn multi(current: &[String], v: &Value) -> Vec<String> {
    let items = |v: &Value| -> Vec<String> {
        v.clone()
            .into_items()
            .iter()
            .map(Value::to_text)
            .filter(|t| !t.is_empty())
            .collect()
    };
    match v {
        Value::Null => Vec::new(),
        Value::Hashtable(h) => {
            let mut out = current.to_vec();
            for (k, x) in h {
                for item in items(x) {
                    let at = out.iter().position(|c| names::eq(c, &item));
                    if names::eq(k, "Add") && at.is_none() {
                        out.push(item);
                    } else if let (true, Some(i)) = (names::eq(k, "Remove"), at) {
                        out.remove(i);
                    }
                }
            }
            out
        }
        other => items(other),
    }
}

fn bad_value(param: &str, value: &str, type_name: &str) -> ShellError {
    ShellError::fatal(format!(
        "Cannot bind parameter '{param}'. Cannot convert value \"{value}\" to type \"{type_name}\"."
    ))
}

/// Set-AdminAuditLogConfig: the settings are kept with the organization's
/// and the log follows them from the next command on (Exchange applies them
/// within the hour; there is no replication here). Identity is reserved for
/// Microsoft's use; DomainController and Force change nothing.
fn set_config(s: &mut Session<'_>, call: &Call, _: Vec<Value>) -> Result<Vec<Value>, ShellError> {
    check_write(s, call, Target::OrganizationConfig)?;
    let mut c: AdminAuditLogSettings = s.org.settings.admin_audit.clone();
    let b = &call.bound;
    if let Some(v) = b.bool("AdminAuditLogEnabled") {
        c.enabled = v;
    }
    if let Some(v) = b.bool("TestCmdletLoggingEnabled") {
        c.test_cmdlet_logging = v;
    }
    if let Some(v) = b.bool("UnifiedAuditLogIngestionEnabled") {
        c.unified_audit_log_ingestion = v;
    }
    if let Some(v) = b.get("AdminAuditLogCmdlets") {
        c.cmdlets = multi(&c.cmdlets, v);
    }
    if let Some(v) = b.get("AdminAuditLogParameters") {
        c.parameters = multi(&c.parameters, v);
    }
    if let Some(v) = b.get("AdminAuditLogExcludedCmdlets") {
        c.excluded_cmdlets = multi(&c.excluded_cmdlets, v);
    }
    if let Some(t) = b.str("AdminAuditLogAgeLimit") {
        c.age_limit_secs = exrbac_core::audit::parse_time_span(&t).ok_or_else(|| {
            bad_value(
                "AdminAuditLogAgeLimit",
                &t,
                "Microsoft.Exchange.Data.EnhancedTimeSpan",
            )
        })?;
    }
    if let Some(t) = b.str("LogLevel") {
        c.log_level = ["None", "Verbose"]
            .into_iter()
            .find(|l| names::eq(l, t.trim()))
            .ok_or_else(|| {
                ShellError::fatal(format!(
                    "Cannot bind parameter 'LogLevel'. Cannot convert value \"{t}\" to type \"Microsoft.Exchange.Data.Directory.SystemConfiguration.AuditLogLevel\". Error: \"Unable to match the identifier name {t} to a valid enumerator name. Specify one of the following enumerator names and try again:\nNone, Verbose\""
                ))
            })?
            .to_string();
    }
    if let Some(n) = b.str("Name").filter(|n| !n.trim().is_empty()) {
        c.name = n;
    }
    s.org.set_admin_audit(c);
    Ok(Vec::new())
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
    // Records older than the age limit are gone (Set-AdminAuditLogConfig.md:
    // lowering the limit deletes them; 0 purges the log).
    let kept_since = crate::audit::now().saturating_sub(
        i64::try_from(s.org.settings.admin_audit.age_limit_secs).unwrap_or(i64::MAX),
    );
    // Strictly younger: with a limit of 0 nothing is kept, even from this second.
    let kept_since = kept_since.saturating_add(1);
    let start = date(call, "StartDate")?.map_or(kept_since, |d| d.max(kept_since));
    let q = AuditQuery {
        cmdlets: call.bound.strs("Cmdlets"),
        principal: call.bound.str("UserIds"),
        object: call.bound.strs("ObjectIds").into_iter().next(),
        start: Some(start),
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
