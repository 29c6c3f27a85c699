//! Decision requests drawn from an organization as a client of the engine
//! would ask them: who, which cmdlet with which parameters, on what. The mix
//! covers the paths a decision can take — allowed in scope, denied out of
//! scope, deep group nesting, exclusive scopes, a missing parameter,
//! self-service through a policy, and users with no admin role at all.

use crate::rng::Rng;
use exrbac_core::*;

/// How a request was drawn; what the engine answers is its own business
/// (an in-scope request can still meet an exclusive scope, say).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RequestClass {
    /// An admin, assigned directly or a direct member of the assignee
    /// group, acting on a recipient inside the assignment's write scope.
    InScope,
    /// Like `InScope`, but the principal reaches the assignee group through
    /// the deepest chain of nested security groups found.
    DeepNesting,
    /// An admin with a narrowed write scope acting on a recipient outside
    /// every write scope its grants of the cmdlet have.
    OutOfScope,
    /// A target an exclusive scope protects: asked by an admin holding that
    /// exclusive assignment, or by an ordinary organization-wide admin.
    Exclusive,
    /// An admin of a custom role asking for a parameter its pruned entry
    /// lacks (the built-in parent has it).
    MissingParameter,
    /// A mailbox user changing its own settings through its role assignment
    /// policy, now and then someone else's.
    SelfService,
    /// A user who holds no admin assignment trying an admin cmdlet.
    Unprivileged,
}

impl RequestClass {
    /// Every class, in the order of the enum.
    pub const ALL: [RequestClass; 7] = [
        RequestClass::InScope,
        RequestClass::DeepNesting,
        RequestClass::OutOfScope,
        RequestClass::Exclusive,
        RequestClass::MissingParameter,
        RequestClass::SelfService,
        RequestClass::Unprivileged,
    ];

    /// A short lowercase name (for bench ids and reports).
    pub fn as_str(self) -> &'static str {
        match self {
            RequestClass::InScope => "in-scope",
            RequestClass::DeepNesting => "deep-nesting",
            RequestClass::OutOfScope => "out-of-scope",
            RequestClass::Exclusive => "exclusive",
            RequestClass::MissingParameter => "missing-parameter",
            RequestClass::SelfService => "self-service",
            RequestClass::Unprivileged => "unprivileged",
        }
    }

    /// Share of the mix, in percent.
    fn weight(self) -> u32 {
        match self {
            RequestClass::InScope => 28,
            RequestClass::DeepNesting => 14,
            RequestClass::OutOfScope => 14,
            RequestClass::Exclusive => 12,
            RequestClass::MissingParameter => 8,
            RequestClass::SelfService => 14,
            RequestClass::Unprivileged => 10,
        }
    }
}

/// One decision request: `principal` runs `cmdlet` with `parameters` on `target`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// How it was drawn.
    pub class: RequestClass,
    /// The user asking.
    pub principal: RecipientId,
    /// The cmdlet.
    pub cmdlet: String,
    /// The parameters given (names only, `Identity` included when the cmdlet takes it).
    pub parameters: Vec<String>,
    /// The recipient acted on; `None` for a request without a target.
    pub target: Option<RecipientId>,
    /// Group memberships crossed from the principal to the assignee the
    /// request was drawn from: 0 for a direct assignment (or none), 1 for a
    /// direct member of the assignee group, and so on.
    pub nesting: usize,
}

impl Request {
    /// The target as the engine takes it.
    pub fn target(&self) -> Target<'static> {
        match self.target {
            Some(t) => Target::Recipient(t),
            None => Target::None,
        }
    }

    /// The parameters as the engine takes them.
    pub fn parameter_names(&self) -> Vec<&str> {
        self.parameters.iter().map(String::as_str).collect()
    }

    /// Steps 1–4 of the decision, the principal resolved afresh.
    pub fn check(&self, org: &Organization) -> Result<(), CoreError> {
        org.check_as(
            self.principal,
            &self.cmdlet,
            &self.parameter_names(),
            self.target(),
        )
    }

    /// The explained decision.
    pub fn decide(&self, org: &Organization) -> Decision {
        org.decide(
            self.principal,
            &self.cmdlet,
            &self.parameter_names(),
            self.target(),
        )
    }
}

