//! Cmdlet behaviours Microsoft's examples rely on, checked directly on a
//! session (the scenarios in tests/scenarios/ms-*.ps1 run them end to end).

#![allow(
    clippy::unwrap_used,
    reason = "a test stops loudly on a broken fixture"
)]

use exrbac_shell::{Session, Value, new_organization};

fn run(src: &str) -> Vec<exrbac_shell::Outcome> {
    let mut org = new_organization("contoso.com").unwrap();
    let admin = org.recipient_by_name("Administrator").unwrap();
    let mut s = Session::new(&mut org, admin);
    s.run_text(src).unwrap()
}

#[test]
fn role_entries_carry_their_role_as_id() {
    let out = run(
        "Get-ManagementRoleEntry \"Journaling\\Get-JournalRule\" | % { \"$($_.id)\\$($_.name)\" }",
    );
    assert!(out[0].errors.is_empty(), "{:?}", out[0].errors);
    assert_eq!(
        out[0].output,
        vec![Value::Str("Journaling\\Get-JournalRule".into())]
    );
}

#[test]
fn common_parameters_are_no_ops_in_entry_changes() {
    let out = run(concat!(
        "New-ManagementRole R1 -Parent \"Mail Recipients\"\n",
        "Set-ManagementRoleEntry \"R1\\Set-Mailbox\" -Parameters WhatIf -AddParameter\n",
        "Set-ManagementRoleEntry \"R1\\Set-Mailbox\" -Parameters Nope -AddParameter\n",
    ));
    assert!(out[1].errors.is_empty(), "{:?}", out[1].errors);
    assert!(!out[2].errors.is_empty());
}

#[test]
fn unscoped_role_type_answers_to_both_names() {
    let out = run(concat!(
        "New-ManagementRoleAssignment -Role \"UnScoped Role Management\" -SecurityGroup \"Organization Management\"\n",
        "New-ManagementRole \"In-house scripts\" -UnScopedTopLevel\n",
        "Get-ManagementRole -RoleType UnScopedTopLevel\n",
        "Get-ManagementRole -RoleType UnScoped\n",
    ));
    assert_eq!(out[2].output.len(), 1);
    assert_eq!(out[3].output.len(), 1);
}

#[test]
fn built_in_role_groups_stay() {
    let out = run(
        "Remove-RoleGroup \"Recipient Management\" -BypassSecurityGroupManagerCheck -Confirm:$false",
    );
    assert!(out[0].errors[0].to_string().contains("built-in role group"));
}

#[test]
fn exclusive_scope_given_as_custom_makes_an_exclusive_assignment() {
    // New-ManagementScope.md example 4 attaches an exclusive scope with
    // -CustomRecipientWriteScope; an ordinary scope can't be exclusive (E23).
    let out = run(concat!(
        "New-ManagementScope X -RecipientRestrictionFilter \"Title -eq 'VP'\" -Exclusive -Force\n",
        "New-ManagementRoleAssignment -Name A -Role \"Mail Recipients\" -SecurityGroup \"Recipient Management\" -CustomRecipientWriteScope X\n",
        "(Get-ManagementRoleAssignment A).RecipientWriteScope\n",
        "New-ManagementScope Y -RecipientRestrictionFilter \"Title -eq 'Clerk'\"\n",
        "New-ManagementRoleAssignment -Role \"Mail Recipients\" -SecurityGroup \"Recipient Management\" -ExclusiveRecipientWriteScope Y\n",
    ));
    assert!(out[1].errors.is_empty(), "{:?}", out[1].errors);
    assert_eq!(out[2].output, vec![Value::from("ExclusiveRecipientScope")]);
    assert!(
        out[4].errors[0]
            .to_string()
            .contains("The management scope object Y isn't an exclusive scope, and it can't be specified as parameter ExclusiveRecipientWriteScope.")
    );
}

#[test]
fn role_group_roles_are_its_regular_assignments() {
    // role-groups.md, "Copy a role group": Organization Management's
    // delegating-only roles (ApplicationImpersonation, the My* roles) aren't
    // among its Roles, so the copy is made of regular assignments only.
    let out = run(concat!(
        "$RoleGroup = Get-RoleGroup \"Organization Management\"\n",
        "$RoleGroup.Roles -contains 'ApplicationImpersonation'\n",
        "$RoleGroup.Roles -contains 'Role Management'\n",
        "$RoleGroup.RoleAssignments -contains 'ApplicationImpersonation-Organization Management-Delegating'\n",
        "New-RoleGroup \"Limited Organization Management\" -Roles $RoleGroup.Roles\n",
    ));
    assert_eq!(out[1].output, vec![Value::Bool(false)]);
    assert_eq!(out[2].output, vec![Value::Bool(true)]);
    assert_eq!(out[3].output, vec![Value::Bool(true)]);
    assert!(out[4].errors.is_empty(), "{:?}", out[4].errors);
}

