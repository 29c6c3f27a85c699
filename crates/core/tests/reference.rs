//! A reference evaluator written straight from SPEC §3 — no indexes: it walks
//! every assignment, computes group membership by a naive fixpoint and
//! evaluates scopes directly on its own copy of the directory — and a
//! property test that checks the engine against it on random organizations.

// clippy.toml allows these inside #[test] functions; the helpers here are test code too.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use exrbac_core::opath::{Filter, FilterKind};
use exrbac_core::*;
use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

// ----- the universe the generator draws from ----------------------------------

const CMDLETS: &[&str] = &[
    "Set-Thing",
    "Get-Thing",
    "Set-Other",
    "Remove-Thing",
    "Set-Group",
    "New-ManagementRoleAssignment",
    "Nope-Cmdlet",
];
const PARAMS: &[&str] = &["P1", "P2", "P3", "P4", "WhatIf"];
const DEPTS: &[Option<&str>] = &[None, Some("Sales"), Some("HR")];

struct RootDef {
    name: &'static str,
    end_user: bool,
    read: ScopeValue,
    write: ScopeValue,
    entries: &'static [(&'static str, &'static [&'static str])],
}

const ROOTS: &[RootDef] = &[
    RootDef {
        name: "Admin Role",
        end_user: false,
        read: ScopeValue::Organization,
        write: ScopeValue::Organization,
        entries: &[
            ("Set-Thing", &["P1", "P2", "P3"]),
            ("Get-Thing", &["P1"]),
            ("Set-Other", &["P2", "P4"]),
            ("Remove-Thing", &[]),
        ],
    },
    RootDef {
        name: "Helper Role",
        end_user: false,
        read: ScopeValue::Organization,
        write: ScopeValue::Organization,
        entries: &[("Set-Thing", &["P1", "P4"]), ("Set-Group", &["P1", "P2"])],
    },
    RootDef {
        name: "My Role",
        end_user: true,
        read: ScopeValue::MyGAL,
        write: ScopeValue::SelfScope,
        entries: &[("Set-Thing", &["P1"]), ("Get-Thing", &["P1", "P2"])],
    },
    RootDef {
        name: "My Groups",
        end_user: true,
        read: ScopeValue::MyGAL,
        write: ScopeValue::MyDistributionGroups,
        entries: &[("Set-Group", &["P2", "P3"])],
    },
];

// ----- raw random input -----------------------------------------------------------

type RawUser = (usize, u8, u8, u8);
type RawChild = (usize, Vec<(usize, u8, u8)>);
type RawScope = (Option<usize>, Option<u8>, bool);
type RawAssignment = (usize, u8, usize, u8, u8, u8, usize);
type RawRequest = (usize, usize, (u8, u8), u8, usize, usize, u8);

#[derive(Debug, Clone)]
struct Raw {
    ou_parents: Vec<usize>,
    users: Vec<RawUser>,
    groups: Vec<(usize, u8)>,
    chain: bool,
    edges: Vec<(usize, usize)>,
    owners: Vec<(usize, usize)>,
    children: Vec<RawChild>,
    scopes: Vec<RawScope>,
    assignments: Vec<RawAssignment>,
    requests: Vec<RawRequest>,
}

fn raw() -> impl Strategy<Value = Raw> {
    (
        vec(0usize..8, 0..5),
        vec((0usize..8, 0u8..2, 0u8..3, 0u8..3), 1..5),
        vec((0usize..8, 0u8..3), 0..7),
        any::<bool>(),
        vec((0usize..16, 0usize..16), 0..16),
        vec((0usize..8, 0usize..16), 0..4),
        vec((0usize..8, vec((0usize..6, 0u8..4, 0u8..16), 0..4)), 0..5),
        vec(
            (option::of(0usize..8), option::of(1u8..3), any::<bool>()),
            0..4,
        ),
        vec(
            (
                0usize..16,
                0u8..5,
                0usize..16,
                0u8..5,
                0u8..6,
                0u8..7,
                0usize..8,
            ),
            1..12,
        ),
        vec(
            (
                0usize..8,
                0usize..14,
                (0u8..32, 0u8..32),
                0u8..8,
                0usize..16,
                0usize..8,
                0u8..3,
            ),
            1..8,
        ),
    )
        .prop_map(
            |(
                ou_parents,
                users,
                groups,
                chain,
                edges,
                owners,
                children,
                scopes,
                assignments,
                requests,
            )| Raw {
                ou_parents,
                users,
                groups,
                chain,
                edges,
                owners,
                children,
                scopes,
                assignments,
                requests,
            },
        )
}

// ----- the reference's own copy of the organization -------------------------------

#[derive(Debug, Clone)]
struct RRec {
    id: RecipientId,
    name: String,
    ou: usize,
    kind: RecipientKind,
    dept: Option<String>,
    policy: Option<usize>,
    members: Vec<usize>,
    managed_by: Vec<usize>,
}

#[derive(Debug, Clone)]
struct RRole {
    id: RoleId,
    name: String,
    end_user: bool,
    write: ScopeValue,
}