/// Write cmdlets the sampler asks for, with the kinds of recipient each acts on.
const WRITES: &[(&str, &[RecipientKind])] = &[
    ("Set-Mailbox", &[RecipientKind::UserMailbox]),
    (
        "Set-User",
        &[
            RecipientKind::User,
            RecipientKind::UserMailbox,
            RecipientKind::MailUser,
        ],
    ),
    ("Set-CASMailbox", &[RecipientKind::UserMailbox]),
    ("Set-MailUser", &[RecipientKind::MailUser]),
    ("Set-MailContact", &[RecipientKind::MailContact]),
    ("Set-Contact", &[RecipientKind::MailContact]),
    (
        "Set-DistributionGroup",
        &[
            RecipientKind::DistributionGroup,
            RecipientKind::MailSecurityGroup,
        ],
    ),
    (
        "Add-DistributionGroupMember",
        &[
            RecipientKind::DistributionGroup,
            RecipientKind::MailSecurityGroup,
        ],
    ),
    (
        "Remove-DistributionGroupMember",
        &[
            RecipientKind::DistributionGroup,
            RecipientKind::MailSecurityGroup,
        ],
    ),
    (
        "Set-Group",
        &[
            RecipientKind::SecurityGroup,
            RecipientKind::DistributionGroup,
            RecipientKind::MailSecurityGroup,
        ],
    ),
    ("Disable-Mailbox", &[RecipientKind::UserMailbox]),
    (
        "Set-MailboxAutoReplyConfiguration",
        &[RecipientKind::UserMailbox],
    ),
];

/// What end users change about themselves (each through some end-user role).
const SELF_SERVICE: &[(&str, &[&str])] = &[
    ("Set-User", &["Identity", "Phone"]),
    ("Set-User", &["Identity", "Office"]),
    ("Set-User", &["Identity", "MobilePhone"]),
    ("Set-Mailbox", &["Identity", "DisplayName"]),
    ("Set-CASMailbox", &["Identity", "ShowGalAsDefaultView"]),
    (
        "Set-MailboxAutoReplyConfiguration",
        &["Identity", "AutoReplyState"],
    ),
    ("Set-User", &["Identity", "Title"]),
];

/// What someone without admin rights tries anyway.
const ADMIN_ONLY: &[(&str, &[&str], RecipientKind)] = &[
    (
        "Set-Mailbox",
        &["Identity", "ProhibitSendQuota"],
        RecipientKind::UserMailbox,
    ),
    (
        "Set-User",
        &["Identity", "Department"],
        RecipientKind::UserMailbox,
    ),
    (
        "Set-DistributionGroup",
        &["Identity", "ManagedBy"],
        RecipientKind::DistributionGroup,
    ),
    (
        "Add-DistributionGroupMember",
        &["Identity", "Member"],
        RecipientKind::DistributionGroup,
    ),
    ("Disable-Mailbox", &["Identity"], RecipientKind::UserMailbox),
    (
        "Set-MailContact",
        &["Identity", "ExternalEmailAddress"],
        RecipientKind::MailContact,
    ),
];

const KINDS: usize = 8;

fn kind_index(k: RecipientKind) -> usize {
    match k {
        RecipientKind::User => 0,
        RecipientKind::UserMailbox => 1,
        RecipientKind::MailUser => 2,
        RecipientKind::MailContact => 3,
        RecipientKind::SecurityGroup => 4,
        RecipientKind::DistributionGroup => 5,
        RecipientKind::MailSecurityGroup => 6,
        RecipientKind::RoleGroup => 7,
    }
}

