//! The RBAC cmdlets: roles, entries, assignments, scopes, role groups and
//! role assignment policies — each authorised by the core as the caller.

use super::{
    CmdletDef, Kind, check_write, confirm, filter_text, find_ou, identity_matches, not_found,
    required,
};
use crate::error::ShellError;
use crate::invoke::Call;
use crate::objects;
use crate::session::Session;
use crate::value::Value;
use exrbac_core::*;

macro_rules! ex {
    ($name:literal, $run:ident) => {
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
        ex!("New-ManagementRole", new_role),
        ex!("Get-ManagementRole", get_role),
        CmdletDef {
            name: "Set-ManagementRole",
            kind: Kind::Exchange,
            sig: Some(&[
                ("Identity", false, Some(1), true),
                ("Name", false, None, false),
                ("Description", false, None, false),
            ]),
            run: set_role,
        },
        ex!("Remove-ManagementRole", remove_role),
        ex!("Add-ManagementRoleEntry", add_entry),
        ex!("Get-ManagementRoleEntry", get_entry),
        ex!("Set-ManagementRoleEntry", set_entry),
        ex!("Remove-ManagementRoleEntry", remove_entry),
        ex!("New-ManagementRoleAssignment", new_assignment),
        ex!("Get-ManagementRoleAssignment", get_assignment),
        ex!("Set-ManagementRoleAssignment", set_assignment),
        ex!("Remove-ManagementRoleAssignment", remove_assignment),
        ex!("New-ManagementScope", new_scope),
        ex!("Get-ManagementScope", get_scope),
        ex!("Set-ManagementScope", set_scope),
        ex!("Remove-ManagementScope", remove_scope),
        ex!("New-RoleGroup", new_role_group),
        ex!("Get-RoleGroup", get_role_group),
        ex!("Set-RoleGroup", set_role_group),
        ex!("Remove-RoleGroup", remove_role_group),
        ex!("Add-RoleGroupMember", add_role_group_member),
        ex!("Remove-RoleGroupMember", remove_role_group_member),
        ex!("Get-RoleGroupMember", get_role_group_member),
        ex!("Update-RoleGroupMember", update_role_group_member),
        ex!("New-RoleAssignmentPolicy", new_policy),
        ex!("Get-RoleAssignmentPolicy", get_policy),
        ex!("Set-RoleAssignmentPolicy", set_policy),
        ex!("Remove-RoleAssignmentPolicy", remove_policy),
    ]
}

type R = Result<Vec<Value>, ShellError>;

fn config_write(s: &Session<'_>, call: &Call) -> Result<(), ShellError> {
    check_write(s, call, Target::OrganizationConfig).map(|_| ())
}

fn find_role(s: &Session<'_>, name: &str) -> Result<RoleId, ShellError> {
    s.org.role_by_name(name).ok_or_else(|| {
        ShellError::fatal(format!(
            "The operation couldn't be performed because object '{name}' couldn't be found on '{}'.",
            super::dc_name(s)
        ))
    })
}

fn roles_matching(s: &Session<'_>, pattern: &str) -> Vec<RoleId> {
    s.org
        .roles()
        .filter(|(_, r)| identity_matches(Some(pattern), &r.name))
        .map(|(id, _)| id)
        .collect()
}

/// `Role\Cmdlet` identities (both parts may hold wildcards).
fn split_entry_identity(id: &str) -> Result<(String, String), ShellError> {
    match id.rsplit_once('\\') {
        Some((r, c)) => Ok((r.to_string(), c.to_string())),
        None => Err(ShellError::fatal(format!(
            "The value \"{id}\" isn't a valid role entry identity. Use the format <role name>\\<cmdlet name>."
        ))),
    }
}

fn unscoped_guard(s: &Session<'_>, call: &Call, role: RoleId) -> Result<(), ShellError> {
    if s.org.role(role).is_some_and(|r| r.is_unscoped) && !may_manage_unscoped(s, call) {
        return Err(CoreError::UnscopedRole(s.org.role_name(role).to_string()).into());
    }
    Ok(())
}

/// Unscoped roles are managed through the grant of the very cmdlet being
/// run: one of its assignments must be of the Unscoped Role Management type
/// (docs/semantics.md §2.3).
fn may_manage_unscoped(s: &Session<'_>, call: &Call) -> bool {
    call.access
        .as_ref()
        .is_some_and(|a| s.org.may_manage_unscoped(a))
}

/// An unscoped top-level role is changed (entries added or changed, the role
/// removed) only with -UnScopedTopLevel; without it Exchange treats the role
/// like a root role that can't be modified. The switch on any other role is
/// refused the same way.
fn top_level_switch(s: &Session<'_>, call: &Call, role: RoleId) -> Result<(), ShellError> {
    let top = s
        .org
        .role(role)
        .is_some_and(|r| r.is_unscoped && r.parent.is_none());
    let switch = call.bound.switch("UnScopedTopLevel");
    let name = s.org.role_name(role);
    if top && !switch {
        return Err(ShellError::fatal(format!(
            "The management role '{name}' is an unscoped top-level role. Use the UnScopedTopLevel parameter to change it."
        )));
    }
    if switch && !top {
        return Err(ShellError::fatal(format!(
            "The UnScopedTopLevel parameter can only be used with a role of type UnScoped, and '{name}' isn't an unscoped top-level role."
        )));
    }
    Ok(())
}

// ----- roles ----------------------------------------------------------------

fn new_role(s: &mut Session<'_>, call: &Call, _: Vec<Value>) -> R {
    let name = required(call, "Name")?;
    config_write(s, call)?;
    let description = call.bound.str("Description");
    let id = if call.bound.switch("UnScopedTopLevel") {
        if !may_manage_unscoped(s, call) {
            return Err(CoreError::UnscopedRole(name).into());
        }
        s.org.new_unscoped_role(&name, description)?
    } else {
        let parent = find_role(s, &required(call, "Parent")?)?;
        unscoped_guard(s, call, parent)?;
        let enabled = if call.bound.has("EnabledCmdlets") {
            Some(call.bound.strs("EnabledCmdlets"))
        } else {
            None
        };
        s.org
            .new_role(&name, parent, description, enabled.as_deref())?
    };
    Ok(vec![objects::role(s.org, id)])
}

fn get_role(s: &mut Session<'_>, call: &Call, _: Vec<Value>) -> R {
    if !super::readable(s, call, Target::OrganizationConfig) {
        return Ok(Vec::new());
    }
    let identity = call.bound.str("Identity");
    let mut ids: Vec<RoleId> = match &identity {
        Some(i) => {
            let ids = roles_matching(s, i);
            if ids.is_empty() && !names::has_wildcard(i) {
                return Err(not_found(s, i));
            }
            ids
        }
        None => s.org.roles().map(|(id, _)| id).collect(),
    };
    if call.bound.switch("GetChildren") {
        ids = ids
            .iter()
            .flat_map(|r| s.org.children(*r).to_vec())
            .collect();
    } else if call.bound.switch("Recurse") {
        let mut all = Vec::new();
        for r in &ids {
            all.push(*r);
            all.extend(s.org.descendants(*r));
        }
        ids = all;
    }
    let cmdlet = call.bound.str("Cmdlet");
    let cparams = call.bound.strs("CmdletParameters");
    let role_type = call.bound.str("RoleType");
    let out = ids
        .into_iter()
        .filter(|id| {
            let Some(r) = s.org.role(*id) else {
                return false;
            };
            if let Some(t) = &role_type
                && !role_type_is(&r.role_type, t)
            {
                return false;
            }
            if cmdlet.is_none() && cparams.is_empty() {
                return true;
            }
            r.entries.iter().any(|e| {
                cmdlet
                    .as_ref()
                    .is_none_or(|c| identity_matches(Some(c), &e.name))
                    && cparams
                        .iter()
                        .all(|p| e.parameters.iter().any(|x| identity_matches(Some(p), x)))
            })
        })
        .map(|id| objects::role(s.org, id))
        .collect();
    Ok(out)
}

