//! The decision (SPEC §3): which assignments reach a principal, whether one
//! of them grants the cmdlet with the parameters, and whether its scope
//! covers the target — always with the chain that explains it.

mod check;
mod delegation;
mod explain;
mod queries;
mod subject;

pub use delegation::Delegation;
pub use explain::{Chain, Decision, Explanation, NearMiss};
pub use queries::{EffectivePermission, Grant, WhoCan};
pub use subject::{RecipientSubject, config_dn, server_default};

use crate::err::CoreError;
use crate::model::*;
use crate::names;
use rustc_hash::FxHashSet;
use std::collections::HashMap;

/// PowerShell's common parameters: every cmdlet takes them, no entry lists them.
pub const COMMON_PARAMETERS: &[&str] = &[
    "Verbose",
    "Debug",
    "ErrorAction",
    "WarningAction",
    "InformationAction",
    "ErrorVariable",
    "WarningVariable",
    "InformationVariable",
    "OutVariable",
    "OutBuffer",
    "PipelineVariable",
    "WhatIf",
    "Confirm",
    "ProgressAction",
];

/// Bit `n` is set when a common parameter is `n` bytes long.
const COMMON_LENGTHS: u64 = {
    let mut m = 0u64;
    let mut i = 0;
    while i < COMMON_PARAMETERS.len() {
        m |= 1 << COMMON_PARAMETERS[i].len();
        i += 1;
    }
    m
};

/// Whether a parameter is a common one.
pub fn is_common_parameter(p: &str) -> bool {
    // Asked once per parameter of every check: an ASCII name compares with
    // the (ASCII) list byte for byte, lengths first.
    if p.is_ascii() {
        // Most parameters asked aren't common: their length alone rules
        // most of them out.
        if p.len() >= 64 || COMMON_LENGTHS & (1 << p.len()) == 0 {
            return false;
        }
        return COMMON_PARAMETERS.iter().any(|c| c.eq_ignore_ascii_case(p));
    }
    COMMON_PARAMETERS.iter().any(|c| names::eq(c, p))
}

/// The cmdlets that a delegating assignment alone makes available, so that
/// whoever may hand a role out can do so (SPEC §3.6).
pub const DELEGATION_CMDLETS: &[&str] = &[
    "Get-ManagementRoleAssignment",
    "New-ManagementRoleAssignment",
    "Set-ManagementRoleAssignment",
    "Remove-ManagementRoleAssignment",
];

/// Who is asking: a user with the groups it belongs to (transitively) and
/// its mailbox's role assignment policy.
#[derive(Debug, Clone)]
pub struct Principal {
    /// The user.
    pub user: RecipientId,
    /// The mailbox's role assignment policy.
    pub policy: Option<PolicyId>,
    /// The security groups reached and their enabled assignments.
    nesting: Nesting,
    /// The organization's revision the groups were worked out at: the
    /// assignments of the user and the policy are read when a decision
    /// walks them, and at another revision those of the groups are too.
    pub(crate) revision: u64,
}

/// The groups a principal reaches, with their enabled assignments.
#[derive(Debug, Clone, Default)]
enum Nesting {
    /// In no security group.
    #[default]
    None,
    /// In one security group (the usual case): its closure is the
    /// principal's, shared, so that working out a principal copies nothing.
    One(std::sync::Arc<crate::model::Closure>),
    /// In several: their closures, merged breadth-first only when a
    /// caller needs the groups in order (a check doesn't: it orders the
    /// few assignments that hold the cmdlet instead).
    Many(Vec<std::sync::Arc<crate::model::Closure>>),
}

impl Principal {
    /// A principal in no group and under no policy, whose assignments are
    /// read live: for judging scopes on a user's behalf.
    pub(crate) fn bare(user: RecipientId) -> Principal {
        Principal {
            user,
            policy: None,
            nesting: Nesting::None,
            revision: u64::MAX,
        }
    }

    /// Every group reached, each with the object through which it was
    /// reached (to explain the path), breadth-first.
    pub fn groups(&self) -> Vec<(RecipientId, RecipientId)> {
        let user = self.user;
        match &self.nesting {
            Nesting::None => Vec::new(),
            Nesting::One(c) => c
                .groups
                .iter()
                .filter(|n| n.group != user)
                .map(|n| (n.group, if n.depth == 0 { user } else { n.via }))
                .collect(),
            Nesting::Many(cs) => merge_closures(user, cs).0,
        }
    }

    /// Whether the principal is in a group, transitively.
    pub fn in_group(&self, g: RecipientId) -> bool {
        let within = |c: &crate::model::Closure| c.groups.iter().any(|n| n.group == g);
        g != self.user
            && match &self.nesting {
                Nesting::None => false,
                Nesting::One(c) => within(c),
                Nesting::Many(cs) => cs.iter().any(|c| within(c)),
            }
    }