#[derive(Debug, Clone)]
struct RScope {
    name: String,
    root: Option<usize>,
    dept: Option<String>,
    exclusive: bool,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum RAssignee {
    User(usize),
    Group(usize),
    Policy(usize),
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum RWhere {
    Rel(ScopeValue),
    Ou(usize),
    Custom(usize),
    Excl(usize),
}

#[derive(Debug, Clone)]
struct RAssign {
    name: String,
    role: usize,
    assignee: RAssignee,
    delegating: bool,
    enabled: bool,
    scope: RWhere,
}

#[derive(Debug)]
struct World {
    org: Organization,
    ou_ids: Vec<OuId>,
    ou_parent: Vec<Option<usize>>,
    ou_canon: Vec<String>,
    recs: Vec<RRec>,
    policies: Vec<(PolicyId, String)>,
    roles: Vec<RRole>,
    scopes: Vec<RScope>,
    assigns: Vec<RAssign>,
}

fn pick<T: Copy>(v: &[T], sel: usize) -> Option<T> {
    if v.is_empty() {
        None
    } else {
        Some(v[sel % v.len()])
    }
}

fn mask<'a>(names: &[&'a str], m: u8) -> Vec<&'a str> {
    names
        .iter()
        .enumerate()
        .filter(|(i, _)| m & (1 << i) != 0)
        .map(|(_, n)| *n)
        .collect()
}

