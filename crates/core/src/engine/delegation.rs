//! Managing RBAC is itself RBAC (SPEC §3.6): who may hand out a role, and who
//! may change a group's membership.

use super::{Access, Candidate, Principal, Target, Via};
use crate::err::CoreError;
use crate::model::*;
use crate::names;

/// A delegating assignment that reaches a principal, copied when read: a
/// command line is judged on the delegations it started with, even when it
/// removes one half-way (docs/semantics.md §2.2).
#[derive(Debug, Clone)]
pub struct Delegation {
    /// The assignment and how it reaches the principal.
    pub candidate: Candidate,
    /// Its role: that role and every descendant may be handed out.
    pub role: RoleId,
    /// Its recipient write scope: whom the role may be given to, and the
    /// widest recipient write scope the new assignment may have.
    pub recipient_write: RecipientScope,
    /// Its configuration write scope: the widest the new assignment may have.
    pub config_write: ConfigScope,
    /// No recipient write scope narrower than its role's implicit one.
    pub recipient_unscoped: bool,
    /// No configuration write scope narrower than its role's implicit one.
    pub config_unscoped: bool,
}

impl Organization {
    /// The enabled delegating assignments that reach the principal (never
    /// through a policy: policies hold no delegating assignments).
    pub fn delegations(&self, p: &Principal) -> Vec<Delegation> {
        let mut out = Vec::new();
        for c in self.reaching(p) {
            if matches!(c.via, Via::Policy(_)) {
                continue;
            }
            let Some(a) = self.assignment(c.assignment).filter(|a| a.delegating) else {
                continue;
            };
            let implicit = self.role(a.role).map(|r| r.implicit);
            out.push(Delegation {
                candidate: c,
                role: a.role,
                recipient_write: a.recipient_write,
                config_write: a.config_write,
                recipient_unscoped: matches!(
                    a.recipient_write,
                    RecipientScope::Relative(ScopeValue::Organization)
                ) || implicit.is_some_and(|i| {
                    a.recipient_write == RecipientScope::Relative(i.recipient_write)
                }),
                config_unscoped: matches!(
                    a.config_write,
                    ConfigScope::Relative(ScopeValue::OrganizationConfig)
                ) || implicit
                    .is_some_and(|i| a.config_write == ConfigScope::Relative(i.config_write)),
            });
        }
        out
    }

    /// The delegating assignment that lets the principal assign `role` (or a
    /// descendant of a role it may delegate) to `assignee`. A scoped
    /// delegating assignment only reaches assignees inside its scope.
    /// Policies never hold delegating assignments, so they never count.
    pub fn delegating_for(
        &self,
        p: &Principal,
        role: RoleId,
        assignee: Option<Assignee>,
    ) -> Result<Candidate, CoreError> {
        self.delegation_for(p, &self.delegations(p), role, assignee, None)
    }

    /// Which of the delegations `held` (see [`Organization::delegations`])
    /// lets the principal create or change an assignment of `role` to
    /// `assignee` whose write scopes would be `scopes` (`None`: don't look
    /// at scopes). One delegating assignment must do all of it:
    /// - its role is `role` or an ancestor of it;
    /// - its recipient write scope covers the assignee, unless it has none
    ///   narrower than its role's (a policy or no assignee: always);
    /// - the new scopes are no wider than its own: anything under an
    ///   unscoped delegating assignment; otherwise the same scope, an OU
    ///   within its OU, or no write at all (`None`). Custom and exclusive
    ///   scopes, and relative ones such as Self, count only when they are
    ///   the very scope it has, since nothing tells that one filter lies
    ///   within another.
    ///
    /// Microsoft documents the first two (docs/semantics.md §2.2); the scope
    /// ceiling is the safe reading: without it a delegate could give
    /// themself the role with a wider scope than they may hand it out with.
    pub fn delegation_for(
        &self,
        p: &Principal,
        held: &[Delegation],
        role: RoleId,
        assignee: Option<Assignee>,
        scopes: Option<(RecipientScope, ConfigScope)>,
    ) -> Result<Candidate, CoreError> {
        let lineage = self.ancestry(role);
        for d in held {
            if !lineage.contains(&d.role) {
                continue;
            }
            let reaches = match assignee {
                Some(Assignee::User(r)) | Some(Assignee::Group(r)) => {
                    d.recipient_unscoped
                        || self.recipient_scope_covers(p, d.recipient_write, Target::Recipient(r))
                }
                // A policy is configuration: the scope ceiling below decides
                // (its assignments carry the role's implicit scopes).
                Some(Assignee::Policy(_)) | None => true,
            };
            let within = scopes
                .is_none_or(|(rw, cw)| self.recipient_within(d, rw) && Self::config_within(d, cw));
            if reaches && within {
                return Ok(d.candidate);
            }
        }
        let name = match assignee {
            Some(a) => format!("{}-{}", self.role_name(role), self.assignee_name(a)),
            None => self.role_name(role).to_string(),
        };
        Err(CoreError::NoDelegatingAssignment(name))
    }