/// Microsoft's reference calls the unscoped role type `UnScopedTopLevel`
/// (`Get-ManagementRole -RoleType UnScopedTopLevel`) while the role shows
/// `UnScoped`; both names select it.
fn role_type_is(actual: &str, asked: &str) -> bool {
    let unscoped = |t: &str| names::eq(t, "UnScoped") || names::eq(t, "UnScopedTopLevel");
    names::eq(actual, asked) || (unscoped(actual) && unscoped(asked))
}

/// `-Parameters` of an entry change, common parameters left out: they are
/// available with every entry (WhatIf, Confirm, …), so adding or removing
/// them changes nothing — `Set-ManagementRoleEntry … -Parameters WhatIf
/// -AddParameter` is a documented example.
fn entry_params(call: &Call) -> Vec<String> {
    call.bound
        .strs("Parameters")
        .into_iter()
        .filter(|p| !engine::is_common_parameter(p))
        .collect()
}

fn set_role(s: &mut Session<'_>, call: &Call, _: Vec<Value>) -> R {
    let role = find_role(s, &required(call, "Identity")?)?;
    config_write(s, call)?;
    unscoped_guard(s, call, role)?;
    s.org.set_role(
        role,
        call.bound.str("Name").as_deref(),
        call.bound.str("Description"),
    )?;
    Ok(Vec::new())
}

fn remove_role(s: &mut Session<'_>, call: &Call, _: Vec<Value>) -> R {
    let role = find_role(s, &required(call, "Identity")?)?;
    config_write(s, call)?;
    unscoped_guard(s, call, role)?;
    top_level_switch(s, call, role)?;
    let name = s.org.role_name(role).to_string();
    if !confirm(
        s,
        call,
        &format!("Removing the management role \"{name}\"."),
    ) {
        return Ok(Vec::new());
    }
    s.org.remove_role(role, call.bound.switch("Recurse"))?;
    Ok(Vec::new())
}

// ----- entries --------------------------------------------------------------

fn add_entry(s: &mut Session<'_>, call: &Call, _: Vec<Value>) -> R {
    // Either `Role\Cmdlet`, or a parent's entry piped in with -Role.
    let (role_name, cmdlet) = match (
        call.bound
            .get("ParentRoleEntry")
            .or(call.bound.get("Identity")),
        call.bound.str("Role"),
    ) {
        (Some(v), Some(role)) => {
            let (_, c) = split_entry_identity(&v_text(v))?;
            (role, c)
        }
        (Some(v), None) => split_entry_identity(&v_text(v))?,
        (None, _) => {
            return Err(super::required(call, "Identity")
                .err()
                .unwrap_or_else(|| ShellError::fatal("Identity is required.")));
        }
    };
    let role = find_role(s, &role_name)?;
    config_write(s, call)?;
    unscoped_guard(s, call, role)?;
    top_level_switch(s, call, role)?;
    let params = if call.bound.has("Parameters") {
        Some(entry_params(call))
    } else {
        None
    };
    let kind = match call.bound.str("Type").as_deref() {
        Some(t) if names::eq(t, "Script") => EntryKind::Script,
        Some(t) if names::eq(t, "ApplicationPermission") => EntryKind::ApplicationPermission,
        _ => EntryKind::Cmdlet,
    };
    // A non-Exchange cmdlet names its snap-in; only an unscoped top-level
    // role can hold one (create-an-unscoped-role, step 2b).
    let snapin = call.bound.str("PSSnapinName");
    if snapin.is_some()
        && (kind != EntryKind::Cmdlet
            || !s
                .org
                .role(role)
                .is_some_and(|r| r.is_unscoped && r.parent.is_none()))
    {
        return Err(ShellError::fatal(format!(
            "The PSSnapinName parameter can only be used with a cmdlet entry on an unscoped top-level role, and '{role_name}' isn't one."
        )));
    }
    // -Overwrite replaces an entry the role already has: its parameters
    // become the ones given (or, on a child role, the parent entry's).
    let exists = s.org.role(role).is_some_and(|r| r.entry(&cmdlet).is_some());
    if exists && call.bound.switch("Overwrite") {
        let params = match params {
            Some(p) => p,
            None => s
                .org
                .role(role)
                .and_then(|r| r.parent)
                .and_then(|p| s.org.role(p))
                .and_then(|p| p.entry(&cmdlet))
                .map(|e| e.parameters.clone())
                .unwrap_or_default(),
        };
        s.org
            .set_role_entry_parameters(role, &cmdlet, Some(&params), &[], &[])?;
    } else {
        s.org
            .add_role_entry(role, &cmdlet, params.as_deref(), kind)?;
    }
    if let Some(sn) = snapin {
        s.org.set_role_entry_snapin(role, &cmdlet, &sn)?;
    }
    let out = s
        .org
        .role(role)
        .and_then(|r| r.entry(&cmdlet))
        .map(|e| objects::entry(s.org, role, e));
    Ok(out.into_iter().collect())
}

fn v_text(v: &Value) -> String {
    match v {
        Value::Object(o) => o.get("Identity").map(|x| x.to_text()).unwrap_or_default(),
        other => other.to_text(),
    }
}

fn get_entry(s: &mut Session<'_>, call: &Call, _: Vec<Value>) -> R {
    let identity = required(call, "Identity")?;
    let (rp, cp) = split_entry_identity(&identity)?;
    if !super::readable(s, call, Target::OrganizationConfig) {
        return Ok(Vec::new());
    }
    let roles = roles_matching(s, &rp);
    if roles.is_empty() && !names::has_wildcard(&rp) {
        return Err(not_found(s, &rp));
    }
    let params = call.bound.strs("Parameters");
    // "any combination of ... Cmdlet, Script and ApplicationPermission".
    let kinds = call.bound.strs("Type");
    let snapin = call.bound.str("PSSnapinName");
    let mut out = Vec::new();
    for r in roles {
        let Some(role) = s.org.role(r) else { continue };
        for e in &role.entries {
            if !identity_matches(Some(&cp), &e.name) {
                continue;
            }
            if !params
                .iter()
                .all(|p| e.parameters.iter().any(|x| identity_matches(Some(p), x)))
            {
                continue;
            }
            if !kinds.is_empty() && !kinds.iter().any(|k| names::eq(k, e.kind.as_str())) {
                continue;
            }
            if snapin
                .as_ref()
                .is_some_and(|sn| !identity_matches(Some(sn), objects::entry_snapin(e)))
            {
                continue;
            }
            out.push(objects::entry(s.org, r, e));
        }
    }
    // A cmdlet named exactly that no role holds is an object that isn't
    // there, even across roles (`*\New-Foo`): "If the command returns an
    // error saying the object couldn't be found, the cmdlet or parameters
    // aren't available in your environment" (find-exchange-cmdlet-permissions).
    if out.is_empty() && !names::has_wildcard(&cp) {
        return Err(not_found(s, &identity));
    }
    Ok(out)
}

