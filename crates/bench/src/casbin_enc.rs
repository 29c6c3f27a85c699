//! The organization in casbin-rs: RBAC with domains.
//!
//! The domain is the organization (tenant). `g` holds security membership —
//! user → security group → security group, and mailbox → its role
//! assignment policy — plus, for the MyDistributionGroups scope, owner →
//! `own:<group>`. `g2` (resource roles) places each recipient under its OU
//! (OUs under their parents, the root under `org`), under `mygal` when it
//! is mail-enabled, under each custom scope it matches, and under each
//! exclusive scope it matches (those under `protected`). casbin has no
//! attribute filters, so which recipients a scope matches is worked out
//! when the policy is loaded (by exrbac's own OPATH evaluator) and not at
//! decision time: casbin's measured time leaves filter evaluation out, a
//! lower bound of what it would cost.
//!
//! A policy line per assignment and cmdlet: assignee, domain, scope node,
//! cmdlet, the entry's parameters, and whether the scope is exclusive.
//! Lines are sliced per cmdlet (one enforcer each, sharing one role
//! manager), as the Cedar policies are.

use crate::{BenchError, Call};
use casbin::function_map::OperatorFunction;
use casbin::rhai::Dynamic;
use casbin::{CoreApi, DefaultModel, Enforcer, MemoryAdapter, MgmtApi};
use exrbac_core::*;
use std::collections::{BTreeSet, HashMap};

const MODEL: &str = r#"
[request_definition]
r = sub, dom, obj, act, params

[policy_definition]
p = sub, dom, obj, act, params, excl

[role_definition]
g = _, _, _
g2 = _, _

[policy_effect]
e = some(where (p.eft == allow))

[matchers]
m = g(r.sub, p.sub, r.dom) && r.dom == p.dom && r.act == p.act && within(r.params, p.params) && (g2(r.obj, p.obj) || (r.obj == r.sub && (p.obj == "self" || p.obj == "mygal")) || (p.obj == "mydg" && g(r.sub, "own:" + r.obj, r.dom))) && (p.excl == "1" || !g2(r.obj, "protected"))
"#;

/// One organization as casbin sees it.
pub struct CasbinOrg {
    slices: HashMap<String, Enforcer>,
    domain: String,
    /// Policy lines in all slices built.
    pub policy_lines: usize,
    /// Grouping lines (`g` and `g2`).
    pub grouping_lines: usize,
}

/// A request ready for [`CasbinOrg::decide`].
pub struct CasbinRequest {
    action: String,
    values: Vec<String>,
}

fn node(id: RecipientId) -> String {
    format!("r{}", id.raw())
}

fn err(what: &str, e: impl std::fmt::Display) -> BenchError {
    BenchError::Casbin(format!("{what}: {e}"))
}

/// `r.params ⊆ p.params`, both comma-separated, case-folded.
fn within(asked: Dynamic, allowed: Dynamic) -> Dynamic {
    let asked = asked.into_immutable_string().unwrap_or_default();
    let allowed = allowed.into_immutable_string().unwrap_or_default();
    let ok = asked.is_empty() || asked.split(',').all(|q| allowed.split(',').any(|p| p == q));
    Dynamic::from_bool(ok)
}

fn joined_params<'a>(params: impl Iterator<Item = &'a str>) -> String {
    let mut v: Vec<String> = params.map(crate::cedar::fold).collect();
    v.sort();
    v.dedup();
    v.join(",")
}

impl CasbinOrg {
    /// Grouping lines for the whole organization and policy slices for
    /// `cmdlets` (a request for another cmdlet is denied).
    pub fn build(org: &Organization, cmdlets: &BTreeSet<String>) -> Result<CasbinOrg, BenchError> {
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .map_err(|e| err("runtime", e))?;
        rt.block_on(Self::build_async(org, cmdlets))
    }

    async fn new_enforcer() -> Result<Enforcer, BenchError> {
        let model = DefaultModel::from_str(MODEL)
            .await
            .map_err(|e| err("model", e))?;
        let mut e = Enforcer::new(model, MemoryAdapter::default())
            .await
            .map_err(|e| err("enforcer", e))?;
        e.enable_auto_save(false);
        e.enable_auto_build_role_links(false);
        e.add_function("within", OperatorFunction::Arg2(within));
        Ok(e)
    }

