//! Security-group nesting, worked out ahead of the decisions.
//!
//! A check walks the asker's groups and the assignments of each. In a
//! large organization every group on the way is a cache miss (its record,
//! its parents, its assignment list), and the same walk repeats for every
//! member of the group. So each security group keeps its *closure*: the
//! groups it reaches upward, breadth-first, with the enabled assignments of
//! each laid out in one array. A principal is then its direct groups'
//! closures merged, and the assignments reaching it are read from a few
//! contiguous arrays.
//!
//! A change keeps the closures exact: the groups whose closure may differ
//! are marked (a group whose parents or assignments changed), and at the
//! end of the change every closure that contains a marked group is worked
//! out again — found through a reverse index, not a scan.

use super::directory::RecipientId;
use super::org::{Organization, Reach};
use super::rbac::Assignee;
use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::Arc;

/// One group of a closure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Nest {
    /// The group reached.
    pub group: RecipientId,
    /// The member through which it was reached (the closure's own group
    /// for itself).
    pub via: RecipientId,
    /// How many memberships up from the closure's group (0 for itself).
    pub depth: u32,
    /// Where this group's assignments end in [`Closure::reach`] (they
    /// begin where the previous group's end).
    pub reach_end: u32,
}

/// The groups one security group reaches, itself first, breadth-first,
/// with their enabled assignments.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Closure {
    /// The groups, in breadth-first order.
    pub groups: Box<[Nest]>,
    /// Their enabled assignments, group by group.
    pub reach: Box<[Reach]>,
}

impl Closure {
    /// The enabled assignments of the group at `i` in [`Closure::groups`].
    pub fn reach_of(&self, i: usize) -> &[Reach] {
        let start = match i.checked_sub(1) {
            Some(p) => self.groups.get(p).map_or(0, |n| n.reach_end as usize),
            None => 0,
        };
        let end = self.groups.get(i).map_or(start, |n| n.reach_end as usize);
        self.reach.get(start..end).unwrap_or_default()
    }
}

impl Organization {
    /// The closure of a security group, worked out from the objects
    /// (`None` for anything else).
    pub(crate) fn compute_closure(&self, g: RecipientId) -> Option<Closure> {
        if !self.recipient(g)?.kind.is_security_group() {
            return None;
        }
        let mut groups: Vec<Nest> = Vec::new();
        let mut reach: Vec<Reach> = Vec::new();
        let mut seen: FxHashSet<RecipientId> = FxHashSet::default();
        seen.insert(g);
        let mut push =
            |group: RecipientId, via: RecipientId, depth: u32, groups: &mut Vec<Nest>| {
                reach.extend(
                    self.reach_of(Assignee::Group(group))
                        .iter()
                        .filter(|r| r.enabled),
                );
                groups.push(Nest {
                    group,
                    via,
                    depth,
                    reach_end: u32::try_from(reach.len()).unwrap_or(u32::MAX),
                });
            };
        push(g, g, 0, &mut groups);
        let mut next = 0;
        while let Some(&Nest {
            group: x, depth, ..
        }) = groups.get(next)
        {
            next += 1;
            let Some(r) = self.recipient(x) else {
                continue;
            };
            for p in &r.member_of {
                // Only security groups carry security membership on.
                if self
                    .recipient(*p)
                    .is_some_and(|pr| pr.kind.is_security_group())
                    && seen.insert(*p)
                {
                    push(*p, x, depth + 1, &mut groups);
                }
            }
        }
        Some(Closure {
            groups: groups.into_boxed_slice(),
            reach: reach.into_boxed_slice(),
        })
    }

    /// Every closure and the reverse index, worked out from the objects
    /// (after a load).
    #[allow(clippy::type_complexity, reason = "a private pair of indexes")]
    pub(crate) fn compute_closures(
        &self,
    ) -> (
        FxHashMap<RecipientId, Arc<Closure>>,
        FxHashMap<RecipientId, Vec<RecipientId>>,
    ) {
        let mut closures: FxHashMap<RecipientId, Arc<Closure>> = FxHashMap::default();
        for (id, r) in self.recipients() {
            if r.kind.is_security_group()
                && let Some(c) = self.compute_closure(id)
            {
                closures.insert(id, Arc::new(c));
            }
        }
        let mut within: FxHashMap<RecipientId, Vec<RecipientId>> = FxHashMap::default();
        for (g, c) in &closures {
            for n in c.groups.iter() {
                within.entry(n.group).or_default().push(*g);
            }
        }
        (closures, within)
    }

    /// Installs what [`Organization::compute_closures`] worked out.
    pub(crate) fn set_closures(
        &mut self,
        closures: FxHashMap<RecipientId, Arc<Closure>>,
        within: FxHashMap<RecipientId, Vec<RecipientId>>,
    ) {
        self.idx.closures = closures;
        self.idx.within = within;
        self.idx.stale_groups.clear();
    }

    /// Works out again every closure that holds a group marked stale by
    /// the change just made.
    pub(crate) fn refresh_closures(&mut self) {
        if self.idx.stale_groups.is_empty() {
            return;
        }
        let stale = std::mem::take(&mut self.idx.stale_groups);
        let mut todo: FxHashSet<RecipientId> = FxHashSet::default();
        for g in stale {
            todo.insert(g);
            if let Some(holders) = self.idx.within.get(&g) {
                todo.extend(holders.iter().copied());
            }
        }
        for g in todo {
            let new = self.compute_closure(g);
            let old = match new {
                Some(c) => {
                    for n in c.groups.iter() {
                        self.idx.within.entry(n.group).or_default().push(g);
                    }
                    self.idx.closures.insert(g, Arc::new(c))
                }
                None => self.idx.closures.remove(&g),
            };
            // The reverse index loses what the old closure held (and the
            // pushes above were added after it, so one copy stays).
            if let Some(old) = old {
                for n in old.groups.iter() {
                    if let Some(v) = self.idx.within.get_mut(&n.group) {
                        if let Some(at) = v.iter().position(|x| *x == g) {
                            v.swap_remove(at);
                        }
                        if v.is_empty() {
                            self.idx.within.remove(&n.group);
                        }
                    }
                }
            }
        }
    }

    /// The closure of a security group, when it has one; shared, so that
    /// a principal keeps its one group's closure as the snapshot has it
    /// instead of copying it.
    pub(crate) fn closure_shared(&self, g: RecipientId) -> Option<&Arc<Closure>> {
        self.idx.closures.get(&g)
    }
}
