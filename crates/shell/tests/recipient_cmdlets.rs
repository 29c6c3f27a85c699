//! Recipient-cmdlet behaviours Microsoft's examples rely on (the scenarios in
//! tests/scenarios/ms-mailboxes.ps1 and friends run them end to end).

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

fn texts(o: &exrbac_shell::Outcome) -> Vec<String> {
    o.output.iter().map(|v| v.to_text()).collect()
}

#[test]
fn read_host_reads_nothing_in_a_script() {
    let out = run("$password = Read-Host \"Enter password\" -AsSecureString\n$password.Length\n");
    assert!(out[0].errors.is_empty(), "{:?}", out[0].errors);
    assert_eq!(out[1].output, vec![Value::Int(0)]);
}

#[test]
fn anr_matches_the_start_of_naming_attributes() {
    let out = run(concat!(
        "New-Mailbox -Name \"Chris Ashton\" -UserPrincipalName chris@contoso.com\n",
        "New-Mailbox -Name Hess -DisplayName \"Christian Hess\" -UserPrincipalName ch@contoso.com\n",
        "New-Mailbox -Name Richard -UserPrincipalName richard@contoso.com\n",
        "Get-Mailbox -Anr Chr | % { $_.Name }\n",
    ));
    assert_eq!(texts(&out[3]), vec!["Chris Ashton", "Hess"]);
}

#[test]
fn sizes_show_as_byte_quantified_sizes() {
    let out = run(concat!(
        "New-Mailbox -Name Pilar -UserPrincipalName pilar@contoso.com\n",
        "Set-Mailbox Pilar -ProhibitSendQuota 250MB -MaxSendSize 2097152 -IssueWarningQuota 1.5GB -MaxReceiveSize Unlimited\n",
        "$m = Get-Mailbox Pilar; $m.ProhibitSendQuota; $m.MaxSendSize; $m.IssueWarningQuota; $m.MaxReceiveSize\n",
    ));
    assert!(out[1].errors.is_empty(), "{:?}", out[1].errors);
    let got: Vec<String> = out[3..].iter().flat_map(texts).collect();
    assert_eq!(
        got,
        vec![
            "250 MB (262,144,000 bytes)",
            "2 MB (2,097,152 bytes)",
            "1.5 GB (1,610,612,736 bytes)",
            "Unlimited"
        ]
    );
}

#[test]
fn anr_takes_a_trailing_wildcard() {
    let out = run(concat!(
        "New-DistributionGroup -Name \"Marketing Reports\"\n",
        "New-DistributionGroup -Name Sales\n",
        "Get-Group -Anr Mar* | % { $_.Name }\n",
    ));
    assert_eq!(texts(&out[2]), vec!["Marketing Reports"]);
}

#[test]
fn set_group_universal_widens_a_global_group() {
    let out = run(concat!(
        "New-ADGroup -Name Legal -GroupScope Global -GroupCategory Security\n",
        "(Get-Group Legal).GroupType\n",
        "Set-Group -Identity Legal -Universal -Notes verified\n",
        "$g = Get-Group Legal; $g.GroupType; $g.Notes\n",
        "New-ADGroup -Name Odd -GroupScope Sideways\n",
    ));
    assert_eq!(texts(&out[1]), vec!["Global, SecurityEnabled"]);
    assert!(out[2].errors.is_empty(), "{:?}", out[2].errors);
    let got: Vec<String> = out[3..6].iter().flat_map(texts).collect();
    assert_eq!(got, vec!["Universal, SecurityEnabled", "verified"]);
    assert!(out[6].errors[0].message.contains("GroupScope"));
}

#[test]
fn ad_server_settings_keep_the_forest_view_for_the_session() {
    let out = run(concat!(
        "(Get-ADServerSettings).ViewEntireForest\n",
        "Set-ADServerSettings -ViewEntireForest $true\n",
        "(Get-ADServerSettings).ViewEntireForest\n",
    ));
    assert_eq!(out[0].output, vec![Value::Bool(false)]);
    assert!(out[1].errors.is_empty(), "{:?}", out[1].errors);
    assert_eq!(out[2].output, vec![Value::Bool(true)]);
}

