//! Import of real organizations' Export-Csv files, in both PowerShell dialects.

#![allow(clippy::panic, reason = "test helpers fail the test by panicking")]

use exrbac_catalog::{
    Catalog, CatalogError, EntryKind, ImportOptions, ScopeValue, UnresolvedParameters, from_export,
    from_export_with,
};

const PS51_ROLES: &str = include_str!("fixtures/ps51-roles.csv");
const PS51_ENTRIES: &str = include_str!("fixtures/ps51-entries.csv");
const PS7_ROLES: &str = include_str!("fixtures/ps7-roles.csv");
const PS7_ENTRIES: &str = include_str!("fixtures/ps7-entries.csv");
const TYPENAME_ENTRIES: &str = include_str!("fixtures/typename-entries.csv");
const CULTURE_ROLES: &str = include_str!("fixtures/culture-roles.csv");
const CULTURE_ENTRIES: &str = include_str!("fixtures/culture-entries.csv");

fn import(roles: &str, entries: &str) -> Catalog {
    from_export(roles, entries).unwrap_or_else(|e| panic!("{e}"))
}

fn csv_error(roles: &str, entries: &str) -> (String, usize, Option<String>, String) {
    match from_export(roles, entries) {
        Err(CatalogError::Csv {
            file,
            row,
            column,
            message,
        }) => (file, row, column, message),
        other => panic!("expected a CSV error, got {other:?}"),
    }
}

#[test]
fn windows_powershell_dialect() {
    let c = import(PS51_ROLES, PS51_ENTRIES);
    assert_eq!(c.roles.len(), 4);
    let mr = c
        .role("Mail Recipients")
        .unwrap_or_else(|| panic!("no Mail Recipients"));
    assert_eq!(mr.parent, None);
    assert_eq!(mr.role_type, "MailRecipients");
    assert_eq!(mr.entries.len(), 3);
    // Common parameters are always allowed and never listed.
    let get = mr
        .entry("Get-Mailbox")
        .unwrap_or_else(|| panic!("no Get-Mailbox"));
    assert!(
        !get.parameters
            .iter()
            .any(|p| p == "Confirm" || p == "Debug" || p == "ErrorAction")
    );
    assert!(get.parameters.iter().any(|p| p == "Identity"));

    let child = c
        .role("MR-Sales Admins")
        .unwrap_or_else(|| panic!("no child"));
    assert_eq!(child.parent.as_deref(), Some("Mail Recipients"));
    assert_eq!(
        child.entry("Set-User").map(|e| e.parameters.clone()),
        Some(vec![
            "Identity".to_string(),
            "MobilePhone".to_string(),
            "Office".to_string()
        ])
    );

    let my = c
        .role("MyBaseOptions")
        .unwrap_or_else(|| panic!("no MyBaseOptions"));
    assert!(my.is_end_user);
    assert_eq!(my.implicit.recipient_write, ScopeValue::Self_);

    let it = c
        .role("IT Scripts")
        .unwrap_or_else(|| panic!("no IT Scripts"));
    assert!(it.is_unscoped_top_level);
    assert_eq!(it.implicit.recipient_read, ScopeValue::NotApplicable);
    assert!(it.description.contains("\"as is\", with a comma"));
    let script = it
        .entry("MailboxAudit.ps1")
        .unwrap_or_else(|| panic!("no script"));
    assert_eq!(script.kind, EntryKind::Script);

    // Parents come first.
    let pos = |n: &str| c.roles.iter().position(|r| r.name == n);
    assert!(pos("Mail Recipients") < pos("MR-Sales Admins"));
    assert!(c.problems().is_empty(), "{:?}", c.problems());
}

