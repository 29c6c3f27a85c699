//! Fixtures shared by the core's integration tests.

#![allow(dead_code, reason = "each test file uses some of them")]

use exrbac_core::*;
use std::collections::BTreeMap;

pub fn s(v: &[&str]) -> Vec<String> {
    v.iter().map(|x| x.to_string()).collect()
}

pub fn recipient_with(
    org: &mut Organization,
    name: &str,
    ou: OuId,
    kind: RecipientKind,
    attrs: &[(&str, &str)],
) -> RecipientId {
    let attrs: BTreeMap<String, String> = attrs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    org.new_recipient(NewRecipient {
        name: name.to_string(),
        ou,
        kind,
        attrs,
        enabled: true,
    })
    .unwrap()
}

pub fn assignment(name: &str, role: RoleId, assignee: Assignee) -> Assignment {
    Assignment {
        name: name.to_string(),
        role,
        assignee,
        delegating: false,
        enabled: true,
        recipient_write: RecipientScope::Relative(ScopeValue::Organization),
        config_write: ConfigScope::Relative(ScopeValue::OrganizationConfig),
    }
}

/// Implicit scopes of an organization-wide role.
pub const ORG_WIDE: ImplicitScopes = ImplicitScopes {
    recipient_read: ScopeValue::Organization,
    recipient_write: ScopeValue::Organization,
    config_read: ScopeValue::OrganizationConfig,
    config_write: ScopeValue::OrganizationConfig,
};

/// A built-in-like root role (read-only) with the given entries.
pub fn root_role_with(
    org: &mut Organization,
    name: &str,
    implicit: ImplicitScopes,
    end_user: bool,
    entries: &[(&str, &[&str])],
) -> RoleId {
    org.insert_role(Role {
        name: name.to_string(),
        builtin: true,
        parent: None,
        role_type: name.replace(' ', ""),
        description: String::new(),
        is_end_user: end_user,
        is_unscoped: false,
        implicit,
        entries: entries
            .iter()
            .map(|(c, ps)| RoleEntry {
                name: c.to_string(),
                kind: EntryKind::Cmdlet,
                parameters: s(ps),
                snapin: None,
            })
            .collect(),
    })
    .unwrap()
}