#[test]
fn an_org_admin_sets_join_restriction_with_the_bypass_switch() {
    let out = run(concat!(
        "New-Mailbox -Name Amy -UserPrincipalName amy@contoso.com\n",
        "New-DistributionGroup -Name \"Dog Lovers\" -ManagedBy Amy\n",
        "Set-DistributionGroup -Identity \"Dog Lovers\" -MemberJoinRestriction 'ApprovalRequired' -BypassSecurityGroupManagerCheck\n",
        "(Get-DistributionGroup \"Dog Lovers\").MemberJoinRestriction\n",
    ));
    assert!(out[2].errors.is_empty(), "{:?}", out[2].errors);
    assert_eq!(texts(&out[3]), vec!["ApprovalRequired"]);
}

#[test]
fn domain_backslash_user_names_an_account() {
    let out = run(concat!(
        "New-Mailbox -Name Jill -UserPrincipalName jill@contoso.com\n",
        "Set-User -Identity Contoso\\Jill -DisplayName \"Jill Frank\"\n",
        "(Get-User Jill).DisplayName\n",
        "Get-User Fabrikam\\Jill\n",
    ));
    assert!(out[1].errors.is_empty(), "{:?}", out[1].errors);
    assert_eq!(texts(&out[2]), vec!["Jill Frank"]);
    assert!(out[3].errors[0].message.contains("couldn't be found"));
}

#[test]
fn mail_users_and_contacts_change_their_external_address() {
    let out = run(concat!(
        "New-MailUser -Name Pilar -ExternalEmailAddress p@fabrikam.com -UserPrincipalName pilar@contoso.com -Password (ConvertTo-SecureString -String 'Pa$$word1' -AsPlainText -Force)\n",
        "Set-MailUser Pilar -ExternalEmailAddress pilarp@tailspintoys.com\n",
        "(Get-MailUser Pilar).ExternalEmailAddress\n",
        "New-MailContact -Name Kai -ExternalEmailAddress kai@fabrikam.com\n",
        "Set-Contact Kai -Title Consultant -Manager Pilar\n",
        "$c = Get-Contact Kai; $c.Title; $c.Manager\n",
    ));
    assert!(out[0].errors.is_empty(), "{:?}", out[0].errors);
    assert_eq!(texts(&out[2]), vec!["pilarp@tailspintoys.com"]);
    assert!(out[4].errors.is_empty(), "{:?}", out[4].errors);
    let got: Vec<String> = out[6..8].iter().flat_map(texts).collect();
    assert_eq!(got, vec!["Consultant", "Pilar"]);
}

#[test]
fn get_recipient_sorts_by_the_property_asked() {
    let out = run(concat!(
        "New-MailContact -Name A -ExternalEmailAddress a@fabrikam.com\n",
        "New-MailContact -Name B -ExternalEmailAddress b@fabrikam.com\n",
        "Set-Contact A -Office Z; Set-Contact B -Office Y\n",
        "Get-Recipient -RecipientType MailContact -SortBy Office | % { $_.Name }\n",
    ));
    assert_eq!(texts(&out[4]), vec!["B", "A"]);
}

#[test]
fn ad_split_permissions_switch_is_setups_not_a_role_entrys() {
    let mut org = new_organization("contoso.com").unwrap();
    let admin = org.recipient_by_name("Administrator").unwrap();
    let mut s = Session::new(&mut org, admin);
    let out = s
        .run_text(concat!(
            "New-Mailbox -Name Olga -UserPrincipalName olga@contoso.com\n",
            "Add-RoleGroupMember \"Organization Management\" -Member Olga\n",
        ))
        .unwrap();
    assert!(out.iter().all(|o| o.errors.is_empty()), "{out:?}");
    let olga = org.recipient_by_name("Olga").unwrap();
    // An Organization Management member who isn't a Domain Admin can't.
    let mut s = Session::new(&mut org, olga);
    let out = s
        .run_text("Set-OrganizationConfig -ActiveDirectorySplitPermissions $true\n")
        .unwrap();
    assert!(
        out[0].errors[0]
            .message
            .contains("ActiveDirectorySplitPermissions")
    );
    let mut s = Session::new(&mut org, admin);
    let out = s
        .run_text(concat!(
            "Set-OrganizationConfig -ActiveDirectorySplitPermissions $true\n",
            "(Get-OrganizationConfig).ActiveDirectorySplitPermissions\n",
            "New-MailUser -Name Late -ExternalEmailAddress l@fabrikam.com -UserPrincipalName late@contoso.com\n",
        ))
        .unwrap();
    assert!(out[0].errors.is_empty(), "{:?}", out[0].errors);
    assert_eq!(out[1].output, vec![Value::Bool(true)]);
    assert!(out[2].errors[0].message.contains("is not recognized"));
}

