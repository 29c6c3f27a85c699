//! Facts about the built-in catalog that the seeds, the acceptance scenarios and the Microsoft
//! docs state, plus the catalog's own consistency rules.

#![allow(clippy::panic, reason = "test helpers fail the test by panicking")]

use exrbac_catalog::{Catalog, EntryKind, RoleDef, ScopeValue};

fn catalog() -> &'static Catalog {
    match exrbac_catalog::builtin() {
        Ok(c) => c,
        Err(e) => panic!("the embedded catalog does not load: {e}"),
    }
}

fn role(name: &str) -> &'static RoleDef {
    catalog()
        .role(name)
        .unwrap_or_else(|| panic!("no built-in role `{name}`"))
}

fn holds(r: &str, cmdlet: &str) -> bool {
    role(r).entry(cmdlet).is_some()
}

fn assert_holds(r: &str, cmdlets: &[&str]) {
    for c in cmdlets {
        assert!(holds(r, c), "`{r}` should hold `{c}`");
    }
}

fn assert_lacks(r: &str, cmdlets: &[&str]) {
    for c in cmdlets {
        assert!(!holds(r, c), "`{r}` should not hold `{c}`");
    }
}

fn params(r: &str, cmdlet: &str) -> &'static [String] {
    &role(r)
        .entry(cmdlet)
        .unwrap_or_else(|| panic!("`{r}` has no `{cmdlet}`"))
        .parameters
}

fn has_param(r: &str, cmdlet: &str, p: &str) -> bool {
    params(r, cmdlet).iter().any(|x| x.eq_ignore_ascii_case(p))
}

/// Roles a role group holds through regular assignments.
fn regular_roles(group: &str) -> Vec<&'static str> {
    catalog()
        .role_group(group)
        .unwrap_or_else(|| panic!("no role group `{group}`"))
        .assignments
        .iter()
        .filter(|a| !a.delegating)
        .map(|a| a.role.as_str())
        .collect()
}

