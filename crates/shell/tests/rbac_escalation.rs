//! The escalation paths closed in RBAC on RBAC (docs/security.md,
//! "Escalation paths we model"), each with Exchange's error text; the
//! scenario tests/scenarios/rbac-escalation.ps1 runs them end to end.

#![allow(
    clippy::unwrap_used,
    reason = "a test stops loudly on a broken fixture"
)]

use exrbac_shell::{Session, new_organization};

/// Runs `setup` as Administrator (every line must succeed), then `script`
/// as `who`; the outcome of each of `script`'s lines.
fn run_as(setup: &str, who: &str, script: &str) -> Vec<exrbac_shell::Outcome> {
    let mut org = new_organization("contoso.com").unwrap();
    let admin = org.recipient_by_name("Administrator").unwrap();
    let out = Session::new(&mut org, admin).run_text(setup).unwrap();
    for (o, line) in out.iter().zip(setup.lines()) {
        assert!(o.errors.is_empty(), "setup `{line}`: {:?}", o.errors);
    }
    let me = org.recipient_by_name(who).unwrap();
    Session::new(&mut org, me).run_text(script).unwrap()
}

fn message(o: &exrbac_shell::Outcome) -> String {
    o.errors
        .first()
        .map(|e| e.message.clone())
        .unwrap_or_default()
}

#[test]
fn a_delegating_assignment_alone_hands_out_regular_assignments_only() {
    let out = run_as(
        concat!(
            "New-Mailbox -Name Dee -UserPrincipalName dee@contoso.com\n",
            "New-Mailbox -Name Eve -UserPrincipalName eve@contoso.com\n",
            "New-ManagementRoleAssignment -Role \"Mail Recipients\" -User Dee -Delegating\n",
            "New-ManagementRoleAssignment -Name D2 -Role \"Mail Recipients\" -User Eve -Delegating\n",
            "Set-ManagementRoleAssignment D2 -Enabled $false\n",
        ),
        "Dee",
        concat!(
            "New-ManagementRoleAssignment -Name R1 -Role \"Mail Recipients\" -User Eve\n",
            "New-ManagementRoleAssignment -Role \"Mail Recipients\" -User Eve -Delegating\n",
            "Set-ManagementRoleAssignment D2 -Enabled $true\n",
            "Set-ManagementRoleAssignment R1 -Enabled $false\n",
        ),
    );
    assert!(out[0].errors.is_empty(), "{:?}", out[0].errors);
    assert_eq!(
        message(&out[1]),
        "A parameter cannot be found that matches parameter name 'Delegating'."
    );
    assert_eq!(
        message(&out[2]),
        "You don't have access to change the \"D2\" management role assignment because it's a delegating role assignment. A delegating role assignment lets you create and change only regular role assignments; delegating role assignments need the Role Management role."
    );
    assert!(out[3].errors.is_empty(), "{:?}", out[3].errors);
}

#[test]
fn the_bypass_needs_the_role_management_assignment_that_grants_the_cmdlet() {
    // A child of Role Management with none of the role-group cmdlets, next
    // to Security Group Creation and Membership (whose Set-Group entry has
    // the switch), is no authority over role groups; the role-group cmdlets
    // aren't Security Group Creation and Membership's at all.
    let setup = concat!(
        "New-Mailbox -Name Rita -UserPrincipalName rita@contoso.com\n",
        "New-ManagementRole \"Role Editors\" -Parent \"Role Management\" -EnabledCmdlets New-ManagementRole\n",
        "New-ManagementRoleAssignment -Role \"Role Editors\" -User Rita\n",
        "New-ManagementRoleAssignment -Role \"Security Group Creation and Membership\" -User Rita\n",
    );
    let out = run_as(
        setup,
        "Rita",
        concat!(
            "Add-RoleGroupMember \"Organization Management\" -Member Rita -BypassSecurityGroupManagerCheck\n",
            "Update-RoleGroupMember \"Help Desk\" -Members Rita -BypassSecurityGroupManagerCheck\n",
            "Set-Group \"Help Desk\" -ManagedBy Rita -BypassSecurityGroupManagerCheck\n",
        ),
    );
    for (o, cmdlet) in out
        .iter()
        .zip(["Add-RoleGroupMember", "Update-RoleGroupMember"])
    {
        assert!(
            message(o).starts_with(&format!("The term '{cmdlet}' is not recognized")),
            "{:?}",
            o.errors
        );
    }
    assert_eq!(
        message(&out[2]),
        "You don't have sufficient permissions. This operation can only be performed by a manager of the group."
    );
    // With Role Management's own entries the same switch works.
    let out = run_as(
        &format!("{setup}New-ManagementRoleAssignment -Role \"Role Management\" -User Rita\n"),
        "Rita",
        "Add-RoleGroupMember \"Help Desk\" -Member Rita -BypassSecurityGroupManagerCheck\n",
    );
    assert!(out[0].errors.is_empty(), "{:?}", out[0].errors);
}

