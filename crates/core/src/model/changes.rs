//! Keeping a second copy of an organization in step with the first, one
//! change at a time: the HTTP server's left-right snapshot, and a node
//! catching up on the commits of others without reloading everything.
//!
//! A [`ChangeSet`] carries the current state of the objects that changed
//! (not the operations that changed them), so applying it is idempotent and
//! needs no knowledge of Exchange's rules: those were enforced where the
//! change was made.

use super::arena::Id;
use super::directory::*;
use super::org::{
    CmdletIndex, Indexes, Organization, OrganizationSettings, Reach, insert_sorted, reach_add,
    reach_remove, remove_sorted,
};
use super::rbac::*;
use super::records::{ObjectKind, ObjectRef};
use crate::err::CoreError;
use crate::names;
use rustc_hash::FxHashMap;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{BuildHasher, Hash};

/// An owned object of any kind: the body a [`ChangeSet`] carries.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum Object {
    /// An OU.
    Ou(Ou),
    /// A recipient.
    Recipient(Recipient),
    /// A server.
    Server(Server),
    /// A database.
    Database(Database),
    /// A role.
    Role(Role),
    /// A scope.
    Scope(Scope),
    /// An assignment.
    Assignment(Assignment),
    /// A policy.
    Policy(Policy),
}

impl Object {
    /// Its kind.
    pub fn kind(&self) -> ObjectKind {
        self.as_ref().kind()
    }

    /// Borrowed, as the store serializes it.
    pub fn as_ref(&self) -> ObjectRef<'_> {
        match self {
            Object::Ou(o) => ObjectRef::Ou(o),
            Object::Recipient(o) => ObjectRef::Recipient(o),
            Object::Server(o) => ObjectRef::Server(o),
            Object::Database(o) => ObjectRef::Database(o),
            Object::Role(o) => ObjectRef::Role(o),
            Object::Scope(o) => ObjectRef::Scope(o),
            Object::Assignment(o) => ObjectRef::Assignment(o),
            Object::Policy(o) => ObjectRef::Policy(o),
        }
    }

    /// Reads a stored body of the given kind. A scope's filter comes back
    /// unparsed (it is stored as text); [`Organization::apply`] and
    /// [`Organization::restore`] parse it.
    pub fn from_json(kind: ObjectKind, body: &str) -> Result<Object, serde_json::Error> {
        Ok(match kind {
            ObjectKind::Ou => Object::Ou(serde_json::from_str(body)?),
            ObjectKind::Recipient => Object::Recipient(serde_json::from_str(body)?),
            ObjectKind::Server => Object::Server(serde_json::from_str(body)?),
            ObjectKind::Database => Object::Database(serde_json::from_str(body)?),
            ObjectKind::Role => Object::Role(serde_json::from_str(body)?),
            ObjectKind::Scope => Object::Scope(serde_json::from_str(body)?),
            ObjectKind::Assignment => Object::Assignment(serde_json::from_str(body)?),
            ObjectKind::Policy => Object::Policy(serde_json::from_str(body)?),
        })
    }

    /// The name its kind is indexed under, for kinds indexed by name.
    fn index_name(&self) -> Option<&str> {
        match self {
            Object::Ou(o) => Some(&o.canonical),
            Object::Recipient(o) => Some(&o.name),
            Object::Role(o) => Some(&o.name),
            Object::Scope(o) => Some(&o.name),
            Object::Assignment(o) => Some(&o.name),
            Object::Policy(o) => Some(&o.name),
            Object::Server(_) | Object::Database(_) => None,
        }
    }
}

impl From<ObjectRef<'_>> for Object {
    fn from(o: ObjectRef<'_>) -> Object {
        match o {
            ObjectRef::Ou(o) => Object::Ou(o.clone()),
            ObjectRef::Recipient(o) => Object::Recipient(o.clone()),
            ObjectRef::Server(o) => Object::Server(o.clone()),
            ObjectRef::Database(o) => Object::Database(o.clone()),
            ObjectRef::Role(o) => Object::Role(o.clone()),
            ObjectRef::Scope(o) => Object::Scope(o.clone()),
            ObjectRef::Assignment(o) => Object::Assignment(o.clone()),
            ObjectRef::Policy(o) => Object::Policy(o.clone()),
        }
    }
}