#[test]
fn role_groups_and_policy_come_from_the_builtin_catalog() {
    let imported = from_export_with(PS51_ROLES, PS51_ENTRIES, &ImportOptions::default())
        .unwrap_or_else(|e| panic!("{e}"));
    let c = &imported.catalog;
    assert_eq!(c.role_groups.len(), 12);
    let om = c
        .role_group("Organization Management")
        .unwrap_or_else(|| panic!("no OM"));
    // Only assignments of roles the export has survive, and each drop is reported.
    assert!(om.assignments.iter().all(|a| c.role(&a.role).is_some()));
    assert!(
        om.assignments
            .iter()
            .any(|a| a.role == "Mail Recipients" && !a.delegating)
    );
    assert!(
        imported
            .warnings
            .iter()
            .any(|w| w.contains("`Role Management`"))
    );
    let policy = c
        .policy("Default Role Assignment Policy")
        .unwrap_or_else(|| panic!("no policy"));
    assert_eq!(policy.roles, ["MyBaseOptions"]);
    assert_eq!(c.system_groups.len(), 5);
}

#[test]
fn powershell_7_dialect() {
    let c = import(PS7_ROLES, PS7_ENTRIES);
    let dg = c
        .role("Distribution Groups")
        .unwrap_or_else(|| panic!("no role"));
    assert_eq!(dg.entries.len(), 3);
    assert_eq!(
        dg.description,
        "Create, modify and remove distribution groups."
    );
    let add = dg
        .entry("Add-DistributionGroupMember")
        .unwrap_or_else(|| panic!("no entry"));
    assert_eq!(
        add.parameters,
        [
            "BypassSecurityGroupManagerCheck",
            "DomainController",
            "Identity",
            "Member"
        ]
    );
    let child = c
        .role("ModifyDistributionGroupMembership")
        .unwrap_or_else(|| panic!("no child"));
    assert_eq!(child.parent.as_deref(), Some("Distribution Groups"));
    assert_eq!(child.entries.len(), 2);
    assert!(c.problems().is_empty(), "{:?}", c.problems());
}

#[test]
fn culture_separator_and_bom() {
    let c = import(CULTURE_ROLES, CULTURE_ENTRIES);
    let r = c
        .role("Helpdesk; Tier 1")
        .unwrap_or_else(|| panic!("no role"));
    assert_eq!(r.parent.as_deref(), Some("Mail Recipients"));
    assert_eq!(
        r.entry("Set-User").map(|e| e.parameters.clone()),
        Some(vec!["Identity".to_string(), "Office".to_string()])
    );
    // Scopes the export leaves out come from the built-in role of the same name / the parent.
    assert_eq!(r.implicit.config_write, ScopeValue::OrganizationConfig);
}

#[test]
fn type_names_instead_of_parameters() {
    let (file, row, column, message) = csv_error(PS51_ROLES, TYPENAME_ENTRIES);
    assert_eq!(file, "entries");
    assert_eq!(row, 3, "the #TYPE line and the header count");
    assert_eq!(column.as_deref(), Some("Parameters"));
    assert!(
        message.contains("System.Collections.ArrayList"),
        "{message}"
    );
    assert!(message.contains("-join ','"), "{message}");

    let lenient = ImportOptions {
        unresolved_parameters: UnresolvedParameters::FromBuiltin,
    };
    let imported =
        from_export_with(PS51_ROLES, TYPENAME_ENTRIES, &lenient).unwrap_or_else(|e| panic!("{e}"));
    let c = &imported.catalog;
    let builtin = exrbac_catalog::builtin().unwrap_or_else(|e| panic!("{e}"));
    let expected = builtin
        .role("Mail Recipients")
        .and_then(|r| r.entry("Get-Mailbox"))
        .map(|e| e.parameters.clone());
    assert_eq!(
        c.role("Mail Recipients")
            .and_then(|r| r.entry("Get-Mailbox"))
            .map(|e| e.parameters.clone()),
        expected
    );
    // A custom role falls back to its nearest built-in ancestor.
    assert_eq!(
        c.role("MR-Sales Admins")
            .and_then(|r| r.entry("Set-Mailbox"))
            .map(|e| e.parameters.len()),
        builtin
            .role("Mail Recipients")
            .and_then(|r| r.entry("Set-Mailbox"))
            .map(|e| e.parameters.len())
    );
    assert_eq!(
        imported
            .warnings
            .iter()
            .filter(|w| w.contains("not exported"))
            .count(),
        2
    );
}

