//! Recipient cmdlets: mailboxes, users, mail users, contacts, groups and
//! their members, OUs. Reads stay inside the read scope; writes go through
//! the write-scope check, with the object as it would be created for New-*.

use super::{
    CmdletDef, Kind, check_write, confirm, dc_name, find_ou, find_recipient, identity_matches,
    manage_group, not_found, readable, required,
};
use crate::error::ShellError;
use crate::invoke::Call;
use crate::objects;
use crate::session::Session;
use crate::value::Value;
use exrbac_core::*;
use std::collections::BTreeMap;

macro_rules! ex {
    ($name:literal, $run:expr) => {
        CmdletDef {
            name: $name,
            kind: Kind::Exchange,
            sig: None,
            run: $run,
        }
    };
}

pub(super) fn defs() -> Vec<CmdletDef> {
    vec![
        ex!("New-Mailbox", new_mailbox),
        ex!("Get-Mailbox", |s, c, _| get(s, c, "Mailbox", |k| k
            == RecipientKind::UserMailbox)),
        ex!("Set-Mailbox", |s, c, _| set(s, c, |k| k
            == RecipientKind::UserMailbox)),
        ex!("Remove-Mailbox", |s, c, _| remove(s, c, |k| k
            == RecipientKind::UserMailbox)),
        ex!("Enable-Mailbox", enable_mailbox),
        ex!("Disable-Mailbox", disable_mailbox),
        ex!("Get-User", |s, c, _| get(
            s,
            c,
            "User",
            RecipientKind::is_user
        )),
        ex!("Set-User", |s, c, _| set(s, c, RecipientKind::is_user)),
        ex!("Get-Recipient", |s, c, _| get(
            s,
            c,
            "Recipient",
            RecipientKind::is_mail_enabled
        )),
        ex!("New-MailUser", new_mail_user),
        ex!("Get-MailUser", |s, c, _| get(s, c, "MailUser", |k| k
            == RecipientKind::MailUser)),
        ex!("Set-MailUser", |s, c, _| set(s, c, |k| k
            == RecipientKind::MailUser)),
        ex!("Remove-MailUser", |s, c, _| remove(s, c, |k| k
            == RecipientKind::MailUser)),
        // Only mail contacts are modelled, so Get-/Set-Contact see those.
        ex!("Get-Contact", |s, c, _| get(s, c, "Contact", |k| k
            == RecipientKind::MailContact)),
        ex!("Set-Contact", |s, c, _| set(s, c, |k| k
            == RecipientKind::MailContact)),
        ex!("New-MailContact", new_mail_contact),
        ex!("Get-MailContact", |s, c, _| get(s, c, "MailContact", |k| k
            == RecipientKind::MailContact)),
        ex!("Set-MailContact", |s, c, _| set(s, c, |k| k
            == RecipientKind::MailContact)),
        ex!("Remove-MailContact", |s, c, _| remove(s, c, |k| k
            == RecipientKind::MailContact)),
        ex!("New-DistributionGroup", new_distribution_group),
        ex!("Get-DistributionGroup", |s, c, _| get(
            s,
            c,
            "DistributionGroup",
            is_mail_group
        )),
        ex!("Set-DistributionGroup", |s, c, _| set(s, c, is_mail_group)),
        ex!("Remove-DistributionGroup", |s, c, _| remove(
            s,
            c,
            is_mail_group
        )),
        ex!("Get-Group", |s, c, _| get(
            s,
            c,
            "Group",
            RecipientKind::is_group
        )),
        ex!("Set-Group", |s, c, _| set(s, c, RecipientKind::is_group)),
        ex!("Add-DistributionGroupMember", |s, c, _| member(s, c, true)),
        ex!("Remove-DistributionGroupMember", |s, c, _| member(
            s, c, false
        )),
        ex!("Get-DistributionGroupMember", get_members),
        ex!("Update-DistributionGroupMember", update_members),
        ex!("Get-OrganizationalUnit", get_ou),
    ]
}

type R = Result<Vec<Value>, ShellError>;

fn is_mail_group(k: RecipientKind) -> bool {
    matches!(
        k,
        RecipientKind::DistributionGroup | RecipientKind::MailSecurityGroup
    )
}

/// Parameters that aren't attributes of the object.
const NOT_ATTRIBUTES: &[&str] = &[
    "Identity",
    "DomainController",
    "Force",
    "IgnoreDefaultScope",
    "BypassSecurityGroupManagerCheck",
    "OrganizationalUnit",
    "Password",
    "Confirm",
    "WhatIf",
    "Members",
    "Member",
    "ManagedBy",
    "Manager",
    "Database",
    "RoleAssignmentPolicy",
    "Type",
    "ResetPasswordOnNextLogon",
    "Shared",
    "Room",
    "Equipment",
    "ExternalEmailAddress",
    "Name",
    "Arbitration",
    "Archive",
    "RemoteArchive",
    "Discovery",
    "Linked",
    "LinkedMasterAccount",
    "LinkedDomainController",
    "LinkedCredential",
    "ResultSize",
    "Filter",
    "AccountDisabled",
    "EnableRoomMailboxAccount",
    "RoomMailboxPassword",
    "Universal",
    "IgnoreNamingPolicy",
];