impl ObjectRef<'_> {
    /// Its kind.
    pub fn kind(&self) -> ObjectKind {
        match self {
            ObjectRef::Ou(_) => ObjectKind::Ou,
            ObjectRef::Recipient(_) => ObjectKind::Recipient,
            ObjectRef::Server(_) => ObjectKind::Server,
            ObjectRef::Database(_) => ObjectKind::Database,
            ObjectRef::Role(_) => ObjectKind::Role,
            ObjectRef::Scope(_) => ObjectKind::Scope,
            ObjectRef::Assignment(_) => ObjectKind::Assignment,
            ObjectRef::Policy(_) => ObjectKind::Policy,
        }
    }

    /// Calls `f` with every object this one must find alive. The single
    /// list both a load ([`Organization::check_references`]) and
    /// [`Organization::apply`] check against.
    pub(crate) fn for_each_reference(&self, mut f: impl FnMut(ObjectKind, u32)) {
        match self {
            ObjectRef::Ou(o) => {
                if let Some(p) = o.parent {
                    f(ObjectKind::Ou, p.raw());
                }
            }
            ObjectRef::Recipient(r) => {
                f(ObjectKind::Ou, r.ou.raw());
                for x in r.members.iter().chain(&r.member_of).chain(&r.managed_by) {
                    f(ObjectKind::Recipient, x.raw());
                }
                if let Some(m) = r.manager {
                    f(ObjectKind::Recipient, m.raw());
                }
                if let Some(d) = r.database {
                    f(ObjectKind::Database, d.raw());
                }
                if let Some(p) = r.policy {
                    f(ObjectKind::Policy, p.raw());
                }
            }
            ObjectRef::Database(d) => f(ObjectKind::Server, d.server.raw()),
            ObjectRef::Role(r) => {
                if let Some(p) = r.parent {
                    f(ObjectKind::Role, p.raw());
                }
            }
            ObjectRef::Assignment(a) => {
                f(ObjectKind::Role, a.role.raw());
                match a.assignee {
                    Assignee::User(r) | Assignee::Group(r) => f(ObjectKind::Recipient, r.raw()),
                    Assignee::Policy(p) => f(ObjectKind::Policy, p.raw()),
                }
                match a.recipient_write {
                    RecipientScope::Custom(s) | RecipientScope::Exclusive(s) => {
                        f(ObjectKind::Scope, s.raw())
                    }
                    RecipientScope::Ou(o) => f(ObjectKind::Ou, o.raw()),
                    RecipientScope::Relative(_) => {}
                }
                match a.config_write {
                    ConfigScope::Custom(s) | ConfigScope::Exclusive(s) => {
                        f(ObjectKind::Scope, s.raw())
                    }
                    ConfigScope::Relative(_) => {}
                }
            }
            // Scopes name their root OU and listed servers and databases, but
            // loads have never required those to exist; a stricter apply would
            // refuse what a full load accepts.
            ObjectRef::Scope(_) | ObjectRef::Server(_) | ObjectRef::Policy(_) => {}
        }
    }

    /// A name for messages.
    pub(crate) fn label(&self) -> &str {
        match self {
            ObjectRef::Ou(o) => &o.canonical,
            ObjectRef::Recipient(o) => &o.name,
            ObjectRef::Server(o) => &o.name,
            ObjectRef::Database(o) => &o.name,
            ObjectRef::Role(o) => &o.name,
            ObjectRef::Scope(o) => &o.name,
            ObjectRef::Assignment(o) => &o.name,
            ObjectRef::Policy(o) => &o.name,
        }
    }
}

/// What changed in an organization, as the objects now are: enough for
/// another copy at the earlier state to reach this one
/// ([`Organization::apply`]).
#[derive(Debug, Clone)]
pub struct ChangeSet {
    /// The revision the copy reaches.
    pub revision: u64,
    /// The settings at that revision (they travel whole: they're small).
    pub settings: OrganizationSettings,
    /// Each changed object with its state now; `None` when it was removed.
    pub objects: Vec<(ObjectKind, u32, Option<Object>)>,
}

