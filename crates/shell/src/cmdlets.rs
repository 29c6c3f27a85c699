//! The cmdlets: a table from name to implementation, the helpers they
//! share (identity resolution under the read scope, write checks), and the
//! PowerShell utility cmdlets.

mod audit;
mod config;
mod directory;
mod rbac;
mod recipients;
mod unmodelled;
mod utility;

use crate::error::ShellError;
use crate::invoke::{Call, ParamSig};
use crate::session::Session;
use crate::value::Value;
use exrbac_core::{CoreError, OuId, Principal, RecipientId, RecipientKind, Target, names};

/// Who may run a command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// PowerShell's own (Where-Object, Format-List, …): everyone.
    Utility,
    /// The ActiveDirectory module: Domain Admins only.
    Directory,
    /// Exchange cmdlets: RBAC decides.
    Exchange,
}

/// An implementation.
pub type Run = fn(&mut Session<'_>, &Call, Vec<Value>) -> Result<Vec<Value>, ShellError>;

/// A parameter declared by hand: (name, switch, position, takes pipeline input).
pub type SigEntry = (&'static str, bool, Option<u32>, bool);

/// A command the shell knows.
pub struct CmdletDef {
    /// Canonical name.
    pub name: &'static str,
    /// Who may run it.
    pub kind: Kind,
    /// Parameters not described by the catalog.
    pub sig: Option<&'static [SigEntry]>,
    /// The implementation.
    pub run: Run,
}

const ALIASES: &[(&str, &str)] = &[
    ("where", "Where-Object"),
    ("?", "Where-Object"),
    ("foreach", "ForEach-Object"),
    ("%", "ForEach-Object"),
    ("select", "Select-Object"),
    ("sort", "Sort-Object"),
    ("measure", "Measure-Object"),
    ("fl", "Format-List"),
    ("ft", "Format-Table"),
    ("echo", "Write-Output"),
    ("write", "Write-Output"),
];

fn table() -> &'static [CmdletDef] {
    static TABLE: std::sync::OnceLock<Vec<CmdletDef>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = Vec::new();
        t.extend(utility::defs());
        t.extend(directory::defs());
        t.extend(rbac::defs());
        t.extend(recipients::defs());
        t.extend(config::defs());
        t.extend(audit::defs());
        t
    })
}

/// The documented cmdlets the shell doesn't implement (see `unmodelled`).
fn unmodelled_table() -> &'static [CmdletDef] {
    static TABLE: std::sync::OnceLock<Vec<CmdletDef>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| unmodelled::defs(table()))
}

/// Every command the shell implements.
pub fn all() -> impl Iterator<Item = &'static CmdletDef> {
    table().iter()
}

/// Every command the shell runs: those it implements, then the documented
/// Exchange cmdlets whose objects it doesn't keep (which a role holder may
/// still run, so completion offers them as well).
pub fn all_known() -> impl Iterator<Item = &'static CmdletDef> {
    table().iter().chain(unmodelled_table().iter())
}

/// Finds a command by name or alias.
pub fn lookup(name: &str) -> Option<&'static CmdletDef> {
    let name = ALIASES
        .iter()
        .find(|(a, _)| names::eq(a, name))
        .map(|(_, n)| *n)
        .unwrap_or(name);
    table()
        .iter()
        .find(|d| names::eq(d.name, name))
        .or_else(|| unmodelled_table().iter().find(|d| names::eq(d.name, name)))
}

/// Parameters exrbac adds to Exchange cmdlets. Exchange has no such
/// parameter, so no role entry holds it: the cmdlet authorises it itself.
/// `Set-OrganizationConfig -ActiveDirectorySplitPermissions` stands for
/// setup's `/ActiveDirectorySplitPermissions` (docs/semantics.md §5.2).
pub const EXTENSIONS: &[(&str, &str)] =
    &[("Set-OrganizationConfig", "ActiveDirectorySplitPermissions")];

/// Whether a parameter is one of exrbac's additions to that cmdlet.
pub fn is_extension(cmdlet: &str, param: &str) -> bool {
    EXTENSIONS
        .iter()
        .any(|(c, p)| names::eq(c, cmdlet) && names::eq(p, param))
}

