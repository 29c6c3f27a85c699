//! A read-only view of a parsed filter, for tools that translate filters into
//! another policy language (the benchmarks' Cedar encoding). Evaluation stays
//! in `eval.rs`; a translator must follow the rules documented there.

use crate::ast::{Expr, Literal};
use crate::props::ValueType;

/// A comparison operator: the parser's own (a translator handles `-like`
/// with wildcards only at the ends, as `eval.rs` documents).
pub use crate::ast::CmpOp as Operator;

/// The right-hand side of a comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LiteralView<'f> {
    /// `$null`
    Null,
    /// `$true` / `$false`
    Bool(bool),
    /// Text, unquoted.
    Text(&'f str),
}

/// One node of a filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node<'f> {
    /// `Property -op literal`.
    Compare {
        /// Canonical property name.
        property: &'static str,
        /// How the property's values compare.
        value_type: ValueType,
        /// Whether the property holds several values.
        multi_valued: bool,
        /// The operator.
        operator: Operator,
        /// The literal.
        literal: LiteralView<'f>,
    },
    /// `-not (…)`
    Not(Box<Node<'f>>),
    /// Every operand holds.
    And(Vec<Node<'f>>),
    /// Some operand holds.
    Or(Vec<Node<'f>>),
}

pub(crate) fn view(e: &Expr) -> Node<'_> {
    match e {
        Expr::Cmp(c) => Node::Compare {
            property: c.prop.name,
            value_type: c.prop.ty,
            multi_valued: c.prop.multi,
            operator: c.op,
            literal: match &c.value {
                Literal::Null => LiteralView::Null,
                Literal::Bool(b) => LiteralView::Bool(*b),
                Literal::Text { text, .. } => LiteralView::Text(text),
            },
        },
        Expr::Not(inner) => Node::Not(Box::new(view(inner))),
        Expr::And(items) => Node::And(items.iter().map(view).collect()),
        Expr::Or(items) => Node::Or(items.iter().map(view).collect()),
    }
}