#[test]
fn malformed_exports_name_row_and_column() {
    // A row with a missing field (line 4 of the file, after #TYPE and the header).
    let roles = "#TYPE X\n\"Name\",\"RoleType\"\n\"A\",\"MailRecipients\"\n\"B\"\n";
    let (file, row, _, message) = csv_error(roles, "Role,Name,Parameters\n");
    assert_eq!((file.as_str(), row), ("roles", 4));
    assert!(message.contains("expected 2 fields, found 1"), "{message}");

    let (_, row, column, _) = csv_error("Name,IsEndUserRole\nA,maybe\n", "Role,Name,Parameters\n");
    assert_eq!((row, column.as_deref()), (2, Some("IsEndUserRole")));

    let (_, row, column, message) = csv_error(
        "Name,ImplicitRecipientWriteScope\nA,Everywhere\n",
        "Role,Name,Parameters\n",
    );
    assert_eq!(
        (row, column.as_deref()),
        (2, Some("ImplicitRecipientWriteScope"))
    );
    assert!(message.contains("Everywhere"));

    let (_, row, column, _) = csv_error("Name,Parent\nA,Nowhere\n", "Role,Name,Parameters\n");
    assert_eq!((row, column.as_deref()), (2, Some("Parent")));

    let (_, row, column, _) = csv_error("Name,Parent\nA,B\nB,A\n", "Role,Name,Parameters\n");
    assert_eq!(column.as_deref(), Some("Parent"));
    assert!(row == 2 || row == 3);

    let (_, row, column, _) = csv_error("Name\nA\nA\n", "Role,Name,Parameters\n");
    assert_eq!((row, column.as_deref()), (3, Some("Name")));

    let (file, row, column, _) = csv_error(
        "Name\nA\n",
        "Role,Name,Parameters\nB,Get-Mailbox,Identity\n",
    );
    assert_eq!(
        (file.as_str(), row, column.as_deref()),
        ("entries", 2, Some("Role"))
    );

    let (_, row, column, _) = csv_error("Name\nA\n", "Role,Name,Type,Parameters\nA,Get-X,Magic,\n");
    assert_eq!((row, column.as_deref()), (2, Some("Type")));

    let (file, row, column, _) = csv_error("Name\nA\n", "Role,Name\nA,Get-Mailbox\n");
    assert_eq!(
        (file.as_str(), row, column.as_deref()),
        ("entries", 1, Some("Parameters"))
    );

    let (file, _, column, _) = csv_error("RoleType\nX\n", "Role,Name,Parameters\n");
    assert_eq!((file.as_str(), column.as_deref()), ("roles", Some("Name")));

    let (_, row, _, _) = csv_error("", "");
    assert_eq!(row, 1);
}

#[test]
fn identity_column_alone_is_enough_for_entries() {
    let c = import(
        "Name\nTier 1\n",
        "Identity,Parameters\n\"Tier 1\\Get-Mailbox\",\"Identity,Anr\"\n",
    );
    let r = c.role("Tier 1").unwrap_or_else(|| panic!("no role"));
    assert_eq!(
        r.entry("Get-Mailbox").map(|e| e.parameters.clone()),
        Some(vec!["Anr".to_string(), "Identity".to_string()])
    );
    // Unknown role type and scopes default to an administrative role over the organization.
    assert_eq!(r.implicit.recipient_write, ScopeValue::Organization);
    assert!(!r.is_end_user);
}