fn set_entry(s: &mut Session<'_>, call: &Call, _: Vec<Value>) -> R {
    let identity = v_text(call.bound.get("Identity").unwrap_or(&Value::Null));
    let (rn, cmdlet) = split_entry_identity(&identity)?;
    let role = find_role(s, &rn)?;
    config_write(s, call)?;
    unscoped_guard(s, call, role)?;
    top_level_switch(s, call, role)?;
    let params = entry_params(call);
    if call.bound.switch("AddParameter") {
        s.org
            .set_role_entry_parameters(role, &cmdlet, None, &params, &[])?;
    } else if call.bound.switch("RemoveParameter") {
        s.org
            .set_role_entry_parameters(role, &cmdlet, None, &[], &params)?;
    } else if call.bound.has("Parameters") {
        s.org
            .set_role_entry_parameters(role, &cmdlet, Some(&params), &[], &[])?;
    }
    Ok(Vec::new())
}

fn remove_entry(s: &mut Session<'_>, call: &Call, _: Vec<Value>) -> R {
    let identity = v_text(call.bound.get("Identity").unwrap_or(&Value::Null));
    let (rn, cmdlet) = split_entry_identity(&identity)?;
    let role = find_role(s, &rn)?;
    config_write(s, call)?;
    unscoped_guard(s, call, role)?;
    if !confirm(s, call, &format!("Removing the role entry \"{identity}\".")) {
        return Ok(Vec::new());
    }
    s.org.remove_role_entry(role, &cmdlet)?;
    Ok(Vec::new())
}

// ----- assignments ----------------------------------------------------------

fn resolve_assignee(s: &Session<'_>, call: &Call) -> Result<Assignee, ShellError> {
    // Assignees resolve over the whole directory: what limits the caller is
    // the scope of its delegating assignment, checked afterwards.
    if let Some(u) = call.bound.str("User") {
        let id = s
            .org
            .find_recipient(&u)
            .filter(|id| s.org.recipient(*id).is_some_and(|r| r.kind.is_user()))
            .ok_or_else(|| not_found(s, &u))?;
        return Ok(Assignee::User(id));
    }
    if let Some(g) = call.bound.str("SecurityGroup") {
        let id = s
            .org
            .find_recipient(&g)
            .filter(|id| {
                s.org
                    .recipient(*id)
                    .is_some_and(|r| r.kind.is_security_group())
            })
            .ok_or_else(|| not_found(s, &g))?;
        return Ok(Assignee::Group(id));
    }
    if let Some(p) = call.bound.str("Policy") {
        let id = s.org.policy_by_name(&p).ok_or_else(|| not_found(s, &p))?;
        return Ok(Assignee::Policy(id));
    }
    Err(ShellError::fatal(
        "Parameter set cannot be resolved using the specified named parameters. Specify one of -User, -SecurityGroup or -Policy.",
    ))
}

fn scope_arg(s: &Session<'_>, name: &str) -> Result<ScopeId, ShellError> {
    s.org.scope_by_name(name).ok_or_else(|| not_found(s, name))
}

/// An ordinary scope where an exclusive one is required (E23).
fn regular_as_exclusive(scope: &str, param: &str) -> ShellError {
    ShellError::fatal(format!(
        "The management scope object {scope} isn't an exclusive scope, and it can't be specified as parameter {param}."
    ))
}

/// The write scopes asked for on New/Set-ManagementRoleAssignment.
fn scopes_from(
    s: &Session<'_>,
    call: &Call,
) -> Result<(Option<RecipientScope>, Option<ConfigScope>), ShellError> {
    // One recipient write scope and one configuration write scope per
    // assignment: the reference pages of New- and Set-ManagementRoleAssignment
    // say which parameters exclude each other.
    const EXCLUDE: [(&str, &str); 4] = [
        (
            "CustomRecipientWriteScope",
            "RecipientOrganizationalUnitScope",
        ),
        ("CustomRecipientWriteScope", "ExclusiveRecipientWriteScope"),
        (
            "ExclusiveRecipientWriteScope",
            "RecipientOrganizationalUnitScope",
        ),
        ("CustomConfigWriteScope", "ExclusiveConfigWriteScope"),
    ];
    if let Some((a, b)) = EXCLUDE
        .iter()
        .find(|(a, b)| call.bound.has(a) && call.bound.has(b))
    {
        return Err(ShellError::fatal(format!(
            "The {a} and {b} parameters can't be used together."
        )));
    }
    let mut rw = None;
    if let Some(n) = call.bound.str("CustomRecipientWriteScope") {
        let id = scope_arg(s, &n)?;
        let sc = s.org.scope(id).ok_or_else(|| not_found(s, &n))?;
        if sc.kind != ScopeKind::RecipientScope {
            return Err(ShellError::fatal(format!(
                "The scope \"{n}\" isn't a recipient scope."
            )));
        }
        // Microsoft's own worked example (New-ManagementScope.md, example 4)
        // attaches an exclusive scope with -CustomRecipientWriteScope, and
        // New-RoleGroup has no other parameter for it: the assignment then
        // uses the scope exclusively (docs/semantics.md §8).
        rw = Some(if sc.exclusive {
            RecipientScope::Exclusive(id)
        } else {
            RecipientScope::Custom(id)
        });
    }
    if let Some(n) = call.bound.str("ExclusiveRecipientWriteScope") {
        let id = scope_arg(s, &n)?;
        if !s
            .org
            .scope(id)
            .is_some_and(|x| x.exclusive && x.kind == ScopeKind::RecipientScope)
        {
            return Err(regular_as_exclusive(&n, "ExclusiveRecipientWriteScope"));
        }
        rw = Some(RecipientScope::Exclusive(id));
    }
    if let Some(n) = call.bound.str("RecipientOrganizationalUnitScope") {
        rw = Some(RecipientScope::Ou(find_ou(s, &n)?));
    }
    if let Some(n) = call.bound.str("RecipientRelativeWriteScope") {
        let v = ScopeValue::parse(&n).ok_or_else(|| {
            ShellError::fatal(format!(
                "Cannot convert value \"{n}\" to type \"RecipientWriteScopeType\"."
            ))
        })?;
        rw = Some(RecipientScope::Relative(v));
    }
    let mut cw = None;
    if let Some(n) = call.bound.str("CustomConfigWriteScope") {
        let id = scope_arg(s, &n)?;
        cw = Some(if s.org.scope(id).is_some_and(|x| x.exclusive) {
            ConfigScope::Exclusive(id)
        } else {
            ConfigScope::Custom(id)
        });
    }
    if let Some(n) = call.bound.str("ExclusiveConfigWriteScope") {
        let id = scope_arg(s, &n)?;
        if !s
            .org
            .scope(id)
            .is_some_and(|x| x.exclusive && x.kind != ScopeKind::RecipientScope)
        {
            return Err(regular_as_exclusive(&n, "ExclusiveConfigWriteScope"));
        }
        cw = Some(ConfigScope::Exclusive(id));
    }
    Ok((rw, cw))
}