/// Parameters of type ByteQuantifiedSize / Unlimited<ByteQuantifiedSize>.
const BYTE_SIZES: &[&str] = &[
    "IssueWarningQuota",
    "ProhibitSendQuota",
    "ProhibitSendReceiveQuota",
    "MaxSendSize",
    "MaxReceiveSize",
    "RecoverableItemsQuota",
    "RecoverableItemsWarningQuota",
    "RulesQuota",
    "CalendarLoggingQuota",
    "ArchiveQuota",
    "ArchiveWarningQuota",
];

/// A size as Exchange shows a ByteQuantifiedSize: `250 MB (262,144,000
/// bytes)`. PowerShell has already turned `250MB` into bytes; `Unlimited`
/// and text that isn't a number stay as typed.
fn byte_size(v: &Value) -> String {
    let text = v.to_text();
    let bytes = match v {
        Value::Int(i) => u64::try_from(*i).ok(),
        Value::Float(f) if *f >= 0.0 => Some(*f as u64),
        _ => text.trim().parse::<u64>().ok(),
    };
    let Some(b) = bytes else {
        return text;
    };
    let units = [
        ("TB", 1u64 << 40),
        ("GB", 1 << 30),
        ("MB", 1 << 20),
        ("KB", 1 << 10),
    ];
    let (unit, size) = units
        .iter()
        .find(|(_, s)| b >= *s)
        .copied()
        .unwrap_or(("B", 1));
    let amount = format!("{:.3}", b as f64 / size as f64);
    let amount = amount.trim_end_matches('0').trim_end_matches('.');
    let digits = b.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{amount} {unit} ({grouped} bytes)")
}

fn attrs_of(call: &Call) -> BTreeMap<String, Option<String>> {
    let mut out = BTreeMap::new();
    for (k, v) in &call.bound.params {
        if NOT_ATTRIBUTES.iter().any(|n| names::eq(n, k)) || engine::is_common_parameter(k) {
            continue;
        }
        let text = match v {
            Value::Null => None,
            _ if BYTE_SIZES.iter().any(|n| names::eq(n, k)) => Some(byte_size(v)),
            Value::Array(a) => Some(a.iter().map(|x| x.to_text()).collect::<Vec<_>>().join(",")),
            other => Some(other.to_text()).filter(|t| !t.is_empty()),
        };
        out.insert(k.clone(), text);
    }
    out
}

fn ad_split_guard(s: &Session<'_>) -> Result<(), ShellError> {
    if s.org.settings.ad_split_permissions {
        return Err(CoreError::AdSplitPermissions(dc_name(s)).into());
    }
    Ok(())
}

fn default_ou(s: &Session<'_>, call: &Call) -> Result<OuId, ShellError> {
    match call.bound.str("OrganizationalUnit") {
        Some(o) => find_ou(s, &o),
        None => {
            let users = format!("{}/{}", s.org.name, well_known::USERS);
            Ok(s.org.find_ou(&users).unwrap_or_else(|| s.org.root_ou()))
        }
    }
}

/// Creates a recipient after checking the object as it would be created.
fn create(
    s: &mut Session<'_>,
    call: &Call,
    kind: RecipientKind,
    extra: &[(&str, String)],
) -> Result<RecipientId, ShellError> {
    let name = required(call, "Name")?;
    let ou = default_ou(s, call)?;
    let mut attrs: BTreeMap<String, String> = attrs_of(call)
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| (k, v)))
        .collect();
    for (k, v) in extra {
        attrs.insert(k.to_string(), v.clone());
    }
    crate::audit::stamp_created(&mut attrs);
    let enabled = !account_disabled(call);
    let draft = Recipient {
        name: name.clone(),
        ou,
        kind,
        attrs: attrs.clone().into(),
        enabled,
        database: None,
        policy: None,
        members: Vec::new(),
        member_of: Vec::new(),
        managed_by: Vec::new(),
        manager: None,
    };
    let covering = check_write(s, call, Target::Draft(&draft))?;
    // With Active Directory split permissions Exchange can create neither
    // security principals nor distribution groups (New-DistributionGroup is
    // on the list of configure-exchange-for-split-permissions).
    if kind.is_security_principal() || kind == RecipientKind::DistributionGroup {
        ad_split_guard(s)?;
    }
    let database = if kind == RecipientKind::UserMailbox {
        mailbox_database(s, call, covering)?
    } else {
        None
    };
    let id = s.org.new_recipient(NewRecipient {
        name,
        ou,
        kind,
        attrs,
        enabled,
    })?;
    if let Some(d) = database {
        s.org.set_mailbox_database(id, d)?;
    }
    Ok(id)
}

