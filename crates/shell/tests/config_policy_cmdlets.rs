//! Server, OU and role assignment policy behaviours that Microsoft's examples
//! rely on (tests/scenarios/ms-config-more.ps1 and ms-rbac-more.ps1 run them
//! end to end).

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

fn names(o: &exrbac_shell::Outcome) -> Vec<String> {
    o.output
        .iter()
        .map(|v| v.member("Name").to_text())
        .collect()
}

#[test]
fn exchange_servers_filter_by_domain() {
    let out = run(concat!(
        "Get-ExchangeServer -Domain contoso.com\n",
        "Get-ExchangeServer -Domain CONTOSO.COM.\n",
        "Get-ExchangeServer -Domain fabrikam.com\n",
    ));
    assert_eq!(names(&out[0]), vec!["EX01"]);
    assert_eq!(names(&out[1]), vec!["EX01"]);
    assert!(out[2].output.is_empty());
    assert!(out[2].errors.is_empty(), "{:?}", out[2].errors);
}

#[test]
fn single_node_only_lists_the_first_level_children() {
    let out = run(concat!(
        "New-ADOrganizationalUnit -Name NA -Path \"DC=contoso,DC=com\"\n",
        "New-ADOrganizationalUnit -Name Sales -Path \"OU=NA,DC=contoso,DC=com\"\n",
        "New-ADOrganizationalUnit -Name West -Path \"OU=Sales,OU=NA,DC=contoso,DC=com\"\n",
        "New-ADOrganizationalUnit -Name Exec -Path \"OU=NA,DC=contoso,DC=com\"\n",
        "Get-OrganizationalUnit NA -SingleNodeOnly\n",
        "Get-OrganizationalUnit NA\n",
        "Get-OrganizationalUnit West -SingleNodeOnly\n",
    ));
    assert_eq!(names(&out[4]), vec!["Sales", "Exec"]);
    assert_eq!(names(&out[5]), vec!["NA", "Sales", "West", "Exec"]);
    assert!(out[6].output.is_empty());
}

#[test]
fn a_policy_goes_only_once_its_role_assignments_are_gone() {
    let out = run(concat!(
        "New-RoleAssignmentPolicy P -Roles MyBaseOptions, MyVoiceMail\n",
        "Remove-RoleAssignmentPolicy P\n",
        "Get-ManagementRoleAssignment -RoleAssignee P | Remove-ManagementRoleAssignment\n",
        "Remove-RoleAssignmentPolicy P\n",
        "Get-RoleAssignmentPolicy P\n",
        "New-RoleAssignmentPolicy Empty\n",
        "Remove-RoleAssignmentPolicy Empty\n",
    ));
    assert!(
        out[1].errors[0]
            .message
            .contains("can't be removed because it's assigned one or more management roles"),
        "{:?}",
        out[1].errors
    );
    assert!(out[2].errors.is_empty(), "{:?}", out[2].errors);
    assert!(out[3].errors.is_empty(), "{:?}", out[3].errors);
    assert!(out[4].errors[0].message.contains("couldn't be found"));
    assert!(out[6].errors.is_empty(), "{:?}", out[6].errors);
}

#[test]
fn a_policy_in_use_by_mailboxes_reports_that_first() {
    let out = run(concat!(
        "New-RoleAssignmentPolicy P -Roles MyBaseOptions\n",
        "New-Mailbox -Name Joe -UserPrincipalName joe@contoso.com\n",
        "Set-Mailbox Joe -RoleAssignmentPolicy P\n",
        "Remove-RoleAssignmentPolicy P\n",
        "Remove-RoleAssignmentPolicy \"Default Role Assignment Policy\"\n",
    ));
    assert!(
        out[3].errors[0]
            .message
            .contains("assigned to one or more mailboxes"),
        "{:?}",
        out[3].errors
    );
    assert!(
        out[4].errors[0]
            .message
            .contains("assigned to one or more mailboxes or is the default policy"),
        "{:?}",
        out[4].errors
    );
}

