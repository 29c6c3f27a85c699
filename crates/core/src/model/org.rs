//! The organization: every object, the indexes that find them, and the
//! changes that keep Exchange's invariants.

use super::arena::Arena;
use super::attrs::Attrs;
use super::directory::*;
use super::rbac::*;
use crate::err::CoreError;
use crate::names;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// Organization-wide settings.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct OrganizationSettings {
    /// Active Directory split permissions: Exchange can't create or delete
    /// security principals or change distribution group membership.
    pub ad_split_permissions: bool,
    /// Other organization settings by Set-OrganizationConfig parameter name;
    /// kept and shown, they don't take part in decisions.
    #[serde(default)]
    pub attrs: BTreeMap<String, String>,
    /// The administrator audit logging configuration (Set-AdminAuditLogConfig).
    #[serde(default)]
    pub admin_audit: crate::audit::AdminAuditLogSettings,
}

/// A recipient about to be created: used both to create it and, before that,
/// as the target of the write-scope check (the object as it would be created).
#[derive(Debug, Clone)]
pub struct NewRecipient {
    /// Name.
    pub name: String,
    /// OU it goes to.
    pub ou: OuId,
    /// Kind.
    pub kind: RecipientKind,
    /// Attributes.
    pub attrs: BTreeMap<String, String>,
    /// Whether the account is enabled.
    pub enabled: bool,
}

/// One organization (tenant): isolated from every other by construction, since
/// every object and index lives inside it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Organization {
    /// The DNS domain, `contoso.com`.
    pub name: String,
    pub(crate) ous: Arena<Ou>,
    pub(crate) recipients: Arena<Recipient>,
    pub(crate) servers: Arena<Server>,
    pub(crate) databases: Arena<Database>,
    pub(crate) roles: Arena<Role>,
    pub(crate) scopes: Arena<Scope>,
    pub(crate) assignments: Arena<Assignment>,
    pub(crate) policies: Arena<Policy>,
    /// Settings.
    pub settings: OrganizationSettings,
    /// Bumped by every change.
    pub revision: u64,
    #[serde(skip)]
    pub(crate) idx: Indexes,
}

/// Lookup tables derived from the objects; rebuilt on load, kept by every change.
#[derive(Debug, Clone, Default)]
pub(crate) struct Indexes {
    pub roles: HashMap<String, RoleId>,
    pub scopes: HashMap<String, ScopeId>,
    pub assignments: HashMap<String, AssignmentId>,
    pub policies: HashMap<String, PolicyId>,
    pub recipients: HashMap<String, RecipientId>,
    pub ous: HashMap<String, OuId>,
    /// Assignments by assignee, so a principal's assignments are found without a scan.
    pub by_assignee: FxHashMap<Assignee, Vec<AssignmentId>>,
    /// The same lists with what a decision reads of each assignment, so
    /// that walking a principal's assignments reads one short array per
    /// assignee instead of each assignment wherever it lies.
    pub reach: FxHashMap<Assignee, Vec<Reach>>,
    /// Assignments by role.
    pub by_role: HashMap<RoleId, Vec<AssignmentId>>,
    /// Direct children of each role.
    pub children: HashMap<RoleId, Vec<RoleId>>,
    /// Interned cmdlet names (as `names::fold` gives them) → id; ids are
    /// never reused.
    pub cmdlets: FxHashMap<Box<str>, u32>,
    /// Interned parameter names (folded) → id; ids are never reused.
    pub parameters: FxHashMap<Box<str>, u32>,
    /// Per interned cmdlet: the roles with an entry for it and the
    /// parameters each allows, so a decision finds a candidate's entry by
    /// hashing its role once and matches parameters as bits.
    pub grants: Vec<CmdletIndex>,
    /// Per role: the cmdlets it is listed under in `grants` (to take it out
    /// again when its entries change).
    pub role_cmdlets: FxHashMap<RoleId, Vec<u32>>,
    /// The exclusive scopes, in id order: every write is tested against
    /// each of them, and they are few among many scopes.
    pub exclusive_scopes: Vec<ScopeId>,
    /// Each security group's closure: the groups it reaches and their
    /// enabled assignments (model/nesting.rs).
    pub closures: FxHashMap<RecipientId, std::sync::Arc<super::nesting::Closure>>,
    /// For each group, the security groups whose closure holds it.
    pub within: FxHashMap<RecipientId, Vec<RecipientId>>,
    /// Groups whose parents, kind or assignments changed since the
    /// closures were last brought up to date.
    pub stale_groups: Vec<RecipientId>,
    /// Bit per recipient id: set when the recipient is known to be outside
    /// every exclusive scope (model/exclusive.rs).
    pub outside_exclusive: super::exclusive::Bits,
    /// Recipients the change under way may have moved in or out of an
    /// exclusive scope.
    pub exclusive_recheck: Vec<RecipientId>,
    /// The change under way may have moved anyone.
    pub exclusive_rebuild: bool,
    /// Exclusive scopes made or widened by the change under way: those
    /// known outside the others must be asked about these.
    pub exclusive_added: Vec<ScopeId>,
    /// An exclusive scope was narrowed or removed: those not known
    /// outside may be now.
    pub exclusive_loosened: bool,
}

/// Adds an id to a list kept in id order (the order a rebuild gives).
pub(super) fn insert_sorted<T>(v: &mut Vec<super::arena::Id<T>>, id: super::arena::Id<T>) {
    if let Err(at) = v.binary_search(&id) {
        v.insert(at, id);
    }
}

/// Takes an id out of a list kept in id order.
pub(super) fn remove_sorted<T>(v: &mut Vec<super::arena::Id<T>>, id: super::arena::Id<T>) {
    match v.binary_search(&id) {
        Ok(at) => {
            v.remove(at);
        }
        // Not where order puts it: a list that isn't sorted still loses it.
        Err(_) => v.retain(|x| *x != id),
    }
}

/// An assignment as a decision walks it: all but its name. The write
/// scopes are copied here because a check asks them of every assignment
/// holding the cmdlet, and in a large organization the assignment record
/// itself is a cache miss each time (a copy costs 16 bytes an entry).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Reach {
    /// The assignment.
    pub assignment: AssignmentId,
    /// Its role.
    pub role: RoleId,
    /// Its recipient write scope.
    pub recipient_write: RecipientScope,
    /// Its configuration write scope.
    pub config_write: ConfigScope,
    /// Whether it is enabled.
    pub enabled: bool,
    /// Whether it is delegating.
    pub delegating: bool,
}

impl Reach {
    pub(crate) fn of(id: AssignmentId, a: &Assignment) -> Reach {
        Reach {
            assignment: id,
            role: a.role,
            recipient_write: a.recipient_write,
            config_write: a.config_write,
            enabled: a.enabled,
            delegating: a.delegating,
        }
    }
}

/// Adds (or updates) an assignment in its assignee's list, kept in id order.
pub(super) fn reach_add(idx: &mut Indexes, id: AssignmentId, a: &Assignment) {
    if let Assignee::Group(g) = a.assignee {
        idx.stale_groups.push(g);
    }
    let v = idx.reach.entry(a.assignee).or_default();
    match v.binary_search_by_key(&id, |r| r.assignment) {
        Ok(at) => {
            if let Some(slot) = v.get_mut(at) {
                *slot = Reach::of(id, a);
            }
        }
        Err(at) => v.insert(at, Reach::of(id, a)),
    }
}

/// Takes an assignment out of its assignee's list; an emptied list goes.
pub(super) fn reach_remove(idx: &mut Indexes, id: AssignmentId, assignee: Assignee) {
    if let Assignee::Group(g) = assignee {
        idx.stale_groups.push(g);
    }
    if let Some(v) = idx.reach.get_mut(&assignee) {
        v.retain(|r| r.assignment != id);
        if v.is_empty() {
            idx.reach.remove(&assignee);
        }
    }
}

/// The roles with an entry for one cmdlet, and the parameters each entry
/// allows, stored per parameter across the roles: every candidate of a
/// check is asked the same few parameters, so the check reads one small
/// bitmap per parameter, shared by all candidates, instead of each
/// entry's own list (a cache miss per candidate in a large organization).
#[derive(Debug, Clone, Default)]
pub(crate) struct CmdletIndex {
    /// Each role holding the cmdlet: its slot here and its entry.
    pub holders: FxHashMap<RoleId, Holder>,
    /// Bit per role id, set for the holders: a check asks about every
    /// assignment reaching the principal and most roles don't hold the
    /// cmdlet, which one bit in a few hot cache lines tells without hashing.
    pub held: Vec<u64>,
    /// Per interned parameter: bit `slot` is set when the entry of the
    /// role in that slot allows it.
    pub parameters: FxHashMap<u32, Vec<u64>>,
    /// Slots given up by roles that no longer hold the cmdlet, for reuse
    /// (their bits are clear).
    pub free: Vec<u32>,
}

/// A role holding a cmdlet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Holder {
    /// Its bit in the parameter bitmaps of the cmdlet.
    pub slot: u32,
    /// The position of its entry in the role's `entries`.
    pub entry: u32,
}

impl CmdletIndex {
    /// The role's slot and entry, if it holds the cmdlet.
    pub fn holder(&self, role: RoleId) -> Option<Holder> {
        let i = role.raw() as usize;
        if self
            .held
            .get(i / 64)
            .is_none_or(|w| w & (1 << (i % 64)) == 0)
        {
            return None;
        }
        self.holders.get(&role).copied()
    }

    /// The bitmap of an interned parameter: which slots allow it.
    pub fn parameter(&self, id: u32) -> Option<&[u64]> {
        self.parameters.get(&id).map(Vec::as_slice)
    }

