//! The parser never panics, never hangs, and every span it returns lies inside the input on
//! character boundaries, nested inside its parent's span.
// Helpers outside `#[test]` functions report by panicking.
#![allow(clippy::panic)]

use exrbac_pwsh::{
    Arg, Element, Expr, ExprKind, Pipeline, Script, Span, StatementKind, StrPart, line_col, parse,
};
use proptest::prelude::*;

fn check_span(src: &str, span: Span, parent: Span, what: &str) {
    assert!(span.start <= span.end, "{what} {span:?} in {src:?}");
    assert!(span.end <= src.len(), "{what} {span:?} in {src:?}");
    assert!(
        src.is_char_boundary(span.start) && src.is_char_boundary(span.end),
        "{what} {span:?} not on char boundaries in {src:?}"
    );
    assert!(
        parent.start <= span.start && span.end <= parent.end,
        "{what} {span:?} outside its parent {parent:?} in {src:?}"
    );
}

fn walk_script(src: &str, s: &Script, parent: Span) {
    check_span(src, s.span, parent, "script");
    for st in &s.statements {
        check_span(src, st.span, s.span, "statement");
        match &st.kind {
            StatementKind::Pipeline(p) => walk_pipeline(src, p, st.span),
            StatementKind::Assign { value, .. } => walk_pipeline(src, value, st.span),
            StatementKind::If { clauses, else_body } => {
                for (cond, body) in clauses {
                    walk_pipeline(src, cond, st.span);
                    walk_script(src, body, st.span);
                }
                if let Some(b) = else_body {
                    walk_script(src, b, st.span);
                }
            }
            StatementKind::Foreach {
                collection, body, ..
            } => {
                walk_pipeline(src, collection, st.span);
                walk_script(src, body, st.span);
            }
        }
    }
}

fn walk_pipeline(src: &str, p: &Pipeline, parent: Span) {
    check_span(src, p.span, parent, "pipeline");
    assert!(!p.elements.is_empty());
    for (i, el) in p.elements.iter().enumerate() {
        match el {
            Element::Expr(e) => {
                assert_eq!(i, 0, "expression after the first element in {src:?}");
                walk_expr(src, e, p.span);
            }
            Element::Command(c) => {
                check_span(src, c.span, p.span, "command");
                check_span(src, c.name_span, c.span, "command name");
                for a in &c.args {
                    check_span(src, a.span(), c.span, "argument");
                    match a {
                        Arg::Param { value, span, .. } => {
                            if let Some(v) = value {
                                walk_expr(src, v, *span);
                            }
                        }
                        Arg::Value(v) => walk_expr(src, v, c.span),
                    }
                }
            }
        }
    }
}

fn walk_expr(src: &str, e: &Expr, parent: Span) {
    check_span(src, e.span, parent, "expression");
    let s = e.span;
    match &e.kind {
        ExprKind::Expandable(parts) => {
            for p in parts {
                if let StrPart::Sub(sc) = p {
                    walk_script(src, sc, s);
                }
            }
        }
        ExprKind::Array(items) => items.iter().for_each(|i| walk_expr(src, i, s)),
        ExprKind::ArraySub(sc) | ExprKind::SubExpr(sc) => walk_script(src, sc, s),
        ExprKind::ScriptBlock { text, body } => {
            walk_script(src, body, s);
            assert_eq!(body.span.text(src), text.as_str());
        }
        ExprKind::Hashtable(entries) => entries.iter().for_each(|(_, v)| walk_expr(src, v, s)),
        ExprKind::Member { target, .. } => walk_expr(src, target, s),
        ExprKind::Index { target, index } => {
            walk_expr(src, target, s);
            walk_expr(src, index, s);
        }
        ExprKind::MethodCall { target, args, .. } => {
            walk_expr(src, target, s);
            args.iter().for_each(|a| walk_expr(src, a, s));
        }
        ExprKind::Binary { lhs, rhs, .. } => {
            walk_expr(src, lhs, s);
            walk_expr(src, rhs, s);
        }
        ExprKind::Unary { operand, .. } => walk_expr(src, operand, s),
        ExprKind::Paren(p) => walk_pipeline(src, p, s),
        ExprKind::Str(_)
        | ExprKind::Bareword(_)
        | ExprKind::Number { .. }
        | ExprKind::Var(_)
        | ExprKind::Null
        | ExprKind::Bool(_) => {}
    }
}

/// Parses `src` and checks every invariant of the result, whatever it is.
fn check(src: &str) {
    let whole = Span::new(0, src.len());
    match parse(src) {
        Ok(script) => {
            assert_eq!(script.span, whole);
            walk_script(src, &script, whole);
        }
        Err(e) => {
            check_span(src, e.span, whole, "error");
            assert!(!e.message.is_empty());
            let rendered = e.render(src);
            let (line, col) = line_col(src, e.span.start);
            assert!(rendered.starts_with(&format!("At line:{line} char:{col}\n")));
            assert!(rendered.ends_with(&e.message));
        }
    }
}