/// A policy's assignments and an unscoped role's assignments take no write
/// scope (E14; create-an-unscoped-role: "Management scopes can't be
/// configured on role assignments that assign an unscoped role").
fn scope_allowed(
    s: &Session<'_>,
    role: RoleId,
    assignee: Assignee,
    scoped: bool,
) -> Result<(), ShellError> {
    if !scoped {
        return Ok(());
    }
    if matches!(assignee, Assignee::Policy(_)) {
        return Err(ShellError::fatal(
            "You can't specify a management scope when assigning a role to a role assignment policy.",
        ));
    }
    if s.org.role(role).is_some_and(|r| r.is_unscoped) {
        return Err(ShellError::fatal(format!(
            "The management role '{}' is an unscoped role: its role assignments can't have a management scope.",
            s.org.role_name(role)
        )));
    }
    Ok(())
}

fn new_assignment(s: &mut Session<'_>, call: &Call, _: Vec<Value>) -> R {
    let delegating = call.bound.switch("Delegating");
    // A delegating assignment alone opens this cmdlet to hand its role out
    // through regular assignments; making another delegate takes an entry
    // that grants -Delegating (Role Management's), as any parameter does.
    if delegating && call.access.as_ref().is_some_and(|a| a.delegation_only) {
        return Err(CoreError::ParameterNotFound("Delegating".to_string()).into());
    }
    let role = find_role(s, &required(call, "Role")?)?;
    let assignee = resolve_assignee(s, call)?;
    unscoped_guard(s, call, role)?;
    let (rw, cw) = scopes_from(s, call)?;
    scope_allowed(s, role, assignee, rw.is_some() || cw.is_some())?;
    let base = match call.bound.str("Name") {
        Some(n) => n,
        None => {
            let b = format!(
                "{}-{}",
                s.org.role_name(role),
                s.org.assignee_name(assignee)
            );
            s.org.unique_assignment_name(&b)
        }
    };
    // An unscoped top-level role has no parent whose delegating assignment
    // could hand it out: with -UnScopedTopLevel (a parameter only Unscoped
    // Role Management holders have, checked above) Exchange skips the
    // hierarchy check for it.
    let top_level_unscoped = call.bound.switch("UnScopedTopLevel")
        && s.org
            .role(role)
            .is_some_and(|r| r.is_unscoped && r.parent.is_none());
    let implicit = s
        .org
        .role(role)
        .map(|r| r.implicit)
        .ok_or_else(|| not_found(s, "role"))?;
    let recipient_write = rw.unwrap_or(RecipientScope::Relative(implicit.recipient_write));
    let config_write = cw.unwrap_or(ConfigScope::Relative(implicit.config_write));
    // The delegating assignment must reach the assignee and be at least as
    // wide as the new assignment's write scopes (docs/semantics.md §2.2).
    if !top_level_unscoped {
        let held = held_delegations(s, call);
        if s.org
            .delegation_for(
                &call.principal,
                &held,
                role,
                Some(assignee),
                Some((recipient_write, config_write)),
            )
            .is_err()
        {
            return Err(CoreError::NoDelegatingAssignment(base).into());
        }
    }
    let id = s.org.new_assignment(Assignment {
        name: base,
        role,
        assignee,
        delegating,
        enabled: true,
        recipient_write,
        config_write,
    })?;
    Ok(vec![objects::assignment(
        s.org,
        id,
        method_of(s.org, assignee, None),
        None,
    )])
}

fn method_of(org: &Organization, assignee: Assignee, via: Option<Via>) -> &'static str {
    match via {
        Some(Via::Group(g)) if !matches!(assignee, Assignee::Group(x) if x == g) => {
            if org
                .recipient(g)
                .is_some_and(|r| r.kind == RecipientKind::RoleGroup)
            {
                "RoleGroup"
            } else {
                "SecurityGroup"
            }
        }
        Some(Via::Policy(_)) => "RoleAssignmentPolicy",
        _ => "Direct",
    }
}

fn find_assignment(s: &Session<'_>, v: &Value) -> Result<AssignmentId, ShellError> {
    let name = v_text(v);
    s.org
        .assignment_by_name(&name)
        .ok_or_else(|| not_found(s, &name))
}