#[test]
fn catalog_is_consistent() {
    let problems = catalog().problems();
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn counts() {
    let c = catalog();
    assert_eq!(c.roles.len(), 84);
    assert_eq!(c.role_groups.len(), 12);
    assert_eq!(c.policies.len(), 1);
    assert!(exrbac_catalog::cmdlets().count() > 800);
    for r in &c.roles {
        assert!(!r.entries.is_empty(), "`{}` has no entries", r.name);
    }
}

#[test]
fn parents_come_before_children() {
    let c = catalog();
    for (i, r) in c.roles.iter().enumerate() {
        if let Some(p) = &r.parent {
            let pi = c.roles.iter().position(|x| &x.name == p);
            assert!(
                pi.is_some_and(|pi| pi < i),
                "`{}` before its parent",
                r.name
            );
        }
    }
}

#[test]
fn every_cmdlet_entry_is_a_documented_cmdlet() {
    for r in &catalog().roles {
        for e in &r.entries {
            if e.kind != EntryKind::Cmdlet {
                continue;
            }
            let info = exrbac_catalog::cmdlet(&e.name)
                .unwrap_or_else(|| panic!("`{}\\{}` is not a documented cmdlet", r.name, e.name));
            for p in &e.parameters {
                assert!(
                    info.parameters.iter().any(|q| &q.name == p),
                    "`{}\\{}` allows -{p}, which the cmdlet lacks",
                    r.name,
                    e.name
                );
                assert!(
                    !exrbac_catalog::is_common_parameter(p),
                    "common -{p} listed"
                );
            }
        }
    }
}

#[test]
fn children_hold_a_subset_of_their_parent() {
    let children: Vec<&RoleDef> = catalog()
        .roles
        .iter()
        .filter(|r| r.parent.is_some())
        .collect();
    assert_eq!(children.len(), 5);
    for child in children {
        let parent = role(child.parent.as_deref().unwrap_or_default());
        for e in &child.entries {
            let pe = parent
                .entry(&e.name)
                .unwrap_or_else(|| panic!("`{}` holds `{}` its parent lacks", child.name, e.name));
            for p in &e.parameters {
                assert!(
                    pe.parameters.contains(p),
                    "`{}\\{}` -{p}",
                    child.name,
                    e.name
                );
            }
        }
        assert_eq!(child.role_type, parent.role_type);
        assert!(child.is_end_user);
    }
}

#[test]
fn end_user_roles_only_in_policies_and_om_delegation() {
    let c = catalog();
    for g in &c.role_groups {
        for a in &g.assignments {
            if role(&a.role).is_end_user {
                assert!(
                    a.delegating,
                    "`{}` holds end-user `{}` regularly",
                    g.name, a.role
                );
                assert_eq!(g.name, "Organization Management");
            }
        }
    }
    for p in &c.policies {
        for r in &p.roles {
            assert!(role(r).is_end_user, "policy holds `{r}`");
        }
    }
}

#[test]
fn role_management() {
    assert_holds(
        "Role Management",
        &[
            "Get-Mailbox",
            "Get-User",
            "Get-ManagementRoleAssignment",
            "New-ManagementRoleAssignment",
            "Remove-ManagementRoleAssignment",
            "Set-ManagementRoleAssignment",
            "Get-ManagementRole",
            "New-ManagementRole",
            "Remove-ManagementRole",
            "Add-ManagementRoleEntry",
            "Remove-ManagementRoleEntry",
            "Get-ManagementRoleEntry",
            "Set-ManagementRoleEntry",
            "Get-ManagementScope",
            "New-ManagementScope",
            "Remove-ManagementScope",
            "Set-ManagementScope",
            "Get-RoleGroup",
            "New-RoleGroup",
            "Remove-RoleGroup",
            "Set-RoleGroup",
            "Add-RoleGroupMember",
            "Get-RoleGroupMember",
            "Remove-RoleGroupMember",
            "Update-RoleGroupMember",
            "Get-RoleAssignmentPolicy",
            "New-RoleAssignmentPolicy",
            "Remove-RoleAssignmentPolicy",
            "Set-RoleAssignmentPolicy",
        ],
    );
    // Only Unscoped Role Management may create unscoped top-level roles.
    assert!(!has_param(
        "Role Management",
        "New-ManagementRole",
        "UnScopedTopLevel"
    ));
    assert!(has_param(
        "Unscoped Role Management",
        "New-ManagementRole",
        "UnScopedTopLevel"
    ));
    assert!(has_param(
        "Role Management",
        "Add-RoleGroupMember",
        "BypassSecurityGroupManagerCheck"
    ));
    // Seed 000: a child pruned to these keeps exactly them.
    let kept: Vec<&str> = role("Role Management")
        .entries
        .iter()
        .map(|e| e.name.as_str())
        .filter(|n| *n == "Get-Mailbox" || n.ends_with("ManagementRoleAssignment"))
        .collect();
    assert_eq!(kept.len(), 5, "{kept:?}");
}

const CREATION: [&str; 8] = [
    "New-Mailbox",
    "Remove-Mailbox",
    "New-MailUser",
    "Remove-MailUser",
    "New-MailContact",
    "Remove-MailContact",
    "New-RemoteMailbox",
    "Remove-RemoteMailbox",
];

#[test]
fn mail_recipients() {
    assert_holds(
        "Mail Recipients",
        &[
            "Get-Mailbox",
            "Set-Mailbox",
            "Get-User",
            "Set-User",
            "Enable-Mailbox",
            "Disable-Mailbox",
            "Connect-Mailbox",
            "Get-Recipient",
            "Get-MailUser",
            "Set-MailUser",
            "Get-MailContact",
            "Set-MailContact",
        ],
    );
    for i in 1..=15 {
        assert!(has_param(
            "Mail Recipients",
            "Set-Mailbox",
            &format!("CustomAttribute{i}")
        ));
    }
    for p in ["Identity", "MobilePhone", "Office", "Title"] {
        assert!(has_param("Mail Recipients", "Set-User", p), "Set-User -{p}");
    }
    assert!(has_param(
        "Mail Recipients",
        "Set-Mailbox",
        "RoleAssignmentPolicy"
    ));
    assert!(has_param(
        "Mail Recipients",
        "Set-Mailbox",
        "RoomMailboxPassword"
    ));
    assert!(!has_param("Mail Recipients", "Set-Mailbox", "Password"));
    assert!(!has_param(
        "Mail Recipients",
        "Set-Mailbox",
        "LitigationHoldEnabled"
    ));
    assert_lacks("Mail Recipients", &CREATION);
}

#[test]
fn creation_cmdlets_only_in_mail_recipient_creation() {
    assert_holds("Mail Recipient Creation", &CREATION);
    assert_holds(
        "Mail Recipient Creation",
        &["Get-Mailbox", "Get-Recipient", "Get-User"],
    );
    // Seed 004: once RBAC split permissions removes Mail Recipient Creation, Organization
    // Management and Recipient Management no longer have any of the eight.
    for group in ["Organization Management", "Recipient Management"] {
        for r in regular_roles(group) {
            if r == "Mail Recipient Creation" {
                continue;
            }
            assert_lacks(r, &CREATION);
        }
    }
    // Nor does any end-user role (the Administrator has a mailbox and the default policy).
    for r in catalog().roles.iter().filter(|r| r.is_end_user) {
        assert_lacks(&r.name, &CREATION);
    }
    // Seed 004's Recip Admin still mailbox-enables an existing user.
    assert!(
        regular_roles("Recipient Management")
            .iter()
            .any(|r| holds(r, "Enable-Mailbox"))
    );
}

#[test]
fn distribution_groups() {
    let dg = role("Distribution Groups");
    for c in [
        "Get-DistributionGroup",
        "Set-DistributionGroup",
        "New-DistributionGroup",
        "Remove-DistributionGroup",
        "Get-DistributionGroupMember",
        "Add-DistributionGroupMember",
        "Remove-DistributionGroupMember",
        "Update-DistributionGroupMember",
        "Get-Recipient",
        "Get-Group",
    ] {
        let n = dg
            .entries
            .iter()
            .filter(|e| e.name.eq_ignore_ascii_case(c))
            .count();
        assert_eq!(n, 1, "Distribution Groups holds `{c}` {n} times");
    }
    // Seed 001: the pruned child keeps exactly these four.
    let kept = dg
        .entries
        .iter()
        .filter(|e| {
            [
                "Get-DistributionGroup",
                "Get-DistributionGroupMember",
                "Add-DistributionGroupMember",
                "Remove-DistributionGroupMember",
            ]
            .contains(&e.name.as_str())
        })
        .count();
    assert_eq!(kept, 4);
    assert!(has_param(
        "Distribution Groups",
        "Set-DistributionGroup",
        "DisplayName"
    ));
    assert!(has_param(
        "Distribution Groups",
        "Add-DistributionGroupMember",
        "Member"
    ));
}

#[test]
fn security_group_creation_and_membership() {
    assert_holds(
        "Security Group Creation and Membership",
        &[
            "New-DistributionGroup",
            "Remove-DistributionGroup",
            "Add-DistributionGroupMember",
            "Remove-DistributionGroupMember",
            "Update-DistributionGroupMember",
        ],
    );
    for c in [
        "Set-DistributionGroup",
        "Set-Group",
        "Add-DistributionGroupMember",
    ] {
        assert!(
            has_param(
                "Security Group Creation and Membership",
                c,
                "BypassSecurityGroupManagerCheck"
            ),
            "{c}"
        );
    }
    assert!(has_param(
        "Security Group Creation and Membership",
        "New-DistributionGroup",
        "Type"
    ));
    // Role groups are Role Management's: their pages name Organization
    // Management or Role Management for the bypass switch, and the role's
    // own page speaks of USGs and their memberships only.
    let sgcm = role("Security Group Creation and Membership");
    for c in [
        "Add-RoleGroupMember",
        "Remove-RoleGroupMember",
        "Update-RoleGroupMember",
        "Set-RoleGroup",
        "Remove-RoleGroup",
        "New-RoleGroup",
    ] {
        assert!(sgcm.entry(c).is_none(), "{c}");
    }
}

#[test]
fn application_impersonation() {
    let r = role("ApplicationImpersonation");
    assert_eq!(r.entries.len(), 1);
    let e = &r.entries[0];
    assert_eq!(e.name, "Impersonate-ExchangeUser");
    assert_eq!(e.kind, EntryKind::ApplicationPermission);
    assert!(e.parameters.is_empty());
}

#[test]
fn move_mailboxes() {
    assert_holds(
        "Move Mailboxes",
        &[
            "New-MoveRequest",
            "Get-MoveRequest",
            "Set-MoveRequest",
            "Remove-MoveRequest",
            "Suspend-MoveRequest",
            "Resume-MoveRequest",
            "Get-MoveRequestStatistics",
        ],
    );
}

#[test]
fn default_policy() {
    let c = catalog();
    let p = c
        .policy("Default Role Assignment Policy")
        .unwrap_or_else(|| panic!("no default policy"));
    assert!(p.is_default);
    for r in [
        "MyBaseOptions",
        "MyContactInformation",
        "MyDistributionGroupMembership",
        "MyTextMessaging",
        "MyVoiceMail",
        "My Marketplace Apps",
        "MyTeamMailboxes",
    ] {
        assert!(p.roles.iter().any(|x| x == r), "default policy lacks `{r}`");
    }
    for r in &p.roles {
        assert_lacks(
            r,
            &[
                "Set-DistributionGroup",
                "Remove-DistributionGroup",
                "New-ManagementRoleAssignment",
                "New-ManagementRole",
            ],
        );
    }
    assert!(!p.roles.iter().any(|r| r == "MyDistributionGroups"));
}

#[test]
fn end_user_roles() {
    assert_holds("MyBaseOptions", &["Get-Mailbox", "Set-Mailbox", "Get-User"]);
    assert_lacks("MyBaseOptions", &["Set-User"]);
    assert!(!has_param(
        "MyBaseOptions",
        "Set-Mailbox",
        "CustomAttribute1"
    ));
    assert!(!has_param(
        "MyBaseOptions",
        "Set-Mailbox",
        "RoleAssignmentPolicy"
    ));
    assert!(params("MyBaseOptions", "Set-Mailbox").len() < 15);

    assert_holds(
        "MyDistributionGroupMembership",
        &[
            "Get-DistributionGroup",
            "Add-DistributionGroupMember",
            "Remove-DistributionGroupMember",
        ],
    );
    assert_eq!(
        params(
            "MyDistributionGroupMembership",
            "Add-DistributionGroupMember"
        ),
        ["Identity", "Member"]
    );
    assert_eq!(
        params(
            "MyDistributionGroupMembership",
            "Remove-DistributionGroupMember"
        ),
        ["Identity", "Member"]
    );

    assert_holds(
        "MyDistributionGroups",
        &[
            "New-DistributionGroup",
            "Set-DistributionGroup",
            "Remove-DistributionGroup",
            "Add-DistributionGroupMember",
            "Remove-DistributionGroupMember",
            "Update-DistributionGroupMember",
        ],
    );
    assert!(!has_param(
        "MyDistributionGroups",
        "Set-DistributionGroup",
        "BypassSecurityGroupManagerCheck"
    ));

    assert!(has_param("MyContactInformation", "Set-User", "MobilePhone"));
    assert!(!has_param("MyContactInformation", "Set-User", "Title"));
    assert_eq!(
        params("MyMobileInformation", "Set-User"),
        ["Identity", "MobilePhone", "Pager"]
    );
}

#[test]
fn documented_password_parameters() {
    for r in ["User Options", "Reset Password"] {
        assert!(has_param(r, "Set-Mailbox", "Password"), "{r}");
        assert!(has_param(r, "Set-Mailbox", "RoomMailboxPassword"), "{r}");
        assert_lacks(r, &["New-Mailbox"]);
    }
    assert!(has_param("User Options", "Set-Mailbox", "NewPassword"));
    assert!(has_param(
        "Mailbox Import Export",
        "Search-Mailbox",
        "DeleteContent"
    ));
    assert!(!has_param(
        "Mailbox Search",
        "Search-Mailbox",
        "DeleteContent"
    ));
    // "available only in the Mailbox Import Export role"
    for r in &catalog().roles {
        if r.name != "Mailbox Import Export" {
            assert!(r.entry("New-MailboxExportRequest").is_none(), "{}", r.name);
            assert!(r.entry("Get-MailboxImportRequest").is_none(), "{}", r.name);
        }
    }
}

#[test]
fn view_only_roles_only_read() {
    for r in ["View-Only Configuration", "View-Only Recipients"] {
        for e in &role(r).entries {
            assert!(
                e.name.starts_with("Get-") || e.name == "Set-ADServerSettings",
                "`{r}` holds `{}`",
                e.name
            );
        }
    }
    for e in &role("View-Only Audit Logs").entries {
        assert!(
            e.name.starts_with("Get-") || e.name.contains("AuditLog"),
            "View-Only Audit Logs holds `{}`",
            e.name
        );
    }
    assert_lacks(
        "View-Only Configuration",
        &[
            "Get-Mailbox",
            "Get-MailboxExportRequest",
            "Get-MessageTrackingLog",
        ],
    );
    assert_holds(
        "View-Only Configuration",
        &[
            "Get-OrganizationConfig",
            "Get-ExchangeServer",
            "Get-MailboxDatabase",
        ],
    );
}

#[test]
fn role_groups() {
    let c = catalog();
    let names: Vec<&str> = c.role_groups.iter().map(|g| g.name.as_str()).collect();
    for g in [
        "Organization Management",
        "View-Only Organization Management",
        "Recipient Management",
        "UM Management",
        "Help Desk",
        "Hygiene Management",
        "Compliance Management",
        "Records Management",
        "Discovery Management",
        "Public Folder Management",
        "Server Management",
        "Delegated Setup",
    ] {
        assert!(names.contains(&g), "no role group `{g}`");
    }
    // Organization Management: a delegating assignment of every non-child role, regular for
    // the administrative ones.
    let om = c
        .role_group("Organization Management")
        .unwrap_or_else(|| panic!("no OM"));
    for r in c.roles.iter().filter(|r| r.parent.is_none()) {
        assert!(
            om.assignments
                .iter()
                .any(|a| a.delegating && a.role == r.name),
            "OM lacks a delegating `{}`",
            r.name
        );
    }
    let om_regular = regular_roles("Organization Management");
    for r in [
        "Mail Recipient Creation",
        "Security Group Creation and Membership",
        "Role Management",
        "Mail Recipients",
    ] {
        assert!(om_regular.contains(&r), "OM lacks regular `{r}`");
    }
    for r in [
        "Mailbox Import Export",
        "Mailbox Search",
        "Unscoped Role Management",
        "ApplicationImpersonation",
        "Reset Password",
    ] {
        assert!(!om_regular.contains(&r), "OM holds regular `{r}`");
    }
    assert_eq!(
        regular_roles("Recipient Management"),
        [
            "Distribution Groups",
            "Mail Recipient Creation",
            "Mail Recipients",
            "Message Tracking",
            "Migration",
            "Move Mailboxes",
            "Recipient Policies",
            "Team Mailboxes"
        ]
    );
    assert_eq!(
        regular_roles("Help Desk"),
        ["User Options", "View-Only Recipients"]
    );
    assert_eq!(
        regular_roles("Discovery Management"),
        ["Legal Hold", "Mailbox Search"]
    );
    assert_eq!(
        regular_roles("Delegated Setup"),
        ["View-Only Configuration"]
    );
    assert!(regular_roles("Hygiene Management").contains(&"ApplicationImpersonation"));
    // Nobody holds Unscoped Role Management by default.
    for g in &c.role_groups {
        assert!(
            !g.assignments
                .iter()
                .any(|a| !a.delegating && a.role == "Unscoped Role Management"),
            "{}",
            g.name
        );
    }
    // Only Recipient Management and OM hold the creation role regularly.
    for g in &c.role_groups {
        if g.assignments
            .iter()
            .any(|a| !a.delegating && a.role == "Mail Recipient Creation")
        {
            assert!(["Organization Management", "Recipient Management"].contains(&g.name.as_str()));
        }
        // Only OM delegates.
        if g.name != "Organization Management" {
            assert!(
                g.assignments.iter().all(|a| !a.delegating),
                "{} delegates",
                g.name
            );
        }
    }
}

#[test]
fn assignment_scopes_default_to_the_role() {
    // Every built-in assignment uses the role's implicit write scopes.
    for g in &catalog().role_groups {
        for a in &g.assignments {
            assert_eq!(a.recipient_write, None, "{} {}", g.name, a.role);
            assert_eq!(a.config_write, None, "{} {}", g.name, a.role);
        }
    }
    let r = role("MyDistributionGroups");
    assert_eq!(r.implicit.recipient_read, ScopeValue::MyGAL);
    assert_eq!(r.implicit.recipient_write, ScopeValue::MyDistributionGroups);
    assert_eq!(
        role("MyBaseOptions").implicit.recipient_write,
        ScopeValue::Self_
    );
    assert_eq!(
        role("View-Only Recipients").implicit.recipient_write,
        ScopeValue::None
    );
    assert_eq!(
        role("Role Management").implicit.config_write,
        ScopeValue::OrganizationConfig
    );
}

#[test]
fn system_groups() {
    assert_eq!(
        catalog().system_groups,
        [
            "Exchange Servers",
            "Exchange Trusted Subsystem",
            "Exchange Windows Permissions",
            "ExchangeLegacyInterop",
            "Managed Availability Servers"
        ]
    );
}

#[test]
fn scope_and_kind_spelling() {
    assert_eq!(ScopeValue::Self_.to_string(), "Self");
    assert_eq!("self".parse::<ScopeValue>(), Ok(ScopeValue::Self_));
    assert_eq!(
        "OrganizationConfig".parse::<ScopeValue>(),
        Ok(ScopeValue::OrganizationConfig)
    );
    assert!("Everywhere".parse::<ScopeValue>().is_err());
    for v in ScopeValue::ALL {
        assert_eq!(v.to_string().parse::<ScopeValue>(), Ok(v));
        let json = serde_json::to_string(&v).unwrap_or_default();
        assert_eq!(json, format!("\"{v}\""));
    }
    assert_eq!(
        "applicationpermission".parse::<EntryKind>(),
        Ok(EntryKind::ApplicationPermission)
    );
    assert_eq!(EntryKind::WebService.to_string(), "WebService");
}

#[test]
fn cmdlet_table() {
    let c = exrbac_catalog::cmdlet("get-mailbox").unwrap_or_else(|| panic!("no Get-Mailbox"));
    assert_eq!(c.name, "Get-Mailbox");
    let id = c
        .parameter("Identity")
        .unwrap_or_else(|| panic!("no Identity"));
    assert_eq!(id.position, Some(1));
    assert!(id.pipeline_by_value);
    // Cloud-only parameters and sets are gone.
    assert!(c.parameter("InactiveMailboxOnly").is_none());
    assert!(c.parameter_sets.iter().all(|s| s.name != "MailboxPlanSet"));
    let nm =
        exrbac_catalog::cmdlet("New-ManagementRoleAssignment").unwrap_or_else(|| panic!("none"));
    assert!(
        nm.parameter("cf")
            .is_some_and(|p| p.name == "Confirm" && p.is_switch())
    );
    assert!(
        nm.parameter_sets
            .iter()
            .any(|s| s.mandatory.iter().any(|m| m == "Role"))
    );
    // Exchange Online-only cmdlets are not on premises.
    assert!(exrbac_catalog::cmdlet("Get-EXOMailbox").is_none());
    assert!(exrbac_catalog::cmdlet("Set-ManagementRole").is_none());
}

#[test]
fn catalog_round_trips_through_json() {
    let c = catalog();
    let json = serde_json::to_string(c).unwrap_or_default();
    let back: Catalog = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(&back, c);
}

#[test]
fn help_desk_changes_display_name_address_and_phone() {
    // Exchange Server's permissions overview: Help Desk modifies "the user's
    // display name, address, and phone number" (its User Options role), not
    // the rest of a user's properties.
    let p = params("User Options", "Set-User");
    for want in ["Identity", "DisplayName", "Phone", "StreetAddress", "City"] {
        assert!(p.iter().any(|x| x == want), "missing {want}: {p:?}");
    }
    for not in ["Office", "Department", "Title"] {
        assert!(!p.iter().any(|x| x == not), "unexpected {not}: {p:?}");
    }
    assert!(
        params("User Options", "Set-Mailbox")
            .iter()
            .any(|x| x == "DisplayName")
    );
}