impl World {
    fn build(raw: &Raw) -> World {
        let mut org = Organization::empty("contoso.com").unwrap();
        let mut w_ou_ids = vec![org.root_ou()];
        let mut ou_parent = vec![None];
        let mut ou_canon = vec!["contoso.com".to_string()];
        for (i, sel) in raw.ou_parents.iter().enumerate() {
            let parent = sel % w_ou_ids.len();
            let name = format!("OU{}", i + 1);
            let id = org.new_ou(&name, w_ou_ids[parent]).unwrap();
            w_ou_ids.push(id);
            ou_parent.push(Some(parent));
            ou_canon.push(format!("{}/{}", ou_canon[parent], name));
        }
        let n_ou = w_ou_ids.len();

        let policies = vec![
            (
                org.new_policy("Default Policy", "", true).unwrap(),
                "Default Policy".to_string(),
            ),
            (
                org.new_policy("Alt Policy", "", false).unwrap(),
                "Alt Policy".to_string(),
            ),
        ];

        let mut recs: Vec<RRec> = Vec::new();
        for (i, (ou, kind, dept, pol)) in raw.users.iter().enumerate() {
            let kind = if *kind == 0 {
                RecipientKind::User
            } else {
                RecipientKind::UserMailbox
            };
            let dept = DEPTS[*dept as usize].map(str::to_string);
            let mut attrs = BTreeMap::new();
            if let Some(d) = &dept {
                attrs.insert("Department".to_string(), d.clone());
            }
            let name = format!("U{i}");
            let id = org
                .new_recipient(NewRecipient {
                    name: name.clone(),
                    ou: w_ou_ids[ou % n_ou],
                    kind,
                    attrs,
                    enabled: true,
                })
                .unwrap();
            let policy = if kind == RecipientKind::UserMailbox {
                match pol {
                    0 => Some(0),
                    1 => {
                        org.set_mailbox_policy(id, Some(policies[1].0)).unwrap();
                        Some(1)
                    }
                    _ => {
                        org.set_mailbox_policy(id, None).unwrap();
                        None
                    }
                }
            } else {
                None
            };
            recs.push(RRec {
                id,
                name,
                ou: ou % n_ou,
                kind,
                dept,
                policy,
                members: vec![],
                managed_by: vec![],
            });
        }
        let n_users = recs.len();
        for (i, (ou, kind)) in raw.groups.iter().enumerate() {
            let (kind, name) = match kind {
                0 => (RecipientKind::SecurityGroup, format!("G{i}")),
                1 => (RecipientKind::RoleGroup, format!("G{i}")),
                _ => (RecipientKind::DistributionGroup, format!("D{i}")),
            };
            let id = org
                .new_recipient(NewRecipient {
                    name: name.clone(),
                    ou: w_ou_ids[ou % n_ou],
                    kind,
                    attrs: BTreeMap::new(),
                    enabled: true,
                })
                .unwrap();
            recs.push(RRec {
                id,
                name,
                ou: ou % n_ou,
                kind,
                dept: None,
                policy: None,
                members: vec![],
                managed_by: vec![],
            });
        }
        let sec: Vec<usize> = (n_users..recs.len())
            .filter(|i| recs[*i].kind.is_security_group())
            .collect();
        let dgs: Vec<usize> = (n_users..recs.len())
            .filter(|i| recs[*i].kind == RecipientKind::DistributionGroup)
            .collect();
        let users: Vec<usize> = (0..n_users).collect();

        let mut w = World {
            org,
            ou_ids: w_ou_ids,
            ou_parent,
            ou_canon,
            recs,
            policies,
            roles: vec![],
            scopes: vec![],
            assigns: vec![],
        };

        // Membership: a forced deep chain G_a ∈ G_b ∈ … and random edges;
        // every add is checked against the reference's cycle rule.
        let mut edges: Vec<(usize, usize)> = Vec::new();
        if raw.chain {
            for pair in sec.windows(2) {
                edges.push((pair[1], pair[0]));
            }
            if let (Some(first), Some(u)) = (sec.first(), users.first()) {
                edges.push((*first, *u));
            }
        }
        // Security groups hold users and security groups; distribution
        // groups hold users (not nested into security groups).
        let members_pool: Vec<usize> = users.iter().chain(sec.iter()).copied().collect();
        for (g, m) in &raw.edges {
            let groups: Vec<usize> = sec.iter().chain(dgs.iter()).copied().collect();
            let Some(g) = pick(&groups, *g) else { continue };
            let pool = if w.recs[g].kind == RecipientKind::DistributionGroup {
                &users
            } else {
                &members_pool
            };
            let Some(m) = pick(pool, *m) else { continue };
            edges.push((g, m));
        }
        for (g, m) in edges {
            let cycle = g == m || w.ref_groups_of(g).contains(&m);
            let already = w.recs[g].members.contains(&m);
            let r = w.org.add_member(w.recs[g].id, w.recs[m].id);
            if cycle {
                assert_eq!(
                    r,
                    Err(CoreError::GroupCycle(w.recs[g].name.clone())),
                    "adding {} to {}",
                    w.recs[m].name,
                    w.recs[g].name
                );
            } else if already {
                assert!(matches!(r, Err(CoreError::AlreadyMember(..))));
            } else {
                r.unwrap();
                w.recs[g].members.push(m);
            }
        }
        for (d, o) in &raw.owners {
            let Some(d) = pick(&dgs, *d) else { continue };
            let Some(o) = pick(&members_pool, *o) else {
                continue;
            };
            if !w.recs[d].managed_by.contains(&o) {
                w.recs[d].managed_by.push(o);
            }
            let owners: Vec<RecipientId> =
                w.recs[d].managed_by.iter().map(|x| w.recs[*x].id).collect();
            w.org.set_managed_by(w.recs[d].id, owners).unwrap();
        }

        // Roles: the roots, then children with random pruning.
        for def in ROOTS {
            let id = w
                .org
                .insert_role(Role {
                    name: def.name.to_string(),
                    builtin: true,
                    parent: None,
                    role_type: def.name.replace(' ', ""),
                    description: String::new(),
                    is_end_user: def.end_user,
                    is_unscoped: false,
                    implicit: ImplicitScopes {
                        recipient_read: def.read,
                        recipient_write: def.write,
                        config_read: ScopeValue::OrganizationConfig,
                        config_write: ScopeValue::OrganizationConfig,
                    },
                    entries: def
                        .entries
                        .iter()
                        .map(|(c, ps)| RoleEntry {
                            name: c.to_string(),
                            kind: EntryKind::Cmdlet,
                            parameters: ps.iter().map(|p| p.to_string()).collect(),
                            snapin: None,
                        })
                        .collect(),
                })
                .unwrap();
            w.roles.push(RRole {
                id,
                name: def.name.to_string(),
                end_user: def.end_user,
                write: def.write,
            });
        }
        for (i, (parent, ops)) in raw.children.iter().enumerate() {
            let parent = parent % w.roles.len();
            let name = format!("Child{i}");
            let id = w
                .org
                .new_role(&name, w.roles[parent].id, None, None)
                .unwrap();
            for (c, op, m) in ops {
                let cmdlet = CMDLETS[c % 6];
                let params: Vec<String> = mask(&PARAMS[..4], *m)
                    .into_iter()
                    .map(str::to_string)
                    .collect();
                // Errors are fine here: the property tests check them.
                let _ = match op {
                    0 => w.org.remove_role_entry(id, cmdlet),
                    1 => w
                        .org
                        .set_role_entry_parameters(id, cmdlet, None, &[], &params),
                    2 => w
                        .org
                        .add_role_entry(id, cmdlet, Some(&params), EntryKind::Cmdlet),
                    _ => w
                        .org
                        .set_role_entry_parameters(id, cmdlet, Some(&params), &[], &[]),
                };
            }
            let (end_user, write) = (w.roles[parent].end_user, w.roles[parent].write);
            w.roles.push(RRole {
                id,
                name,
                end_user,
                write,
            });
        }

        for (i, (root, dept, exclusive)) in raw.scopes.iter().enumerate() {
            let root = root.map(|r| r % n_ou);
            let dept = dept.map(|d| DEPTS[d as usize].unwrap().to_string());
            let text = dept.as_ref().map(|d| format!("Department -eq '{d}'"));
            let name = format!("S{i}");
            w.org
                .new_scope(Scope {
                    name: name.clone(),
                    kind: ScopeKind::RecipientScope,
                    recipient_root: root.map(|r| w.ou_ids[r]),
                    filter: text
                        .as_ref()
                        .map(|t| Filter::parse(t, FilterKind::Recipient).unwrap()),
                    filter_text: text,
                    server_list: vec![],
                    database_list: vec![],
                    exclusive: *exclusive,
                })
                .unwrap();
            w.scopes.push(RScope {
                name,
                root,
                dept,
                exclusive: *exclusive,
            });
        }

        for (i, (role, who, idx, deleg, enab, sc, sidx)) in raw.assignments.iter().enumerate() {
            let role = role % w.roles.len();
            // 0–1: what the role is for (policies for end-user roles, users
            // and groups otherwise), else a user, a group or a policy.
            let who = match who {
                0 | 1 if w.roles[role].end_user && *deleg != 0 => 2,
                0 | 1 => *who,
                x => x - 2,
            };
            let assignee = match who {
                0 => RAssignee::User(pick(&users, *idx).unwrap()),
                1 => match pick(&sec, *idx) {
                    Some(g) => RAssignee::Group(g),
                    None => RAssignee::User(pick(&users, *idx).unwrap()),
                },
                _ => RAssignee::Policy(idx % 2),
            };
            let delegating = *deleg == 0;
            let enabled = *enab != 0;
            let scope = match sc {
                0 => RWhere::Rel(w.roles[role].write),
                1 => RWhere::Rel(ScopeValue::Organization),
                2 => RWhere::Rel(ScopeValue::SelfScope),
                3 => RWhere::Rel(ScopeValue::MyDistributionGroups),
                4 => RWhere::Rel(ScopeValue::MyGAL),
                5 => RWhere::Ou(sidx % n_ou),
                _ => match w.scopes.len() {
                    0 => RWhere::Rel(w.roles[role].write),
                    n if w.scopes[sidx % n].exclusive => RWhere::Excl(sidx % n),
                    n => RWhere::Custom(sidx % n),
                },
            };
            let name = format!("A{i}");
            let a = Assignment {
                name: name.clone(),
                role: w.roles[role].id,
                assignee: match assignee {
                    RAssignee::User(u) => Assignee::User(w.recs[u].id),
                    RAssignee::Group(g) => Assignee::Group(w.recs[g].id),
                    RAssignee::Policy(p) => Assignee::Policy(w.policies[p].0),
                },
                delegating,
                enabled,
                recipient_write: match scope {
                    RWhere::Rel(v) => RecipientScope::Relative(v),
                    RWhere::Ou(o) => RecipientScope::Ou(w.ou_ids[o]),
                    RWhere::Custom(s) => RecipientScope::Custom(w.scope_id(s)),
                    RWhere::Excl(s) => RecipientScope::Exclusive(w.scope_id(s)),
                },
                config_write: ConfigScope::Relative(ScopeValue::OrganizationConfig),
            };
            // The model's assignment rules, predicted.
            let rname = w.roles[role].name.clone();
            let expect = match assignee {
                RAssignee::Policy(_) if delegating => Some(CoreError::DelegatingToPolicy),
                RAssignee::Policy(_) if !w.roles[role].end_user => {
                    Some(CoreError::NonEndUserRoleToPolicy(rname))
                }
                RAssignee::User(_) | RAssignee::Group(_)
                    if w.roles[role].end_user && !delegating =>
                {
                    Some(CoreError::EndUserRoleToNonPolicy(rname))
                }
                _ => None,
            };
            let r = w.org.new_assignment(a);
            match expect {
                Some(e) => assert_eq!(r, Err(e)),
                None => {
                    r.unwrap();
                    w.assigns.push(RAssign {
                        name,
                        role,
                        assignee,
                        delegating,
                        enabled,
                        scope,
                    });
                }
            }
        }
        w
    }