/// Whether a new recipient's account starts disabled: with New-Mailbox
/// -AccountDisabled, and for shared, room and equipment mailboxes,
/// whose accounts Exchange creates disabled — a room's unless
/// -EnableRoomMailboxAccount $true (New-Mailbox.md: Password, Room, Shared).
fn account_disabled(call: &Call) -> bool {
    if call.bound.switch("Room") {
        return call.bound.switch("AccountDisabled")
            || call.bound.bool("EnableRoomMailboxAccount") != Some(true);
    }
    ["AccountDisabled", "Shared", "Equipment"]
        .iter()
        .any(|p| call.bound.switch(p))
}

/// The database a new mailbox goes to (New-Mailbox, Enable-Mailbox): the one
/// given with -Database, or the one automatic mailbox distribution picks.
/// Either way an assignment that covers the mailbox must also be allowed the
/// database (control-automatic-mailbox-distribution-using-database-scopes;
/// understanding-management-role-scopes lists these cmdlets' required scope
/// as "Database"): so a database scope limits where its holders create
/// mailboxes, and automatic distribution only picks among those databases.
fn mailbox_database(
    s: &Session<'_>,
    call: &Call,
    covering: Vec<Candidate>,
) -> Result<Option<DatabaseId>, ShellError> {
    let explicit = match call.bound.str("Database") {
        Some(db) => Some(s.org.find_database(&db).ok_or_else(|| not_found(s, &db))?),
        None => None,
    };
    if call.access.as_ref().is_none_or(|a| a.delegation_only) {
        return Ok(explicit);
    }
    let allowed = |d: DatabaseId| {
        covering.iter().any(|c| {
            s.org
                .assignment(c.assignment)
                .is_some_and(|a| database_allowed(s.org, a.config_write, d))
        })
    };
    let refuse = |d: DatabaseId| -> ShellError {
        CoreError::OutOfWriteScope(s.org.target_identity(Target::Database(d))).into()
    };
    if let Some(d) = explicit {
        return if allowed(d) {
            Ok(Some(d))
        } else {
            Err(refuse(d))
        };
    }
    let mut first = None;
    for (d, _) in s.org.databases() {
        if allowed(d) {
            return Ok(Some(d));
        }
        first = first.or(Some(d));
    }
    match first {
        Some(d) => Err(refuse(d)),
        None => Ok(None),
    }
}

/// Whether a configuration write scope lets a mailbox be put on a database:
/// the role's implicit OrganizationConfig scope, or a database scope that
/// includes it (a server scope doesn't count for these cmdlets). An
/// exclusive database scope that matches the database keeps it for the
/// assignments that use an exclusive database scope matching it.
fn database_allowed(org: &Organization, scope: ConfigScope, d: DatabaseId) -> bool {
    let target = Target::Database(d);
    let is_db_scope = |sc: ScopeId| {
        org.scope(sc)
            .is_some_and(|x| x.kind == ScopeKind::DatabaseScope)
    };
    let protected = org
        .exclusive_scopes_matching(target)
        .into_iter()
        .any(is_db_scope);
    match scope {
        ConfigScope::Relative(ScopeValue::OrganizationConfig) => !protected,
        ConfigScope::Relative(_) => false,
        ConfigScope::Custom(sc) => !protected && is_db_scope(sc) && org.scope_matches(sc, target),
        ConfigScope::Exclusive(sc) => is_db_scope(sc) && org.scope_matches(sc, target),
    }
}

fn apply_mailbox_options(
    s: &mut Session<'_>,
    call: &Call,
    id: RecipientId,
) -> Result<(), ShellError> {
    if call.bound.has("RoleAssignmentPolicy") {
        let p = match call
            .bound
            .str("RoleAssignmentPolicy")
            .filter(|v| !v.is_empty())
        {
            Some(name) => Some(
                s.org
                    .policy_by_name(&name)
                    .ok_or_else(|| not_found(s, &name))?,
            ),
            None => None,
        };
        s.org.set_mailbox_policy(id, p)?;
    }
    Ok(())
}

fn new_mailbox(s: &mut Session<'_>, call: &Call, _: Vec<Value>) -> R {
    // The parameter sets' switches make a shared or resource mailbox, a
    // mailbox of its own RecipientTypeDetails (which scope filters see).
    let special = [
        ("Shared", "SharedMailbox"),
        ("Room", "RoomMailbox"),
        ("Equipment", "EquipmentMailbox"),
    ]
    .into_iter()
    .find(|(p, _)| call.bound.switch(p))
    .map(|(_, t)| ("RecipientTypeDetails", t.to_string()));
    let id = create(s, call, RecipientKind::UserMailbox, special.as_slice())?;
    apply_mailbox_options(s, call, id)?;
    apply_archive(s, call, id)?;
    Ok(vec![objects::recipient(s.org, id, "Mailbox")])
}

