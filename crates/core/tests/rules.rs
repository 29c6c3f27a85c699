//! One test per rule of the model and of the decision (SPEC §2–§3,
//! docs/semantics.md), each pinning Exchange's exact error text.

// clippy.toml allows these inside #[test] functions; the helpers here are test code too.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use exrbac_core::opath::Filter;
mod common;

use common::{ORG_WIDE, assignment, recipient_with, root_role_with, s};
use exrbac_core::*;
use std::collections::BTreeMap;

// ----- helpers ---------------------------------------------------------------

fn builtin_org() -> Organization {
    Organization::new("contoso.com", exrbac_catalog::builtin().unwrap()).unwrap()
}

fn err<T: std::fmt::Debug>(r: Result<T, CoreError>) -> String {
    r.unwrap_err().to_string()
}

/// A built-in-like root role (read-only) with the given entries.
fn root_role(org: &mut Organization, name: &str, entries: &[(&str, &[&str])]) -> RoleId {
    root_role_with(org, name, ORG_WIDE, false, entries)
}

fn recipient(org: &mut Organization, name: &str, ou: OuId, kind: RecipientKind) -> RecipientId {
    recipient_with(org, name, ou, kind, &[])
}

fn assign(org: &mut Organization, name: &str, role: RoleId, assignee: Assignee) -> AssignmentId {
    org.new_assignment(assignment(name, role, assignee))
        .unwrap()
}

fn assign_scoped(
    org: &mut Organization,
    name: &str,
    role: RoleId,
    assignee: Assignee,
    rw: RecipientScope,
) -> AssignmentId {
    org.new_assignment(Assignment {
        recipient_write: rw,
        ..assignment(name, role, assignee)
    })
    .unwrap()
}

fn recipient_scope(
    org: &mut Organization,
    name: &str,
    root: Option<OuId>,
    filter: Option<&str>,
    exclusive: bool,
) -> ScopeId {
    org.new_scope(Scope {
        name: name.to_string(),
        kind: ScopeKind::RecipientScope,
        recipient_root: root,
        filter_text: filter.map(str::to_string),
        filter: filter
            .map(|f| Filter::parse(f, exrbac_core::opath::FilterKind::Recipient).unwrap()),
        server_list: Vec::new(),
        database_list: Vec::new(),
        exclusive,
    })
    .unwrap()
}

fn config_scope(
    org: &mut Organization,
    name: &str,
    kind: ScopeKind,
    filter: Option<&str>,
    servers: Vec<ServerId>,
    databases: Vec<DatabaseId>,
    exclusive: bool,
) -> ScopeId {
    org.new_scope(Scope {
        name: name.to_string(),
        kind,
        recipient_root: None,
        filter_text: filter.map(str::to_string),
        filter: filter.map(|f| Filter::parse(f, filter_kind(kind)).unwrap()),
        server_list: servers,
        database_list: databases,
        exclusive,
    })
    .unwrap()
}

/// An empty organization with one root role "Mail Recipients"
/// (Set-Mailbox -Identity -Office -Title, Get-Mailbox -Identity) and one
/// user (Admin) with a mailbox in contoso.com/Users.
struct Small {
    org: Organization,
    users_ou: OuId,
    role: RoleId,
    admin: RecipientId,
}

fn small() -> Small {
    let mut org = Organization::empty("contoso.com").unwrap();
    let users_ou = org.new_ou("Users", org.root_ou()).unwrap();
    let role = root_role(
        &mut org,
        "Mail Recipients",
        &[
            ("Set-Mailbox", &["Identity", "Office", "Title"]),
            ("Get-Mailbox", &["Identity"]),
        ],
    );
    let admin = recipient(&mut org, "Admin", users_ou, RecipientKind::UserMailbox);
    Small {
        org,
        users_ou,
        role,
        admin,
    }
}

fn not_recognized(c: &str) -> String {
    format!(
        "The term '{c}' is not recognized as the name of a cmdlet, function, script file, or operable program. Check the spelling of the name, or if a path was included, verify that the path is correct and try again."
    )
}

fn param_not_found(p: &str) -> String {
    format!("A parameter cannot be found that matches parameter name '{p}'.")
}

fn out_of_scope(t: &str) -> String {
    format!("'{t}' isn't within a valid write scope. Can't perform save operation.")
}

fn exclusive_blocked(t: &str, scope: &str) -> String {
    format!(
        "'{t}' isn't within a valid write scope. Can't perform save operation. The object is protected by the exclusive scope '{scope}'."
    )
}

// ----- role hierarchy ---------------------------------------------------------

#[test]
fn child_role_starts_as_a_copy_of_its_parent() {
    let mut x = small();
    let child = x.org.new_role("MR Child", x.role, None, None).unwrap();
    let c = x.org.role(child).unwrap();
    let p = x.org.role(x.role).unwrap();
    assert_eq!(c.entries, p.entries);
    assert_eq!(c.parent, Some(x.role));
    assert!(!c.builtin);
    assert_eq!(c.role_type, p.role_type);
    assert_eq!(c.implicit, p.implicit);
}

#[test]
fn new_role_with_cmdlets_the_parent_lacks_fails() {
    let mut x = small();
    let e = err(x.org.new_role(
        "MR Child",
        x.role,
        None,
        Some(&s(&["Set-Mailbox", "New-Mailbox"])),
    ));
    assert_eq!(
        e,
        "The role entry 'New-Mailbox' can't be added because the parent role 'Mail Recipients' doesn't have it."
    );
    assert!(x.org.role_by_name("MR Child").is_none());
    let only = x
        .org
        .new_role("MR Child", x.role, None, Some(&s(&["set-mailbox"])))
        .unwrap();
    let names: Vec<_> = x
        .org
        .role(only)
        .unwrap()
        .entries
        .iter()
        .map(|e| e.name.clone())
        .collect();
    assert_eq!(names, ["Set-Mailbox"]);
}

#[test]
fn child_cannot_add_an_entry_its_parent_lacks() {
    let mut x = small();
    let child = x.org.new_role("MR Child", x.role, None, None).unwrap();
    let e = err(x
        .org
        .add_role_entry(child, "New-Mailbox", None, EntryKind::Cmdlet));
    assert_eq!(
        e,
        "The role entry 'New-Mailbox' can't be added because the parent role 'Mail Recipients' doesn't have it."
    );
    // A grandchild is judged against its immediate parent, not the root.
    x.org.remove_role_entry(child, "Get-Mailbox").unwrap();
    let grandchild = x.org.new_role("MR Grandchild", child, None, None).unwrap();
    let e = err(x
        .org
        .add_role_entry(grandchild, "Get-Mailbox", None, EntryKind::Cmdlet));
    assert_eq!(
        e,
        "The role entry 'Get-Mailbox' can't be added because the parent role 'MR Child' doesn't have it."
    );
}

#[test]
fn child_cannot_add_a_parameter_its_parent_lacks() {
    let mut x = small();
    let child = x
        .org
        .new_role("MR Child", x.role, None, Some(&s(&["Get-Mailbox"])))
        .unwrap();
    let e = err(x.org.add_role_entry(
        child,
        "Set-Mailbox",
        Some(&s(&["Identity", "Department"])),
        EntryKind::Cmdlet,
    ));
    assert_eq!(
        e,
        "The parameter 'Department' can't be added to the role entry 'MR Child\\Set-Mailbox' because the parent role's entry doesn't have it."
    );
    // Re-adding with the parent's parameters works (and takes the parent's spelling).
    x.org
        .add_role_entry(
            child,
            "set-mailbox",
            Some(&s(&["identity", "OFFICE"])),
            EntryKind::Cmdlet,
        )
        .unwrap();
    let e = x
        .org
        .role(child)
        .unwrap()
        .entry("Set-Mailbox")
        .unwrap()
        .clone();
    assert_eq!(e.name, "Set-Mailbox");
    assert_eq!(e.parameters, s(&["Identity", "Office"]));
    // Set-ManagementRoleEntry: -Parameters and -AddParameter are held to the parent too.
    let e1 = err(x.org.set_role_entry_parameters(
        child,
        "Set-Mailbox",
        Some(&s(&["Identity", "Department"])),
        &[],
        &[],
    ));
    let e2 =
        err(x
            .org
            .set_role_entry_parameters(child, "Set-Mailbox", None, &s(&["Department"]), &[]));
    let want = "The parameter 'Department' can't be added to the role entry 'MR Child\\Set-Mailbox' because the parent role's entry doesn't have it.";
    assert_eq!(e1, want);
    assert_eq!(e2, want);
    x.org
        .set_role_entry_parameters(child, "Set-Mailbox", None, &s(&["Title"]), &s(&["Office"]))
        .unwrap();
    assert_eq!(
        x.org
            .role(child)
            .unwrap()
            .entry("Set-Mailbox")
            .unwrap()
            .parameters,
        s(&["Identity", "Title"])
    );
}

#[test]
fn adding_an_entry_twice_fails() {
    let mut x = small();
    let child = x.org.new_role("MR Child", x.role, None, None).unwrap();
    let e = err(x
        .org
        .add_role_entry(child, "Set-Mailbox", None, EntryKind::Cmdlet));
    assert_eq!(
        e,
        "The role entry 'MR Child\\Set-Mailbox' already exists on the role 'MR Child'."
    );
}

#[test]
fn removing_from_a_parent_removes_from_its_children() {
    // The code cascades removals so that no child ever exceeds its parent.
    // (docs/semantics.md §2.3 still says children keep what they have; the
    // cascade is what keeps SPEC §2's "a child never holds more than its parent".)
    let mut x = small();
    let child = x.org.new_role("C", x.role, None, None).unwrap();
    let grandchild = x.org.new_role("G", child, None, None).unwrap();
    x.org.remove_role_entry(child, "Get-Mailbox").unwrap();
    assert!(
        x.org
            .role(grandchild)
            .unwrap()
            .entry("Get-Mailbox")
            .is_none()
    );
    x.org
        .set_role_entry_parameters(child, "Set-Mailbox", None, &[], &s(&["Title"]))
        .unwrap();
    assert_eq!(
        x.org
            .role(grandchild)
            .unwrap()
            .entry("Set-Mailbox")
            .unwrap()
            .parameters,
        s(&["Identity", "Office"])
    );
    // And the grandchild can't take them back.
    let e =
        err(x
            .org
            .set_role_entry_parameters(grandchild, "Set-Mailbox", None, &s(&["Title"]), &[]));
    assert_eq!(
        e,
        "The parameter 'Title' can't be added to the role entry 'G\\Set-Mailbox' because the parent role's entry doesn't have it."
    );
    // The parent itself is untouched by a child's change.
    x.org.remove_role_entry(grandchild, "Set-Mailbox").unwrap();
    assert!(x.org.role(child).unwrap().entry("Set-Mailbox").is_some());
}