    /// The path user → … → group, group names included.
    pub fn path_to(&self, org: &Organization, g: RecipientId) -> Vec<String> {
        self.path_in(org, &self.group_links(), g)
    }

    /// Each group reached, with the object through which it was reached:
    /// worked out once for the several paths of one explanation.
    pub(crate) fn group_links(&self) -> HashMap<RecipientId, RecipientId> {
        self.groups().into_iter().collect()
    }

    /// [`Principal::path_to`] over links from [`Principal::group_links`].
    pub(crate) fn path_in(
        &self,
        org: &Organization,
        via: &HashMap<RecipientId, RecipientId>,
        g: RecipientId,
    ) -> Vec<String> {
        let mut path = vec![org.recipient_name(g).to_string()];
        let mut cur = g;
        let mut guard = 0;
        while let Some(prev) = via.get(&cur) {
            if *prev == self.user || guard > 64 {
                break;
            }
            path.push(org.recipient_name(*prev).to_string());
            cur = *prev;
            guard += 1;
        }
        path.reverse();
        path
    }
}

/// Several direct groups' closures merged as the breadth-first search over
/// memberships would find them: level by level, in the order of the direct
/// groups; a group met again further down (or through a later direct group
/// at the same level) was already reached.
#[allow(clippy::type_complexity, reason = "a private pair of lists")]
fn merge_closures(
    user: RecipientId,
    many: &[std::sync::Arc<crate::model::Closure>],
) -> (Vec<(RecipientId, RecipientId)>, Vec<(Reach, Via)>) {
    // Off the decision path (a check orders only the holders of its
    // cmdlet): a stable sort by depth of every closure's groups is the
    // merge, the earlier closure first on a tie.
    let mut all: Vec<(u32, usize, usize)> = many
        .iter()
        .enumerate()
        .flat_map(|(ci, c)| {
            c.groups
                .iter()
                .enumerate()
                .map(move |(i, n)| (n.depth, ci, i))
        })
        .collect();
    all.sort_by_key(|(depth, _, _)| *depth);
    let mut groups: Vec<(RecipientId, RecipientId)> = Vec::with_capacity(all.len());
    let mut reach: Vec<(Reach, Via)> = Vec::new();
    let mut seen: FxHashSet<RecipientId> = FxHashSet::default();
    seen.insert(user);
    for (_, ci, i) in all {
        let Some(c) = many.get(ci) else { continue };
        let Some(n) = c.groups.get(i) else { continue };
        if !seen.insert(n.group) {
            continue;
        }
        groups.push((n.group, if n.depth == 0 { user } else { n.via }));
        let v = Via::Group(n.group);
        reach.extend(c.reach_of(i).iter().map(|x| (*x, v)));
    }
    (groups, reach)
}

/// Where an assignment stands in the order a principal's assignments are
/// walked: its own, then its groups' breadth-first (by depth, then direct
/// group, then place in that group's closure), then its policy's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct ReachKey {
    section: u8,
    depth: u32,
    closure: usize,
    group: usize,
    at: usize,
}

/// How an assignment reaches a principal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    /// Assigned to the user itself.
    Direct,
    /// Through this group (role group or USG).
    Group(RecipientId),
    /// Through the mailbox's role assignment policy.
    Policy(PolicyId),
}

/// An assignment that reaches the principal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Candidate {
    /// The assignment.
    pub assignment: AssignmentId,
    /// How it reaches the principal.
    pub via: Via,
}

/// The result of the cmdlet and parameter steps: the assignments whose role
/// has an entry for the cmdlet with every parameter asked for.
#[derive(Debug, Clone)]
pub struct Access {
    /// The cmdlet.
    pub cmdlet: String,
    /// Parameters checked (common ones left out).
    pub parameters: Vec<String>,
    /// Assignments that grant it.
    pub candidates: Vec<Candidate>,
    /// Granted only through delegating assignments (the role-assignment cmdlets).
    pub delegation_only: bool,
}

/// What a cmdlet acts on.
#[derive(Debug, Clone, Copy)]
pub enum Target<'a> {
    /// Nothing in particular (a Get without identity, a new config object).
    None,
    /// An existing recipient.
    Recipient(RecipientId),
    /// A recipient as it would be created.
    Draft(&'a Recipient),
    /// A server.
    Server(ServerId),
    /// A database.
    Database(DatabaseId),
    /// An organization-wide configuration object (RBAC objects, settings).
    OrganizationConfig,
}