/// What the sampler draws from, gathered in one pass over the organization.
struct Pools<'o> {
    org: &'o Organization,
    by_kind: Vec<Vec<RecipientId>>,
    /// Enabled mailbox users: who self-service and unprivileged requests come from.
    mailbox_users: Vec<RecipientId>,
    /// Regular, enabled assignments to users and groups whose role has a write cmdlet.
    admin: Vec<AssignmentId>,
    /// Those of `admin` with a narrowed (custom or OU) write scope.
    narrowed: Vec<AssignmentId>,
    /// Those of `admin` to a group holding a security group.
    nested: Vec<AssignmentId>,
    /// Those of `admin` writing the whole organization with Set-Mailbox.
    org_wide: Vec<AssignmentId>,
    /// Those of `admin` with an exclusive write scope.
    exclusive: Vec<AssignmentId>,
    /// Custom-role ones with an entry narrower than the built-in ancestor's.
    pruned: Vec<AssignmentId>,
    /// Recipients some exclusive scope matches (found lazily).
    protected: Option<Vec<RecipientId>>,
}

/// `n` decision requests drawn from `org`, the same for the same seed and
/// organization. The mix (see [`RequestClass`]) holds both allowed and denied
/// requests; a class the organization can't produce (no exclusive scope, say)
/// is made up by the others.
pub fn sample_requests(org: &Organization, n: usize, seed: u64) -> Vec<Request> {
    let mut rng = Rng::new(seed, 0x0052_4551_5545_5354);
    let mut pools = Pools::new(org);
    let weights: Vec<u32> = RequestClass::ALL.iter().map(|c| c.weight()).collect();
    let mut out = Vec::with_capacity(n);
    let mut attempts = 0usize;
    while out.len() < n && attempts < n * 20 + 100 {
        attempts += 1;
        let Some(class) = rng
            .weighted(&weights)
            .and_then(|i| RequestClass::ALL.get(i))
            .copied()
        else {
            break;
        };
        let drawn = match class {
            RequestClass::InScope => pools.in_scope(&mut rng, false),
            RequestClass::DeepNesting => pools.in_scope(&mut rng, true),
            RequestClass::OutOfScope => pools.out_of_scope(&mut rng),
            RequestClass::Exclusive => pools.exclusive(&mut rng),
            RequestClass::MissingParameter => pools.missing_parameter(&mut rng),
            RequestClass::SelfService => pools.self_service(&mut rng),
            RequestClass::Unprivileged => pools.unprivileged(&mut rng),
        };
        if let Some(r) = drawn {
            out.push(r);
        }
    }
    out
}