#[test]
fn removing_an_entry_the_role_lacks_is_not_found() {
    let mut x = small();
    let child = x.org.new_role("C", x.role, None, None).unwrap();
    let e = err(x.org.remove_role_entry(child, "New-Mailbox"));
    assert_eq!(
        e,
        "The operation couldn't be performed because object 'C\\New-Mailbox' couldn't be found on ''."
    );
}

#[test]
fn builtin_roles_are_read_only() {
    let mut org = builtin_org();
    let mr = org.role_by_name("Mail Recipients").unwrap();
    let want = "The management role 'Mail Recipients' is a built-in role and can't be modified. Create a child role with New-ManagementRole -Parent and change the child instead.";
    assert_eq!(err(org.remove_role_entry(mr, "Set-Mailbox")), want);
    assert_eq!(
        err(org.add_role_entry(mr, "Set-Mailbox", None, EntryKind::Cmdlet)),
        want
    );
    assert_eq!(
        err(org.set_role_entry_parameters(mr, "Set-Mailbox", None, &[], &s(&["Office"]))),
        want
    );
    assert_eq!(err(org.set_role(mr, None, Some("x".into()))), want);
    assert_eq!(err(org.remove_role(mr, false)), want);
    assert_eq!(err(org.remove_role(mr, true)), want);
    assert!(org.role(mr).unwrap().entry("Set-Mailbox").is_some());
}

#[test]
fn role_with_children_needs_recurse() {
    let mut x = small();
    let child = x.org.new_role("C", x.role, None, None).unwrap();
    let grandchild = x.org.new_role("G", child, None, None).unwrap();
    assert_eq!(
        err(x.org.remove_role(child, false)),
        "The management role 'C' has child roles. Use the Recurse parameter to remove the role and all its child roles."
    );
    let mut gone = x.org.remove_role(child, true).unwrap();
    gone.sort();
    assert_eq!(gone, {
        let mut v = vec![child, grandchild];
        v.sort();
        v
    });
    assert!(x.org.role_by_name("C").is_none());
    assert!(x.org.role_by_name("G").is_none());
    assert!(x.org.children(x.role).is_empty());
}

#[test]
fn role_with_assignments_cannot_be_removed() {
    let mut x = small();
    let child = x.org.new_role("C", x.role, None, None).unwrap();
    let grandchild = x.org.new_role("G", child, None, None).unwrap();
    let a = assign(&mut x.org, "G-Admin", grandchild, Assignee::User(x.admin));
    let want_g = "The management role 'G' can't be removed because it has role assignments. Remove the role assignments first with Remove-ManagementRoleAssignment.";
    assert_eq!(err(x.org.remove_role(grandchild, false)), want_g);
    // With -Recurse a descendant's assignment blocks the whole removal.
    assert_eq!(err(x.org.remove_role(child, true)), want_g);
    assert!(x.org.role_by_name("C").is_some());
    x.org.remove_assignment(a).unwrap();
    x.org.remove_role(child, true).unwrap();
}

// ----- names -----------------------------------------------------------------

#[test]
fn names_are_unique_case_insensitively() {
    let mut x = small();
    let exists = |n: &str| format!("The object '{n}' already exists. Specify a different name.");
    // roles
    x.org.new_role("Sales Role", x.role, None, None).unwrap();
    assert_eq!(
        err(x.org.new_role("SALES role", x.role, None, None)),
        exists("SALES role")
    );
    assert_eq!(
        err(x.org.new_role("mail recipients", x.role, None, None)),
        exists("mail recipients")
    );
    // scopes
    recipient_scope(&mut x.org, "Sales Scope", None, None, false);
    let dup = Scope {
        name: "sales SCOPE".into(),
        kind: ScopeKind::RecipientScope,
        recipient_root: None,
        filter_text: None,
        filter: None,
        server_list: vec![],
        database_list: vec![],
        exclusive: false,
    };
    assert_eq!(err(x.org.new_scope(dup)), exists("sales SCOPE"));
    // assignments
    assign(&mut x.org, "MR-Admin", x.role, Assignee::User(x.admin));
    assert_eq!(
        err(x
            .org
            .new_assignment(assignment("mr-ADMIN", x.role, Assignee::User(x.admin)))),
        exists("mr-ADMIN")
    );
    // policies
    x.org.new_policy("Sales Policy", "", false).unwrap();
    assert_eq!(
        err(x.org.new_policy("SALES POLICY", "", false)),
        exists("SALES POLICY")
    );
    // recipients (across OUs: recipient names are organization-wide)
    let other = x.org.new_ou("Sales", x.org.root_ou()).unwrap();
    assert_eq!(
        err(x.org.new_recipient(NewRecipient {
            name: "admin".into(),
            ou: other,
            kind: RecipientKind::User,
            attrs: BTreeMap::new(),
            enabled: true,
        })),
        exists("admin")
    );
    // renames too
    let r2 = x.org.new_role("Other Role", x.role, None, None).unwrap();
    assert_eq!(
        err(x.org.set_role(r2, Some("sales role"), None)),
        exists("sales role")
    );
    let bob = recipient(&mut x.org, "Bob", x.users_ou, RecipientKind::User);
    assert_eq!(
        err(x.org.set_attr(bob, "Name", Some("ADMIN".into()))),
        exists("ADMIN")
    );
}

// ----- policies ----------------------------------------------------------------

#[test]
fn policies_take_only_end_user_roles_and_never_delegating_assignments() {
    let mut org = builtin_org();
    let pol = org.default_policy().unwrap();
    let mr = org.role_by_name("Mail Recipients").unwrap();
    let myopts = org.role_by_name("MyBaseOptions").unwrap();
    assert_eq!(
        err(org.new_assignment(assignment("x", mr, Assignee::Policy(pol)))),
        "The role 'Mail Recipients' isn't an end-user role. Only end-user roles can be assigned to a role assignment policy."
    );
    let pol2 = org.new_policy("P2", "", false).unwrap();
    assert_eq!(
        err(org.new_assignment(Assignment {
            delegating: true,
            ..assignment("y", myopts, Assignee::Policy(pol2))
        })),
        "Delegating role assignments can't be created for role assignment policies."
    );
    org.new_assignment(Assignment {
        recipient_write: RecipientScope::Relative(ScopeValue::SelfScope),
        ..assignment("MyBaseOptions-P2", myopts, Assignee::Policy(pol2))
    })
    .unwrap();
}

#[test]
fn end_user_roles_go_regularly_only_to_policies() {
    // Our model follows SPEC §2 ("End-user roles are only for assignment
    // policies"); docs/semantics.md §7.2 records Microsoft's looser rule as
    // an open decision. Delegating assignments of them stay with groups.
    let mut org = builtin_org();
    let myopts = org.role_by_name("MyBaseOptions").unwrap();
    let admin = org.recipient_by_name("Administrator").unwrap();
    assert_eq!(
        err(org.new_assignment(assignment("z", myopts, Assignee::User(admin)))),
        "The role 'MyBaseOptions' is an end-user role and can only be assigned to a role assignment policy."
    );
    org.new_assignment(Assignment {
        delegating: true,
        ..assignment("z", myopts, Assignee::User(admin))
    })
    .unwrap();
}

// ----- scopes and assignments ----------------------------------------------

#[test]
fn scope_in_use_cannot_be_removed() {
    let mut x = small();
    let sc = recipient_scope(
        &mut x.org,
        "Sales",
        None,
        Some("Department -eq 'Sales'"),
        false,
    );
    let a = assign_scoped(
        &mut x.org,
        "MR-Sales",
        x.role,
        Assignee::User(x.admin),
        RecipientScope::Custom(sc),
    );
    assert_eq!(
        err(x.org.remove_scope(sc)),
        "The management scope 'Sales' can't be removed because it's used by the role assignment 'MR-Sales'."
    );
    x.org.remove_assignment(a).unwrap();
    x.org.remove_scope(sc).unwrap();
    assert!(x.org.scope_by_name("Sales").is_none());
}

#[test]
fn last_delegating_assignment_held_by_a_group_stays() {
    let mut org = builtin_org();
    let rp = org.role_by_name("Reset Password").unwrap();
    let only = org
        .assignment_by_name("Reset Password-Organization Management-Delegating")
        .unwrap();
    let want = "The role assignment 'Reset Password-Organization Management-Delegating' can't be removed because it's the last delegating role assignment of the role 'Reset Password' held by a role group or universal security group.";
    assert_eq!(err(org.remove_assignment(only)), want);
    // A delegating assignment held by a user doesn't count as another holder.
    let admin = org.recipient_by_name("Administrator").unwrap();
    let to_user = org
        .new_assignment(Assignment {
            delegating: true,
            ..assignment("RP-Admin-Delegating", rp, Assignee::User(admin))
        })
        .unwrap();
    assert_eq!(err(org.remove_assignment(only)), want);
    // ...and removing the user's one is never protected.
    org.remove_assignment(to_user).unwrap();
    // Another USG holding one lets Organization Management's go (split permissions).
    let users = org.find_ou("contoso.com/Users").unwrap();
    let usg = recipient(&mut org, "AD Admins", users, RecipientKind::SecurityGroup);
    let other = org
        .new_assignment(Assignment {
            delegating: true,
            ..assignment("RP-AD Admins-Delegating", rp, Assignee::Group(usg))
        })
        .unwrap();
    org.remove_assignment(only).unwrap();
    assert_eq!(
        err(org.remove_assignment(other)),
        "The role assignment 'RP-AD Admins-Delegating' can't be removed because it's the last delegating role assignment of the role 'Reset Password' held by a role group or universal security group."
    );
}