#[test]
fn recipient_preview_filter_lists_what_a_recipient_filter_matches() {
    let out = run(concat!(
        "New-Mailbox -Name Ann -UserPrincipalName ann@contoso.com\n",
        "New-Mailbox -Name Bob -UserPrincipalName bob@contoso.com\n",
        "Set-User Ann -Department Sales\n",
        "Get-Recipient -RecipientPreviewFilter \"Department -eq 'Sales'\" | % { $_.Name }\n",
        "Get-Recipient -RecipientPreviewFilter \"Department -eq\"\n",
        "New-ManagementScope -Name Bad -RecipientRestrictionFilter \"Department -eq\"\n",
        "Get-Recipient -RecipientPreviewFilter \"Name -like 'A*' -or Name -eq 'Bob'\" -ResultSize 1 | % { $_.Name }\n",
    ));
    assert!(out[2].errors.is_empty(), "{:?}", out[2].errors);
    assert_eq!(texts(&out[3]), vec!["Ann"]);
    // A filter that doesn't parse is refused, with the parser's words a
    // scope's filter would get.
    let preview = &out[4].errors[0].message;
    let scope = &out[5].errors[0].message;
    assert!(
        preview.starts_with("Cannot bind parameter 'RecipientPreviewFilter'"),
        "{preview}"
    );
    let detail = |m: &str| m.split_once(": \"").map(|(_, d)| d.to_string()).unwrap();
    assert_eq!(detail(preview), detail(scope));
    assert_eq!(texts(&out[6]), vec!["Ann"]);
}

#[test]
fn ad_split_permissions_stop_every_new_distribution_group() {
    // configure-exchange-for-split-permissions lists New-DistributionGroup
    // among the cmdlets Exchange administrators can't use any more, whatever
    // the group's type.
    let out = run(concat!(
        "Set-OrganizationConfig -ActiveDirectorySplitPermissions $true\n",
        "New-DistributionGroup -Name List1\n",
        "New-DistributionGroup -Name List2 -Type Security\n",
        "Set-OrganizationConfig -ActiveDirectorySplitPermissions $false\n",
        "New-DistributionGroup -Name List3\n",
    ));
    assert!(
        out[1].errors[0]
            .message
            .contains("Insufficient access rights to perform the operation"),
        "{:?}",
        out[1].errors
    );
    // -Type Security went with the regular Security Group Creation and
    // Membership assignments that AD split permissions remove.
    assert!(out[2].errors[0].message.contains("'Type'"));
    assert!(out[4].errors.is_empty(), "{:?}", out[4].errors);
}