    /// Whether a parameter's bitmap allows a slot.
    pub fn allows(bits: Option<&[u64]>, slot: u32) -> bool {
        bits.and_then(|b| b.get(slot as usize / 64))
            .is_some_and(|w| w & (1 << (slot % 64)) != 0)
    }

    /// Lists a role's entry with its interned parameters (replacing what
    /// the role had here).
    fn add(&mut self, role: RoleId, entry: u32, parameters: &[u32]) {
        self.remove(role);
        let slot = self
            .free
            .pop()
            .unwrap_or_else(|| u32::try_from(self.holders.len()).unwrap_or(u32::MAX));
        self.holders.insert(role, Holder { slot, entry });
        let r = role.raw() as usize;
        if self.held.len() <= r / 64 {
            self.held.resize(r / 64 + 1, 0);
        }
        if let Some(w) = self.held.get_mut(r / 64) {
            *w |= 1 << (r % 64);
        }
        let (word, bit) = (slot as usize / 64, slot % 64);
        for p in parameters {
            let bits = self.parameters.entry(*p).or_default();
            if bits.len() <= word {
                bits.resize(word + 1, 0);
            }
            if let Some(w) = bits.get_mut(word) {
                *w |= 1 << bit;
            }
        }
    }

    /// Takes a role out, clearing its slot for reuse.
    fn remove(&mut self, role: RoleId) {
        let Some(h) = self.holders.remove(&role) else {
            return;
        };
        let r = role.raw() as usize;
        if let Some(w) = self.held.get_mut(r / 64) {
            *w &= !(1 << (r % 64));
        }
        let (word, bit) = (h.slot as usize / 64, h.slot % 64);
        self.parameters.retain(|_, bits| {
            if let Some(w) = bits.get_mut(word) {
                *w &= !(1 << bit);
            }
            bits.iter().any(|w| *w != 0)
        });
        self.free.push(h.slot);
    }

    /// The interned parameters a slot allows.
    pub fn parameters_of(&self, slot: u32) -> Vec<u32> {
        let mut out: Vec<u32> = self
            .parameters
            .iter()
            .filter(|(_, b)| Self::allows(Some(b), slot))
            .map(|(p, _)| *p)
            .collect();
        out.sort_unstable();
        out
    }

    /// Whether slots are each held once or free, and only held slots have bits.
    pub fn consistent(&self) -> bool {
        let mut used: Vec<u32> = self.holders.values().map(|h| h.slot).collect();
        used.extend(&self.free);
        let n = used.len();
        used.sort_unstable();
        used.dedup();
        let held: Vec<u32> = self.holders.values().map(|h| h.slot).collect();
        let marked = self
            .held
            .iter()
            .map(|w| w.count_ones() as usize)
            .sum::<usize>();
        let roles_marked = self.holders.keys().all(|r| {
            let i = r.raw() as usize;
            self.held
                .get(i / 64)
                .is_some_and(|w| w & (1 << (i % 64)) != 0)
        });
        roles_marked
            && marked == self.holders.len()
            && used.len() == n
            && self.parameters.values().all(|bits| {
                bits.iter().enumerate().all(|(i, w)| {
                    (0..64u32).all(|b| {
                        w & (1 << b) == 0
                            || u32::try_from(i * 64).is_ok_and(|base| held.contains(&(base + b)))
                    })
                })
            })
    }
}

/// The id of a folded name, interning it when new.
fn intern(table: &mut FxHashMap<Box<str>, u32>, name: &str) -> u32 {
    // Looked up before allocating: a rebuild interns every parameter of
    // every entry, nearly all of them already known.
    if let Some(id) = names::with_fold(name, |k| table.get(k).copied()) {
        return id;
    }
    let next = u32::try_from(table.len()).unwrap_or(u32::MAX);
    table.insert(names::fold(name).into_boxed_str(), next);
    next
}

/// Puts a role's entries (or, once it is gone, nothing) into the per-cmdlet
/// grants of `idx`.
fn index_role_in(roles: &Arena<Role>, idx: &mut Indexes, id: RoleId) {
    if let Some(old) = idx.role_cmdlets.remove(&id) {
        for c in old {
            if let Some(m) = idx.grants.get_mut(c as usize) {
                m.remove(id);
            }
        }
    }
    let Some(r) = roles.get(id) else {
        return;
    };
    let mut listed = Vec::with_capacity(r.entries.len());
    for (i, e) in r.entries.iter().enumerate() {
        let cid = intern(&mut idx.cmdlets, &e.name);
        let ps: Vec<u32> = e
            .parameters
            .iter()
            .map(|p| intern(&mut idx.parameters, p))
            .collect();
        let at = cid as usize;
        if idx.grants.len() <= at {
            idx.grants.resize_with(at + 1, Default::default);
        }
        if let Some(m) = idx.grants.get_mut(at) {
            // Two entries with one name (only a hand-made change set
            // holds such a role): the later one wins, as it always has.
            m.add(id, u32::try_from(i).unwrap_or(u32::MAX), &ps);
        }
        listed.push(cid);
    }
    idx.role_cmdlets.insert(id, listed);
}

/// Names of the objects every organization starts with.
pub mod well_known {
    /// The OU holding role groups and Exchange's system groups.
    pub const SECURITY_GROUPS_OU: &str = "Microsoft Exchange Security Groups";
    /// The container of default users and groups.
    pub const USERS: &str = "Users";
    /// Directory administrators.
    pub const DOMAIN_ADMINS: &str = "Domain Admins";
    /// The bootstrap administrator.
    pub const ADMINISTRATOR: &str = "Administrator";
    /// The role group that can do almost everything.
    pub const ORGANIZATION_MANAGEMENT: &str = "Organization Management";
    /// The built-in role for managing RBAC.
    pub const ROLE_MANAGEMENT: &str = "Role Management";
    /// The role that lets its holders manage unscoped top-level roles.
    pub const UNSCOPED_ROLE_MANAGEMENT: &str = "Unscoped Role Management";
    /// The first Exchange server.
    pub const SERVER: &str = "EX01";
    /// Its mailbox database.
    pub const DATABASE: &str = "Mailbox Database 01";
}

impl Organization {
    /// An empty organization: only its domain root.
    pub fn empty(domain: &str) -> Result<Organization, CoreError> {
        let domain = domain.trim();
        if domain.is_empty() || domain.contains('/') || domain.contains(',') {
            return Err(CoreError::Invalid(format!(
                "'{domain}' isn't a valid domain name."
            )));
        }
        let dn = domain
            .split('.')
            .map(|p| format!("DC={p}"))
            .collect::<Vec<_>>()
            .join(",");
        let mut org = Organization {
            name: domain.to_string(),
            ous: Arena::default(),
            recipients: Arena::default(),
            servers: Arena::default(),
            databases: Arena::default(),
            roles: Arena::default(),
            scopes: Arena::default(),
            assignments: Arena::default(),
            policies: Arena::default(),
            settings: OrganizationSettings::default(),
            revision: 0,
            idx: Indexes::default(),
        };
        let root = org.ous.insert(Ou {
            name: domain.to_string(),
            parent: None,
            canonical: domain.to_string(),
            dn,
        });
        org.idx.ous.insert(names::key(domain), root);
        Ok(org)
    }

    /// Rebuilds every index from the objects (after deserializing).
    pub fn reindex(&mut self) -> Result<(), CoreError> {
        // Two independent halves: the name and assignment indexes (a
        // million recipients' names) and the role grants with the scope
        // filters (every parameter of every entry). At a cold start each
        // takes a good part of a second; side by side they take the longer.
        let (roles, scopes) = (&self.roles, &self.scopes);
        let (names, grants) = std::thread::scope(|s| {
            let other = std::thread::Builder::new()
                .name("exrbac-reindex".to_string())
                .spawn_scoped(s, || Self::grants_and_filters(roles, scopes));
            let names = self.name_indexes();
            let grants = match other {
                Ok(h) => h.join().unwrap_or_else(|_| {
                    Err(CoreError::Invalid("indexing the roles failed".to_string()))
                }),
                // No thread to be had: the same work here.
                Err(_) => Self::grants_and_filters(roles, scopes),
            };
            (names, grants)
        });
        let (grants, filters) = grants?;
        let mut idx = names;
        idx.cmdlets = grants.cmdlets;
        idx.parameters = grants.parameters;
        idx.grants = grants.grants;
        idx.role_cmdlets = grants.role_cmdlets;
        self.idx = idx;
        for (id, parsed) in filters {
            // The parse is derived from the stored text: the scope itself
            // didn't change (and so isn't sent to followers as changed).
            if let Some(s) = self.scopes.get_mut_clean(id) {
                s.filter = parsed;
            }
        }
        // Both read the indexes made above and nothing else: side by side.
        let this = &*self;
        let (closures, outside) = std::thread::scope(|s| {
            let other = std::thread::Builder::new()
                .name("exrbac-reindex".to_string())
                .spawn_scoped(s, || this.compute_outside_exclusive());
            let closures = this.compute_closures();
            let outside = match other {
                Ok(h) => h.join().ok(),
                Err(_) => None,
            };
            (closures, outside)
        });
        self.set_closures(closures.0, closures.1);
        // A thread that couldn't start or didn't finish: worked out here.
        self.idx.outside_exclusive = match outside {
            Some(bits) => bits,
            None => self.compute_outside_exclusive(),
        };
        Ok(())
    }

