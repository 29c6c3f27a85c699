//! The interpreter and the pipeline, end to end through a session.

#![allow(
    clippy::unwrap_used,
    reason = "a test stops loudly on a broken fixture"
)]

use exrbac_shell::{Session, Value, format, new_organization};

/// Runs a script as Administrator; returns every statement's rendered
/// output and error messages.
fn run(org: &mut exrbac_core::Organization, src: &str) -> Vec<(String, Vec<String>, Vec<Value>)> {
    let admin = org.find_recipient("Administrator").unwrap();
    let mut s = Session::new(org, admin);
    s.run_text(src)
        .unwrap()
        .into_iter()
        .map(|o| {
            (
                format::render(&o.output),
                o.errors.iter().map(|e| e.message.clone()).collect(),
                o.output,
            )
        })
        .collect()
}

fn org() -> exrbac_core::Organization {
    new_organization("contoso.com").unwrap()
}

#[test]
fn variables_expressions_and_strings() {
    let mut o = org();
    let r = run(
        &mut o,
        "$x = 2; $y = $x * 3 + 1\n$y\n\"v=$y and $($x + 1)\"\n'a' -like 'A'\n'Get-Mailbox' -match '^get-'\n(1,2,3).Count\n$null -eq $nothing\n",
    );
    let outs: Vec<&str> = r.iter().map(|(t, _, _)| t.trim()).collect();
    assert_eq!(
        outs,
        vec!["", "", "7", "v=7 and 3", "True", "True", "3", "True"]
    );
}

#[test]
fn where_and_foreach_with_dollar_underscore() {
    let mut o = org();
    let r = run(
        &mut o,
        "Get-ManagementRoleEntry 'Distribution Groups\\*' | Where-Object {$_.Name -like '*Member'} | ForEach-Object {$_.Name} | Sort-Object\n",
    );
    let (text, errors, out) = &r[0];
    assert!(errors.is_empty(), "{errors:?}");
    assert!(out.len() >= 3, "{text}");
    assert!(text.contains("Add-DistributionGroupMember"));
    assert!(!text.contains("Get-DistributionGroup\n"));
}

#[test]
fn seed_000_foreach_form_removes_entries_by_identity_string() {
    let mut o = org();
    let r = run(
        &mut o,
        "New-ManagementRole -Parent \"Role Management\" -Name \"c2role\"\n\
         Get-ManagementRoleEntry \"c2role\\*\" | Where-Object {($_.Name -ne \"Get-Mailbox\") -and ($_.Name -ne \"Get-User\") -and ($_.Name -notlike \"*ManagementRoleAssignment\")} | Foreach-Object {Remove-ManagementRoleEntry -Identity \"$($_.Role)\\$($_.Name)\" -Confirm:$False}\n\
         (Get-ManagementRoleEntry \"c2role\\*\" | Measure-Object).Count\n",
    );
    assert!(r[1].1.is_empty(), "{:?}", r[1].1);
    assert_eq!(
        r[2].0.trim(),
        "6",
        "Get-Mailbox, Get-User and the four *ManagementRoleAssignment cmdlets"
    );
}

#[test]
fn select_sort_measure_and_format() {
    let mut o = org();
    let r = run(
        &mut o,
        "Get-RoleGroup | Sort-Object Name -Descending | Select-Object -First 1 -ExpandProperty Name\n\
         Get-ManagementRole 'Role Management' | fl *scope*\n\
         Get-ManagementRole 'Role Management' | ft Name, RoleType\n\
         Get-RoleGroup | Measure-Object\n",
    );
    assert_eq!(r[0].0.trim(), "View-Only Organization Management");
    assert!(
        r[1].0
            .contains("ImplicitRecipientWriteScope : Organization"),
        "{}",
        r[1].0
    );
    assert!(!r[1].0.contains("RoleType"));
    assert!(
        r[2].0.contains("Role Management RoleManagement"),
        "{}",
        r[2].0
    );
    assert!(r[3].0.contains("Count"));
}

