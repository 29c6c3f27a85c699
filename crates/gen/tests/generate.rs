//! The generator: same seed, same organization; the counts the spec asks
//! for; the model's invariants; and a request mix with both answers.

// clippy.toml allows these inside #[test] functions; the helpers here are test code too.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use exrbac_core::*;
use exrbac_gen::{GenError, GenSpec, MAX_NESTING, RequestClass, generate, sample_requests};
use std::collections::HashMap;
use std::sync::OnceLock;

const SIZE: usize = 2_000;

fn spec() -> GenSpec {
    GenSpec::sized(SIZE, 42)
}

/// One organization shared by the tests that only read it (debug builds
/// make generating it the slow part).
fn org() -> &'static Organization {
    static ORG: OnceLock<Organization> = OnceLock::new();
    ORG.get_or_init(|| generate(&spec(), &mut |_, _| {}).unwrap())
}

fn setup_only() -> Organization {
    Organization::new("contoso.com", exrbac_catalog::builtin().unwrap()).unwrap()
}

fn is_plain_group(k: RecipientKind) -> bool {
    k.is_group() && k != RecipientKind::RoleGroup
}

#[test]
fn same_seed_same_organization() {
    let a = org().to_document().unwrap();
    let b = generate(&spec(), &mut |_, _| {})
        .unwrap()
        .to_document()
        .unwrap();
    assert!(a == b, "two runs of the same spec differ");
    let other = generate(&GenSpec::sized(SIZE, 43), &mut |_, _| {})
        .unwrap()
        .to_document()
        .unwrap();
    assert!(a != other, "another seed gave the same organization");
}

#[test]
fn counts_match_the_spec() {
    let s = spec();
    let org = org();
    let base = setup_only();
    let count = |o: &Organization, f: &dyn Fn(RecipientKind) -> bool| {
        o.recipients().filter(|(_, r)| f(r.kind)).count()
    };
    assert_eq!(count(org, &|k| !k.is_group()), s.recipients);
    assert_eq!(
        count(org, &is_plain_group),
        count(&base, &is_plain_group) + s.groups
    );
    let rg = |k: RecipientKind| k == RecipientKind::RoleGroup;
    assert_eq!(count(org, &rg), count(&base, &rg) + s.role_groups);
    assert_eq!(org.roles().filter(|(_, r)| !r.builtin).count(), s.roles);
    assert_eq!(org.scopes().count(), s.scopes);
    assert_eq!(
        org.scopes().filter(|(_, x)| x.exclusive).count(),
        s.exclusive_scopes
    );
    assert_eq!(
        org.assignments().count(),
        base.assignments().count() + s.assignments
    );
    assert_eq!(org.policies().count(), base.policies().count() + s.policies);
    assert_eq!(org.databases().count(), s.databases);
    for kind in [
        RecipientKind::UserMailbox,
        RecipientKind::User,
        RecipientKind::MailUser,
        RecipientKind::MailContact,
        RecipientKind::SecurityGroup,
        RecipientKind::MailSecurityGroup,
        RecipientKind::DistributionGroup,
    ] {
        assert!(count(org, &|k| k == kind) > 0, "no {kind:?}");
    }
}

/// Depth of a group: 0 with users only, else one more than its deepest member group.
fn depth(org: &Organization, g: RecipientId, memo: &mut HashMap<RecipientId, usize>) -> usize {
    if let Some(d) = memo.get(&g) {
        return *d;
    }
    let members: Vec<RecipientId> = org
        .recipient(g)
        .map(|r| r.members.clone())
        .unwrap_or_default();
    let mut d = 0;
    for m in members {
        if org.recipient(m).is_some_and(|r| r.kind.is_group()) {
            d = d.max(1 + depth(org, m, memo));
        }
    }
    memo.insert(g, d);
    d
}

fn max_nesting(org: &Organization) -> usize {
    let mut memo = HashMap::new();
    org.recipients()
        .filter(|(_, r)| is_plain_group(r.kind))
        .map(|(id, _)| depth(org, id, &mut memo))
        .max()
        .unwrap_or(0)
}

#[test]
fn nesting_reaches_the_limit_and_no_further() {
    assert_eq!(max_nesting(org()), MAX_NESTING);
    // Security groups alone reach it too: only they carry role membership.
    let deepest_security = {
        let mut memo = HashMap::new();
        org()
            .recipients()
            .filter(|(_, r)| r.kind == RecipientKind::SecurityGroup)
            .map(|(id, _)| depth(org(), id, &mut memo))
            .max()
    };
    assert_eq!(deepest_security, Some(MAX_NESTING));

    let shallow = GenSpec {
        max_nesting: 2,
        ..GenSpec::sized(500, 9)
    };
    let org = generate(&shallow, &mut |_, _| {}).unwrap();
    assert_eq!(max_nesting(&org), 2);
}

