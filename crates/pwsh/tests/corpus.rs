//! Every command line of the seed articles, the acceptance scenarios and a set of Microsoft's
//! published cmdlet examples must parse; the tricky ones are checked down to the tree.
// The helpers below are not `#[test]` functions, so clippy's in-test allowances do not reach
// them; failing by panic is how they report.
#![allow(clippy::panic, clippy::unwrap_used)]

use exrbac_pwsh::{
    Arg, AssignOp, BinOp, Command, Element, Expr, ExprKind, Pipeline, Script, StatementKind,
    StrPart, UnaryOp, line_col, parse,
};

const FIXTURES: &[(&str, &str)] = &[
    ("seeds.ps1", include_str!("corpus/seeds.ps1")),
    (
        "microsoft-examples.ps1",
        include_str!("corpus/microsoft-examples.ps1"),
    ),
    ("idioms.ps1", include_str!("corpus/idioms.ps1")),
    (
        "scenario-000-codetwo-service-account.ps1",
        include_str!("corpus/scenario-000-codetwo-service-account.ps1"),
    ),
    (
        "scenario-001-distribution-group-membership.ps1",
        include_str!("corpus/scenario-001-distribution-group-membership.ps1"),
    ),
    (
        "scenario-003-sales-helpdesk.ps1",
        include_str!("corpus/scenario-003-sales-helpdesk.ps1"),
    ),
    (
        "scenario-004-split-permissions.ps1",
        include_str!("corpus/scenario-004-split-permissions.ps1"),
    ),
];

fn parse_ok(src: &str) -> Script {
    match parse(src) {
        Ok(s) => s,
        Err(e) => panic!("{src}\n{}", e.render(src)),
    }
}

/// The only statement of `src`, as a pipeline.
fn pipeline(src: &str) -> Pipeline {
    let script = parse_ok(src);
    assert_eq!(script.statements.len(), 1, "{src}");
    match script.statements.into_iter().next().unwrap().kind {
        StatementKind::Pipeline(p) => p,
        other => panic!("not a pipeline: {other:?}"),
    }
}

fn command(el: &Element) -> &Command {
    match el {
        Element::Command(c) => c,
        Element::Expr(e) => panic!("not a command: {e:?}"),
    }
}

fn single_command(src: &str) -> Command {
    let p = pipeline(src);
    assert_eq!(p.elements.len(), 1);
    command(&p.elements[0]).clone()
}

fn param(arg: &Arg) -> (&str, Option<&Expr>) {
    match arg {
        Arg::Param { name, value, .. } => (name, value.as_ref()),
        Arg::Value(v) => panic!("not a parameter: {v:?}"),
    }
}

fn value(arg: &Arg) -> &ExprKind {
    match arg {
        Arg::Value(v) => &v.kind,
        Arg::Param { name, .. } => panic!("not a value: -{name}"),
    }
}

fn text(parts: &[&str]) -> ExprKind {
    ExprKind::Expandable(parts.iter().map(|t| StrPart::Text(t.to_string())).collect())
}

fn bare(s: &str) -> ExprKind {
    ExprKind::Bareword(s.into())
}

fn script_block(kind: &ExprKind) -> (&str, &Script) {
    match kind {
        ExprKind::ScriptBlock { text, body } => (text, body),
        other => panic!("not a script block: {other:?}"),
    }
}

#[test]
fn every_fixture_parses_whole_and_line_by_line() {
    let mut lines = 0;
    for (name, src) in FIXTURES {
        if let Err(e) = parse(src) {
            panic!("{name}:\n{}", e.render(src));
        }
        if *name == "idioms.ps1" {
            // multi-line constructs: only meaningful as a whole
            continue;
        }
        for (i, line) in src.lines().enumerate() {
            if let Err(e) = parse(line) {
                panic!("{name}:{}:\n{}", i + 1, e.render(line));
            }
            lines += 1;
        }
    }
    assert!(lines > 100);
}