#[test]
fn role_assignee_rows_name_the_user_as_effective_user() {
    let out = run(concat!(
        "Get-ManagementRoleAssignment -RoleAssignee Administrator -Role \"Mail Recipients\" -Delegating $false | % { $_.EffectiveUserName }\n",
        "Get-ManagementRoleAssignment -Role \"Mail Recipients\" -Delegating $false | ? { $_.RoleAssigneeName -eq 'Organization Management' } | % { $_.EffectiveUserName }\n",
    ));
    assert_eq!(out[0].output, vec![Value::Str("Administrator".into())]);
    assert_eq!(out[1].output, vec![Value::Str("All Group Members".into())]);
}

#[test]
fn managed_by_delegates_added_and_removed_through_a_variable() {
    // role-groups.md, "Add a delegate to a role group" and "remove a delegate".
    let out = run(concat!(
        "New-Mailbox -Name \"David Strome\" -UserPrincipalName david@contoso.com\n",
        "$RoleGroup = Get-RoleGroup \"Organization Management\"\n",
        "$RoleGroup.ManagedBy += (Get-User \"David Strome\").Identity\n",
        "Set-RoleGroup \"Organization Management\" -ManagedBy $RoleGroup.ManagedBy\n",
        "(Get-RoleGroup \"Organization Management\").ManagedBy\n",
        "$RoleGroup = Get-RoleGroup \"Organization Management\"\n",
        "$RoleGroup.ManagedBy -= (Get-User \"David Strome\").Identity\n",
        "Set-RoleGroup \"Organization Management\" -ManagedBy $RoleGroup.ManagedBy\n",
        "(Get-RoleGroup \"Organization Management\").ManagedBy\n",
    ));
    for o in &out {
        assert!(o.errors.is_empty(), "{:?}", o.errors);
    }
    let managers =
        |i: usize| -> Vec<String> { out[i].output.iter().map(|v| v.to_text()).collect() };
    assert_eq!(
        managers(4),
        vec![
            "contoso.com/Microsoft Exchange Security Groups/Organization Management",
            "contoso.com/Users/David Strome"
        ]
    );
    assert_eq!(
        managers(8),
        vec!["contoso.com/Microsoft Exchange Security Groups/Organization Management"]
    );
}

#[test]
fn get_role_group_applies_its_filter() {
    let out = run(concat!(
        "Get-RoleGroup -Filter \"RoleGroupType -eq 'Linked'\" | % { $_.Name }\n",
        "(Get-RoleGroup -Filter \"Name -like 'Organization*'\") | % { $_.Name }\n",
        "(Get-RoleGroup -Filter {RoleGroupType -eq 'Standard'}).Count -eq (Get-RoleGroup).Count\n",
        "Get-RoleGroup -Filter \"City -eq 'Seattle'\"\n",
        "Get-RoleGroup -Filter \"RoleGroupType -eq 'Sideways'\"\n",
    ));
    assert!(out[0].errors.is_empty(), "{:?}", out[0].errors);
    assert!(
        out[0].output.is_empty(),
        "linked role groups aren't modelled"
    );
    assert_eq!(
        out[1].output,
        vec![Value::Str("Organization Management".into())]
    );
    assert_eq!(out[2].output, vec![Value::Bool(true)]);
    assert!(
        out[3].errors[0]
            .message
            .contains("is not a recognized filterable property"),
        "{:?}",
        out[3].errors
    );
    assert!(!out[4].errors.is_empty());
}

struct Log(Vec<exrbac_core::AuditRecord>);

impl exrbac_shell::audit::AuditSource for Log {
    fn search(&self, q: &exrbac_core::AuditQuery) -> Result<Vec<exrbac_core::AuditRecord>, String> {
        Ok(q.search(self.0.iter()))
    }
}