impl Organization {
    /// The principal for a user: groups reached by breadth-first search over
    /// memberships (cycles tolerated), and the mailbox policy.
    ///
    /// The search is read off the precomputed closures of the user's
    /// direct security groups: merged level by level, each group keeps the
    /// first (shortest) way it was reached, as the search itself would.
    pub fn principal(&self, user: RecipientId) -> Principal {
        let Some(r) = self.recipient(user) else {
            return Principal {
                user,
                policy: None,
                nesting: Nesting::None,
                revision: self.revision,
            };
        };
        // Only security groups have a closure: a user's distribution
        // groups drop out here.
        let mut direct = r.member_of.iter().filter_map(|g| self.closure_shared(*g));
        let nesting = match (direct.next(), direct.next()) {
            (None, _) => Nesting::None,
            (Some(c), None) => Nesting::One(c.clone()),
            (Some(a), Some(b)) => {
                Nesting::Many([a, b].into_iter().chain(direct).cloned().collect())
            }
        };
        let policy = (r.kind == RecipientKind::UserMailbox)
            .then_some(r.policy)
            .flatten();
        Principal {
            user,
            policy,
            nesting,
            revision: self.revision,
        }
    }

    /// Calls `f` for every enabled assignment reaching the principal,
    /// without collecting them (the decision path allocates nothing here).
    pub fn for_each_reaching(&self, p: &Principal, mut f: impl FnMut(Candidate)) {
        self.for_each_enabled(p, |c, _| f(c));
    }

    /// Like [`Organization::for_each_reaching`], with what the decision
    /// reads of each assignment (from the per-assignee index, not the
    /// assignments themselves).
    fn for_each_enabled(&self, p: &Principal, mut f: impl FnMut(Candidate, &Reach)) {
        self.visit_enabled(Assignee::User(p.user), Via::Direct, &mut f);
        if p.revision != self.revision {
            // Worked out before a change: the groups' assignments are read
            // afresh (the groups are the ones it was worked out with).
            for (g, _) in p.groups() {
                self.visit_enabled(Assignee::Group(g), Via::Group(g), &mut f);
            }
        } else {
            match &p.nesting {
                Nesting::None => {}
                Nesting::One(c) => {
                    for (i, n) in c.groups.iter().enumerate() {
                        if n.group == p.user {
                            continue;
                        }
                        let via = Via::Group(n.group);
                        for r in c.reach_of(i) {
                            f(
                                Candidate {
                                    assignment: r.assignment,
                                    via,
                                },
                                r,
                            );
                        }
                    }
                }
                Nesting::Many(cs) => {
                    for (r, via) in merge_closures(p.user, cs).1.iter() {
                        f(
                            Candidate {
                                assignment: r.assignment,
                                via: *via,
                            },
                            r,
                        );
                    }
                }
            }
        }
        if let Some(pol) = p.policy {
            self.visit_enabled(Assignee::Policy(pol), Via::Policy(pol), &mut f);
        }
    }

    /// The enabled assignments reaching a principal in several security
    /// groups, each closure walked as it is (a group in two of them comes
    /// twice), with where the breadth-first merge would put each.
    fn for_each_unmerged(
        &self,
        p: &Principal,
        closures: &[std::sync::Arc<crate::model::Closure>],
        mut f: impl FnMut(ReachKey, Candidate, &Reach),
    ) {
        let own = |section: u8, at: usize| ReachKey {
            section,
            depth: 0,
            closure: 0,
            group: 0,
            at,
        };
        let live = |assignee: Assignee,
                    section: u8,
                    via: Via,
                    f: &mut dyn FnMut(ReachKey, Candidate, &Reach)| {
            for (k, r) in self.reach_of(assignee).iter().enumerate() {
                if r.enabled {
                    let c = Candidate {
                        assignment: r.assignment,
                        via,
                    };
                    f(own(section, k), c, r);
                }
            }
        };
        live(Assignee::User(p.user), 0, Via::Direct, &mut f);
        for (ci, c) in closures.iter().enumerate() {
            for (i, n) in c.groups.iter().enumerate() {
                if n.group == p.user {
                    continue;
                }
                let via = Via::Group(n.group);
                for (k, r) in c.reach_of(i).iter().enumerate() {
                    let key = ReachKey {
                        section: 1,
                        depth: n.depth,
                        closure: ci,
                        group: i,
                        at: k,
                    };
                    let cand = Candidate {
                        assignment: r.assignment,
                        via,
                    };
                    f(key, cand, r);
                }
            }
        }
        if let Some(pol) = p.policy {
            live(Assignee::Policy(pol), 2, Via::Policy(pol), &mut f);
        }
    }