#[test]
fn role_groups_outside_the_write_scope_stay_out_of_reach() {
    let out = run_as(
        concat!(
            "New-ADOrganizationalUnit -Name Staff -Path \"DC=contoso,DC=com\"\n",
            "New-Mailbox -Name Otto -OrganizationalUnit contoso.com/Staff -UserPrincipalName otto@contoso.com\n",
            "New-ManagementRoleAssignment -Role \"Role Management\" -User Otto -RecipientOrganizationalUnitScope contoso.com/Staff\n",
            "New-RoleGroup \"Staff Helpdesk\" -Roles \"Mail Recipients\" -ManagedBy Otto\n",
        ),
        "Otto",
        concat!(
            "Add-RoleGroupMember \"Organization Management\" -Member Otto -BypassSecurityGroupManagerCheck\n",
            "Remove-RoleGroup \"Staff Helpdesk\" -Confirm:$false\n",
        ),
    );
    assert_eq!(
        message(&out[0]),
        "'contoso.com/Microsoft Exchange Security Groups/Organization Management' isn't within a valid write scope. Can't perform save operation."
    );
    // Being its manager doesn't reach past the scope either.
    assert_eq!(
        message(&out[1]),
        "'contoso.com/Microsoft Exchange Security Groups/Staff Helpdesk' isn't within a valid write scope. Can't perform save operation."
    );
}

#[test]
fn unscoped_roles_need_the_unscoped_role_management_grant_of_the_cmdlet() {
    // Role Management's entries, next to a child of Unscoped Role Management
    // that keeps only Get-ManagementRole, don't reach unscoped roles: the
    // grant of the cmdlet being run is Role Management's.
    let setup = concat!(
        "New-Mailbox -Name Uma -UserPrincipalName uma@contoso.com\n",
        "New-ManagementRoleAssignment -Role \"Unscoped Role Management\" -User Administrator\n",
        "New-ManagementRole \"IT Scripts\" -UnScopedTopLevel\n",
        "Add-ManagementRoleEntry \"IT Scripts\\Reset-Widget.ps1\" -Parameters Name -Type Script -UnScopedTopLevel\n",
        "Add-ManagementRoleEntry \"IT Scripts\\Find-Widget.ps1\" -Parameters Name -Type Script -UnScopedTopLevel\n",
        "New-ManagementRole \"IT Scripts Child\" -Parent \"IT Scripts\"\n",
        "New-ManagementRole \"URM Readers\" -Parent \"Unscoped Role Management\" -EnabledCmdlets Get-ManagementRole\n",
        "New-ManagementRoleAssignment -Role \"URM Readers\" -User Uma\n",
        "New-ManagementRoleAssignment -Role \"Role Management\" -User Uma\n",
    );
    let script = concat!(
        "Remove-ManagementRoleEntry \"IT Scripts Child\\Find-Widget.ps1\" -Confirm:$false\n",
        "New-ManagementRole \"Uma Scripts\" -Parent \"IT Scripts\"\n",
        "Remove-ManagementRole \"IT Scripts Child\" -Confirm:$false\n",
    );
    let out = run_as(setup, "Uma", script);
    let refused = |role: &str| {
        format!(
            "You need the Unscoped Role Management role to manage the unscoped top-level role '{role}'."
        )
    };
    assert_eq!(message(&out[0]), refused("IT Scripts Child"));
    assert_eq!(message(&out[1]), refused("IT Scripts"));
    assert_eq!(message(&out[2]), refused("IT Scripts Child"));
    // Unscoped Role Management's own entries do it.
    let out = run_as(
        &format!(
            "{setup}New-ManagementRoleAssignment -Role \"Unscoped Role Management\" -User Uma\n"
        ),
        "Uma",
        script,
    );
    for o in &out {
        assert!(o.errors.is_empty(), "{:?}", o.errors);
    }
}