#[test]
fn audit_search_filters_by_parameters_used() {
    let mut org = new_organization("contoso.com").unwrap();
    let admin = org.recipient_by_name("Administrator").unwrap();
    let mut s = Session::new(&mut org, admin);
    s.run_text(concat!(
        "New-Mailbox -Name Hal -UserPrincipalName hal@contoso.com\n",
        "Set-Mailbox Hal -UseDatabaseQuotaDefaults $false -ProhibitSendQuota 250MB\n",
        "Set-Mailbox Hal -Office \"-ProhibitSendQuota here\"\n",
        "Set-Mailbox Hal -CustomAttribute1 x\n",
    ))
    .unwrap();
    let log = Log(std::mem::take(&mut s.audit));
    drop(s);
    let mut s = Session::new(&mut org, admin);
    s.audit_source = Some(&log);
    let out = s
        .run_text(concat!(
            "Search-AdminAuditLog -Cmdlets Set-Mailbox -Parameters UseDatabaseQuotaDefaults,ProhibitSendReceiveQuota,ProhibitSendQuota | % { $_.CmdletParameters }\n",
            "(Search-AdminAuditLog -Cmdlets Set-Mailbox).Count\n",
            "(Search-AdminAuditLog -Cmdlets Set-Mailbox -Parameters Office,CustomAttribute1 -ResultSize 1).Count\n",
            "Search-AdminAuditLog -Parameters Office\n",
        ))
        .unwrap();
    assert_eq!(out[0].output.len(), 1, "{:?}", out[0].output);
    assert!(
        out[0].output[0]
            .to_text()
            .contains("-UseDatabaseQuotaDefaults")
    );
    assert_eq!(out[1].output, vec![Value::Int(3)]);
    assert_eq!(out[2].output, vec![Value::Int(1)]);
    assert!(out[3].errors[0].message.contains("Cmdlets"));
}

#[test]
fn a_scope_keeps_its_kind() {
    // change-a-role-scope: each filter goes with its own kind of scope; a
    // recipient scope in use must not turn into a server scope.
    let out = run(concat!(
        "New-ManagementScope S -RecipientRestrictionFilter \"Company -eq 'contoso'\"\n",
        "Set-ManagementScope S -ServerRestrictionFilter \"Name -eq 'EX01'\"\n",
        "Set-ManagementScope S -RecipientRestrictionFilter \"Company -eq 'fabrikam'\"\n",
        "(Get-ManagementScope S).ScopeRestrictionType\n",
    ));
    assert!(
        out[1].errors[0]
            .to_string()
            .contains("The ServerRestrictionFilter parameter can't be used on the RecipientScope scope 'S'. Use the RecipientRestrictionFilter parameter.")
    );
    assert!(out[2].errors.is_empty(), "{:?}", out[2].errors);
    assert_eq!(out[3].output, vec![Value::from("RecipientScope")]);
}

#[test]
fn policy_and_unscoped_assignments_take_no_scope() {
    let out = run(concat!(
        "New-RoleAssignmentPolicy P\n",
        "New-ManagementRoleAssignment -Role MyBaseOptions -Policy P -RecipientRelativeWriteScope Self\n",
        "New-ManagementRoleAssignment -Role \"UnScoped Role Management\" -SecurityGroup \"Organization Management\"\n",
        "New-ManagementRole U -UnScopedTopLevel\n",
        "New-ManagementRoleAssignment -Role U -SecurityGroup \"Organization Management\" -RecipientRelativeWriteScope Organization -UnScopedTopLevel\n",
        "New-ManagementRoleAssignment -Role U -SecurityGroup \"Organization Management\"\n",
        "New-ManagementRoleAssignment -Role U -SecurityGroup \"Organization Management\" -UnScopedTopLevel\n",
    ));
    assert!(out[1].errors[0].to_string().contains(
        "You can't specify a management scope when assigning a role to a role assignment policy."
    ));
    assert!(
        out[4].errors[0]
            .to_string()
            .contains("its role assignments can't have a management scope")
    );
    // Without -UnScopedTopLevel the hierarchy check applies, and nothing
    // delegates a role that has no parent.
    assert!(
        out[5].errors[0]
            .to_string()
            .contains("You don't have access to create, change, or remove")
    );
    assert!(out[6].errors.is_empty(), "{:?}", out[6].errors);
}