#[test]
fn binding_positional_prefix_and_errors() {
    let mut o = org();
    let r = run(
        &mut o,
        "Get-ManagementRole 'Role Management' | Select-Object -ExpandProperty Name\n\
         Get-ManagementRole -Ident 'Role Management' | Select-Object -ExpandProperty Name\n\
         Get-ManagementRole -Nope x\n\
         Get-ManagementRole -Identity a -Identity b\n\
         Get-Mailbox -Identity\n",
    );
    assert_eq!(r[0].0.trim(), "Role Management");
    assert_eq!(r[1].0.trim(), "Role Management");
    assert!(r[2].1[0].contains("A parameter cannot be found that matches parameter name 'Nope'."));
    assert!(r[3].1[0].contains("specified more than once"));
    assert!(r[4].1[0].contains("Missing an argument for parameter 'Identity'"));
}

#[test]
fn whatif_changes_nothing_and_errors_do_not_stop_the_script() {
    let mut o = org();
    let before = o.revision;
    let r = run(
        &mut o,
        "New-ManagementRole -Name Dry -Parent 'Mail Recipients' -WhatIf\n\
         Get-ManagementRole Dry\n\
         Get-Nothing\n\
         'still running'\n",
    );
    assert_eq!(o.revision, before);
    assert!(r[1].1[0].contains("couldn't be found"), "{:?}", r[1].1);
    assert!(r[2].1[0].contains("is not recognized"));
    assert_eq!(r[3].0.trim(), "still running");
}

#[test]
fn parse_errors_point_at_line_and_char() {
    let mut o = org();
    let admin = o.find_recipient("Administrator").unwrap();
    let mut s = Session::new(&mut o, admin);
    let src = "Get-Mailbox\nGet-Mailbox | where {";
    let e = s.run_text(src).err().unwrap();
    let text = e.render(src);
    assert!(text.contains("At line:2"), "{text}");
    assert!(text.contains("Missing closing '}'"), "{text}");
}

#[test]
fn confirmations_are_asked_and_a_no_stops_the_change() {
    let mut o = org();
    let admin = o.find_recipient("Administrator").unwrap();
    {
        let mut s = Session::new(&mut o, admin);
        s.run_text("New-ManagementRole -Name Keep -Parent 'Mail Recipients'")
            .unwrap();
        s.confirmer = Some(Box::new(|_| false));
        let out = s.run_text("Remove-ManagementRole Keep").unwrap();
        assert!(out[0].errors.is_empty());
    }
    assert!(
        o.role_by_name("Keep").is_some(),
        "a declined confirmation leaves the role"
    );
    {
        let mut s = Session::new(&mut o, admin);
        s.confirmer = Some(Box::new(|_| false));
        s.run_text("Remove-ManagementRole Keep -Confirm:$false")
            .unwrap();
    }
    assert!(
        o.role_by_name("Keep").is_none(),
        "-Confirm:$false skips the prompt"
    );
}

#[test]
fn assignment_to_properties_rebuilds_the_object() {
    let mut o = org();
    let r = run(
        &mut o,
        concat!(
            "$m = Get-User Administrator\n",
            "$copy = $m\n",
            "$m.Title = 'x'\n",
            "$m.Brand.New = 1\n",
            "$m.Title\n",
            "$copy.Title\n",
            "$h = @{a = @(1)}; $h.a += 2; $h.a.Count\n",
            "$n = 5; $n -= 2; $n\n",
            "$nothing.Prop = 1\n",
            "$s = 'text'; $s.Prop = 1\n",
        ),
    );
    assert_eq!(r[4].0.trim(), "x");
    // The earlier copy keeps its own value: objects are values here.
    assert_eq!(r[5].0.trim(), "");
    assert!(r[3].1[0].contains("'Brand' cannot be found on this object"));
    assert_eq!(r[8].0.trim(), "2");
    assert_eq!(r[11].0.trim(), "3");
    assert!(r[12].1[0].contains("'Prop' cannot be found on this object"));
    assert!(r[14].1[0].contains("'Prop' cannot be found on this object"));
}