#[test]
fn role_management_keeps_a_regular_assignment() {
    let mut org = builtin_org();
    let rm = org.role_by_name("Role Management").unwrap();
    let om_rm = org
        .assignment_by_name("Role Management-Organization Management")
        .unwrap();
    let want = "The role assignment 'Role Management-Organization Management' can't be removed because it would leave no one able to manage role assignments (the Role Management role).";
    assert_eq!(err(org.remove_assignment(om_rm)), want);
    // Disabling it is removing it in effect (docs/semantics.md E18).
    assert_eq!(
        err(org.set_assignment(om_rm, Some(false), None, None)),
        want
    );
    assert!(org.assignment(om_rm).unwrap().enabled);
    org.set_assignment(om_rm, Some(true), None, None).unwrap();
    let users = org.find_ou("contoso.com/Users").unwrap();
    let usg = recipient(&mut org, "RBAC Admins", users, RecipientKind::SecurityGroup);
    // A disabled one doesn't count.
    let other = org
        .new_assignment(Assignment {
            enabled: false,
            ..assignment("Role Management-RBAC Admins", rm, Assignee::Group(usg))
        })
        .unwrap();
    assert_eq!(err(org.remove_assignment(om_rm)), want);
    org.set_assignment(other, Some(true), None, None).unwrap();
    org.set_assignment(om_rm, Some(false), None, None).unwrap();
    assert_eq!(
        err(org.set_assignment(other, Some(false), None, None)),
        "The role assignment 'Role Management-RBAC Admins' can't be removed because it would leave no one able to manage role assignments (the Role Management role)."
    );
    org.set_assignment(om_rm, Some(true), None, None).unwrap();
    org.remove_assignment(om_rm).unwrap();
    assert_eq!(
        err(org.remove_assignment(other)),
        "The role assignment 'Role Management-RBAC Admins' can't be removed because it would leave no one able to manage role assignments (the Role Management role)."
    );
}

#[test]
fn group_cycles_are_refused() {
    let mut x = small();
    let a = recipient(&mut x.org, "GA", x.users_ou, RecipientKind::SecurityGroup);
    let b = recipient(&mut x.org, "GB", x.users_ou, RecipientKind::SecurityGroup);
    let c = recipient(&mut x.org, "GC", x.users_ou, RecipientKind::SecurityGroup);
    x.org.add_member(a, b).unwrap();
    x.org.add_member(b, c).unwrap();
    assert_eq!(
        err(x.org.add_member(c, a)),
        "The group \"GC\" can't be a member of itself."
    );
    assert_eq!(
        err(x.org.add_member(a, a)),
        "The group \"GA\" can't be a member of itself."
    );
    assert_eq!(
        err(x.org.add_member(a, b)),
        "The recipient \"GB\" is already a member of the group \"GA\"."
    );
    assert!(x.org.recipient(a).unwrap().member_of.is_empty());
}

#[test]
fn ad_split_permissions_removes_creation_roles_regular_assignments_for_good() {
    let mut org = builtin_org();
    let mrc = org.role_by_name("Mail Recipient Creation").unwrap();
    let child = org.new_role("MRC Child", mrc, None, None).unwrap();
    let users = org.find_ou("contoso.com/Users").unwrap();
    let usg = recipient(&mut org, "Creators", users, RecipientKind::SecurityGroup);
    assign(&mut org, "MRC Child-Creators", child, Assignee::Group(usg));
    let keep_deleg = org
        .new_assignment(Assignment {
            delegating: true,
            ..assignment("MRC Child-Creators-Delegating", child, Assignee::Group(usg))
        })
        .unwrap();
    let admin = org.recipient_by_name("Administrator").unwrap();
    assert!(org.decide(admin, "New-Mailbox", &[], Target::None).allowed);

    let mut removed = org.set_ad_split_permissions(true);
    removed.sort();
    assert_eq!(
        removed,
        s(&[
            "MRC Child-Creators",
            "Mail Recipient Creation-Organization Management",
            "Mail Recipient Creation-Recipient Management",
            "Security Group Creation and Membership-Organization Management",
        ])
    );
    assert!(org.settings.ad_split_permissions);
    for (_, a) in org.assignments() {
        let rt = &org.role(a.role).unwrap().role_type;
        if rt == "MailRecipientCreation" || rt == "SecurityGroupCreationAndMembership" {
            assert!(a.delegating, "{} survived", a.name);
        }
    }
    assert!(org.assignment(keep_deleg).is_some());
    assert!(
        org.assignment_by_name("Mail Recipient Creation-Organization Management-Delegating")
            .is_some()
    );
    let d = org.decide(admin, "New-Mailbox", &[], Target::None);
    assert_eq!(
        d.error.as_deref(),
        Some(not_recognized("New-Mailbox").as_str())
    );

    // Switching back restores nothing.
    let n = org.assignments().count();
    assert!(org.set_ad_split_permissions(false).is_empty());
    assert!(!org.settings.ad_split_permissions);
    assert_eq!(org.assignments().count(), n);
    assert!(
        org.assignment_by_name("Mail Recipient Creation-Organization Management")
            .is_none()
    );
    assert!(!org.decide(admin, "New-Mailbox", &[], Target::None).allowed);
}

// ----- the decision: cmdlet, parameters, scope ------------------------------

#[test]
fn cmdlet_not_granted_is_not_recognized() {
    let mut x = small();
    let bob = recipient(&mut x.org, "Bob", x.users_ou, RecipientKind::User);
    let d = x
        .org
        .decide(bob, "Set-Mailbox", &[], Target::Recipient(x.admin));
    assert!(!d.allowed);
    assert_eq!(
        d.error.as_deref(),
        Some(not_recognized("Set-Mailbox").as_str())
    );
    assert_eq!(d.explanation.failed_step.as_deref(), Some("cmdlet"));
    assert!(d.explanation.chains.is_empty());
    // The role that has it is named as a near miss.
    assert!(
        d.explanation
            .near_misses
            .iter()
            .any(|m| m.role == "Mail Recipients")
    );
    let p = x.org.principal(bob);
    assert_eq!(
        err(x.org.access(&p, "Set-Mailbox", &[])),
        not_recognized("Set-Mailbox")
    );
    // Cmdlet names compare case-insensitively.
    assign(&mut x.org, "MR-Bob", x.role, Assignee::User(bob));
    assert!(
        x.org
            .decide(
                bob,
                "set-MAILBOX",
                &["identity"],
                Target::Recipient(x.admin)
            )
            .allowed
    );
}

#[test]
fn parameter_no_entry_allows_is_not_found() {
    let mut x = small();
    let bob = recipient(&mut x.org, "Bob", x.users_ou, RecipientKind::User);
    assign(&mut x.org, "MR-Bob", x.role, Assignee::User(bob));
    let d = x.org.decide(
        bob,
        "Set-Mailbox",
        &["Identity", "Department"],
        Target::Recipient(x.admin),
    );
    assert_eq!(
        d.error.as_deref(),
        Some(param_not_found("Department").as_str())
    );
    assert_eq!(d.explanation.failed_step.as_deref(), Some("parameters"));
    assert_eq!(d.explanation.near_misses.len(), 1);
    assert_eq!(d.explanation.near_misses[0].assignment, "MR-Bob");
    assert!(d.explanation.near_misses[0].reason.contains("Department"));
    // Common parameters are always allowed.
    let d = x.org.decide(
        bob,
        "Set-Mailbox",
        &[
            "Identity",
            "Office",
            "WhatIf",
            "Confirm",
            "ErrorAction",
            "verbose",
        ],
        Target::Recipient(x.admin),
    );
    assert!(d.allowed, "{:?}", d.error);
    // Parameters may not be pooled across entries: each must come from one entry.
    let child_a = x.org.new_role("Office Only", x.role, None, None).unwrap();
    x.org
        .set_role_entry_parameters(
            child_a,
            "Set-Mailbox",
            Some(&s(&["Identity", "Office"])),
            &[],
            &[],
        )
        .unwrap();
    let child_b = x.org.new_role("Title Only", x.role, None, None).unwrap();
    x.org
        .set_role_entry_parameters(
            child_b,
            "Set-Mailbox",
            Some(&s(&["Identity", "Title"])),
            &[],
            &[],
        )
        .unwrap();
    let carol = recipient(&mut x.org, "Carol", x.users_ou, RecipientKind::User);
    assign(&mut x.org, "OO-Carol", child_a, Assignee::User(carol));
    assign(&mut x.org, "TO-Carol", child_b, Assignee::User(carol));
    assert!(
        x.org
            .decide(
                carol,
                "Set-Mailbox",
                &["Office"],
                Target::Recipient(x.admin)
            )
            .allowed
    );
    assert!(
        x.org
            .decide(carol, "Set-Mailbox", &["Title"], Target::Recipient(x.admin))
            .allowed
    );
    let d = x.org.decide(
        carol,
        "Set-Mailbox",
        &["Office", "Title"],
        Target::Recipient(x.admin),
    );
    assert!(!d.allowed);
    let e = d.error.unwrap();
    assert!(
        e == param_not_found("Office") || e == param_not_found("Title"),
        "{e}"
    );
}

#[test]
fn target_outside_every_write_scope() {
    let mut x = small();
    let sales = x.org.new_ou("Sales", x.org.root_ou()).unwrap();
    let bob = recipient(&mut x.org, "Bob", x.users_ou, RecipientKind::User);
    assign_scoped(
        &mut x.org,
        "MR-Bob-Sales",
        x.role,
        Assignee::User(bob),
        RecipientScope::Ou(sales),
    );
    let d = x
        .org
        .decide(bob, "Set-Mailbox", &["Office"], Target::Recipient(x.admin));
    assert_eq!(
        d.error.as_deref(),
        Some(out_of_scope("contoso.com/Users/Admin").as_str())
    );
    assert_eq!(d.explanation.failed_step.as_deref(), Some("scope"));
    assert_eq!(d.explanation.near_misses.len(), 1);
    assert!(
        d.explanation.near_misses[0]
            .reason
            .contains("OU contoso.com/Sales")
    );
    // A draft (an object as it would be created) is judged in its OU.
    let draft = Recipient {
        name: "New Guy".into(),
        ou: x.users_ou,
        kind: RecipientKind::UserMailbox,
        attrs: Default::default(),
        enabled: true,
        database: None,
        policy: None,
        members: vec![],
        member_of: vec![],
        managed_by: vec![],
        manager: None,
    };
    let d = x.org.decide(bob, "Set-Mailbox", &[], Target::Draft(&draft));
    assert_eq!(
        d.error.as_deref(),
        Some(out_of_scope("contoso.com/Users/New Guy").as_str())
    );
    let in_sales = Recipient { ou: sales, ..draft };
    assert!(
        x.org
            .decide(bob, "Set-Mailbox", &[], Target::Draft(&in_sales))
            .allowed
    );
}