#[test]
fn unscoped_top_level_roles_change_only_with_the_switch() {
    let out = run(concat!(
        "New-ManagementRoleAssignment -Role \"UnScoped Role Management\" -SecurityGroup \"Organization Management\"\n",
        "New-ManagementRole W -UnScopedTopLevel\n",
        "Add-ManagementRoleEntry \"W\\Set-Widget\" -Parameters Size -PSSnapinName Contoso.Admin.Cmdlets\n",
        "Add-ManagementRoleEntry \"W\\Set-Widget\" -Parameters Size -PSSnapinName Contoso.Admin.Cmdlets -UnScopedTopLevel\n",
        "(Get-ManagementRoleEntry \"W\\Set-Widget\").PSSnapinName\n",
        "Add-ManagementRoleEntry \"W\\Set-Widget\" -Parameters Size, Color -UnScopedTopLevel\n",
        "Add-ManagementRoleEntry \"W\\Set-Widget\" -Parameters Size, Color -UnScopedTopLevel -Overwrite\n",
        "(Get-ManagementRoleEntry \"W\\Set-Widget\").Parameters\n",
        "Remove-ManagementRole W\n",
        "Remove-ManagementRole \"Mail Recipients\" -UnScopedTopLevel\n",
        "Remove-ManagementRole W -UnScopedTopLevel\n",
        "(Get-ManagementRoleEntry \"Mail Recipients\\Set-Mailbox\").PSSnapinName\n",
    ));
    assert!(
        out[2].errors[0]
            .to_string()
            .contains("unscoped top-level role")
    );
    assert!(out[3].errors.is_empty(), "{:?}", out[3].errors);
    assert_eq!(out[4].output, vec![Value::from("Contoso.Admin.Cmdlets")]);
    assert!(!out[5].errors.is_empty(), "the entry exists already");
    assert!(out[6].errors.is_empty(), "{:?}", out[6].errors);
    assert_eq!(
        out[7].output,
        vec![Value::from("Color"), Value::from("Size")]
    );
    assert!(!out[8].errors.is_empty());
    assert!(!out[9].errors.is_empty());
    assert!(out[10].errors.is_empty(), "{:?}", out[10].errors);
    assert_eq!(
        out[11].output,
        vec![Value::from(
            "Microsoft.Exchange.Management.PowerShell.E2010"
        )]
    );
}

#[test]
fn one_recipient_and_one_config_write_scope_per_assignment() {
    let out = run(concat!(
        "New-ADOrganizationalUnit -Name Sales -Path \"DC=contoso,DC=com\"\n",
        "New-ManagementScope C -RecipientRestrictionFilter \"City -eq 'Seattle'\"\n",
        "New-ManagementScope D -DatabaseRestrictionFilter \"Name -like 'DB*'\"\n",
        "New-ManagementScope E -DatabaseRestrictionFilter \"Name -like 'EX*'\" -Exclusive -Force\n",
        "New-ManagementRoleAssignment -Role \"Mail Recipients\" -SecurityGroup \"Recipient Management\" -CustomRecipientWriteScope C -RecipientOrganizationalUnitScope contoso.com/Sales\n",
        "New-ManagementRoleAssignment -Role \"Databases\" -SecurityGroup \"Recipient Management\" -CustomConfigWriteScope D -ExclusiveConfigWriteScope E\n",
        "New-ManagementRoleAssignment -Role \"Databases\" -SecurityGroup \"Recipient Management\" -CustomConfigWriteScope D -RecipientOrganizationalUnitScope contoso.com/Sales\n",
    ));
    assert!(out[4].errors[0].to_string().contains(
        "The CustomRecipientWriteScope and RecipientOrganizationalUnitScope parameters can't be used together."
    ));
    assert!(out[5].errors[0].to_string().contains(
        "The CustomConfigWriteScope and ExclusiveConfigWriteScope parameters can't be used together."
    ));
    // A recipient scope and a configuration scope go together (the A. Datum
    // example of New-ManagementRoleAssignment).
    assert!(out[6].errors.is_empty(), "{:?}", out[6].errors);
}

#[test]
fn an_entry_no_role_holds_is_not_found_even_across_roles() {
    // find-exchange-cmdlet-permissions, troubleshooting: `*\<Cmdlet>` errors
    // when the cmdlet isn't in any role; a wildcard cmdlet just finds nothing.
    let out = run(concat!(
        "Get-ManagementRoleEntry -Identity *\\New-NoSuchThing\n",
        "Get-ManagementRoleEntry -Identity *\\New-NoSuch*\n",
        "Get-ManagementRoleEntry -Identity *\\New-Mailbox\n",
    ));
    assert!(out[0].errors[0].to_string().contains("couldn't be found"));
    assert!(out[1].errors.is_empty() && out[1].output.is_empty());
    assert!(!out[2].output.is_empty());
}