/// A command's parameters: its own table, else the catalog's description
/// (with exrbac's additions).
pub fn signature(def: &CmdletDef) -> Vec<ParamSig> {
    let mut sig = catalog_signature(def);
    for (_, p) in EXTENSIONS.iter().filter(|(c, _)| names::eq(c, def.name)) {
        sig.push(ParamSig {
            name: p.to_string(),
            switch: false,
            position: None,
            pipeline: false,
        });
    }
    sig
}

fn catalog_signature(def: &CmdletDef) -> Vec<ParamSig> {
    if let Some(sig) = def.sig {
        return sig
            .iter()
            .map(|(n, sw, pos, pipe)| ParamSig {
                name: n.to_string(),
                switch: *sw,
                position: *pos,
                pipeline: *pipe,
            })
            .collect();
    }
    match exrbac_catalog::cmdlet(def.name) {
        Some(info) => info
            .parameters
            .iter()
            .map(|p| ParamSig {
                name: p.name.clone(),
                switch: p.type_name.contains("SwitchParameter"),
                position: p.position,
                pipeline: p.pipeline_by_value || p.pipeline_by_property_name,
            })
            .collect(),
        None => Vec::new(),
    }
}

/// Documented maximum lengths of string parameters, checked as PowerShell's
/// ValidateLength checks them: while binding, before the cmdlet runs (so a
/// refused value leaves no audit record). Write-AdminAuditLog.md: "The
/// maximum length is 500 characters."
const MAX_LENGTHS: &[(&str, &str, usize)] = &[("Write-AdminAuditLog", "Comment", 500)];

/// Refuses a bound string longer than its parameter allows, with
/// PowerShell's validation message. Lengths count UTF-16 code units, as .NET
/// strings do.
pub fn validate_lengths(cmdlet: &str, bound: &crate::invoke::Bound) -> Result<(), ShellError> {
    for (_, param, max) in MAX_LENGTHS.iter().filter(|(c, _, _)| names::eq(c, cmdlet)) {
        let Some(v) = bound.get(param) else {
            continue;
        };
        let len = v.to_text().encode_utf16().count();
        if len > *max {
            return Err(ShellError::fatal(format!(
                "Cannot validate argument on parameter '{param}'. The character length of the {len} argument is too long. Shorten the character length of the argument so it is fewer than or equal to \"{max}\" characters, and then try the command again."
            ))
            .in_command(cmdlet));
        }
    }
    Ok(())
}

/// Cmdlets that change something (for -WhatIf, confirmation and the admin
/// audit log). Write-AdminAuditLog is Exchange's, not a host output cmdlet:
/// what it changes is the audit log itself, a record with its comment.
pub fn is_write(name: &str) -> bool {
    names::eq(name, "Write-AdminAuditLog")
        || ![
            "Get-", "Search-", "Test-", "Format-", "Where-", "Select-", "Sort-", "Measure-",
            "ForEach-", "Out-", "Write-",
        ]
        .iter()
        .any(|p| name.starts_with(p))
}

/// Whether the principal is a Domain Admin.
pub fn is_domain_admin(s: &Session<'_>, p: &Principal) -> bool {
    is_domain_admin_principal(s.org, p)
}

/// Whether the principal is a Domain Admin (without a session).
pub fn is_domain_admin_principal(org: &exrbac_core::Organization, p: &Principal) -> bool {
    org.recipient_by_name(exrbac_core::well_known::DOMAIN_ADMINS)
        .is_some_and(|g| p.in_group(g))
}

// ----- helpers shared by the Exchange cmdlets --------------------------------

/// The domain controller name errors mention.
pub fn dc_name(s: &Session<'_>) -> String {
    format!("DC01.{}", s.org.name.to_lowercase())
}

/// `object 'X' couldn't be found`, as Exchange says it.
pub fn not_found(s: &Session<'_>, identity: &str) -> ShellError {
    ShellError::fatal(CoreError::NotFound(identity.to_string(), dc_name(s)).to_string())
}