impl Organization {
    /// The current state of the listed objects (typically what
    /// [`Organization::take_changes`] returned), with this copy's revision
    /// and settings.
    pub fn change_set(&self, changed: &[(ObjectKind, u32)]) -> ChangeSet {
        ChangeSet {
            revision: self.revision,
            settings: self.settings.clone(),
            objects: changed
                .iter()
                .map(|(k, id)| (*k, *id, self.object(*k, *id).map(Object::from)))
                .collect(),
        }
    }

    /// Whether an object of this kind and id is alive.
    fn exists(&self, kind: ObjectKind, id: u32) -> bool {
        self.object(kind, id).is_some()
    }

    /// The id a name index holds for a key, for kinds indexed by name.
    fn indexed(&self, kind: ObjectKind, key: &str) -> Option<u32> {
        let i = &self.idx;
        match kind {
            ObjectKind::Ou => i.ous.get(key).map(|x| x.raw()),
            ObjectKind::Recipient => i.recipients.get(key).map(|x| x.raw()),
            ObjectKind::Role => i.roles.get(key).map(|x| x.raw()),
            ObjectKind::Scope => i.scopes.get(key).map(|x| x.raw()),
            ObjectKind::Assignment => i.assignments.get(key).map(|x| x.raw()),
            ObjectKind::Policy => i.policies.get(key).map(|x| x.raw()),
            ObjectKind::Server | ObjectKind::Database => None,
        }
    }

    /// Brings this copy to the state a [`ChangeSet`] describes: each object
    /// is replaced, added or removed in place and every index follows, at a
    /// cost proportional to the change, not to the organization. The revision
    /// and settings become the set's. Nothing is marked as changed: this copy
    /// has nothing of its own to save.
    ///
    /// The set is checked first (kinds, ids, references from the objects it
    /// carries, unique names, scope filters); when it is refused, this copy
    /// is left exactly as it was. References *to* removed objects from
    /// objects the set doesn't carry aren't looked for (that would take a
    /// scan): a set read from a store or made by [`Organization::change_set`]
    /// never leaves any.
    pub fn apply(&mut self, cs: &ChangeSet) -> Result<(), CoreError> {
        // The last entry for an object wins, as if applied in order.
        let mut post: FxHashMap<(ObjectKind, u32), Option<&Object>> = FxHashMap::default();
        for (kind, id, obj) in &cs.objects {
            if let Some(o) = obj
                && o.kind() != *kind
            {
                return Err(invalid(format!(
                    "the change to {} #{id} carries a {}",
                    kind.as_str(),
                    o.kind().as_str()
                )));
            }
            if *id == u32::MAX {
                return Err(invalid(format!(
                    "{} id {id} is out of range",
                    kind.as_str()
                )));
            }
            post.insert((*kind, *id), obj.as_ref());
        }
        if matches!(post.get(&(ObjectKind::Ou, 0)), Some(None)) {
            return Err(invalid(
                "the change set removes the domain root".to_string(),
            ));
        }
        let alive = |k: ObjectKind, id: u32| match post.get(&(k, id)) {
            Some(o) => o.is_some(),
            None => self.exists(k, id),
        };
        let mut filters: Vec<(u32, Option<exrbac_opath::Filter>)> = Vec::new();
        let mut new_names: HashMap<(ObjectKind, String), u32> = HashMap::new();
        for (&(kind, id), obj) in &post {
            let Some(obj) = obj else { continue };
            let r = obj.as_ref();
            let mut dangling = false;
            r.for_each_reference(|k, x| dangling |= !alive(k, x));
            if dangling {
                return Err(invalid(format!(
                    "the changed {} #{id} ({}) points at a missing object",
                    kind.as_str(),
                    r.label()
                )));
            }
            if let Some(name) = obj.index_name() {
                let key = names::key(name);
                // Another object may hold the name now only if the same set
                // renames or removes it.
                if let Some(holder) = self.indexed(kind, &key)
                    && holder != id
                    && !post.contains_key(&(kind, holder))
                {
                    return Err(CoreError::AlreadyExists(name.to_string()));
                }
                if new_names.insert((kind, key), id).is_some() {
                    return Err(CoreError::AlreadyExists(name.to_string()));
                }
            }
            if let Object::Scope(s) = obj {
                // Parsed again rather than trusted: a filter travels as text
                // through a store, and a stale parse would widen or narrow
                // the scope silently.
                let parsed = match &s.filter_text {
                    Some(t) => Some(
                        exrbac_opath::Filter::parse(t, super::org::filter_kind(s.kind))
                            .map_err(|e| CoreError::Filter(e.to_string()))?,
                    ),
                    None => None,
                };
                filters.push((id, parsed));
            }
        }
        let mut filters: FxHashMap<u32, Option<exrbac_opath::Filter>> =
            filters.into_iter().collect();

        // Nothing can fail from here on. Every old entry leaves the indexes
        // before any new one goes in, so a name passed from one object to
        // another within the set lands on the right one whatever the order.
        let mut olds: Vec<(ObjectKind, u32, Option<Object>)> = Vec::with_capacity(post.len());
        for (&(kind, id), obj) in &post {
            let old = self.put(kind, id, obj.map(|o| (*o).clone()), &mut filters);
            olds.push((kind, id, old));
        }
        for (_, id, old) in &olds {
            if let Some(old) = old {
                self.unindex(*id, old);
            }
        }
        for (kind, id, old) in &olds {
            self.index(*kind, *id);
            if *kind == ObjectKind::Recipient {
                self.mark_nesting(*id, old.as_ref());
            }
            self.mark_exclusive(*kind, *id, old.as_ref());
        }
        self.refresh_closures();
        self.refresh_exclusive();
        self.revision = cs.revision;
        self.settings = cs.settings.clone();
        Ok(())
    }