fn new_mail_user(s: &mut Session<'_>, call: &Call, _: Vec<Value>) -> R {
    let ext = required(call, "ExternalEmailAddress")?;
    let id = create(
        s,
        call,
        RecipientKind::MailUser,
        &[("ExternalEmailAddress", ext)],
    )?;
    Ok(vec![objects::recipient(s.org, id, "MailUser")])
}

fn new_mail_contact(s: &mut Session<'_>, call: &Call, _: Vec<Value>) -> R {
    let ext = required(call, "ExternalEmailAddress")?;
    let id = create(
        s,
        call,
        RecipientKind::MailContact,
        &[("ExternalEmailAddress", ext)],
    )?;
    Ok(vec![objects::recipient(s.org, id, "MailContact")])
}

fn new_distribution_group(s: &mut Session<'_>, call: &Call, _: Vec<Value>) -> R {
    let security = call
        .bound
        .str("Type")
        .is_some_and(|t| names::eq(&t, "Security"));
    let kind = if security {
        RecipientKind::MailSecurityGroup
    } else {
        RecipientKind::DistributionGroup
    };
    let members = call
        .bound
        .strs("Members")
        .iter()
        .map(|m| find_recipient(s, call, m, |_| true))
        .collect::<Result<Vec<_>, _>>()?;
    let owners = match call.bound.has("ManagedBy") {
        true => call
            .bound
            .strs("ManagedBy")
            .iter()
            .map(|m| find_recipient(s, call, m, |_| true))
            .collect::<Result<Vec<_>, _>>()?,
        false => vec![call.principal.user],
    };
    if !members.is_empty() {
        ad_split_guard(s)?;
    }
    let mut extra = Vec::new();
    if call.bound.str("MemberJoinRestriction").is_none() {
        extra.push(("MemberJoinRestriction", "Closed".to_string()));
    }
    if call.bound.str("MemberDepartRestriction").is_none() {
        extra.push((
            "MemberDepartRestriction",
            if security { "Closed" } else { "Open" }.to_string(),
        ));
    }
    let id = create(s, call, kind, &extra)?;
    s.org.set_managed_by(id, owners)?;
    for m in members {
        s.org.add_member(id, m)?;
    }
    Ok(vec![objects::recipient(s.org, id, "DistributionGroup")])
}

/// Whether a recipient lies below the session's RecipientViewRoot
/// (Set-AdServerSettings); -IgnoreDefaultScope looks past it.
fn in_view(s: &Session<'_>, call: &Call, id: RecipientId) -> bool {
    match s.ad_settings.recipient_view_root {
        Some(root) if !call.bound.switch("IgnoreDefaultScope") => s
            .org
            .recipient(id)
            .is_some_and(|r| s.org.ou_within(r.ou, root)),
        _ => true,
    }
}