    /// The enabled assignments of one assignee, from the live index.
    fn visit_enabled(&self, assignee: Assignee, via: Via, f: &mut impl FnMut(Candidate, &Reach)) {
        for r in self.reach_of(assignee) {
            if r.enabled {
                f(
                    Candidate {
                        assignment: r.assignment,
                        via,
                    },
                    r,
                );
            }
        }
    }

    /// Every enabled assignment reaching the principal, regular and delegating.
    pub fn reaching(&self, p: &Principal) -> Vec<Candidate> {
        let mut out = Vec::new();
        self.for_each_reaching(p, |c| out.push(c));
        out
    }

    /// Steps 1–3: does the cmdlet exist for the principal, with these parameters?
    pub fn access(
        &self,
        p: &Principal,
        cmdlet: &str,
        parameters: &[&str],
    ) -> Result<Access, CoreError> {
        let g = self.granted(p, cmdlet, parameters)?;
        let cmdlet = match g.entry {
            Some(e) => e.name.clone(),
            None if g.delegation_only => canonical_cmdlet(cmdlet),
            None => cmdlet.to_string(),
        };
        Ok(Access {
            cmdlet,
            parameters: parameters
                .iter()
                .filter(|x| !is_common_parameter(x))
                .map(|s| s.to_string())
                .collect(),
            candidates: g.candidates,
            delegation_only: g.delegation_only,
        })
    }