#[test]
fn memberships_and_owners_are_consistent() {
    let org = org();
    let mut owned = 0;
    for (id, r) in org.recipients() {
        for m in &r.members {
            let member = org.recipient(*m).expect("member exists");
            assert!(member.member_of.contains(&id));
            if r.kind == RecipientKind::DistributionGroup {
                assert!(
                    member.kind.is_mail_enabled(),
                    "{} in {}",
                    member.name,
                    r.name
                );
            }
            if r.kind == RecipientKind::SecurityGroup {
                assert!(member.kind.is_security_principal());
            }
        }
        for o in &r.managed_by {
            assert!(
                org.recipient(*o)
                    .is_some_and(|x| x.kind.is_security_principal())
            );
        }
        if is_plain_group(r.kind) && !r.managed_by.is_empty() {
            owned += 1;
        }
        assert!(!org.is_transitive_member(id, id), "{} is in itself", r.name);
    }
    assert!(owned > 0, "no group has an owner");
}

#[test]
fn every_assignment_is_sound() {
    let org = org();
    for (_, a) in org.assignments() {
        let role = org.role(a.role).expect("the role exists");
        match a.assignee {
            Assignee::User(u) => assert!(org.recipient(u).is_some_and(|r| r.kind.is_user())),
            Assignee::Group(g) => {
                assert!(org.recipient(g).is_some_and(|r| r.kind.is_security_group()))
            }
            Assignee::Policy(p) => {
                assert!(org.policy(p).is_some());
                assert!(role.is_end_user && !a.delegating, "{}", a.name);
            }
        }
        if role.is_end_user {
            assert!(
                a.delegating || matches!(a.assignee, Assignee::Policy(_)),
                "{}",
                a.name
            );
        }
        match a.recipient_write {
            RecipientScope::Custom(s) => {
                let s = org.scope(s).expect("the scope exists");
                assert!(!s.exclusive && s.kind == ScopeKind::RecipientScope);
            }
            RecipientScope::Exclusive(s) => {
                assert!(org.scope(s).expect("the scope exists").exclusive)
            }
            RecipientScope::Ou(ou) => assert!(org.ou(ou).is_some()),
            RecipientScope::Relative(_) => {}
        }
        if let ConfigScope::Custom(s) | ConfigScope::Exclusive(s) = a.config_write {
            assert!(
                org.scope(s)
                    .is_some_and(|s| s.kind != ScopeKind::RecipientScope)
            );
        }
    }
    // Scoped, exclusive, delegating and disabled assignments are all there.
    let any = |f: &dyn Fn(&Assignment) -> bool| org.assignments().any(|(_, a)| f(a));
    assert!(any(&|a| matches!(
        a.recipient_write,
        RecipientScope::Custom(_)
    )));
    assert!(any(&|a| matches!(
        a.recipient_write,
        RecipientScope::Exclusive(_)
    )));
    assert!(any(&|a| matches!(a.recipient_write, RecipientScope::Ou(_))));
    assert!(any(
        &|a| a.delegating && matches!(a.assignee, Assignee::User(_))
    ));
    assert!(any(&|a| !a.enabled));
    assert!(any(
        &|a| matches!(a.assignee, Assignee::User(_)) && !a.delegating
    ));
}

#[test]
fn custom_roles_stay_within_their_parents() {
    let org = org();
    let mut pruned = 0;
    let mut grandchildren = 0;
    for (_, r) in org.roles().filter(|(_, r)| !r.builtin) {
        let parent = org
            .role(r.parent.expect("custom roles have a parent"))
            .expect("the parent exists");
        if !parent.builtin {
            grandchildren += 1;
        }
        assert!(r.entries.len() <= parent.entries.len());
        for e in &r.entries {
            let pe = parent
                .entry(&e.name)
                .unwrap_or_else(|| panic!("{} holds {} and its parent doesn't", r.name, e.name));
            for p in &e.parameters {
                assert!(pe.has_parameter(p), "{}\\{} {p}", r.name, e.name);
            }
            if e.parameters.len() < pe.parameters.len() {
                pruned += 1;
            }
        }
        assert!(!r.entries.is_empty(), "{} is empty", r.name);
    }
    assert!(pruned > 0, "no entry lost a parameter");
    assert!(
        grandchildren > 0,
        "no custom role derives from a custom role"
    );
}

#[test]
fn the_document_round_trips() {
    let text = org().to_document().unwrap();
    let back = Organization::from_document(&text).unwrap();
    assert!(back.to_document().unwrap() == text);
}