fn get(
    s: &mut Session<'_>,
    call: &Call,
    type_name: &'static str,
    accept: impl Fn(RecipientKind) -> bool,
) -> R {
    let identity = call.bound.str("Identity");
    let anr = call.bound.str("Anr");
    let ou = match call.bound.str("OrganizationalUnit") {
        Some(o) => Some(find_ou(s, &o)?),
        None => None,
    };
    let filter = match call.bound.get("Filter").or(call.bound.get("RecipientFilter")) {
        Some(v) => Some(
            opath::Filter::parse(&super::filter_text(v), opath::FilterKind::Cmdlet)
                .map_err(|e| ShellError::fatal(format!("Cannot bind parameter 'Filter' to the target. Exception setting \"Filter\": \"{e}\"")))?,
        ),
        None => None,
    };
    // Get-Recipient -RecipientPreviewFilter tries out a recipient filter —
    // the syntax of scopes' -RecipientRestrictionFilter and of -RecipientFilter
    // — on the directory: the recipients it would match.
    let preview = match call.bound.get("RecipientPreviewFilter") {
        Some(v) => Some(
            opath::Filter::parse(&super::filter_text(v), opath::FilterKind::Recipient)
                .map_err(|e| ShellError::fatal(format!("Cannot bind parameter 'RecipientPreviewFilter' to the target. Exception setting \"RecipientPreviewFilter\": \"{e}\"")))?,
        ),
        None => None,
    };
    let details = call.bound.strs("RecipientTypeDetails");
    let types = call.bound.strs("RecipientType");
    let db = match call.bound.str("Database") {
        Some(d) => Some(s.org.find_database(&d).ok_or_else(|| not_found(s, &d))?),
        None => None,
    };
    let limit = match call.bound.str("ResultSize") {
        Some(r) if names::eq(&r, "Unlimited") => usize::MAX,
        Some(r) => r.trim().parse::<usize>().unwrap_or(usize::MAX),
        None => 1000,
    };
    // Get-Mailbox -Archive returns "only mailboxes that have an archive
    // enabled", -RemoteArchive "only remote archive mailboxes" (Get-Mailbox.md):
    // the ones New-Mailbox or Enable-Mailbox gave one (`apply_archive`).
    let archive = call.bound.switch("Archive");
    let remote_archive = call.bound.switch("RemoteArchive");
    let has_archives = |r: &Recipient| {
        (!archive || r.attr("ArchiveDatabase").is_some())
            && (!remote_archive || has_remote_archive(r))
    };
    // An exact identity resolves like every other identity (name, alias,
    // UPN, address, DN); a wildcard matches names.
    if let Some(i) = identity.as_deref().filter(|i| !names::has_wildcard(i)) {
        let id = find_recipient(s, call, i, &accept)?;
        if !in_view(s, call, id) {
            return Err(not_found(s, i));
        }
        if s.org.recipient(id).is_some_and(|r| !has_archives(r)) {
            return Ok(Vec::new());
        }
        return Ok(vec![objects::recipient(s.org, id, type_name)]);
    }
    let mut found = Vec::new();
    let mut truncated = false;
    for (id, r) in s.org.recipients() {
        if found.len() >= limit {
            truncated = true;
            break;
        }
        if !accept(r.kind) || !identity_matches(identity.as_deref(), &r.name) {
            continue;
        }
        if anr.as_deref().is_some_and(|a| !anr_matches(r, a)) {
            continue;
        }
        if ou.is_some_and(|o| !s.org.ou_within(r.ou, o)) || !in_view(s, call, id) {
            continue;
        }
        if !details.is_empty()
            && !details
                .iter()
                .any(|d| names::eq(d, r.recipient_type_details()))
        {
            continue;
        }
        if !types.is_empty() && !types.iter().any(|d| names::eq(d, r.kind.recipient_type())) {
            continue;
        }
        if db.is_some() && r.database != db {
            continue;
        }
        if !has_archives(r) {
            continue;
        }
        if [&filter, &preview]
            .into_iter()
            .flatten()
            .any(|f| !f.evaluate(&engine::RecipientSubject::new(s.org, r, Some(id))))
        {
            continue;
        }
        if !readable(s, call, Target::Recipient(id)) {
            continue;
        }
        found.push(id);
    }
    let mut maker = objects::Recipients::new(s.org);
    let mut out: Vec<Value> = found
        .into_iter()
        .map(|id| maker.object(id, type_name))
        .collect();
    if let Some(key) = call.bound.str("SortBy") {
        let text = |v: &Value| v.member(&key).to_text().to_lowercase();
        out.sort_by_key(text);
    }
    if truncated && !call.bound.has("ResultSize") {
        s.write_warning(format!(
            "By default, only the first {limit} items are returned. Use the ResultSize parameter to specify the number of items returned. To return all items, specify \"-ResultSize Unlimited\"."
        ));
    }
    Ok(out)
}

/// Ambiguous name resolution: the text starts one of the naming attributes
/// Exchange searches (`PS:Get-Mailbox` -Anr).
fn anr_matches(r: &Recipient, text: &str) -> bool {
    // ANR is a prefix search; a `*` the caller adds (`-Anr Mar*`,
    // `PS:Get-Group` example 3) is a wildcard within it.
    let t = text.trim();
    let pattern = if t.ends_with('*') {
        t.to_string()
    } else {
        format!("{t}*")
    };
    let starts = |v: &str| names::like(&pattern, v);
    starts(&r.name)
        || [
            "DisplayName",
            "Alias",
            "FirstName",
            "LastName",
            "PrimarySmtpAddress",
            "UserPrincipalName",
            "SamAccountName",
        ]
        .iter()
        .any(|a| r.attr(a).is_some_and(starts))
}

fn target_of(
    s: &Session<'_>,
    call: &Call,
    accept: impl Fn(RecipientKind) -> bool,
) -> Result<RecipientId, ShellError> {
    let identity = required(call, "Identity")?;
    find_recipient(s, call, &identity, accept)
}

fn set(s: &mut Session<'_>, call: &Call, accept: impl Fn(RecipientKind) -> bool) -> R {
    let id = target_of(s, call, accept)?;
    check_write(s, call, Target::Recipient(id))?;
    let kind = s.org.recipient(id).map(|r| r.kind);
    if kind.is_some_and(|k| k == RecipientKind::MailSecurityGroup || k == RecipientKind::RoleGroup)
    {
        manage_group(s, call, id)?;
    }
    if let Some(n) = call.bound.str("Name") {
        s.org.set_attr(id, "Name", Some(n))?;
    }
    // `Set-Group -Universal` widens a global or domain-local group's scope
    // (`PS:Set-Group` example 1); groups without a scope are universal.
    if call.bound.switch("Universal") {
        s.org.set_attr(id, "GroupScope", None)?;
    }
    for (k, v) in attrs_of(call) {
        s.org.set_attr(id, &k, v)?;
    }
    // Kept out of attrs_of because New-* takes it as a required value.
    if let Some(e) = call
        .bound
        .str("ExternalEmailAddress")
        .filter(|e| !e.is_empty())
    {
        s.org.set_attr(id, "ExternalEmailAddress", Some(e))?;
    }
    if call.bound.has("ManagedBy") {
        let owners = call
            .bound
            .strs("ManagedBy")
            .iter()
            .map(|m| find_recipient(s, call, m, |_| true))
            .collect::<Result<Vec<_>, _>>()?;
        s.org.set_managed_by(id, owners)?;
    }
    if call.bound.has("Manager") {
        let m = match call.bound.str("Manager").filter(|v| !v.is_empty()) {
            Some(m) => Some(find_recipient(s, call, &m, |_| true)?),
            None => None,
        };
        s.org.set_manager(id, m)?;
    }
    if kind == Some(RecipientKind::UserMailbox) {
        apply_mailbox_options(s, call, id)?;
        convert_mailbox(s, call, id)?;
        // Set-Mailbox -EnableRoomMailboxAccount switches a room mailbox's
        // account on or off (Set-Mailbox.md).
        let room = s
            .org
            .recipient(id)
            .is_some_and(|r| r.recipient_type_details() == "RoomMailbox");
        if let Some(on) = call.bound.bool("EnableRoomMailboxAccount").filter(|_| room) {
            s.org.set_enabled(id, on)?;
        }
    }
    Ok(Vec::new())
}