#[test]
fn database_scopes_choose_where_mailboxes_are_created() {
    let mut org = new_organization("contoso.com").unwrap();
    let admin = org.recipient_by_name("Administrator").unwrap();
    let mut s = Session::new(&mut org, admin);
    let out = s
        .run_text(concat!(
            "New-Mailbox -Name Acc -UserPrincipalName acc@contoso.com\n",
            "New-ADUser -Name Plain -UserPrincipalName plain@contoso.com\n",
            "New-MailboxDatabase -Name ACCT-DB01 -Server EX01\n",
            "New-ManagementScope Acct -DatabaseRestrictionFilter \"Name -like 'ACCT*'\"\n",
            "New-RoleGroup AccAdmins -Members Acc\n",
            "New-ManagementRoleAssignment -SecurityGroup AccAdmins -Role \"Mail Recipient Creation\" -CustomConfigWriteScope Acct\n",
            "New-ManagementRoleAssignment -SecurityGroup AccAdmins -Role \"Mail Recipients\" -CustomConfigWriteScope Acct\n",
            // An exclusive server scope doesn't protect the server's databases
            // from mailbox creation: these cmdlets need database scopes.
            "New-ManagementScope Srv -ServerRestrictionFilter \"Name -like 'EX*'\" -Exclusive -Force\n",
        ))
        .unwrap();
    assert!(out.iter().all(|o| o.errors.is_empty()), "{out:?}");
    let acc = org.recipient_by_name("Acc").unwrap();
    let mut s = Session::new(&mut org, acc);
    let out = s
        .run_text(concat!(
            "New-Mailbox -Name M1 -UserPrincipalName m1@contoso.com -Database \"Mailbox Database 01\"\n",
            "New-Mailbox -Name M2 -UserPrincipalName m2@contoso.com\n",
            "(Get-Mailbox M2).Database\n",
            "Enable-Mailbox Plain -Database \"Mailbox Database 01\"\n",
            "Enable-Mailbox Plain\n",
        ))
        .unwrap();
    assert!(
        out[0].errors[0]
            .message
            .contains("'Mailbox Database 01' isn't within a valid write scope"),
        "{:?}",
        out[0].errors
    );
    assert!(out[1].errors.is_empty(), "{:?}", out[1].errors);
    assert_eq!(out[2].output, vec![Value::from("ACCT-DB01")]);
    assert!(!out[3].errors.is_empty());
    assert!(out[4].errors.is_empty(), "{:?}", out[4].errors);
    // Organization Management creates anywhere, the exclusive server scope
    // notwithstanding.
    let mut s = Session::new(&mut org, admin);
    let out = s
        .run_text("New-Mailbox -Name M3 -UserPrincipalName m3@contoso.com -Database \"Mailbox Database 01\"\n")
        .unwrap();
    assert!(out[0].errors.is_empty(), "{:?}", out[0].errors);
}

#[test]
fn get_credential_asks_nothing_in_a_script() {
    let out = run(concat!(
        "(Get-Credential).password\n",
        "(Get-Credential -UserName contoso\\ed).UserName\n",
    ));
    assert!(out[0].errors.is_empty(), "{:?}", out[0].errors);
    assert_eq!(out[0].output, vec![Value::from("")]);
    assert_eq!(out[1].output, vec![Value::from("contoso\\ed")]);
}

#[test]
fn only_mailboxes_with_an_archive_answer_get_mailbox_archive() {
    let out = run(concat!(
        "New-Mailbox -Name Ed -UserPrincipalName ed@contoso.com\n",
        "Get-Mailbox -Archive\n",
        "Get-Mailbox -Archive -Database \"Mailbox Database 01\"\n",
        "Get-Mailbox -Archive -Database MBXDB01\n",
    ));
    assert!(out[1].errors.is_empty(), "{:?}", out[1].errors);
    assert!(out[1].output.is_empty());
    assert!(out[2].output.is_empty());
    assert!(!out[3].errors.is_empty());
}

#[test]
fn shared_and_resource_mailboxes_have_their_own_type_details() {
    let out = run(concat!(
        "New-Mailbox -Shared -Name \"Sales Department\" -Alias Sales\n",
        "New-Mailbox -Name \"Conf Room\" -Room\n",
        "New-Mailbox -Name Projector -Equipment\n",
        "New-Mailbox -Name Ed -UserPrincipalName ed@contoso.com\n",
        "Get-Mailbox -RecipientTypeDetails RoomMailbox, EquipmentMailbox\n",
        "(Get-Mailbox Sales).RecipientTypeDetails\n",
        "Get-Recipient -Filter \"RecipientTypeDetails -eq 'SharedMailbox'\"\n",
        "(Get-Mailbox Ed).RecipientTypeDetails\n",
    ));
    for o in &out {
        assert!(o.errors.is_empty(), "{:?}", o.errors);
    }
    let names: Vec<String> = out[4]
        .output
        .iter()
        .map(|v| v.member("Name").to_text())
        .collect();
    assert_eq!(names, vec!["Conf Room", "Projector"]);
    assert_eq!(out[5].output, vec![Value::Str("SharedMailbox".into())]);
    assert_eq!(out[6].output.len(), 1);
    assert_eq!(out[7].output, vec![Value::Str("UserMailbox".into())]);
    let after = run(concat!(
        "New-Mailbox -Shared -Name \"Sales Department\" -Alias Sales\n",
        "Disable-Mailbox Sales -Confirm:$false\n",
        "(Get-User \"Sales Department\").RecipientTypeDetails\n",
    ));
    assert!(after[1].errors.is_empty(), "{:?}", after[1].errors);
    assert_eq!(after[2].output, vec![Value::Str("User".into())]);
}

