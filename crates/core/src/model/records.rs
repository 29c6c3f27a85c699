//! The organization as rows: what a store writes after a change (only the
//! objects that changed) and reads back on start-up.

use super::arena::Arena;
use super::directory::*;
use super::org::{Indexes, Organization, OrganizationSettings};
use super::rbac::*;
use crate::err::CoreError;
use serde::Serialize;

/// The kinds of stored object, with the names the store uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ObjectKind {
    /// [`Ou`].
    Ou,
    /// [`Recipient`].
    Recipient,
    /// [`Server`].
    Server,
    /// [`Database`].
    Database,
    /// [`Role`].
    Role,
    /// [`Scope`].
    Scope,
    /// [`Assignment`].
    Assignment,
    /// [`Policy`].
    Policy,
}

impl ObjectKind {
    /// Every kind, in load order.
    pub const ALL: [ObjectKind; 8] = [
        ObjectKind::Ou,
        ObjectKind::Server,
        ObjectKind::Database,
        ObjectKind::Policy,
        ObjectKind::Role,
        ObjectKind::Scope,
        ObjectKind::Recipient,
        ObjectKind::Assignment,
    ];
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            ObjectKind::Ou => "ou",
            ObjectKind::Recipient => "recipient",
            ObjectKind::Server => "server",
            ObjectKind::Database => "database",
            ObjectKind::Role => "role",
            ObjectKind::Scope => "scope",
            ObjectKind::Assignment => "assignment",
            ObjectKind::Policy => "policy",
        }
    }
    /// Parses a stored name.
    pub fn parse(s: &str) -> Option<ObjectKind> {
        ObjectKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// A borrowed object of any kind, serializable as its stored body.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum ObjectRef<'a> {
    /// An OU.
    Ou(&'a Ou),
    /// A recipient.
    Recipient(&'a Recipient),
    /// A server.
    Server(&'a Server),
    /// A database.
    Database(&'a Database),
    /// A role.
    Role(&'a Role),
    /// A scope.
    Scope(&'a Scope),
    /// An assignment.
    Assignment(&'a Assignment),
    /// A policy.
    Policy(&'a Policy),
}

/// Every object of an organization, as loaded from rows.
#[derive(Default)]
pub struct Parts {
    /// OUs.
    pub ous: Vec<(u32, Ou)>,
    /// Recipients.
    pub recipients: Vec<(u32, Recipient)>,
    /// Servers.
    pub servers: Vec<(u32, Server)>,
    /// Databases.
    pub databases: Vec<(u32, Database)>,
    /// Roles.
    pub roles: Vec<(u32, Role)>,
    /// Scopes.
    pub scopes: Vec<(u32, Scope)>,
    /// Assignments.
    pub assignments: Vec<(u32, Assignment)>,
    /// Policies.
    pub policies: Vec<(u32, Policy)>,
}

fn restore<T>(what: &str, items: Vec<(u32, T)>) -> Result<Arena<T>, CoreError> {
    Arena::restore(items).ok_or_else(|| {
        CoreError::Invalid(format!(
            "the stored {what} ids are duplicated or out of range"
        ))
    })
}

impl Organization {
    /// Every object changed since the last call, with its current state.
    pub fn take_changes(&mut self) -> Vec<(ObjectKind, u32)> {
        let mut out = Vec::new();
        for (k, ids) in [
            (ObjectKind::Ou, self.ous.take_dirty()),
            (ObjectKind::Recipient, self.recipients.take_dirty()),
            (ObjectKind::Server, self.servers.take_dirty()),
            (ObjectKind::Database, self.databases.take_dirty()),
            (ObjectKind::Role, self.roles.take_dirty()),
            (ObjectKind::Scope, self.scopes.take_dirty()),
            (ObjectKind::Assignment, self.assignments.take_dirty()),
            (ObjectKind::Policy, self.policies.take_dirty()),
        ] {
            out.extend(ids.into_iter().map(|i| (k, i)));
        }
        out
    }

    /// Forgets pending changes (after a full save or a load).
    pub fn clear_changes(&mut self) {
        self.ous.clear_dirty();
        self.recipients.clear_dirty();
        self.servers.clear_dirty();
        self.databases.clear_dirty();
        self.roles.clear_dirty();
        self.scopes.clear_dirty();
        self.assignments.clear_dirty();
        self.policies.clear_dirty();
    }

    /// The object with this kind and id, if it exists.
    pub fn object(&self, kind: ObjectKind, id: u32) -> Option<ObjectRef<'_>> {
        Some(match kind {
            ObjectKind::Ou => ObjectRef::Ou(self.ous.get_raw(id)?),
            ObjectKind::Recipient => ObjectRef::Recipient(self.recipients.get_raw(id)?),
            ObjectKind::Server => ObjectRef::Server(self.servers.get_raw(id)?),
            ObjectKind::Database => ObjectRef::Database(self.databases.get_raw(id)?),
            ObjectKind::Role => ObjectRef::Role(self.roles.get_raw(id)?),
            ObjectKind::Scope => ObjectRef::Scope(self.scopes.get_raw(id)?),
            ObjectKind::Assignment => ObjectRef::Assignment(self.assignments.get_raw(id)?),
            ObjectKind::Policy => ObjectRef::Policy(self.policies.get_raw(id)?),
        })
    }

    /// Every live object, for a full write.
    pub fn all_objects(&self) -> Vec<(ObjectKind, u32)> {
        let mut out = Vec::new();
        out.extend(self.ous.iter().map(|(i, _)| (ObjectKind::Ou, i.raw())));
        out.extend(
            self.servers
                .iter()
                .map(|(i, _)| (ObjectKind::Server, i.raw())),
        );
        out.extend(
            self.databases
                .iter()
                .map(|(i, _)| (ObjectKind::Database, i.raw())),
        );
        out.extend(
            self.policies
                .iter()
                .map(|(i, _)| (ObjectKind::Policy, i.raw())),
        );
        out.extend(self.roles.iter().map(|(i, _)| (ObjectKind::Role, i.raw())));
        out.extend(
            self.scopes
                .iter()
                .map(|(i, _)| (ObjectKind::Scope, i.raw())),
        );
        out.extend(
            self.recipients
                .iter()
                .map(|(i, _)| (ObjectKind::Recipient, i.raw())),
        );
        out.extend(
            self.assignments
                .iter()
                .map(|(i, _)| (ObjectKind::Assignment, i.raw())),
        );
        out
    }

    /// An organization rebuilt from stored rows, indexes and filters included.
    pub fn restore(
        name: String,
        settings: OrganizationSettings,
        revision: u64,
        parts: Parts,
    ) -> Result<Organization, CoreError> {
        let mut org = Organization {
            name,
            ous: restore("OU", parts.ous)?,
            recipients: restore("recipient", parts.recipients)?,
            servers: restore("server", parts.servers)?,
            databases: restore("database", parts.databases)?,
            roles: restore("role", parts.roles)?,
            scopes: restore("scope", parts.scopes)?,
            assignments: restore("assignment", parts.assignments)?,
            policies: restore("policy", parts.policies)?,
            settings,
            revision,
            idx: Indexes::default(),
        };
        if org.ous.get_raw(0).is_none() {
            return Err(CoreError::Invalid(
                "the stored organization has no domain root".to_string(),
            ));
        }
        org.check_references()?;
        org.reindex()?;
        Ok(org)
    }

    /// Every reference between stored objects points at a live object: a
    /// store that lost rows is reported, not half-loaded.
    pub fn check_references(&self) -> Result<(), CoreError> {
        let bad = |what: String| {
            Err(CoreError::Invalid(format!(
                "the stored {what} points at a missing object"
            )))
        };
        for (id, o) in self.ous.iter() {
            if o.parent.is_some_and(|p| self.ous.get(p).is_none()) {
                return bad(format!("OU #{}", id.raw()));
            }
        }
        for (id, r) in self.recipients.iter() {
            let missing_ou = self.ous.get(r.ou).is_none();
            let missing_rec = r
                .members
                .iter()
                .chain(&r.member_of)
                .chain(&r.managed_by)
                .any(|x| self.recipients.get(*x).is_none())
                || r.manager.is_some_and(|m| self.recipients.get(m).is_none());
            let missing_cfg = r.database.is_some_and(|d| self.databases.get(d).is_none())
                || r.policy.is_some_and(|p| self.policies.get(p).is_none());
            if missing_ou || missing_rec || missing_cfg {
                return bad(format!("recipient #{} ({})", id.raw(), r.name));
            }
        }
        for (id, d) in self.databases.iter() {
            if self.servers.get(d.server).is_none() {
                return bad(format!("database #{}", id.raw()));
            }
        }
        for (id, r) in self.roles.iter() {
            if r.parent.is_some_and(|p| self.roles.get(p).is_none()) {
                return bad(format!("role #{} ({})", id.raw(), r.name));
            }
        }
        for (id, a) in self.assignments.iter() {
            let assignee_ok = match a.assignee {
                Assignee::User(r) | Assignee::Group(r) => self.recipients.get(r).is_some(),
                Assignee::Policy(p) => self.policies.get(p).is_some(),
            };
            let scope_ok = |s: ScopeId| self.scopes.get(s).is_some();
            let rw_ok = match a.recipient_write {
                RecipientScope::Custom(s) | RecipientScope::Exclusive(s) => scope_ok(s),
                RecipientScope::Ou(o) => self.ous.get(o).is_some(),
                RecipientScope::Relative(_) => true,
            };
            let cw_ok = match a.config_write {
                ConfigScope::Custom(s) | ConfigScope::Exclusive(s) => scope_ok(s),
                ConfigScope::Relative(_) => true,
            };
            if self.roles.get(a.role).is_none() || !assignee_ok || !rw_ok || !cw_ok {
                return bad(format!("assignment #{} ({})", id.raw(), a.name));
            }
        }
        Ok(())
    }
}