#[test]
fn scenario_statements_map_to_their_lines() {
    let src = FIXTURES[3].1;
    let script = parse_ok(src);
    let cmd_lines: Vec<usize> = src
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .map(|(i, _)| i + 1)
        .collect();
    let stmt_lines: Vec<usize> = script
        .statements
        .iter()
        .map(|s| line_col(src, s.span.start).0)
        .collect();
    assert_eq!(stmt_lines, cmd_lines);
    for s in &script.statements {
        let t = s.span.text(src);
        assert!(!t.contains('\n') && !t.ends_with(' '), "{t:?}");
    }
}

#[test]
fn en_dashes_and_curly_quotes() {
    let c = single_command(
        "New-ManagementScope –name ‘2nd Level Support’ –RecipientRestrictionFilter {memberofgroup –eq ‘cn=2nd Level Support,ou=Security Groups,dc=domainA,dc=lab’}",
    );
    assert_eq!(c.name, "New-ManagementScope");
    assert_eq!(c.args.len(), 4);
    assert_eq!(param(&c.args[0]), ("name", None));
    assert_eq!(
        value(&c.args[1]),
        &ExprKind::Str("2nd Level Support".into())
    );
    assert_eq!(param(&c.args[2]), ("RecipientRestrictionFilter", None));
    let (block_text, body) = script_block(value(&c.args[3]));
    assert_eq!(
        block_text,
        "memberofgroup –eq ‘cn=2nd Level Support,ou=Security Groups,dc=domainA,dc=lab’"
    );
    // Inside the block the filter reads as a command, which is fine: OPATH takes the text.
    let StatementKind::Pipeline(p) = &body.statements[0].kind else {
        panic!()
    };
    let inner = command(&p.elements[0]);
    assert_eq!(inner.name, "memberofgroup");
    assert_eq!(param(&inner.args[0]), ("eq", None));

    let c = single_command("Get-ManagementRoleEntry “Move Mailboxes\\*”");
    assert_eq!(value(&c.args[0]), &text(&["Move Mailboxes\\*"]));

    let c = single_command(
        "New-ManagementRoleAssignment “Mail Recipient Creation_Organization Management” –Role “Mail Recipient Creation” –SecurityGroup “Organization Management”",
    );
    assert_eq!(
        value(&c.args[0]),
        &text(&["Mail Recipient Creation_Organization Management"])
    );
    assert_eq!(param(&c.args[1]), ("Role", None));
    assert_eq!(param(&c.args[3]), ("SecurityGroup", None));

    let c = single_command("New-ManagementRoleAssignment —Name x ―Role y");
    assert_eq!(param(&c.args[0]), ("Name", None));
    assert_eq!(param(&c.args[2]), ("Role", None));
}

/// `($_.Name -ne "Get-Mailbox") -and ($_.Name -notlike "*ManagementRoleAssignment")`
fn assert_where_filter(e: &Expr) {
    let ExprKind::Binary {
        op: BinOp::And,
        lhs,
        rhs,
        ..
    } = &e.kind
    else {
        panic!("{e:?}")
    };
    let inner = |e: &Expr| -> (BinOp, Expr, Expr) {
        let ExprKind::Paren(p) = &e.kind else {
            panic!("{e:?}")
        };
        let Element::Expr(x) = &p.elements[0] else {
            panic!()
        };
        let ExprKind::Binary { op, lhs, rhs, .. } = &x.kind else {
            panic!("{x:?}")
        };
        (*op, (**lhs).clone(), (**rhs).clone())
    };
    let dollar_name = ExprKind::Member {
        target: Box::new(Expr {
            kind: ExprKind::Var("_".into()),
            span: exrbac_pwsh::Span::default(),
        }),
        name: "Name".into(),
    };
    let strip = |e: Expr| -> ExprKind {
        match e.kind {
            ExprKind::Member { target, name } => ExprKind::Member {
                target: Box::new(Expr {
                    kind: target.kind,
                    span: exrbac_pwsh::Span::default(),
                }),
                name,
            },
            k => k,
        }
    };
    let (op, l, r) = inner(lhs);
    assert_eq!(op, BinOp::Ne);
    assert_eq!(strip(l), dollar_name);
    assert_eq!(r.kind, text(&["Get-Mailbox"]));
    let (op, l, r) = inner(rhs);
    assert_eq!(op, BinOp::NotLike);
    assert_eq!(strip(l), dollar_name);
    assert_eq!(r.kind, text(&["*ManagementRoleAssignment"]));
}

