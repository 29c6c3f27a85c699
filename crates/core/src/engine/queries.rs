//! Questions about the whole organization: what can a principal do, who can
//! do something to an object, which assignments reach an assignee.

use super::{Candidate, Principal, Target, Via};
use crate::model::*;
use crate::names;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashSet};

/// One grant of a cmdlet: through which assignment, where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Grant {
    /// The assignment.
    pub assignment: String,
    /// Its role.
    pub role: String,
    /// The parameters that entry allows.
    pub parameters: Vec<String>,
    /// Its write scope.
    pub scope: String,
}

/// A cmdlet the principal may run, with every grant of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EffectivePermission {
    /// The cmdlet.
    pub cmdlet: String,
    /// Union of the parameters over all grants.
    pub parameters: Vec<String>,
    /// The grants.
    pub grants: Vec<Grant>,
}

/// A principal that can do something, and through what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WhoCan {
    /// The user.
    pub user: String,
    /// The assignments that allow it.
    pub assignments: Vec<String>,
}

impl Organization {
    /// Every cmdlet the principal may run, with parameters and scopes.
    pub fn effective_permissions(&self, p: &Principal) -> Vec<EffectivePermission> {
        let mut by_cmdlet: BTreeMap<String, EffectivePermission> = BTreeMap::new();
        // Per cmdlet, the folds of the parameters listed so far: the union
        // keeps each parameter's first spelling, found by hashing rather
        // than by comparing with every parameter listed.
        let mut listed: FxHashMap<String, FxHashSet<String>> = FxHashMap::default();
        for c in self.reaching(p) {
            let Some(a) = self.assignment(c.assignment) else {
                continue;
            };
            if a.delegating {
                continue;
            }
            let Some(role) = self.role(a.role) else {
                continue;
            };
            let scope = self.describe_write_scope(a);
            for e in &role.entries {
                let key = e.name.to_lowercase();
                let seen = listed.entry(key.clone()).or_default();
                let ep = by_cmdlet.entry(key).or_insert_with(|| EffectivePermission {
                    cmdlet: e.name.clone(),
                    parameters: Vec::new(),
                    grants: Vec::new(),
                });
                for q in &e.parameters {
                    if seen.insert(names::fold(q)) {
                        ep.parameters.push(q.clone());
                    }
                }
                ep.grants.push(Grant {
                    assignment: a.name.clone(),
                    role: role.name.clone(),
                    parameters: e.parameters.clone(),
                    scope: scope.clone(),
                });
            }
        }
        let mut out: Vec<EffectivePermission> = by_cmdlet.into_values().collect();
        for ep in &mut out {
            ep.parameters.sort_by_cached_key(|x| x.to_lowercase());
        }
        out
    }

    /// Users an assignee stands for: the user; a group's members, nested
    /// groups expanded; a policy's mailboxes.
    pub fn effective_users(&self, assignee: Assignee) -> Vec<(RecipientId, Vec<RecipientId>)> {
        match assignee {
            Assignee::User(u) => vec![(u, Vec::new())],
            Assignee::Policy(pid) => self
                .recipients()
                .filter(|(_, r)| r.kind == RecipientKind::UserMailbox && r.policy == Some(pid))
                .map(|(id, _)| (id, Vec::new()))
                .collect(),
            Assignee::Group(g) => {
                let mut out = Vec::new();
                let mut seen = HashSet::new();
                let mut stack: Vec<(RecipientId, Vec<RecipientId>)> = vec![(g, vec![g])];
                while let Some((x, path)) = stack.pop() {
                    if !seen.insert(x) {
                        continue;
                    }
                    let Some(r) = self.recipient(x) else { continue };
                    if r.kind.is_user() {
                        out.push((x, path));
                        continue;
                    }
                    for m in r.members.iter().rev() {
                        let mut np = path.clone();
                        if self.recipient(*m).is_some_and(|mr| mr.kind.is_group()) {
                            np.push(*m);
                        }
                        stack.push((*m, np));
                    }
                }
                out
            }
        }
    }

    /// The users of [`Organization::effective_users`] without the paths to
    /// them (which cost a vector per member).
    fn effective_user_ids(&self, assignee: Assignee) -> Vec<RecipientId> {
        let Assignee::Group(g) = assignee else {
            return self
                .effective_users(assignee)
                .into_iter()
                .map(|(u, _)| u)
                .collect();
        };
        let mut out = Vec::new();
        let mut seen = FxHashSet::default();
        let mut stack = vec![g];
        while let Some(x) = stack.pop() {
            if !seen.insert(x) {
                continue;
            }
            let Some(r) = self.recipient(x) else { continue };
            if r.kind.is_user() {
                out.push(x);
                continue;
            }
            stack.extend(r.members.iter().rev());
        }
        out
    }

