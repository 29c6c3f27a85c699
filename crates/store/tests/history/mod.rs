//! A history of commits touching every kind of object, shared by the tests
//! of both backends' change logs, with the ways to compare its results.

#![allow(dead_code, reason = "each test binary uses a part")]

use exrbac_core::opath::{Filter, FilterKind};
use exrbac_core::*;

/// How many steps [`step`] knows.
pub const STEPS: usize = 7;

fn new_mailbox(o: &mut Organization, name: &str, ou: OuId) -> RecipientId {
    o.new_recipient(NewRecipient {
        name: name.into(),
        ou,
        kind: RecipientKind::UserMailbox,
        attrs: Default::default(),
        enabled: true,
    })
    .unwrap()
}

fn sales_scope(filter: &str) -> Scope {
    Scope {
        name: "Sales Scope".into(),
        kind: ScopeKind::RecipientScope,
        recipient_root: None,
        filter_text: Some(filter.into()),
        filter: Some(Filter::parse(filter, FilterKind::Recipient).unwrap()),
        server_list: vec![],
        database_list: vec![],
        exclusive: false,
    }
}

/// The `i`-th change of the history (each is one commit).
pub fn step(o: &mut Organization, i: usize) {
    let rec = |o: &Organization, n: &str| o.recipient_by_name(n).unwrap();
    match i {
        0 => {
            let root = o.root_ou();
            let sales = o.new_ou("Sales", root).unwrap();
            new_mailbox(o, "Sales1", sales);
            new_mailbox(o, "Sales2", sales);
            o.new_recipient(NewRecipient {
                name: "Sales Helpers".into(),
                ou: sales,
                kind: RecipientKind::SecurityGroup,
                attrs: Default::default(),
                enabled: true,
            })
            .unwrap();
        }
        1 => {
            let (g, s1, s2) = (rec(o, "Sales Helpers"), rec(o, "Sales1"), rec(o, "Sales2"));
            o.add_member(g, s1).unwrap();
            o.set_attr(s2, "Department", Some("Sales".into())).unwrap();
        }
        2 => {
            let scope = o.new_scope(sales_scope("Department -eq 'Sales'")).unwrap();
            let mr = o.role_by_name("Mail Recipients").unwrap();
            let role = o.new_role("Sales Recipients", mr, None, None).unwrap();
            o.new_assignment(Assignment {
                name: "Sales Recipients-Sales Helpers".into(),
                role,
                assignee: Assignee::Group(rec(o, "Sales Helpers")),
                delegating: false,
                enabled: true,
                recipient_write: RecipientScope::Custom(scope),
                config_write: ConfigScope::Relative(ScopeValue::OrganizationConfig),
            })
            .unwrap();
        }
        3 => {
            let s1 = rec(o, "Sales1");
            o.set_attr(s1, "Name", Some("Seller".into())).unwrap();
            o.set_setting("EwsEnabled", Some("False".into()));
            o.set_admin_audit(AdminAuditLogSettings {
                enabled: false,
                cmdlets: vec!["*Mailbox*".into()],
                excluded_cmdlets: vec!["Set-User".into()],
                age_limit_secs: 120 * 86_400,
                log_level: "Verbose".into(),
                ..Default::default()
            });
            let a = o
                .assignment_by_name("Mail Recipients-Recipient Management")
                .unwrap();
            o.remove_assignment(a).unwrap();
        }
        4 => {
            let root = o.root_ou();
            new_mailbox(o, "Temp", root);
            let role = o.role_by_name("Sales Recipients").unwrap();
            o.remove_role_entry(role, "Set-Mailbox").unwrap();
        }
        5 => {
            // The newest recipient goes: its id stays retired.
            o.remove_recipient(rec(o, "Temp")).unwrap();
            let s = o.scope_by_name("Sales Scope").unwrap();
            o.set_scope(s, sales_scope("Department -eq 'Legal'"))
                .unwrap();
        }
        _ => {
            let (g, s2) = (rec(o, "Sales Helpers"), rec(o, "Sales2"));
            o.add_member(g, s2).unwrap();
            let s = o.scope_by_name("Sales Scope").unwrap();
            o.set_scope(s, sales_scope("Department -eq 'Sales'"))
                .unwrap();
        }
    }
}

/// The organization without the retired slots at the end of each arena: a
/// load from rows can't know of those, a copy kept in step does.
pub fn live(o: &Organization) -> serde_json::Value {
    let mut v = serde_json::to_value(o).unwrap();
    if let Some(m) = v.as_object_mut() {
        for arena in m.values_mut() {
            if let Some(slots) = arena.get_mut("slots").and_then(|s| s.as_array_mut()) {
                while slots.last().is_some_and(serde_json::Value::is_null) {
                    slots.pop();
                }
            }
        }
    }
    v
}

/// Decisions of every user of the history on what the history changes.
pub fn decisions(o: &Organization) -> Vec<Decision> {
    let users: Vec<RecipientId> = o
        .recipients()
        .filter(|(_, r)| r.kind.is_user())
        .map(|(i, _)| i)
        .collect();
    let targets: Vec<Target<'_>> = std::iter::once(Target::None)
        .chain(users.iter().map(|u| Target::Recipient(*u)))
        .collect();
    let mut out = Vec::new();
    for u in &users {
        for (c, ps) in [
            ("Set-Mailbox", &["Identity", "Office"][..]),
            ("Get-Mailbox", &["Identity"][..]),
            ("Set-User", &["Identity", "Department"][..]),
        ] {
            for t in &targets {
                out.push(o.decide(*u, c, ps, *t));
            }
        }
    }
    out
}

/// The change log keeps `kept` revisions: a copy within them catches up
/// exactly, an older one is told to reload, and older rows are gone
/// (`count_older(r)` counts the log's rows at revisions up to `r`).
pub fn pruned_log_still_vouches_only_for_what_it_keeps(
    s: &mut exrbac_store::Store,
    mut o: Organization,
    count_older: &dyn Fn(u64) -> i64,
) {
    const KEPT: u64 = 3;
    s.set_changes_kept(KEPT);
    let mut copies = vec![s.load(None).unwrap()];
    for i in 0..STEPS {
        step(&mut o, i);
        s.commit(&mut o, &[]).unwrap();
        copies.push(o.clone());
    }
    let current = o.revision;
    assert!(current > 2 * KEPT, "the history outruns what is kept");
    assert_eq!(count_older(current - KEPT), 0, "older rows are pruned");
    assert!(count_older(current) > 0);
    let (mut caught_up, mut refused) = (0, 0);
    for old in copies {
        let from = old.revision;
        match s.changes_since(&o.name, from).unwrap() {
            Some(cs) => {
                assert!(current - from < KEPT, "{from} is outside the log");
                let mut c = old;
                c.apply(&cs).unwrap();
                c.verify_indexes().unwrap();
                assert_eq!(live(&c), live(&o), "caught up from {from}");
                caught_up += 1;
            }
            None => {
                assert!(current - from >= KEPT, "{from} is kept, yet refused");
                refused += 1;
            }
        }
    }
    assert!(caught_up > 0 && refused > 0, "{caught_up} / {refused}");
}
