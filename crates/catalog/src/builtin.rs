//! Assembly of the built-in catalog from the embedded data files.

use crate::{
    AssignmentDef, Catalog, CatalogError, ImplicitScopes, PolicyDef, RoleDef, RoleGroupDef,
    ScopeValue, cmdlets, derive,
};
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::OnceLock;

const ROLES: &str = include_str!("../data/roles.json");
const ROLE_GROUPS: &str = include_str!("../data/role-groups.json");
const POLICY: &str = include_str!("../data/policy.json");

/// The groups Exchange setup creates next to the role groups (seed 004, Table 1).
pub(crate) const SYSTEM_GROUPS: [&str; 5] = [
    "Exchange Servers",
    "Exchange Trusted Subsystem",
    "Exchange Windows Permissions",
    "ExchangeLegacyInterop",
    "Managed Availability Servers",
];

/// The default policy has no description in the extracted docs; this one is ours.
const POLICY_DESCRIPTION: &str =
    "The end-user roles Exchange setup assigns to every new mailbox by default.";

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawRole {
    name: String,
    role_type: Option<String>,
    description: String,
    parent: Option<String>,
    is_end_user_role: bool,
    implicit_scopes: RawScopes,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawScopes {
    recipient_read: String,
    recipient_write: String,
    config_read: String,
    config_write: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawGroup {
    name: String,
    description: String,
    role_assignments: Vec<RawAssignment>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawAssignment {
    role: String,
    regular: bool,
    delegating: bool,
    recipient_write_scope: String,
    config_write_scope: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawPolicy {
    name: String,
    is_default: bool,
    roles: Vec<String>,
}

pub(crate) fn catalog() -> Result<&'static Catalog, CatalogError> {
    static CATALOG: OnceLock<Result<Catalog, CatalogError>> = OnceLock::new();
    CATALOG.get_or_init(build).as_ref().map_err(Clone::clone)
}

fn json<'a, T: Deserialize<'a>>(file: &'static str, text: &'a str) -> Result<T, CatalogError> {
    serde_json::from_str(text).map_err(|e| CatalogError::Data {
        file,
        line: e.line(),
        message: e.to_string(),
    })
}

fn scope(file: &'static str, s: &str) -> Result<ScopeValue, CatalogError> {
    s.parse()
        .map_err(|e: crate::UnknownScope| CatalogError::Data {
            file,
            line: 0,
            message: e.to_string(),
        })
}

fn build() -> Result<Catalog, CatalogError> {
    let table = cmdlets::table()?;
    let raw_roles: Vec<RawRole> = json("roles.json", ROLES)?;
    let raw_groups: Vec<RawGroup> = json("role-groups.json", ROLE_GROUPS)?;
    let raw_policy: RawPolicy = json("policy.json", POLICY)?;

    let mut entries: HashMap<String, Vec<crate::EntryDef>> = derive::derive(table)?
        .into_iter()
        .map(|(role, e)| (role.to_ascii_lowercase(), e))
        .collect();

    let mut roles = Vec::with_capacity(raw_roles.len());
    for r in raw_roles {
        let implicit = ImplicitScopes {
            recipient_read: scope("roles.json", &r.implicit_scopes.recipient_read)?,
            recipient_write: scope("roles.json", &r.implicit_scopes.recipient_write)?,
            config_read: scope("roles.json", &r.implicit_scopes.config_read)?,
            config_write: scope("roles.json", &r.implicit_scopes.config_write)?,
        };
        let entries = entries
            .remove(&r.name.to_ascii_lowercase())
            .ok_or_else(|| CatalogError::Data {
                file: derive::FILE,
                line: 0,
                message: format!("no entries for the built-in role `{}`", r.name),
            })?;
        roles.push(RoleDef {
            // The role pages give no type for LegalHoldApplication; Exchange names types after
            // the role, as for every other application role.
            role_type: r
                .role_type
                .unwrap_or_else(|| r.name.replace([' ', '-'], "")),
            name: r.name,
            description: r.description,
            parent: r.parent,
            is_end_user: r.is_end_user_role,
            is_unscoped_top_level: false,
            implicit,
            entries,
        });
    }
    if let Some(role) = entries.keys().next() {
        return Err(CatalogError::Data {
            file: derive::FILE,
            line: 0,
            message: format!("`{role}` is not a built-in role"),
        });
    }
    // Parents first, so consumers can create roles in order.
    roles.sort_by_key(|r| (r.parent.is_some(), r.name.to_ascii_lowercase()));

    let implicit_of: HashMap<String, (ScopeValue, ScopeValue)> = roles
        .iter()
        .map(|r| {
            (
                r.name.to_ascii_lowercase(),
                (r.implicit.recipient_write, r.implicit.config_write),
            )
        })
        .collect();
    let mut role_groups = Vec::with_capacity(raw_groups.len());
    for g in raw_groups {
        let mut assignments = Vec::new();
        for a in g.role_assignments {
            let (rw, cw) = implicit_of
                .get(&a.role.to_ascii_lowercase())
                .copied()
                .ok_or_else(|| CatalogError::Data {
                    file: "role-groups.json",
                    line: 0,
                    message: format!("`{}` assigns the unknown role `{}`", g.name, a.role),
                })?;
            let recipient_write =
                Some(scope("role-groups.json", &a.recipient_write_scope)?).filter(|s| *s != rw);
            let config_write =
                Some(scope("role-groups.json", &a.config_write_scope)?).filter(|s| *s != cw);
            for delegating in [false, true] {
                if (delegating && a.delegating) || (!delegating && a.regular) {
                    assignments.push(AssignmentDef {
                        role: a.role.clone(),
                        delegating,
                        recipient_write,
                        config_write,
                    });
                }
            }
        }
        role_groups.push(RoleGroupDef {
            name: g.name,
            description: g.description,
            assignments,
        });
    }

    let policies = vec![PolicyDef {
        name: raw_policy.name,
        description: POLICY_DESCRIPTION.to_string(),
        is_default: raw_policy.is_default,
        roles: raw_policy.roles,
    }];

    Ok(Catalog {
        roles,
        role_groups,
        policies,
        system_groups: SYSTEM_GROUPS.iter().map(|s| s.to_string()).collect(),
    })
}