#[test]
fn server_filters_read_what_get_exchangeserver_shows() {
    // The filterable server properties of the scope-filters article, with
    // the values the one server of a new organization has.
    let out = run(concat!(
        "New-RoleGroup G\n",
        "New-ManagementScope A -ServerRestrictionFilter \"ServerRole -like '*Mailbox*'\"\n",
        "New-ManagementScope B -ServerRestrictionFilter \"Fqdn -eq 'ex01.contoso.com'\"\n",
        "New-ManagementScope C -ServerRestrictionFilter \"ServerSite -eq 'CN=Default-First-Site-Name,CN=Sites,CN=Configuration,DC=contoso,DC=com'\"\n",
        "New-ManagementScope D -ServerRestrictionFilter \"ServerSite -eq 'CN=Redmond,CN=Sites,CN=Configuration,DC=contoso,DC=com'\"\n",
        "New-ManagementRoleAssignment -Name A -Role \"Exchange Servers\" -SecurityGroup G -CustomConfigWriteScope A\n",
        "New-ManagementRoleAssignment -Name B -Role \"Exchange Servers\" -SecurityGroup G -CustomConfigWriteScope B\n",
        "New-ManagementRoleAssignment -Name C -Role \"Exchange Servers\" -SecurityGroup G -CustomConfigWriteScope C\n",
        "New-ManagementRoleAssignment -Name D -Role \"Exchange Servers\" -SecurityGroup G -CustomConfigWriteScope D\n",
        "Get-ManagementRoleAssignment -WritableServer EX01 -RoleAssignee G | % { $_.Name }\n",
        "(Get-ExchangeServer EX01).Fqdn\n",
    ));
    assert_eq!(
        out[9].output,
        vec![Value::from("A"), Value::from("B"), Value::from("C")]
    );
    assert_eq!(out[10].output, vec![Value::from("ex01.contoso.com")]);
}

#[test]
fn documented_cmdlets_exrbac_does_not_keep_still_follow_rbac() {
    let mut org = exrbac_shell::new_organization("contoso.com").unwrap();
    let admin = org.recipient_by_name("Administrator").unwrap();
    let mut s = Session::new(&mut org, admin);
    let out = s
        .run_text(concat!(
            "New-Mailbox -Name Tom -UserPrincipalName tom@contoso.com\n",
            "New-Mailbox -Name Sid -UserPrincipalName sid@contoso.com\n",
            "New-RoleGroup \"Seattle Compliance\" -Roles \"Transport Rules\" -Members Tom\n",
            "New-ManagementScope Srv -ServerList EX01\n",
            "New-RoleGroup Scoped -Members Sid\n",
            "New-ManagementRoleAssignment -Role \"Transport Rules\" -SecurityGroup Scoped -CustomConfigWriteScope Srv\n",
        ))
        .unwrap();
    assert!(out.iter().all(|o| o.errors.is_empty()), "{out:?}");
    let tom = org.recipient_by_name("Tom").unwrap();
    let mut s = Session::new(&mut org, tom);
    let out = s
        .run_text(concat!(
            "Get-TransportRule\n",
            "New-TransportRule -Name Block -SentTo tom@contoso.com -DeleteMessage $true\n",
            "New-TransportRule -Name Block -NoSuchParameter x\n",
            "Get-JournalRule\n",
        ))
        .unwrap();
    assert!(out[0].errors.is_empty() && out[0].output.is_empty());
    assert!(out[1].errors.is_empty(), "{:?}", out[1].errors);
    assert!(out[2].errors[0].message.contains("NoSuchParameter"));
    assert!(out[3].errors[0].message.contains("is not recognized"));
    // An organization-wide object is out of a server scope's reach.
    let sid = org.recipient_by_name("Sid").unwrap();
    let mut s = Session::new(&mut org, sid);
    let out = s
        .run_text("New-TransportRule -Name Block2 -SentTo tom@contoso.com -DeleteMessage $true\n")
        .unwrap();
    assert!(
        out[0].errors[0]
            .message
            .contains("isn't within a valid write scope"),
        "{:?}",
        out[0].errors
    );
}

#[test]
fn role_entry_type_filter_takes_several_types() {
    let out = run(concat!(
        "New-ManagementRoleAssignment -Role \"Unscoped Role Management\" -User Administrator\n",
        "New-ManagementRole -Name \"In-house scripts\" -UnScopedTopLevel\n",
        "Add-ManagementRoleEntry \"In-house scripts\\MyScript.ps1\" -Type Script -UnScopedTopLevel\n",
        "Add-ManagementRoleEntry \"In-house scripts\\Get-Date\" -PSSnapinName Microsoft.PowerShell.Utility -UnScopedTopLevel\n",
        "Get-ManagementRoleEntry \"In-house scripts\\*\" -Type Script\n",
        "Get-ManagementRoleEntry \"In-house scripts\\*\" -Type Cmdlet, Script\n",
    ));
    for o in &out {
        assert!(o.errors.is_empty(), "{:?}", o.errors);
    }
    assert_eq!(out[4].output.len(), 1);
    assert_eq!(out[5].output.len(), 2);
}