    /// Stores an object (or removes it) without marking it changed; returns
    /// the previous one.
    fn put(
        &mut self,
        kind: ObjectKind,
        id: u32,
        obj: Option<Object>,
        filters: &mut FxHashMap<u32, Option<exrbac_opath::Filter>>,
    ) -> Option<Object> {
        // A kind mismatch was refused before: `obj` is of `kind` or None.
        macro_rules! put {
            ($arena:ident, $variant:ident) => {{
                let new = match obj {
                    Some(Object::$variant(o)) => Some(o),
                    _ => None,
                };
                self.$arena.set_clean(id, new).map(Object::$variant)
            }};
        }
        match kind {
            ObjectKind::Ou => put!(ous, Ou),
            ObjectKind::Recipient => put!(recipients, Recipient),
            ObjectKind::Server => put!(servers, Server),
            ObjectKind::Database => put!(databases, Database),
            ObjectKind::Role => put!(roles, Role),
            ObjectKind::Scope => {
                let new = match obj {
                    Some(Object::Scope(mut s)) => {
                        s.filter = filters.remove(&id).flatten();
                        Some(s)
                    }
                    _ => None,
                };
                self.scopes.set_clean(id, new).map(Object::Scope)
            }
            ObjectKind::Assignment => put!(assignments, Assignment),
            ObjectKind::Policy => put!(policies, Policy),
        }
    }

    /// Marks what a changed recipient may change in the group closures:
    /// itself (its parents), and when it became or stopped being a
    /// security group, its members (their parents' kinds).
    fn mark_nesting(&mut self, id: u32, old: Option<&Object>) {
        let rid: RecipientId = Id::from_raw(id);
        self.idx.stale_groups.push(rid);
        let old = match old {
            Some(Object::Recipient(r)) => Some(r),
            _ => None,
        };
        let was = old.is_some_and(|r| r.kind.is_security_group());
        let is = self
            .recipients
            .get(rid)
            .is_some_and(|r| r.kind.is_security_group());
        if was != is {
            let mut members: Vec<RecipientId> = old.map(|r| r.members.clone()).unwrap_or_default();
            if let Some(r) = self.recipients.get(rid) {
                members.extend(r.members.iter().copied());
            }
            self.idx.stale_groups.extend(members);
        }
    }