#[test]
fn each_listing_shows_an_attribute_once_whatever_was_listed_before() {
    // The fixed properties of each kind of listing are worked out once per
    // kind: Get-Contact's must not be taken for Get-MailContact's or the
    // other way round, whichever runs first.
    let out = run(concat!(
        "New-MailContact -Name Kai -ExternalEmailAddress kai@fabrikam.com\n",
        "Set-Contact Kai -Title Buyer -City Oslo\n",
        "(Get-MailContact Kai | Format-List | Out-String)\n",
        "(Get-Contact Kai | Format-List | Out-String)\n",
        "(Get-MailContact Kai | Format-List | Out-String)\n",
    ));
    for o in &out {
        assert!(o.errors.is_empty(), "{:?}", o.errors);
    }
    for i in [2, 3, 4] {
        let text = texts(&out[i]).join("\n");
        let lines = |name: &str| {
            text.lines()
                .filter(|l| l.split(':').next().is_some_and(|k| k.trim() == name))
                .count()
        };
        assert_eq!(lines("Title"), 1, "listing {i}:\n{text}");
        assert_eq!(lines("City"), 1, "listing {i}:\n{text}");
    }
}

#[test]
fn get_mailbox_archive_switches_return_only_mailboxes_with_such_an_archive() {
    let out = run(concat!(
        "New-Mailbox -Name Ed -UserPrincipalName ed@contoso.com\n",
        "Get-Mailbox -RemoteArchive\n",
        "New-Mailbox -Name Kim -UserPrincipalName kim@contoso.com -RemoteArchive -ArchiveDomain contoso.mail.onmicrosoft.com\n",
        "New-Mailbox -Name Al -UserPrincipalName al@contoso.com -Archive\n",
        "Get-Mailbox -RemoteArchive | % { $_.Name }\n",
        "Get-Mailbox -Archive | % { $_.Name }\n",
        "(Get-Mailbox Kim).RemoteRecipientType\n",
        "(Get-Mailbox Al).ArchiveDatabase\n",
        "Enable-Mailbox Ed -Archive\n",
        "Get-Mailbox -Archive | % { $_.Name }\n",
        "$null -eq (Get-Mailbox Ed).RemoteArchive\n",
    ));
    for o in &out {
        assert!(o.errors.is_empty(), "{:?}", o.errors);
    }
    assert!(out[1].output.is_empty());
    assert_eq!(texts(&out[4]), vec!["Kim"]);
    assert_eq!(texts(&out[5]), vec!["Al"]);
    assert_eq!(texts(&out[6]), vec!["ProvisionArchive"]);
    assert_eq!(texts(&out[7]), vec!["Mailbox Database 01"]);
    assert_eq!(texts(&out[9]), vec!["Ed", "Al"]);
    // The switch is an instruction, not a property of the mailbox.
    assert_eq!(out[10].output, vec![Value::Bool(true)]);
}