    /// Whether a recipient write scope is no wider than a delegation's.
    fn recipient_within(&self, d: &Delegation, scope: RecipientScope) -> bool {
        if d.recipient_unscoped {
            return true;
        }
        match (d.recipient_write, scope) {
            (_, RecipientScope::Relative(ScopeValue::None | ScopeValue::NotApplicable)) => true,
            (RecipientScope::Ou(outer), RecipientScope::Ou(inner)) => self.ou_within(inner, outer),
            (outer, inner) => outer == inner,
        }
    }

    /// Whether a configuration write scope is no wider than a delegation's.
    fn config_within(d: &Delegation, scope: ConfigScope) -> bool {
        d.config_unscoped
            || matches!(
                scope,
                ConfigScope::Relative(ScopeValue::None | ScopeValue::NotApplicable)
            )
            || d.config_write == scope
    }

    /// Whether the principal is a member (transitively) of Organization Management.
    pub fn is_organization_management_member(&self, p: &Principal) -> bool {
        self.recipient_by_name(well_known::ORGANIZATION_MANAGEMENT)
            .is_some_and(|om| p.in_group(om))
    }

    /// Whether the principal may change a group (its membership, settings
    /// or existence) with the cmdlet `access` grants, run against `group`.
    ///
    /// Three rules, each documented or the safe reading of the docs (see
    /// docs/semantics.md §2.6):
    /// - the group is a recipient like any other: some assignment that
    ///   grants the cmdlet with its parameters must have the group in its
    ///   write scope (else Exchange's write-scope error);
    /// - an owner (ManagedBy, directly or through a group) may then change it;
    /// - anyone else needs authority over groups of that kind: membership of
    ///   Organization Management, or one of those covering assignments being
    ///   of the role type Microsoft names for the kind (Role Management for
    ///   role groups; Security Group Creation and Membership, or Role
    ///   Management, whose entries Microsoft lists with the same cmdlets, for
    ///   other security groups). Holding such a role for other cmdlets, or
    ///   with a scope that misses the group, confers nothing. The authority
    ///   acts on a group without managers directly, and on a managed group
    ///   only with `-BypassSecurityGroupManagerCheck`.
    pub fn may_manage_group(
        &self,
        p: &Principal,
        group: RecipientId,
        access: &Access,
        bypass: bool,
    ) -> Result<(), CoreError> {
        let Some(g) = self.recipient(group) else {
            return Err(CoreError::Invalid("The group doesn't exist.".to_string()));
        };
        let covering = self.write_check(p, access, Target::Recipient(group))?;
        if g.managed_by.iter().any(|o| *o == p.user || p.in_group(*o)) {
            return Ok(());
        }
        let kinds: &[&str] = if g.kind == RecipientKind::RoleGroup {
            &["RoleManagement"]
        } else {
            &["SecurityGroupCreationAndMembership", "RoleManagement"]
        };
        let authority = self.is_organization_management_member(p)
            || covering.iter().any(|c| {
                self.assignment(c.assignment)
                    .and_then(|a| self.role(a.role))
                    .is_some_and(|r| kinds.iter().any(|k| names::eq(&r.role_type, k)))
            });
        // A group without managers has no manager check to bypass: the
        // authority acts on it directly.
        if authority && (bypass || g.managed_by.is_empty()) {
            return Ok(());
        }
        Err(CoreError::NotGroupManager)
    }

    /// Whether the grant of the cmdlet being run (`access`) lets it act on
    /// unscoped roles: one of the assignments that grant the cmdlet with the
    /// parameters used must be of the Unscoped Role Management type.
    /// Holding that role for other cmdlets confers nothing here, as with the
    /// bypass authority of [`Organization::may_manage_group`]; Organization
    /// Management is no exception (Microsoft: the role "isn't assigned to any
    /// role groups", add it to one to use it). Delegating assignments grant
    /// no cmdlet, so a caller whose grant is delegation only never qualifies.
    pub fn may_manage_unscoped(&self, access: &Access) -> bool {
        access.candidates.iter().any(|c| {
            self.assignment(c.assignment)
                .filter(|a| !a.delegating)
                .and_then(|a| self.role(a.role))
                .is_some_and(|r| names::eq(&r.role_type, "UnScopedRoleManagement"))
        })
    }

    /// The roles the principal may delegate right now (each with its
    /// descendants), whatever the scope of the delegating assignments.
    pub fn delegable_roles(&self, p: &Principal) -> Vec<RoleId> {
        let mut out = Vec::new();
        for d in self.delegations(p) {
            if !out.contains(&d.role) {
                out.push(d.role);
                out.extend(self.descendants(d.role));
            }
        }
        out.sort();
        out.dedup();
        out
    }
}