#[test]
fn where_object_block() {
    let src = r#"Get-ManagementRoleEntry "c2role\*" | Where-Object {($_.Name -ne "Get-Mailbox") -and ($_.Name -notlike "*ManagementRoleAssignment")} | Remove-ManagementRoleEntry"#;
    let p = pipeline(src);
    assert_eq!(p.elements.len(), 3);
    assert_eq!(command(&p.elements[0]).name, "Get-ManagementRoleEntry");
    assert_eq!(
        value(&command(&p.elements[0]).args[0]),
        &text(&["c2role\\*"])
    );
    let w = command(&p.elements[1]);
    assert_eq!(w.name, "Where-Object");
    let (block_text, body) = script_block(value(&w.args[0]));
    assert!(block_text.starts_with("($_.Name"));
    let StatementKind::Pipeline(bp) = &body.statements[0].kind else {
        panic!()
    };
    let Element::Expr(filter) = &bp.elements[0] else {
        panic!()
    };
    assert_where_filter(filter);
    assert_eq!(command(&p.elements[2]).name, "Remove-ManagementRoleEntry");
    assert_eq!(p.span.text(src), src);
}

#[test]
fn foreach_object_with_confirm_false_and_subexpressions() {
    let src = r#"Get-ManagementRoleEntry "c2role\*" | Foreach-Object {Remove-ManagementRoleEntry -Identity "$($_.Role)\$($_.Name)" -Confirm:$False}"#;
    let p = pipeline(src);
    let f = command(&p.elements[1]);
    assert_eq!(f.name, "Foreach-Object");
    let (_, body) = script_block(value(&f.args[0]));
    let StatementKind::Pipeline(bp) = &body.statements[0].kind else {
        panic!()
    };
    let r = command(&bp.elements[0]);
    assert_eq!(r.name, "Remove-ManagementRoleEntry");
    assert_eq!(param(&r.args[0]), ("Identity", None));
    let ExprKind::Expandable(parts) = value(&r.args[1]) else {
        panic!()
    };
    assert_eq!(parts.len(), 3);
    assert!(matches!(&parts[0], StrPart::Sub(_)));
    assert_eq!(parts[1], StrPart::Text("\\".into()));
    let StrPart::Sub(sub) = &parts[2] else {
        panic!()
    };
    let StatementKind::Pipeline(sp) = &sub.statements[0].kind else {
        panic!()
    };
    let Element::Expr(m) = &sp.elements[0] else {
        panic!()
    };
    assert!(matches!(&m.kind, ExprKind::Member { name, .. } if name == "Name"));
    let (name, v) = param(&r.args[2]);
    assert_eq!(name, "Confirm");
    assert_eq!(v.unwrap().kind, ExprKind::Bool(false));
    assert_eq!(r.args[2].span().text(src), "-Confirm:$False");
}

#[test]
fn comma_lists_are_one_argument() {
    let c =
        single_command("Add-ADGroupMember -Identity \"2nd Level Support\" -Members User1, User2");
    assert_eq!(c.args.len(), 4);
    assert_eq!(param(&c.args[2]), ("Members", None));
    let ExprKind::Array(items) = value(&c.args[3]) else {
        panic!()
    };
    let kinds: Vec<_> = items.iter().map(|e| e.kind.clone()).collect();
    assert_eq!(kinds, vec![bare("User1"), bare("User2")]);

    let c = single_command(
        "Add-ManagementRoleEntry \"MR-Sales Admins\\Set-User\" -Parameters Identity, MobilePhone, Office",
    );
    assert_eq!(c.args.len(), 3);
    let ExprKind::Array(items) = value(&c.args[2]) else {
        panic!()
    };
    let kinds: Vec<_> = items.iter().map(|e| e.kind.clone()).collect();
    assert_eq!(
        kinds,
        vec![bare("Identity"), bare("MobilePhone"), bare("Office")]
    );

    let c = single_command(
        "New-RoleGroup -Name x -Roles \"Mail Recipient Creation\", \"Security Group Creation and Membership\" -Members \"Dir Admin\"",
    );
    assert_eq!(c.args.len(), 6);
    assert!(matches!(value(&c.args[3]), ExprKind::Array(v) if v.len() == 2));
}

