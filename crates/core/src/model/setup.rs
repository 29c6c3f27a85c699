//! A new organization, as Exchange setup leaves it: the catalog's roles, role
//! groups and default policy, the Microsoft Exchange Security Groups OU, one
//! server with one database, and a bootstrap Administrator.

use super::directory::RecipientKind;
use super::org::{NewRecipient, Organization, well_known};
use super::rbac::*;
use crate::err::CoreError;
use crate::names;
use exrbac_catalog::Catalog;
use std::collections::BTreeMap;

fn scope_value(v: &impl std::fmt::Display) -> Result<ScopeValue, CoreError> {
    let s = v.to_string();
    ScopeValue::parse(&s)
        .ok_or_else(|| CoreError::Invalid(format!("the catalog names an unknown scope `{s}`")))
}

fn entry_kind(k: &impl std::fmt::Debug) -> EntryKind {
    match format!("{k:?}").as_str() {
        "Script" => EntryKind::Script,
        "ApplicationPermission" => EntryKind::ApplicationPermission,
        "WebService" => EntryKind::WebService,
        _ => EntryKind::Cmdlet,
    }
}

impl Organization {
    /// A new organization with the given catalog, as after Exchange setup.
    pub fn new(domain: &str, catalog: &Catalog) -> Result<Organization, CoreError> {
        let mut org = Organization::empty(domain)?;
        let root = org.root_ou();
        let users = org.new_ou(well_known::USERS, root)?;
        let mesg = org.new_ou(well_known::SECURITY_GROUPS_OU, root)?;
        let server = org.new_server(well_known::SERVER)?;
        org.new_database(well_known::DATABASE, server)?;

        // Roles: parents first, whatever order the catalog lists them in.
        let mut pending: Vec<&exrbac_catalog::RoleDef> = catalog.roles.iter().collect();
        while !pending.is_empty() {
            let before = pending.len();
            let mut rest = Vec::new();
            for def in pending {
                let parent = match &def.parent {
                    Some(p) => match org.role_by_name(p) {
                        Some(id) => Some(id),
                        None => {
                            rest.push(def);
                            continue;
                        }
                    },
                    None => None,
                };
                org.insert_role(Role {
                    name: def.name.clone(),
                    builtin: true,
                    parent,
                    role_type: def.role_type.clone(),
                    description: def.description.clone(),
                    is_end_user: def.is_end_user,
                    is_unscoped: def.is_unscoped_top_level,
                    implicit: ImplicitScopes {
                        recipient_read: scope_value(&def.implicit.recipient_read)?,
                        recipient_write: scope_value(&def.implicit.recipient_write)?,
                        config_read: scope_value(&def.implicit.config_read)?,
                        config_write: scope_value(&def.implicit.config_write)?,
                    },
                    entries: def
                        .entries
                        .iter()
                        .map(|e| RoleEntry {
                            name: e.name.clone(),
                            kind: entry_kind(&e.kind),
                            parameters: e.parameters.clone(),
                            snapin: None,
                        })
                        .collect(),
                })?;
            }
            if rest.len() == before {
                let names: Vec<&str> = rest.iter().map(|d| d.name.as_str()).collect();
                return Err(CoreError::Invalid(format!(
                    "the catalog's roles {names:?} name parents that don't exist"
                )));
            }
            pending = rest;
        }

        for p in &catalog.policies {
            let pid = org.new_policy(&p.name, &p.description, p.is_default)?;
            for role in &p.roles {
                let rid = org.role_by_name(role).ok_or_else(|| {
                    CoreError::Invalid(format!(
                        "the catalog's policy names an unknown role `{role}`"
                    ))
                })?;
                org.assign_builtin(rid, Assignee::Policy(pid), false, None, None)?;
            }
        }

        for g in &catalog.system_groups {
            org.new_recipient(NewRecipient {
                name: g.clone(),
                ou: mesg,
                kind: RecipientKind::SecurityGroup,
                attrs: BTreeMap::new(),
                enabled: true,
            })?;
        }
        // In the shared permissions model Exchange Trusted Subsystem is a
        // member of Exchange Windows Permissions (seed 004, Table 1).
        if let (Some(ewp), Some(ets)) = (
            org.recipient_by_name("Exchange Windows Permissions"),
            org.recipient_by_name("Exchange Trusted Subsystem"),
        ) {
            org.add_member(ewp, ets)?;
        }
        for rg in &catalog.role_groups {
            let mut attrs = BTreeMap::new();
            attrs.insert("Description".to_string(), rg.description.clone());
            let gid = org.new_recipient(NewRecipient {
                name: rg.name.clone(),
                ou: mesg,
                kind: RecipientKind::RoleGroup,
                attrs,
                enabled: true,
            })?;
            for a in &rg.assignments {
                let rid = org.role_by_name(&a.role).ok_or_else(|| {
                    CoreError::Invalid(format!(
                        "the catalog's role group `{}` names an unknown role `{}`",
                        rg.name, a.role
                    ))
                })?;
                let rw = a.recipient_write.as_ref().map(scope_value).transpose()?;
                let cw = a.config_write.as_ref().map(scope_value).transpose()?;
                org.assign_builtin(rid, Assignee::Group(gid), a.delegating, rw, cw)?;
            }
        }

        let domain_admins = org.new_recipient(NewRecipient {
            name: well_known::DOMAIN_ADMINS.to_string(),
            ou: users,
            kind: RecipientKind::SecurityGroup,
            attrs: BTreeMap::new(),
            enabled: true,
        })?;
        let mut attrs = BTreeMap::new();
        attrs.insert(
            "UserPrincipalName".to_string(),
            format!("administrator@{}", org.name.to_lowercase()),
        );
        attrs.insert("SamAccountName".to_string(), "Administrator".to_string());
        let admin = org.new_recipient(NewRecipient {
            name: well_known::ADMINISTRATOR.to_string(),
            ou: users,
            kind: RecipientKind::User,
            attrs,
            enabled: true,
        })?;
        org.add_member(domain_admins, admin)?;
        if let Some(om) = org.recipient_by_name(well_known::ORGANIZATION_MANAGEMENT) {
            org.add_member(om, admin)?;
            // Organization Management manages every built-in role group.
            let groups: Vec<_> = org
                .recipients()
                .filter(|(_, r)| r.kind == RecipientKind::RoleGroup)
                .map(|(id, _)| id)
                .collect();
            for g in groups {
                org.set_managed_by(g, vec![om])?;
            }
        }
        org.revision = 1;
        Ok(org)
    }

