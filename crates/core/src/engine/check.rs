//! The decision alone: allowed or not, with Exchange's error when not.
//!
//! An explanation needs every assignment that grants a request, in the
//! order the principal reaches them (`Organization::decide`). A check
//! needs only to know whether one does, so it walks the assignments
//! reaching the principal as they lie in the snapshot — its own, each
//! closure of its security groups, its policy's — and stops at the first
//! that covers the target. Scopes that cost a filter are put aside during
//! the walk and evaluated after it, each once, so a cheap scope found
//! later (Self, Organization, an OU) spares them.
//!
//! Whatever the walk order, the answer and the error are those of
//! `decide`: the reference test compares the two on every request.

use super::{Asked, Asker, DELEGATION_CMDLETS, Nesting, Principal, ScopeMemo, Target};
use crate::err::CoreError;
use crate::model::{
    Assignee, Closure, CmdletIndex, ConfigScope, Holder, Organization, PolicyId, Reach,
    RecipientId, RecipientKind, RecipientScope, RoleId, ScopeId, ScopeValue,
};
use crate::names;

/// The asker as the snapshot has it: the user, its policy and the
/// closures of its direct security groups, borrowed (nothing is copied
/// or counted to decide one request).
struct Borrowed<I> {
    user: RecipientId,
    policy: Option<PolicyId>,
    closures: I,
    /// Whether the user is itself a security group, so that a closure may
    /// hold it (its own assignments are then not counted twice).
    user_is_group: bool,
}

impl<'c, I: Iterator<Item = &'c Closure> + Clone> Asker for Borrowed<I> {
    fn user(&self) -> RecipientId {
        self.user
    }
    fn in_group(&self, g: RecipientId) -> bool {
        g != self.user
            && self
                .closures
                .clone()
                .any(|c| c.groups.iter().any(|n| n.group == g))
    }
}

/// A write scope that costs a filter, put aside during the walk.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Aside {
    scope: ScopeId,
    /// The assignment names it as its exclusive scope.
    exclusive: bool,
}

/// What the walk has seen so far.
struct Walk<'o> {
    /// Some assignment's role holds the cmdlet.
    held: bool,
    /// Some assignment's entry allows every parameter asked.
    candidate: bool,
    /// Some delegating assignment reaches the principal.
    delegating: bool,
    /// Some candidate's scope holds the target (exclusive scopes aside).
    inside: bool,
    /// The exclusive scopes matching the target, once a candidate needs them.
    exclusive: Option<Vec<ScopeId>>,
    memo: ScopeMemo<'o>,
    aside: [Option<Aside>; 16],
    aside_len: usize,
    aside_more: Vec<Aside>,
}

impl Walk<'_> {
    /// Keeps a candidate's filtered scope for after the walk; never covers
    /// the target yet.
    fn put_aside(&mut self, scope: ScopeId, exclusive: bool) -> bool {
        self.keep_aside(Aside { scope, exclusive });
        false
    }

    fn keep_aside(&mut self, a: Aside) {
        let known = self.aside.get(..self.aside_len).unwrap_or_default();
        if known.contains(&Some(a)) || self.aside_more.contains(&a) {
            return;
        }
        match self.aside.get_mut(self.aside_len) {
            Some(slot) => {
                *slot = Some(a);
                self.aside_len += 1;
            }
            None => self.aside_more.push(a),
        }
    }
}

impl Organization {
    /// Steps 1–4 in one call: whether the principal may run the cmdlet
    /// with these parameters on the target, with Exchange's error when it
    /// may not. The same answer as [`Organization::decide`], without the
    /// explanation.
    pub fn check(
        &self,
        p: &Principal,
        cmdlet: &str,
        parameters: &[&str],
        target: Target<'_>,
    ) -> Result<(), CoreError> {
        if p.revision != self.revision {
            return self.check_ordered(p, cmdlet, parameters, target);
        }
        let many: &[std::sync::Arc<Closure>] = match &p.nesting {
            Nesting::None => &[],
            Nesting::One(c) => std::slice::from_ref(c),
            Nesting::Many(cs) => cs,
        };
        let who = Borrowed {
            user: p.user,
            policy: p.policy,
            closures: many.iter().map(|c| &**c),
            user_is_group: self
                .recipient(p.user)
                .is_some_and(|r| r.kind.is_security_group()),
        };
        self.check_walk(&who, cmdlet, parameters, target)
    }