fn get_assignment(s: &mut Session<'_>, call: &Call, _: Vec<Value>) -> R {
    if !super::readable(s, call, Target::OrganizationConfig) {
        return Ok(Vec::new());
    }
    // (assignment, method, effective user)
    let mut rows: Vec<(AssignmentId, &'static str, Option<String>)> = Vec::new();
    if let Some(ra) = call.bound.str("RoleAssignee") {
        let assignee = if let Some(p) = s.org.policy_by_name(&ra) {
            Assignee::Policy(p)
        } else {
            let id = s.org.find_recipient(&ra).ok_or_else(|| not_found(s, &ra))?;
            match s.org.recipient(id).map(|r| r.kind) {
                Some(k) if k.is_group() => Assignee::Group(id),
                _ => Assignee::User(id),
            }
        };
        // Asked for a user, every row is about that user, whatever group or
        // policy carries the assignment: its EffectiveUserName is the user
        // (not "All Group Members").
        let effective = match assignee {
            Assignee::User(u) => Some(s.org.recipient_name(u).to_string()),
            _ => None,
        };
        for c in s.org.assignments_reaching_assignee(assignee) {
            let m = method_of(s.org, assignee, Some(c.via));
            rows.push((c.assignment, m, effective.clone()));
        }
    } else {
        let identity = call.bound.str("Identity");
        for (id, a) in s.org.assignments() {
            if identity_matches(identity.as_deref(), &a.name) {
                rows.push((id, "Direct", None));
            }
        }
        if rows.is_empty()
            && let Some(i) = &identity
            && !names::has_wildcard(i)
        {
            return Err(not_found(s, i));
        }
    }
    let role_filter = match call.bound.str("Role") {
        Some(r) => {
            let ids = roles_matching(s, &r);
            if ids.is_empty() {
                return Err(not_found(s, &r));
            }
            Some(ids)
        }
        None => None,
    };
    let delegating = call.bound.bool("Delegating");
    let enabled = call.bound.bool("Enabled");
    let exclusive = call.bound.bool("Exclusive");
    if call.bound.has("AssignmentMethod") && !call.bound.has("RoleAssignee") {
        return Err(ShellError::fatal(
            "The AssignmentMethod parameter can only be used with the RoleAssignee parameter.",
        ));
    }
    // -WritableRecipient / -WritableServer / -WritableDatabase: one target.
    let mut writable: Option<Target<'static>> = None;
    if let Some(w) = call.bound.str("WritableRecipient") {
        let id = s.org.find_recipient(&w).ok_or_else(|| not_found(s, &w))?;
        writable = Some(Target::Recipient(id));
    }
    if let Some(w) = call.bound.str("WritableServer") {
        let id = s.org.find_server(&w).ok_or_else(|| not_found(s, &w))?;
        writable = Some(Target::Server(id));
    }
    if let Some(w) = call.bound.str("WritableDatabase") {
        let id = s.org.find_database(&w).ok_or_else(|| not_found(s, &w))?;
        writable = Some(Target::Database(id));
    }
    // Scope filters name one scope each; an unknown scope is an error.
    let scope_filter = |param: &str| -> Result<Option<ScopeId>, ShellError> {
        match call.bound.str(param) {
            Some(n) => Ok(Some(scope_arg(s, &n)?)),
            None => Ok(None),
        }
    };
    let custom_r = scope_filter("CustomRecipientWriteScope")?;
    let excl_r = scope_filter("ExclusiveRecipientWriteScope")?;
    let custom_c = scope_filter("CustomConfigWriteScope")?;
    let excl_c = scope_filter("ExclusiveConfigWriteScope")?;
    let ou_scope = match call.bound.str("RecipientOrganizationalUnitScope") {
        Some(o) => Some(find_ou(s, &o)?),
        None => None,
    };
    let assignee_type = call.bound.str("RoleAssigneeType");
    let method_filter = call.bound.strs("AssignmentMethod");
    let rws = call.bound.str("RecipientWriteScope");
    let cws = call.bound.str("ConfigWriteScope");
    let mut out = Vec::new();
    for (id, method, eff) in rows {
        let Some(a) = s.org.assignment(id) else {
            continue;
        };
        if role_filter.as_ref().is_some_and(|r| !r.contains(&a.role)) {
            continue;
        }
        if delegating.is_some_and(|d| d != a.delegating) || enabled.is_some_and(|e| e != a.enabled)
        {
            continue;
        }
        let is_exclusive = matches!(a.recipient_write, RecipientScope::Exclusive(_))
            || matches!(a.config_write, ConfigScope::Exclusive(_));
        if exclusive.is_some_and(|e| e != is_exclusive) {
            continue;
        }
        if custom_r.is_some_and(|x| a.recipient_write != RecipientScope::Custom(x))
            || excl_r.is_some_and(|x| a.recipient_write != RecipientScope::Exclusive(x))
            || custom_c.is_some_and(|x| a.config_write != ConfigScope::Custom(x))
            || excl_c.is_some_and(|x| a.config_write != ConfigScope::Exclusive(x))
            || ou_scope.is_some_and(|o| a.recipient_write != RecipientScope::Ou(o))
        {
            continue;
        }
        if let Some(w) = writable
            && !s.org.assignment_can_write(id, w)
        {
            continue;
        }
        if assignee_type
            .as_ref()
            .is_some_and(|t| !names::eq(t, s.org.assignee_type(a.assignee)))
        {
            continue;
        }
        if !method_filter.is_empty() && !method_filter.iter().any(|m| names::eq(m, method)) {
            continue;
        }
        let obj = objects::assignment(s.org, id, method, eff);
        if let Some(r) = &rws
            && !names::eq(&obj.member("RecipientWriteScope").to_text(), r)
        {
            continue;
        }
        if let Some(c) = &cws
            && !names::eq(&obj.member("ConfigWriteScope").to_text(), c)
        {
            continue;
        }
        if call.bound.switch("GetEffectiveUsers") {
            for (u, _) in s.org.effective_users(a.assignee) {
                // A relative scope (Self, MyGAL, MyDistributionGroups) writes
                // different objects for each user: keep only the users for
                // whom the assignment reaches the target.
                if let Some(t @ Target::Recipient(_)) = writable
                    && let RecipientScope::Relative(_) = a.recipient_write
                    && !s
                        .org
                        .recipient_scope_covers(&s.org.principal(u), a.recipient_write, t)
                {
                    continue;
                }
                out.push(objects::assignment(
                    s.org,
                    id,
                    method,
                    Some(s.org.recipient_name(u).to_string()),
                ));
            }
        } else {
            out.push(obj);
        }
    }
    Ok(out)
}

/// The caller's delegating assignments as the command line found them, so
/// that a pipeline removing one half-way is judged on the state it started
/// from (docs/semantics.md §2.2).
fn held_delegations(s: &mut Session<'_>, call: &Call) -> Vec<Delegation> {
    match &s.delegable {
        Some(d) => d.clone(),
        None => {
            let d = s.org.delegations(&call.principal);
            s.delegable = Some(d.clone());
            d
        }
    }
}

/// Changing an assignment takes a delegating assignment for its role that
/// reaches its assignee and is at least as wide as the scopes it would have
/// (`scopes`); removing one, a delegating assignment for its role
/// (`scopes` None: it takes rights away).
fn may_change(
    s: &mut Session<'_>,
    call: &Call,
    id: AssignmentId,
    scopes: Option<(RecipientScope, ConfigScope)>,
) -> Result<(), ShellError> {
    let held = held_delegations(s, call);
    let Some(a) = s.org.assignment(id) else {
        return Err(CoreError::NoDelegatingAssignment(String::new()).into());
    };
    let ok = match scopes {
        Some(scopes) => s
            .org
            .delegation_for(
                &call.principal,
                &held,
                a.role,
                Some(a.assignee),
                Some(scopes),
            )
            .is_ok(),
        None => {
            let lineage = s.org.ancestry(a.role);
            held.iter().any(|d| lineage.contains(&d.role))
        }
    };
    if ok {
        Ok(())
    } else {
        Err(CoreError::NoDelegatingAssignment(a.name.clone()).into())
    }
}

fn set_assignment(s: &mut Session<'_>, call: &Call, _: Vec<Value>) -> R {
    let id = find_assignment(s, call.bound.get("Identity").unwrap_or(&Value::Null))?;
    let (rw, cw) = scopes_from(s, call)?;
    let (after_rw, after_cw) = s
        .org
        .assignment(id)
        .map(|a| {
            (
                rw.unwrap_or(a.recipient_write),
                cw.unwrap_or(a.config_write),
            )
        })
        .ok_or_else(|| not_found(s, "assignment"))?;
    may_change(s, call, id, Some((after_rw, after_cw)))?;
    // Enabling a delegating assignment or widening its scope makes a
    // delegate as creating one does: not for a delegating assignment alone.
    if call.access.as_ref().is_some_and(|a| a.delegation_only)
        && let Some(a) = s.org.assignment(id).filter(|a| a.delegating)
    {
        return Err(CoreError::DelegatingNeedsRoleManagement(a.name.clone()).into());
    }
    if let Some(a) = s.org.assignment(id) {
        scope_allowed(s, a.role, a.assignee, rw.is_some() || cw.is_some())?;
    }
    s.org
        .set_assignment(id, call.bound.bool("Enabled"), rw, cw)?;
    Ok(Vec::new())
}

fn remove_assignment(s: &mut Session<'_>, call: &Call, _: Vec<Value>) -> R {
    let id = find_assignment(s, call.bound.get("Identity").unwrap_or(&Value::Null))?;
    may_change(s, call, id, None)?;
    let name = s
        .org
        .assignment(id)
        .map(|a| a.name.clone())
        .unwrap_or_default();
    if !confirm(
        s,
        call,
        &format!("Removing the management role assignment \"{name}\"."),
    ) {
        return Ok(Vec::new());
    }
    s.org.remove_assignment(id)?;
    Ok(Vec::new())
}

// ----- scopes ---------------------------------------------------------------

fn build_scope(
    s: &Session<'_>,
    call: &Call,
    name: String,
    base: Option<&Scope>,
) -> Result<Scope, ShellError> {
    let mut sc = base.cloned().unwrap_or(Scope {
        name: name.clone(),
        kind: ScopeKind::RecipientScope,
        recipient_root: None,
        filter_text: None,
        filter: None,
        server_list: Vec::new(),
        database_list: Vec::new(),
        exclusive: false,
    });
    sc.name = name;
    let parse = |text: &str, kind: ScopeKind, param: &str| -> Result<opath::Filter, ShellError> {
        opath::Filter::parse(text, filter_kind(kind)).map_err(|e| {
            ShellError::fatal(format!(
                "Cannot bind parameter '{param}' to the target. Exception setting \"{param}\": \"{e}\""
            ))
        })
    };
    // A scope keeps the kind it was created with: Set-ManagementScope only
    // takes the filter of that kind (Exchange refuses the others), so an
    // assignment never ends up holding a scope of the wrong kind.
    let changing = base.is_some();
    let set_filter = |sc: &mut Scope, kind: ScopeKind, param: &str| -> Result<(), ShellError> {
        if let Some(v) = call.bound.get(param) {
            if changing && sc.kind != kind {
                let own = match sc.kind {
                    ScopeKind::RecipientScope => "RecipientRestrictionFilter",
                    ScopeKind::ServerScope => "ServerRestrictionFilter",
                    ScopeKind::DatabaseScope => "DatabaseRestrictionFilter",
                };
                return Err(ShellError::fatal(format!(
                    "The {param} parameter can't be used on the {} scope '{}'. Use the {own} parameter.",
                    sc.kind.as_str(),
                    sc.name
                )));
            }
            let text = filter_text(v);
            let f = parse(&text, kind, param)?;
            sc.kind = kind;
            sc.filter_text = Some(text);
            sc.filter = Some(f);
            sc.server_list.clear();
            sc.database_list.clear();
        }
        Ok(())
    };
    set_filter(
        &mut sc,
        ScopeKind::RecipientScope,
        "RecipientRestrictionFilter",
    )?;
    set_filter(&mut sc, ScopeKind::ServerScope, "ServerRestrictionFilter")?;
    set_filter(
        &mut sc,
        ScopeKind::DatabaseScope,
        "DatabaseRestrictionFilter",
    )?;
    if let Some(root) = call.bound.str("RecipientRoot") {
        sc.recipient_root = Some(find_ou(s, &root)?);
    }
    if call.bound.has("ServerList") {
        sc.kind = ScopeKind::ServerScope;
        sc.filter = None;
        sc.filter_text = None;
        sc.server_list = call
            .bound
            .strs("ServerList")
            .iter()
            .map(|n| s.org.find_server(n).ok_or_else(|| not_found(s, n)))
            .collect::<Result<_, _>>()?;
    }
    if call.bound.has("DatabaseList") {
        sc.kind = ScopeKind::DatabaseScope;
        sc.filter = None;
        sc.filter_text = None;
        sc.database_list = call
            .bound
            .strs("DatabaseList")
            .iter()
            .map(|n| s.org.find_database(n).ok_or_else(|| not_found(s, n)))
            .collect::<Result<_, _>>()?;
    }
    if sc.recipient_root.is_some() && sc.kind != ScopeKind::RecipientScope {
        return Err(ShellError::fatal(
            "The RecipientRoot parameter can only be used with the RecipientRestrictionFilter parameter.",
        ));
    }
    Ok(sc)
}

fn new_scope(s: &mut Session<'_>, call: &Call, _: Vec<Value>) -> R {
    let name = required(call, "Name")?;
    config_write(s, call)?;
    let has_def = [
        "RecipientRestrictionFilter",
        "ServerRestrictionFilter",
        "DatabaseRestrictionFilter",
        "ServerList",
        "DatabaseList",
    ]
    .iter()
    .any(|p| call.bound.has(p));
    if !has_def {
        return Err(ShellError::fatal(
            "Parameter set cannot be resolved using the specified named parameters. Specify a restriction filter or a server or database list.",
        ));
    }
    let mut sc = build_scope(s, call, name.clone(), None)?;
    sc.exclusive = call.bound.switch("Exclusive");
    if sc.exclusive && !call.bound.switch("Force") {
        s.write_warning(format!(
            "Exclusive scope '{name}' is in effect immediately: objects it matches can be modified only through role assignments that use an exclusive scope matching them."
        ));
        if !confirm(
            s,
            call,
            &format!("Creating the exclusive management scope \"{name}\"."),
        ) {
            return Ok(Vec::new());
        }
    }
    let id = s.org.new_scope(sc)?;
    Ok(vec![objects::scope(s.org, id)])
}

fn get_scope(s: &mut Session<'_>, call: &Call, _: Vec<Value>) -> R {
    if !super::readable(s, call, Target::OrganizationConfig) {
        return Ok(Vec::new());
    }
    let identity = call.bound.str("Identity");
    let exclusive = call.bound.bool("Exclusive");
    let orphan = call.bound.switch("Orphan");
    let out: Vec<Value> = s
        .org
        .scopes()
        .filter(|(_, sc)| identity_matches(identity.as_deref(), &sc.name))
        .filter(|(_, sc)| exclusive.is_none_or(|e| e == sc.exclusive))
        .filter(|(id, _)| {
            !orphan
                || !s
                    .org
                    .assignments()
                    .any(|(_, a)| assignment_uses_scope(a, *id))
        })
        .map(|(id, _)| objects::scope(s.org, id))
        .collect();
    if out.is_empty()
        && let Some(i) = &identity
        && !names::has_wildcard(i)
    {
        return Err(not_found(s, i));
    }
    Ok(out)
}

fn set_scope(s: &mut Session<'_>, call: &Call, _: Vec<Value>) -> R {
    let identity = required(call, "Identity")?;
    let id = s
        .org
        .scope_by_name(&identity)
        .ok_or_else(|| not_found(s, &identity))?;
    config_write(s, call)?;
    let base = s.org.scope(id).cloned();
    let name = call
        .bound
        .str("Name")
        .unwrap_or_else(|| base.as_ref().map(|b| b.name.clone()).unwrap_or_default());
    let sc = build_scope(s, call, name, base.as_ref())?;
    s.org.set_scope(id, sc)?;
    Ok(Vec::new())
}

fn remove_scope(s: &mut Session<'_>, call: &Call, _: Vec<Value>) -> R {
    let identity = required(call, "Identity")?;
    let id = s
        .org
        .scope_by_name(&identity)
        .ok_or_else(|| not_found(s, &identity))?;
    config_write(s, call)?;
    if !confirm(
        s,
        call,
        &format!("Removing the management scope \"{identity}\"."),
    ) {
        return Ok(Vec::new());
    }
    s.org.remove_scope(id)?;
    Ok(Vec::new())
}

// ----- role groups ----------------------------------------------------------

fn find_role_group(s: &Session<'_>, identity: &str) -> Result<RecipientId, ShellError> {
    s.org
        .find_recipient(identity)
        .filter(|id| {
            s.org
                .recipient(*id)
                .is_some_and(|r| r.kind == RecipientKind::RoleGroup)
        })
        .ok_or_else(|| not_found(s, identity))
}

fn resolve_members(s: &Session<'_>, list: &[String]) -> Result<Vec<RecipientId>, ShellError> {
    list.iter()
        .map(|m| {
            s.org
                .find_recipient(m)
                .filter(|id| {
                    s.org
                        .recipient(*id)
                        .is_some_and(|r| r.kind.is_security_principal())
                })
                .ok_or_else(|| not_found(s, m))
        })
        .collect()
}

/// The delegation check of New-ManagementRoleAssignment for a role that
/// New-RoleGroup or New-RoleAssignmentPolicy hands out with `-Roles`; the
/// error names the assignment that would have been made.
fn may_hand_out(
    s: &Session<'_>,
    call: &Call,
    held: &[Delegation],
    role: RoleId,
    assignee: Option<Assignee>,
    scopes: Option<(RecipientScope, ConfigScope)>,
    holder: &str,
) -> Result<(), ShellError> {
    s.org
        .delegation_for(&call.principal, held, role, assignee, scopes)
        .map(|_| ())
        .map_err(|_| {
            CoreError::NoDelegatingAssignment(format!("{}-{}", s.org.role_name(role), holder))
                .into()
        })
}

fn new_role_group(s: &mut Session<'_>, call: &Call, _: Vec<Value>) -> R {
    let name = required(call, "Name")?;
    config_write(s, call)?;
    let roles: Vec<RoleId> = call
        .bound
        .strs("Roles")
        .iter()
        .map(|r| find_role(s, r))
        .collect::<Result<_, _>>()?;
    for r in &roles {
        unscoped_guard(s, call, *r)?;
    }
    let (rw, cw) = scopes_from(s, call)?;
    let held = held_delegations(s, call);
    let members = resolve_members(s, &call.bound.strs("Members"))?;
    let owners = if call.bound.has("ManagedBy") {
        resolve_members(s, &call.bound.strs("ManagedBy"))?
    } else {
        // Documented: without -ManagedBy a role group has no managers; then
        // Organization Management and Role Management holders manage it.
        Vec::new()
    };
    let mesg = s
        .org
        .find_ou(&format!(
            "{}/{}",
            s.org.name,
            well_known::SECURITY_GROUPS_OU
        ))
        .unwrap_or_else(|| s.org.root_ou());
    let mut attrs = std::collections::BTreeMap::new();
    for k in ["Description", "DisplayName", "SamAccountName"] {
        if let Some(v) = call.bound.str(k) {
            attrs.insert(k.to_string(), v);
        }
    }
    crate::audit::stamp_created(&mut attrs);
    let snapshot = s.org.clone();
    let result = (|| -> Result<RecipientId, ShellError> {
        let g = s.org.new_recipient(NewRecipient {
            name: name.clone(),
            ou: mesg,
            kind: RecipientKind::RoleGroup,
            attrs,
            enabled: true,
        })?;
        for m in &members {
            s.org.add_member(g, *m)?;
        }
        s.org.set_managed_by(g, owners.clone())?;
        for r in &roles {
            let implicit = s
                .org
                .role(*r)
                .map(|x| x.implicit)
                .ok_or_else(|| ShellError::fatal("role vanished"))?;
            let recipient_write = rw.unwrap_or(RecipientScope::Relative(implicit.recipient_write));
            let config_write = cw.unwrap_or(ConfigScope::Relative(implicit.config_write));
            // Each role is handed to the new group by an assignment: the
            // delegation check of New-ManagementRoleAssignment, with the
            // group (in Microsoft Exchange Security Groups) as assignee.
            may_hand_out(
                s,
                call,
                &held,
                *r,
                Some(Assignee::Group(g)),
                Some((recipient_write, config_write)),
                &name,
            )?;
            let an = s
                .org
                .unique_assignment_name(&format!("{}-{}", s.org.role_name(*r), name));
            s.org.new_assignment(Assignment {
                name: an,
                role: *r,
                assignee: Assignee::Group(g),
                delegating: false,
                enabled: true,
                recipient_write,
                config_write,
            })?;
        }
        Ok(g)
    })();
    match result {
        Ok(g) => Ok(vec![objects::recipient(s.org, g, "RoleGroup")]),
        Err(e) => {
            // All or nothing: a failed New-RoleGroup leaves no half-made group.
            *s.org = snapshot;
            Err(e)
        }
    }
}

/// A role group as Get-RoleGroup's `-Filter` sees it: the properties its
/// reference page lists. Linked role groups aren't modelled, so every group
/// is `Standard` with no LinkedGroup.
struct RoleGroupSubject<'a> {
    org: &'a Organization,
    id: RecipientId,
    r: &'a Recipient,
}