    fn scope_id(&self, s: usize) -> ScopeId {
        self.org.scope_by_name(&self.scopes[s].name).unwrap()
    }

    // ----- the reference evaluator (SPEC §3) ----------------------------------

    /// Security groups `x` belongs to, transitively: a naive fixpoint over
    /// every group. Only security groups carry membership (a distribution
    /// group nested in a role group passes nothing on).
    fn ref_groups_of(&self, x: usize) -> BTreeSet<usize> {
        let mut set = BTreeSet::new();
        loop {
            let mut changed = false;
            for (g, r) in self.recs.iter().enumerate() {
                if r.kind.is_security_group()
                    && !set.contains(&g)
                    && r.members.iter().any(|m| *m == x || set.contains(m))
                {
                    set.insert(g);
                    changed = true;
                }
            }
            if !changed {
                return set;
            }
        }
    }

    fn ref_policy_of(&self, u: usize) -> Option<usize> {
        let r = &self.recs[u];
        if r.kind == RecipientKind::UserMailbox {
            r.policy
        } else {
            None
        }
    }

    /// Whether an assignee reaches the principal (groups given).
    fn ref_assignee_reaches(&self, a: RAssignee, p: usize, groups: &BTreeSet<usize>) -> bool {
        match a {
            RAssignee::User(u) => u == p,
            RAssignee::Group(g) => groups.contains(&g),
            RAssignee::Policy(x) => self.ref_policy_of(p) == Some(x),
        }
    }