#[test]
fn ou_scope_includes_sub_ous() {
    let mut x = small();
    let sales = x.org.new_ou("Sales", x.org.root_ou()).unwrap();
    let east = x.org.new_ou("East", sales).unwrap();
    let deep = x.org.new_ou("Boston", east).unwrap();
    let salesx = x.org.new_ou("SalesX", x.org.root_ou()).unwrap();
    let bob = recipient(&mut x.org, "Bob", x.users_ou, RecipientKind::User);
    assign_scoped(
        &mut x.org,
        "MR-Bob-Sales",
        x.role,
        Assignee::User(bob),
        RecipientScope::Ou(sales),
    );
    for (name, ou, ok) in [
        ("S1", sales, true),
        ("S2", east, true),
        ("S3", deep, true),
        ("S4", salesx, false),
    ] {
        let t = recipient(&mut x.org, name, ou, RecipientKind::UserMailbox);
        let d = x.org.decide(bob, "Set-Mailbox", &[], Target::Recipient(t));
        assert_eq!(d.allowed, ok, "{name}: {:?}", d.error);
    }
}

#[test]
fn custom_scope_needs_root_and_filter() {
    let mut x = small();
    let sales = x.org.new_ou("Sales", x.org.root_ou()).unwrap();
    let sc = recipient_scope(
        &mut x.org,
        "Sales Dept in Sales OU",
        Some(sales),
        Some("Department -eq 'Sales'"),
        false,
    );
    let bob = recipient(&mut x.org, "Bob", x.users_ou, RecipientKind::User);
    let a = assign_scoped(
        &mut x.org,
        "MR-Bob",
        x.role,
        Assignee::User(bob),
        RecipientScope::Custom(sc),
    );
    let t1 = recipient_with(
        &mut x.org,
        "T1",
        sales,
        RecipientKind::UserMailbox,
        &[("Department", "Sales")],
    );
    let t2 = recipient_with(
        &mut x.org,
        "T2",
        sales,
        RecipientKind::UserMailbox,
        &[("Department", "HR")],
    );
    let t3 = recipient_with(
        &mut x.org,
        "T3",
        x.users_ou,
        RecipientKind::UserMailbox,
        &[("Department", "Sales")],
    );
    let d = x.org.decide(bob, "Set-Mailbox", &[], Target::Recipient(t1));
    assert!(d.allowed);
    assert_eq!(
        d.explanation.chains[0].scope,
        "recipient: CustomRecipientScope Sales Dept in Sales OU; config: OrganizationConfig"
    );
    assert_eq!(
        x.org
            .decide(bob, "Set-Mailbox", &[], Target::Recipient(t2))
            .error
            .as_deref(),
        Some(out_of_scope("contoso.com/Sales/T2").as_str())
    );
    assert_eq!(
        x.org
            .decide(bob, "Set-Mailbox", &[], Target::Recipient(t3))
            .error
            .as_deref(),
        Some(out_of_scope("contoso.com/Users/T3").as_str())
    );
    // The filter is evaluated on the current state.
    x.org
        .set_attr(t2, "Department", Some("Sales".into()))
        .unwrap();
    assert!(
        x.org
            .decide(bob, "Set-Mailbox", &[], Target::Recipient(t2))
            .allowed
    );
    // Reads are the role's implicit read scope, not the write scope.
    let p = x.org.principal(bob);
    let acc = x.org.access(&p, "Get-Mailbox", &["Identity"]).unwrap();
    assert!(x.org.can_read(&p, &acc, Target::Recipient(t3)));
    // Who can write T1: Bob through MR-Bob.
    let who = x.org.who_can("Set-Mailbox", &[], Target::Recipient(t1));
    assert_eq!(who.len(), 1);
    assert_eq!(who[0].user, "Bob");
    assert_eq!(who[0].assignments, s(&["MR-Bob"]));
    assert!(x.org.assignment_can_write(a, Target::Recipient(t1)));
    assert!(!x.org.assignment_can_write(a, Target::Recipient(t3)));
}

#[test]
fn exclusive_scope_blocks_organization_management_writes_but_not_reads() {
    let mut org = builtin_org();
    let admin = org.recipient_by_name("Administrator").unwrap();
    let users = org.find_ou("contoso.com/Users").unwrap();
    let vip = recipient_with(
        &mut org,
        "CEO",
        users,
        RecipientKind::UserMailbox,
        &[("Title", "CEO")],
    );
    let other = recipient(&mut org, "Clerk", users, RecipientKind::UserMailbox);
    assert!(
        org.decide(
            admin,
            "Set-Mailbox",
            &["Identity", "Office"],
            Target::Recipient(vip)
        )
        .allowed
    );
    let vips = recipient_scope(&mut org, "VIPs", None, Some("Title -eq 'CEO'"), true);

    let d = org.decide(
        admin,
        "Set-Mailbox",
        &["Identity", "Office"],
        Target::Recipient(vip),
    );
    assert!(!d.allowed);
    assert_eq!(
        d.error.as_deref(),
        Some(exclusive_blocked("contoso.com/Users/CEO", "VIPs").as_str())
    );
    assert_eq!(d.explanation.failed_step.as_deref(), Some("exclusive"));
    // Others are untouched; reads are never narrowed.
    assert!(
        org.decide(admin, "Set-Mailbox", &["Office"], Target::Recipient(other))
            .allowed
    );
    let p = org.principal(admin);
    let acc = org.access(&p, "Get-Mailbox", &["Identity"]).unwrap();
    assert!(org.can_read(&p, &acc, Target::Recipient(vip)));
    assert!(
        org.who_can("Set-Mailbox", &["Office"], Target::Recipient(vip))
            .is_empty()
    );

    // A disabled exclusive assignment doesn't lift the block.
    let vip_admins = recipient(&mut org, "VIP Admins", users, RecipientKind::SecurityGroup);
    org.add_member(vip_admins, admin).unwrap();
    let mr = org.role_by_name("Mail Recipients").unwrap();
    let ex = org
        .new_assignment(Assignment {
            enabled: false,
            recipient_write: RecipientScope::Exclusive(vips),
            ..assignment("MR-VIP", mr, Assignee::Group(vip_admins))
        })
        .unwrap();
    assert!(
        !org.decide(admin, "Set-Mailbox", &["Office"], Target::Recipient(vip))
            .allowed
    );
    org.set_assignment(ex, Some(true), None, None).unwrap();
    let d = org.decide(admin, "Set-Mailbox", &["Office"], Target::Recipient(vip));
    assert!(d.allowed, "{:?}", d.error);
    assert_eq!(d.explanation.chains.len(), 1);
    assert_eq!(d.explanation.chains[0].assignment, "MR-VIP");
    assert_eq!(
        d.explanation.chains[0].scope,
        "recipient: ExclusiveRecipientScope VIPs; config: OrganizationConfig"
    );
    // An exclusive assignment still only writes what its scope matches:
    // through MR-VIP alone nobody could write the clerk, OM still can.
    let d = org.decide(admin, "Set-Mailbox", &["Office"], Target::Recipient(other));
    assert!(d.allowed);
    assert!(
        d.explanation
            .chains
            .iter()
            .all(|c| c.assignment != "MR-VIP")
    );
    let who = org.who_can("Set-Mailbox", &["Office"], Target::Recipient(vip));
    assert_eq!(who.len(), 1);
    assert_eq!(who[0].assignments, s(&["MR-VIP"]));
}

#[test]
fn exclusive_scope_matching_another_exclusive_scope_suffices() {
    // Any exclusive scope matching the object will do (docs §3.3).
    let mut x = small();
    let e1 = recipient_scope(&mut x.org, "E1", None, Some("Office -eq 'HQ'"), true);
    let e2 = recipient_scope(&mut x.org, "E2", None, Some("Title -eq 'Boss'"), true);
    let t = recipient_with(
        &mut x.org,
        "T",
        x.users_ou,
        RecipientKind::UserMailbox,
        &[("Office", "HQ"), ("Title", "Boss")],
    );
    let u = recipient_with(
        &mut x.org,
        "U",
        x.users_ou,
        RecipientKind::UserMailbox,
        &[("Office", "HQ")],
    );
    let bob = recipient(&mut x.org, "Bob", x.users_ou, RecipientKind::User);
    assign_scoped(
        &mut x.org,
        "MR-Bob-E2",
        x.role,
        Assignee::User(bob),
        RecipientScope::Exclusive(e2),
    );
    assert!(
        x.org
            .decide(bob, "Set-Mailbox", &[], Target::Recipient(t))
            .allowed
    );
    // U matches E1 only; Bob's exclusive scope E2 doesn't match U.
    assert_eq!(
        x.org
            .decide(bob, "Set-Mailbox", &[], Target::Recipient(u))
            .error
            .as_deref(),
        Some(out_of_scope("contoso.com/Users/U").as_str())
    );
    let _ = e1;
}