#[test]
fn numbers_keep_their_text_and_barewords_stay_words() {
    let c =
        single_command("Set-User -Identity \"Sales1\" -MobilePhone 001234567890 -Office SO-141");
    assert_eq!(
        value(&c.args[3]),
        &ExprKind::Number {
            value: 1234567890.0,
            text: "001234567890".into()
        }
    );
    assert_eq!(value(&c.args[5]), &bare("SO-141"));
    let c = single_command("Set-Mailbox -IssueWarningQuota 200MB -Name 10.0.0.1");
    assert!(
        matches!(value(&c.args[1]), ExprKind::Number { value, text } if *value == 200.0 * 1048576.0 && text == "200MB")
    );
    assert_eq!(value(&c.args[3]), &bare("10.0.0.1"));
}

#[test]
fn typos_and_placeholders_in_the_seeds() {
    let p = pipeline("Get-Management Role | fl *scope*");
    let c = command(&p.elements[0]);
    assert_eq!(c.name, "Get-Management");
    assert_eq!(value(&c.args[0]), &bare("Role"));
    let fl = command(&p.elements[1]);
    assert_eq!(fl.name, "fl");
    assert_eq!(value(&fl.args[0]), &bare("*scope*"));

    let p = pipeline(
        "Get-ManagementRoleEntry \"MR-Sales Admins\\*\" | where {$ -ne \"Get-Mailbox\"} | Remove-ManagementRoleEntry",
    );
    let (_, body) = script_block(value(&command(&p.elements[1]).args[0]));
    let StatementKind::Pipeline(bp) = &body.statements[0].kind else {
        panic!()
    };
    let Element::Expr(e) = &bp.elements[0] else {
        panic!()
    };
    let ExprKind::Binary { op, lhs, .. } = &e.kind else {
        panic!()
    };
    assert_eq!(*op, BinOp::Ne);
    assert_eq!(lhs.kind, bare("$"));

    let c = single_command("Get-ManagementRole –cmdlet <name_cmdlet>");
    assert_eq!(value(&c.args[1]), &bare("<name_cmdlet>"));

    let c = single_command("Set-User -Identity \"\" -MobilePhone 1");
    assert_eq!(value(&c.args[1]), &ExprKind::Expandable(vec![]));
}

#[test]
fn null_and_switch_values() {
    let c = single_command("Set-Mailbox \"c2user\" -RoleAssignmentPolicy $null");
    assert_eq!(value(&c.args[0]), &text(&["c2user"]));
    assert_eq!(value(&c.args[2]), &ExprKind::Null);
    let c = single_command("Remove-DistributionGroup -Identity \"Marketing Team\" -Confirm:$false");
    assert_eq!(param(&c.args[2]).1.unwrap().kind, ExprKind::Bool(false));
    let c = single_command(
        "New-ManagementScope -Name x -RecipientRestrictionFilter \"Title -like 'VP*'\" -Exclusive",
    );
    assert_eq!(param(&c.args[4]), ("Exclusive", None));
}

#[test]
fn hashtables_and_assignments() {
    let c = single_command(
        "Set-Mailbox -Identity \"John Woods\" -EmailAddresses @{add=\"Jwoods@contoso.com\"; Remove='old@contoso.com'}",
    );
    let ExprKind::Hashtable(entries) = value(&c.args[3]) else {
        panic!()
    };
    assert_eq!(entries[0].0, "add");
    assert_eq!(entries[0].1.kind, text(&["Jwoods@contoso.com"]));
    assert_eq!(entries[1].0, "Remove");
    assert_eq!(entries[1].1.kind, ExprKind::Str("old@contoso.com".into()));

    let script = parse_ok("$password = Read-Host \"Enter password\" -AsSecureString");
    let StatementKind::Assign {
        var,
        members,
        op,
        value,
    } = &script.statements[0].kind
    else {
        panic!()
    };
    assert_eq!(var, "password");
    assert!(members.is_empty());
    assert_eq!(*op, AssignOp::Assign);
    assert_eq!(command(&value.elements[0]).name, "Read-Host");
}

