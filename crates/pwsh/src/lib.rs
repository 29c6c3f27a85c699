//! The PowerShell language subset of the exrbac admin shell: lexer, parser and syntax tree.
//!
//! The shell runs Exchange Management Shell command lines verbatim, so the parser follows
//! PowerShell's own rules, including its tolerance of text pasted from web pages: en dashes, em
//! dashes and horizontal bars count as `-`, and curly quotes count as quotes.
//!
//! ```
//! use exrbac_pwsh::{parse, Arg, Element, ExprKind, StatementKind};
//!
//! let script = parse("New-ManagementRoleAssignment –Name \"c2assignment1\" –Role c2role").unwrap();
//! let StatementKind::Pipeline(p) = &script.statements[0].kind else { unreachable!() };
//! let Element::Command(cmd) = &p.elements[0] else { unreachable!() };
//! assert_eq!(cmd.name, "New-ManagementRoleAssignment");
//! assert!(matches!(&cmd.args[0], Arg::Param { name, value: None, .. } if name == "Name"));
//! assert!(matches!(&cmd.args[3], Arg::Value(e) if e.kind == ExprKind::Bareword("c2role".into())));
//! ```
//!
//! Parsing has two modes, as in PowerShell. A pipeline element that starts with a word is a
//! command in *argument mode*: `-Name` is a parameter, unquoted text is a bareword (`SO-141`,
//! `contoso.com/Staff`, `*scope*`), and `a, b` is one array argument. Anything else (`$x`, `(`,
//! a quote, a number, `@(`…) is an expression in *expression mode*, where `-eq` is an operator.
//!
//! Errors carry PowerShell's message texts and render like PowerShell's
//! ([`ParseError::render`]). The parser never panics, and fails cleanly past
//! [`MAX_DEPTH`] levels of nesting or once it has used [`STACK_BUDGET`] bytes of stack, so a
//! parse fits in a 2 MiB thread stack whatever the input.
#![deny(missing_docs)]

mod ast;
mod err;
mod lexer;
mod parser;

pub use ast::{
    Arg, AssignOp, BinOp, Command, Element, Expr, ExprKind, Pipeline, Script, Span, Statement,
    StatementKind, StrPart, UnaryOp,
};
pub use err::{ParseError, line_col};
pub use parser::{MAX_DEPTH, STACK_BUDGET};

/// Parses a whole script (one or more lines) into its statements.
pub fn parse(src: &str) -> Result<Script, ParseError> {
    let mut lx = lexer::Lexer::new(src);
    let mut script = lx.statement_list_top()?;
    script.span = Span::new(0, src.len());
    Ok(script)
}