impl<'o> Pools<'o> {
    fn new(org: &'o Organization) -> Pools<'o> {
        let mut by_kind = vec![Vec::new(); KINDS];
        let mut mailbox_users = Vec::new();
        for (id, r) in org.recipients() {
            if let Some(v) = by_kind.get_mut(kind_index(r.kind)) {
                v.push(id);
            }
            if r.kind == RecipientKind::UserMailbox && r.enabled {
                mailbox_users.push(id);
            }
        }
        let mut p = Pools {
            org,
            by_kind,
            mailbox_users,
            admin: Vec::new(),
            narrowed: Vec::new(),
            nested: Vec::new(),
            org_wide: Vec::new(),
            exclusive: Vec::new(),
            pruned: Vec::new(),
            protected: None,
        };
        for (aid, a) in org.assignments() {
            if a.delegating || !a.enabled || matches!(a.assignee, Assignee::Policy(_)) {
                continue;
            }
            let Some(role) = org.role(a.role) else {
                continue;
            };
            let writes = writes_of(role);
            if writes.is_empty() {
                continue;
            }
            p.admin.push(aid);
            match a.recipient_write {
                RecipientScope::Custom(_) | RecipientScope::Ou(_) => p.narrowed.push(aid),
                RecipientScope::Exclusive(_) => p.exclusive.push(aid),
                RecipientScope::Relative(ScopeValue::Organization) => {
                    if role.entry("Set-Mailbox").is_some() {
                        p.org_wide.push(aid);
                    }
                }
                RecipientScope::Relative(_) => {}
            }
            if let Assignee::Group(g) = a.assignee
                && org.recipient(g).is_some_and(|r| {
                    r.members.iter().any(|m| {
                        org.recipient(*m)
                            .is_some_and(|x| x.kind.is_security_group())
                    })
                })
            {
                p.nested.push(aid);
            }
            if !role.builtin && has_pruned_params(org, a.role) {
                p.pruned.push(aid);
            }
        }
        p
    }

    fn kind_pool(&self, k: RecipientKind) -> &[RecipientId] {
        self.by_kind
            .get(kind_index(k))
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// A user the assignment reaches, with the memberships crossed. Walks
    /// down the assignee group's security-group members (distribution
    /// groups carry no role membership), deep first when asked.
    fn principal_for(
        &self,
        rng: &mut Rng,
        a: &Assignment,
        deep: bool,
    ) -> Option<(RecipientId, usize)> {
        let org = self.org;
        let mut cur = match a.assignee {
            Assignee::User(u) => return Some((u, 0)),
            Assignee::Group(g) => g,
            Assignee::Policy(_) => return None,
        };
        let mut depth = 1;
        for _ in 0..16 {
            let r = org.recipient(cur)?;
            let mut groups = Vec::new();
            let mut users = Vec::new();
            for m in &r.members {
                match org.recipient(*m) {
                    Some(x) if x.kind.is_security_group() => groups.push(*m),
                    Some(x) if x.kind.is_user() && x.enabled => users.push(*m),
                    _ => {}
                }
            }
            let down = !groups.is_empty() && (deep || users.is_empty() || rng.chance(0.2));
            if down {
                cur = *rng.pick(&groups)?;
                depth += 1;
            } else {
                return rng.pick(&users).map(|u| (*u, depth));
            }
        }
        None
    }

    /// A write cmdlet of the role with some of its entry's parameters, and
    /// the kinds of recipient it acts on.
    fn write_call(
        &self,
        rng: &mut Rng,
        role: RoleId,
    ) -> Option<(String, Vec<String>, &'static [RecipientKind])> {
        let r = self.org.role(role)?;
        let writes = writes_of(r);
        let (cmdlet, kinds) = WRITES.get(*rng.pick(&writes)?)?;
        let entry = r.entry(cmdlet)?;
        let mut params: Vec<String> = entry
            .parameters
            .iter()
            .filter(|p| p.eq_ignore_ascii_case("Identity"))
            .cloned()
            .collect();
        let others: Vec<&String> = entry
            .parameters
            .iter()
            .filter(|p| !p.eq_ignore_ascii_case("Identity"))
            .collect();
        let k = rng.range(1, 2);
        for i in rng.distinct(others.len(), k) {
            if let Some(p) = others.get(i) {
                params.push((*p).clone());
            }
        }
        Some((entry.name.clone(), params, kinds))
    }

    /// A recipient of one of `kinds` that `want` accepts, by rejection.
    fn target_where(
        &self,
        rng: &mut Rng,
        kinds: &[RecipientKind],
        want: impl Fn(RecipientId) -> bool,
    ) -> Option<RecipientId> {
        let kinds: Vec<RecipientKind> = kinds
            .iter()
            .copied()
            .filter(|k| !self.kind_pool(*k).is_empty())
            .collect();
        for _ in 0..256 {
            let k = *rng.pick(&kinds)?;
            let t = *rng.pick(self.kind_pool(k))?;
            if want(t) {
                return Some(t);
            }
        }
        None
    }

    fn in_scope(&mut self, rng: &mut Rng, deep: bool) -> Option<Request> {
        let org = self.org;
        let pool = if deep { &self.nested } else { &self.admin };
        let aid = *rng.pick(pool)?;
        let a = org.assignment(aid)?;
        let (user, nesting) = if deep {
            // The deepest of a few walks: chains branch, and a walk can stop early.
            (0..8)
                .filter_map(|_| self.principal_for(rng, a, true))
                .max_by_key(|(_, d)| *d)?
        } else {
            self.principal_for(rng, a, false)?
        };
        let (cmdlet, parameters, kinds) = self.write_call(rng, a.role)?;
        let p = org.principal(user);
        let target = self.target_where(rng, kinds, |t| {
            org.recipient_scope_covers(&p, a.recipient_write, Target::Recipient(t))
        })?;
        Some(Request {
            class: if deep {
                RequestClass::DeepNesting
            } else {
                RequestClass::InScope
            },
            principal: user,
            cmdlet,
            parameters,
            target: Some(target),
            nesting,
        })
    }

    fn out_of_scope(&mut self, rng: &mut Rng) -> Option<Request> {
        let org = self.org;
        let aid = *rng.pick(&self.narrowed)?;
        let a = org.assignment(aid)?;
        let (user, nesting) = self.principal_for(rng, a, false)?;
        let (cmdlet, parameters, kinds) = self.write_call(rng, a.role)?;
        let p = org.principal(user);
        // Outside every grant of the cmdlet the principal holds, not just this
        // assignment's: otherwise an organization-wide grant elsewhere makes
        // most of these allowed. Admins with such a grant yield nothing here.
        let names: Vec<&str> = parameters.iter().map(String::as_str).collect();
        let access = org.access(&p, &cmdlet, &names).ok()?;
        let target = self.target_where(rng, kinds, |t| {
            matches!(
                org.write_check(&p, &access, Target::Recipient(t)),
                Err(CoreError::OutOfWriteScope(_))
            )
        })?;
        Some(Request {
            class: RequestClass::OutOfScope,
            principal: user,
            cmdlet,
            parameters,
            target: Some(target),
            nesting,
        })
    }

    fn protected(&mut self, rng: &mut Rng) -> &[RecipientId] {
        if self.protected.is_none() {
            let org = self.org;
            let mailboxes = self.kind_pool(RecipientKind::UserMailbox);
            let mut found: Vec<RecipientId> = Vec::new();
            // Exclusive scopes match a few percent of mailboxes at most; a
            // bounded search keeps a huge organization from stalling here.
            for _ in 0..20_000 {
                if found.len() >= 128 {
                    break;
                }
                let Some(t) = rng.pick(mailboxes).copied() else {
                    break;
                };
                if !found.contains(&t)
                    && !org
                        .exclusive_scopes_matching(Target::Recipient(t))
                        .is_empty()
                {
                    found.push(t);
                }
            }
            self.protected = Some(found);
        }
        self.protected.as_deref().unwrap_or(&[])
    }

    fn exclusive(&mut self, rng: &mut Rng) -> Option<Request> {
        let org = self.org;
        let protected = self.protected(rng).to_vec();
        if protected.is_empty() {
            return None;
        }
        // Half by the exclusive scope's own admins, half by ordinary ones.
        let own = rng.chance(0.5) && !self.exclusive.is_empty();
        let (aid, target) = if own {
            let aid = *rng.pick(&self.exclusive)?;
            let RecipientScope::Exclusive(s) = org.assignment(aid)?.recipient_write else {
                return None;
            };
            let mine: Vec<RecipientId> = protected
                .iter()
                .copied()
                .filter(|t| org.scope_matches(s, Target::Recipient(*t)))
                .collect();
            (aid, *rng.pick(&mine)?)
        } else {
            (*rng.pick(&self.org_wide)?, *rng.pick(&protected)?)
        };
        let a = org.assignment(aid)?;
        let (user, nesting) = self.principal_for(rng, a, false)?;
        let entry = org.role(a.role)?.entry("Set-Mailbox")?;
        let mut parameters = vec!["Identity".to_string()];
        if let Some(p) = entry
            .parameters
            .iter()
            .find(|p| !p.eq_ignore_ascii_case("Identity"))
        {
            parameters.push(p.clone());
        }
        parameters.retain(|p| entry.has_parameter(p));
        Some(Request {
            class: RequestClass::Exclusive,
            principal: user,
            cmdlet: entry.name.clone(),
            parameters,
            target: Some(target),
            nesting,
        })
    }

    fn missing_parameter(&mut self, rng: &mut Rng) -> Option<Request> {
        let org = self.org;
        let aid = *rng.pick(&self.pruned)?;
        let a = org.assignment(aid)?;
        let (user, nesting) = self.principal_for(rng, a, false)?;
        let missing = pruned_params(org, a.role);
        let (cmdlet, param) = rng.pick(&missing)?.clone();
        let kinds = WRITES
            .iter()
            .find(|(c, _)| c.eq_ignore_ascii_case(&cmdlet))
            .map(|(_, k)| *k)
            .unwrap_or(&[RecipientKind::UserMailbox]);
        let target = self.target_where(rng, kinds, |_| true)?;
        Some(Request {
            class: RequestClass::MissingParameter,
            principal: user,
            cmdlet,
            parameters: vec!["Identity".to_string(), param],
            target: Some(target),
            nesting,
        })
    }

    fn self_service(&mut self, rng: &mut Rng) -> Option<Request> {
        let user = *rng.pick(&self.mailbox_users)?;
        let (cmdlet, params) = rng.pick(SELF_SERVICE)?;
        // Mostly themselves; now and then a colleague, which Self doesn't cover.
        let target = if rng.chance(0.75) {
            user
        } else {
            *rng.pick(&self.mailbox_users)?
        };
        Some(Request {
            class: RequestClass::SelfService,
            principal: user,
            cmdlet: cmdlet.to_string(),
            parameters: params.iter().map(|p| p.to_string()).collect(),
            target: Some(target),
            nesting: 0,
        })
    }

    fn unprivileged(&mut self, rng: &mut Rng) -> Option<Request> {
        let org = self.org;
        let user = (0..8).find_map(|_| {
            let u = *rng.pick(&self.mailbox_users)?;
            let p = org.principal(u);
            let admin = org
                .reaching(&p)
                .iter()
                .any(|c| !matches!(c.via, Via::Policy(_)));
            (!admin).then_some(u)
        })?;
        let (cmdlet, params, kind) = rng.pick(ADMIN_ONLY)?;
        let target = *rng.pick(self.kind_pool(*kind))?;
        Some(Request {
            class: RequestClass::Unprivileged,
            principal: user,
            cmdlet: cmdlet.to_string(),
            parameters: params.iter().map(|p| p.to_string()).collect(),
            target: Some(target),
            nesting: 0,
        })
    }
}

/// Indices into [`WRITES`] of the cmdlets the role holds.
fn writes_of(role: &Role) -> Vec<usize> {
    WRITES
        .iter()
        .enumerate()
        .filter(|(_, (c, _))| role.entry(c).is_some())
        .map(|(i, _)| i)
        .collect()
}

/// Whether [`pruned_params`] would find anything. A child's entry holds a
/// subset of its ancestor's parameters, so comparing counts is enough.
fn has_pruned_params(org: &Organization, role: RoleId) -> bool {
    let Some(r) = org.role(role) else {
        return false;
    };
    let Some(root) = org.ancestry(role).last().and_then(|x| org.role(*x)) else {
        return false;
    };
    WRITES
        .iter()
        .any(|(cmdlet, _)| match (r.entry(cmdlet), root.entry(cmdlet)) {
            (Some(mine), Some(theirs)) => mine.parameters.len() < theirs.parameters.len(),
            _ => false,
        })
}

/// (cmdlet, parameter) pairs of write cmdlets that the role's built-in
/// ancestor allows and the role itself doesn't.
fn pruned_params(org: &Organization, role: RoleId) -> Vec<(String, String)> {
    let Some(r) = org.role(role) else {
        return Vec::new();
    };
    let Some(root) = org.ancestry(role).last().and_then(|x| org.role(*x)) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (cmdlet, _) in WRITES {
        let (Some(mine), Some(theirs)) = (r.entry(cmdlet), root.entry(cmdlet)) else {
            continue;
        };
        for p in &theirs.parameters {
            if !mine.has_parameter(p) {
                out.push((mine.name.clone(), p.clone()));
            }
        }
    }
    out
}