    /// Step 1: enabled assignments reaching P, regular and delegating.
    fn ref_reaching(&self, p: usize) -> Vec<usize> {
        let groups = self.ref_groups_of(p);
        (0..self.assigns.len())
            .filter(|i| {
                let a = &self.assigns[*i];
                a.enabled && self.ref_assignee_reaches(a.assignee, p, &groups)
            })
            .collect()
    }

    fn ref_entry(&self, role: usize, cmdlet: &str) -> Option<Vec<String>> {
        let r = self.org.role(self.roles[role].id).unwrap();
        r.entries
            .iter()
            .find(|e| e.name.eq_ignore_ascii_case(cmdlet))
            .map(|e| e.parameters.clone())
    }

    fn ou_within(&self, mut ou: usize, anc: usize) -> bool {
        loop {
            if ou == anc {
                return true;
            }
            match self.ou_parent[ou] {
                Some(p) => ou = p,
                None => return false,
            }
        }
    }

    fn ref_scope_matches(&self, s: usize, t: &RTarget) -> bool {
        let sc = &self.scopes[s];
        sc.root.is_none_or(|r| self.ou_within(t.ou, r))
            && sc
                .dept
                .as_ref()
                .is_none_or(|d| t.dept.as_deref().is_some_and(|x| x.eq_ignore_ascii_case(d)))
    }

    fn ref_covers(&self, wh: RWhere, p: usize, groups: &BTreeSet<usize>, t: &RTarget) -> bool {
        match wh {
            RWhere::Rel(ScopeValue::Organization) => true,
            RWhere::Rel(ScopeValue::SelfScope) => t.idx == Some(p),
            RWhere::Rel(ScopeValue::MyGAL) => t.kind.is_mail_enabled() || t.idx == Some(p),
            RWhere::Rel(ScopeValue::MyDistributionGroups) => {
                t.kind.is_group() && t.managed_by.iter().any(|o| *o == p || groups.contains(o))
            }
            RWhere::Rel(_) => false,
            RWhere::Ou(o) => self.ou_within(t.ou, o),
            RWhere::Custom(s) | RWhere::Excl(s) => self.ref_scope_matches(s, t),
        }
    }

    fn ref_decide(
        &self,
        p: usize,
        cmdlet: &str,
        params: &[&str],
        t: Option<&RTarget>,
    ) -> RDecision {
        let q: Vec<&str> = params
            .iter()
            .copied()
            .filter(|x| !engine::is_common_parameter(x))
            .collect();
        let reaching = self.ref_reaching(p);
        let delegating = reaching.iter().any(|i| self.assigns[*i].delegating);
        let delegation_cmdlet = engine::DELEGATION_CMDLETS
            .iter()
            .any(|d| d.eq_ignore_ascii_case(cmdlet));
        let with_cmdlet: Vec<(usize, Vec<String>)> = reaching
            .iter()
            .filter(|i| !self.assigns[**i].delegating)
            .filter_map(|i| {
                self.ref_entry(self.assigns[*i].role, cmdlet)
                    .map(|e| (*i, e))
            })
            .collect();
        let has = |e: &Vec<String>, x: &str| e.iter().any(|y| y.eq_ignore_ascii_case(x));
        let candidates: Vec<usize> = with_cmdlet
            .iter()
            .filter(|(_, e)| q.iter().all(|x| has(e, x)))
            .map(|(i, _)| *i)
            .collect();
        if candidates.is_empty() {
            if delegating && delegation_cmdlet {
                return RDecision::DelegationOnly;
            }
            if with_cmdlet.is_empty() {
                return RDecision::NotRecognized;
            }
            let unknown: Vec<String> = q
                .iter()
                .filter(|x| !with_cmdlet.iter().any(|(_, e)| has(e, x)))
                .map(|x| x.to_string())
                .collect();
            return RDecision::ParameterNotFound {
                allowed_nowhere: unknown,
                asked: q.iter().map(|x| x.to_string()).collect(),
            };
        }
        let Some(t) = t else {
            return RDecision::Allowed(candidates);
        };
        let groups = self.ref_groups_of(p);
        let exclusive: Vec<usize> = (0..self.scopes.len())
            .filter(|s| self.scopes[*s].exclusive && self.ref_scope_matches(*s, t))
            .collect();
        let inside: Vec<usize> = candidates
            .iter()
            .copied()
            .filter(|i| self.ref_covers(self.assigns[*i].scope, p, &groups, t))
            .collect();
        let ok: Vec<usize> = inside
            .iter()
            .copied()
            .filter(|i| {
                exclusive.is_empty()
                    || matches!(self.assigns[*i].scope, RWhere::Excl(s) if exclusive.contains(&s))
            })
            .collect();
        if !ok.is_empty() {
            return RDecision::Allowed(ok);
        }
        match exclusive.first() {
            Some(s) if !inside.is_empty() => {
                RDecision::Exclusive(t.identity.clone(), self.scopes[*s].name.clone())
            }
            _ => RDecision::OutOfScope(t.identity.clone()),
        }
    }
}

#[derive(Debug, Clone)]
struct RTarget {
    idx: Option<usize>,
    ou: usize,
    kind: RecipientKind,
    dept: Option<String>,
    managed_by: Vec<usize>,
    identity: String,
}