    /// The name, assignment and role-tree indexes, from the objects.
    fn name_indexes(&self) -> Indexes {
        let mut idx = Indexes::default();
        // Sized up front: growing a million-name map rehashes every name
        // several times over.
        idx.recipients.reserve(self.recipients.len());
        idx.assignments.reserve(self.assignments.len());
        for (id, o) in self.ous.iter() {
            idx.ous.insert(names::key(&o.canonical), id);
        }
        for (id, r) in self.recipients.iter() {
            idx.recipients.insert(names::key(&r.name), id);
        }
        for (id, r) in self.roles.iter() {
            idx.roles.insert(names::key(&r.name), id);
            if let Some(p) = r.parent {
                idx.children.entry(p).or_default().push(id);
            }
        }
        for (id, s) in self.scopes.iter() {
            idx.scopes.insert(names::key(&s.name), id);
            if s.exclusive {
                idx.exclusive_scopes.push(id);
            }
        }
        for (id, p) in self.policies.iter() {
            idx.policies.insert(names::key(&p.name), id);
        }
        for (id, a) in self.assignments.iter() {
            idx.assignments.insert(names::key(&a.name), id);
            idx.by_assignee.entry(a.assignee).or_default().push(id);
            idx.by_role.entry(a.role).or_default().push(id);
            idx.reach
                .entry(a.assignee)
                .or_default()
                .push(Reach::of(id, a));
        }
        idx
    }

    /// The per-cmdlet grants of every role (in an otherwise empty index),
    /// and every scope's filter parsed again from its text — so a corrupt
    /// store is reported rather than silently widening a scope.
    #[allow(clippy::type_complexity, reason = "a private pair of results")]
    fn grants_and_filters(
        roles: &Arena<Role>,
        scopes: &Arena<Scope>,
    ) -> Result<(Indexes, Vec<(ScopeId, Option<exrbac_opath::Filter>)>), CoreError> {
        let mut idx = Indexes::default();
        for (id, _) in roles.iter() {
            index_role_in(roles, &mut idx, id);
        }
        let mut filters = Vec::new();
        for (id, s) in scopes.iter() {
            let parsed = match &s.filter_text {
                Some(t) => Some(
                    exrbac_opath::Filter::parse(t, filter_kind(s.kind))
                        .map_err(|e| CoreError::Filter(e.to_string()))?,
                ),
                None => None,
            };
            filters.push((id, parsed));
        }
        Ok((idx, filters))
    }

    fn bump(&mut self) {
        // Every change ends here: the closures catch up before anyone
        // decides on the changed organization.
        self.refresh_closures();
        self.refresh_exclusive();
        self.revision += 1;
    }

    // ----- reading ---------------------------------------------------------

    /// The domain root OU.
    pub fn root_ou(&self) -> OuId {
        OuId::from_raw(0)
    }
    /// An OU.
    pub fn ou(&self, id: OuId) -> Option<&Ou> {
        self.ous.get(id)
    }
    /// Every OU.
    pub fn ous(&self) -> impl Iterator<Item = (OuId, &Ou)> {
        self.ous.iter()
    }
    /// A recipient.
    pub fn recipient(&self, id: RecipientId) -> Option<&Recipient> {
        self.recipients.get(id)
    }
    /// Every recipient, in creation order.
    pub fn recipients(&self) -> impl Iterator<Item = (RecipientId, &Recipient)> {
        self.recipients.iter()
    }
    /// A role.
    pub fn role(&self, id: RoleId) -> Option<&Role> {
        self.roles.get(id)
    }
    /// Every role.
    pub fn roles(&self) -> impl Iterator<Item = (RoleId, &Role)> {
        self.roles.iter()
    }
    /// A scope.
    pub fn scope(&self, id: ScopeId) -> Option<&Scope> {
        self.scopes.get(id)
    }
    /// Every scope.
    pub fn scopes(&self) -> impl Iterator<Item = (ScopeId, &Scope)> {
        self.scopes.iter()
    }
    /// An assignment.
    pub fn assignment(&self, id: AssignmentId) -> Option<&Assignment> {
        self.assignments.get(id)
    }
    /// Every assignment.
    pub fn assignments(&self) -> impl Iterator<Item = (AssignmentId, &Assignment)> {
        self.assignments.iter()
    }
    /// A policy.
    pub fn policy(&self, id: PolicyId) -> Option<&Policy> {
        self.policies.get(id)
    }
    /// Every policy.
    pub fn policies(&self) -> impl Iterator<Item = (PolicyId, &Policy)> {
        self.policies.iter()
    }
    /// A server.
    pub fn server(&self, id: ServerId) -> Option<&Server> {
        self.servers.get(id)
    }
    /// Every server.
    pub fn servers(&self) -> impl Iterator<Item = (ServerId, &Server)> {
        self.servers.iter()
    }
    /// A database.
    pub fn database(&self, id: DatabaseId) -> Option<&Database> {
        self.databases.get(id)
    }
    /// Every database.
    pub fn databases(&self) -> impl Iterator<Item = (DatabaseId, &Database)> {
        self.databases.iter()
    }
    /// Assignments of a role.
    pub fn assignments_of_role(&self, role: RoleId) -> &[AssignmentId] {
        self.idx
            .by_role
            .get(&role)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }
    /// An assignee's assignments as a decision walks them, in id order.
    pub(crate) fn reach_of(&self, assignee: Assignee) -> &[Reach] {
        self.idx
            .reach
            .get(&assignee)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }
    /// Assignments given directly to an assignee.
    pub fn assignments_of(&self, assignee: Assignee) -> &[AssignmentId] {
        self.idx
            .by_assignee
            .get(&assignee)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }
    /// Direct child roles.
    pub fn children(&self, role: RoleId) -> &[RoleId] {
        self.idx
            .children
            .get(&role)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }
    /// The role and its ancestors, nearest first.
    pub fn ancestry(&self, role: RoleId) -> Vec<RoleId> {
        let mut out = vec![role];
        let mut cur = self.roles.get(role).and_then(|r| r.parent);
        while let Some(p) = cur {
            if out.contains(&p) {
                break;
            }
            out.push(p);
            cur = self.roles.get(p).and_then(|r| r.parent);
        }
        out
    }
    /// Every descendant of a role (not itself).
    pub fn descendants(&self, role: RoleId) -> Vec<RoleId> {
        let mut out = Vec::new();
        let mut stack = self.children(role).to_vec();
        while let Some(r) = stack.pop() {
            if out.contains(&r) {
                continue;
            }
            out.push(r);
            stack.extend_from_slice(self.children(r));
        }
        out
    }

    /// A role by exact name.
    pub fn role_by_name(&self, name: &str) -> Option<RoleId> {
        self.idx.roles.get(&names::key(name.trim())).copied()
    }
    /// A scope by exact name.
    pub fn scope_by_name(&self, name: &str) -> Option<ScopeId> {
        self.idx.scopes.get(&names::key(name.trim())).copied()
    }
    /// An assignment by exact name.
    pub fn assignment_by_name(&self, name: &str) -> Option<AssignmentId> {
        self.idx.assignments.get(&names::key(name.trim())).copied()
    }
    /// A policy by exact name.
    pub fn policy_by_name(&self, name: &str) -> Option<PolicyId> {
        self.idx.policies.get(&names::key(name.trim())).copied()
    }
    /// The default role assignment policy, if any.
    pub fn default_policy(&self) -> Option<PolicyId> {
        self.policies
            .iter()
            .find(|(_, p)| p.is_default)
            .map(|(id, _)| id)
    }
    /// A recipient by name only.
    pub fn recipient_by_name(&self, name: &str) -> Option<RecipientId> {
        self.idx.recipients.get(&names::key(name.trim())).copied()
    }

    /// Resolves a recipient identity the way Exchange does: name, alias,
    /// UPN, primary SMTP address, distinguished name or canonical name.
    pub fn find_recipient(&self, identity: &str) -> Option<RecipientId> {
        let identity = identity.trim();
        if let Some(id) = self.recipient_by_name(identity) {
            return Some(id);
        }
        self.recipients
            .iter()
            .find(|(id, r)| {
                [
                    "Alias",
                    "UserPrincipalName",
                    "PrimarySmtpAddress",
                    "SamAccountName",
                ]
                .iter()
                .any(|a| r.attr(a).is_some_and(|v| names::eq(v, identity)))
                    || names::eq(&self.recipient_dn(*id), identity)
                    || names::eq(&self.recipient_canonical(*id), identity)
            })
            .map(|(id, _)| id)
    }

    /// Resolves an OU from a canonical name (`contoso.com/Sales`), a DN
    /// (`OU=Sales,DC=contoso,DC=com`) or a unique OU name.
    pub fn find_ou(&self, identity: &str) -> Option<OuId> {
        let identity = identity.trim().trim_end_matches('/');
        if let Some(id) = self.idx.ous.get(&names::key(identity)) {
            return Some(*id);
        }
        let norm = normalize_dn(identity);
        if let Some((id, _)) = self.ous.iter().find(|(_, o)| normalize_dn(&o.dn) == norm) {
            return Some(id);
        }
        let mut by_name = self
            .ous
            .iter()
            .filter(|(_, o)| names::eq(&o.name, identity));
        match (by_name.next(), by_name.next()) {
            (Some((id, _)), None) => Some(id),
            _ => None,
        }
    }

    /// Whether `ou` is `ancestor` or lies under it.
    pub fn ou_within(&self, ou: OuId, ancestor: OuId) -> bool {
        let mut cur = Some(ou);
        let mut guard = 0;
        while let Some(c) = cur {
            if c == ancestor {
                return true;
            }
            guard += 1;
            if guard > 1024 {
                return false;
            }
            cur = self.ous.get(c).and_then(|o| o.parent);
        }
        false
    }