#[test]
fn people_carry_what_scopes_filter_on() {
    let org = org();
    for (_, r) in org
        .recipients()
        .filter(|(_, r)| r.kind == RecipientKind::UserMailbox && r.name != "Administrator")
    {
        for a in [
            "Department",
            "City",
            "Office",
            "Title",
            "Company",
            "CustomAttribute1",
            "CustomAttribute2",
        ] {
            assert!(r.attr(a).is_some(), "{} lacks {a}", r.name);
        }
        assert!(r.database.is_some() && r.policy.is_some());
    }
    // Each exclusive scope protects someone at this size, and most
    // ordinary recipient scopes match someone.
    let (mut scopes, mut matching) = (0, 0);
    for (id, s) in org.scopes() {
        if s.kind != ScopeKind::RecipientScope {
            continue;
        }
        let hits = org
            .recipients()
            .filter(|(r, _)| org.scope_matches(id, Target::Recipient(*r)))
            .count();
        if s.exclusive {
            assert!(hits > 0, "exclusive scope {} matches nobody", s.name);
        } else {
            scopes += 1;
            matching += usize::from(hits > 0);
        }
    }
    assert!(
        matching * 2 >= scopes,
        "{matching} of {scopes} scopes match someone"
    );
    let custom_policy = org
        .recipients()
        .filter(|(_, r)| r.policy.is_some() && r.policy != org.default_policy())
        .count();
    assert!(custom_policy > 0);
}

#[test]
fn progress_reaches_the_total() {
    let mut last = (0, 1);
    let mut calls = 0;
    generate(&GenSpec::sized(300, 1), &mut |d, t| {
        assert!(d <= t);
        last = (d, t);
        calls += 1;
    })
    .unwrap();
    assert!(calls >= 1);
    assert_eq!(last.0, last.1);
}

#[test]
fn sized_follows_the_reference_shape() {
    let s = GenSpec::sized(1_000_000, 0);
    assert_eq!(
        (s.groups, s.roles, s.assignments, s.scopes, s.max_nesting),
        (50_000, 5_000, 100_000, 1_000, 6)
    );
    let small = GenSpec::sized(exrbac_gen::MIN_RECIPIENTS, 0);
    assert!(small.problem().is_none());
    assert!(small.groups > small.max_nesting && small.scopes >= small.exclusive_scopes);
}

#[test]
fn impossible_specs_are_refused() {
    let deep = GenSpec {
        max_nesting: MAX_NESTING + 1,
        ..GenSpec::sized(1000, 0)
    };
    assert!(matches!(
        generate(&deep, &mut |_, _| {}),
        Err(GenError::Spec(_))
    ));
    let tiny = GenSpec::sized(10, 0);
    assert!(matches!(
        generate(&tiny, &mut |_, _| {}),
        Err(GenError::Spec(_))
    ));
}

#[test]
fn sample_requests_mix_allowed_and_denied() {
    let org = org();
    let reqs = sample_requests(org, 400, 7);
    assert_eq!(reqs.len(), 400);
    assert_eq!(reqs, sample_requests(org, 400, 7), "not reproducible");
    assert_ne!(reqs, sample_requests(org, 400, 8));

    let allowed: Vec<bool> = reqs.iter().map(|r| r.check(org).is_ok()).collect();
    assert!(allowed.iter().any(|a| *a), "nothing allowed");
    assert!(allowed.iter().any(|a| !*a), "nothing denied");
    // The explained decision agrees with the check.
    for (r, a) in reqs.iter().zip(&allowed).take(100) {
        assert_eq!(r.decide(org).allowed, *a, "{r:?}");
    }
    for class in RequestClass::ALL {
        assert!(
            reqs.iter().any(|r| r.class == class),
            "no {} request",
            class.as_str()
        );
    }
    let of = |c: RequestClass| reqs.iter().zip(&allowed).filter(move |(r, _)| r.class == c);
    assert!(of(RequestClass::OutOfScope).all(|(_, a)| !*a));
    assert!(of(RequestClass::InScope).any(|(_, a)| *a));
    let deepest = of(RequestClass::DeepNesting)
        .map(|(r, _)| r.nesting)
        .max()
        .unwrap_or(0);
    assert!(deepest >= 5, "deepest nesting sampled: {deepest}");
    // Exclusive requests hit protected targets, and both answers occur.
    for (r, _) in of(RequestClass::Exclusive) {
        assert!(!org.exclusive_scopes_matching(r.target()).is_empty());
    }
    assert!(of(RequestClass::Exclusive).any(|(_, a)| *a));
    assert!(of(RequestClass::Exclusive).any(|(_, a)| !*a));
    let excl_denials = reqs
        .iter()
        .filter(|r| matches!(r.check(org), Err(CoreError::ExclusiveScope(..))))
        .count();
    assert!(excl_denials > 0, "no denial by an exclusive scope");
    assert!(of(RequestClass::Unprivileged).any(|(_, a)| !*a));
}