#[test]
fn multivalued_organization_settings_read_back_as_lists() {
    let out = run(concat!(
        "Set-OrganizationConfig -DistributionGroupNameBlockedWordsList curse,bad,offensive -EwsApplicationAccessPolicy EnforceBlockList\n",
        "(Get-OrganizationConfig).DistributionGroupNameBlockedWordsList\n",
        "(Get-OrganizationConfig).DistributionGroupNameBlockedWordsList -contains 'bad'\n",
        "(Get-OrganizationConfig).EwsApplicationAccessPolicy\n",
    ));
    assert!(out[0].errors.is_empty(), "{:?}", out[0].errors);
    assert_eq!(
        out[1].output,
        vec![
            exrbac_shell::Value::from("curse"),
            exrbac_shell::Value::from("bad"),
            exrbac_shell::Value::from("offensive"),
        ]
    );
    assert_eq!(out[2].output, vec![exrbac_shell::Value::Bool(true)]);
    assert_eq!(
        out[3].output,
        vec![exrbac_shell::Value::from("EnforceBlockList")]
    );
}

#[test]
fn recipient_view_root_narrows_the_recipient_gets() {
    let out = run(concat!(
        "New-ADOrganizationalUnit -Name Mkt -Path \"DC=contoso,DC=com\"\n",
        "New-Mailbox -Name Mark -OrganizationalUnit contoso.com/Mkt -UserPrincipalName mark@contoso.com\n",
        "New-Mailbox -Name Stan -UserPrincipalName stan@contoso.com\n",
        "Set-ADServerSettings -RecipientViewRoot \"OU=Mkt,DC=contoso,DC=com\"\n",
        "Get-Mailbox | % { $_.Name }\n",
        "Get-Mailbox Stan\n",
        "Get-Mailbox Stan -IgnoreDefaultScope | % { $_.Name }\n",
        "Set-ADServerSettings -ViewEntireForest $true\n",
        "(Get-Mailbox).Count\n",
    ));
    assert!(out[3].errors.is_empty(), "{:?}", out[3].errors);
    assert_eq!(out[4].output, vec![Value::from("Mark")]);
    assert!(out[5].errors[0].to_string().contains("couldn't be found"));
    assert_eq!(out[6].output, vec![Value::from("Stan")]);
    assert_eq!(out[8].output, vec![Value::Int(2)]);
}

#[test]
fn admin_audit_log_config_shows_the_settings_the_log_works_by() {
    let out = run("Get-AdminAuditLogConfig\n");
    assert!(out[0].errors.is_empty(), "{:?}", out[0].errors);
    assert_eq!(out[0].output.len(), 1);
    let c = &out[0].output[0];
    assert_eq!(c.member("Name").to_text(), "Admin Audit Log Settings");
    assert_eq!(c.member("AdminAuditLogEnabled"), Value::Bool(true));
    assert_eq!(c.member("AdminAuditLogCmdlets").to_text(), "*");
}

#[test]
fn write_admin_audit_log_leaves_its_comment_in_the_log() {
    let out = run("Write-AdminAuditLog -Comment \"Maintenance starts\"\n");
    assert!(out[0].errors.is_empty(), "{:?}", out[0].errors);
    assert!(out[0].warnings.is_empty(), "{:?}", out[0].warnings);
    assert!(exrbac_shell::cmdlets::is_write("Write-AdminAuditLog"));
    assert!(!exrbac_shell::cmdlets::is_write("Write-Host"));
}

#[test]
fn write_admin_audit_log_refuses_a_comment_over_500_characters() {
    let long = "x".repeat(501);
    let fits = "y".repeat(500);
    let mut org = new_organization("contoso.com").unwrap();
    let admin = org.recipient_by_name("Administrator").unwrap();
    let mut s = Session::new(&mut org, admin);
    let out = s
        .run_text(&format!(
            "Write-AdminAuditLog -Comment \"{long}\"\nWrite-AdminAuditLog -Comment \"{fits}\"\n"
        ))
        .unwrap();
    // The argument fails validation before the cmdlet runs: only the second
    // comment reaches the log.
    assert_eq!(s.audit.len(), 1, "{:?}", s.audit);
    let err = out[0].errors.first().map(ToString::to_string);
    assert!(
        err.as_deref().is_some_and(|e| e
            .contains("Cannot validate argument on parameter 'Comment'")
            && e.contains("fewer than or equal to \"500\" characters")),
        "{err:?}"
    );
    assert!(out[1].errors.is_empty(), "{:?}", out[1].errors);
}