#[test]
fn never_panics_on_garbage() {
    let samples = [
        "\"",
        "\"a\"\"",
        "#TYPE",
        "#TYPE x\n",
        "Name\n\"unterminated\n",
        ",,,\n,,,\n",
        "Name;Role\n;\n",
        "\u{feff}",
        "Name\n\u{0}\n",
        "Role,Name,Parameters\n\\,\\,\\\n",
    ];
    for a in samples {
        for b in samples {
            let _ = from_export(a, b);
        }
    }
}

/// The built-in catalog, written as a loss-free export, reads back unchanged.
#[test]
fn builtin_catalog_round_trips_through_an_export() {
    let builtin = exrbac_catalog::builtin().unwrap_or_else(|e| panic!("{e}"));
    let mut roles = csv::Writer::from_writer(Vec::new());
    let header = [
        "Name",
        "RoleType",
        "Parent",
        "IsRootRole",
        "IsEndUserRole",
        "ImplicitRecipientReadScope",
        "ImplicitRecipientWriteScope",
        "ImplicitConfigReadScope",
        "ImplicitConfigWriteScope",
        "Description",
    ];
    roles.write_record(header).unwrap_or_else(|e| panic!("{e}"));
    let mut entries = csv::Writer::from_writer(Vec::new());
    entries
        .write_record(["Role", "Name", "Type", "Parameters"])
        .unwrap_or_else(|e| panic!("{e}"));
    // Children first, to show the order of the file does not matter.
    for r in builtin.roles.iter().rev() {
        let flag = |b: bool| if b { "True" } else { "False" };
        roles
            .write_record([
                r.name.as_str(),
                &r.role_type,
                r.parent.as_deref().unwrap_or_default(),
                flag(r.parent.is_none()),
                flag(r.is_end_user),
                r.implicit.recipient_read.as_str(),
                r.implicit.recipient_write.as_str(),
                r.implicit.config_read.as_str(),
                r.implicit.config_write.as_str(),
                &r.description,
            ])
            .unwrap_or_else(|e| panic!("{e}"));
        for e in &r.entries {
            entries
                .write_record([
                    r.name.as_str(),
                    &e.name,
                    e.kind.as_str(),
                    &e.parameters.join(","),
                ])
                .unwrap_or_else(|e| panic!("{e}"));
        }
    }
    let text = |w: csv::Writer<Vec<u8>>| {
        String::from_utf8(w.into_inner().unwrap_or_else(|e| panic!("{e}"))).unwrap_or_default()
    };
    let imported = from_export_with(&text(roles), &text(entries), &ImportOptions::default())
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
    assert_eq!(&imported.catalog, builtin);
}

/// Mangled exports give errors, never panics.
#[test]
fn mutated_exports_never_panic() {
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let pieces = [
        "\"",
        ",",
        ";",
        "\n",
        "\r\n",
        "#TYPE x\n",
        "\\",
        "CN=",
        "True",
        "Self",
        "{",
        "}",
        "\u{feff}",
        "é",
    ];
    for base in [
        PS51_ROLES,
        PS51_ENTRIES,
        PS7_ROLES,
        PS7_ENTRIES,
        CULTURE_ROLES,
    ] {
        for _ in 0..300 {
            let mut s: Vec<char> = base.chars().collect();
            for _ in 0..(next() % 4 + 1) {
                let at = (next() as usize) % (s.len() + 1);
                match next() % 3 {
                    0 => s.truncate(at),
                    1 => {
                        let p = pieces[(next() as usize) % pieces.len()];
                        for (i, c) in p.chars().enumerate() {
                            s.insert((at + i).min(s.len()), c);
                        }
                    }
                    _ => {
                        if at < s.len() {
                            s.remove(at);
                        }
                    }
                }
            }
            let m: String = s.into_iter().collect();
            let _ = from_export(&m, PS51_ENTRIES);
            let _ = from_export(PS51_ROLES, &m);
            let _ = from_export(&m, &m);
        }
    }
}