    async fn build_async(
        org: &Organization,
        cmdlets: &BTreeSet<String>,
    ) -> Result<CasbinOrg, BenchError> {
        let domain = org.name.to_lowercase();
        let mut g: Vec<Vec<String>> = Vec::new();
        let mut g2: Vec<Vec<String>> = Vec::new();
        let recipient_scopes: Vec<(ScopeId, bool)> = org
            .scopes()
            .filter(|(_, s)| s.kind == ScopeKind::RecipientScope)
            .map(|(id, s)| (id, s.exclusive))
            .collect();
        for (id, ou) in org.ous() {
            let parent = match ou.parent {
                Some(p) => format!("ou{}", p.raw()),
                None => "org".to_string(),
            };
            g2.push(vec![format!("ou{}", id.raw()), parent]);
        }
        for (sid, exclusive) in &recipient_scopes {
            if *exclusive {
                g2.push(vec![format!("x{}", sid.raw()), "protected".to_string()]);
            }
        }
        for (id, r) in org.recipients() {
            let me = node(id);
            let mut linked = false;
            for grp in &r.member_of {
                if org
                    .recipient(*grp)
                    .is_some_and(|x| x.kind.is_security_group())
                {
                    g.push(vec![me.clone(), node(*grp), domain.clone()]);
                    linked = true;
                }
            }
            if r.kind == RecipientKind::UserMailbox
                && let Some(p) = r.policy
            {
                g.push(vec![me.clone(), format!("pol{}", p.raw()), domain.clone()]);
                linked = true;
            }
            if r.kind.is_user() && !linked {
                // Every principal gets a node: casbin looks up a name it
                // doesn't know by scanning the whole graph.
                g.push(vec![me.clone(), "everyone".to_string(), domain.clone()]);
            }
            for owner in &r.managed_by {
                g.push(vec![node(*owner), format!("own:{me}"), domain.clone()]);
            }
            g2.push(vec![me.clone(), format!("ou{}", r.ou.raw())]);
            if r.kind.is_mail_enabled() {
                g2.push(vec![me.clone(), "mygal".to_string()]);
            }
            for (sid, exclusive) in &recipient_scopes {
                if org.scope_matches(*sid, Target::Recipient(id)) {
                    let n = if *exclusive {
                        format!("x{}", sid.raw())
                    } else {
                        format!("s{}", sid.raw())
                    };
                    g2.push(vec![me.clone(), n]);
                }
            }
        }
        let grouping_lines = g.len() + g2.len();
        let mut base = Self::new_enforcer().await?;
        base.add_named_grouping_policies("g", g)
            .await
            .map_err(|e| err("g lines", e))?;
        base.add_named_grouping_policies("g2", g2)
            .await
            .map_err(|e| err("g2 lines", e))?;
        base.build_role_links().map_err(|e| err("role links", e))?;
        let rm = base.get_role_manager();

        let mut slices = HashMap::new();
        let mut policy_lines = 0;
        for cmdlet in cmdlets {
            let act = cmdlet.to_ascii_lowercase();
            let mut lines: BTreeSet<Vec<String>> = BTreeSet::new();
            for (_, a) in org.assignments() {
                if !a.enabled || a.delegating {
                    continue;
                }
                let Some(entry) = org.role(a.role).and_then(|r| r.entry(cmdlet)) else {
                    continue;
                };
                let (obj, excl) = match a.recipient_write {
                    RecipientScope::Relative(ScopeValue::Organization) => ("org".to_string(), "0"),
                    RecipientScope::Relative(ScopeValue::SelfScope) => ("self".to_string(), "0"),
                    RecipientScope::Relative(ScopeValue::MyGAL) => ("mygal".to_string(), "0"),
                    RecipientScope::Relative(ScopeValue::MyDistributionGroups) => {
                        ("mydg".to_string(), "0")
                    }
                    RecipientScope::Relative(_) => continue,
                    RecipientScope::Ou(o) => (format!("ou{}", o.raw()), "0"),
                    RecipientScope::Custom(s) => (format!("s{}", s.raw()), "0"),
                    RecipientScope::Exclusive(s) => (format!("x{}", s.raw()), "1"),
                };
                let sub = match a.assignee {
                    Assignee::User(u) | Assignee::Group(u) => node(u),
                    Assignee::Policy(p) => format!("pol{}", p.raw()),
                };
                let params = joined_params(entry.parameters.iter().map(String::as_str));
                lines.insert(vec![
                    sub,
                    domain.clone(),
                    obj,
                    act.clone(),
                    params,
                    excl.to_string(),
                ]);
            }
            policy_lines += lines.len();
            let mut e = Self::new_enforcer().await?;
            e.set_role_manager(rm.clone())
                .map_err(|e| err("role manager", e))?;
            e.add_named_policies("p", lines.into_iter().collect())
                .await
                .map_err(|e| err("p lines", e))?;
            slices.insert(act, e);
        }
        Ok(CasbinOrg {
            slices,
            domain,
            policy_lines,
            grouping_lines,
        })
    }

    /// The request as casbin takes it; `None` without a recipient target.
    pub fn request(&self, call: &Call<'_>) -> Option<CasbinRequest> {
        let Target::Recipient(t) = call.target else {
            return None;
        };
        let params = joined_params(
            call.params
                .iter()
                .copied()
                .filter(|p| !exrbac_core::engine::is_common_parameter(p)),
        );
        let action = call.cmdlet.to_ascii_lowercase();
        Some(CasbinRequest {
            values: vec![
                node(call.user),
                self.domain.clone(),
                node(t),
                action.clone(),
                params,
            ],
            action,
        })
    }

    /// Whether casbin allows the request.
    pub fn decide(&self, r: &CasbinRequest) -> Result<bool, BenchError> {
        match self.slices.get(&r.action) {
            Some(e) => e.enforce(r.values.clone()).map_err(|e| err("enforce", e)),
            None => Ok(false),
        }
    }
}