impl opath::Subject for RoleGroupSubject<'_> {
    fn property(&self, name: &str) -> opath::Value<'_> {
        use std::borrow::Cow;
        let dns = |ids: &[RecipientId]| {
            opath::Value::Multi(
                ids.iter()
                    .map(|m| Cow::Owned(self.org.recipient_dn(*m)))
                    .collect(),
            )
        };
        match name.to_ascii_lowercase().as_str() {
            "name" => opath::Value::Str(Cow::Borrowed(&self.r.name)),
            "displayname" => opath::Value::Str(Cow::Borrowed(
                self.r.attr("DisplayName").unwrap_or(&self.r.name),
            )),
            "managedby" => dns(&self.r.managed_by),
            "members" => dns(&self.r.members),
            "rolegrouptype" => opath::Value::Str(Cow::Borrowed("Standard")),
            "distinguishedname" => opath::Value::Str(Cow::Owned(self.org.recipient_dn(self.id))),
            _ => opath::Value::Null,
        }
    }
}

fn get_role_group(s: &mut Session<'_>, call: &Call, _: Vec<Value>) -> R {
    let identity = call.bound.str("Identity");
    let filter = match call.bound.get("Filter") {
        Some(v) => Some(
            opath::Filter::parse(&filter_text(v), opath::FilterKind::RoleGroup).map_err(|e| {
                ShellError::fatal(format!(
                    "Cannot bind parameter 'Filter' to the target. Exception setting \"Filter\": \"{e}\""
                ))
            })?,
        ),
        None => None,
    };
    let out: Vec<Value> = s
        .org
        .recipients()
        .filter(|(_, r)| r.kind == RecipientKind::RoleGroup)
        .filter(|(_, r)| identity_matches(identity.as_deref(), &r.name))
        .filter(|(id, r)| {
            filter.as_ref().is_none_or(|f| {
                f.evaluate(&RoleGroupSubject {
                    org: s.org,
                    id: *id,
                    r,
                })
            })
        })
        .filter(|(id, _)| super::readable(s, call, Target::Recipient(*id)))
        .map(|(id, _)| objects::recipient(s.org, id, "RoleGroup"))
        .collect();
    if out.is_empty()
        && let Some(i) = &identity
        && !names::has_wildcard(i)
    {
        return Err(not_found(s, i));
    }
    Ok(out)
}

