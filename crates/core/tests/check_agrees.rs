//! `check` and `check_as` against `decide` where the reference property
//! test doesn't reach.

// clippy.toml allows these inside #[test] functions; the helpers here are test code too.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use exrbac_core::*;
use std::collections::BTreeMap;

// ----- helpers ---------------------------------------------------------------

fn s(v: &[&str]) -> Vec<String> {
    v.iter().map(|x| x.to_string()).collect()
}

const ORG_WIDE: ImplicitScopes = ImplicitScopes {
    recipient_read: ScopeValue::Organization,
    recipient_write: ScopeValue::Organization,
    config_read: ScopeValue::OrganizationConfig,
    config_write: ScopeValue::OrganizationConfig,
};

fn root_role(
    org: &mut Organization,
    name: &str,
    implicit: ImplicitScopes,
    end_user: bool,
    entries: &[(&str, &[&str])],
) -> RoleId {
    org.insert_role(Role {
        name: name.to_string(),
        builtin: true,
        parent: None,
        role_type: name.replace(' ', ""),
        description: String::new(),
        is_end_user: end_user,
        is_unscoped: false,
        implicit,
        entries: entries
            .iter()
            .map(|(c, ps)| RoleEntry {
                name: c.to_string(),
                kind: EntryKind::Cmdlet,
                parameters: s(ps),
                snapin: None,
            })
            .collect(),
    })
    .unwrap()
}

fn recipient_with(
    org: &mut Organization,
    name: &str,
    ou: OuId,
    kind: RecipientKind,
    attrs: &[(&str, &str)],
) -> RecipientId {
    let attrs: BTreeMap<String, String> = attrs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    org.new_recipient(NewRecipient {
        name: name.to_string(),
        ou,
        kind,
        attrs,
        enabled: true,
    })
    .unwrap()
}

fn assignment(name: &str, role: RoleId, assignee: Assignee) -> Assignment {
    Assignment {
        name: name.to_string(),
        role,
        assignee,
        delegating: false,
        enabled: true,
        recipient_write: RecipientScope::Relative(ScopeValue::Organization),
        config_write: ConfigScope::Relative(ScopeValue::OrganizationConfig),
    }
}

/// What `check` answers, in the shape of a decision.
fn answer(r: &Result<(), CoreError>) -> (bool, Option<String>) {
    (r.is_ok(), r.as_ref().err().map(|e| e.to_string()))
}

/// Asserts that `check` (from a fresh principal and, when given, from one
/// worked out earlier) and `check_as` on `org` give what `decide` gives on
/// `reference`; returns the decision's answer.
#[allow(
    clippy::too_many_arguments,
    reason = "two organizations and one request"
)]
fn agree_on(
    org: &Organization,
    reference: &Organization,
    stale: Option<&Principal>,
    who: RecipientId,
    cmdlet: &str,
    params: &[&str],
    target: Target<'_>,
    ctx: &str,
) -> (bool, Option<String>) {
    let d = reference.decide(who, cmdlet, params, target);
    let want = (d.allowed, d.error.clone());
    let quick = org.check(&org.principal(who), cmdlet, params, target);
    assert_eq!(
        answer(&quick),
        want,
        "{ctx}: check differs from decide ({cmdlet} {params:?} on {target:?})"
    );
    let quick_as = org.check_as(who, cmdlet, params, target);
    assert_eq!(
        quick_as, quick,
        "{ctx}: check_as differs from check ({cmdlet} {params:?} on {target:?})"
    );
    if let Some(p) = stale {
        let old = org.check(p, cmdlet, params, target);
        assert_eq!(
            answer(&old),
            want,
            "{ctx}: check from an earlier principal differs ({cmdlet} {params:?} on {target:?})"
        );
    }
    want
}

fn agree(
    org: &Organization,
    who: RecipientId,
    cmdlet: &str,
    params: &[&str],
    target: Target<'_>,
) -> (bool, Option<String>) {
    agree_on(org, org, None, who, cmdlet, params, target, "")
}

fn param_not_found(p: &str) -> String {
    format!("A parameter cannot be found that matches parameter name '{p}'.")
}

// ----- cases ----------------------------------------------------------------

/// A cycle of security groups (refused by `add_member`, but a stored
/// organization may hold one): a group asking for itself is met again in
/// its own group's closure, and its own assignments must not count there,
/// for the missing parameter either.
#[test]
fn a_group_in_a_stored_cycle_asking_for_itself() {
    let mut org = Organization::empty("contoso.com").unwrap();
    let ou = org.new_ou("Users", org.root_ou()).unwrap();
    let mine = root_role(
        &mut org,
        "Mine",
        ORG_WIDE,
        false,
        &[("Set-Mailbox", &["Identity", "Office"])],
    );
    let theirs = root_role(
        &mut org,
        "Theirs",
        ORG_WIDE,
        false,
        &[("Set-Mailbox", &["Identity", "Title"])],
    );
    let me = recipient_with(&mut org, "Me", ou, RecipientKind::SecurityGroup, &[]);
    let up = recipient_with(&mut org, "Up", ou, RecipientKind::SecurityGroup, &[]);
    org.add_member(up, me).unwrap();
    org.new_assignment(assignment("M", mine, Assignee::Group(me)))
        .unwrap();
    org.new_assignment(assignment("T", theirs, Assignee::Group(up)))
        .unwrap();
    // Up becomes a member of Me in the stored document.
    let mut doc: serde_json::Value = serde_json::from_str(&org.to_document().unwrap()).unwrap();
    let slots = &mut doc["organization"]["recipients"]["slots"];
    slots[me.raw() as usize]["members"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!(up.raw()));
    slots[up.raw() as usize]["member_of"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!(me.raw()));
    let org = Organization::from_document(&doc.to_string()).unwrap();
    assert!(org.recipient(me).unwrap().members.contains(&up));
    let t = Target::Recipient(up);
    for p in [
        &["Office"][..],
        &["Title"][..],
        &["Office", "Title"][..],
        &["Title", "Office"][..],
    ] {
        agree(&org, me, "Set-Mailbox", p, t);
        agree(&org, up, "Set-Mailbox", p, t);
    }
    assert_eq!(
        agree(&org, me, "Set-Mailbox", &["Office"], t),
        (false, Some(param_not_found("Office")))
    );
}