#[test]
fn shared_resource_and_disabled_mailboxes_have_disabled_accounts() {
    let out = run(concat!(
        "New-Mailbox -Shared -Name \"Sales Department\" -Alias Sales\n",
        "New-Mailbox -Name \"Conf Room\" -Room\n",
        "New-Mailbox -Name Projector -Equipment\n",
        "New-Mailbox -Name Ed -UserPrincipalName ed@contoso.com\n",
        "New-Mailbox -Name Leaver -UserPrincipalName leaver@contoso.com -AccountDisabled\n",
        "New-Mailbox -Name \"Room 2\" -Room -EnableRoomMailboxAccount $true -RoomMailboxPassword (ConvertTo-SecureString -String 'P@ssw0rd1' -AsPlainText -Force)\n",
        "Get-User | ? { $_.UserAccountControl -like '*AccountDisabled*' } | % { $_.Name }\n",
        "Get-User -Filter \"UserAccountControl -eq 'AccountDisabled'\" | % { $_.Name }\n",
        "Get-Mailbox Sales | % { $_.IsShared, $_.IsResource, $_.ExchangeUserAccountControl }\n",
        "Get-Mailbox 'Conf Room' | % { $_.IsShared, $_.IsResource, $_.ResourceType }\n",
        "Get-Mailbox Ed | % { $_.IsShared, $_.IsResource, $_.ExchangeUserAccountControl }\n",
        "Get-User Ed | % { $_.UserAccountControl, $_.AccountDisabled }\n",
        "(Get-User 'Room 2').AccountDisabled\n",
        "$null -eq (Get-Mailbox 'Room 2').EnableRoomMailboxAccount\n",
        "Set-Mailbox 'Conf Room' -EnableRoomMailboxAccount $true\n",
        "(Get-User 'Conf Room').AccountDisabled\n",
    ));
    for o in &out {
        assert!(o.errors.is_empty(), "{:?}", o.errors);
    }
    let disabled = vec!["Sales Department", "Conf Room", "Projector", "Leaver"];
    assert_eq!(texts(&out[6]), disabled);
    assert_eq!(texts(&out[7]), disabled);
    assert_eq!(texts(&out[8]), vec!["True", "False", "AccountDisabled"]);
    assert_eq!(texts(&out[9]), vec!["False", "True", "Room"]);
    assert_eq!(texts(&out[10]), vec!["False", "False", "None"]);
    assert_eq!(texts(&out[11]), vec!["NormalAccount", "False"]);
    assert_eq!(texts(&out[12]), vec!["False"]);
    assert_eq!(out[13].output, vec![Value::Bool(true)]);
    assert_eq!(texts(&out[15]), vec!["False"]);
}

#[test]
fn set_mailbox_type_converts_the_mailbox() {
    let out = run(concat!(
        "New-Mailbox -Name Ed -UserPrincipalName ed@contoso.com\n",
        "Set-Mailbox Ed -Type Shared\n",
        "Get-Mailbox Ed | % { $_.RecipientTypeDetails, $_.IsShared }\n",
        "Set-Mailbox Ed -Type Room\n",
        "Get-Mailbox -RecipientTypeDetails RoomMailbox | % { $_.Name }\n",
        "Set-Mailbox Ed -Type Regular\n",
        "(Get-Mailbox Ed).RecipientTypeDetails\n",
        "Set-Mailbox Ed -Type Kiosk\n",
    ));
    for o in &out[..7] {
        assert!(o.errors.is_empty(), "{:?}", o.errors);
    }
    assert_eq!(texts(&out[2]), vec!["SharedMailbox", "True"]);
    assert_eq!(texts(&out[4]), vec!["Ed"]);
    assert_eq!(texts(&out[6]), vec!["UserMailbox"]);
    let err = out[7].errors[0].to_string();
    assert!(err.contains("Regular, Room, Equipment, Shared"), "{err}");
}

#[test]
fn disable_mailbox_archive_switches_remove_only_the_archive() {
    let out = run(concat!(
        "New-Mailbox -Name Ayla -UserPrincipalName ayla@contoso.com -Archive\n",
        "New-Mailbox -Name John -UserPrincipalName john@contoso.com -RemoteArchive -ArchiveDomain archive.contoso.com\n",
        "(Get-Mailbox Ayla).ArchiveName\n",
        "Disable-Mailbox Ayla -Archive -Confirm:$false\n",
        "Disable-Mailbox -Identity John -RemoteArchive -Confirm:$false\n",
        "Get-Mailbox | % { $_.Name }\n",
        "Get-Mailbox -Archive\n",
        "Get-Mailbox -RemoteArchive\n",
        "Enable-Mailbox -Identity ayla@contoso.com -RemoteArchive -ArchiveDomain archive.contoso.com\n",
        "Get-Mailbox -RemoteArchive | % { $_.Name }\n",
    ));
    for o in &out {
        assert!(o.errors.is_empty(), "{:?}", o.errors);
    }
    assert_eq!(texts(&out[2]), vec!["In-Place Archive -Ayla"]);
    assert!(texts(&out[5]).contains(&"Ayla".to_string()));
    assert!(texts(&out[5]).contains(&"John".to_string()));
    assert!(out[6].output.is_empty());
    assert!(out[7].output.is_empty());
    assert_eq!(texts(&out[9]), vec!["Ayla"]);
}