#[test]
fn config_scopes_servers_and_databases() {
    let mut org = Organization::empty("contoso.com").unwrap();
    let users = org.new_ou("Users", org.root_ou()).unwrap();
    let role = root_role(
        &mut org,
        "Databases",
        &[
            ("Set-MailboxDatabase", &["Identity"]),
            ("Set-ExchangeServer", &["Identity"]),
        ],
    );
    let ex1 = org.new_server("EX01").unwrap();
    let ex2 = org.new_server("EX02").unwrap();
    let mbx = org.new_server("MBX01").unwrap();
    let db1 = org.new_database("DB1", ex1).unwrap();
    let db2 = org.new_database("DB2", ex2).unwrap();
    let db3 = org.new_database("Sales DB", mbx).unwrap();
    let u = recipient(&mut org, "U", users, RecipientKind::User);

    let cases: Vec<(ScopeId, Vec<(Target, bool)>)> = vec![
        (
            config_scope(
                &mut org,
                "SrvList",
                ScopeKind::ServerScope,
                None,
                vec![ex1],
                vec![],
                false,
            ),
            vec![
                (Target::Server(ex1), true),
                (Target::Server(ex2), false),
                (Target::Database(db1), true),
                (Target::Database(db2), false),
            ],
        ),
        (
            config_scope(
                &mut org,
                "SrvFilter",
                ScopeKind::ServerScope,
                Some("Name -like 'EX*'"),
                vec![],
                vec![],
                false,
            ),
            vec![
                (Target::Server(ex1), true),
                (Target::Server(ex2), true),
                (Target::Server(mbx), false),
                (Target::Database(db3), false),
            ],
        ),
        (
            config_scope(
                &mut org,
                "DbList",
                ScopeKind::DatabaseScope,
                None,
                vec![],
                vec![db2],
                false,
            ),
            vec![
                (Target::Database(db2), true),
                (Target::Database(db1), false),
                (Target::Server(ex2), false),
            ],
        ),
        (
            config_scope(
                &mut org,
                "DbFilter",
                ScopeKind::DatabaseScope,
                Some("Name -like 'Sales*'"),
                vec![],
                vec![],
                false,
            ),
            vec![
                (Target::Database(db3), true),
                (Target::Database(db1), false),
            ],
        ),
    ];
    for (sc, checks) in cases {
        let a = org
            .new_assignment(Assignment {
                config_write: ConfigScope::Custom(sc),
                ..assignment("DB-U", role, Assignee::User(u))
            })
            .unwrap();
        for (t, ok) in checks {
            let cmd = if matches!(t, Target::Server(_)) {
                "Set-ExchangeServer"
            } else {
                "Set-MailboxDatabase"
            };
            let d = org.decide(u, cmd, &["Identity"], t);
            let sname = org.scope(sc).unwrap().name.clone();
            assert_eq!(d.allowed, ok, "{sname} {:?}: {:?}", t, d.error);
            if !ok {
                let id = org.target_identity(t);
                assert_eq!(d.error.as_deref(), Some(out_of_scope(&id).as_str()));
            }
        }
        org.remove_assignment(a).unwrap();
    }
    // An exclusive database scope blocks OrganizationConfig writes to what it matches.
    assign(&mut org, "DB-U", role, Assignee::User(u));
    assert!(
        org.decide(u, "Set-MailboxDatabase", &[], Target::Database(db3))
            .allowed
    );
    config_scope(
        &mut org,
        "Protected DBs",
        ScopeKind::DatabaseScope,
        Some("Name -like 'Sales*'"),
        vec![],
        vec![],
        true,
    );
    assert_eq!(
        org.decide(u, "Set-MailboxDatabase", &[], Target::Database(db3))
            .error
            .as_deref(),
        Some(exclusive_blocked("Sales DB", "Protected DBs").as_str())
    );
    assert!(
        org.decide(u, "Set-MailboxDatabase", &[], Target::Database(db1))
            .allowed
    );
}

#[test]
fn relative_scopes_self_mygal_mydistributiongroups() {
    let mut x = small();
    let u = x.users_ou;
    let end_user = |rw| ImplicitScopes {
        recipient_read: ScopeValue::MyGAL,
        recipient_write: rw,
        config_read: ScopeValue::OrganizationConfig,
        config_write: ScopeValue::None,
    };
    let my_opts = root_role_with(
        &mut x.org,
        "MyOptions",
        end_user(ScopeValue::SelfScope),
        true,
        &[("Set-Mailbox", &["Identity", "Office"])],
    );
    let my_dgs = root_role_with(
        &mut x.org,
        "MyDGs",
        end_user(ScopeValue::MyDistributionGroups),
        true,
        &[("Set-DistributionGroup", &["Identity"])],
    );
    let gal_role = root_role(&mut x.org, "GAL Writer", &[("Set-Contact", &["Identity"])]);
    let pol = x.org.new_policy("Pol", "", true).unwrap();
    x.org
        .new_assignment(Assignment {
            recipient_write: RecipientScope::Relative(ScopeValue::SelfScope),
            ..assignment("MyOptions-Pol", my_opts, Assignee::Policy(pol))
        })
        .unwrap();
    x.org
        .new_assignment(Assignment {
            recipient_write: RecipientScope::Relative(ScopeValue::MyDistributionGroups),
            ..assignment("MyDGs-Pol", my_dgs, Assignee::Policy(pol))
        })
        .unwrap();
    let alice = recipient(&mut x.org, "Alice", u, RecipientKind::UserMailbox);
    let bob = recipient(&mut x.org, "Bob", u, RecipientKind::UserMailbox);
    assert_eq!(x.org.recipient(alice).unwrap().policy, Some(pol));
    // Self.
    let d = x
        .org
        .decide(alice, "Set-Mailbox", &["Office"], Target::Recipient(alice));
    assert!(d.allowed);
    let c = &d.explanation.chains[0];
    assert_eq!(
        (c.assignee.as_str(), c.assignee_type.as_str()),
        ("Pol", "RoleAssignmentPolicy")
    );
    assert_eq!(
        x.org
            .decide(alice, "Set-Mailbox", &["Office"], Target::Recipient(bob))
            .error
            .as_deref(),
        Some(out_of_scope("contoso.com/Users/Bob").as_str())
    );
    // A user without a mailbox has no policy; one whose policy is cleared neither.
    x.org.set_mailbox_policy(bob, None).unwrap();
    assert_eq!(
        x.org
            .decide(bob, "Set-Mailbox", &[], Target::Recipient(bob))
            .error
            .as_deref(),
        Some(not_recognized("Set-Mailbox").as_str())
    );
    // MyDistributionGroups: groups Alice owns, directly or through a group she is in.
    let dg1 = recipient(&mut x.org, "DG1", u, RecipientKind::DistributionGroup);
    let dg2 = recipient(&mut x.org, "DG2", u, RecipientKind::DistributionGroup);
    let dg3 = recipient(&mut x.org, "DG3", u, RecipientKind::DistributionGroup);
    let owners = recipient(&mut x.org, "Owners", u, RecipientKind::SecurityGroup);
    x.org.add_member(owners, alice).unwrap();
    x.org.set_managed_by(dg1, vec![alice]).unwrap();
    x.org.set_managed_by(dg2, vec![owners]).unwrap();
    x.org.set_managed_by(dg3, vec![bob]).unwrap();
    for (g, ok) in [(dg1, true), (dg2, true), (dg3, false)] {
        assert_eq!(
            x.org
                .decide(alice, "Set-DistributionGroup", &[], Target::Recipient(g))
                .allowed,
            ok
        );
    }
    // MyGAL as a write scope: mail-enabled recipients (and oneself).
    let carol = recipient(&mut x.org, "Carol", u, RecipientKind::User);
    assign_scoped(
        &mut x.org,
        "GAL-Carol",
        gal_role,
        Assignee::User(carol),
        RecipientScope::Relative(ScopeValue::MyGAL),
    );
    let contact = recipient(&mut x.org, "Contact", u, RecipientKind::MailContact);
    let plain = recipient(&mut x.org, "Plain", u, RecipientKind::User);
    assert!(
        x.org
            .decide(carol, "Set-Contact", &[], Target::Recipient(contact))
            .allowed
    );
    assert!(
        x.org
            .decide(carol, "Set-Contact", &[], Target::Recipient(carol))
            .allowed
    );
    assert!(
        !x.org
            .decide(carol, "Set-Contact", &[], Target::Recipient(plain))
            .allowed
    );
}

#[test]
fn disabled_assignments_grant_nothing() {
    let mut x = small();
    let bob = recipient(&mut x.org, "Bob", x.users_ou, RecipientKind::User);
    let a = assign(&mut x.org, "MR-Bob", x.role, Assignee::User(bob));
    x.org.set_assignment(a, Some(false), None, None).unwrap();
    let d = x
        .org
        .decide(bob, "Set-Mailbox", &[], Target::Recipient(x.admin));
    assert_eq!(
        d.error.as_deref(),
        Some(not_recognized("Set-Mailbox").as_str())
    );
    let p = x.org.principal(bob);
    assert!(x.org.reaching(&p).is_empty());
    assert!(x.org.effective_permissions(&p).is_empty());
    assert!(
        x.org
            .who_can("Set-Mailbox", &[], Target::Recipient(x.admin))
            .is_empty()
    );
    assert!(!x.org.assignment_can_write(a, Target::Recipient(x.admin)));
    // A disabled delegating assignment doesn't delegate either.
    let d = x
        .org
        .new_assignment(Assignment {
            delegating: true,
            enabled: false,
            ..assignment("MR-Bob-Delegating", x.role, Assignee::User(bob))
        })
        .unwrap();
    assert_eq!(
        err(x.org.delegating_for(&p, x.role, None)),
        "You don't have access to create, change, or remove the \"Mail Recipients\" management role assignment. You must be assigned a delegating role assignment to the management role or its parent in the hierarchy without a scope restriction."
    );
    x.org.set_assignment(d, Some(true), None, None).unwrap();
    let p = x.org.principal(bob);
    assert!(x.org.delegating_for(&p, x.role, None).is_ok());
}

#[test]
fn delegating_assignments_do_not_grant_use() {
    let mut x = small();
    let bob = recipient(&mut x.org, "Bob", x.users_ou, RecipientKind::User);
    x.org
        .new_assignment(Assignment {
            delegating: true,
            ..assignment("MR-Bob-Delegating", x.role, Assignee::User(bob))
        })
        .unwrap();
    let d = x
        .org
        .decide(bob, "Set-Mailbox", &[], Target::Recipient(x.admin));
    assert_eq!(
        d.error.as_deref(),
        Some(not_recognized("Set-Mailbox").as_str())
    );
    let p = x.org.principal(bob);
    assert!(x.org.effective_permissions(&p).is_empty());
    assert!(x.org.who_can("Set-Mailbox", &[], Target::None).is_empty());
    // Our choice (docs §7.12 c): a delegating assignment makes the
    // role-assignment cmdlets available, and nothing else.
    let acc = x
        .org
        .access(&p, "New-ManagementRoleAssignment", &["Role", "User"])
        .unwrap();
    assert!(acc.delegation_only);
    assert!(acc.candidates.is_empty());
    assert!(
        x.org
            .decide(bob, "New-ManagementRoleAssignment", &["Role"], Target::None)
            .allowed
    );
    assert!(
        !x.org
            .decide(bob, "New-ManagementRole", &[], Target::None)
            .allowed
    );
}

