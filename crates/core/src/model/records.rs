//! The organization as rows: what a store writes after a change (only the
//! objects that changed) and reads back on start-up.

use super::arena::Arena;
use super::changes::Object;
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

impl Parts {
    /// Adds one object read from a row.
    pub fn push(&mut self, id: u32, obj: Object) {
        match obj {
            Object::Ou(o) => self.ous.push((id, o)),
            Object::Recipient(o) => self.recipients.push((id, o)),
            Object::Server(o) => self.servers.push((id, o)),
            Object::Database(o) => self.databases.push((id, o)),
            Object::Role(o) => self.roles.push((id, o)),
            Object::Scope(o) => self.scopes.push((id, o)),
            Object::Assignment(o) => self.assignments.push((id, o)),
            Object::Policy(o) => self.policies.push((id, o)),
        }
    }
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

    /// Whether any object changed since the last [`Organization::take_changes`].
    pub fn has_changes(&self) -> bool {
        self.ous.has_dirty()
            || self.recipients.has_dirty()
            || self.servers.has_dirty()
            || self.databases.has_dirty()
            || self.roles.has_dirty()
            || self.scopes.has_dirty()
            || self.assignments.has_dirty()
            || self.policies.has_dirty()
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
        fn check<'a, T: 'a>(
            org: &Organization,
            items: impl Iterator<Item = (super::arena::Id<T>, &'a T)>,
            wrap: fn(&'a T) -> ObjectRef<'a>,
        ) -> Result<(), CoreError> {
            for (id, o) in items {
                let r = wrap(o);
                let mut dangling = false;
                r.for_each_reference(|k, x| dangling |= org.object(k, x).is_none());
                if dangling {
                    return Err(CoreError::Invalid(format!(
                        "the stored {} #{} ({}) points at a missing object",
                        r.kind().as_str(),
                        id.raw(),
                        r.label()
                    )));
                }
            }
            Ok(())
        }
        check(self, self.ous.iter(), ObjectRef::Ou)?;
        check(self, self.recipients.iter(), ObjectRef::Recipient)?;
        check(self, self.servers.iter(), ObjectRef::Server)?;
        check(self, self.databases.iter(), ObjectRef::Database)?;
        check(self, self.roles.iter(), ObjectRef::Role)?;
        check(self, self.scopes.iter(), ObjectRef::Scope)?;
        check(self, self.assignments.iter(), ObjectRef::Assignment)?;
        check(self, self.policies.iter(), ObjectRef::Policy)
    }
}
