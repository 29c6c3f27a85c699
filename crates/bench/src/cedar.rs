//! The organization as Cedar entities and policies (`cedar-policy`).
//!
//! Entities: every recipient is a `Recipient` whose parents are the security
//! groups it is a direct member of (distribution groups pass no security
//! membership on, as in the engine) and, for a mailbox, its role assignment
//! `Policy`; its OU is an attribute (`ou`, an `Ou` entity under its parent
//! OUs), kept out of the parents so that `principal in group` never walks
//! OUs and `resource.ou in Ou` never walks groups. The attributes the scope
//! filters read are stored case-folded, as OPATH compares text.
//!
//! Policies are sliced per action (cmdlet): a request only ever meets its
//! cmdlet's slice. Within a slice, the assignments whose entry has the same
//! parameters and the same write scope share one policy naming all their
//! assignees (`principal in [..]`): exactly what one policy per assignment
//! says, in fewer policies. Each policy checks the parameters asked
//! (`containsAll`), the write scope (the OPATH filter translated to Cedar, an
//! OU, or a relative scope), and, unless its scope is exclusive, that no
//! exclusive scope matches the target.

use crate::filter::{self, Translated};
use crate::{BenchError, Call};
use cedar_policy::{
    Authorizer, Context, Decision, Entities, Entity, EntityId, EntityTypeName, EntityUid,
    PolicySet, Request, RestrictedExpression,
};
use exrbac_core::engine::RecipientSubject;
use exrbac_core::opath::{Subject, Value};
use exrbac_core::*;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt::Write as _;
use std::str::FromStr;

/// One organization as Cedar sees it.
pub struct CedarOrg {
    entities: Entities,
    slices: HashMap<String, PolicySet>,
    empty: PolicySet,
    authorizer: Authorizer,
    /// Policies in all slices built.
    pub policies: usize,
}

/// A request ready for [`CedarOrg::decide`].
pub struct CedarRequest {
    action: String,
    request: Request,
}

fn type_name(s: &str) -> Result<EntityTypeName, BenchError> {
    EntityTypeName::from_str(s).map_err(|e| BenchError::Cedar(format!("type name {s}: {e}")))
}

struct Uids {
    recipient: EntityTypeName,
    ou: EntityTypeName,
    policy: EntityTypeName,
    action: EntityTypeName,
}

impl Uids {
    fn new() -> Result<Uids, BenchError> {
        Ok(Uids {
            recipient: type_name("Recipient")?,
            ou: type_name("Ou")?,
            policy: type_name("Policy")?,
            action: type_name("Action")?,
        })
    }
    fn uid(t: &EntityTypeName, id: &str) -> EntityUid {
        EntityUid::from_type_name_and_id(t.clone(), EntityId::new(id))
    }
    fn recipient(&self, id: RecipientId) -> EntityUid {
        Self::uid(&self.recipient, &id.raw().to_string())
    }
    fn ou(&self, id: OuId) -> EntityUid {
        Self::uid(&self.ou, &id.raw().to_string())
    }
    fn policy(&self, id: PolicyId) -> EntityUid {
        Self::uid(&self.policy, &id.raw().to_string())
    }
    fn action(&self, cmdlet: &str) -> EntityUid {
        Self::uid(&self.action, &cmdlet.to_ascii_lowercase())
    }
}

/// Cedar text of an entity reference.
fn recipient_ref(id: RecipientId) -> String {
    format!("Recipient::\"{}\"", id.raw())
}

fn assignee_ref(a: Assignee) -> String {
    match a {
        Assignee::User(u) | Assignee::Group(u) => recipient_ref(u),
        Assignee::Policy(p) => format!("Policy::\"{}\"", p.raw()),
    }
}