#[test]
fn nested_groups_reach_through_depth_and_tolerate_cycles() {
    let mut x = small();
    let u = x.users_ou;
    let alice = recipient(&mut x.org, "Alice", u, RecipientKind::User);
    let g1 = recipient(&mut x.org, "G1", u, RecipientKind::SecurityGroup);
    let g2 = recipient(&mut x.org, "G2", u, RecipientKind::SecurityGroup);
    let g3 = recipient(&mut x.org, "G3", u, RecipientKind::SecurityGroup);
    let rg = recipient(&mut x.org, "Top RG", u, RecipientKind::RoleGroup);
    x.org.add_member(g1, alice).unwrap();
    x.org.add_member(g2, g1).unwrap();
    x.org.add_member(g3, g2).unwrap();
    x.org.add_member(rg, g3).unwrap();
    assign(&mut x.org, "MR-Top RG", x.role, Assignee::Group(rg));

    let check = |org: &Organization| {
        let alice = org.recipient_by_name("Alice").unwrap();
        let admin = org.recipient_by_name("Admin").unwrap();
        let p = org.principal(alice);
        let mut gs: Vec<_> = p
            .groups()
            .into_iter()
            .map(|(g, _)| org.recipient_name(g).to_string())
            .collect();
        gs.sort();
        assert_eq!(gs, s(&["G1", "G2", "G3", "Top RG"]));
        let d = org.decide(alice, "Set-Mailbox", &["Office"], Target::Recipient(admin));
        assert!(d.allowed, "{:?}", d.error);
        assert_eq!(d.explanation.chains.len(), 1);
        let c = &d.explanation.chains[0];
        assert_eq!(c.principal, "Alice");
        assert_eq!(c.groups, s(&["G1", "G2", "G3", "Top RG"]));
        assert_eq!(c.assignee, "Top RG");
        assert_eq!(c.assignee_type, "RoleGroup");
        assert_eq!(c.assignment, "MR-Top RG");
        assert_eq!(c.role, "Mail Recipients");
        assert_eq!(
            c.entry,
            "Mail Recipients\\Set-Mailbox Identity,Office,Title"
        );
        assert_eq!(
            c.scope,
            "recipient: Organization; config: OrganizationConfig"
        );
        let who = org.who_can("Set-Mailbox", &["Office"], Target::Recipient(admin));
        assert!(who.iter().any(|w| w.user == "Alice"));
    };
    check(&x.org);

    // add_member refuses cycles, but a directory loaded from elsewhere may
    // hold one: make G3 a member of G1 behind the model's back
    // (G1 ⊃ G3 ⊃ G2 ⊃ G1).
    let mut v = serde_json::to_value(&x.org).unwrap();
    let slots = v["recipients"]["slots"].as_array_mut().unwrap();
    let (i1, i3) = (g1.raw() as usize, g3.raw() as usize);
    slots[i1]["members"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!(i3));
    slots[i3]["member_of"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!(i1));
    let mut looped: Organization = serde_json::from_value(v).unwrap();
    looped.reindex().unwrap();
    assert!(looped.recipient(g3).unwrap().member_of.contains(&g1));
    assert!(looped.is_transitive_member(g1, g3) && looped.is_transitive_member(g3, g1));
    check(&looped);
    // Queries that expand groups terminate too.
    assert_eq!(
        looped
            .effective_users(Assignee::Group(rg))
            .iter()
            .filter(|(u, _)| *u == alice)
            .count(),
        1
    );
}

#[test]
fn common_parameters_are_recognised_in_any_case_and_no_others() {
    for c in engine::COMMON_PARAMETERS {
        for v in [c.to_string(), c.to_lowercase(), c.to_uppercase()] {
            assert!(engine::is_common_parameter(&v), "{v}");
        }
        assert!(!engine::is_common_parameter(&format!("{c}s")));
        assert!(!engine::is_common_parameter(&c[1..]));
    }
    for p in [
        "",
        "Identity",
        "Office",
        "Verbos",
        "Confirm:",
        "WhatIf\u{212a}",
    ] {
        assert!(!engine::is_common_parameter(p), "{p}");
    }
}

#[test]
fn a_request_with_many_parameters_is_matched_on_every_one() {
    // More parameters than a check keeps on the stack.
    let mut x = small();
    let many: Vec<String> = (0..14).map(|i| format!("P{i}")).collect();
    let mut entry: Vec<&str> = many.iter().map(String::as_str).collect();
    entry.push("Identity");
    let role = root_role(&mut x.org, "Many", &[("Set-Thing", &entry)]);
    let u = x.users_ou;
    let alice = recipient(&mut x.org, "Alice", u, RecipientKind::User);
    assign(&mut x.org, "Many-Alice", role, Assignee::User(alice));
    let p = x.org.principal(alice);
    let mut asked: Vec<&str> = many.iter().map(String::as_str).collect();
    asked.extend(["WhatIf", "Confirm", "identity"]);
    let access = x.org.access(&p, "set-thing", &asked).unwrap();
    assert_eq!(access.cmdlet, "Set-Thing");
    assert_eq!(access.parameters.len(), 15);
    assert_eq!(access.candidates.len(), 1);
    assert!(x.org.check(&p, "Set-Thing", &asked, Target::None).is_ok());
    // The one missing is named, wherever it sits in the request.
    for at in [0, 7, 8, 9, 15] {
        let mut bad = asked.clone();
        bad.insert(at, "Nope");
        assert_eq!(
            err(x.org.check(&p, "Set-Thing", &bad, Target::None)),
            "A parameter cannot be found that matches parameter name 'Nope'."
        );
    }
}

#[test]
fn many_groups_are_each_reached_once_in_breadth_first_order() {
    // Wide and narrow: the groups, their order and the path to each are
    // those of a plain breadth-first search either way.
    for width in [20, 6] {
        groups_reached_once_in_breadth_first_order(width);
    }
}

fn groups_reached_once_in_breadth_first_order(width: usize) {
    let mut x = small();
    let u = x.users_ou;
    let alice = recipient(&mut x.org, "Alice", u, RecipientKind::User);
    let mut layer = vec![alice];
    let mut all = Vec::new();
    for depth in 0..4 {
        let mut next = Vec::new();
        for i in 0..width {
            let kind = if i % 7 == 3 {
                RecipientKind::DistributionGroup
            } else {
                RecipientKind::SecurityGroup
            };
            let g = recipient(&mut x.org, &format!("G{depth}-{i}"), u, kind);
            // Each group takes three members of the layer below: diamonds
            // everywhere, so most groups are reached more than once.
            for k in 0..3 {
                let m = layer[(i * 5 + k * 3) % layer.len()];
                if !x.org.recipient(g).unwrap().members.contains(&m) {
                    x.org.add_member(g, m).unwrap();
                }
            }
            next.push(g);
            all.push(g);
        }
        layer = next;
    }
    let org = &x.org;
    // A plain breadth-first search, the way the model states it.
    let mut want: Vec<(RecipientId, RecipientId)> = Vec::new();
    let mut queue = std::collections::VecDeque::from([alice]);
    let mut seen = std::collections::HashSet::from([alice]);
    while let Some(y) = queue.pop_front() {
        for g in &org.recipient(y).unwrap().member_of {
            if org.recipient(*g).unwrap().kind.is_security_group() && seen.insert(*g) {
                want.push((*g, y));
                queue.push_back(*g);
            }
        }
    }
    assert!(want.len() > 2 * width, "{}", want.len());
    let direct = org.recipient(alice).unwrap().member_of.len();
    assert!(direct > 1 && (direct > 8) == (width > 8), "{direct}");
    let p = org.principal(alice);
    assert_eq!(p.groups(), want);
    // Groups reached only through a distribution group are not reached.
    let reached: std::collections::HashSet<_> = want.iter().map(|(g, _)| *g).collect();
    assert!(all.iter().any(|g| !reached.contains(g)));
}

#[test]
fn allow_chain_through_direct_and_policy_and_groups_are_all_listed() {
    let mut x = small();
    let u = x.users_ou;
    let alice = recipient(&mut x.org, "Alice", u, RecipientKind::UserMailbox);
    let g = recipient(&mut x.org, "Helpers", u, RecipientKind::SecurityGroup);
    x.org.add_member(g, alice).unwrap();
    assign(&mut x.org, "MR-Alice", x.role, Assignee::User(alice));
    assign(&mut x.org, "MR-Helpers", x.role, Assignee::Group(g));
    let d = x
        .org
        .decide(alice, "Set-Mailbox", &["Title"], Target::Recipient(x.admin));
    let mut got: Vec<_> = d
        .explanation
        .chains
        .iter()
        .map(|c| {
            (
                c.assignment.clone(),
                c.groups.clone(),
                c.assignee_type.clone(),
            )
        })
        .collect();
    got.sort();
    assert_eq!(
        got,
        vec![
            ("MR-Alice".to_string(), vec![], "User".to_string()),
            (
                "MR-Helpers".to_string(),
                s(&["Helpers"]),
                "SecurityGroup".to_string()
            ),
        ]
    );
    assert!(d.explanation.failed_step.is_none());
    assert!(d.error.is_none());
}

