//! Application permissions decide like cmdlets: ApplicationImpersonation's
//! one entry lets its holder impersonate the mailboxes in its write scope.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "tests stop loudly on broken fixtures"
)]

use exrbac_core::*;

fn mailbox(org: &mut Organization, name: &str, ou: OuId) -> RecipientId {
    org.new_recipient(NewRecipient {
        name: name.into(),
        ou,
        kind: RecipientKind::UserMailbox,
        attrs: Default::default(),
        enabled: true,
    })
    .unwrap()
}

#[test]
fn impersonation_follows_the_assignment_scope() {
    let mut org = Organization::new("contoso.com", exrbac_catalog::builtin().unwrap()).unwrap();
    let root = org.root_ou();
    let staff = org.new_ou("Staff", root).unwrap();
    let vip = org.new_ou("VIP", root).unwrap();
    let alice = mailbox(&mut org, "Alice", staff);
    let boss = mailbox(&mut org, "Boss", vip);
    let svc = mailbox(&mut org, "svc", staff);
    let imp = org.role_by_name("ApplicationImpersonation").unwrap();
    let entry = org.role(imp).unwrap().entries.first().cloned().unwrap();
    assert_eq!(org.role(imp).unwrap().entries.len(), 1);
    assert_eq!(entry.kind, EntryKind::ApplicationPermission);

    // Without an assignment the permission doesn't exist for svc.
    let d = org.decide(svc, &entry.name, &[], Target::Recipient(alice));
    assert!(!d.allowed);
    assert_eq!(d.explanation.failed_step.as_deref(), Some("cmdlet"));

    // Scoped to the Staff OU: Alice yes, Boss no.
    org.new_assignment(Assignment {
        name: "imp-svc".into(),
        role: imp,
        assignee: Assignee::User(svc),
        delegating: false,
        enabled: true,
        recipient_write: RecipientScope::Ou(staff),
        config_write: ConfigScope::Relative(ScopeValue::None),
    })
    .unwrap();
    let ok = org.decide(svc, &entry.name, &[], Target::Recipient(alice));
    assert!(ok.allowed, "{ok:?}");
    assert_eq!(
        ok.explanation.chains.first().map(|c| c.assignment.as_str()),
        Some("imp-svc")
    );
    let no = org.decide(svc, &entry.name, &[], Target::Recipient(boss));
    assert!(!no.allowed);
    assert!(
        no.error
            .unwrap()
            .contains("isn't within a valid write scope")
    );
    let who: Vec<String> = org
        .who_can(&entry.name, &[], Target::Recipient(alice))
        .into_iter()
        .map(|w| w.user)
        .collect();
    assert!(who.contains(&"svc".to_string()));
}
