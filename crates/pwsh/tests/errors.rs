//! Syntax errors: PowerShell's messages, at PowerShell's positions.
// Helpers outside `#[test]` functions report by panicking.
#![allow(clippy::panic)]

use exrbac_pwsh::{ParseError, parse};

fn err(src: &str) -> ParseError {
    match parse(src) {
        Ok(s) => panic!("{src:?} parsed: {s:?}"),
        Err(e) => e,
    }
}

/// (message, line, char) of the error for `src`.
fn at(src: &str) -> (String, usize, usize) {
    let e = err(src);
    let (line, col) = e.line_col(src);
    (e.message, line, col)
}

#[test]
fn missing_closing_brace_renders_like_powershell() {
    let src = "Get-Mailbox | where {";
    let e = err(src);
    assert!(e.incomplete);
    assert_eq!(
        e.render(src),
        "At line:1 char:22\n\
         + Get-Mailbox | where {\n\
         +                     ~\n\
         Missing closing '}' in statement block or type definition."
    );
    assert_eq!(
        at("Get-ManagementScope\nGet-X | ? {\n  $_.Name -eq 'a'\n"),
        (
            "Missing closing '}' in statement block or type definition.".into(),
            4,
            1
        )
    );
    assert_eq!(
        at("New-ManagementScope -Name x -RecipientRestrictionFilter {Name -eq 'x'").0,
        "Missing closing '}' in statement block or type definition."
    );
    assert_eq!(
        at("Set-Mailbox x -EmailAddresses @{add='a'").0,
        "Missing closing '}' in statement block or type definition."
    );
}

#[test]
fn unterminated_strings() {
    let src = "Get-ManagementRoleEntry \"c2role\\*";
    let e = err(src);
    assert!(e.incomplete);
    assert_eq!(
        e.render(src),
        "At line:1 char:25\n\
         + Get-ManagementRoleEntry \"c2role\\*\n\
         +                         ~~~~~~~~~\n\
         The string is missing the terminator: \"."
    );
    assert_eq!(
        at("Get-X\nNew-ManagementScope –name ‘2nd Level Support"),
        ("The string is missing the terminator: '.".into(), 2, 27)
    );
    // The string runs to the end of the input: the error is where it starts.
    assert_eq!(
        at("Get-X 'a\nb\nc"),
        ("The string is missing the terminator: '.".into(), 1, 7)
    );
    assert_eq!(
        at("Get-X -Identity \"$($_.Role)\\$($_.Name)").0,
        "The string is missing the terminator: \"."
    );
    assert_eq!(
        at("$x = @'\nabc\n").0,
        "The string is missing the terminator: '@."
    );
}

#[test]
fn missing_closing_parenthesis() {
    let src = "Get-X | ? {($_.Name -ne 'a'}";
    assert_eq!(
        at(src),
        (
            "Unexpected token '}' in expression or statement.".into(),
            1,
            28
        )
    );
    let src = "($_.Name -ne 'a'";
    let e = err(src);
    assert!(e.incomplete);
    assert_eq!(e.message, "Missing closing ')' in expression.");
    assert_eq!(e.line_col(src), (1, 17));
    assert_eq!(
        at("\"$(Get-Date\"").0,
        "The string is missing the terminator: \"."
    );
    assert_eq!(at("$(Get-Date").0, "Missing closing ')' in subexpression.");
    assert_eq!(
        at("if ($x -eq 1 {").0,
        "Unexpected token '{' in expression or statement."
    );
    assert_eq!(at("$a.Trim(").0, "Missing ')' in method call.");
    assert_eq!(at("$a[0").0, "Missing ']' after array index expression.");
}

#[test]
fn empty_pipe_elements() {
    assert_eq!(
        at("Get-Mailbox | | fl"),
        ("An empty pipe element is not allowed.".into(), 1, 15)
    );
    let e = err("Get-Mailbox |");
    assert!(e.incomplete);
    assert_eq!(e.message, "An empty pipe element is not allowed.");
    assert_eq!(e.line_col("Get-Mailbox |"), (1, 14));
    assert_eq!(
        at("| Get-Mailbox").0,
        "An empty pipe element is not allowed."
    );
    assert_eq!(
        at("Get-Mailbox |\n\n;").0,
        "An empty pipe element is not allowed."
    );
    assert_eq!(
        at("Get-Mailbox | ? {$_ |}").0,
        "An empty pipe element is not allowed."
    );
}