    /// Steps 1–3 without the names [`Access`] carries: what `check` needs.
    fn granted(
        &self,
        p: &Principal,
        cmdlet: &str,
        parameters: &[&str],
    ) -> Result<Granted<'_>, CoreError> {
        let grants = self.cmdlet_grants(cmdlet);
        let asked = Asked::resolve(self, grants, parameters);
        let mut candidates = Vec::new();
        let mut first: Option<(RoleId, Holder)> = None;
        let mut delegating = false;
        if let (Nesting::Many(cs), true) = (&p.nesting, p.revision == self.revision) {
            // Several closures: rather than merging them breadth-first (every
            // group and assignment copied, per request), each is walked as
            // it is and only the assignments holding the cmdlet are put in
            // the merged order — by (depth, closure, position) — with a
            // group reached twice kept where the merge would keep it.
            let mut found: Vec<(ReachKey, Candidate, RoleId, Holder)> = Vec::new();
            self.for_each_unmerged(p, cs, |key, c, a| {
                if a.delegating {
                    delegating = true;
                    return;
                }
                if let Some(h) = grants.and_then(|g| g.holder(a.role)) {
                    found.push((key, c, a.role, h));
                }
            });
            // Keys are unique (one per place in a closure).
            found.sort_unstable_by_key(|x| x.0);
            for (i, (_, c, role, h)) in found.iter().enumerate() {
                // A dozen holders or so: looking back beats a set.
                let seen = found
                    .get(..i)
                    .is_some_and(|before| before.iter().any(|x| x.1.assignment == c.assignment));
                if seen {
                    continue;
                }
                let (c, role, h) = (*c, *role, *h);
                if first.is_none() {
                    first = Some((role, h));
                }
                if asked.allow(h) {
                    candidates.push(c);
                }
            }
        } else {
            self.for_each_enabled(p, |c, a| {
                if a.delegating {
                    delegating = true;
                    return;
                }
                let Some(h) = grants.and_then(|g| g.holder(a.role)) else {
                    return;
                };
                if first.is_none() {
                    first = Some((a.role, h));
                }
                if asked.allow(h) {
                    candidates.push(c);
                }
            });
        }
        let entry = first.and_then(|(r, h)| {
            self.role(r)
                .and_then(|role| role.entries.get(h.entry as usize))
        });
        let is_delegation_cmdlet = || DELEGATION_CMDLETS.iter().any(|d| names::eq(d, cmdlet));
        if first.is_none() {
            if delegating && is_delegation_cmdlet() {
                return Ok(Granted {
                    candidates: Vec::new(),
                    delegation_only: true,
                    entry: None,
                });
            }
            return Err(CoreError::NotRecognized(cmdlet.to_string()));
        }
        if candidates.is_empty() {
            if delegating && is_delegation_cmdlet() {
                return Ok(Granted {
                    candidates,
                    delegation_only: true,
                    entry,
                });
            }
            // Report a parameter no entry allows; if each is allowed somewhere
            // but never all together, the one missing from the closest entry.
            // A denial, so the entries are gathered again only now.
            let mut with_cmdlet: Vec<(RoleId, Holder)> = Vec::new();
            self.for_each_enabled(p, |_, a| {
                if !a.delegating
                    && let Some(h) = grants.and_then(|g| g.holder(a.role))
                {
                    with_cmdlet.push((a.role, h));
                }
            });
            let missing = asked.missing(&with_cmdlet);
            return Err(CoreError::ParameterNotFound(missing));
        }
        Ok(Granted {
            candidates,
            delegation_only: false,
            entry,
        })
    }

    /// Whether a cmdlet exists for the principal at all (any parameters).
    pub fn has_cmdlet(&self, p: &Principal, cmdlet: &str) -> bool {
        self.access(p, cmdlet, &[]).is_ok()
    }

    /// Step 4: the candidates whose write scope covers the target, honouring
    /// exclusive scopes. Errors with Exchange's text when none does.
    pub fn write_check(
        &self,
        p: &Principal,
        access: &Access,
        target: Target<'_>,
    ) -> Result<Vec<Candidate>, CoreError> {
        self.write_check_candidates(p, access.candidates.clone(), target)
    }

    /// The candidates that cover the target, in their order: the list
    /// given, with the others taken out.
    fn write_check_candidates(
        &self,
        p: &Principal,
        mut candidates: Vec<Candidate>,
        target: Target<'_>,
    ) -> Result<Vec<Candidate>, CoreError> {
        // Candidates often share a scope, and an exclusive one may be a
        // candidate's own: each filter runs once per check.
        let mut memo = ScopeMemo::default();
        let exclusive = self.exclusive_matching(target, &mut memo);
        // Those that cover move to the front in order; the rest stay
        // behind them for the denial's second look.
        let mut ok = 0;
        for i in 0..candidates.len() {
            let covers = candidates.get(i).is_some_and(|c| {
                self.assignment(c.assignment)
                    .is_some_and(|a| self.covers(p, a, target, &exclusive, &mut memo))
            });
            if covers {
                candidates.swap(ok, i);
                ok += 1;
            }
        }
        if ok > 0 {
            candidates.truncate(ok);
            return Ok(candidates);
        }
        let id = self.target_identity(target);
        if let Some(s) = exclusive.first() {
            let covered_without = candidates.iter().any(|c| {
                self.assignment(c.assignment)
                    .is_some_and(|a| self.covers(p, a, target, &[], &mut memo))
            });
            if covered_without {
                let sname = self.scope(*s).map(|s| s.name.clone()).unwrap_or_default();
                return Err(CoreError::ExclusiveScope(id, sname));
            }
        }
        Err(CoreError::OutOfWriteScope(id))
    }

    /// Whether an assignment's write scope covers a target, exclusive scopes included.
    pub(crate) fn assignment_covers(
        &self,
        p: &Principal,
        a: &Assignment,
        target: Target<'_>,
        exclusive: &[ScopeId],
    ) -> bool {
        self.covers(p, a, target, exclusive, &mut ScopeMemo::default())
    }

    fn covers<'s>(
        &'s self,
        p: &Principal,
        a: &Assignment,
        target: Target<'s>,
        exclusive: &[ScopeId],
        memo: &mut ScopeMemo<'s>,
    ) -> bool {
        match target {
            Target::Recipient(_) | Target::Draft(_) => {
                let inside = self.recipient_covers(p, a.recipient_write, target, memo);
                inside && exclusive_allows_recipient(a.recipient_write, exclusive)
            }
            Target::Server(_) | Target::Database(_) => {
                let inside = self.config_covers(a.config_write, target, memo);
                inside && exclusive_allows_config(a.config_write, exclusive)
            }
            Target::OrganizationConfig | Target::None => {
                matches!(
                    a.config_write,
                    ConfigScope::Relative(ScopeValue::OrganizationConfig)
                ) || matches!(target, Target::None)
            }
        }
    }

    /// Exclusive scopes that match a target.
    pub fn exclusive_scopes_matching(&self, target: Target<'_>) -> Vec<ScopeId> {
        self.exclusive_matching(target, &mut ScopeMemo::default())
    }

    fn exclusive_matching<'s>(
        &'s self,
        target: Target<'s>,
        memo: &mut ScopeMemo<'s>,
    ) -> Vec<ScopeId> {
        if let Target::Recipient(id) = target
            && self.known_outside_exclusive(id)
        {
            return Vec::new();
        }
        self.exclusive_scopes()
            .iter()
            .copied()
            .filter(|id| memo.matches(self, *id, target))
            .collect()
    }

    /// Whether a custom scope matches a target.
    pub fn scope_matches(&self, scope: ScopeId, target: Target<'_>) -> bool {
        self.scope_matches_in(scope, target, &mut None)
    }

    /// `scope_matches`, with the recipient target as filters see it kept
    /// in `subject` from one scope to the next (it remembers the
    /// attributes they asked for).
    pub(crate) fn scope_matches_in<'s>(
        &'s self,
        scope: ScopeId,
        target: Target<'s>,
        subject: &mut Option<RecipientSubject<'s>>,
    ) -> bool {
        let Some(s) = self.scope(scope) else {
            return false;
        };
        match (s.kind, target) {
            (ScopeKind::RecipientScope, Target::Recipient(_) | Target::Draft(_)) => {
                if subject.is_none() {
                    *subject = self.subject(target);
                }
                let Some(subject) = subject.as_ref() else {
                    return false;
                };
                if let Some(root) = s.recipient_root
                    && !self.ou_within(subject.recipient().ou, root)
                {
                    return false;
                }
                s.filter.as_ref().is_none_or(|f| f.evaluate(subject))
            }
            (ScopeKind::ServerScope, Target::Server(id)) => {
                if !s.server_list.is_empty() {
                    return s.server_list.contains(&id);
                }
                match (&s.filter, self.server(id)) {
                    (Some(f), Some(srv)) => f.evaluate(&subject::ServerSubject {
                        org: self,
                        server: srv,
                    }),
                    _ => false,
                }
            }
            (ScopeKind::ServerScope, Target::Database(id)) => {
                // A server scope covers the databases its servers host.
                self.database(id)
                    .is_some_and(|d| self.scope_matches(scope, Target::Server(d.server)))
            }
            (ScopeKind::DatabaseScope, Target::Database(id)) => {
                if !s.database_list.is_empty() {
                    return s.database_list.contains(&id);
                }
                match (&s.filter, self.database(id)) {
                    (Some(f), Some(db)) => f.evaluate(&subject::DatabaseSubject {
                        org: self,
                        database: db,
                    }),
                    _ => false,
                }
            }
            _ => false,
        }
    }

    fn subject<'a>(&'a self, target: Target<'a>) -> Option<RecipientSubject<'a>> {
        match target {
            Target::Recipient(id) => self
                .recipient(id)
                .map(|r| RecipientSubject::new(self, r, Some(id))),
            Target::Draft(r) => Some(RecipientSubject::new(self, r, None)),
            _ => None,
        }
    }

    /// Whether a recipient write scope covers a recipient target.
    pub fn recipient_scope_covers(
        &self,
        p: &Principal,
        scope: RecipientScope,
        target: Target<'_>,
    ) -> bool {
        self.recipient_covers(p, scope, target, &mut ScopeMemo::default())
    }

    fn recipient_covers<'s, A: Asker + ?Sized>(
        &'s self,
        p: &A,
        scope: RecipientScope,
        target: Target<'s>,
        memo: &mut ScopeMemo<'s>,
    ) -> bool {
        let (id, r) = match target {
            Target::Recipient(id) => match self.recipient(id) {
                Some(r) => (Some(id), r),
                None => return false,
            },
            Target::Draft(r) => (None, r),
            _ => return false,
        };
        match scope {
            RecipientScope::Relative(v) => self.relative_covers(p, v, id, r),
            RecipientScope::Ou(ou) => self.ou_within(r.ou, ou),
            RecipientScope::Custom(s) | RecipientScope::Exclusive(s) => {
                memo.matches(self, s, target)
            }
        }
    }

    fn relative_covers<A: Asker + ?Sized>(
        &self,
        p: &A,
        v: ScopeValue,
        id: Option<RecipientId>,
        r: &Recipient,
    ) -> bool {
        match v {
            ScopeValue::Organization => true,
            ScopeValue::MyGAL => r.kind.is_mail_enabled() || id == Some(p.user()),
            ScopeValue::SelfScope => id == Some(p.user()),
            ScopeValue::MyDistributionGroups => {
                r.kind.is_group()
                    && r.managed_by
                        .iter()
                        .any(|o| *o == p.user() || p.in_group(*o))
            }
            // Not modelled: executive/delegate relationships. Denying is the
            // safe reading (docs/semantics.md).
            ScopeValue::MyExecutive
            | ScopeValue::MailboxICanDelegate
            | ScopeValue::None
            | ScopeValue::NotApplicable
            | ScopeValue::OrganizationConfig => false,
        }
    }

    /// Whether a config write scope covers a server or database.
    pub fn config_scope_covers(&self, scope: ConfigScope, target: Target<'_>) -> bool {
        self.config_covers(scope, target, &mut ScopeMemo::default())
    }

    fn config_covers<'s>(
        &'s self,
        scope: ConfigScope,
        target: Target<'s>,
        memo: &mut ScopeMemo<'s>,
    ) -> bool {
        match scope {
            ConfigScope::Relative(ScopeValue::OrganizationConfig) => true,
            ConfigScope::Relative(_) => false,
            ConfigScope::Custom(s) | ConfigScope::Exclusive(s) => memo.matches(self, s, target),
        }
    }

    /// Step 5: whether the principal may see an object through a Get cmdlet
    /// (read scope = the role's implicit read scope; exclusive scopes never narrow it).
    pub fn can_read(&self, p: &Principal, access: &Access, target: Target<'_>) -> bool {
        if access.delegation_only {
            return matches!(target, Target::OrganizationConfig | Target::None);
        }
        access.candidates.iter().any(|c| {
            let Some(a) = self.assignment(c.assignment) else {
                return false;
            };
            let Some(role) = self.role(a.role) else {
                return false;
            };
            match target {
                Target::Recipient(id) => self.recipient(id).is_some_and(|r| {
                    self.relative_covers(p, role.implicit.recipient_read, Some(id), r)
                }),
                Target::Draft(r) => self.relative_covers(p, role.implicit.recipient_read, None, r),
                Target::Server(_) | Target::Database(_) | Target::OrganizationConfig => {
                    role.implicit.config_read == ScopeValue::OrganizationConfig
                }
                Target::None => true,
            }
        })
    }

    /// A target named as the CLI and the service take it: `server:NAME`,
    /// `database:NAME`, `organization` (organization-wide configuration), or
    /// a recipient's identity. The error says what wasn't found.
    pub fn target_named(&self, text: &str) -> Result<Target<'static>, String> {
        let text = text.trim();
        let prefixed = |p: &str| {
            text.get(..p.len())
                .filter(|h| h.eq_ignore_ascii_case(p))
                .and_then(|_| text.get(p.len()..))
        };
        if let Some(n) = prefixed("server:") {
            return self
                .find_server(n)
                .map(Target::Server)
                .ok_or_else(|| format!("no server `{n}`"));
        }
        if let Some(n) = prefixed("database:") {
            return self
                .find_database(n)
                .map(Target::Database)
                .ok_or_else(|| format!("no database `{n}`"));
        }
        if text.eq_ignore_ascii_case("organization") {
            return Ok(Target::OrganizationConfig);
        }
        self.find_recipient(text)
            .map(Target::Recipient)
            .ok_or_else(|| format!("no recipient `{text}`"))
    }

    /// How an error names a target: its identity as Exchange prints it.
    pub fn target_identity(&self, target: Target<'_>) -> String {
        match target {
            Target::Recipient(id) => self.recipient_canonical(id),
            Target::Draft(r) => {
                let ou = self.ou(r.ou).map(|o| o.canonical.as_str()).unwrap_or("");
                format!("{}/{}", ou, r.name)
            }
            Target::Server(id) => self.server(id).map(|s| s.name.clone()).unwrap_or_default(),
            Target::Database(id) => self
                .database(id)
                .map(|d| d.name.clone())
                .unwrap_or_default(),
            Target::OrganizationConfig | Target::None => self.name.clone(),
        }
    }

    /// Steps 1–4 the way an explanation takes them: every candidate in
    /// order (for a principal worked out before a change, whose groups'
    /// assignments are read afresh).
    fn check_ordered(
        &self,
        p: &Principal,
        cmdlet: &str,
        parameters: &[&str],
        target: Target<'_>,
    ) -> Result<(), CoreError> {
        let granted = self.granted(p, cmdlet, parameters)?;
        if granted.delegation_only || matches!(target, Target::None) {
            return Ok(());
        }
        self.write_check_candidates(p, granted.candidates, target)
            .map(|_| ())
    }
}