    /// A recipient's distinguished name.
    pub fn recipient_dn(&self, id: RecipientId) -> String {
        match self.recipients.get(id) {
            Some(r) => {
                let ou = self.ous.get(r.ou).map(|o| o.dn.as_str()).unwrap_or("");
                format!("CN={},{}", r.name, ou)
            }
            None => String::new(),
        }
    }
    /// A recipient's canonical name (`contoso.com/Sales/Alice`).
    pub fn recipient_canonical(&self, id: RecipientId) -> String {
        match self.recipients.get(id) {
            Some(r) => {
                let ou = self
                    .ous
                    .get(r.ou)
                    .map(|o| o.canonical.as_str())
                    .unwrap_or("");
                format!("{}/{}", ou, r.name)
            }
            None => String::new(),
        }
    }
    /// A recipient's name, or an empty string.
    pub fn recipient_name(&self, id: RecipientId) -> &str {
        self.recipients
            .get(id)
            .map(|r| r.name.as_str())
            .unwrap_or("")
    }
    /// A role's name, or an empty string.
    pub fn role_name(&self, id: RoleId) -> &str {
        self.roles.get(id).map(|r| r.name.as_str()).unwrap_or("")
    }
    /// The name of whoever an assignment goes to.
    pub fn assignee_name(&self, a: Assignee) -> &str {
        match a {
            Assignee::User(r) | Assignee::Group(r) => self.recipient_name(r),
            Assignee::Policy(p) => self.policies.get(p).map(|p| p.name.as_str()).unwrap_or(""),
        }
    }
    /// Exchange's RoleAssigneeType for an assignee.
    pub fn assignee_type(&self, a: Assignee) -> &'static str {
        match a {
            Assignee::User(_) => "User",
            Assignee::Group(g) => match self.recipients.get(g).map(|r| r.kind) {
                Some(RecipientKind::RoleGroup) => "RoleGroup",
                _ => "SecurityGroup",
            },
            Assignee::Policy(_) => "RoleAssignmentPolicy",
        }
    }

    // ----- directory changes ------------------------------------------------

    /// Creates an OU under `parent`.
    pub fn new_ou(&mut self, name: &str, parent: OuId) -> Result<OuId, CoreError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(CoreError::Invalid(
                "The Name parameter can't be empty.".to_string(),
            ));
        }
        let p = self
            .ous
            .get(parent)
            .ok_or_else(|| CoreError::Invalid("The parent OU doesn't exist.".to_string()))?;
        let canonical = format!("{}/{}", p.canonical, name);
        let dn = if names::eq(name, well_known::USERS) && p.parent.is_none() {
            format!("CN={},{}", name, p.dn)
        } else {
            format!("OU={},{}", name, p.dn)
        };
        if self.idx.ous.contains_key(&names::key(&canonical)) {
            return Err(CoreError::AlreadyExists(dn));
        }
        let id = self.ous.insert(Ou {
            name: name.to_string(),
            parent: Some(parent),
            canonical: canonical.clone(),
            dn,
        });
        self.idx.ous.insert(names::key(&canonical), id);
        self.bump();
        Ok(id)
    }

    /// Creates a recipient. Mailboxes get the default database and policy.
    pub fn new_recipient(&mut self, n: NewRecipient) -> Result<RecipientId, CoreError> {
        let name = n.name.trim().to_string();
        if name.is_empty() {
            return Err(CoreError::Invalid(
                "The Name parameter can't be empty.".to_string(),
            ));
        }
        if self.idx.recipients.contains_key(&names::key(&name)) {
            return Err(CoreError::AlreadyExists(name));
        }
        if self.ous.get(n.ou).is_none() {
            return Err(CoreError::Invalid("The OU doesn't exist.".to_string()));
        }
        let mut r = Recipient {
            name: name.clone(),
            ou: n.ou,
            kind: n.kind,
            attrs: Attrs::new(),
            enabled: n.enabled,
            database: None,
            policy: None,
            members: Vec::new(),
            member_of: Vec::new(),
            managed_by: Vec::new(),
            manager: None,
        };
        r.set_attrs(n.attrs.into_iter().map(|(k, v)| (k, Some(v))));
        self.fill_mail_defaults(&mut r);
        let id = self.recipients.insert(r);
        self.idx.recipients.insert(names::key(&name), id);
        self.idx.stale_groups.push(id);
        self.touch_exclusive(id);
        self.bump();
        Ok(id)
    }

    /// What Exchange stamps on a newly mail-enabled object.
    /// A recipient to change: whether it stands in an exclusive scope is
    /// looked at again when the change ends.
    fn recipient_mut(&mut self, id: RecipientId) -> Option<&mut Recipient> {
        self.touch_exclusive(id);
        self.recipients.get_mut(id)
    }

    fn fill_mail_defaults(&self, r: &mut Recipient) {
        // Worked out first and set together: the attributes are repacked
        // once per change.
        let mut stamp: Vec<(String, Option<String>)> = Vec::new();
        if r.attr("DisplayName").is_none() {
            stamp.push(("DisplayName".to_string(), Some(r.name.clone())));
        }
        if r.kind.is_mail_enabled() {
            let upn = r.attr("UserPrincipalName");
            let alias = match r.attr("Alias") {
                Some(a) => a.to_string(),
                None => {
                    let alias: String = upn
                        .and_then(|u| u.split('@').next())
                        .unwrap_or(&r.name)
                        .chars()
                        .filter(|c| !c.is_whitespace())
                        .collect();
                    stamp.push(("Alias".to_string(), Some(alias.clone())));
                    alias
                }
            };
            if r.attr("PrimarySmtpAddress").is_none() {
                let addr = match upn {
                    Some(u) if u.contains('@') => u.to_string(),
                    _ => format!("{}@{}", alias, self.name),
                };
                stamp.push(("PrimarySmtpAddress".to_string(), Some(addr)));
            }
        }
        if !stamp.is_empty() {
            r.set_attrs(stamp);
        }
        if r.kind == RecipientKind::UserMailbox {
            if r.database.is_none() {
                r.database = self.databases.iter().next().map(|(id, _)| id);
            }
            if r.policy.is_none() {
                r.policy = self.default_policy();
            }
        }
    }

    /// Mail-enables an existing user (Enable-Mailbox).
    pub fn enable_mailbox(&mut self, id: RecipientId) -> Result<(), CoreError> {
        let mut r = self
            .recipients
            .get(id)
            .cloned()
            .ok_or_else(|| CoreError::Invalid("The recipient doesn't exist.".to_string()))?;
        match r.kind {
            RecipientKind::User => {}
            RecipientKind::UserMailbox => {
                return Err(CoreError::Invalid(format!(
                    "The user \"{}\" is already mailbox-enabled.",
                    r.name
                )));
            }
            _ => {
                return Err(CoreError::Invalid(format!(
                    "\"{}\" isn't a user that can be mailbox-enabled.",
                    r.name
                )));
            }
        }
        r.kind = RecipientKind::UserMailbox;
        self.fill_mail_defaults(&mut r);
        if let Some(slot) = self.recipient_mut(id) {
            *slot = r;
        }
        self.bump();
        Ok(())
    }

    /// Removes the mailbox but keeps the user (Disable-Mailbox).
    pub fn disable_mailbox(&mut self, id: RecipientId) -> Result<(), CoreError> {
        let r = self
            .recipient_mut(id)
            .ok_or_else(|| CoreError::Invalid("The recipient doesn't exist.".to_string()))?;
        if r.kind != RecipientKind::UserMailbox {
            return Err(CoreError::Invalid(format!(
                "\"{}\" isn't mailbox-enabled.",
                r.name
            )));
        }
        r.kind = RecipientKind::User;
        r.database = None;
        r.policy = None;
        for a in ["Alias", "PrimarySmtpAddress"] {
            r.set_attr(a, None);
        }
        self.bump();
        Ok(())
    }

    /// Sets or clears a simple attribute.
    pub fn set_attr(
        &mut self,
        id: RecipientId,
        name: &str,
        value: Option<String>,
    ) -> Result<(), CoreError> {
        if names::eq(name, "Name") {
            let Some(v) = value else {
                return Err(CoreError::Invalid(
                    "The Name parameter can't be empty.".to_string(),
                ));
            };
            return self.rename_recipient(id, &v);
        }
        let r = self
            .recipient_mut(id)
            .ok_or_else(|| CoreError::Invalid("The recipient doesn't exist.".to_string()))?;
        r.set_attr(name, value);
        self.bump();
        Ok(())
    }

    fn rename_recipient(&mut self, id: RecipientId, new: &str) -> Result<(), CoreError> {
        let new = new.trim();
        if let Some(other) = self.recipient_by_name(new)
            && other != id
        {
            return Err(CoreError::AlreadyExists(new.to_string()));
        }
        let r = self
            .recipients
            .get_mut(id)
            .ok_or_else(|| CoreError::Invalid("The recipient doesn't exist.".to_string()))?;
        let old = std::mem::replace(&mut r.name, new.to_string());
        let members = r.members.clone();
        self.idx.recipients.remove(&names::key(&old));
        self.idx.recipients.insert(names::key(new), id);
        self.touch_exclusive_renamed(id, &members);
        self.bump();
        Ok(())
    }

    /// Sets the account's enabled flag.
    pub fn set_enabled(&mut self, id: RecipientId, enabled: bool) -> Result<(), CoreError> {
        let r = self
            .recipient_mut(id)
            .ok_or_else(|| CoreError::Invalid("The recipient doesn't exist.".to_string()))?;
        r.enabled = enabled;
        self.bump();
        Ok(())
    }

    /// Sets a user's manager.
    pub fn set_manager(
        &mut self,
        id: RecipientId,
        manager: Option<RecipientId>,
    ) -> Result<(), CoreError> {
        let r = self
            .recipient_mut(id)
            .ok_or_else(|| CoreError::Invalid("The recipient doesn't exist.".to_string()))?;
        r.manager = manager;
        self.bump();
        Ok(())
    }

    /// Sets (or clears) a mailbox's role assignment policy.
    pub fn set_mailbox_policy(
        &mut self,
        id: RecipientId,
        policy: Option<PolicyId>,
    ) -> Result<(), CoreError> {
        let r = self
            .recipient_mut(id)
            .ok_or_else(|| CoreError::Invalid("The recipient doesn't exist.".to_string()))?;
        r.policy = policy;
        self.bump();
        Ok(())
    }

    /// Sets a group's owners.
    pub fn set_managed_by(
        &mut self,
        group: RecipientId,
        owners: Vec<RecipientId>,
    ) -> Result<(), CoreError> {
        let r = self
            .recipient_mut(group)
            .ok_or_else(|| CoreError::Invalid("The group doesn't exist.".to_string()))?;
        let mut owners = owners;
        owners.dedup();
        r.managed_by = owners;
        self.bump();
        Ok(())
    }

    /// Adds a direct member to a group. Cycles are refused: Exchange's
    /// nesting is acyclic in practice, and refusing keeps closures finite.
    pub fn add_member(&mut self, group: RecipientId, member: RecipientId) -> Result<(), CoreError> {
        let (gname, is_group) = match self.recipients.get(group) {
            Some(g) => (g.name.clone(), g.kind.is_group()),
            None => return Err(CoreError::Invalid("The group doesn't exist.".to_string())),
        };
        if !is_group {
            return Err(CoreError::Invalid(format!("\"{gname}\" isn't a group.")));
        }
        let mname = self
            .recipients
            .get(member)
            .map(|m| m.name.clone())
            .ok_or_else(|| CoreError::Invalid("The member doesn't exist.".to_string()))?;
        if member == group || self.is_transitive_member(group, member) {
            return Err(CoreError::GroupCycle(gname));
        }
        if self
            .recipients
            .get(group)
            .is_some_and(|g| g.members.contains(&member))
        {
            return Err(CoreError::AlreadyMember(mname, gname));
        }
        if let Some(g) = self.recipient_mut(group) {
            g.members.push(member);
        }
        if let Some(m) = self.recipient_mut(member) {
            m.member_of.push(group);
        }
        self.idx.stale_groups.push(member);
        self.bump();
        Ok(())
    }

    /// Removes a direct member from a group.
    pub fn remove_member(
        &mut self,
        group: RecipientId,
        member: RecipientId,
    ) -> Result<(), CoreError> {
        let gname = self.recipient_name(group).to_string();
        let mname = self.recipient_name(member).to_string();
        let present = self
            .recipients
            .get(group)
            .is_some_and(|g| g.members.contains(&member));
        if !present {
            return Err(CoreError::NotMember(mname, gname));
        }
        if let Some(g) = self.recipient_mut(group) {
            g.members.retain(|m| *m != member);
        }
        if let Some(m) = self.recipient_mut(member) {
            m.member_of.retain(|g| *g != group);
        }
        self.idx.stale_groups.push(member);
        self.bump();
        Ok(())
    }

    /// Whether `member` is in `group`, directly or through nested groups.
    pub fn is_transitive_member(&self, member: RecipientId, group: RecipientId) -> bool {
        let mut seen = std::collections::HashSet::new();
        let mut stack = vec![member];
        while let Some(x) = stack.pop() {
            if !seen.insert(x) {
                continue;
            }
            if let Some(r) = self.recipients.get(x) {
                for g in &r.member_of {
                    if *g == group {
                        return true;
                    }
                    stack.push(*g);
                }
            }
        }
        false
    }

    /// Removes a recipient with its memberships and the assignments given to it.
    pub fn remove_recipient(&mut self, id: RecipientId) -> Result<(), CoreError> {
        let r = self
            .recipients
            .get(id)
            .cloned()
            .ok_or_else(|| CoreError::Invalid("The recipient doesn't exist.".to_string()))?;
        for g in &r.member_of {
            if let Some(g) = self.recipient_mut(*g) {
                g.members.retain(|m| *m != id);
            }
        }
        for m in &r.members {
            if let Some(m) = self.recipient_mut(*m) {
                m.member_of.retain(|g| *g != id);
            }
        }
        self.idx.stale_groups.push(id);
        self.idx.stale_groups.extend(r.members.iter().copied());
        let gone: Vec<AssignmentId> = self
            .assignments_of(Assignee::User(id))
            .iter()
            .chain(self.assignments_of(Assignee::Group(id)))
            .copied()
            .collect();
        for a in gone {
            self.drop_assignment(a);
        }
        // Only those that name it are changed (and so looked at again).
        let naming: Vec<RecipientId> = self
            .recipients
            .iter()
            .filter(|(_, o)| o.manager == Some(id) || o.managed_by.contains(&id))
            .map(|(i, _)| i)
            .collect();
        for other in naming {
            if let Some(o) = self.recipient_mut(other) {
                o.managed_by.retain(|x| *x != id);
                if o.manager == Some(id) {
                    o.manager = None;
                }
            }
        }
        self.recipients.remove(id);
        self.touch_exclusive(id);
        self.idx.recipients.remove(&names::key(&r.name));
        self.bump();
        Ok(())
    }

    /// Adds a server.
    pub fn new_server(&mut self, name: &str) -> Result<ServerId, CoreError> {
        if self.servers.iter().any(|(_, s)| names::eq(&s.name, name)) {
            return Err(CoreError::AlreadyExists(name.to_string()));
        }
        let id = self.servers.insert(Server {
            name: name.to_string(),
            attrs: BTreeMap::new(),
        });
        self.bump();
        Ok(id)
    }

    /// Adds a mailbox database on a server.
    pub fn new_database(&mut self, name: &str, server: ServerId) -> Result<DatabaseId, CoreError> {
        if self.databases.iter().any(|(_, d)| names::eq(&d.name, name)) {
            return Err(CoreError::AlreadyExists(name.to_string()));
        }
        if self.servers.get(server).is_none() {
            return Err(CoreError::Invalid("The server doesn't exist.".to_string()));
        }
        let id = self.databases.insert(Database {
            name: name.to_string(),
            server,
            attrs: BTreeMap::new(),
        });
        self.bump();
        Ok(id)
    }

    /// A server by name.
    pub fn find_server(&self, name: &str) -> Option<ServerId> {
        self.servers
            .iter()
            .find(|(_, s)| names::eq(&s.name, name.trim()))
            .map(|(id, _)| id)
    }
    /// A database by name.
    pub fn find_database(&self, name: &str) -> Option<DatabaseId> {
        self.databases
            .iter()
            .find(|(_, d)| names::eq(&d.name, name.trim()))
            .map(|(id, _)| id)
    }

    // ----- roles ------------------------------------------------------------

    /// Re-lists one role under the cmdlets of its entries (after any change
    /// to its entries or parameters, or its removal).
    pub(super) fn index_role(&mut self, id: RoleId) {
        index_role_in(&self.roles, &mut self.idx, id);
    }

    /// The roles with an entry for a cmdlet, each with that entry; `None`
    /// when no role ever held it. Short ASCII names are folded on the
    /// stack: this runs once per decision.
    pub(crate) fn cmdlet_grants(&self, name: &str) -> Option<&CmdletIndex> {
        let id = names::with_fold(name, |k| self.idx.cmdlets.get(k).copied())?;
        self.idx.grants.get(id as usize)
    }

    /// The exclusive scopes, in id order.
    pub fn exclusive_scopes(&self) -> &[ScopeId] {
        &self.idx.exclusive_scopes
    }

    /// The interned id of a parameter name, if any entry ever held it.
    pub(crate) fn parameter_id(&self, name: &str) -> Option<u32> {
        names::with_fold(name, |k| self.idx.parameters.get(k).copied())
    }

    /// Adds a role as it comes (catalog loading); checks only the name.
    pub fn insert_role(&mut self, mut role: Role) -> Result<RoleId, CoreError> {
        if self.idx.roles.contains_key(&names::key(&role.name)) {
            return Err(CoreError::AlreadyExists(role.name));
        }
        role.normalize();
        let name = names::key(&role.name);
        let parent = role.parent;
        let id = self.roles.insert(role);
        self.idx.roles.insert(name, id);
        if let Some(p) = parent {
            self.idx.children.entry(p).or_default().push(id);
        }
        self.index_role(id);
        self.bump();
        Ok(id)
    }

    /// New-ManagementRole -Parent: a custom child that starts as a copy of
    /// its parent (or, with `enabled_cmdlets`, of just those entries).
    pub fn new_role(
        &mut self,
        name: &str,
        parent: RoleId,
        description: Option<String>,
        enabled_cmdlets: Option<&[String]>,
    ) -> Result<RoleId, CoreError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(CoreError::Invalid(
                "The Name parameter can't be empty.".to_string(),
            ));
        }
        if name.contains('\\') {
            return Err(CoreError::Invalid(format!(
                "The role name '{name}' can't contain the character '\\'."
            )));
        }
        let p = self
            .roles
            .get(parent)
            .cloned()
            .ok_or_else(|| CoreError::Invalid("The parent role doesn't exist.".to_string()))?;
        let mut entries = p.entries.clone();
        if let Some(keep) = enabled_cmdlets {
            for k in keep {
                if p.entry(k).is_none() {
                    return Err(CoreError::EntryNotInParent(k.clone(), p.name.clone()));
                }
            }
            entries.retain(|e| keep.iter().any(|k| names::eq(k, &e.name)));
        }
        self.insert_role(Role {
            name: name.to_string(),
            builtin: false,
            parent: Some(parent),
            role_type: p.role_type.clone(),
            description: description.unwrap_or_default(),
            is_end_user: p.is_end_user,
            // A child of an unscoped role is unscoped too: its role type is
            // copied (UnScoped) and unscoped roles "can't be scoped to a
            // specific target" (understanding-management-roles).
            is_unscoped: p.is_unscoped,
            implicit: p.implicit,
            entries,
        })
    }

    /// New-ManagementRole -UnScopedTopLevel: an empty role that may hold
    /// scripts and non-Exchange cmdlets.
    pub fn new_unscoped_role(
        &mut self,
        name: &str,
        description: Option<String>,
    ) -> Result<RoleId, CoreError> {
        self.insert_role(Role {
            name: name.trim().to_string(),
            builtin: false,
            parent: None,
            role_type: "UnScoped".to_string(),
            description: description.unwrap_or_default(),
            is_end_user: false,
            is_unscoped: true,
            implicit: ImplicitScopes {
                recipient_read: ScopeValue::Organization,
                recipient_write: ScopeValue::Organization,
                config_read: ScopeValue::OrganizationConfig,
                config_write: ScopeValue::OrganizationConfig,
            },
            entries: Vec::new(),
        })
    }

    fn custom_role_mut(&mut self, id: RoleId) -> Result<&mut Role, CoreError> {
        let r = self
            .roles
            .get_mut(id)
            .ok_or_else(|| CoreError::Invalid("The role doesn't exist.".to_string()))?;
        if r.builtin {
            return Err(CoreError::BuiltInRole(r.name.clone()));
        }
        Ok(r)
    }

    /// Add-ManagementRoleEntry: only what the parent holds (unscoped roles
    /// take any entry). Without parameters, the entry gets all of the parent's.
    pub fn add_role_entry(
        &mut self,
        role: RoleId,
        cmdlet: &str,
        parameters: Option<&[String]>,
        kind: EntryKind,
    ) -> Result<(), CoreError> {
        let r = self.custom_role_mut(role)?.clone();
        if r.entry(cmdlet).is_some() {
            return Err(CoreError::EntryExists(
                format!("{}\\{}", r.name, cmdlet),
                r.name.clone(),
            ));
        }
        let entry = match r.parent.and_then(|p| self.roles.get(p)) {
            Some(parent) => {
                let pe = parent.entry(cmdlet).ok_or_else(|| {
                    CoreError::EntryNotInParent(cmdlet.to_string(), parent.name.clone())
                })?;
                let params = match parameters {
                    None => pe.parameters.clone(),
                    Some(ps) => {
                        let mut out = Vec::new();
                        for p in ps {
                            let Some(found) = pe.parameters.iter().find(|x| names::eq(x, p)) else {
                                return Err(CoreError::ParameterNotInParent(
                                    p.clone(),
                                    format!("{}\\{}", r.name, pe.name),
                                ));
                            };
                            out.push(found.clone());
                        }
                        out
                    }
                };
                RoleEntry {
                    name: pe.name.clone(),
                    kind: pe.kind,
                    parameters: params,
                    snapin: pe.snapin.clone(),
                }
            }
            None if r.is_unscoped => RoleEntry {
                name: cmdlet.to_string(),
                kind,
                parameters: parameters.map(<[String]>::to_vec).unwrap_or_default(),
                snapin: None,
            },
            None => {
                return Err(CoreError::EntryNotInParent(
                    cmdlet.to_string(),
                    String::new(),
                ));
            }
        };
        let r = self.custom_role_mut(role)?;
        r.entries.push(entry);
        r.normalize();
        self.index_role(role);
        self.bump();
        Ok(())
    }

    /// Add-ManagementRoleEntry -PSSnapinName: the snap-in of a non-Exchange
    /// cmdlet entry, which only an unscoped top-level role holds.
    pub fn set_role_entry_snapin(
        &mut self,
        role: RoleId,
        cmdlet: &str,
        snapin: &str,
    ) -> Result<(), CoreError> {
        let r = self.custom_role_mut(role)?;
        if !r.is_unscoped || r.parent.is_some() {
            return Err(CoreError::Invalid(format!(
                "The PSSnapinName parameter can only be used on an unscoped top-level role, and '{}' isn't one.",
                r.name
            )));
        }
        let name = r.name.clone();
        let e = r
            .entries
            .iter_mut()
            .find(|e| names::eq(&e.name, cmdlet) && e.kind == EntryKind::Cmdlet)
            .ok_or_else(|| CoreError::NotFound(format!("{name}\\{cmdlet}"), String::new()))?;
        e.snapin = Some(snapin.to_string());
        self.bump();
        Ok(())
    }

    /// Remove-ManagementRoleEntry: the entry leaves the role and, so that no
    /// child ever exceeds its parent, every descendant.
    pub fn remove_role_entry(&mut self, role: RoleId, cmdlet: &str) -> Result<(), CoreError> {
        let r = self.custom_role_mut(role)?;
        let before = r.entries.len();
        r.entries.retain(|e| !names::eq(&e.name, cmdlet));
        if r.entries.len() == before {
            let name = r.name.clone();
            return Err(CoreError::NotFound(
                format!("{name}\\{cmdlet}"),
                String::new(),
            ));
        }
        let descendants = self.descendants(role);
        for d in &descendants {
            if let Some(dr) = self.roles.get_mut(*d) {
                dr.entries.retain(|e| !names::eq(&e.name, cmdlet));
            }
        }
        self.index_role(role);
        for d in descendants {
            self.index_role(d);
        }
        self.bump();
        Ok(())
    }

    /// Set-ManagementRoleEntry: replace, add or remove parameters. Added ones
    /// must be in the parent's entry; removed ones leave descendants too.
    pub fn set_role_entry_parameters(
        &mut self,
        role: RoleId,
        cmdlet: &str,
        set: Option<&[String]>,
        add: &[String],
        remove: &[String],
    ) -> Result<(), CoreError> {
        let r = self.custom_role_mut(role)?.clone();
        let Some(current) = r.entry(cmdlet).cloned() else {
            return Err(CoreError::NotFound(
                format!("{}\\{}", r.name, cmdlet),
                String::new(),
            ));
        };
        let parent_entry = r
            .parent
            .and_then(|p| self.roles.get(p))
            .and_then(|p| p.entry(cmdlet))
            .cloned();
        let mut params: Vec<String> = match set {
            Some(s) => s.to_vec(),
            None => current.parameters.clone(),
        };
        params.extend(add.iter().cloned());
        params.retain(|p| !remove.iter().any(|x| names::eq(x, p)));
        if let Some(pe) = &parent_entry {
            for p in params.iter_mut() {
                match pe.parameters.iter().find(|x| names::eq(x, p)) {
                    Some(found) => *p = found.clone(),
                    None => {
                        return Err(CoreError::ParameterNotInParent(
                            p.clone(),
                            format!("{}\\{}", r.name, current.name),
                        ));
                    }
                }
            }
        }
        let mut new_entry = current;
        new_entry.parameters = params;
        new_entry.normalize();
        let kept = new_entry.parameters.clone();
        let rr = self.custom_role_mut(role)?;
        if let Some(e) = rr.entries.iter_mut().find(|e| names::eq(&e.name, cmdlet)) {
            *e = new_entry;
        }
        let descendants = self.descendants(role);
        for d in &descendants {
            if let Some(dr) = self.roles.get_mut(*d)
                && let Some(e) = dr.entries.iter_mut().find(|e| names::eq(&e.name, cmdlet))
            {
                e.parameters
                    .retain(|p| kept.iter().any(|k| names::eq(k, p)));
            }
        }
        self.index_role(role);
        for d in descendants {
            self.index_role(d);
        }
        self.bump();
        Ok(())
    }

    /// Changes a custom role's name or description.
    pub fn set_role(
        &mut self,
        role: RoleId,
        name: Option<&str>,
        description: Option<String>,
    ) -> Result<(), CoreError> {
        if let Some(n) = name
            && let Some(other) = self.role_by_name(n)
            && other != role
        {
            return Err(CoreError::AlreadyExists(n.to_string()));
        }
        let r = self.custom_role_mut(role)?;
        let old = r.name.clone();
        if let Some(n) = name {
            r.name = n.trim().to_string();
        }
        if let Some(d) = description {
            r.description = d;
        }
        let new = r.name.clone();
        self.idx.roles.remove(&names::key(&old));
        self.idx.roles.insert(names::key(&new), role);
        self.bump();
        Ok(())
    }

    /// Remove-ManagementRole: refused while the role (or, with `recurse`, a
    /// descendant) is assigned; children need `recurse`.
    pub fn remove_role(&mut self, role: RoleId, recurse: bool) -> Result<Vec<RoleId>, CoreError> {
        let r = self
            .roles
            .get(role)
            .cloned()
            .ok_or_else(|| CoreError::Invalid("The role doesn't exist.".to_string()))?;
        if r.builtin {
            return Err(CoreError::BuiltInRole(r.name));
        }
        let desc = self.descendants(role);
        if !desc.is_empty() && !recurse {
            return Err(CoreError::RoleHasChildren(r.name));
        }
        let mut all = desc;
        all.push(role);
        for x in &all {
            if !self.assignments_of_role(*x).is_empty() {
                return Err(CoreError::RoleHasAssignments(
                    self.role_name(*x).to_string(),
                ));
            }
        }
        for x in &all {
            if let Some(gone) = self.roles.remove(*x) {
                self.idx.roles.remove(&names::key(&gone.name));
                if let Some(p) = gone.parent
                    && let Some(ch) = self.idx.children.get_mut(&p)
                {
                    ch.retain(|c| c != x);
                }
            }
            self.idx.children.remove(x);
            self.idx.by_role.remove(x);
            self.index_role(*x);
        }
        self.bump();
        Ok(all)
    }

    // ----- scopes -----------------------------------------------------------

    /// New-ManagementScope.
    pub fn new_scope(&mut self, scope: Scope) -> Result<ScopeId, CoreError> {
        let name = scope.name.trim().to_string();
        if name.is_empty() {
            return Err(CoreError::Invalid(
                "The Name parameter can't be empty.".to_string(),
            ));
        }
        if self.idx.scopes.contains_key(&names::key(&name)) {
            return Err(CoreError::AlreadyExists(name));
        }
        let exclusive = scope.exclusive;
        let id = self.scopes.insert(Scope {
            name: name.clone(),
            ..scope
        });
        self.idx.scopes.insert(names::key(&name), id);
        if exclusive {
            insert_sorted(&mut self.idx.exclusive_scopes, id);
            self.idx.exclusive_added.push(id);
        }
        self.bump();
        Ok(id)
    }

    /// Replaces a scope's definition (Set-ManagementScope); the kind and
    /// exclusivity stay.
    pub fn set_scope(&mut self, id: ScopeId, mut new: Scope) -> Result<(), CoreError> {
        let old = self
            .scopes
            .get(id)
            .cloned()
            .ok_or_else(|| CoreError::Invalid("The scope doesn't exist.".to_string()))?;
        if !names::eq(&old.name, &new.name) {
            if self.idx.scopes.contains_key(&names::key(&new.name)) {
                return Err(CoreError::AlreadyExists(new.name));
            }
            self.idx.scopes.remove(&names::key(&old.name));
            self.idx.scopes.insert(names::key(&new.name), id);
        }
        new.exclusive = old.exclusive;
        let moves = old.exclusive
            && (old.filter_text != new.filter_text
                || old.recipient_root != new.recipient_root
                || old.kind != new.kind);
        if let Some(s) = self.scopes.get_mut(id) {
            *s = new;
        }
        if moves {
            self.idx.exclusive_added.push(id);
            self.idx.exclusive_loosened = true;
        }
        self.bump();
        Ok(())
    }

    /// Remove-ManagementScope: refused while an assignment uses it.
    pub fn remove_scope(&mut self, id: ScopeId) -> Result<(), CoreError> {
        let s = self
            .scopes
            .get(id)
            .cloned()
            .ok_or_else(|| CoreError::Invalid("The scope doesn't exist.".to_string()))?;
        if let Some((_, a)) = self
            .assignments
            .iter()
            .find(|(_, a)| assignment_uses_scope(a, id))
        {
            return Err(CoreError::ScopeInUse(s.name, a.name.clone()));
        }
        self.scopes.remove(id);
        self.idx.scopes.remove(&names::key(&s.name));
        remove_sorted(&mut self.idx.exclusive_scopes, id);
        if s.exclusive {
            self.idx.exclusive_loosened = true;
        }
        self.bump();
        Ok(())
    }

    // ----- assignments ------------------------------------------------------

    /// A free assignment name: `base`, else `base1`, `base2`, …
    pub fn unique_assignment_name(&self, base: &str) -> String {
        if !self.idx.assignments.contains_key(&names::key(base)) {
            return base.to_string();
        }
        (1..)
            .map(|n| format!("{base}{n}"))
            .find(|c| !self.idx.assignments.contains_key(&names::key(c)))
            .unwrap_or_else(|| base.to_string())
    }

    /// Adds an assignment after checking the model's invariants (not the
    /// caller's rights: those are the engine's).
    pub fn new_assignment(&mut self, a: Assignment) -> Result<AssignmentId, CoreError> {
        let role = self
            .roles
            .get(a.role)
            .ok_or_else(|| CoreError::Invalid("The role doesn't exist.".to_string()))?;
        match a.assignee {
            Assignee::Policy(p) => {
                if self.policies.get(p).is_none() {
                    return Err(CoreError::Invalid("The policy doesn't exist.".to_string()));
                }
                if a.delegating {
                    return Err(CoreError::DelegatingToPolicy);
                }
                if !role.is_end_user {
                    return Err(CoreError::NonEndUserRoleToPolicy(role.name.clone()));
                }
            }
            Assignee::User(r) | Assignee::Group(r) => {
                let Some(rec) = self.recipients.get(r) else {
                    return Err(CoreError::Invalid(
                        "The assignee doesn't exist.".to_string(),
                    ));
                };
                if matches!(a.assignee, Assignee::Group(_)) && !rec.kind.is_security_group() {
                    return Err(CoreError::Invalid(format!(
                        "\"{}\" isn't a universal security group or role group.",
                        rec.name
                    )));
                }
                if matches!(a.assignee, Assignee::User(_)) && !rec.kind.is_user() {
                    return Err(CoreError::Invalid(format!(
                        "\"{}\" isn't a user.",
                        rec.name
                    )));
                }
                // End-user roles are for policies; Exchange still lets the
                // delegating side of them sit with Organization Management.
                if role.is_end_user && !a.delegating {
                    return Err(CoreError::EndUserRoleToNonPolicy(role.name.clone()));
                }
            }
        }
        // An exclusive scope only works as an exclusive write scope, and only
        // an exclusive scope can be one.
        let exclusive_ok =
            |s: ScopeId, want: bool| self.scopes.get(s).is_none_or(|x| x.exclusive == want);
        let scope_use_ok = match a.recipient_write {
            RecipientScope::Custom(s) => exclusive_ok(s, false),
            RecipientScope::Exclusive(s) => exclusive_ok(s, true),
            _ => true,
        } && match a.config_write {
            ConfigScope::Custom(s) => exclusive_ok(s, false),
            ConfigScope::Exclusive(s) => exclusive_ok(s, true),
            ConfigScope::Relative(_) => true,
        };
        if !scope_use_ok {
            return Err(CoreError::Invalid(
                "An exclusive scope can only be used as an exclusive write scope (ExclusiveRecipientWriteScope or ExclusiveConfigWriteScope), and only an exclusive scope can be one.".to_string(),
            ));
        }
        for s in [
            scope_of_recipient(a.recipient_write),
            scope_of_config(a.config_write),
        ]
        .into_iter()
        .flatten()
        {
            if self.scopes.get(s).is_none() {
                return Err(CoreError::Invalid("The scope doesn't exist.".to_string()));
            }
        }
        if let RecipientScope::Ou(ou) = a.recipient_write
            && self.ous.get(ou).is_none()
        {
            return Err(CoreError::Invalid("The OU doesn't exist.".to_string()));
        }
        let name = a.name.trim().to_string();
        if name.is_empty() {
            return Err(CoreError::Invalid(
                "The Name parameter can't be empty.".to_string(),
            ));
        }
        if self.idx.assignments.contains_key(&names::key(&name)) {
            return Err(CoreError::AlreadyExists(name));
        }
        let assignee = a.assignee;
        let role = a.role;
        let id = self.assignments.insert(Assignment {
            name: name.clone(),
            ..a
        });
        self.idx.assignments.insert(names::key(&name), id);
        self.idx.by_assignee.entry(assignee).or_default().push(id);
        self.idx.by_role.entry(role).or_default().push(id);
        if let Some(a) = self.assignments.get(id) {
            reach_add(&mut self.idx, id, a);
        }
        self.bump();
        Ok(id)
    }

    /// Set-ManagementRoleAssignment: enabled flag and scopes.
    pub fn set_assignment(
        &mut self,
        id: AssignmentId,
        enabled: Option<bool>,
        recipient_write: Option<RecipientScope>,
        config_write: Option<ConfigScope>,
    ) -> Result<(), CoreError> {
        // Disabling the last regular Role Management assignment is removing
        // it in effect (docs/semantics.md E18: "removing/disabling").
        if enabled == Some(false)
            && let Some(a) = self.assignments.get(id)
            && a.enabled
            && self.is_last_role_management(id, a)
        {
            return Err(CoreError::LastRoleManagement(a.name.clone()));
        }
        let a = self
            .assignments
            .get_mut(id)
            .ok_or_else(|| CoreError::Invalid("The assignment doesn't exist.".to_string()))?;
        if let Some(e) = enabled {
            a.enabled = e;
        }
        if let Some(r) = recipient_write {
            a.recipient_write = r;
        }
        if let Some(c) = config_write {
            a.config_write = c;
        }
        reach_add(&mut self.idx, id, a);
        self.bump();
        Ok(())
    }

    /// Remove-ManagementRoleAssignment, keeping the two invariants Exchange
    /// keeps: a role never loses its last delegating assignment held by a
    /// role group or USG, and Role Management never leaves the organization.
    pub fn remove_assignment(&mut self, id: AssignmentId) -> Result<(), CoreError> {
        let a = self
            .assignments
            .get(id)
            .cloned()
            .ok_or_else(|| CoreError::Invalid("The assignment doesn't exist.".to_string()))?;
        if a.delegating && matches!(a.assignee, Assignee::Group(_)) {
            let others = self.assignments_of_role(a.role).iter().any(|o| {
                *o != id
                    && self
                        .assignments
                        .get(*o)
                        .is_some_and(|x| x.delegating && matches!(x.assignee, Assignee::Group(_)))
            });
            if !others {
                return Err(CoreError::LastDelegating(
                    a.name.clone(),
                    self.role_name(a.role).to_string(),
                ));
            }
        }
        if self.is_last_role_management(id, &a) {
            return Err(CoreError::LastRoleManagement(a.name.clone()));
        }
        self.drop_assignment(id);
        self.bump();
        Ok(())
    }

    /// Whether `a` (with id `id`) is a regular assignment of the built-in
    /// Role Management role and no other assignee holds an enabled regular one.
    fn is_last_role_management(&self, id: AssignmentId, a: &Assignment) -> bool {
        let is_rm = self
            .roles
            .get(a.role)
            .is_some_and(|r| r.builtin && names::eq(&r.name, well_known::ROLE_MANAGEMENT));
        if a.delegating || !is_rm {
            return false;
        }
        !self.assignments_of_role(a.role).iter().any(|o| {
            *o != id
                && self
                    .assignments
                    .get(*o)
                    .is_some_and(|x| !x.delegating && x.enabled && x.assignee != a.assignee)
        })
    }

    /// Removes an assignment with no checks (its assignee is going away).
    fn drop_assignment(&mut self, id: AssignmentId) {
        if let Some(a) = self.assignments.remove(id) {
            self.idx.assignments.remove(&names::key(&a.name));
            if let Some(v) = self.idx.by_assignee.get_mut(&a.assignee) {
                v.retain(|x| *x != id);
            }
            if let Some(v) = self.idx.by_role.get_mut(&a.role) {
                v.retain(|x| *x != id);
            }
            reach_remove(&mut self.idx, id, a.assignee);
        }
    }

    // ----- policies ---------------------------------------------------------

    /// New-RoleAssignmentPolicy (roles are assigned separately).
    pub fn new_policy(
        &mut self,
        name: &str,
        description: &str,
        is_default: bool,
    ) -> Result<PolicyId, CoreError> {
        let name = name.trim();
        if self.idx.policies.contains_key(&names::key(name)) {
            return Err(CoreError::AlreadyExists(name.to_string()));
        }
        if is_default {
            self.clear_default_policy();
        }
        let id = self.policies.insert(Policy {
            name: name.to_string(),
            description: description.to_string(),
            is_default,
        });
        self.idx.policies.insert(names::key(name), id);
        self.bump();
        Ok(id)
    }

    fn clear_default_policy(&mut self) {
        let ids: Vec<PolicyId> = self.policies.iter().map(|(i, _)| i).collect();
        for i in ids {
            if let Some(p) = self.policies.get_mut(i) {
                p.is_default = false;
            }
        }
    }

    /// Set-RoleAssignmentPolicy.
    pub fn set_policy(
        &mut self,
        id: PolicyId,
        name: Option<&str>,
        description: Option<String>,
        is_default: bool,
    ) -> Result<(), CoreError> {
        if let Some(n) = name
            && let Some(other) = self.policy_by_name(n)
            && other != id
        {
            return Err(CoreError::AlreadyExists(n.to_string()));
        }
        if is_default {
            self.clear_default_policy();
        }
        let p = self
            .policies
            .get_mut(id)
            .ok_or_else(|| CoreError::Invalid("The policy doesn't exist.".to_string()))?;
        let old = p.name.clone();
        if let Some(n) = name {
            p.name = n.trim().to_string();
        }
        if let Some(d) = description {
            p.description = d;
        }
        if is_default {
            p.is_default = true;
        }
        let new = p.name.clone();
        self.idx.policies.remove(&names::key(&old));
        self.idx.policies.insert(names::key(&new), id);
        self.bump();
        Ok(())
    }

    /// Remove-RoleAssignmentPolicy, as Microsoft's procedure orders it: the
    /// mailboxes move to another policy and the policy's role assignments go
    /// first; the default policy goes only when it is the last policy.
    pub fn remove_policy(&mut self, id: PolicyId) -> Result<(), CoreError> {
        let p = self
            .policies
            .get(id)
            .cloned()
            .ok_or_else(|| CoreError::Invalid("The policy doesn't exist.".to_string()))?;
        let last = self.policies.len() == 1;
        if (p.is_default && !last) || self.recipients.iter().any(|(_, r)| r.policy == Some(id)) {
            return Err(CoreError::PolicyInUse(p.name));
        }
        if !self.assignments_of(Assignee::Policy(id)).is_empty() {
            return Err(CoreError::PolicyHasAssignments(p.name));
        }
        self.policies.remove(id);
        self.idx.policies.remove(&names::key(&p.name));
        self.bump();
        Ok(())
    }

    /// Sets (or with `None` clears) a database property.
    pub fn set_database_attr(
        &mut self,
        id: DatabaseId,
        name: &str,
        value: Option<String>,
    ) -> Result<(), CoreError> {
        let d = self
            .databases
            .get_mut(id)
            .ok_or_else(|| CoreError::Invalid("The database doesn't exist.".to_string()))?;
        let existing = d.attrs.keys().find(|k| names::eq(k, name)).cloned();
        if let Some(k) = existing {
            d.attrs.remove(&k);
        }
        if let Some(v) = value {
            d.attrs.insert(name.to_string(), v);
        }
        self.bump();
        Ok(())
    }

    /// Switches Active Directory split permissions. Turning it on removes
    /// every regular assignment of the roles that create security principals
    /// (Mail Recipient Creation, Security Group Creation and Membership, and
    /// roles derived from them); turning it off restores none of them, as
    /// Exchange setup doesn't.
    pub fn set_ad_split_permissions(&mut self, on: bool) -> Vec<String> {
        let mut removed = Vec::new();
        if on && !self.settings.ad_split_permissions {
            let types = [
                "MailRecipientCreation",
                "SecurityGroupCreationAndMembership",
            ];
            let gone: Vec<AssignmentId> = self
                .assignments
                .iter()
                .filter(|(_, a)| !a.delegating)
                .filter(|(_, a)| {
                    self.roles
                        .get(a.role)
                        .is_some_and(|r| types.iter().any(|t| names::eq(t, &r.role_type)))
                })
                .map(|(id, _)| id)
                .collect();
            for a in gone {
                if let Some(x) = self.assignments.get(a) {
                    removed.push(x.name.clone());
                }
                self.drop_assignment(a);
            }
        }
        self.settings.ad_split_permissions = on;
        self.bump();
        removed
    }

    /// Sets (or with `None` clears) an organization setting by name.
    pub fn set_setting(&mut self, name: &str, value: Option<String>) {
        let existing = self
            .settings
            .attrs
            .keys()
            .find(|k| names::eq(k, name))
            .cloned();
        if let Some(k) = existing {
            self.settings.attrs.remove(&k);
        }
        if let Some(v) = value {
            self.settings.attrs.insert(name.to_string(), v);
        }
        self.bump();
    }

    /// Replaces the administrator audit logging configuration.
    pub fn set_admin_audit(&mut self, settings: crate::audit::AdminAuditLogSettings) {
        self.settings.admin_audit = settings;
        self.bump();
    }

    /// Moves a mailbox to another database.
    pub fn set_mailbox_database(
        &mut self,
        id: RecipientId,
        db: DatabaseId,
    ) -> Result<(), CoreError> {
        if self.databases.get(db).is_none() {
            return Err(CoreError::Invalid(
                "The database doesn't exist.".to_string(),
            ));
        }
        let r = self
            .recipient_mut(id)
            .ok_or_else(|| CoreError::Invalid("The recipient doesn't exist.".to_string()))?;
        r.database = Some(db);
        self.bump();
        Ok(())
    }
}

