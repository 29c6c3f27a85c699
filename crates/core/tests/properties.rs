//! Properties that must hold after any sequence of changes.

// clippy.toml allows these inside #[test] functions; the helpers here are test code too.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use exrbac_core::opath::{Filter, FilterKind};
use exrbac_core::*;
use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;
use std::collections::BTreeMap;
use std::sync::OnceLock;

fn builtin_org() -> Organization {
    static ORG: OnceLock<Organization> = OnceLock::new();
    ORG.get_or_init(|| {
        Organization::new("contoso.com", exrbac_catalog::builtin().unwrap()).unwrap()
    })
    .clone()
}

// ----- 1. a child never holds more than its parent ------------------------------

const CMDLETS: &[&str] = &["Set-A", "Get-A", "New-A", "Remove-A", "Set-B"];
const PARAMS: &[&str] = &["Identity", "P1", "P2", "P3", "P4", "P5"];

#[derive(Debug, Clone)]
enum Op {
    NewRole {
        parent: usize,
        keep: Option<u8>,
    },
    AddEntry {
        role: usize,
        cmdlet: usize,
        params: Option<u8>,
    },
    RemoveEntry {
        role: usize,
        cmdlet: usize,
    },
    SetParams {
        role: usize,
        cmdlet: usize,
        set: Option<u8>,
        add: u8,
        remove: u8,
    },
    RemoveRole {
        role: usize,
        recurse: bool,
    },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (0usize..32, option::of(0u8..32)).prop_map(|(parent, keep)| Op::NewRole { parent, keep }),
        3 => (0usize..32, 0usize..5, option::of(0u8..64))
            .prop_map(|(role, cmdlet, params)| Op::AddEntry { role, cmdlet, params }),
        2 => (0usize..32, 0usize..5).prop_map(|(role, cmdlet)| Op::RemoveEntry { role, cmdlet }),
        4 => (0usize..32, 0usize..5, option::of(0u8..64), 0u8..64, 0u8..64)
            .prop_map(|(role, cmdlet, set, add, remove)| Op::SetParams { role, cmdlet, set, add: add & 0b101010, remove: remove & 0b010101 }),
        1 => (0usize..32, any::<bool>()).prop_map(|(role, recurse)| Op::RemoveRole { role, recurse }),
    ]
}

fn pick_names(names: &[&str], m: u8) -> Vec<String> {
    names
        .iter()
        .enumerate()
        .filter(|(i, _)| m & (1 << i) != 0)
        .map(|(_, n)| n.to_string())
        .collect()
}

fn assert_children_within_parents(org: &Organization, roots: &[(RoleId, Role)]) {
    for (id, r) in org.roles() {
        if let Some((_, orig)) = roots.iter().find(|(rid, _)| *rid == id) {
            assert_eq!(r, orig, "built-in role {} changed", r.name);
        }
        let Some(pid) = r.parent else { continue };
        let parent = org
            .role(pid)
            .unwrap_or_else(|| panic!("{} outlives its parent", r.name));
        assert!(org.children(pid).contains(&id));
        for e in &r.entries {
            let pe = parent.entry(&e.name).unwrap_or_else(|| {
                panic!(
                    "{} has {} but its parent {} doesn't",
                    r.name, e.name, parent.name
                )
            });
            for q in &e.parameters {
                assert!(
                    pe.has_parameter(q),
                    "{}\\{} has {q} but {}\\{} doesn't",
                    r.name,
                    e.name,
                    parent.name,
                    pe.name
                );
            }
            assert_eq!(e.kind, pe.kind);
        }
        assert_eq!(r.is_end_user, parent.is_end_user);
        assert_eq!(r.role_type, parent.role_type);
    }
}

