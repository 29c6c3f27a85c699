//! Managing RBAC is itself RBAC (SPEC §3.6): who may hand out a role, and who
//! may change a group's membership.

use super::{Access, Candidate, Principal, Target, Via};
use crate::err::CoreError;
use crate::model::*;
use crate::names;

impl Organization {
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
        let lineage = self.ancestry(role);
        let mut out_of_scope = false;
        for c in self.reaching(p) {
            if matches!(c.via, Via::Policy(_)) {
                continue;
            }
            let Some(a) = self.assignment(c.assignment) else {
                continue;
            };
            if !a.delegating || !lineage.contains(&a.role) {
                continue;
            }
            let covers = match assignee {
                Some(Assignee::User(r)) | Some(Assignee::Group(r)) => {
                    self.recipient_scope_covers(p, a.recipient_write, Target::Recipient(r))
                        || matches!(
                            a.recipient_write,
                            RecipientScope::Relative(ScopeValue::Organization)
                        )
                }
                // A policy is configuration: any delegating assignment of the
                // role may hand it to a policy.
                Some(Assignee::Policy(_)) | None => true,
            };
            if covers {
                return Ok(c);
            }
            out_of_scope = true;
        }
        let _ = out_of_scope;
        let name = match assignee {
            Some(a) => format!("{}-{}", self.role_name(role), self.assignee_name(a)),
            None => self.role_name(role).to_string(),
        };
        Err(CoreError::NoDelegatingAssignment(name))
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
    /// descendants): the shell computes this once per command line, so a
    /// pipeline that removes the caller's own delegating assignment half-way
    /// is judged on the state it started from.
    pub fn delegable_roles(&self, p: &Principal) -> Vec<RoleId> {
        let mut out = Vec::new();
        for c in self.reaching(p) {
            if matches!(c.via, Via::Policy(_)) {
                continue;
            }
            let Some(a) = self.assignment(c.assignment) else {
                continue;
            };
            if a.delegating && !out.contains(&a.role) {
                out.push(a.role);
                out.extend(self.descendants(a.role));
            }
        }
        out.sort();
        out.dedup();
        out
    }
}