fn remove(s: &mut Session<'_>, call: &Call, accept: impl Fn(RecipientKind) -> bool) -> R {
    let id = target_of(s, call, accept)?;
    check_write(s, call, Target::Recipient(id))?;
    let kind = s.org.recipient(id).map(|r| r.kind);
    if kind.is_some_and(|k| k == RecipientKind::MailSecurityGroup) {
        manage_group(s, call, id)?;
    }
    if kind.is_some_and(|k| k.is_security_principal()) {
        ad_split_guard(s)?;
    }
    let name = s.org.recipient_canonical(id);
    if !confirm(s, call, &format!("Removing \"{name}\".")) {
        return Ok(Vec::new());
    }
    s.org.remove_recipient(id)?;
    Ok(Vec::new())
}

fn enable_mailbox(s: &mut Session<'_>, call: &Call, _: Vec<Value>) -> R {
    // `Enable-Mailbox <mailbox> -Archive` (or -RemoteArchive) gives an
    // existing mailbox an archive (Enable-Mailbox.md, the Archive and
    // RemoteArchive switches).
    if call.bound.switch("Archive") || call.bound.switch("RemoteArchive") {
        let identity = required(call, "Identity")?;
        if let Ok(id) = find_recipient(s, call, &identity, |k| k == RecipientKind::UserMailbox) {
            check_write(s, call, Target::Recipient(id))?;
            apply_archive(s, call, id)?;
            return Ok(vec![objects::recipient(s.org, id, "Mailbox")]);
        }
    }
    let id = target_of(s, call, |k| k == RecipientKind::User)?;
    let covering = check_write(s, call, Target::Recipient(id))?;
    let database = mailbox_database(s, call, covering)?;
    s.org.enable_mailbox(id)?;
    // -Shared, -Room and -Equipment mailbox-enable those kinds, which go with
    // a disabled account (Enable-Mailbox.md, Shared; New-Mailbox.md, Password).
    if let Some(details) = [
        ("Shared", "SharedMailbox"),
        ("Room", "RoomMailbox"),
        ("Equipment", "EquipmentMailbox"),
    ]
    .into_iter()
    .find(|(p, _)| call.bound.switch(p))
    .map(|(_, d)| d)
    {
        s.org
            .set_attr(id, "RecipientTypeDetails", Some(details.to_string()))?;
        s.org.set_enabled(id, false)?;
    }
    if let Some(d) = database {
        s.org.set_mailbox_database(id, d)?;
    }
    if let Some(a) = call.bound.str("Alias") {
        s.org.set_attr(id, "Alias", Some(a))?;
    }
    apply_mailbox_options(s, call, id)?;
    apply_archive(s, call, id)?;
    Ok(vec![objects::recipient(s.org, id, "Mailbox")])
}

/// Set-Mailbox -Type converts a mailbox (Set-Mailbox.md: Regular, Room,
/// Equipment, Shared): its RecipientTypeDetails changes, which scope filters
/// and Get-Mailbox -RecipientTypeDetails then see. The account is left as it
/// is (docs/semantics.md §9).
fn convert_mailbox(s: &mut Session<'_>, call: &Call, id: RecipientId) -> Result<(), ShellError> {
    let Some(t) = call.bound.str("Type") else {
        return Ok(());
    };
    let details = match t.trim().to_ascii_lowercase().as_str() {
        "regular" => None,
        "room" => Some("RoomMailbox"),
        "equipment" => Some("EquipmentMailbox"),
        "shared" => Some("SharedMailbox"),
        _ => {
            return Err(ShellError::fatal(format!(
                "Cannot bind parameter 'Type'. Cannot convert value \"{t}\" to type \"Microsoft.Exchange.Data.Directory.Recipient.ConvertibleMailboxSubType\". Error: \"Unable to match the identifier name {t} to a valid enumerator name. Specify one of the following enumerator names and try again:\nRegular, Room, Equipment, Shared\""
            )));
        }
    };
    s.org
        .set_attr(id, "RecipientTypeDetails", details.map(str::to_string))?;
    Ok(())
}