#[test]
fn dangling_operators() {
    let src = "Get-X | ? {$_.Name -eq 'a' -and}";
    assert_eq!(
        at(src),
        (
            "You must provide a value expression following the '-and' operator.".into(),
            1,
            32
        )
    );
    // At the end of the input the position is right after the operator.
    let src = "$a -eq 1 –and";
    let e = err(src);
    assert!(e.incomplete);
    assert_eq!(
        e.message,
        "You must provide a value expression following the '–and' operator."
    );
    assert_eq!(e.line_col(src), (1, 14));
    assert_eq!(
        at("$a -and\n").0,
        "You must provide a value expression following the '-and' operator."
    );
    assert_eq!(at("$a -and\n").1, 1);
    assert_eq!(
        at("Get-X | ? {-not}"),
        (
            "Missing expression after unary operator '-not'.".into(),
            1,
            16
        )
    );
    assert_eq!(at("!").0, "Missing expression after unary operator '!'.");
    assert_eq!(
        at("$x = ").0,
        "You must provide a value expression following the '=' operator."
    );
    assert_eq!(
        at("1 + * 2").0,
        "You must provide a value expression following the '+' operator."
    );
    assert_eq!(at("1, ").0, "Missing expression after ','.");
}

#[test]
fn other_errors() {
    assert_eq!(
        at("$x 5"),
        (
            "Unexpected token '5' in expression or statement.".into(),
            1,
            4
        )
    );
    assert_eq!(
        at("Get-Mailbox | $x").0,
        "Expressions are only allowed as the first element of a pipeline."
    );
    assert_eq!(
        at("Get-X }").0,
        "Unexpected token '}' in expression or statement."
    );
    assert_eq!(
        at("Get-X && Get-Y").0,
        "The token '&&' is not a valid statement separator in this version."
    );
    assert_eq!(
        at("while ($true) { }").0,
        "The 'while' keyword is not supported in this version of the language."
    );
    assert_eq!(
        at("Get-X | % { $_ -replace 'a' }").0,
        "The '-replace' operator is not supported in this shell."
    );
    assert_eq!(
        at("$x.Name() = 1").0,
        "The assignment expression is not valid. The input to an assignment operator must be an object that is able to accept assignments, such as a variable or a property."
    );
    assert_eq!(
        at("$x[0] = 1").0,
        "The assignment expression is not valid. The input to an assignment operator must be an object that is able to accept assignments, such as a variable or a property."
    );
    assert_eq!(
        at("<# never closed").0,
        "The terminator '#>' is missing from the multiline comment."
    );
    assert_eq!(
        at("if ($x) { a } else").0,
        "Missing statement block after 'else' keyword."
    );
    assert_eq!(
        at("foreach ($x Get-Mailbox) {}").0,
        "Missing 'in' after variable in foreach loop.\nThe correct form is: foreach ($a in $b) {...}"
    );
    assert_eq!(at("Get-X a,").0, "Missing argument in parameter list.");
    assert_eq!(at("()").0, "An expression was expected after '('.");
    assert_eq!(
        at("Get-X > out.txt").0,
        "Output redirection is not supported in this shell."
    );
    assert_eq!(
        at("Get-X < in.txt").0,
        "The '<' operator is reserved for future use."
    );
}

#[test]
fn too_deep_nesting_is_an_error_not_a_crash() {
    let deep = format!("{}1{}", "(".repeat(10_000), ")".repeat(10_000));
    assert_eq!(
        err(&deep).message,
        "Processing was stopped because the script is too complex."
    );
    let chain = format!("1{}", " + 1".repeat(10_000));
    assert_eq!(
        err(&chain).message,
        "Processing was stopped because the script is too complex."
    );
    let members = format!("$x{}", ".a".repeat(10_000));
    assert!(parse(&members).is_err());
    let nots = format!("{}$x", "!".repeat(10_000));
    assert!(parse(&nots).is_err());
    let strings = format!("{}x{}", "\"$(".repeat(5_000), ")\"".repeat(5_000));
    assert!(parse(&strings).is_err());
    let blocks = format!("{}{}", "{".repeat(10_000), "}".repeat(10_000));
    assert!(parse(&blocks).is_err());
}

#[test]
fn nesting_within_the_limit_parses() {
    // Well within the limit and deep enough to catch a stack-hungry parser on a 2 MiB test
    // thread (each level of parentheses is one nesting level).
    let n = exrbac_pwsh::MAX_DEPTH / 2 - 5;
    let parens = format!("{}$x{}", "(".repeat(n), ")".repeat(n));
    parse(&parens).unwrap();
    let mixed = format!(
        "{}$_.Name{}",
        "Get-X | ? {@($(".repeat(n / 4),
        ")) }".repeat(n / 4)
    );
    parse(&mixed).unwrap();
}