/// The OPATH property set a scope kind filters on.
pub fn filter_kind(k: ScopeKind) -> exrbac_opath::FilterKind {
    match k {
        ScopeKind::RecipientScope => exrbac_opath::FilterKind::Recipient,
        ScopeKind::ServerScope => exrbac_opath::FilterKind::Server,
        ScopeKind::DatabaseScope => exrbac_opath::FilterKind::Database,
    }
}

fn scope_of_recipient(s: RecipientScope) -> Option<ScopeId> {
    match s {
        RecipientScope::Custom(x) | RecipientScope::Exclusive(x) => Some(x),
        _ => None,
    }
}

fn scope_of_config(s: ConfigScope) -> Option<ScopeId> {
    match s {
        ConfigScope::Custom(x) | ConfigScope::Exclusive(x) => Some(x),
        ConfigScope::Relative(_) => None,
    }
}

/// Whether an assignment refers to a scope.
pub fn assignment_uses_scope(a: &Assignment, s: ScopeId) -> bool {
    scope_of_recipient(a.recipient_write) == Some(s) || scope_of_config(a.config_write) == Some(s)
}

/// A DN compared loosely: case-insensitive, no spaces around separators.
pub fn normalize_dn(dn: &str) -> String {
    dn.split(',')
        .map(|part| {
            let mut it = part.splitn(2, '=');
            let k = it.next().unwrap_or("").trim().to_lowercase();
            match it.next() {
                Some(v) => format!("{}={}", k, v.trim().to_lowercase()),
                None => k,
            }
        })
        .collect::<Vec<_>>()
        .join(",")
}