#[test]
fn paren_array_argument() {
    let c = single_command(
        "Set-Mailbox John@contoso.com -MailTipTranslations (\"FR: C'est la langue française\", \"CHT: 這是漢語語言\")",
    );
    assert_eq!(value(&c.args[0]), &bare("John@contoso.com"));
    let ExprKind::Paren(p) = value(&c.args[2]) else {
        panic!()
    };
    let Element::Expr(e) = &p.elements[0] else {
        panic!()
    };
    assert!(matches!(&e.kind, ExprKind::Array(v) if v.len() == 2));
}

#[test]
fn unary_not() {
    let p = pipeline("Get-X | ? {-not $_.IsEndUserRole -and !$_.Hidden}");
    let (_, body) = script_block(value(&command(&p.elements[1]).args[0]));
    let StatementKind::Pipeline(bp) = &body.statements[0].kind else {
        panic!()
    };
    let Element::Expr(e) = &bp.elements[0] else {
        panic!()
    };
    let ExprKind::Binary { op, lhs, rhs, .. } = &e.kind else {
        panic!()
    };
    assert_eq!(*op, BinOp::And);
    assert!(matches!(
        &lhs.kind,
        ExprKind::Unary {
            op: UnaryOp::Not,
            ..
        }
    ));
    assert!(matches!(
        &rhs.kind,
        ExprKind::Unary {
            op: UnaryOp::Not,
            ..
        }
    ));
}

