//! Import(export(x)) == x: random organizations built by random sequences of
//! changes survive the JSON document exactly, decisions included; broken
//! documents are refused with a reason.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "tests stop loudly on broken fixtures"
)]

use exrbac_core::*;
use proptest::prelude::*;

#[derive(Debug, Clone)]
enum Op {
    Ou(usize),
    User(usize, bool),
    Group(usize, bool),
    Member(usize, usize),
    ChildRole(usize),
    Prune(usize, usize),
    Scope(usize, bool),
    Assign(usize, usize, u8),
    Attr(usize, u8),
    Policy,
    RemoveAssignment(usize),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0usize..8).prop_map(Op::Ou),
        (0usize..8, any::<bool>()).prop_map(|(a, b)| Op::User(a, b)),
        (0usize..8, any::<bool>()).prop_map(|(a, b)| Op::Group(a, b)),
        (0usize..64, 0usize..64).prop_map(|(a, b)| Op::Member(a, b)),
        (0usize..100).prop_map(Op::ChildRole),
        (0usize..100, 0usize..400).prop_map(|(a, b)| Op::Prune(a, b)),
        (0usize..8, any::<bool>()).prop_map(|(a, b)| Op::Scope(a, b)),
        (0usize..100, 0usize..64, any::<u8>()).prop_map(|(a, b, c)| Op::Assign(a, b, c)),
        (0usize..64, any::<u8>()).prop_map(|(a, b)| Op::Attr(a, b)),
        Just(Op::Policy),
        (0usize..500).prop_map(Op::RemoveAssignment),
    ]
}

fn pick<T: Copy>(v: &[T], i: usize) -> Option<T> {
    if v.is_empty() {
        None
    } else {
        v.get(i % v.len()).copied()
    }
}