/// Characters that matter to the lexer, including the Unicode dashes, quotes and spaces that
/// pasted text brings.
const ALPHABET: &[char] = &[
    '$', '(', ')', '{', '}', '[', ']', '@', '\'', '"', '`', '#', '<', '>', '|', ';', ',', '.', '-',
    '+', '*', '/', '%', '!', '=', ':', '?', '&', '\\', '_', ' ', ' ', '\t', '\n', '\r', 'a', 'e',
    'i', 'n', 'q', 'x', 'E', 'Q', 'G', 'M', 'B', 'k', 'b', '0', '1', '5', '9', '\u{2013}',
    '\u{2014}', '\u{2015}', '\u{2018}', '\u{2019}', '\u{201A}', '\u{201B}', '\u{201C}', '\u{201D}',
    '\u{201E}', '\u{00A0}', '\u{FEFF}', 'é', '漢', '🙂',
];

fn powershellish() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(ALPHABET), 0..120)
        .prop_map(|cs| cs.into_iter().collect())
}

/// Words and operators of the language, glued with separators.
fn tokenish() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "Get-Mailbox",
        "where",
        "?",
        "%",
        " ",
        " ",
        "\n",
        "|",
        "-Identity",
        "–Name",
        "-Confirm:",
        "$_",
        "$_.Name",
        "$x",
        "$null",
        "$true",
        "-eq",
        "–ne",
        "-and",
        "-or",
        "-not",
        "!",
        "{",
        "}",
        "(",
        ")",
        "$(",
        "@(",
        "@{",
        "=",
        ";",
        ",",
        "\"",
        "'",
        "‘",
        "’",
        "“",
        "”",
        "a=1",
        "'x'",
        "\"$($_.Role)\\$($_.Name)\"",
        "001234567890",
        "SO-141",
        "*scope*",
        "200MB",
        "-5",
        "..",
        "[0]",
        ".Count",
        ".ToUpper()",
        "if",
        "elseif",
        "else",
        "foreach",
        "in",
        "`",
        "`\n",
        "#c\n",
        "<#",
        "#>",
        "@'\n",
        "\n'@",
        "@\"\n",
        "\n\"@",
        "<name>",
        "$",
        "&",
        "+",
        "*",
    ]);
    prop::collection::vec(pieces, 0..40).prop_map(|ps| ps.concat())
}

/// Deeply nested openers, possibly closed, possibly not.
fn deep() -> impl Strategy<Value = String> {
    let openers = prop::sample::select(vec![
        "(",
        "{",
        "$(",
        "@(",
        "\"$(",
        "@{a=",
        "-not ",
        "!",
        "$x[",
        "Get-X (",
        "? {",
        "1 + ",
        ",",
        "if ($x) {",
        "foreach ($a in $b) {",
    ]);
    let closers = prop::sample::select(vec![")", "}", ")\"", "]", ""]);
    (
        prop::collection::vec(openers, 0..400),
        prop::collection::vec(closers, 0..400),
    )
        .prop_map(|(o, c)| format!("{}$y{}", o.concat(), c.concat()))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn any_string(s in any::<String>()) {
        check(&s);
    }

    #[test]
    fn powershell_characters(s in powershellish()) {
        check(&s);
    }

    #[test]
    fn powershell_tokens(s in tokenish()) {
        check(&s);
    }

    #[test]
    fn deep_nesting(s in deep()) {
        check(&s);
    }

    #[test]
    fn mutated_corpus_lines(
        line in prop::sample::select(include_str!("corpus/seeds.ps1").lines().collect::<Vec<_>>()),
        at in any::<prop::sample::Index>(),
        insert in powershellish(),
        cut in 0usize..8,
    ) {
        let chars: Vec<char> = line.chars().collect();
        let i = at.index(chars.len() + 1);
        let j = (i + cut).min(chars.len());
        let mutated: String = chars[..i]
            .iter()
            .chain(insert.chars().collect::<Vec<_>>().iter())
            .chain(chars[j..].iter())
            .collect();
        check(&mutated);
    }
}

#[test]
fn corpus_invariants() {
    for src in [
        include_str!("corpus/seeds.ps1"),
        include_str!("corpus/microsoft-examples.ps1"),
        include_str!("corpus/scenario-000-codetwo-service-account.ps1"),
        include_str!("corpus/scenario-001-distribution-group-membership.ps1"),
        include_str!("corpus/scenario-003-sales-helpdesk.ps1"),
        include_str!("corpus/scenario-004-split-permissions.ps1"),
    ] {
        check(src);
        assert!(parse(src).is_ok());
    }
}

#[test]
fn pathological_inputs_finish() {
    // Shapes that would be quadratic or exponential with naive backtracking.
    let inputs = [
        "\"$(\"".repeat(3000),
        "a\"$(a\"".repeat(3000),
        format!("{}x", "\"$(x \"$(".repeat(60)),
        "'".repeat(100_001),
        "$".repeat(100_000),
        "-".repeat(100_000),
        "`".repeat(100_001),
        "|".repeat(100_000),
        ",".repeat(100_000),
        "a,".repeat(50_000),
        "Get-X a ".repeat(20_000),
        "(".repeat(100_000),
        "{".repeat(100_000),
        "@{".repeat(100_000),
        "<#".repeat(50_000),
        "$x.".repeat(50_000),
        "1..".repeat(50_000),
        "\n".repeat(100_000),
    ];
    let started = std::time::Instant::now();
    for s in &inputs {
        check(s);
    }
    // Generous, so that a slow machine does not fail it; a blow-up would take far longer.
    assert!(started.elapsed().as_secs() < 60, "{:?}", started.elapsed());
}