#[test]
fn idioms_tree() {
    let src = FIXTURES[2].1;
    let script = parse_ok(src);
    let kinds: Vec<&str> = script
        .statements
        .iter()
        .map(|s| match &s.kind {
            StatementKind::Pipeline(_) => "pipeline",
            StatementKind::Assign { .. } => "assign",
            StatementKind::If { .. } => "if",
            StatementKind::Foreach { .. } => "foreach",
        })
        .collect();
    assert_eq!(
        kinds,
        vec![
            "assign", "foreach", "if", "pipeline", "pipeline", "assign", "assign", "pipeline",
            "pipeline", "pipeline", "pipeline", "pipeline", "pipeline", "pipeline", "assign",
            "assign", "pipeline", "pipeline", "pipeline", "pipeline",
        ]
    );
    let stmt = |i: usize| &script.statements[i].kind;

    // foreach over a multi-line pipeline
    let StatementKind::Foreach {
        var,
        collection,
        body,
    } = stmt(1)
    else {
        panic!()
    };
    assert_eq!(var, "role");
    assert!(
        matches!(&collection.elements[0], Element::Expr(e) if e.kind == ExprKind::Var("roles".into()))
    );
    let StatementKind::Pipeline(p) = &body.statements[0].kind else {
        panic!()
    };
    assert_eq!(p.elements.len(), 3);
    let select = command(&p.elements[1]);
    let ExprKind::Array(cols) = value(&select.args[0]) else {
        panic!()
    };
    assert_eq!(cols[0].kind, bare("Name"));
    let ExprKind::Hashtable(h) = &cols[1].kind else {
        panic!()
    };
    assert_eq!(h[0], ("Name".to_string(), h[0].1.clone()));
    assert_eq!(h[0].1.kind, text(&["Role"]));
    assert!(matches!(&h[1].1.kind, ExprKind::ScriptBlock { text, .. } if text == " $_.Role "));

    // if / elseif / else
    let StatementKind::If { clauses, else_body } = stmt(2) else {
        panic!()
    };
    assert_eq!(clauses.len(), 2);
    assert!(else_body.is_some());

    // backtick continuation and a trailing pipe continue the statement
    let StatementKind::Pipeline(p) = stmt(4) else {
        panic!()
    };
    assert_eq!(p.elements.len(), 2);
    assert_eq!(command(&p.elements[0]).args.len(), 4);

    // += and indexing in argument mode
    assert!(matches!(
        stmt(6),
        StatementKind::Assign {
            op: AssignOp::Add,
            ..
        }
    ));
    let StatementKind::Pipeline(p) = stmt(7) else {
        panic!()
    };
    let c = command(&p.elements[0]);
    assert!(matches!(value(&c.args[3]), ExprKind::Paren(_)));
    let ExprKind::Array(m) = value(&c.args[5]) else {
        panic!()
    };
    assert!(matches!(&m[0].kind, ExprKind::Index { .. }));
    assert_eq!(param(&c.args[6]).1.unwrap().kind, ExprKind::Bool(false));

    // a hashtable over several lines, with an array value
    let StatementKind::Pipeline(p) = stmt(8) else {
        panic!()
    };
    let ExprKind::Hashtable(h) = value(&command(&p.elements[0]).args[2]) else {
        panic!()
    };
    assert_eq!(h.len(), 2);
    assert!(matches!(&h[0].1.kind, ExprKind::Array(v) if v.len() == 2));
    assert_eq!(h[1].1.kind, ExprKind::Str("Dave".into()));

    // here-strings
    let StatementKind::Assign { value: v, .. } = stmt(14) else {
        panic!()
    };
    let Element::Expr(e) = &v.elements[0] else {
        panic!()
    };
    let ExprKind::Expandable(parts) = &e.kind else {
        panic!()
    };
    assert_eq!(parts[0], StrPart::Text("Report for ".into()));
    assert_eq!(parts[1], StrPart::Var("env:COMPUTERNAME".into()));
    assert_eq!(parts[2], StrPart::Text("\n  generated ".into()));
    assert!(matches!(&parts[3], StrPart::Sub(_)));
    assert_eq!(parts.len(), 4);
    let StatementKind::Assign { value: v, .. } = stmt(15) else {
        panic!()
    };
    let Element::Expr(e) = &v.elements[0] else {
        panic!()
    };
    assert_eq!(e.kind, ExprKind::Str("no $expansion here".into()));

    // escapes in a double-quoted argument
    let StatementKind::Pipeline(p) = stmt(16) else {
        panic!()
    };
    assert_eq!(
        value(&command(&p.elements[0]).args[0]),
        &text(&["Tab\tand newline\n, a \"quote\" and $dollar"])
    );

    // a phone number is a word, not arithmetic
    let StatementKind::Pipeline(p) = stmt(18) else {
        panic!()
    };
    assert_eq!(value(&command(&p.elements[1]).args[3]), &bare("555-0100"));
}

#[test]
fn assignment_to_a_property_path() {
    // role-groups.md, "Add a delegate to a role group" and its removal twin.
    let script = parse_ok(concat!(
        "$RoleGroup.ManagedBy += (Get-User \"David Strome\").Identity\n",
        "$RoleGroup.ManagedBy -= (Get-User \"David Strome\").Identity\n",
        "$a.b.'c d' = 1\n",
    ));
    let StatementKind::Assign {
        var,
        members,
        op,
        value,
    } = &script.statements[0].kind
    else {
        panic!()
    };
    assert_eq!(var, "RoleGroup");
    assert_eq!(members, &vec!["ManagedBy".to_string()]);
    assert_eq!(*op, AssignOp::Add);
    let Element::Expr(e) = &value.elements[0] else {
        panic!()
    };
    assert!(matches!(&e.kind, ExprKind::Member { name, .. } if name == "Identity"));
    assert!(matches!(
        &script.statements[1].kind,
        StatementKind::Assign {
            op: AssignOp::Sub,
            ..
        }
    ));
    let StatementKind::Assign { var, members, .. } = &script.statements[2].kind else {
        panic!()
    };
    assert_eq!(var, "a");
    assert_eq!(members, &vec!["b".to_string(), "c d".to_string()]);
}