#[cfg(test)]
mod tests {
    use super::{CmdletIndex, RoleId};

    /// Roles come and go in a cmdlet's index: slots are reused clean, and
    /// each role's parameters are exactly those it was listed with.
    #[test]
    fn a_cmdlet_index_keeps_each_roles_parameters_through_churn() {
        let mut c = CmdletIndex::default();
        let r = RoleId::from_raw;
        let mut want: std::collections::BTreeMap<u32, Vec<u32>> = Default::default();
        for step in 0u32..400 {
            let role = (step * 7) % 90;
            if step % 3 == 2 {
                c.remove(r(role));
                want.remove(&role);
            } else {
                let ps: Vec<u32> = (0..(step % 11)).map(|k| (k * 13 + step) % 300).collect();
                c.add(r(role), step, &ps);
                let mut s = ps.clone();
                s.sort_unstable();
                s.dedup();
                want.insert(role, s);
            }
            assert!(c.consistent(), "step {step}");
        }
        assert_eq!(c.holders.len(), want.len());
        for (role, ps) in &want {
            let h = c.holder(r(*role)).unwrap();
            assert_eq!(&c.parameters_of(h.slot), ps);
            for p in 0..300 {
                assert_eq!(CmdletIndex::allows(c.parameter(p), h.slot), ps.contains(&p));
            }
        }
        // Slots stay as few as the roles held at once.
        let most = c.holders.len() + c.free.len();
        assert!(most <= 90, "{most}");
    }
}