#[derive(Debug, Clone, PartialEq)]
enum RDecision {
    Allowed(Vec<usize>),
    DelegationOnly,
    NotRecognized,
    ParameterNotFound {
        allowed_nowhere: Vec<String>,
        asked: Vec<String>,
    },
    OutOfScope(String),
    Exclusive(String, String),
}

// ----- checking one organization ----------------------------------------------------

fn check(raw: &Raw) {
    let w = World::build(raw);
    let n_users = raw.users.len();

    // Model sanity: the reference's copy agrees with the organization.
    for (i, r) in w.recs.iter().enumerate() {
        let o = w.org.recipient(r.id).unwrap();
        assert_eq!(
            w.org.recipient_canonical(r.id),
            format!("{}/{}", w.ou_canon[r.ou], r.name)
        );
        if i < n_users {
            let pol = o
                .policy
                .map(|p| w.policies.iter().position(|x| x.0 == p).unwrap());
            assert_eq!(pol, r.policy);
            assert_eq!(o.kind, r.kind);
        }
    }

    for u in 0..n_users {
        let p = w.org.principal(w.recs[u].id);
        // principal(): the groups of the fixpoint, each reached through a real member.
        let got: BTreeSet<RecipientId> = p.groups().into_iter().map(|(g, _)| g).collect();
        let want: BTreeSet<RecipientId> =
            w.ref_groups_of(u).iter().map(|g| w.recs[*g].id).collect();
        assert_eq!(got, want, "groups of U{u}");
        for (g, via) in p.groups() {
            assert!(w.org.recipient(g).unwrap().members.contains(&via));
        }
        // reaching(): exactly the enabled assignments of step 1.
        let got: BTreeSet<String> = w
            .org
            .reaching(&p)
            .iter()
            .map(|c| w.org.assignment(c.assignment).unwrap().name.clone())
            .collect();
        let want: BTreeSet<String> = w
            .ref_reaching(u)
            .iter()
            .map(|i| w.assigns[*i].name.clone())
            .collect();
        assert_eq!(got, want, "assignments reaching U{u}");
        // effective_permissions() lists a cmdlet iff access() grants it with no parameters.
        let listed: BTreeSet<String> = w
            .org
            .effective_permissions(&p)
            .iter()
            .map(|e| e.cmdlet.to_lowercase())
            .collect();
        for c in CMDLETS {
            let reference = matches!(w.ref_decide(u, c, &[], None), RDecision::Allowed(_));
            let engine = w.org.access(&p, c, &[]).is_ok_and(|a| !a.delegation_only);
            assert_eq!(engine, reference, "access U{u} {c}");
            assert_eq!(
                listed.contains(&c.to_lowercase()),
                reference,
                "effective permissions U{u} {c}"
            );
        }
        // Each listed cmdlet's parameters are exactly those a check with that
        // one parameter allows, and each grant names an assignment the
        // reference finds reaching the principal with that entry.
        let reaching = w.ref_reaching(u);
        for ep in w.org.effective_permissions(&p) {
            for q in PARAMS.iter().filter(|q| **q != "WhatIf") {
                let reference = matches!(
                    w.ref_decide(u, &ep.cmdlet, &[q], None),
                    RDecision::Allowed(_)
                );
                let shown = ep.parameters.iter().any(|x| x.eq_ignore_ascii_case(q));
                assert_eq!(
                    shown, reference,
                    "effective parameters U{u} {} {q}",
                    ep.cmdlet
                );
            }
            for g in &ep.grants {
                let i = w
                    .assigns
                    .iter()
                    .position(|a| a.name == g.assignment)
                    .unwrap();
                assert!(
                    reaching.contains(&i) && !w.assigns[i].delegating,
                    "U{u} {}: grant {} doesn't reach",
                    ep.cmdlet,
                    g.assignment
                );
                assert_eq!(g.role, w.roles[w.assigns[i].role].name);
                assert!(w.ref_entry(w.assigns[i].role, &ep.cmdlet).is_some());
            }
        }
    }

    for (user, c, m, tk, ti, dou, ddept) in &raw.requests {
        // Mostly ask as someone some regular assignment reaches.
        let reached: Vec<usize> = (0..n_users)
            .filter(|u| w.ref_reaching(*u).iter().any(|i| !w.assigns[*i].delegating))
            .collect();
        let u = match pick(&reached, *user) {
            Some(r) if *user < 6 => r,
            _ => user % n_users,
        };
        let mut cmdlet = CMDLETS[c % CMDLETS.len()].to_string();
        if *c >= CMDLETS.len() {
            cmdlet = cmdlet.to_lowercase();
        }
        // Two masks and-ed: each parameter is asked for a quarter of the time.
        let params = mask(PARAMS, m.0 & m.1);
        let draft_dept = DEPTS[*ddept as usize].map(str::to_string);
        let draft = Recipient {
            name: "Draft User".into(),
            ou: w.ou_ids[dou % w.ou_ids.len()],
            kind: RecipientKind::UserMailbox,
            attrs: draft_dept
                .iter()
                .map(|d| ("Department".to_string(), d.clone()))
                .collect(),
            enabled: true,
            database: None,
            policy: None,
            members: vec![],
            member_of: vec![],
            managed_by: vec![],
            manager: None,
        };
        let (target, rt) = match tk {
            0 => (Target::None, None),
            1 => (
                Target::Draft(&draft),
                Some(RTarget {
                    idx: None,
                    ou: dou % w.ou_ids.len(),
                    kind: RecipientKind::UserMailbox,
                    dept: draft_dept.clone(),
                    managed_by: vec![],
                    identity: format!("{}/Draft User", w.ou_canon[dou % w.ou_ids.len()]),
                }),
            ),
            _ => {
                let t = ti % w.recs.len();
                let r = &w.recs[t];
                (
                    Target::Recipient(r.id),
                    Some(RTarget {
                        idx: Some(t),
                        ou: r.ou,
                        kind: r.kind,
                        dept: r.dept.clone(),
                        managed_by: r.managed_by.clone(),
                        identity: format!("{}/{}", w.ou_canon[r.ou], r.name),
                    }),
                )
            }
        };
        let want = w.ref_decide(u, &cmdlet, &params, rt.as_ref());
        let got = w.org.decide(w.recs[u].id, &cmdlet, &params, target);
        let ctx = format!(
            "U{u} {cmdlet} {params:?} on {:?}",
            rt.as_ref().map(|t| &t.identity)
        );
        // The check alone (no explanation) gives the same answer and the
        // same error, from a principal and from the user's id.
        let quick = w
            .org
            .check(&w.org.principal(w.recs[u].id), &cmdlet, &params, target);
        assert_eq!(
            (quick.is_ok(), quick.as_ref().err().map(|e| e.to_string())),
            (got.allowed, got.error.clone()),
            "{ctx}: check differs from decide"
        );
        let quick_as = w.org.check_as(w.recs[u].id, &cmdlet, &params, target);
        assert_eq!(quick_as, quick, "{ctx}: check_as differs from check");
        let ex = &got.explanation;
        match &want {
            RDecision::Allowed(ok) => {
                assert!(
                    got.allowed,
                    "{ctx}: engine denied ({:?}), reference allows",
                    got.error
                );
                assert!(got.error.is_none() && ex.failed_step.is_none());
                // The chains name exactly the assignments that allow it...
                let names: BTreeSet<String> =
                    ex.chains.iter().map(|c| c.assignment.clone()).collect();
                let want_names: BTreeSet<String> =
                    ok.iter().map(|i| w.assigns[*i].name.clone()).collect();
                assert_eq!(names, want_names, "{ctx}: chains");
                assert_eq!(ex.chains.len(), ok.len(), "{ctx}: one chain per assignment");
                // ...and each chain is a real path.
                for ch in &ex.chains {
                    check_chain(&w, u, &cmdlet, ch, &ctx);
                }
            }
            RDecision::DelegationOnly => {
                assert!(
                    got.allowed,
                    "{ctx}: delegation-only access denied: {:?}",
                    got.error
                );
                assert!(ex.chains.is_empty());
            }
            RDecision::NotRecognized => {
                assert_eq!(
                    got.error,
                    Some(CoreError::NotRecognized(cmdlet.clone()).to_string()),
                    "{ctx}"
                );
                assert_eq!(ex.failed_step.as_deref(), Some("cmdlet"));
            }
            RDecision::ParameterNotFound {
                allowed_nowhere,
                asked,
            } => {
                let e = got.error.clone().unwrap_or_default();
                let named = asked
                    .iter()
                    .find(|x| e == CoreError::ParameterNotFound(x.to_string()).to_string());
                assert!(
                    named.is_some(),
                    "{ctx}: expected a missing parameter among {asked:?}, got {e}"
                );
                if !allowed_nowhere.is_empty() {
                    assert!(
                        allowed_nowhere.contains(named.unwrap()),
                        "{ctx}: {e} but {allowed_nowhere:?} are allowed nowhere"
                    );
                }
                assert_eq!(ex.failed_step.as_deref(), Some("parameters"));
            }
            RDecision::OutOfScope(id) => {
                assert_eq!(
                    got.error,
                    Some(CoreError::OutOfWriteScope(id.clone()).to_string()),
                    "{ctx}"
                );
                assert_eq!(ex.failed_step.as_deref(), Some("scope"));
            }
            RDecision::Exclusive(id, s) => {
                assert_eq!(
                    got.error,
                    Some(CoreError::ExclusiveScope(id.clone(), s.clone()).to_string()),
                    "{ctx}"
                );
                assert_eq!(ex.failed_step.as_deref(), Some("exclusive"));
            }
        }
        if !got.allowed {
            assert!(ex.chains.is_empty(), "{ctx}: a denial has no chain");
        }
        // who_can() (recipient targets) lists exactly the users the
        // reference allows through a regular assignment, each with exactly
        // the assignments that allow it.
        if rt.is_some() {
            let who = w.org.who_can(&cmdlet, &params, target);
            for v in 0..n_users {
                let want = if v == u {
                    want.clone()
                } else {
                    w.ref_decide(v, &cmdlet, &params, rt.as_ref())
                };
                let found = who.iter().find(|x| x.user == w.recs[v].name);
                assert_eq!(
                    found.is_some(),
                    matches!(want, RDecision::Allowed(_)),
                    "{ctx}: who_can U{v}"
                );
                if let (Some(x), RDecision::Allowed(ok)) = (found, &want) {
                    let mut want_names: Vec<String> =
                        ok.iter().map(|i| w.assigns[*i].name.clone()).collect();
                    want_names.sort();
                    assert_eq!(x.assignments, want_names, "{ctx}: who_can assignments U{v}");
                }
            }
            assert!(
                who.iter()
                    .all(|x| w.recs[..n_users].iter().any(|r| r.name == x.user)),
                "{ctx}: who_can lists someone who isn't a user: {who:?}"
            );
        }
    }
}