fn set_role_group(s: &mut Session<'_>, call: &Call, _: Vec<Value>) -> R {
    let g = find_role_group(s, &required(call, "Identity")?)?;
    super::manage_group(s, call, g)?;
    if let Some(n) = call.bound.str("Name") {
        s.org.set_attr(g, "Name", Some(n))?;
    }
    for k in ["Description", "DisplayName"] {
        if call.bound.has(k) {
            s.org
                .set_attr(g, k, call.bound.str(k).filter(|v| !v.is_empty()))?;
        }
    }
    if call.bound.has("ManagedBy") {
        let owners = resolve_members(s, &call.bound.strs("ManagedBy"))?;
        s.org.set_managed_by(g, owners)?;
    }
    Ok(Vec::new())
}

fn remove_role_group(s: &mut Session<'_>, call: &Call, _: Vec<Value>) -> R {
    let identity = required(call, "Identity")?;
    let g = find_role_group(s, &identity)?;
    super::manage_group(s, call, g)?;
    // Built-in role groups can't be removed (E27); setup made them from the
    // catalog, so its list names them.
    let name = s.org.recipient_name(g).to_string();
    if exrbac_catalog::builtin()
        .is_ok_and(|c| c.role_groups.iter().any(|b| names::eq(&b.name, &name)))
    {
        return Err(ShellError::fatal(format!(
            "The role group '{name}' is a built-in role group and can't be removed."
        )));
    }
    if !confirm(s, call, &format!("Removing the role group \"{identity}\".")) {
        return Ok(Vec::new());
    }
    let snapshot = s.org.clone();
    let assignments = s.org.assignments_of(Assignee::Group(g)).to_vec();
    for a in assignments {
        if let Err(e) = s.org.remove_assignment(a) {
            *s.org = snapshot;
            return Err(e.into());
        }
    }
    s.org.remove_recipient(g)?;
    Ok(Vec::new())
}