/// A Cedar string literal.
pub(crate) fn string_literal(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

impl CedarOrg {
    /// Entities for the whole organization and policy slices for `cmdlets`
    /// (a request for another cmdlet is decided on an empty slice: denied).
    pub fn build(org: &Organization, cmdlets: &BTreeSet<String>) -> Result<CedarOrg, BenchError> {
        let uids = Uids::new()?;
        let scopes = filter::recipient_scopes(org)?;
        let props = filter::properties(&scopes);
        let entities = entities(org, &uids, &props)?;
        let mut slices = HashMap::new();
        let mut policies = 0;
        for cmdlet in cmdlets {
            let text = slice_text(org, cmdlet, &scopes)?;
            policies += text.count;
            let set = PolicySet::from_str(&text.text)
                .map_err(|e| BenchError::Cedar(format!("policies for {cmdlet}: {e}")))?;
            slices.insert(cmdlet.to_ascii_lowercase(), set);
        }
        Ok(CedarOrg {
            entities,
            slices,
            empty: PolicySet::new(),
            authorizer: Authorizer::new(),
            policies,
        })
    }

    /// The request as Cedar takes it; `None` for a request without a
    /// recipient target (outside the compared mix).
    pub fn request(&self, call: &Call<'_>) -> Result<Option<CedarRequest>, BenchError> {
        let Target::Recipient(t) = call.target else {
            return Ok(None);
        };
        let uids = Uids::new()?;
        let params = call
            .params
            .iter()
            .filter(|p| !exrbac_core::engine::is_common_parameter(p))
            .map(|p| RestrictedExpression::new_string(fold(p)));
        let context = Context::from_pairs([(
            "parameters".to_string(),
            RestrictedExpression::new_set(params),
        )])
        .map_err(|e| BenchError::Cedar(format!("context: {e}")))?;
        let request = Request::new(
            uids.recipient(call.user),
            uids.action(call.cmdlet),
            uids.recipient(t),
            context,
            None,
        )
        .map_err(|e| BenchError::Cedar(format!("request: {e}")))?;
        Ok(Some(CedarRequest {
            action: call.cmdlet.to_ascii_lowercase(),
            request,
        }))
    }

    /// Whether Cedar allows the request. A policy that fails to evaluate is
    /// an encoding bug: reported, never taken as a denial.
    pub fn decide(&self, r: &CedarRequest) -> Result<bool, BenchError> {
        let slice = self.slices.get(&r.action).unwrap_or(&self.empty);
        let response = self
            .authorizer
            .is_authorized(&r.request, slice, &self.entities);
        if let Some(e) = response.diagnostics().errors().next() {
            return Err(BenchError::Cedar(format!("policy error: {e}")));
        }
        Ok(response.decision() == Decision::Allow)
    }

    /// Whether Cedar allows the request, as fast as it goes: what the timed
    /// loop calls (errors were ruled out on the compared sample).
    pub fn allows(&self, r: &CedarRequest) -> bool {
        let slice = self.slices.get(&r.action).unwrap_or(&self.empty);
        self.authorizer
            .is_authorized(&r.request, slice, &self.entities)
            .decision()
            == Decision::Allow
    }
}

/// Text folded as OPATH folds it before comparing.
pub(crate) fn fold(s: &str) -> String {
    s.chars().flat_map(char::to_lowercase).collect()
}

fn entities(
    org: &Organization,
    uids: &Uids,
    props: &BTreeSet<&'static str>,
) -> Result<Entities, BenchError> {
    let mut out: Vec<Entity> = Vec::new();
    for (id, ou) in org.ous() {
        let parents: HashSet<EntityUid> = ou.parent.map(|p| uids.ou(p)).into_iter().collect();
        out.push(Entity::new_no_attrs(uids.ou(id), parents));
    }
    for (id, _) in org.policies() {
        out.push(Entity::new_no_attrs(uids.policy(id), HashSet::new()));
    }
    for (id, r) in org.recipients() {
        let mut parents: HashSet<EntityUid> = r
            .member_of
            .iter()
            .filter(|g| {
                org.recipient(**g)
                    .is_some_and(|x| x.kind.is_security_group())
            })
            .map(|g| uids.recipient(*g))
            .collect();
        if r.kind == RecipientKind::UserMailbox
            && let Some(p) = r.policy
        {
            parents.insert(uids.policy(p));
        }
        let mut attrs: HashMap<String, RestrictedExpression> = HashMap::new();
        attrs.insert(
            "ou".to_string(),
            RestrictedExpression::new_entity_uid(uids.ou(r.ou)),
        );
        attrs.insert(
            "mailEnabled".to_string(),
            RestrictedExpression::new_bool(r.kind.is_mail_enabled()),
        );
        attrs.insert(
            "isGroup".to_string(),
            RestrictedExpression::new_bool(r.kind.is_group()),
        );
        attrs.insert(
            "managedBy".to_string(),
            RestrictedExpression::new_set(
                r.managed_by
                    .iter()
                    .map(|o| RestrictedExpression::new_entity_uid(uids.recipient(*o))),
            ),
        );
        let subject = RecipientSubject::new(org, r, Some(id));
        for p in props {
            let value = match subject.property(p) {
                Value::Null => continue,
                Value::Str(s) => RestrictedExpression::new_string(fold(&s)),
                Value::Multi(items) => RestrictedExpression::new_set(
                    items
                        .iter()
                        .map(|s| RestrictedExpression::new_string(fold(s))),
                ),
                Value::Bool(b) => RestrictedExpression::new_string(fold(&b.to_string())),
                Value::Int(i) => RestrictedExpression::new_string(i.to_string()),
            };
            attrs.insert(filter::attribute(p), value);
        }
        let e = Entity::new(uids.recipient(id), attrs, parents)
            .map_err(|e| BenchError::Cedar(format!("entity {}: {e}", id.raw())))?;
        out.push(e);
    }
    Entities::from_entities(out, None).map_err(|e| BenchError::Cedar(format!("entities: {e}")))
}

struct SliceText {
    text: String,
    count: usize,
}

/// The write-scope condition on `resource`, or `None` when the scope never
/// covers a recipient.
fn scope_condition(
    scope: RecipientScope,
    scopes: &BTreeMap<ScopeId, Translated>,
) -> Result<Option<String>, BenchError> {
    Ok(match scope {
        RecipientScope::Relative(ScopeValue::Organization) => Some("true".to_string()),
        RecipientScope::Relative(ScopeValue::SelfScope) => {
            Some("resource == principal".to_string())
        }
        RecipientScope::Relative(ScopeValue::MyGAL) => {
            Some("(resource.mailEnabled || resource == principal)".to_string())
        }
        RecipientScope::Relative(ScopeValue::MyDistributionGroups) => {
            Some("(resource.isGroup && principal in resource.managedBy)".to_string())
        }
        RecipientScope::Relative(_) => None,
        RecipientScope::Ou(o) => Some(format!("resource.ou in Ou::\"{}\"", o.raw())),
        RecipientScope::Custom(s) | RecipientScope::Exclusive(s) => {
            let t = scopes
                .get(&s)
                .ok_or_else(|| BenchError::Cedar(format!("scope {} not translated", s.raw())))?;
            Some(format!("({})", t.cedar))
        }
    })
}

/// The policies of one cmdlet.
fn slice_text(
    org: &Organization,
    cmdlet: &str,
    scopes: &BTreeMap<ScopeId, Translated>,
) -> Result<SliceText, BenchError> {
    // (parameters, write scope) → assignees.
    let mut groups: BTreeMap<(Vec<String>, String), BTreeSet<String>> = BTreeMap::new();
    let exclusive: Vec<&Translated> = org
        .exclusive_scopes()
        .iter()
        .filter_map(|s| scopes.get(s))
        .collect();
    let protected = exclusive
        .iter()
        .map(|t| format!("({})", t.cedar))
        .collect::<Vec<_>>()
        .join(" || ");
    for (_, a) in org.assignments() {
        if !a.enabled || a.delegating {
            continue;
        }
        let Some(entry) = org.role(a.role).and_then(|r| r.entry(cmdlet)) else {
            continue;
        };
        let Some(mut cond) = scope_condition(a.recipient_write, scopes)? else {
            continue;
        };
        if !matches!(a.recipient_write, RecipientScope::Exclusive(_)) && !protected.is_empty() {
            cond = format!("{cond} && !({protected})");
        }
        let mut params: Vec<String> = entry.parameters.iter().map(|p| fold(p)).collect();
        params.sort();
        params.dedup();
        groups
            .entry((params, cond))
            .or_default()
            .insert(assignee_ref(a.assignee));
    }
    let action = string_literal(&cmdlet.to_ascii_lowercase());
    let mut text = String::new();
    let count = groups.len();
    for ((params, cond), assignees) in groups {
        let who = assignees.into_iter().collect::<Vec<_>>().join(", ");
        let allowed = params
            .iter()
            .map(|p| string_literal(p))
            .collect::<Vec<_>>()
            .join(", ");
        let _ = writeln!(
            text,
            "permit(principal, action == Action::{action}, resource is Recipient)\n  when {{ principal in [{who}] && [{allowed}].containsAll(context.parameters) && {cond} }};"
        );
    }
    Ok(SliceText { text, count })
}
