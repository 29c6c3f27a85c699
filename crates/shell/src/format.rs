//! Output formatting as Exchange's shell shows it: a table with each type's
//! default columns, or a list; Format-List/Format-Table with property wildcards.

use crate::value::Value;
use exrbac_core::names;

/// Type name of the text Format-* cmdlets emit.
pub const FORMATTED: &str = "FormattedText";

/// Each type's default table columns, as Exchange's format files choose them.
fn default_columns(type_name: &str) -> Option<&'static [&'static str]> {
    Some(match type_name {
        "Mailbox" => &["Name", "Alias", "ServerName", "ProhibitSendQuota"],
        "User" | "Recipient" | "MailUser" | "GroupMember" => &["Name", "RecipientType"],
        "MailContact" => &["Name", "Alias", "RecipientType"],
        "DistributionGroup" => &["Name", "DisplayName", "GroupType", "PrimarySmtpAddress"],
        "Group" => &["Name", "RecipientType", "GroupType"],
        "ManagementRole" => &["Name", "RoleType"],
        "ManagementRoleEntry" => &["Name", "Role", "Parameters"],
        "ManagementRoleAssignment" => &[
            "Name",
            "Role",
            "RoleAssigneeName",
            "RoleAssigneeType",
            "AssignmentMethod",
            "EffectiveUserName",
        ],
        "ManagementScope" => &[
            "Name",
            "ScopeRestrictionType",
            "Exclusive",
            "RecipientRoot",
            "RecipientFilter",
            "ServerFilter",
        ],
        "RoleGroup" => &["Name", "AssignedRoles", "RoleAssignments", "ManagedBy"],
        "RoleAssignmentPolicy" => &["Name", "IsDefault", "AssignedRoles"],
        "ExchangeServer" => &[
            "Name",
            "Site",
            "ServerRole",
            "Edition",
            "AdminDisplayVersion",
        ],
        "MailboxDatabase" => &["Name", "Server", "Recovery", "ReplicationType"],
        "OrganizationalUnit" => &["Name", "Identity"],
        "AdminAuditLogEvent" => &[
            "RunDate",
            "Caller",
            "CmdletName",
            "ObjectModified",
            "Succeeded",
        ],
        _ => return None,
    })
}

/// A value as a table cell or list value: arrays as `{a, b}`.
fn cell(v: &Value) -> String {
    match v {
        Value::Array(a) => {
            let parts: Vec<String> = a.iter().map(cell).collect();
            format!("{{{}}}", parts.join(", "))
        }
        other => other.to_text(),
    }
}

fn resolve_props(items: &[Value], wanted: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for w in wanted {
        if names::has_wildcard(w) {
            for it in items {
                if let Value::Object(o) = it {
                    for (k, _) in o.props() {
                        if names::like(w, k) && !out.iter().any(|x| names::eq(x, k)) {
                            out.push(k.to_string());
                        }
                    }
                }
            }
        } else if !out.iter().any(|x| names::eq(x, w)) {
            let display = items
                .iter()
                .find_map(|it| match it {
                    Value::Object(o) => o
                        .props()
                        .iter()
                        .find(|(k, _)| names::eq(k, w))
                        .map(|(k, _)| k.to_string()),
                    _ => None,
                })
                .unwrap_or_else(|| w.clone());
            out.push(display);
        }
    }
    out
}

/// Format-List.
pub fn list(items: &[Value], wanted: Option<&[String]>) -> String {
    let mut out = String::new();
    for it in items {
        match it {
            Value::Object(o) => {
                let props: Vec<String> = match wanted {
                    Some(w) => resolve_props(std::slice::from_ref(it), w),
                    None => o.props().iter().map(|(k, _)| k.to_string()).collect(),
                };
                let width = props.iter().map(|p| p.chars().count()).max().unwrap_or(0);
                out.push('\n');
                for p in props {
                    let v = it.member(&p);
                    out.push_str(&format!("{:<width$} : {}\n", p, cell(&v), width = width));
                }
            }
            other => {
                out.push_str(&cell(other));
                out.push('\n');
            }
        }
    }
    out
}

/// Format-Table, column widths fitted to the content (nothing truncated).
pub fn table(items: &[Value], wanted: Option<&[String]>, hide_headers: bool) -> String {
    let objects: Vec<&Value> = items
        .iter()
        .filter(|v| matches!(v, Value::Object(_)))
        .collect();
    let mut out = String::new();
    if objects.is_empty() {
        for it in items {
            out.push_str(&cell(it));
            out.push('\n');
        }
        return out;
    }
    let cols: Vec<String> = match wanted {
        Some(w) => resolve_props(items, w),
        None => match objects.first().and_then(|v| default_columns(v.type_name())) {
            Some(c) => c.iter().map(|s| s.to_string()).collect(),
            None => match objects.first() {
                Some(Value::Object(o)) => o
                    .props()
                    .iter()
                    .take(5)
                    .map(|(k, _)| k.to_string())
                    .collect(),
                _ => Vec::new(),
            },
        },
    };
    let rows: Vec<Vec<String>> = objects
        .iter()
        .map(|v| cols.iter().map(|c| cell(&v.member(c))).collect())
        .collect();
    let widths: Vec<usize> = cols
        .iter()
        .enumerate()
        .map(|(i, c)| {
            rows.iter()
                .map(|r| r.get(i).map(|x| x.chars().count()).unwrap_or(0))
                .chain(std::iter::once(c.chars().count()))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |cells: &[String]| -> String {
        let parts: Vec<String> = cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{:<w$}", c, w = *w))
            .collect();
        parts.join(" ").trim_end().to_string()
    };
    out.push('\n');
    if !hide_headers {
        out.push_str(&line(&cols));
        out.push('\n');
        let dashes: Vec<String> = widths
            .iter()
            .zip(&cols)
            .map(|(_, c)| "-".repeat(c.chars().count()))
            .collect();
        out.push_str(&line(&dashes));
        out.push('\n');
    }
    for r in rows {
        out.push_str(&line(&r));
        out.push('\n');
    }
    out
}

/// The default rendering of a statement's output: formatted text as is,
/// runs of same-type objects as tables (or lists for types without a view
/// and many properties), scalars one per line.
pub fn render(items: &[Value]) -> String {
    let mut out = String::new();
    let mut i = 0;
    while let Some(first) = items.get(i) {
        match first {
            Value::Object(o) if o.type_name == FORMATTED => {
                out.push_str(&o.get("Text").map(|t| t.to_text()).unwrap_or_default());
                i += 1;
            }
            Value::Object(o) => {
                let t = o.type_name.clone();
                let mut j = i;
                while items.get(j).is_some_and(|v| v.type_name() == t) {
                    j += 1;
                }
                let run = items.get(i..j).unwrap_or(&[]);
                if default_columns(&t).is_some() || o.props().len() <= 4 {
                    out.push_str(&table(run, None, false));
                } else {
                    out.push_str(&list(run, None));
                }
                i = j;
            }
            other => {
                out.push_str(&cell(other));
                out.push('\n');
                i += 1;
            }
        }
    }
    out
}