fn member_change(s: &mut Session<'_>, call: &Call, add: bool) -> R {
    let g = find_role_group(s, &required(call, "Identity")?)?;
    super::manage_group(s, call, g)?;
    let members = resolve_members(s, &call.bound.strs("Member"))?;
    for m in members {
        if add {
            s.org.add_member(g, m)?;
        } else {
            s.org.remove_member(g, m)?;
        }
    }
    Ok(Vec::new())
}

fn add_role_group_member(s: &mut Session<'_>, call: &Call, _: Vec<Value>) -> R {
    member_change(s, call, true)
}

fn remove_role_group_member(s: &mut Session<'_>, call: &Call, _: Vec<Value>) -> R {
    let identity = call.bound.str("Identity").unwrap_or_default();
    if !confirm(
        s,
        call,
        &format!("Removing members from the role group \"{identity}\"."),
    ) {
        return Ok(Vec::new());
    }
    member_change(s, call, false)
}

fn get_role_group_member(s: &mut Session<'_>, call: &Call, _: Vec<Value>) -> R {
    let g = find_role_group(s, &required(call, "Identity")?)?;
    let members = s
        .org
        .recipient(g)
        .map(|r| r.members.clone())
        .unwrap_or_default();
    let mut maker = objects::Recipients::new(s.org);
    Ok(members
        .into_iter()
        .map(|m| maker.object(m, "GroupMember"))
        .collect())
}

fn update_role_group_member(s: &mut Session<'_>, call: &Call, _: Vec<Value>) -> R {
    let g = find_role_group(s, &required(call, "Identity")?)?;
    super::manage_group(s, call, g)?;
    let current = s
        .org
        .recipient(g)
        .map(|r| r.members.clone())
        .unwrap_or_default();
    let wanted = super::recipients::member_update(s, call, &current)?;
    super::recipients::apply_members(s, g, &current, &wanted)?;
    Ok(Vec::new())
}

// ----- role assignment policies ---------------------------------------------

fn new_policy(s: &mut Session<'_>, call: &Call, _: Vec<Value>) -> R {
    let name = required(call, "Name")?;
    config_write(s, call)?;
    let roles: Vec<RoleId> = call
        .bound
        .strs("Roles")
        .iter()
        .map(|r| find_role(s, r))
        .collect::<Result<_, _>>()?;
    // A policy's assignments carry their roles' implicit scopes, which the
    // delegating assignment must be at least as wide as (§2.2).
    let held = held_delegations(s, call);
    for r in &roles {
        let scopes = s.org.role(*r).map(|x| {
            (
                RecipientScope::Relative(x.implicit.recipient_write),
                ConfigScope::Relative(x.implicit.config_write),
            )
        });
        if scopes.is_none() {
            return Err(CoreError::NoDelegatingAssignment(format!(
                "{}-{}",
                s.org.role_name(*r),
                name
            ))
            .into());
        }
        may_hand_out(s, call, &held, *r, None, scopes, &name)?;
    }
    let snapshot = s.org.clone();
    let result = (|| -> Result<PolicyId, ShellError> {
        let p = s.org.new_policy(
            &name,
            &call.bound.str("Description").unwrap_or_default(),
            call.bound.switch("IsDefault"),
        )?;
        for r in &roles {
            let implicit = s
                .org
                .role(*r)
                .map(|x| x.implicit)
                .ok_or_else(|| ShellError::fatal("role vanished"))?;
            let an = s
                .org
                .unique_assignment_name(&format!("{}-{}", s.org.role_name(*r), name));
            s.org.new_assignment(Assignment {
                name: an,
                role: *r,
                assignee: Assignee::Policy(p),
                delegating: false,
                enabled: true,
                recipient_write: RecipientScope::Relative(implicit.recipient_write),
                config_write: ConfigScope::Relative(implicit.config_write),
            })?;
        }
        Ok(p)
    })();
    match result {
        Ok(p) => Ok(vec![objects::policy(s.org, p)]),
        Err(e) => {
            *s.org = snapshot;
            Err(e)
        }
    }
}

fn get_policy(s: &mut Session<'_>, call: &Call, _: Vec<Value>) -> R {
    if !super::readable(s, call, Target::OrganizationConfig) {
        return Ok(Vec::new());
    }
    let identity = call.bound.str("Identity");
    let out: Vec<Value> = s
        .org
        .policies()
        .filter(|(_, p)| identity_matches(identity.as_deref(), &p.name))
        .map(|(id, _)| objects::policy(s.org, id))
        .collect();
    if out.is_empty()
        && let Some(i) = &identity
        && !names::has_wildcard(i)
    {
        return Err(not_found(s, i));
    }
    Ok(out)
}

fn set_policy(s: &mut Session<'_>, call: &Call, _: Vec<Value>) -> R {
    let identity = required(call, "Identity")?;
    let p = s
        .org
        .policy_by_name(&identity)
        .ok_or_else(|| not_found(s, &identity))?;
    config_write(s, call)?;
    s.org.set_policy(
        p,
        call.bound.str("Name").as_deref(),
        call.bound.str("Description"),
        call.bound.switch("IsDefault"),
    )?;
    Ok(Vec::new())
}

fn remove_policy(s: &mut Session<'_>, call: &Call, _: Vec<Value>) -> R {
    let identity = required(call, "Identity")?;
    let p = s
        .org
        .policy_by_name(&identity)
        .ok_or_else(|| not_found(s, &identity))?;
    config_write(s, call)?;
    if !confirm(
        s,
        call,
        &format!("Removing the role assignment policy \"{identity}\"."),
    ) {
        return Ok(Vec::new());
    }
    s.org.remove_policy(p)?;
    Ok(Vec::new())
}