/// A required parameter's text.
pub fn required(call: &Call, name: &str) -> Result<String, ShellError> {
    match call.bound.str(name) {
        Some(v) if !v.trim().is_empty() => Ok(v),
        _ => Err(ShellError::fatal(format!(
            "Cannot process command because of one or more missing mandatory parameters: {name}."
        ))),
    }
}

/// Resolves an OU argument.
pub fn find_ou(s: &Session<'_>, text: &str) -> Result<OuId, ShellError> {
    s.org.find_ou(text).ok_or_else(|| {
        ShellError::fatal(format!(
            "The organizational unit \"{text}\" was not found. Please make sure you have typed it correctly."
        ))
    })
}

/// Whether the call's grant lets the principal see a target.
pub fn readable(s: &Session<'_>, call: &Call, target: Target<'_>) -> bool {
    match &call.access {
        Some(a) => s.org.can_read(&call.principal, a, target),
        None => true,
    }
}

/// Resolves a recipient identity among the objects the caller can read and
/// that `accept` admits; others are reported as not found, like Exchange.
pub fn find_recipient(
    s: &Session<'_>,
    call: &Call,
    identity: &str,
    accept: impl Fn(RecipientKind) -> bool,
) -> Result<RecipientId, ShellError> {
    let found = s
        .org
        .find_recipient(identity)
        .or_else(|| s.org.find_recipient(without_domain(s, identity)?))
        .filter(|id| s.org.recipient(*id).is_some_and(|r| accept(r.kind)))
        .filter(|id| readable(s, call, Target::Recipient(*id)));
    found.ok_or_else(|| not_found(s, identity))
}

/// `DOMAIN\user` (`Set-User -Identity Contoso\Jill`): the account name when
/// DOMAIN is the organization's NetBIOS name (its domain's first label).
fn without_domain<'i>(s: &Session<'_>, identity: &'i str) -> Option<&'i str> {
    let (domain, user) = identity.split_once('\\')?;
    let netbios = s.org.name.split('.').next()?;
    names::eq(domain, netbios).then_some(user)
}

/// Step 4 for one target: errors with Exchange's write-scope text.
pub fn check_write(
    s: &Session<'_>,
    call: &Call,
    target: Target<'_>,
) -> Result<Vec<exrbac_core::Candidate>, ShellError> {
    match &call.access {
        Some(a) if a.delegation_only => Ok(Vec::new()),
        Some(a) => s
            .org
            .write_check(&call.principal, a, target)
            .map_err(|e| ShellError::fatal(e.to_string())),
        None => Ok(Vec::new()),
    }
}

/// The checks on a change to a security group or role group beyond the
/// cmdlet's own: the group in the write scope of an assignment granting the
/// cmdlet, and the manager check with its bypass (docs/semantics.md §2.6).
pub fn manage_group(s: &Session<'_>, call: &Call, group: RecipientId) -> Result<(), ShellError> {
    let Some(access) = &call.access else {
        // Only Exchange cmdlets change groups, and they always carry a grant.
        return Err(CoreError::NotGroupManager.into());
    };
    s.org.may_manage_group(
        &call.principal,
        group,
        access,
        call.bound.switch("BypassSecurityGroupManagerCheck"),
    )?;
    Ok(())
}

/// Asks to confirm a change (accepted in scripts); `-Confirm:$false` skips it.
pub fn confirm(s: &mut Session<'_>, call: &Call, what: &str) -> bool {
    if matches!(call.bound.get("Confirm"), Some(v) if !v.truthy()) {
        return true;
    }
    s.confirm(&format!(
        "Are you sure you want to perform this action?\n{what}\n[Y] Yes  [A] Yes to All  [N] No  [L] No to All  [?] Help (default is \"Y\")"
    ))
}

/// Filters by `-Identity` wildcard when given.
pub fn identity_matches(pattern: Option<&str>, name: &str) -> bool {
    match pattern {
        None => true,
        Some(p) if names::has_wildcard(p) => names::like(p, name),
        Some(p) => names::eq(p, name),
    }
}

/// A filter value: a script block's text or a string.
pub fn filter_text(v: &Value) -> String {
    match v {
        Value::Block(b) => b.text.trim().to_string(),
        other => other.to_text(),
    }
}