fn run_role_ops(roots_n: usize, ops: &[Op]) {
    let mut org = Organization::empty("contoso.com").unwrap();
    let mut ids: Vec<RoleId> = Vec::new();
    for i in 0..roots_n {
        let id = org
            .insert_role(Role {
                name: format!("Root{i}"),
                builtin: true,
                parent: None,
                role_type: format!("Type{i}"),
                description: String::new(),
                is_end_user: i == 1,
                is_unscoped: false,
                implicit: ImplicitScopes {
                    recipient_read: ScopeValue::Organization,
                    recipient_write: ScopeValue::Organization,
                    config_read: ScopeValue::OrganizationConfig,
                    config_write: ScopeValue::OrganizationConfig,
                },
                entries: CMDLETS
                    .iter()
                    .enumerate()
                    .filter(|(c, _)| (c + i) % 3 != 0)
                    .map(|(c, n)| RoleEntry {
                        name: n.to_string(),
                        kind: EntryKind::Cmdlet,
                        parameters: pick_names(PARAMS, (0b111011 >> (c % 2)) as u8),
                        snapin: None,
                    })
                    .collect(),
            })
            .unwrap();
        ids.push(id);
    }
    let roots: Vec<(RoleId, Role)> = ids
        .iter()
        .map(|id| (*id, org.role(*id).unwrap().clone()))
        .collect();
    for (n, o) in ops.iter().enumerate() {
        let live: Vec<RoleId> = org.roles().map(|(id, _)| id).collect();
        let role = |sel: usize| live[sel % live.len()];
        let r = match o {
            Op::NewRole { parent, keep } => {
                let keep = keep.map(|m| pick_names(CMDLETS, m));
                org.new_role(&format!("R{n}"), role(*parent), None, keep.as_deref())
                    .map(|_| ())
            }
            Op::AddEntry {
                role: r,
                cmdlet,
                params,
            } => {
                let ps = params.map(|m| pick_names(PARAMS, m));
                org.add_role_entry(role(*r), CMDLETS[*cmdlet], ps.as_deref(), EntryKind::Cmdlet)
            }
            Op::RemoveEntry { role: r, cmdlet } => {
                org.remove_role_entry(role(*r), CMDLETS[*cmdlet])
            }
            Op::SetParams {
                role: r,
                cmdlet,
                set,
                add,
                remove,
            } => {
                let set = set.map(|m| pick_names(PARAMS, m));
                org.set_role_entry_parameters(
                    role(*r),
                    CMDLETS[*cmdlet],
                    set.as_deref(),
                    &pick_names(PARAMS, *add),
                    &pick_names(PARAMS, *remove),
                )
            }
            Op::RemoveRole { role: r, recurse } => org.remove_role(role(*r), *recurse).map(|_| ()),
        };
        // Every refusal is one of the documented ones.
        if let Err(e) = &r {
            assert!(
                matches!(
                    e,
                    CoreError::BuiltInRole(_)
                        | CoreError::EntryNotInParent(..)
                        | CoreError::ParameterNotInParent(..)
                        | CoreError::EntryExists(..)
                        | CoreError::NotFound(..)
                        | CoreError::RoleHasChildren(_)
                ),
                "{o:?}: {e}"
            );
            if let Op::NewRole { .. } = o {
            } else if let Some(rid) = match o {
                Op::AddEntry { role: r, .. }
                | Op::RemoveEntry { role: r, .. }
                | Op::SetParams { role: r, .. }
                | Op::RemoveRole { role: r, .. } => Some(role(*r)),
                Op::NewRole { .. } => None,
            } {
                // Built-in roles always refuse, with the built-in text.
                if org.role(rid).is_some_and(|x| x.builtin) {
                    assert_eq!(e, &CoreError::BuiltInRole(org.role_name(rid).to_string()));
                }
            }
        }
        assert_children_within_parents(&org, &roots);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]
    #[test]
    fn a_child_never_holds_more_than_its_parent(roots in 1usize..4, ops in vec(op(), 1..40)) {
        run_role_ops(roots, &ops);
    }
}

#[test]
fn children_within_parents_on_the_builtin_catalog() {
    // The catalog's own hierarchy obeys the rule too.
    let org = builtin_org();
    let roots: Vec<(RoleId, Role)> = org.roles().map(|(id, r)| (id, r.clone())).collect();
    assert_children_within_parents(&org, &roots);
}

// ----- 2. exclusive scopes guard every write ------------------------------------

const DEPTS: &[&str] = &["Sales", "HR", "IT"];

type RawScope = (Option<usize>, Option<usize>, bool);
type RawAssign = (usize, u8, usize, bool);

fn dept_filter(d: usize) -> String {
    format!("Department -eq '{}'", DEPTS[d])
}