/// A chain is a real path: the principal is in its first group, each group
/// in the next, the last is the assignee; the assignment names that assignee
/// and reaches the principal; its role has the entry.
fn check_chain(w: &World, u: usize, cmdlet: &str, ch: &Chain, ctx: &str) {
    let a = w
        .assigns
        .iter()
        .find(|a| a.name == ch.assignment)
        .unwrap_or_else(|| panic!("{ctx}: chain names unknown assignment {}", ch.assignment));
    assert!(a.enabled && !a.delegating, "{ctx}: {}", a.name);
    assert_eq!(ch.principal, w.recs[u].name);
    assert_eq!(ch.role, w.roles[a.role].name);
    let entry = w
        .ref_entry(a.role, cmdlet)
        .unwrap_or_else(|| panic!("{ctx}: role {} lacks {cmdlet}", ch.role));
    assert!(
        ch.entry.starts_with(&format!("{}\\", ch.role)),
        "{ctx}: entry {}",
        ch.entry
    );
    for p in &entry {
        assert!(ch.entry.contains(p.as_str()));
    }
    let by_name = |n: &str| w.recs.iter().position(|r| r.name == n).unwrap();
    match a.assignee {
        RAssignee::User(x) => {
            assert_eq!(x, u);
            assert!(ch.groups.is_empty());
            assert_eq!(ch.assignee_type, "User");
        }
        RAssignee::Policy(x) => {
            assert_eq!(w.ref_policy_of(u), Some(x));
            assert_eq!(ch.assignee, w.policies[x].1);
            assert!(ch.groups.is_empty());
            assert_eq!(ch.assignee_type, "RoleAssignmentPolicy");
        }
        RAssignee::Group(g) => {
            assert_eq!(ch.assignee, w.recs[g].name);
            assert_eq!(ch.groups.last(), Some(&w.recs[g].name), "{ctx}: {ch:?}");
            let mut prev = u;
            for gname in &ch.groups {
                let gi = by_name(gname);
                assert!(
                    w.recs[gi].members.contains(&prev),
                    "{ctx}: {} isn't in {gname}",
                    w.recs[prev].name
                );
                prev = gi;
            }
            let t = if w.recs[g].kind == RecipientKind::RoleGroup {
                "RoleGroup"
            } else {
                "SecurityGroup"
            };
            assert_eq!(ch.assignee_type, t);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]
    #[test]
    fn engine_agrees_with_the_reference(raw in raw()) {
        check(&raw);
    }
}

/// The long run: `EXRBAC_REFERENCE_CASES` random organizations (default
/// 1,000,000), each checked as above; prints the count, the decisions
/// compared and the time. Run it in release:
/// `cargo test --release -p exrbac-core --test reference -- --ignored --nocapture`.
#[test]
#[ignore]
fn engine_agrees_with_the_reference_at_scale() {
    use proptest::test_runner::TestRunner;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let want: usize = std::env::var("EXRBAC_REFERENCE_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let cases = AtomicUsize::new(0);
    let requests = AtomicUsize::new(0);
    let start = std::time::Instant::now();
    let mut runner = TestRunner::new(ProptestConfig {
        source_file: Some(file!()),
        // Failures shrink to a small case, but the run can't be retried
        // cheaply: keep shrinking short.
        max_shrink_iters: 2_000,
        ..ProptestConfig::with_cases(u32::try_from(want).unwrap())
    });
    let result = runner.run(&raw(), |r| {
        let n = cases.fetch_add(1, Ordering::Relaxed) + 1;
        requests.fetch_add(r.requests.len(), Ordering::Relaxed);
        check(&r);
        if n.is_multiple_of(100_000) {
            eprintln!("reference: {n} cases, {:.0?}", start.elapsed());
        }
        Ok(())
    });
    eprintln!(
        "reference: {} cases ({} requests, each also as who-can over every user) in {:.1?}",
        cases.load(Ordering::Relaxed),
        requests.load(Ordering::Relaxed),
        start.elapsed()
    );
    if let Err(e) = result {
        panic!("{e}");
    }
    assert!(cases.load(Ordering::Relaxed) >= want);
}