#[test]
fn error_action_governs_a_cmdlets_own_errors() {
    let mut o = org();
    let r = run(
        &mut o,
        concat!(
            "New-Mailbox -Name Ann -UserPrincipalName ann@contoso.com | Out-Null; Get-Mailbox Nobody -ErrorAction SilentlyContinue\n",
            "Get-Mailbox Nobody -ea 0; 'after'\n",
            "Get-Mailbox Nobody -ErrorAction Ignore\n",
            "Get-Mailbox Nobody -ErrorAction Continue\n",
            "Get-Mailbox Nobody\n",
            "Get-Mailbox Nobody -ErrorAction Sometimes\n",
            "Get-Mailbox -Nope 1 -ErrorAction SilentlyContinue\n",
            "'Ann','Nobody','Ann' | Get-Mailbox | % { $_.Name }\n",
            "'Ann','Nobody','Ann' | Get-Mailbox -ErrorAction Stop | % { $_.Name }\n",
            "'Ann','Nobody','Ann' | Get-Mailbox -ErrorAction SilentlyContinue | % { $_.Name }\n",
        ),
    );
    let errors = |i: usize| &r[i].1;
    // Statements: 0 New-Mailbox, 1 SilentlyContinue, 2 -ea 0, 3 'after', 4 Ignore, ...
    assert!(errors(1).is_empty(), "{:?}", errors(1));
    assert!(errors(2).is_empty() && errors(3).is_empty() && errors(4).is_empty());
    assert_eq!(r[3].0.trim(), "after");
    assert!(errors(5)[0].contains("couldn't be found"));
    assert!(errors(6)[0].contains("couldn't be found"));
    assert!(errors(7)[0].contains("ActionPreference"), "{:?}", errors(7));
    // Binding and RBAC errors come before the cmdlet runs: never silenced.
    assert!(errors(8)[0].contains("A parameter cannot be found"));
    // Continue reports the miss and goes on; Stop ends the pipeline there;
    // SilentlyContinue goes on without a word.
    let names = |i: usize| -> Vec<String> { r[i].2.iter().map(|v| v.to_text()).collect() };
    assert_eq!(names(9), vec!["Ann", "Ann"]);
    assert_eq!(errors(9).len(), 1);
    assert!(names(10).is_empty());
    assert!(errors(10)[0].contains("couldn't be found"));
    assert_eq!(names(11), vec!["Ann", "Ann"]);
    assert!(errors(11).is_empty());
}

#[test]
fn warning_action_silences_warnings() {
    let mut o = org();
    let admin = o.find_recipient("Administrator").unwrap();
    let mut s = Session::new(&mut o, admin);
    let out = s
        .run_text(concat!(
            "New-ManagementScope -Name V1 -RecipientRestrictionFilter \"City -eq 'X'\" -Exclusive -WarningAction SilentlyContinue\n",
            "New-ManagementScope -Name V2 -RecipientRestrictionFilter \"City -eq 'X'\" -Exclusive\n",
        ))
        .unwrap();
    assert!(out[0].errors.is_empty(), "{:?}", out[0].errors);
    assert!(out[0].warnings.is_empty(), "{:?}", out[0].warnings);
    assert!(!out[1].warnings.is_empty());
}

#[test]
fn where_simplified_syntax_and_a_null_property() {
    let mut o = org();
    let r = run(
        &mut o,
        concat!(
            "Get-RoleAssignmentPolicy | Where IsDefault -eq $True\n",
            "Get-ManagementRole | Where Name -NotLike 'My*' | Where Name -Like 'Mail Recipients'\n",
            "Get-RoleAssignmentPolicy | Where {Get-RoleAssignmentPolicy | Where {$_.IsDefault -eq $True}.IsDefault -eq $True }\n",
        ),
    );
    assert_eq!(r[0].2.len(), 1, "{}", r[0].0);
    assert_eq!(r[1].2.len(), 1, "{}", r[1].0);
    // As Microsoft's page prints it: the inner Where gets a null property.
    assert!(r[2].2.is_empty());
    assert!(
        r[2].1
            .iter()
            .any(|e| e.contains("Cannot bind argument to parameter 'Property' because it is null.")),
        "{:?}",
        r[2].1
    );
}

#[test]
fn a_string_times_a_number_repeats_it() {
    let mut o = org();
    let r = run(&mut o, "'ab' * 3\n(\"x\" * 0).Length\n'x' * 'many'\n");
    assert_eq!(r[0].2, vec![Value::from("ababab")]);
    assert_eq!(r[1].0.trim(), "0");
    assert!(r[2].1[0].contains("System.Int32"), "{:?}", r[2].1);
}