    /// Marks whose standing against the exclusive scopes a changed object
    /// may move (model/exclusive.rs).
    fn mark_exclusive(&mut self, kind: ObjectKind, id: u32, old: Option<&Object>) {
        match (kind, old) {
            (ObjectKind::Recipient, old) => {
                let rid: RecipientId = Id::from_raw(id);
                let now = self.recipients.get(rid);
                let renamed = match (old, now) {
                    (Some(Object::Recipient(o)), Some(n)) => o.name != n.name || o.ou != n.ou,
                    _ => false,
                };
                if renamed {
                    let mut members: Vec<RecipientId> = match old {
                        Some(Object::Recipient(o)) => o.members.clone(),
                        _ => Vec::new(),
                    };
                    if let Some(n) = now {
                        members.extend(n.members.iter().copied());
                    }
                    self.touch_exclusive_renamed(rid, &members);
                } else {
                    self.touch_exclusive(rid);
                }
            }
            (ObjectKind::Scope, old) => {
                let old = match old {
                    Some(Object::Scope(s)) => Some(s),
                    _ => None,
                };
                let now = self.scopes.get(Id::from_raw(id));
                let same = |a: &super::rbac::Scope, b: &super::rbac::Scope| {
                    a.exclusive == b.exclusive
                        && a.filter_text == b.filter_text
                        && a.recipient_root == b.recipient_root
                        && a.kind == b.kind
                };
                if let (Some(o), Some(n)) = (old, now)
                    && same(o, n)
                {
                    // Sent again unchanged (or only renamed): nobody moves.
                    return;
                }
                let was = old.is_some_and(|s| s.exclusive);
                let is = now.is_some_and(|s| s.exclusive);
                if is {
                    self.idx.exclusive_added.push(Id::from_raw(id));
                }
                if was {
                    self.idx.exclusive_loosened = true;
                }
            }
            // An OU or a database renamed, moved or removed changes the
            // DN, OU or Database that filters see of the recipients in it.
            (ObjectKind::Ou, Some(Object::Ou(o))) => {
                let same = self.ous.get(Id::from_raw(id)).is_some_and(|n| {
                    n.dn == o.dn && n.canonical == o.canonical && n.parent == o.parent
                });
                if !same {
                    self.touch_exclusive_all();
                }
            }
            (ObjectKind::Database, Some(Object::Database(d))) => {
                let same = self
                    .databases
                    .get(Id::from_raw(id))
                    .is_some_and(|n| n.name == d.name);
                if !same {
                    self.touch_exclusive_all();
                }
            }
            _ => {}
        }
    }

    /// Takes an object's previous state out of the indexes.
    fn unindex(&mut self, id: u32, old: &Object) {
        let i = &mut self.idx;
        match old {
            Object::Ou(o) => unkey(&mut i.ous, &o.canonical, Id::from_raw(id)),
            Object::Recipient(r) => unkey(&mut i.recipients, &r.name, Id::from_raw(id)),
            Object::Role(r) => {
                unkey(&mut i.roles, &r.name, Id::from_raw(id));
                if let Some(p) = r.parent {
                    unlist(&mut i.children, p, Id::from_raw(id));
                }
            }
            Object::Scope(s) => {
                unkey(&mut i.scopes, &s.name, Id::from_raw(id));
                remove_sorted(&mut i.exclusive_scopes, Id::from_raw(id));
            }
            Object::Assignment(a) => {
                let aid = Id::from_raw(id);
                unkey(&mut i.assignments, &a.name, aid);
                unlist(&mut i.by_assignee, a.assignee, aid);
                reach_remove(i, aid, a.assignee);
                unlist(&mut i.by_role, a.role, aid);
            }
            Object::Policy(p) => unkey(&mut i.policies, &p.name, Id::from_raw(id)),
            Object::Server(_) | Object::Database(_) => {}
        }
    }

    /// Puts an object's current state (if any) into the indexes.
    fn index(&mut self, kind: ObjectKind, id: u32) {
        match kind {
            ObjectKind::Ou => {
                if let Some(o) = self.ous.get_raw(id) {
                    self.idx
                        .ous
                        .insert(names::key(&o.canonical), Id::from_raw(id));
                }
            }
            ObjectKind::Recipient => {
                if let Some(r) = self.recipients.get_raw(id) {
                    self.idx
                        .recipients
                        .insert(names::key(&r.name), Id::from_raw(id));
                }
            }
            ObjectKind::Role => {
                let rid = Id::from_raw(id);
                if let Some(r) = self.roles.get_raw(id) {
                    self.idx.roles.insert(names::key(&r.name), rid);
                    if let Some(p) = r.parent {
                        enlist(&mut self.idx.children, p, rid);
                    }
                } else {
                    // Gone: what hung off it goes too, unless (in a set that
                    // isn't whole) something still hangs there.
                    drop_if_empty(&mut self.idx.children, rid);
                    drop_if_empty(&mut self.idx.by_role, rid);
                }
                self.index_role(rid);
            }
            ObjectKind::Scope => {
                if let Some(s) = self.scopes.get_raw(id) {
                    self.idx
                        .scopes
                        .insert(names::key(&s.name), Id::from_raw(id));
                    if s.exclusive {
                        insert_sorted(&mut self.idx.exclusive_scopes, Id::from_raw(id));
                    }
                }
            }
            ObjectKind::Assignment => {
                if let Some(a) = self.assignments.get_raw(id) {
                    let aid = Id::from_raw(id);
                    let (name, assignee, role) = (names::key(&a.name), a.assignee, a.role);
                    self.idx.assignments.insert(name, aid);
                    enlist(&mut self.idx.by_assignee, assignee, aid);
                    reach_add(&mut self.idx, aid, a);
                    enlist(&mut self.idx.by_role, role, aid);
                }
            }
            ObjectKind::Policy => {
                if let Some(p) = self.policies.get_raw(id) {
                    self.idx
                        .policies
                        .insert(names::key(&p.name), Id::from_raw(id));
                }
            }
            ObjectKind::Server | ObjectKind::Database => {}
        }
    }