#[test]
fn enable_mailbox_makes_shared_and_resource_mailboxes_with_disabled_accounts() {
    let out = run(concat!(
        "New-ADUser -Name Pool -SamAccountName pool -Enabled $true\n",
        "New-ADUser -Name Van -SamAccountName van -Enabled $true\n",
        "New-ADUser -Name Kim -SamAccountName kim -Enabled $true\n",
        "Enable-Mailbox Pool -Shared\n",
        "Enable-Mailbox Van -Equipment\n",
        "Enable-Mailbox Kim\n",
        "'Pool', 'Van', 'Kim' | % { Get-Mailbox $_ } | % { \"$($_.RecipientTypeDetails) $($_.AccountDisabled)\" }\n",
    ));
    for o in &out {
        assert!(o.errors.is_empty(), "{:?}", o.errors);
    }
    assert_eq!(
        texts(&out[6]),
        vec![
            "SharedMailbox True",
            "EquipmentMailbox True",
            "UserMailbox False"
        ]
    );
}

#[test]
fn a_listed_object_keeps_what_it_showed_when_listed() {
    // Objects of a listing lay their properties out at the first read;
    // what they show must still be the recipient as it was listed, as
    // Exchange's objects are copies.
    let out = run(concat!(
        "New-Mailbox -Name Ann -UserPrincipalName ann@contoso.com\n",
        "Set-User Ann -Office Lisbon\n",
        "$before = Get-Mailbox -ResultSize Unlimited | Where-Object { $_.Name -eq 'Ann' }\n",
        "$all = Get-User -ResultSize Unlimited\n",
        "Set-User Ann -Office Porto\n",
        "New-ADOrganizationalUnit -Name Moved -Path 'DC=contoso,DC=com'\n",
        "$before.Office\n",
        "($all | Where-Object { $_.Name -eq 'Ann' }).Office\n",
        "(Get-User Ann).Office\n",
        "$all.Count -gt 1\n",
    ));
    for o in &out {
        assert!(o.errors.is_empty(), "{:?}", o.errors);
    }
    assert_eq!(texts(&out[6]), vec!["Lisbon"]);
    assert_eq!(texts(&out[7]), vec!["Lisbon"]);
    assert_eq!(texts(&out[8]), vec!["Porto"]);
    assert_eq!(out[9].output, vec![Value::Bool(true)]);
}

#[test]
fn a_listed_object_can_be_changed_like_any_other() {
    let out = run(concat!(
        "New-Mailbox -Name Ann -UserPrincipalName ann@contoso.com\n",
        "$m = Get-Mailbox -ResultSize Unlimited | Where-Object { $_.Name -eq 'Ann' }\n",
        "$m.CustomAttribute1 = 'VIP'\n",
        "$m.CustomAttribute1\n",
        "(Get-Mailbox Ann).CustomAttribute1\n",
        "$m | Select-Object Name, CustomAttribute1\n",
    ));
    for o in &out {
        assert!(o.errors.is_empty(), "{:?}", o.errors);
    }
    assert_eq!(texts(&out[3]), vec!["VIP"]);
    // The directory wasn't changed: still no value there.
    assert!(
        texts(&out[4]).iter().all(|t| t.is_empty()),
        "{:?}",
        out[4].output
    );
    assert_eq!(out[5].output[0].member("CustomAttribute1").to_text(), "VIP");
}