    /// Assigns a role as setup does, naming the assignment `<Role>-<Assignee>`
    /// (`-Delegating` for delegating ones).
    fn assign_builtin(
        &mut self,
        role: RoleId,
        assignee: Assignee,
        delegating: bool,
        rw: Option<ScopeValue>,
        cw: Option<ScopeValue>,
    ) -> Result<AssignmentId, CoreError> {
        let r = self
            .role(role)
            .ok_or_else(|| CoreError::Invalid("The role doesn't exist.".to_string()))?;
        let implicit = r.implicit;
        let base = if delegating {
            format!("{}-{}-Delegating", r.name, self.assignee_name(assignee))
        } else {
            format!("{}-{}", r.name, self.assignee_name(assignee))
        };
        let name = self.unique_assignment_name(&base);
        self.new_assignment(Assignment {
            name,
            role,
            assignee,
            delegating,
            enabled: true,
            recipient_write: RecipientScope::Relative(rw.unwrap_or(implicit.recipient_write)),
            config_write: ConfigScope::Relative(cw.unwrap_or(implicit.config_write)),
        })
    }
}

/// Whether a name is the built-in Organization Management role group.
pub fn is_organization_management(name: &str) -> bool {
    names::eq(name, well_known::ORGANIZATION_MANAGEMENT)
}