    /// Checks every index against one rebuilt from the objects, and every
    /// scope's parsed filter against its text: a diagnostic for copies kept
    /// in step with [`Organization::apply`] (it costs a full rebuild).
    pub fn verify_indexes(&self) -> Result<(), CoreError> {
        let mut fresh = self.clone();
        fresh.reindex()?;
        // Destructured so that a new index can't be added without being
        // checked here (and, by the same token, kept by `apply`).
        let Indexes {
            roles,
            scopes,
            assignments,
            policies,
            recipients,
            ous,
            by_assignee,
            reach,
            by_role,
            children,
            cmdlets,
            parameters,
            grants,
            role_cmdlets,
            exclusive_scopes,
            closures,
            within,
            stale_groups,
            // Checked against the objects by outside_exclusive_consistent.
            outside_exclusive: _,
            exclusive_recheck: _,
            exclusive_rebuild: _,
            exclusive_added: _,
            exclusive_loosened: _,
        } = &self.idx;
        let f = &fresh.idx;
        let differ = |what: &str| {
            Err(invalid(format!(
                "the {what} index disagrees with the objects"
            )))
        };
        if *roles != f.roles {
            return differ("role name");
        }
        if *scopes != f.scopes {
            return differ("scope name");
        }
        if *assignments != f.assignments {
            return differ("assignment name");
        }
        if *policies != f.policies {
            return differ("policy name");
        }
        if *recipients != f.recipients {
            return differ("recipient name");
        }
        if *ous != f.ous {
            return differ("OU");
        }
        if lists(by_assignee) != lists(&f.by_assignee) {
            return differ("assignments-by-assignee");
        }
        let reached = |m: &FxHashMap<Assignee, Vec<Reach>>| -> HashMap<Assignee, Vec<Reach>> {
            m.iter()
                .filter(|(_, v)| !v.is_empty())
                .map(|(k, v)| (*k, v.clone()))
                .collect()
        };
        if reached(reach) != reached(&f.reach) {
            return differ("assignment reach");
        }
        if lists(by_role) != lists(&f.by_role) {
            return differ("assignments-by-role");
        }
        if lists(children) != lists(&f.children) {
            return differ("child role");
        }
        if *exclusive_scopes != f.exclusive_scopes {
            return differ("exclusive scope");
        }
        if !stale_groups.is_empty() || *closures != f.closures {
            return differ("group closure");
        }
        let holders = |m: &FxHashMap<RecipientId, Vec<RecipientId>>| {
            m.iter()
                .filter(|(_, v)| !v.is_empty())
                .map(|(k, v)| {
                    let mut v: Vec<u32> = v.iter().map(|x| x.raw()).collect();
                    v.sort_unstable();
                    (*k, v)
                })
                .collect::<HashMap<_, _>>()
        };
        if holders(within) != holders(&f.within) {
            return differ("group closure holder");
        }
        self.outside_exclusive_consistent().map_err(invalid)?;
        // Interned ids differ between copies (they follow history); what
        // must agree is which entry, with which parameters, each role holds
        // for each cmdlet name.
        let mine = named(cmdlets, parameters, grants);
        let unknown = mine
            .iter()
            .any(|((_, c), (_, ps))| c.is_none() || ps.contains(&None));
        if unknown || mine != named(&f.cmdlets, &f.parameters, &f.grants) {
            return differ("role cmdlet");
        }
        // And the per-role lists say where each role is listed.
        let listed: BTreeSet<(RoleId, u32)> = role_cmdlets
            .iter()
            .flat_map(|(r, cs)| cs.iter().map(|c| (*r, *c)))
            .collect();
        let in_grants: BTreeSet<(RoleId, u32)> = grants
            .iter()
            .enumerate()
            .flat_map(|(c, m)| m.holders.keys().map(move |r| (*r, c as u32)))
            .collect();
        if listed != in_grants || !grants.iter().all(CmdletIndex::consistent) {
            return differ("role cmdlet list");
        }
        for (id, s) in self.scopes.iter() {
            if fresh.scopes.get(id).map(|x| &x.filter) != Some(&s.filter) {
                return Err(invalid(format!(
                    "the parsed filter of scope '{}' disagrees with its text",
                    s.name
                )));
            }
        }
        Ok(())
    }
}