#[test]
fn email_addresses_are_a_list_with_the_primary_address_and_filters_match_any() {
    // Exchange keeps a mail-enabled recipient's primary SMTP address among
    // its EmailAddresses (as SMTP:) and shows them as a list; filters on a
    // multi-valued property match when any value does
    // (recipientfilter-properties.md).
    let out = run(concat!(
        "New-Mailbox -Name Ann -UserPrincipalName ann@contoso.com\n",
        "New-Mailbox -Name Bo -UserPrincipalName bo@contoso.com\n",
        "Set-Mailbox Bo -EmailAddresses 'SMTP:bo@contoso.com','smtp:b@fabrikam.com' -HiddenFromAddressListsEnabled $true\n",
        "(Get-Mailbox Ann).EmailAddresses\n",
        "(Get-Mailbox Bo).EmailAddresses\n",
        "Get-Recipient -RecipientPreviewFilter \"EmailAddresses -like '*@contoso.com'\" | Sort-Object Name | Select-Object -ExpandProperty Name\n",
        "Get-Recipient -RecipientPreviewFilter \"EmailAddresses -like '*@fabrikam.com'\" | Select-Object -ExpandProperty Name\n",
        "Get-Mailbox -Filter {HiddenFromAddressListsEnabled -eq $false} | Select-Object -ExpandProperty Name\n",
        "(Get-Mailbox Ann).HiddenFromAddressListsEnabled\n",
        "Get-Recipient -RecipientPreviewFilter \"PrimarySmtpAddress -eq 'b@fabrikam.com'\" | Select-Object -ExpandProperty Name\n",
    ));
    for o in &out {
        assert!(o.errors.is_empty(), "{:?}", o.errors);
    }
    assert_eq!(texts(&out[3]), vec!["SMTP:ann@contoso.com"]);
    assert_eq!(
        texts(&out[4]),
        vec!["SMTP:bo@contoso.com", "smtp:b@fabrikam.com"]
    );
    assert!(
        texts(&out[5]).contains(&"Ann".to_string()),
        "{:?}",
        texts(&out[5])
    );
    assert!(
        texts(&out[5]).contains(&"Bo".to_string()),
        "{:?}",
        texts(&out[5])
    );
    assert_eq!(texts(&out[6]), vec!["Bo"]);
    let shown = texts(&out[7]);
    assert!(
        shown.contains(&"Ann".to_string()) && !shown.contains(&"Bo".to_string()),
        "{shown:?}"
    );
    assert_eq!(out[8].output, vec![Value::Bool(false)]);
    assert_eq!(texts(&out[9]), vec!["Bo"]);
}

#[test]
fn new_recipients_carry_when_created_for_date_filters() {
    let out = run(concat!(
        "New-Mailbox -Name Ann -UserPrincipalName ann@contoso.com\n",
        "New-DistributionGroup -Name Staff\n",
        "Get-Recipient -Filter \"WhenCreated -gt '1/1/2020'\" | Sort-Object Name | Select-Object -ExpandProperty Name\n",
        "Get-Recipient -Filter \"WhenCreated -lt '1/1/2020'\" | Select-Object -ExpandProperty Name\n",
        "(Get-Mailbox Ann).WhenCreatedUTC -eq (Get-Mailbox Ann).WhenCreated\n",
    ));
    for o in &out {
        assert!(o.errors.is_empty(), "{:?}", o.errors);
    }
    assert_eq!(texts(&out[2]), vec!["Ann", "Staff"]);
    assert!(out[3].output.is_empty(), "{:?}", out[3].output);
    assert_eq!(out[4].output, vec![Value::Bool(true)]);
}

#[test]
fn groups_without_mail_show_no_proxy_addresses() {
    let out = run(concat!(
        "New-DistributionGroup -Name Staff\n",
        "(Get-DistributionGroup Staff).EmailAddresses\n",
        "Get-RoleGroup 'Organization Management'\n",
    ));
    for o in &out {
        assert!(o.errors.is_empty(), "{:?}", o.errors);
    }
    assert_eq!(texts(&out[1]), vec!["SMTP:Staff@contoso.com"]);
    let shown = out[2]
        .output
        .first()
        .map(|v| match v {
            Value::Object(o) => o.props().iter().map(|(k, _)| k.to_string()).collect(),
            _ => Vec::new(),
        })
        .unwrap_or_default();
    assert!(shown.contains(&"Members".to_string()), "{shown:?}");
    assert!(!shown.contains(&"EmailAddresses".to_string()), "{shown:?}");
    assert!(
        !shown.contains(&"HiddenFromAddressListsEnabled".to_string()),
        "{shown:?}"
    );
}
