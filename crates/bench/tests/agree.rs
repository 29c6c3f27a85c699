//! The Cedar and casbin encodings give exrbac's answers: on a generated
//! organization's request mix, and on hand-made scopes that exercise each
//! filter rule (case, wildcards at either end, `-ne`, `$null`, `-not`,
//! `-or`, recipient roots, exclusive scopes, self and group-owner scopes).

// clippy.toml allows these inside #[test] functions; the helpers here are test code too.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use exrbac_bench::{Call, CasbinOrg, CedarOrg};
use exrbac_core::*;
use exrbac_gen::{GenSpec, RequestClass, generate, sample_requests};
use std::collections::BTreeSet;

fn cmdlets(calls: &[Call<'_>]) -> BTreeSet<String> {
    calls.iter().map(|c| c.cmdlet.to_string()).collect()
}

/// Every call decided by the three engines; returns (allowed, denied).
fn agree(org: &Organization, calls: &[Call<'_>]) -> (usize, usize) {
    let set = cmdlets(calls);
    let cedar = CedarOrg::build(org, &set).unwrap();
    let casbin = CasbinOrg::build(org, &set).unwrap();
    let (mut yes, mut no) = (0, 0);
    for (i, c) in calls.iter().enumerate() {
        let ours = c.check(org);
        let cr = cedar.request(c).unwrap().unwrap();
        let kr = casbin.request(c).unwrap();
        assert_eq!(
            cedar.decide(&cr).unwrap(),
            ours,
            "Cedar, request {i}: {} {} {:?}",
            org.recipient_name(c.user),
            c.cmdlet,
            c.params
        );
        assert_eq!(
            casbin.decide(&kr).unwrap(),
            ours,
            "casbin, request {i}: {} {} {:?}",
            org.recipient_name(c.user),
            c.cmdlet,
            c.params
        );
        if ours { yes += 1 } else { no += 1 }
    }
    (yes, no)
}

#[test]
fn generated_request_mix() {
    let org = generate(&GenSpec::sized(3_000, 11), &mut |_, _| {}).unwrap();
    let requests = sample_requests(&org, 700, 11);
    let classes: BTreeSet<RequestClass> = requests.iter().map(|r| r.class).collect();
    assert!(classes.contains(&RequestClass::Exclusive));
    assert!(classes.contains(&RequestClass::DeepNesting));
    let calls: Vec<Call> = requests.iter().map(Call::of).collect();
    let (yes, no) = agree(&org, &calls);
    assert!(yes > 50 && no > 50, "{yes} allowed, {no} denied");
}

fn run(org: &mut Organization, script: &str) {
    let admin = org.recipient_by_name(well_known::ADMINISTRATOR).unwrap();
    let mut s = exrbac_shell::Session::new(org, admin);
    for (i, o) in s.run_text(script).unwrap().iter().enumerate() {
        assert!(o.errors.is_empty(), "statement {i}: {:?}", o.errors);
    }
}

const SETUP: &str = r#"
New-ADOrganizationalUnit -Name Sales -Path "DC=contoso,DC=com"
New-ADOrganizationalUnit -Name Labs -Path "DC=contoso,DC=com"
New-Mailbox -Name "Ann" -OrganizationalUnit "contoso.com/Sales" -UserPrincipalName ann@contoso.com
New-Mailbox -Name "Bob" -OrganizationalUnit "contoso.com/Sales" -UserPrincipalName bob@contoso.com
New-Mailbox -Name "Cid" -OrganizationalUnit "contoso.com/Labs" -UserPrincipalName cid@contoso.com
New-Mailbox -Name "Dee" -OrganizationalUnit "contoso.com/Labs" -UserPrincipalName dee@contoso.com
New-Mailbox -Name "Eve" -OrganizationalUnit "contoso.com/Labs" -UserPrincipalName eve@contoso.com
Set-User -Identity Ann -Department "SALES" -Title "Sales Manager" -City Paris
Set-User -Identity Bob -Department "sales" -Title "Clerk"
Set-User -Identity Cid -Department "Research" -Title "Manager of Labs" -City "Paris"
Set-User -Identity Dee -Title "Assistant Manager"
Set-Mailbox -Identity Eve -CustomAttribute1 "VIP"
New-ManagementScope -Name "Sales Dept" -RecipientRestrictionFilter {Department -eq 'Sales'}
New-ManagementScope -Name "Not Sales" -RecipientRestrictionFilter {Department -ne 'sales'}
New-ManagementScope -Name "Managers" -RecipientRestrictionFilter {Title -like '*manager*'}
New-ManagementScope -Name "Manager Titles" -RecipientRestrictionFilter {Title -like 'Manager*'}
New-ManagementScope -Name "Ends Manager" -RecipientRestrictionFilter {Title -like '*Manager'}
New-ManagementScope -Name "No City" -RecipientRestrictionFilter {City -eq $null}
New-ManagementScope -Name "Paris Or Clerks" -RecipientRestrictionFilter {(City -eq 'paris') -or (Title -eq 'clerk')}
New-ManagementScope -Name "Not Paris" -RecipientRestrictionFilter {-not (City -like 'Par*')}
New-ManagementScope -Name "Labs Managers" -RecipientRoot "contoso.com/Labs" -RecipientRestrictionFilter {Title -like '*Manager*'}
New-ManagementScope -Name "VIP" -RecipientRestrictionFilter {CustomAttribute1 -eq 'vip'} -Exclusive -Force
New-RoleGroup -Name "G1" -Roles "Mail Recipients" -CustomRecipientWriteScope "Sales Dept" -Members Ann
New-RoleGroup -Name "G2" -Roles "Mail Recipients" -CustomRecipientWriteScope "Not Sales" -Members Bob
New-RoleGroup -Name "G3" -Roles "Mail Recipients" -CustomRecipientWriteScope "Managers" -Members Cid
New-RoleGroup -Name "G4" -Roles "Mail Recipients" -CustomRecipientWriteScope "Manager Titles" -Members Dee
New-RoleGroup -Name "G5" -Roles "Mail Recipients" -CustomRecipientWriteScope "Ends Manager" -Members Eve
New-RoleGroup -Name "G6" -Roles "Mail Recipients" -CustomRecipientWriteScope "No City" -Members G1
New-RoleGroup -Name "G7" -Roles "Mail Recipients" -CustomRecipientWriteScope "Paris Or Clerks" -Members G2
New-RoleGroup -Name "G8" -Roles "Mail Recipients" -CustomRecipientWriteScope "Not Paris" -Members G3
New-RoleGroup -Name "G9" -Roles "Mail Recipients" -CustomRecipientWriteScope "Labs Managers" -Members G4
New-RoleGroup -Name "VIP Admins" -Members Bob
New-ManagementRoleAssignment -Role "Mail Recipients" -SecurityGroup "VIP Admins" -ExclusiveRecipientWriteScope "VIP"
New-ManagementRoleAssignment -Role "Mail Recipients" -User Cid -RecipientOrganizationalUnitScope "contoso.com/Sales"
"#;

#[test]
fn hand_made_scopes() {
    let mut org = exrbac_shell::new_organization("contoso.com").unwrap();
    run(&mut org, SETUP);
    let id = |n: &str| org.recipient_by_name(n).unwrap();
    let people = ["Ann", "Bob", "Cid", "Dee", "Eve", "Administrator"];
    let asks: &[(&str, &[&str])] = &[
        ("Set-Mailbox", &["Identity", "DisplayName"]),
        ("Set-Mailbox", &["Identity", "ProhibitSendQuota"]),
        ("Set-User", &["Identity", "Phone"]),
        ("Set-User", &["Identity", "Title"]),
        ("set-mailbox", &["identity", "WhatIf"]),
        ("Set-CASMailbox", &["Identity", "ShowGalAsDefaultView"]),
    ];
    let mut calls = Vec::new();
    for who in people {
        for target in people {
            for (cmdlet, params) in asks {
                calls.push(Call {
                    user: id(who),
                    cmdlet,
                    params: params.to_vec(),
                    target: Target::Recipient(id(target)),
                });
            }
        }
    }
    let (yes, no) = agree(&org, &calls);
    assert!(yes > 20 && no > 20, "{yes} allowed, {no} denied");
}

#[test]
fn unsupported_filters_are_refused() {
    let mut org = exrbac_shell::new_organization("contoso.com").unwrap();
    run(
        &mut org,
        "New-ManagementScope -Name \"Big\" -RecipientRestrictionFilter {ProhibitSendQuota -gt 5}",
    );
    let set: BTreeSet<String> = ["Set-Mailbox".to_string()].into();
    match CedarOrg::build(&org, &set) {
        Err(exrbac_bench::BenchError::Unsupported(why)) => assert!(why.contains("Big"), "{why}"),
        Err(e) => panic!("unexpected error {e}"),
        Ok(_) => panic!("an ordering filter was encoded"),
    }
}