    /// [`Organization::check`] for a user, its groups and policy read off
    /// the snapshot as the check goes (as [`Organization::principal`]
    /// would work them out, without building one).
    pub fn check_as(
        &self,
        user: RecipientId,
        cmdlet: &str,
        parameters: &[&str],
        target: Target<'_>,
    ) -> Result<(), CoreError> {
        let (member_of, policy, user_is_group) = match self.recipient(user) {
            Some(r) => (
                r.member_of.as_slice(),
                (r.kind == RecipientKind::UserMailbox)
                    .then_some(r.policy)
                    .flatten(),
                r.kind.is_security_group(),
            ),
            None => (&[][..], None, false),
        };
        let who = Borrowed {
            user,
            policy,
            closures: member_of
                .iter()
                .filter_map(|g| self.closure_shared(*g))
                .map(|c| &**c),
            user_is_group,
        };
        self.check_walk(&who, cmdlet, parameters, target)
    }

    fn check_walk<'s, 'c, I: Iterator<Item = &'c Closure> + Clone>(
        &'s self,
        who: &Borrowed<I>,
        cmdlet: &str,
        parameters: &[&str],
        target: Target<'s>,
    ) -> Result<(), CoreError> {
        let grants = self.cmdlet_grants(cmdlet);
        let asked = Asked::resolve(self, grants, parameters);
        let mut w = Walk {
            held: false,
            candidate: false,
            delegating: false,
            inside: false,
            exclusive: None,
            memo: ScopeMemo::default(),
            aside: [None; 16],
            aside_len: 0,
            aside_more: Vec::new(),
        };
        // True when the assignment covers the target: the walk ends.
        let visit = |r: &Reach, w: &mut Walk<'s>| -> bool {
            if r.delegating {
                w.delegating = true;
                return false;
            }
            let Some(h) = grants.and_then(|g| g.holder(r.role)) else {
                return false;
            };
            w.held = true;
            if !asked.allow(h) {
                return false;
            }
            w.candidate = true;
            self.cheap_cover(who, r, target, w)
        };
        if self.walk_reach(who, |r| visit(r, &mut w)) {
            return Ok(());
        }
        if !w.candidate {
            if w.delegating && DELEGATION_CMDLETS.iter().any(|d| names::eq(d, cmdlet)) {
                // Granted through a delegating assignment alone.
                return Ok(());
            }
            if !w.held {
                return Err(CoreError::NotRecognized(cmdlet.to_string()));
            }
            return Err(CoreError::ParameterNotFound(
                asked.missing(&self.holders_reached(who, grants)),
            ));
        }
        // The scopes put aside, each filter once.
        let exclusive = match w.exclusive.take() {
            Some(e) => e,
            // Every candidate's scope was put aside: none asked yet.
            None => self.exclusive_matching(target, &mut w.memo),
        };
        let more = std::mem::take(&mut w.aside_more);
        let aside = || {
            w.aside
                .iter()
                .take(w.aside_len)
                .flatten()
                .chain(more.iter())
                .copied()
        };
        if exclusive.is_empty() {
            for a in aside() {
                if w.memo.matches(self, a.scope, target) {
                    return Ok(());
                }
            }
        } else {
            // Only an assignment whose exclusive scope is among those
            // matching may write (that scope matched: no filter to run).
            if aside().any(|a| a.exclusive && exclusive.contains(&a.scope)) {
                return Ok(());
            }
            // A denial: its text says whether some candidate's scope held
            // the target, which the first one found settles.
            if !w.inside {
                let found = aside().any(|a| w.memo.matches(self, a.scope, target));
                w.inside = found;
            }
        }
        let id = self.target_identity(target);
        if let Some(s) = exclusive.first()
            && w.inside
        {
            let name = self.scope(*s).map(|s| s.name.clone()).unwrap_or_default();
            return Err(CoreError::ExclusiveScope(id, name));
        }
        Err(CoreError::OutOfWriteScope(id))
    }

    /// Whether a candidate covers the target by a scope that costs no
    /// filter; one that does is put aside for after the walk.
    fn cheap_cover<'s, 'c, I: Iterator<Item = &'c Closure> + Clone>(
        &'s self,
        who: &Borrowed<I>,
        r: &Reach,
        target: Target<'s>,
        w: &mut Walk<'s>,
    ) -> bool {
        let inside = match target {
            Target::None => return true,
            Target::OrganizationConfig => {
                return matches!(
                    r.config_write,
                    ConfigScope::Relative(ScopeValue::OrganizationConfig)
                );
            }
            Target::Recipient(_) | Target::Draft(_) => match r.recipient_write {
                RecipientScope::Custom(s) => return w.put_aside(s, false),
                RecipientScope::Exclusive(s) => return w.put_aside(s, true),
                cheap => self.recipient_covers(who, cheap, target, &mut w.memo),
            },
            Target::Server(_) | Target::Database(_) => match r.config_write {
                ConfigScope::Custom(s) => return w.put_aside(s, false),
                ConfigScope::Exclusive(s) => return w.put_aside(s, true),
                ConfigScope::Relative(v) => v == ScopeValue::OrganizationConfig,
            },
        };
        if !inside {
            return false;
        }
        w.inside = true;
        // A scope that costs no filter is never exclusive: it may write
        // only where no exclusive scope matches.
        w.exclusive
            .get_or_insert_with(|| self.exclusive_matching(target, &mut w.memo))
            .is_empty()
    }

    /// The roles' entries for the cmdlet among the regular assignments
    /// reaching the asker (for a denial's missing parameter).
    fn holders_reached<'c, I: Iterator<Item = &'c Closure> + Clone>(
        &self,
        who: &Borrowed<I>,
        grants: Option<&CmdletIndex>,
    ) -> Vec<(RoleId, Holder)> {
        let mut out = Vec::new();
        self.walk_reach(who, |r| {
            if !r.delegating
                && let Some(h) = grants.and_then(|g| g.holder(r.role))
            {
                out.push((r.role, h));
            }
            false
        });
        out
    }

    /// Calls `visit` on each enabled assignment reaching the asker as the
    /// snapshot lays them out — its own, each direct group's closure, its
    /// policy's — until `visit` says it is done; whether it did.
    fn walk_reach<'c, I: Iterator<Item = &'c Closure> + Clone>(
        &self,
        who: &Borrowed<I>,
        mut visit: impl FnMut(&Reach) -> bool,
    ) -> bool {
        let live = |list: &[Reach], visit: &mut dyn FnMut(&Reach) -> bool| {
            list.iter().any(|r| r.enabled && visit(r))
        };
        if live(self.reach_of(Assignee::User(who.user)), &mut visit) {
            return true;
        }
        for c in who.closures.clone() {
            let done = if who.user_is_group {
                // A cycle can bring the user's own group back: its
                // assignments were walked above as the user's.
                c.groups
                    .iter()
                    .enumerate()
                    .filter(|(_, n)| n.group != who.user)
                    .any(|(i, _)| c.reach_of(i).iter().any(&mut visit))
            } else {
                // A closure holds only enabled assignments: its array is
                // walked as it lies.
                c.reach.iter().any(&mut visit)
            };
            if done {
                return true;
            }
        }
        who.policy
            .is_some_and(|pol| live(self.reach_of(Assignee::Policy(pol)), &mut visit))
    }
}