    /// Principals that may run a cmdlet with these parameters on a target,
    /// groups expanded, nothing truncated.
    pub fn who_can(&self, cmdlet: &str, parameters: &[&str], target: Target<'_>) -> Vec<WhoCan> {
        let params: Vec<&str> = parameters
            .iter()
            .copied()
            .filter(|q| !super::is_common_parameter(q))
            .collect();
        let mut memo = super::ScopeMemo::default();
        let exclusive = self.exclusive_matching(target, &mut memo);
        let mut users: BTreeMap<u32, BTreeSet<String>> = BTreeMap::new();
        // A user is reached by many assignments and a group holds many:
        // each principal and each group's users are worked out once.
        let mut principals: FxHashMap<RecipientId, Principal> = FxHashMap::default();
        let mut expanded: FxHashMap<Assignee, Vec<RecipientId>> = FxHashMap::default();
        // Only the assignments of roles whose entry for the cmdlet allows
        // every parameter asked.
        let Some(grants) = self.cmdlet_grants(cmdlet) else {
            return Vec::new();
        };
        let bits: Vec<Option<&[u64]>> = params
            .iter()
            .map(|q| self.parameter_id(q).and_then(|id| grants.parameter(id)))
            .collect();
        let assignments = grants
            .holders
            .iter()
            .filter(|(_, h)| bits.iter().all(|b| CmdletIndex::allows(*b, h.slot)))
            .flat_map(|(role, _)| self.assignments_of_role(*role))
            .filter_map(|id| self.assignment(*id));
        for a in assignments {
            if a.delegating || !a.enabled {
                continue;
            }
            let members = expanded
                .entry(a.assignee)
                .or_insert_with(|| self.effective_user_ids(a.assignee));
            // A user an assignment to a user or policy stands for is reached
            // by it (the user itself; a mailbox with that policy), and its
            // scope, unless MyDistributionGroups, reads only who the user
            // is: the user's groups are worked out only when they matter.
            let needs_groups = matches!(a.assignee, Assignee::Group(_))
                || matches!(
                    a.recipient_write,
                    RecipientScope::Relative(ScopeValue::MyDistributionGroups)
                );
            for u in members.iter() {
                let light;
                let p = if needs_groups {
                    // Relative scopes depend on who is asking, so each user
                    // is checked as its own principal.
                    &*principals.entry(*u).or_insert_with(|| self.principal(*u))
                } else {
                    light = Principal::bare(*u);
                    &light
                };
                // Whether a group's assignment reaches the principal, as
                // `reaching` lists them: only through security membership
                // (a group's users include those of distribution groups
                // nested in it).
                if let Assignee::Group(g) = a.assignee
                    && !p.in_group(g)
                {
                    continue;
                }
                let ok = matches!(target, Target::None)
                    || self.covers(p, a, target, &exclusive, &mut memo);
                if ok {
                    users.entry(u.raw()).or_default().insert(a.name.clone());
                }
            }
        }
        users
            .into_iter()
            .map(|(u, set)| WhoCan {
                user: self.recipient_name(RecipientId::from_raw(u)).to_string(),
                assignments: set.into_iter().collect(),
            })
            .collect()
    }

    /// Get-ManagementRoleAssignment -RoleAssignee: assignments given to the
    /// assignee, to the groups it belongs to (transitively) and, for a user
    /// with a mailbox, to its role assignment policy.
    pub fn assignments_reaching_assignee(&self, assignee: Assignee) -> Vec<Candidate> {
        match assignee {
            Assignee::Policy(pid) => self
                .assignments_of(Assignee::Policy(pid))
                .iter()
                .map(|a| Candidate {
                    assignment: *a,
                    via: Via::Policy(pid),
                })
                .collect(),
            Assignee::User(u) => {
                let p = self.principal(u);
                self.all_reaching(&p)
            }
            Assignee::Group(g) => {
                // A group reaches what is given to it and to the groups it is nested in.
                let p = self.principal(g);
                let mut out: Vec<Candidate> = self
                    .assignments_of(Assignee::Group(g))
                    .iter()
                    .map(|a| Candidate {
                        assignment: *a,
                        via: Via::Group(g),
                    })
                    .collect();
                for (pg, _) in p.groups() {
                    for a in self.assignments_of(Assignee::Group(pg)) {
                        out.push(Candidate {
                            assignment: *a,
                            via: Via::Group(pg),
                        });
                    }
                }
                out
            }
        }
    }

    /// Like [`Organization::reaching`] but disabled assignments included.
    fn all_reaching(&self, p: &Principal) -> Vec<Candidate> {
        let mut out = Vec::new();
        let mut push = |assignee: Assignee, via: Via| {
            for a in self.assignments_of(assignee) {
                out.push(Candidate {
                    assignment: *a,
                    via,
                });
            }
        };
        push(Assignee::User(p.user), Via::Direct);
        for (g, _) in p.groups() {
            push(Assignee::Group(g), Via::Group(g));
        }
        if let Some(pol) = p.policy {
            push(Assignee::Policy(pol), Via::Policy(pol));
        }
        out
    }

    /// Get-ManagementRoleAssignment -WritableRecipient: whether the
    /// assignment can write the recipient for at least one user it reaches
    /// (relative scopes are judged per user).
    pub fn assignment_can_write(&self, a: AssignmentId, target: Target<'_>) -> bool {
        let Some(x) = self.assignment(a) else {
            return false;
        };
        if x.delegating || !x.enabled {
            return false;
        }
        let exclusive = self.exclusive_scopes_matching(target);
        match x.recipient_write {
            RecipientScope::Relative(ScopeValue::SelfScope)
            | RecipientScope::Relative(ScopeValue::MyDistributionGroups)
            | RecipientScope::Relative(ScopeValue::MyGAL) => self
                .effective_users(x.assignee)
                .into_iter()
                .any(|(u, _)| self.assignment_covers(&self.principal(u), x, target, &exclusive)),
            _ => {
                let nobody = Principal::bare(RecipientId::from_raw(u32::MAX));
                self.assignment_covers(&nobody, x, target, &exclusive)
            }
        }
    }
}
