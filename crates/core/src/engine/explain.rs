//! Every decision explained: the chain that allowed it, or the nearest misses.

use super::{Candidate, Principal, Target, Via};
use crate::err::CoreError;
use crate::model::*;
use serde::Serialize;
use std::collections::HashMap;

/// The chain principal → groups → assignee → assignment → role → entry → scope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Chain {
    /// The principal.
    pub principal: String,
    /// Groups crossed from the principal to the assignee, outermost last.
    pub groups: Vec<String>,
    /// Who the assignment names.
    pub assignee: String,
    /// User, SecurityGroup, RoleGroup or RoleAssignmentPolicy.
    pub assignee_type: String,
    /// The assignment.
    pub assignment: String,
    /// Its role.
    pub role: String,
    /// The role's entry for the cmdlet.
    pub entry: String,
    /// The write scope that covered the target.
    pub scope: String,
}

/// An assignment that came close, and why it didn't do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NearMiss {
    /// The assignment.
    pub assignment: String,
    /// Its role.
    pub role: String,
    /// Why it doesn't allow the request.
    pub reason: String,
}

/// An explanation of one decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Explanation {
    /// The chains that allow it (empty when denied).
    pub chains: Vec<Chain>,
    /// The step that failed: `cmdlet`, `parameters`, `scope` or `exclusive`.
    pub failed_step: Option<String>,
    /// Near misses at that step.
    pub near_misses: Vec<NearMiss>,
}

/// A decision with its explanation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Decision {
    /// Allowed or not.
    pub allowed: bool,
    /// Exchange's error when denied.
    pub error: Option<String>,
    /// Why.
    pub explanation: Explanation,
}

impl Organization {
    /// The chain through which a candidate reaches the principal.
    pub fn chain(&self, p: &Principal, c: Candidate, cmdlet: &str) -> Chain {
        self.chain_via(p, &p.group_links(), c, cmdlet)
    }

    /// [`Organization::chain`] with the principal's group links worked out
    /// once for all the chains of a decision.
    fn chain_via(
        &self,
        p: &Principal,
        links: &HashMap<RecipientId, RecipientId>,
        c: Candidate,
        cmdlet: &str,
    ) -> Chain {
        let a = self.assignment(c.assignment);
        let groups = match c.via {
            Via::Group(g) => p.path_in(self, links, g),
            _ => Vec::new(),
        };
        let (assignee, assignee_type) = match a {
            Some(a) => (
                self.assignee_name(a.assignee).to_string(),
                self.assignee_type(a.assignee).to_string(),
            ),
            None => (String::new(), String::new()),
        };
        let role = a
            .map(|a| self.role_name(a.role).to_string())
            .unwrap_or_default();
        let entry = a
            .and_then(|a| self.role(a.role))
            .and_then(|r| r.entry(cmdlet))
            .map(|e| {
                if e.parameters.is_empty() {
                    format!("{}\\{}", role, e.name)
                } else {
                    format!("{}\\{} {}", role, e.name, e.parameters.join(","))
                }
            })
            .unwrap_or_default();
        Chain {
            principal: self.recipient_name(p.user).to_string(),
            groups,
            assignee,
            assignee_type,
            assignment: a.map(|a| a.name.clone()).unwrap_or_default(),
            role,
            entry,
            scope: a.map(|a| self.describe_write_scope(a)).unwrap_or_default(),
        }
    }

    /// A write scope in words, as Get-ManagementRoleAssignment shows it.
    pub fn describe_write_scope(&self, a: &Assignment) -> String {
        let r = match a.recipient_write {
            RecipientScope::Relative(v) => v.to_string(),
            RecipientScope::Ou(ou) => format!(
                "OU {}",
                self.ou(ou).map(|o| o.canonical.as_str()).unwrap_or("")
            ),
            RecipientScope::Custom(s) => format!(
                "CustomRecipientScope {}",
                self.scope(s).map(|s| s.name.as_str()).unwrap_or("")
            ),
            RecipientScope::Exclusive(s) => format!(
                "ExclusiveRecipientScope {}",
                self.scope(s).map(|s| s.name.as_str()).unwrap_or("")
            ),
        };
        let c = match a.config_write {
            ConfigScope::Relative(v) => v.to_string(),
            ConfigScope::Custom(s) => format!(
                "CustomConfigScope {}",
                self.scope(s).map(|s| s.name.as_str()).unwrap_or("")
            ),
            ConfigScope::Exclusive(s) => format!(
                "ExclusiveConfigScope {}",
                self.scope(s).map(|s| s.name.as_str()).unwrap_or("")
            ),
        };
        format!("recipient: {r}; config: {c}")
    }