fn run_exclusive(
    ou_parents: &[usize],
    users: &[(usize, usize)],
    scopes: &[RawScope],
    assigns: &[RawAssign],
) {
    let mut org = builtin_org();
    let admin = org.recipient_by_name("Administrator").unwrap();
    let mr = org.role_by_name("Mail Recipients").unwrap();
    let root = org.root_ou();
    let mut ous = vec![root];
    for (i, p) in ou_parents.iter().enumerate() {
        let id = org.new_ou(&format!("OU{i}"), ous[p % ous.len()]).unwrap();
        ous.push(id);
    }
    let mut people = Vec::new();
    for (i, (ou, d)) in users.iter().enumerate() {
        let mut attrs = BTreeMap::new();
        attrs.insert("Department".to_string(), DEPTS[d % 3].to_string());
        people.push(
            org.new_recipient(NewRecipient {
                name: format!("U{i}"),
                ou: ous[ou % ous.len()],
                kind: RecipientKind::UserMailbox,
                attrs,
                enabled: true,
            })
            .unwrap(),
        );
    }
    let mut sc = Vec::new();
    for (i, (root, dept, exclusive)) in scopes.iter().enumerate() {
        let text = dept.map(|d| dept_filter(d % 3));
        sc.push(
            org.new_scope(Scope {
                name: format!("S{i}"),
                kind: ScopeKind::RecipientScope,
                recipient_root: root.map(|r| ous[r % ous.len()]),
                filter: text
                    .as_ref()
                    .map(|t| Filter::parse(t, FilterKind::Recipient).unwrap()),
                filter_text: text,
                server_list: vec![],
                database_list: vec![],
                exclusive: *exclusive,
            })
            .unwrap(),
        );
    }
    let principals: Vec<RecipientId> = std::iter::once(admin)
        .chain(people.iter().copied())
        .collect();
    for (i, (who, kind, s, enabled)) in assigns.iter().enumerate() {
        let rw = match (kind, sc.is_empty()) {
            (0, _) | (_, true) => RecipientScope::Relative(ScopeValue::Organization),
            (1, _) => RecipientScope::Ou(ous[s % ous.len()]),
            (2, _) => RecipientScope::Relative(ScopeValue::SelfScope),
            _ => {
                let id = sc[s % sc.len()];
                if org.scope(id).unwrap().exclusive {
                    RecipientScope::Exclusive(id)
                } else {
                    RecipientScope::Custom(id)
                }
            }
        };
        org.new_assignment(Assignment {
            name: format!("A{i}"),
            role: mr,
            assignee: Assignee::User(principals[who % principals.len()]),
            delegating: false,
            enabled: *enabled,
            recipient_write: rw,
            config_write: ConfigScope::Relative(ScopeValue::OrganizationConfig),
        })
        .unwrap();
    }

    // Independent evaluation of "matched by an exclusive scope".
    let matches = |s: usize, t: RecipientId| {
        let (root, dept, _) = scopes[s];
        let r = org.recipient(t).unwrap();
        root.is_none_or(|x| org.ou_within(r.ou, ous[x % ous.len()]))
            && dept.is_none_or(|d| r.attr("Department") == Some(DEPTS[d % 3]))
    };
    let targets: Vec<RecipientId> = std::iter::once(admin)
        .chain(people.iter().copied())
        .collect();
    for t in &targets {
        let ex: Vec<ScopeId> = (0..scopes.len())
            .filter(|s| scopes[*s].2 && matches(*s, *t))
            .map(|s| sc[s])
            .collect();
        let mut engine_ex = org.exclusive_scopes_matching(Target::Recipient(*t));
        engine_ex.sort();
        assert_eq!(
            engine_ex,
            ex,
            "exclusive scopes matching {}",
            org.recipient_name(*t)
        );
        for p in &principals {
            let pr = org.principal(*p);
            let Ok(acc) = org.access(&pr, "Set-Mailbox", &["Identity", "Office"]) else {
                continue;
            };
            let res = org.write_check(&pr, &acc, Target::Recipient(*t));
            let d = org.decide(
                *p,
                "Set-Mailbox",
                &["Identity", "Office"],
                Target::Recipient(*t),
            );
            assert_eq!(d.allowed, res.is_ok());
            let Ok(winners) = res else { continue };
            assert!(!winners.is_empty());
            if ex.is_empty() {
                continue;
            }
            for c in &winners {
                let a = org.assignment(c.assignment).unwrap();
                assert!(a.enabled);
                match a.recipient_write {
                    RecipientScope::Exclusive(s) => assert!(
                        ex.contains(&s),
                        "{} wrote {} through {} whose exclusive scope doesn't match it",
                        org.recipient_name(*p),
                        org.recipient_name(*t),
                        a.name
                    ),
                    other => panic!(
                        "{} wrote {} (protected by an exclusive scope) through {} with {other:?}",
                        org.recipient_name(*p),
                        org.recipient_name(*t),
                        a.name
                    ),
                }
            }
            // Reads are never narrowed.
            let get = org.access(&pr, "Get-Mailbox", &["Identity"]).unwrap();
            assert!(org.can_read(&pr, &get, Target::Recipient(*t)));
        }
        // Organization Management alone never writes a protected object.
        if !ex.is_empty() {
            let who = org.who_can("Set-Mailbox", &["Office"], Target::Recipient(*t));
            for w in who {
                assert!(w.assignments.iter().all(|a| a.starts_with('A')), "{w:?}");
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]
    #[test]
    fn exclusive_scopes_block_every_other_write(
        ou_parents in vec(0usize..8, 0..4),
        users in vec((0usize..8, 0usize..3), 1..5),
        scopes in vec((option::of(0usize..8), option::of(0usize..3), any::<bool>()), 0..4),
        assigns in vec((0usize..8, 0u8..5, 0usize..8, proptest::bool::weighted(0.85)), 0..8),
    ) {
        run_exclusive(&ou_parents, &users, &scopes, &assigns);
    }
}