/// Applies the operations; refusals are part of the model and are ignored.
fn build(ops: &[Op]) -> Organization {
    let mut org = Organization::new("contoso.com", exrbac_catalog::builtin().unwrap()).unwrap();
    let mut n = 0usize;
    for op in ops {
        n += 1;
        let ous: Vec<OuId> = org.ous().map(|(i, _)| i).collect();
        let recips: Vec<RecipientId> = org.recipients().map(|(i, _)| i).collect();
        let roles: Vec<RoleId> = org.roles().map(|(i, _)| i).collect();
        let scopes: Vec<ScopeId> = org.scopes().map(|(i, _)| i).collect();
        match op {
            Op::Ou(p) => {
                let _ = org.new_ou(&format!("OU{n}"), pick(&ous, *p).unwrap());
            }
            Op::User(o, mbx) => {
                let kind = if *mbx {
                    RecipientKind::UserMailbox
                } else {
                    RecipientKind::User
                };
                let _ = org.new_recipient(NewRecipient {
                    name: format!("U{n}"),
                    ou: pick(&ous, *o).unwrap(),
                    kind,
                    attrs: Default::default(),
                    enabled: true,
                });
            }
            Op::Group(o, sec) => {
                let kind = if *sec {
                    RecipientKind::SecurityGroup
                } else {
                    RecipientKind::DistributionGroup
                };
                let _ = org.new_recipient(NewRecipient {
                    name: format!("G{n}"),
                    ou: pick(&ous, *o).unwrap(),
                    kind,
                    attrs: Default::default(),
                    enabled: true,
                });
            }
            Op::Member(g, m) => {
                if let (Some(g), Some(m)) = (pick(&recips, *g), pick(&recips, *m)) {
                    let _ = org.add_member(g, m);
                }
            }
            Op::ChildRole(p) => {
                if let Some(p) = pick(&roles, *p) {
                    let _ = org.new_role(&format!("R{n}"), p, None, None);
                }
            }
            Op::Prune(r, e) => {
                if let Some(r) = pick(&roles, *r) {
                    let name = org.role(r).and_then(|x| {
                        pick(
                            &x.entries
                                .iter()
                                .map(|e| e.name.as_str())
                                .collect::<Vec<_>>(),
                            *e,
                        )
                        .map(str::to_string)
                    });
                    if let Some(c) = name {
                        let _ = org.remove_role_entry(r, &c);
                    }
                }
            }
            Op::Scope(o, excl) => {
                let text = format!("Department -eq 'D{}'", n % 3);
                let _ = org.new_scope(Scope {
                    name: format!("S{n}"),
                    kind: ScopeKind::RecipientScope,
                    recipient_root: pick(&ous, *o),
                    filter: Some(
                        opath::Filter::parse(&text, opath::FilterKind::Recipient).unwrap(),
                    ),
                    filter_text: Some(text),
                    server_list: Vec::new(),
                    database_list: Vec::new(),
                    exclusive: *excl,
                });
            }
            Op::Assign(r, who, how) => {
                let (Some(role), Some(who)) = (pick(&roles, *r), pick(&recips, *who)) else {
                    continue;
                };
                let kind = org.recipient(who).map(|x| x.kind).unwrap();
                let assignee = if kind.is_security_group() {
                    Assignee::Group(who)
                } else {
                    Assignee::User(who)
                };
                let rw = match how % 4 {
                    0 => RecipientScope::Relative(ScopeValue::Organization),
                    1 => RecipientScope::Ou(pick(&ous, *how as usize).unwrap()),
                    _ => match pick(&scopes, *how as usize) {
                        Some(s) if org.scope(s).is_some_and(|x| x.exclusive) => {
                            RecipientScope::Exclusive(s)
                        }
                        Some(s) => RecipientScope::Custom(s),
                        None => RecipientScope::Relative(ScopeValue::SelfScope),
                    },
                };
                let _ = org.new_assignment(Assignment {
                    name: format!("A{n}"),
                    role,
                    assignee,
                    delegating: how.is_multiple_of(7),
                    enabled: !how.is_multiple_of(5),
                    recipient_write: rw,
                    config_write: ConfigScope::Relative(ScopeValue::OrganizationConfig),
                });
            }
            Op::Attr(r, v) => {
                if let Some(r) = pick(&recips, *r) {
                    let _ = org.set_attr(r, "Department", Some(format!("D{}", v % 3)));
                }
            }
            Op::Policy => {
                let _ = org.new_policy(&format!("P{n}"), "", n.is_multiple_of(2));
            }
            Op::RemoveAssignment(a) => {
                let ids: Vec<AssignmentId> = org.assignments().map(|(i, _)| i).collect();
                if let Some(a) = pick(&ids, *a) {
                    let _ = org.remove_assignment(a);
                }
            }
        }
    }
    org
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn import_of_export_is_exact(ops in proptest::collection::vec(op(), 1..60), probe in any::<u64>()) {
        let org = build(&ops);
        let doc = org.to_document().unwrap();
        let back = Organization::from_document(&doc).unwrap();
        prop_assert_eq!(&doc, &back.to_document().unwrap());
        // Same decisions too (indexes and parsed filters rebuilt).
        let users: Vec<RecipientId> = org.recipients().filter(|(_, r)| r.kind.is_user()).map(|(i, _)| i).collect();
        let targets: Vec<RecipientId> = org.recipients().map(|(i, _)| i).collect();
        for k in 0..8u64 {
            let (Some(u), Some(t)) = (pick(&users, (probe.wrapping_add(k) % 97) as usize), pick(&targets, (probe >> 8).wrapping_add(k * 31) as usize)) else { break };
            for c in ["Set-Mailbox", "Set-User", "Get-Mailbox", "New-ManagementRoleAssignment"] {
                let a = org.decide(u, c, &["Identity"], Target::Recipient(t));
                let b = back.decide(u, c, &["Identity"], Target::Recipient(t));
                prop_assert_eq!(a, b);
            }
        }
    }
}

#[test]
fn broken_documents_are_refused_with_a_reason() {
    let org = build(&[Op::Ou(0), Op::User(1, true)]);
    let doc = org.to_document().unwrap();
    let e = Organization::from_document(&doc[..doc.len() / 2])
        .err()
        .unwrap()
        .to_string();
    assert!(e.contains("line"), "{e}");
    let newer = doc.replacen("\"version\": 1", "\"version\": 9", 1);
    assert!(
        Organization::from_document(&newer)
            .err()
            .unwrap()
            .to_string()
            .contains("newer")
    );
    let other = doc.replacen("exrbac-organization", "something-else", 1);
    assert!(
        Organization::from_document(&other)
            .err()
            .unwrap()
            .to_string()
            .contains("format")
    );
    // A dangling reference: an assignment to a role that isn't in the document.
    let mut v: serde_json::Value = serde_json::from_str(&doc).unwrap();
    let slots = v["organization"]["assignments"]["slots"]
        .as_array_mut()
        .unwrap();
    let first = slots.iter_mut().find(|s| !s.is_null()).unwrap();
    first["role"] = serde_json::json!(99_999);
    let e = Organization::from_document(&v.to_string())
        .err()
        .unwrap()
        .to_string();
    assert!(e.contains("missing"), "{e}");
}
