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

/// Exchange's refusal for a missing (or too narrow) delegating assignment.
fn no_delegation(name: &str) -> String {
    format!(
        "You don't have access to create, change, or remove the \"{name}\" management role assignment. You must be assigned a delegating role assignment to the management role or its parent in the hierarchy without a scope restriction."
    )
}

#[test]
fn a_scoped_delegation_hands_out_no_wider_scope() {
    let setup = concat!(
        "New-ADOrganizationalUnit -Name Staff -Path \"DC=contoso,DC=com\"\n",
        "New-ADOrganizationalUnit -Name East -Path \"OU=Staff,DC=contoso,DC=com\"\n",
        "New-ADOrganizationalUnit -Name HR -Path \"DC=contoso,DC=com\"\n",
        "New-Mailbox -Name Dee -OrganizationalUnit contoso.com/Staff -UserPrincipalName dee@contoso.com\n",
        "New-Mailbox -Name Sam -OrganizationalUnit contoso.com/Staff/East -UserPrincipalName sam@contoso.com\n",
        "New-Mailbox -Name Hal -OrganizationalUnit contoso.com/HR -UserPrincipalName hal@contoso.com\n",
        "New-ManagementScope \"Staff VIPs\" -RecipientRestrictionFilter \"Title -eq 'VIP'\" -RecipientRoot contoso.com/Staff\n",
        "New-ManagementRoleAssignment -Name DeeDel -Role \"Mail Recipients\" -User Dee -Delegating -RecipientOrganizationalUnitScope contoso.com/Staff\n",
        "New-ManagementRoleAssignment -Name SamWide -Role \"Mail Recipients\" -User Sam\n",
        "New-ManagementRoleAssignment -Name SamEast -Role \"Mail Recipients\" -User Sam -RecipientOrganizationalUnitScope contoso.com/Staff/East\n",
        "Set-ManagementRoleAssignment SamEast -Enabled $false\n",
    );
    let out = run_as(
        setup,
        "Dee",
        concat!(
            "New-ManagementRoleAssignment -Name N0 -Role \"Mail Recipients\" -User Dee\n",
            "New-ManagementRoleAssignment -Name N1 -Role \"Mail Recipients\" -User Sam -RecipientOrganizationalUnitScope contoso.com\n",
            "New-ManagementRoleAssignment -Name N2 -Role \"Mail Recipients\" -User Sam -RecipientOrganizationalUnitScope contoso.com/HR\n",
            "New-ManagementRoleAssignment -Name N3 -Role \"Mail Recipients\" -User Sam -CustomRecipientWriteScope \"Staff VIPs\"\n",
            "New-ManagementRoleAssignment -Name N4 -Role \"Mail Recipients\" -User Sam -RecipientRelativeWriteScope Self\n",
            "New-ManagementRoleAssignment -Name N5 -Role \"Mail Recipients\" -User Dee -RecipientOrganizationalUnitScope contoso.com/Staff\n",
            "New-ManagementRoleAssignment -Name N6 -Role \"Mail Recipients\" -User Sam -RecipientOrganizationalUnitScope contoso.com/Staff/East\n",
            "New-ManagementRoleAssignment -Name N7 -Role \"Mail Recipients\" -User Hal -RecipientOrganizationalUnitScope contoso.com/Staff\n",
            "Set-ManagementRoleAssignment N6 -RecipientOrganizationalUnitScope contoso.com\n",
            "Set-ManagementRoleAssignment SamWide -Enabled $false\n",
            "Set-ManagementRoleAssignment SamEast -Enabled $true\n",
            "Set-ManagementRoleAssignment N6 -RecipientOrganizationalUnitScope contoso.com/Staff\n",
        ),
    );
    // Wider than the delegating assignment's OU (organization-wide, the
    // whole domain), beside it, or not provably inside it (a custom scope,
    // Self): refused, the documented text.
    for (i, n) in ["N0", "N1", "N2", "N3", "N4"].iter().enumerate() {
        assert_eq!(message(&out[i]), no_delegation(n), "line {i}");
    }
    // Its OU and an OU under it: allowed.
    assert!(out[5].errors.is_empty(), "{:?}", out[5].errors);
    assert!(out[6].errors.is_empty(), "{:?}", out[6].errors);
    // An assignee outside the OU (documented).
    assert_eq!(message(&out[7]), no_delegation("N7"));
    // Set-ManagementRoleAssignment: the result must fit too, also when it
    // only switches an assignment wider than the delegation on or off.
    assert_eq!(message(&out[8]), no_delegation("N6"));
    assert_eq!(message(&out[9]), no_delegation("SamWide"));
    assert!(out[10].errors.is_empty(), "{:?}", out[10].errors);
    assert!(out[11].errors.is_empty(), "{:?}", out[11].errors);

    // A Role Management holder with the same delegation: New-RoleGroup gives
    // the role to a group in Microsoft Exchange Security Groups, outside the
    // OU; delegates are made no wider than the delegation either.
    let out = run_as(
        &format!("{setup}New-ManagementRoleAssignment -Role \"Role Management\" -User Dee\n"),
        "Dee",
        concat!(
            "New-RoleGroup \"Staff Helpers\" -Roles \"Mail Recipients\" -RecipientOrganizationalUnitScope contoso.com/Staff\n",
            "New-ManagementRoleAssignment -Name D1 -Role \"Mail Recipients\" -User Sam -Delegating\n",
            "New-ManagementRoleAssignment -Name D2 -Role \"Mail Recipients\" -User Sam -Delegating -RecipientOrganizationalUnitScope contoso.com/Staff/East\n",
            "Get-RoleGroup \"Staff Helpers\"\n",
        ),
    );
    assert_eq!(
        message(&out[0]),
        no_delegation("Mail Recipients-Staff Helpers")
    );
    assert_eq!(message(&out[1]), no_delegation("D1"));
    assert!(out[2].errors.is_empty(), "{:?}", out[2].errors);
    // The refused New-RoleGroup left nothing behind.
    assert!(
        message(&out[3]).contains("couldn't be found"),
        "{:?}",
        out[3]
    );
}