/// Whether a mailbox has an archive in the cloud: Exchange records it in
/// RemoteRecipientType (ProvisionArchive).
fn has_remote_archive(r: &Recipient) -> bool {
    r.attr("RemoteRecipientType").is_some_and(|t| {
        t.split(',')
            .any(|x| names::eq(x.trim(), "ProvisionArchive"))
    })
}

/// `-Archive` gives the mailbox an archive in its own database unless
/// -ArchiveDatabase names another (New-Mailbox.md, Enable-Mailbox.md);
/// `-RemoteArchive` one in the cloud-based service, at -ArchiveDomain. Either
/// way the archive is named "In-Place Archive -<display name>" (Exchange 2016
/// and later; Enable-Mailbox.md, ArchiveName) unless -ArchiveName says otherwise.
fn apply_archive(s: &mut Session<'_>, call: &Call, id: RecipientId) -> Result<(), ShellError> {
    let local = call.bound.switch("Archive");
    let remote = call.bound.switch("RemoteArchive");
    let Some(r) = s.org.recipient(id).filter(|_| local || remote) else {
        return Ok(());
    };
    let display = r.attr("DisplayName").unwrap_or(&r.name).to_string();
    let name = call
        .bound
        .str("ArchiveName")
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| format!("In-Place Archive -{display}"));
    let database = match call.bound.str("ArchiveDatabase") {
        Some(d) => Some(
            s.org
                .find_database(&d)
                .and_then(|x| s.org.database(x))
                .map(|x| x.name.clone())
                .ok_or_else(|| not_found(s, &d))?,
        ),
        None => r
            .database
            .and_then(|d| s.org.database(d))
            .map(|d| d.name.clone()),
    };
    s.org.set_attr(id, "ArchiveName", Some(name))?;
    if remote {
        s.org.set_attr(
            id,
            "RemoteRecipientType",
            Some("ProvisionArchive".to_string()),
        )?;
        if let Some(d) = call.bound.str("ArchiveDomain").filter(|d| !d.is_empty()) {
            s.org.set_attr(id, "ArchiveDomain", Some(d))?;
        }
    } else {
        s.org.set_attr(id, "ArchiveDatabase", database)?;
    }
    Ok(())
}

fn disable_mailbox(s: &mut Session<'_>, call: &Call, _: Vec<Value>) -> R {
    let id = target_of(s, call, |k| k == RecipientKind::UserMailbox)?;
    check_write(s, call, Target::Recipient(id))?;
    let name = s.org.recipient_canonical(id);
    // -Archive disconnects only the archive, -RemoteArchive only the remote
    // one, resetting RemoteRecipientType (Disable-Mailbox.md); the mailbox stays.
    let archive = call.bound.switch("Archive");
    let remote = call.bound.switch("RemoteArchive");
    if archive || remote {
        if !confirm(s, call, &format!("Disabling the archive of \"{name}\".")) {
            return Ok(Vec::new());
        }
        let attrs: &[&str] = if remote {
            &["RemoteRecipientType", "ArchiveDomain", "ArchiveName"]
        } else {
            &["ArchiveDatabase", "ArchiveName"]
        };
        for a in attrs {
            s.org.set_attr(id, a, None)?;
        }
        return Ok(Vec::new());
    }
    if !confirm(
        s,
        call,
        &format!(
            "Disabling mailbox \"{name}\" will remove the Exchange properties from the Windows user object."
        ),
    ) {
        return Ok(Vec::new());
    }
    s.org.disable_mailbox(id)?;
    // A mailbox enabled again later is a user mailbox, not the shared or
    // resource one it was, and has no archive.
    for a in [
        "RecipientTypeDetails",
        "ArchiveDatabase",
        "ArchiveName",
        "ArchiveDomain",
        "RemoteRecipientType",
    ] {
        s.org.set_attr(id, a, None)?;
    }
    Ok(Vec::new())
}

/// Membership changes: the group must be writable; AD split permissions
/// forbid them; security groups need their manager (or the bypass switch);
/// a grant that only reaches the group through MyGAL (end users joining or
/// leaving) works only for the caller itself and only on open groups.
fn member(s: &mut Session<'_>, call: &Call, add: bool) -> R {
    let g = target_of(s, call, is_mail_group)?;
    let m_name = required(call, "Member")?;
    let m = find_recipient(s, call, &m_name, |_| true)?;
    let ok = check_write(s, call, Target::Recipient(g))?;
    ad_split_guard(s)?;
    let self_service_only = !ok.is_empty()
        && ok.iter().all(|c| {
            s.org.assignment(c.assignment).is_some_and(|a| {
                matches!(
                    a.recipient_write,
                    RecipientScope::Relative(ScopeValue::MyGAL)
                )
            })
        });
    if self_service_only {
        let restriction = if add {
            "MemberJoinRestriction"
        } else {
            "MemberDepartRestriction"
        };
        let open = s
            .org
            .recipient(g)
            .and_then(|r| r.attr(restriction))
            .is_some_and(|v| names::eq(v, "Open"));
        if m != call.principal.user || !open {
            return Err(CoreError::NotGroupManager.into());
        }
    } else if s
        .org
        .recipient(g)
        .is_some_and(|r| r.kind == RecipientKind::MailSecurityGroup)
    {
        manage_group(s, call, g)?;
    }
    if add {
        s.org.add_member(g, m)?;
    } else {
        let gname = s.org.recipient_name(g).to_string();
        if !confirm(
            s,
            call,
            &format!("Removing \"{m_name}\" from the group \"{gname}\"."),
        ) {
            return Ok(Vec::new());
        }
        s.org.remove_member(g, m)?;
    }
    Ok(Vec::new())
}