    /// The full decision for a principal, cmdlet, parameters and target,
    /// with its explanation.
    pub fn decide(
        &self,
        user: RecipientId,
        cmdlet: &str,
        parameters: &[&str],
        target: Target<'_>,
    ) -> Decision {
        let p = self.principal(user);
        let access = match self.access(&p, cmdlet, parameters) {
            Ok(a) => a,
            Err(e) => {
                let (step, misses) = match &e {
                    CoreError::NotRecognized(_) => {
                        ("cmdlet", self.roles_with_cmdlet_misses(cmdlet))
                    }
                    _ => (
                        "parameters",
                        self.reaching(&p)
                            .iter()
                            .filter_map(|c| {
                                let a = self.assignment(c.assignment).filter(|a| !a.delegating)?;
                                let role = self.role(a.role)?;
                                let entry = role.entry(cmdlet)?;
                                let missing: Vec<&str> = parameters
                                    .iter()
                                    .copied()
                                    .filter(|q| {
                                        !super::is_common_parameter(q) && !entry.has_parameter(q)
                                    })
                                    .collect();
                                Some(NearMiss {
                                    assignment: a.name.clone(),
                                    role: role.name.clone(),
                                    reason: format!("its entry lacks {}", missing.join(", ")),
                                })
                            })
                            .collect(),
                    ),
                };
                return denied(e, step, misses);
            }
        };
        if access.delegation_only || matches!(target, Target::None) {
            let links = p.group_links();
            let chains = access
                .candidates
                .iter()
                .map(|c| self.chain_via(&p, &links, *c, &access.cmdlet))
                .collect();
            return Decision {
                allowed: true,
                error: None,
                explanation: Explanation {
                    chains,
                    failed_step: None,
                    near_misses: Vec::new(),
                },
            };
        }
        match self.write_check(&p, &access, target) {
            Ok(ok) => Decision {
                allowed: true,
                error: None,
                explanation: Explanation {
                    chains: {
                        let links = p.group_links();
                        ok.iter()
                            .map(|c| self.chain_via(&p, &links, *c, &access.cmdlet))
                            .collect()
                    },
                    failed_step: None,
                    near_misses: Vec::new(),
                },
            },
            Err(e) => {
                let step = if matches!(e, CoreError::ExclusiveScope(..)) {
                    "exclusive"
                } else {
                    "scope"
                };
                let misses = access
                    .candidates
                    .iter()
                    .filter_map(|c| {
                        let a = self.assignment(c.assignment)?;
                        Some(NearMiss {
                            assignment: a.name.clone(),
                            role: self.role_name(a.role).to_string(),
                            reason: format!(
                                "{} doesn't cover {}",
                                self.describe_write_scope(a),
                                self.target_identity(target)
                            ),
                        })
                    })
                    .collect();
                denied(e, step, misses)
            }
        }
    }

    fn roles_with_cmdlet_misses(&self, cmdlet: &str) -> Vec<NearMiss> {
        self.roles()
            .filter(|(_, r)| r.entry(cmdlet).is_some())
            .take(10)
            .map(|(_, r)| NearMiss {
                assignment: String::new(),
                role: r.name.clone(),
                reason: "holds the cmdlet but isn't assigned to the principal".to_string(),
            })
            .collect()
    }
}

fn denied(e: CoreError, step: &str, near_misses: Vec<NearMiss>) -> Decision {
    Decision {
        allowed: false,
        error: Some(e.to_string()),
        explanation: Explanation {
            chains: Vec::new(),
            failed_step: Some(step.to_string()),
            near_misses,
        },
    }
}