#[test]
fn admin_audit_log_config_keeps_what_set_changes() {
    let out = run(concat!(
        "Set-AdminAuditLogConfig -AdminAuditLogEnabled $true -AdminAuditLogCmdlets *Mailbox, *Management*, *TransportRule* -AdminAuditLogParameters * -AdminAuditLogExcludedCmdlets Get-* -AdminAuditLogAgeLimit 120.00:00:00 -LogLevel Verbose -TestCmdletLoggingEnabled $true\n",
        "Get-AdminAuditLogConfig\n",
        "Set-AdminAuditLogConfig -AdminAuditLogCmdlets @{Add='*-User'; Remove='*Management*'} -AdminAuditLogExcludedCmdlets $null -AdminAuditLogEnabled $false\n",
        "Get-AdminAuditLogConfig\n",
        "Set-AdminAuditLogConfig -LogLevel Loud\n",
        "Set-AdminAuditLogConfig -AdminAuditLogAgeLimit soon\n",
    ));
    assert!(out[0].errors.is_empty(), "{:?}", out[0].errors);
    assert!(out[0].warnings.is_empty(), "{:?}", out[0].warnings);
    let c = &out[1].output[0];
    assert_eq!(c.member("AdminAuditLogEnabled"), Value::Bool(true));
    assert_eq!(
        c.member("AdminAuditLogCmdlets"),
        Value::Array(vec![
            Value::from("*Mailbox"),
            Value::from("*Management*"),
            Value::from("*TransportRule*")
        ])
    );
    assert_eq!(
        c.member("AdminAuditLogExcludedCmdlets"),
        Value::Array(vec![Value::from("Get-*")])
    );
    assert_eq!(c.member("AdminAuditLogAgeLimit").to_text(), "120.00:00:00");
    assert_eq!(c.member("LogLevel").to_text(), "Verbose");
    assert_eq!(c.member("TestCmdletLoggingEnabled"), Value::Bool(true));
    let c = &out[3].output[0];
    assert_eq!(c.member("AdminAuditLogEnabled"), Value::Bool(false));
    assert_eq!(
        c.member("AdminAuditLogCmdlets"),
        Value::Array(vec![
            Value::from("*Mailbox"),
            Value::from("*TransportRule*"),
            Value::from("*-User")
        ])
    );
    assert_eq!(
        c.member("AdminAuditLogExcludedCmdlets"),
        Value::Array(vec![])
    );
    assert!(out[4].errors[0].to_string().contains("None, Verbose"));
    assert!(out[5].errors[0].to_string().contains("EnhancedTimeSpan"));
}

#[test]
fn the_admin_audit_log_records_only_what_its_configuration_asks_for() {
    let mut org = new_organization("contoso.com").unwrap();
    let admin = org.recipient_by_name("Administrator").unwrap();
    let mut s = Session::new(&mut org, admin);
    let out = s
        .run_text(concat!(
            "New-Mailbox -Name Al -UserPrincipalName al@contoso.com\n",
            "Set-AdminAuditLogConfig -AdminAuditLogEnabled $false\n",
            "Set-User Al -Office one\n",
            "Set-AdminAuditLogConfig -AdminAuditLogEnabled $true -AdminAuditLogExcludedCmdlets Set-User\n",
            "Set-User Al -Office two\n",
            "Set-Mailbox Al -Office three\n",
            "Set-AdminAuditLogConfig -AdminAuditLogCmdlets *Mailbox* -AdminAuditLogParameters *Address* -AdminAuditLogExcludedCmdlets $null\n",
            "Set-Mailbox Al -Office four\n",
            "Set-Mailbox Al -Office five -PrimarySmtpAddress al2@contoso.com\n",
            "Write-AdminAuditLog -Comment \"not on the list\"\n",
        ))
        .unwrap();
    for o in &out {
        assert!(o.errors.is_empty(), "{:?}", o.errors);
    }
    let rows: Vec<(&str, &str)> = s
        .audit
        .iter()
        .map(|r| (r.cmdlet.as_str(), r.parameters.as_str()))
        .collect();
    assert_eq!(
        rows,
        vec![
            ("New-Mailbox", "-Name Al -UserPrincipalName al@contoso.com"),
            ("Set-AdminAuditLogConfig", "-AdminAuditLogEnabled False"),
            (
                "Set-AdminAuditLogConfig",
                "-AdminAuditLogEnabled -AdminAuditLogExcludedCmdlets Set-User"
            ),
            ("Set-Mailbox", "-Office three -Identity Al"),
            (
                "Set-AdminAuditLogConfig",
                "-AdminAuditLogCmdlets *Mailbox* -AdminAuditLogParameters *Address* -AdminAuditLogExcludedCmdlets $null"
            ),
            ("Set-Mailbox", "-PrimarySmtpAddress al2@contoso.com"),
        ]
    );
}