/// Which scopes matched the one target of a check, so that each scope's
/// filter runs once however many candidates and exclusive scopes name it,
/// and the target as filters see it, so that the scopes share the
/// attribute lookups. Fixed-size, so that a check allocates nothing for
/// it; past its size, scopes are simply evaluated again.
#[derive(Default)]
struct ScopeMemo<'s> {
    seen: [(u32, bool); 16],
    len: usize,
    subject: Option<RecipientSubject<'s>>,
}

impl<'s> ScopeMemo<'s> {
    /// `org.scope_matches(scope, target)`; `target` must be the same for
    /// every call on one memo.
    fn matches(&mut self, org: &'s Organization, scope: ScopeId, target: Target<'s>) -> bool {
        let known = self.seen.get(..self.len).unwrap_or_default();
        if let Some((_, m)) = known.iter().find(|(s, _)| *s == scope.raw()) {
            return *m;
        }
        let m = org.scope_matches_in(scope, target, &mut self.subject);
        if let Some(slot) = self.seen.get_mut(self.len) {
            *slot = (scope.raw(), m);
            self.len += 1;
        }
        m
    }
}

/// With exclusive scopes matching the target, only an assignment whose
/// write scope is one of them may write to it.
fn exclusive_allows_recipient(scope: RecipientScope, exclusive: &[ScopeId]) -> bool {
    exclusive.is_empty() || matches!(scope, RecipientScope::Exclusive(s) if exclusive.contains(&s))
}