fn invalid(msg: String) -> CoreError {
    CoreError::Invalid(msg)
}

/// Removes a name → id entry, unless the name already belongs to another object.
fn unkey<T>(m: &mut HashMap<String, Id<T>>, name: &str, id: Id<T>) {
    let k = names::key(name);
    if m.get(&k) == Some(&id) {
        m.remove(&k);
    }
}

/// Adds an id to a list kept in id order, the order a rebuild gives.
fn enlist<K: Hash + Eq, T, S: BuildHasher>(m: &mut HashMap<K, Vec<Id<T>>, S>, k: K, id: Id<T>) {
    let v = m.entry(k).or_default();
    if let Err(at) = v.binary_search(&id) {
        v.insert(at, id);
    }
}

/// Removes an id from a list kept in id order; an emptied list goes.
fn unlist<K: Hash + Eq, T, S: BuildHasher>(m: &mut HashMap<K, Vec<Id<T>>, S>, k: K, id: Id<T>) {
    if let Some(v) = m.get_mut(&k) {
        // Lists built by mutation are in id order too (ids only grow), but a
        // linear fallback keeps a list that isn't from losing an entry.
        match v.binary_search(&id) {
            Ok(at) => {
                v.remove(at);
            }
            Err(_) => v.retain(|x| *x != id),
        }
        if v.is_empty() {
            m.remove(&k);
        }
    }
}

fn drop_if_empty<K: Hash + Eq, V, S: BuildHasher>(m: &mut HashMap<K, Vec<V>, S>, k: K) {
    if m.get(&k).is_some_and(Vec::is_empty) {
        m.remove(&k);
    }
}

/// Each role's entry for each cmdlet with its parameters, by name rather
/// than interned id (`None` for an id the interner doesn't know).
#[allow(clippy::type_complexity, reason = "a one-off comparison key")]
fn named<'a>(
    cmdlets: &'a FxHashMap<Box<str>, u32>,
    parameters: &'a FxHashMap<Box<str>, u32>,
    grants: &[CmdletIndex],
) -> BTreeMap<(RoleId, Option<&'a str>), (u32, BTreeSet<Option<&'a str>>)> {
    let cnames: FxHashMap<u32, &str> = cmdlets.iter().map(|(n, i)| (*i, n.as_ref())).collect();
    let pnames: FxHashMap<u32, &str> = parameters.iter().map(|(n, i)| (*i, n.as_ref())).collect();
    let mut out = BTreeMap::new();
    for (c, m) in grants.iter().enumerate() {
        let cname = u32::try_from(c).ok().and_then(|c| cnames.get(&c).copied());
        for (r, h) in &m.holders {
            let ps = m.parameters_of(h.slot).into_iter();
            let ps = ps.map(|p| pnames.get(&p).copied()).collect();
            out.insert((*r, cname), (h.entry, ps));
        }
    }
    out
}

/// A list index without its empty lists (mutations leave some, rebuilds none).
fn lists<K: Hash + Eq + Copy, T, S: BuildHasher>(
    m: &HashMap<K, Vec<Id<T>>, S>,
) -> HashMap<K, Vec<u32>> {
    m.iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| (*k, v.iter().map(|x| x.raw()).collect()))
        .collect()
}