fn get_members(s: &mut Session<'_>, call: &Call, _: Vec<Value>) -> R {
    let g = target_of(s, call, is_mail_group)?;
    let members = s
        .org
        .recipient(g)
        .map(|r| r.members.clone())
        .unwrap_or_default();
    Ok(members
        .into_iter()
        .filter(|m| readable(s, call, Target::Recipient(*m)))
        .map(|m| objects::recipient(s.org, m, "GroupMember"))
        .collect())
}

/// The member list an Update-*Member call asks for: a full list, or a
/// hashtable `@{Add=…; Remove=…}` applied to the current one.
pub(super) fn member_update(
    s: &Session<'_>,
    call: &Call,
    current: &[RecipientId],
) -> Result<Vec<RecipientId>, ShellError> {
    let resolve = |m: &str| s.org.find_recipient(m).ok_or_else(|| not_found(s, m));
    match call.bound.get("Members") {
        Some(Value::Hashtable(h)) => {
            let mut out = current.to_vec();
            for (k, v) in h {
                for item in v.clone().into_items() {
                    let id = resolve(&item.to_text())?;
                    if names::eq(k, "Add") && !out.contains(&id) {
                        out.push(id);
                    } else if names::eq(k, "Remove") {
                        out.retain(|x| *x != id);
                    }
                }
            }
            Ok(out)
        }
        _ => call
            .bound
            .strs("Members")
            .iter()
            .map(|m| resolve(m))
            .collect(),
    }
}

/// Makes a group's members exactly `wanted`.
pub(super) fn apply_members(
    s: &mut Session<'_>,
    g: RecipientId,
    current: &[RecipientId],
    wanted: &[RecipientId],
) -> Result<(), ShellError> {
    for m in current {
        if !wanted.contains(m) {
            s.org.remove_member(g, *m)?;
        }
    }
    for m in wanted {
        if !current.contains(m) {
            s.org.add_member(g, *m)?;
        }
    }
    Ok(())
}

fn update_members(s: &mut Session<'_>, call: &Call, _: Vec<Value>) -> R {
    let g = target_of(s, call, is_mail_group)?;
    check_write(s, call, Target::Recipient(g))?;
    ad_split_guard(s)?;
    if s.org
        .recipient(g)
        .is_some_and(|r| r.kind == RecipientKind::MailSecurityGroup)
    {
        manage_group(s, call, g)?;
    }
    let current = s
        .org
        .recipient(g)
        .map(|r| r.members.clone())
        .unwrap_or_default();
    let wanted = member_update(s, call, &current)?;
    let gname = s.org.recipient_name(g).to_string();
    if !confirm(
        s,
        call,
        &format!("Replacing the membership of the group \"{gname}\"."),
    ) {
        return Ok(Vec::new());
    }
    apply_members(s, g, &current, &wanted)?;
    Ok(Vec::new())
}

fn get_ou(s: &mut Session<'_>, call: &Call, _: Vec<Value>) -> R {
    let identity = call.bound.str("Identity");
    let search = call.bound.str("SearchText");
    if let Some(i) = identity.as_deref().filter(|i| !names::has_wildcard(i)) {
        let id = find_ou(s, i)?;
        // -SingleNodeOnly: the first-level child OUs beneath it
        // (Get-OrganizationalUnit.md, example 1); otherwise it and its subtree.
        let single = call.bound.switch("SingleNodeOnly");
        return Ok(s
            .org
            .ous()
            .filter(|(o, x)| {
                if single {
                    x.parent == Some(id)
                } else {
                    s.org.ou_within(*o, id)
                }
            })
            .map(|(o, _)| objects::ou(s.org, o))
            .collect());
    }
    Ok(s.org
        .ous()
        .filter(|(_, o)| o.parent.is_some())
        .filter(|(_, o)| identity_matches(identity.as_deref(), &o.name))
        .filter(|(_, o)| {
            search
                .as_ref()
                .is_none_or(|t| o.name.to_lowercase().contains(&t.to_lowercase()))
        })
        .map(|(id, _)| objects::ou(s.org, id))
        .collect())
}