/// [`exclusive_allows_recipient`] for server and database targets.
fn exclusive_allows_config(scope: ConfigScope, exclusive: &[ScopeId]) -> bool {
    exclusive.is_empty() || matches!(scope, ConfigScope::Exclusive(s) if exclusive.contains(&s))
}

/// The parameters a request names (common ones left out), each resolved
/// once to the bitmap of the cmdlet's entries that allow it; one no entry
/// allows resolves to nothing and matches none. A request names a few:
/// they stay on the stack.
struct Asked<'q, 'o> {
    inline: [(&'q str, Option<&'o [u64]>); 8],
    n: usize,
    spilled: Vec<(&'q str, Option<&'o [u64]>)>,
}

impl<'q, 'o> Asked<'q, 'o> {
    fn resolve(
        org: &'o Organization,
        grants: Option<&'o CmdletIndex>,
        parameters: &[&'q str],
    ) -> Asked<'q, 'o> {
        let mut out = Asked {
            inline: [("", None); 8],
            n: 0,
            spilled: Vec::new(),
        };
        for q in parameters.iter().copied() {
            if is_common_parameter(q) {
                continue;
            }
            let bits = grants
                .zip(org.parameter_id(q))
                .and_then(|(g, id)| g.parameter(id));
            match out.inline.get_mut(out.n) {
                Some(slot) if out.spilled.is_empty() => {
                    *slot = (q, bits);
                    out.n += 1;
                }
                _ => {
                    if out.spilled.is_empty() {
                        out.spilled
                            .extend_from_slice(out.inline.get(..out.n).unwrap_or_default());
                    }
                    out.spilled.push((q, bits));
                }
            }
        }
        out
    }

    fn all(&self) -> &[(&'q str, Option<&'o [u64]>)] {
        if self.spilled.is_empty() {
            self.inline.get(..self.n).unwrap_or_default()
        } else {
            &self.spilled
        }
    }

    /// Whether the entry of a role holding the cmdlet allows every parameter.
    fn allow(&self, h: Holder) -> bool {
        self.all()
            .iter()
            .all(|(_, q)| CmdletIndex::allows(*q, h.slot))
    }

    /// The parameter a denial names, given the roles' entries holding the
    /// cmdlet: the first asked that no entry allows; if each is allowed
    /// somewhere but never all together, the first missing from the
    /// closest entry (the one allowing the most of them; of those, the
    /// oldest role's, so that the answer doesn't depend on the order the
    /// entries were met in).
    fn missing(&self, holders: &[(RoleId, Holder)]) -> String {
        let asked = self.all();
        let allows = |h: Holder, q: Option<&[u64]>| CmdletIndex::allows(q, h.slot);
        asked
            .iter()
            .find(|(_, q)| !holders.iter().any(|(_, h)| allows(*h, *q)))
            .or_else(|| {
                let best = holders.iter().max_by_key(|(role, h)| {
                    let n = asked.iter().filter(|(_, q)| allows(*h, *q)).count();
                    (n, std::cmp::Reverse(role.raw()))
                });
                best.and_then(|(_, h)| asked.iter().find(|(_, q)| !allows(*h, *q)))
            })
            .map(|(name, _)| name.to_string())
            .unwrap_or_default()
    }
}

/// What a scope relative to the asker (Self, MyDistributionGroups, …)
/// needs to know of it.
pub(crate) trait Asker {
    /// The user asking.
    fn user(&self) -> RecipientId;
    /// Whether the user is in a group, transitively.
    fn in_group(&self, g: RecipientId) -> bool;
}

impl Asker for Principal {
    fn user(&self) -> RecipientId {
        self.user
    }
    fn in_group(&self, g: RecipientId) -> bool {
        Principal::in_group(self, g)
    }
}

/// What steps 1–3 found.
struct Granted<'o> {
    /// The regular assignments whose entry allows every parameter asked.
    candidates: Vec<Candidate>,
    /// Granted only through delegating assignments.
    delegation_only: bool,
    /// The entry for the cmdlet of the first assignment holding it (how
    /// the cmdlet's name is spelled back).
    entry: Option<&'o RoleEntry>,
}

fn canonical_cmdlet(c: &str) -> String {
    DELEGATION_CMDLETS
        .iter()
        .find(|d| names::eq(d, c))
        .map(|d| d.to_string())
        .unwrap_or_else(|| c.to_string())
}