#[test]
fn delegating_for_ancestors_and_scopes() {
    let mut x = small();
    let u = x.users_ou;
    let sales = x.org.new_ou("Sales", x.org.root_ou()).unwrap();
    let child = x.org.new_role("MR Child", x.role, None, None).unwrap();
    let grandchild = x.org.new_role("MR Grandchild", child, None, None).unwrap();
    let other_root = root_role(&mut x.org, "Other", &[("Get-Foo", &[])]);
    let alice = recipient(&mut x.org, "Alice", u, RecipientKind::User);
    let in_sales = recipient(&mut x.org, "Sam", sales, RecipientKind::User);
    let outside = recipient(&mut x.org, "Olga", u, RecipientKind::User);
    let g = recipient(&mut x.org, "Delegators", u, RecipientKind::SecurityGroup);
    x.org.add_member(g, alice).unwrap();
    // A delegating assignment of the child, scoped to the Sales OU, via a group.
    let del = x
        .org
        .new_assignment(Assignment {
            delegating: true,
            recipient_write: RecipientScope::Ou(sales),
            ..assignment("MR Child-Delegators-Delegating", child, Assignee::Group(g))
        })
        .unwrap();
    let p = x.org.principal(alice);
    let no = |role: &str, who: &str| {
        format!(
            "You don't have access to create, change, or remove the \"{role}-{who}\" management role assignment. You must be assigned a delegating role assignment to the management role or its parent in the hierarchy without a scope restriction."
        )
    };
    // Descendants of a delegable role are delegable; ancestors and others are not.
    let c = x
        .org
        .delegating_for(&p, grandchild, Some(Assignee::User(in_sales)))
        .unwrap();
    assert_eq!(c.assignment, del);
    assert_eq!(c.via, Via::Group(g));
    assert!(
        x.org
            .delegating_for(&p, child, Some(Assignee::User(in_sales)))
            .is_ok()
    );
    assert_eq!(
        err(x
            .org
            .delegating_for(&p, x.role, Some(Assignee::User(in_sales)))),
        no("Mail Recipients", "Sam")
    );
    assert_eq!(
        err(x
            .org
            .delegating_for(&p, other_root, Some(Assignee::User(in_sales)))),
        no("Other", "Sam")
    );
    // The scope limits who may receive it.
    assert_eq!(
        err(x
            .org
            .delegating_for(&p, grandchild, Some(Assignee::User(outside)))),
        no("MR Grandchild", "Olga")
    );
    let mut roles = x.org.delegable_roles(&p);
    roles.sort();
    let mut want = vec![child, grandchild];
    want.sort();
    assert_eq!(roles, want);
    // A regular assignment alone never delegates.
    assign(&mut x.org, "MR-Alice", x.role, Assignee::User(alice));
    let p = x.org.principal(alice);
    assert!(
        x.org
            .delegating_for(&p, x.role, Some(Assignee::User(in_sales)))
            .is_err()
    );
    // An unscoped delegating assignment of the root covers the whole tree and everyone.
    x.org
        .new_assignment(Assignment {
            delegating: true,
            ..assignment("MR-Alice-Delegating", x.role, Assignee::User(alice))
        })
        .unwrap();
    let p = x.org.principal(alice);
    for r in [x.role, child, grandchild] {
        assert!(
            x.org
                .delegating_for(&p, r, Some(Assignee::User(outside)))
                .is_ok()
        );
    }
}

#[test]
fn a_scoped_delegation_caps_the_scopes_it_hands_out() {
    let mut x = small();
    let root = x.org.root_ou();
    let sales = x.org.new_ou("Sales", root).unwrap();
    let east = x.org.new_ou("East", sales).unwrap();
    let hr = x.org.new_ou("HR", root).unwrap();
    let dee = recipient(&mut x.org, "Dee", sales, RecipientKind::User);
    let sam = recipient(&mut x.org, "Sam", east, RecipientKind::User);
    let vips = recipient_scope(
        &mut x.org,
        "VIPs",
        Some(sales),
        Some("Title -eq 'VIP'"),
        false,
    );
    let servers = config_scope(
        &mut x.org,
        "Sales Servers",
        ScopeKind::ServerScope,
        Some("Name -like 'SAL*'"),
        Vec::new(),
        Vec::new(),
        false,
    );
    x.org
        .new_assignment(Assignment {
            delegating: true,
            recipient_write: RecipientScope::Ou(sales),
            config_write: ConfigScope::Custom(servers),
            ..assignment("MR-Dee-Delegating", x.role, Assignee::User(dee))
        })
        .unwrap();
    let p = x.org.principal(dee);
    let held = x.org.delegations(&p);
    assert_eq!(held.len(), 1);
    assert!(!held[0].recipient_unscoped && !held[0].config_unscoped);
    let to_sam = Some(Assignee::User(sam));
    let ok = |org: &Organization, rw: RecipientScope, cw: ConfigScope| {
        org.delegation_for(&p, &held, x.role, to_sam, Some((rw, cw)))
            .is_ok()
    };
    let org_cfg = ConfigScope::Relative(ScopeValue::OrganizationConfig);
    let no_cfg = ConfigScope::Relative(ScopeValue::None);
    // The same OU, an OU below it, or no recipient write at all.
    assert!(ok(
        &x.org,
        RecipientScope::Ou(sales),
        ConfigScope::Custom(servers)
    ));
    assert!(ok(&x.org, RecipientScope::Ou(east), no_cfg));
    assert!(ok(
        &x.org,
        RecipientScope::Relative(ScopeValue::None),
        ConfigScope::Custom(servers)
    ));
    // Wider, beside it, or not provably inside it: refused.
    for rw in [
        RecipientScope::Relative(ScopeValue::Organization),
        RecipientScope::Ou(root),
        RecipientScope::Ou(hr),
        RecipientScope::Custom(vips),
        RecipientScope::Relative(ScopeValue::SelfScope),
        RecipientScope::Relative(ScopeValue::MyDistributionGroups),
    ] {
        assert!(!ok(&x.org, rw, no_cfg), "{rw:?}");
    }
    // The configuration scope is capped the same way.
    assert!(!ok(&x.org, RecipientScope::Ou(sales), org_cfg));
    // Without scopes to judge, only the assignee counts (New-RoleGroup and
    // policies pass theirs).
    assert!(
        x.org
            .delegation_for(&p, &held, x.role, to_sam, None)
            .is_ok()
    );
    // A policy is never "inside" an OU, and its assignments carry the
    // role's implicit (organization-wide) scopes: refused.
    assert!(
        x.org
            .delegation_for(
                &p,
                &held,
                x.role,
                None,
                Some((RecipientScope::Relative(ScopeValue::Organization), org_cfg))
            )
            .is_err()
    );
    // A custom delegating scope admits itself only.
    let eve = recipient_with(
        &mut x.org,
        "Eve",
        sales,
        RecipientKind::User,
        &[("Title", "VIP")],
    );
    x.org
        .new_assignment(Assignment {
            delegating: true,
            recipient_write: RecipientScope::Custom(vips),
            ..assignment("MR-Eve-Delegating", x.role, Assignee::User(eve))
        })
        .unwrap();
    let pe = x.org.principal(eve);
    let held_e = x.org.delegations(&pe);
    let to_eve = Some(Assignee::User(eve));
    assert!(
        x.org
            .delegation_for(
                &pe,
                &held_e,
                x.role,
                to_eve,
                Some((RecipientScope::Custom(vips), org_cfg))
            )
            .is_ok()
    );
    assert!(
        x.org
            .delegation_for(
                &pe,
                &held_e,
                x.role,
                to_eve,
                Some((RecipientScope::Ou(sales), org_cfg))
            )
            .is_err()
    );
    // An unscoped delegating assignment caps nothing, and reaches every
    // assignee — also of a role whose implicit write scope is Self.
    let mine = root_role_with(
        &mut x.org,
        "MyOptions",
        ImplicitScopes {
            recipient_read: ScopeValue::SelfScope,
            recipient_write: ScopeValue::SelfScope,
            config_read: ScopeValue::OrganizationConfig,
            config_write: ScopeValue::OrganizationConfig,
        },
        true,
        &[("Set-Mailbox", &["Identity"])],
    );
    x.org
        .new_assignment(Assignment {
            delegating: true,
            recipient_write: RecipientScope::Relative(ScopeValue::SelfScope),
            ..assignment("MyOptions-Dee-Delegating", mine, Assignee::User(dee))
        })
        .unwrap();
    let p = x.org.principal(dee);
    let held = x.org.delegations(&p);
    assert!(
        x.org
            .delegation_for(
                &p,
                &held,
                mine,
                to_sam,
                Some((RecipientScope::Relative(ScopeValue::SelfScope), org_cfg))
            )
            .is_ok()
    );
}

#[test]
fn builtin_organization_management_can_delegate_every_role() {
    let org = builtin_org();
    let admin = org.recipient_by_name("Administrator").unwrap();
    let p = org.principal(admin);
    for (id, r) in org.roles() {
        if r.parent.is_none() {
            assert!(org.delegating_for(&p, id, None).is_ok(), "{}", r.name);
        }
    }
}

#[test]
fn effective_permissions_lists_granted_cmdlets_with_every_grant() {
    let mut x = small();
    let alice = recipient(&mut x.org, "Alice", x.users_ou, RecipientKind::User);
    let child = x
        .org
        .new_role("C", x.role, None, Some(&s(&["Set-Mailbox"])))
        .unwrap();
    x.org
        .set_role_entry_parameters(child, "Set-Mailbox", Some(&s(&["Identity"])), &[], &[])
        .unwrap();
    assign(&mut x.org, "C-Alice", child, Assignee::User(alice));
    let p = x.org.principal(alice);
    let ep = x.org.effective_permissions(&p);
    assert_eq!(ep.len(), 1);
    assert_eq!(ep[0].cmdlet, "Set-Mailbox");
    assert_eq!(ep[0].parameters, s(&["Identity"]));
    assign(&mut x.org, "MR-Alice", x.role, Assignee::User(alice));
    let ep = x.org.effective_permissions(&p);
    let names: Vec<_> = ep.iter().map(|e| e.cmdlet.as_str()).collect();
    assert_eq!(names, ["Get-Mailbox", "Set-Mailbox"]);
    assert_eq!(ep[1].parameters, s(&["Identity", "Office", "Title"]));
    assert_eq!(ep[1].grants.len(), 2);
}

#[test]
fn effective_permissions_unite_parameters_case_insensitively_keeping_the_first_spelling() {
    let mut x = small();
    let alice = recipient(&mut x.org, "Alice", x.users_ou, RecipientKind::User);
    let other = root_role(
        &mut x.org,
        "Other",
        &[
            ("SET-MAILBOX", &["IDENTITY", "office", "Zed", "alias"]),
            ("Get-User", &[]),
        ],
    );
    assign(&mut x.org, "MR-Alice", x.role, Assignee::User(alice));
    assign_scoped(
        &mut x.org,
        "Other-Alice",
        other,
        Assignee::User(alice),
        RecipientScope::Ou(x.users_ou),
    );
    let p = x.org.principal(alice);
    let ep = x.org.effective_permissions(&p);
    let names: Vec<_> = ep.iter().map(|e| e.cmdlet.as_str()).collect();
    assert_eq!(names, ["Get-Mailbox", "Get-User", "Set-Mailbox"]);
    let set = &ep[2];
    assert_eq!(
        set.parameters,
        s(&["alias", "Identity", "Office", "Title", "Zed"])
    );
    let grants: Vec<_> = set
        .grants
        .iter()
        .map(|g| (g.assignment.as_str(), g.scope.as_str(), g.parameters.len()))
        .collect();
    assert_eq!(
        grants,
        [
            (
                "MR-Alice",
                "recipient: Organization; config: OrganizationConfig",
                3
            ),
            (
                "Other-Alice",
                "recipient: OU contoso.com/Users; config: OrganizationConfig",
                4
            ),
        ]
    );
}

