//! The parsed form of a filter and its normalised text.

use std::fmt::{self, Write as _};

use crate::props::PropDef;

/// A comparison operator of a filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmpOp {
    /// `-eq`
    Eq,
    /// `-ne`
    Ne,
    /// `-lt`
    Lt,
    /// `-gt`
    Gt,
    /// `-le`
    Le,
    /// `-ge`
    Ge,
    /// `-like`
    Like,
    /// `-notlike`
    NotLike,
}

impl CmpOp {
    fn as_str(self) -> &'static str {
        match self {
            Self::Eq => "-eq",
            Self::Ne => "-ne",
            Self::Lt => "-lt",
            Self::Gt => "-gt",
            Self::Le => "-le",
            Self::Ge => "-ge",
            Self::Like => "-like",
            Self::NotLike => "-notlike",
        }
    }
}

/// The right-hand side of a comparison.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Literal {
    Null,
    Bool(bool),
    /// Text, quoted or bare. `quoted` only affects how it is shown back: it is false only for
    /// an integer written without quotes (`PostalCode -eq 90210`), so that showing and
    /// re-parsing gives the same literal.
    Text {
        text: String,
        quoted: bool,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Comparison {
    pub prop: &'static PropDef,
    pub op: CmpOp,
    pub value: Literal,
    /// `value` analysed for evaluation; derived from the three fields above.
    pub prep: crate::eval::Prepared,
}

/// `And`/`Or` are n-ary so that long flat chains do not make deep trees (and deep recursion).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Expr {
    Cmp(Box<Comparison>),
    Not(Box<Expr>),
    And(Vec<Expr>),
    Or(Vec<Expr>),
}

impl Expr {
    pub(crate) fn collect_properties(&self, out: &mut Vec<&'static str>) {
        match self {
            Self::Cmp(c) => {
                let (name, also) = crate::eval::ALSO_SEARCHES;
                let extra = (c.prop.name == name).then_some(also);
                for p in std::iter::once(c.prop.name).chain(extra) {
                    if !out.contains(&p) {
                        out.push(p);
                    }
                }
            }
            Self::Not(e) => e.collect_properties(out),
            Self::And(v) | Self::Or(v) => v.iter().for_each(|e| e.collect_properties(out)),
        }
    }
}

impl fmt::Display for Literal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Null => f.write_str("$null"),
            Self::Bool(true) => f.write_str("$true"),
            Self::Bool(false) => f.write_str("$false"),
            Self::Text { text, quoted } => {
                if !quoted {
                    return f.write_str(text);
                }
                f.write_char('\'')?;
                for c in text.chars() {
                    // Every character PowerShell reads as a single quote must be doubled, or
                    // the text would not parse back to the same value.
                    if matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}') {
                        f.write_char(c)?;
                    }
                    f.write_char(c)?;
                }
                f.write_char('\'')
            }
        }
    }
}

impl fmt::Display for Comparison {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} {}", self.prop.name, self.op.as_str(), self.value)
    }
}

/// Exchange shows a stored filter back fully parenthesised, each binary operation as
/// `((left) -op (right))` folded from the left, and negation as `-not(inner)`; e.g. it returns
/// `((((A) -and (B))) -and (C))` for `A -and B -and C` (Microsoft "Messaging with
/// Communications" blog, "LDAP to OPATH Conversion - Why All The Parenthesis?"). We print the
/// same shape, which also makes the grouping we parsed explicit.
impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Cmp(c) => c.fmt(f),
            Self::Not(e) => write!(f, "-not({e})"),
            Self::And(items) => fold(f, items, "-and"),
            Self::Or(items) => fold(f, items, "-or"),
        }
    }
}

/// Writes the left fold of `items` in linear time: `((` per extra operand, then the first
/// operand, then `) op (next))` for each further operand.
fn fold(f: &mut fmt::Formatter<'_>, items: &[Expr], op: &str) -> fmt::Result {
    let mut iter = items.iter();
    let Some(first) = iter.next() else {
        return Ok(());
    };
    for _ in 1..items.len() {
        f.write_str("((")?;
    }
    write!(f, "{first}")?;
    for e in iter {
        write!(f, ") {op} ({e}))")?;
    }
    Ok(())
}