#[test]
fn organizations_are_isolated() {
    let a = builtin_org();
    let mut b = Organization::new("fabrikam.com", exrbac_catalog::builtin().unwrap()).unwrap();
    let users = b.find_ou("fabrikam.com/Users").unwrap();
    recipient(&mut b, "Only In B", users, RecipientKind::User);
    assert!(a.recipient_by_name("Only In B").is_none());
    assert_eq!(
        a.recipient_canonical(a.recipient_by_name("Administrator").unwrap()),
        "contoso.com/Users/Administrator"
    );
}

#[test]
fn a_policy_goes_only_without_assignments_and_the_default_only_last() {
    let mut org = Organization::new("contoso.com", exrbac_catalog::builtin().unwrap()).unwrap();
    let default = org.default_policy().unwrap();
    let p = org.new_policy("Contractors", "", false).unwrap();
    let role = org.role_by_name("MyBaseOptions").unwrap();
    let a = org
        .new_assignment(Assignment {
            name: "MyBaseOptions-Contractors".into(),
            role,
            assignee: Assignee::Policy(p),
            delegating: false,
            enabled: true,
            recipient_write: RecipientScope::Relative(ScopeValue::SelfScope),
            config_write: ConfigScope::Relative(ScopeValue::OrganizationConfig),
        })
        .unwrap();
    assert_eq!(
        org.remove_policy(p).unwrap_err().to_string(),
        "The role assignment policy 'Contractors' can't be removed because it's assigned one or more management roles. Remove its role assignments first."
    );
    org.remove_assignment(a).unwrap();
    org.remove_policy(p).unwrap();
    // The default policy isn't the last one once another exists.
    org.new_policy("Other", "", false).unwrap();
    assert!(matches!(
        org.remove_policy(default),
        Err(CoreError::PolicyInUse(_))
    ));
}

#[test]
fn group_closures_follow_every_change_to_nesting_and_assignments() {
    // The principal is read off precomputed group closures: each change
    // below must reach them, and they must equal a rebuild after each.
    let mut x = small();
    let u = x.users_ou;
    let alice = recipient(&mut x.org, "Alice", u, RecipientKind::User);
    let g1 = recipient(&mut x.org, "G1", u, RecipientKind::SecurityGroup);
    let g2 = recipient(&mut x.org, "G2", u, RecipientKind::SecurityGroup);
    let rg = recipient(&mut x.org, "RG", u, RecipientKind::RoleGroup);
    let dg = recipient(&mut x.org, "DG", u, RecipientKind::DistributionGroup);
    x.org.add_member(g1, alice).unwrap();
    x.org.add_member(g2, g1).unwrap();
    let a = assign(&mut x.org, "MR-RG", x.role, Assignee::Group(rg));
    let admin = x.admin;
    let allowed = |org: &Organization| {
        org.verify_indexes().unwrap();
        let p = org.principal(alice);
        org.check(&p, "Set-Mailbox", &["Office"], Target::Recipient(admin))
            .is_ok()
    };
    assert!(!allowed(&x.org), "RG not reached yet");
    x.org.add_member(rg, g2).unwrap();
    assert!(allowed(&x.org), "alice → G1 → G2 → RG");
    let p = x.org.principal(alice);
    assert_eq!(p.groups(), vec![(g1, alice), (g2, g1), (rg, g2)]);
    x.org.set_assignment(a, Some(false), None, None).unwrap();
    assert!(!allowed(&x.org), "disabled");
    x.org.set_assignment(a, Some(true), None, None).unwrap();
    assert!(allowed(&x.org), "enabled again");
    x.org.remove_member(g2, g1).unwrap();
    assert!(!allowed(&x.org), "G1 left G2");
    // A distribution group in the chain passes nothing on.
    x.org.add_member(dg, g1).unwrap();
    x.org.add_member(g2, dg).unwrap();
    assert!(!allowed(&x.org), "through a distribution group");
    x.org.add_member(g2, g1).unwrap();
    assert!(allowed(&x.org), "G1 back in G2");
    x.org.remove_recipient(g2).unwrap();
    assert!(!allowed(&x.org), "G2 removed");
    x.org.add_member(rg, g1).unwrap();
    assert!(allowed(&x.org), "G1 straight in RG");
    x.org.remove_assignment(a).unwrap();
    assert!(!allowed(&x.org), "assignment removed");
    let b = assign(&mut x.org, "MR-G1", x.role, Assignee::Group(g1));
    assert!(allowed(&x.org), "assigned to G1 itself");
    // A principal worked out before a change still sees the change's
    // assignments (they are read afresh when the revision moved on).
    let before = x.org.principal(alice);
    x.org.remove_assignment(b).unwrap();
    assert!(
        x.org
            .check(
                &before,
                "Set-Mailbox",
                &["Office"],
                Target::Recipient(admin)
            )
            .is_err()
    );
}

#[test]
fn exclusive_standing_follows_every_change_that_can_move_it() {
    // The snapshot keeps which recipients no exclusive scope matches; each
    // step changes what a filter sees in a different way, and after each
    // the kept standing must agree with the filters (verify_indexes) and a
    // write must be judged as the filters say.
    let mut x = small();
    let u = x.users_ou;
    let rg = recipient(&mut x.org, "Helpers", u, RecipientKind::SecurityGroup);
    let vips = recipient(&mut x.org, "VIPs", u, RecipientKind::SecurityGroup);
    let boss = recipient(&mut x.org, "Boss", u, RecipientKind::UserMailbox);
    let carol = recipient(&mut x.org, "Carol", u, RecipientKind::UserMailbox);
    let dave = recipient(&mut x.org, "Dave", u, RecipientKind::UserMailbox);
    let helper = recipient(&mut x.org, "Helper", u, RecipientKind::UserMailbox);
    x.org.add_member(rg, helper).unwrap();
    assign(&mut x.org, "MR-Helpers", x.role, Assignee::Group(rg));
    let writes = |org: &Organization, t: RecipientId| {
        org.verify_indexes().unwrap();
        org.decide(helper, "Set-Mailbox", &["Office"], Target::Recipient(t))
            .allowed
    };
    assert!(writes(&x.org, carol) && writes(&x.org, dave));

    // A scope on an attribute: set, cleared.
    let by_title = recipient_scope(
        &mut x.org,
        "Executives",
        None,
        Some("Title -eq 'CEO'"),
        true,
    );
    assert!(writes(&x.org, carol));
    x.org.set_attr(carol, "Title", Some("CEO".into())).unwrap();
    assert!(!writes(&x.org, carol) && writes(&x.org, dave));
    x.org.set_attr(carol, "Title", None).unwrap();
    assert!(writes(&x.org, carol));

    // Changing the scope's filter moves everyone it names.
    let mut s = x.org.scope(by_title).unwrap().clone();
    s.filter_text = Some("Name -eq 'Dave'".into());
    s.filter =
        Some(Filter::parse("Name -eq 'Dave'", exrbac_core::opath::FilterKind::Recipient).unwrap());
    x.org.set_scope(by_title, s).unwrap();
    assert!(writes(&x.org, carol) && !writes(&x.org, dave));
    // A rename moves the renamed recipient.
    x.org.set_attr(dave, "Name", Some("David".into())).unwrap();
    assert!(writes(&x.org, dave));
    x.org.set_attr(carol, "Name", Some("Dave".into())).unwrap();
    assert!(!writes(&x.org, carol));
    x.org.remove_scope(by_title).unwrap();
    assert!(writes(&x.org, carol));

    // Membership, and a renamed group (its members' MemberOfGroup names it).
    let vips_dn = x.org.recipient_dn(vips);
    recipient_scope(
        &mut x.org,
        "VIP members",
        None,
        Some(&format!("MemberOfGroup -eq '{vips_dn}'")),
        true,
    );
    x.org.add_member(vips, dave).unwrap();
    assert!(!writes(&x.org, dave) && writes(&x.org, carol));
    x.org.set_attr(vips, "Name", Some("Guests".into())).unwrap();
    assert!(writes(&x.org, dave));
    x.org.set_attr(vips, "Name", Some("VIPs".into())).unwrap();
    assert!(!writes(&x.org, dave));
    x.org.remove_member(vips, dave).unwrap();
    assert!(writes(&x.org, dave));

    // Manager names another recipient: renaming the manager moves the reports.
    let boss_dn = x.org.recipient_dn(boss);
    recipient_scope(
        &mut x.org,
        "Boss's reports",
        None,
        Some(&format!("Manager -eq '{boss_dn}'")),
        true,
    );
    x.org.set_manager(carol, Some(boss)).unwrap();
    assert!(!writes(&x.org, carol));
    x.org.set_attr(boss, "Name", Some("Chief".into())).unwrap();
    assert!(writes(&x.org, carol));
    x.org.set_attr(boss, "Name", Some("Boss".into())).unwrap();
    assert!(!writes(&x.org, carol));
    x.org.remove_recipient(boss).unwrap();
    assert!(writes(&x.org, carol));

    // New recipients are judged as they come.
    let eve = recipient_with(
        &mut x.org,
        "Eve",
        u,
        RecipientKind::UserMailbox,
        &[("Title", "CEO")],
    );
    assert!(writes(&x.org, eve));
    recipient_scope(
        &mut x.org,
        "Executives again",
        None,
        Some("Title -eq 'CEO'"),
        true,
    );
    let frank = recipient_with(
        &mut x.org,
        "Frank",
        u,
        RecipientKind::UserMailbox,
        &[("Title", "CEO")],
    );
    assert!(!writes(&x.org, eve) && !writes(&x.org, frank) && writes(&x.org, carol));
}
