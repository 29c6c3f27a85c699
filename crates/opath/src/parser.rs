//! Parser: tokens to [`Expr`].
//!
//! Grammar (keywords case-insensitive):
//! ```text
//! filter     := or END
//! or         := and ( "-or" and )*
//! and        := unary ( "-and" unary )*
//! unary      := "-not" unary | primary
//! primary    := "(" or ")" | comparison
//! comparison := PROPERTY CMPOP value
//! value      := QUOTED | WORD | "$null" | "$true" | "$false"
//! ```
//! `-and` binds tighter than `-or`, as in LDAP (what Exchange turns OPATH into) and most filter
//! languages. PowerShell itself gives them equal precedence, left to right; the two readings
//! differ only for an unparenthesised `A -or B -and C`, and the normalised text always shows
//! the grouping that was used.
//!
//! The parser is an operator-precedence (shunting-yard) machine with explicit stacks, so no
//! input can make it recurse. Exchange's own normal form nests two parentheses per operand of
//! a chain (`((((A) -and (B))) -and (C))`), so raw parenthesis depth is not a useful limit;
//! instead chains of the same operator are flattened and the *logical* depth of the result
//! (alternations of `-and`/`-or`/`-not`) is limited to [`MAX_DEPTH`], which bounds the
//! recursion of evaluation, display and drop.

use crate::ast::{CmpOp, Comparison, Expr, Literal};
use crate::error::OpathError;
use crate::eval::Prepared;
use crate::lexer::{Keyword, Tok, Token};
use crate::props::{self, PropDef};
use crate::{FilterKind, MAX_DEPTH};

/// Entries of the operator stack, each with the position of its token.
#[derive(Clone, Copy)]
enum Pending {
    Open(usize),
    Not(usize),
    And(usize),
    Or(usize),
}

/// An operand with its logical depth.
type Node = (Expr, usize);

pub(crate) struct Parser<'a> {
    tokens: Vec<Token>,
    next: usize,
    source: &'a str,
    kind: FilterKind,
}

impl<'a> Parser<'a> {
    pub(crate) fn new(tokens: Vec<Token>, source: &'a str, kind: FilterKind) -> Self {
        Self {
            tokens,
            next: 0,
            source,
            kind,
        }
    }

    fn peek(&self) -> &Tok {
        self.tokens.get(self.next).map_or(&Tok::End, |t| &t.tok)
    }

    fn pos(&self) -> usize {
        self.tokens
            .get(self.next)
            .or_else(|| self.tokens.last())
            .map_or(0, |t| t.pos)
    }

    fn bump(&mut self) -> Option<Token> {
        let t = self.tokens.get(self.next).cloned();
        if t.is_some() {
            self.next += 1;
        }
        t
    }

    fn syntax(&self, position: usize, reason: &'static str) -> OpathError {
        OpathError::Syntax {
            filter: self.source.to_owned(),
            position,
            reason,
        }
    }

    fn too_deep(&self, position: usize) -> OpathError {
        OpathError::TooDeep {
            filter: self.source.to_owned(),
            position,
        }
    }

    pub(crate) fn parse_filter(mut self) -> Result<Expr, OpathError> {
        if matches!(self.peek(), Tok::End) {
            return Err(self.syntax(0, "the filter is empty"));
        }
        let mut ops: Vec<Pending> = Vec::new();
        let mut operands: Vec<Node> = Vec::new();
        loop {
            // Expecting an operand.
            match self.peek() {
                Tok::LParen => {
                    ops.push(Pending::Open(self.pos()));
                    self.bump();
                    continue;
                }
                Tok::Op(Keyword::Not) => {
                    ops.push(Pending::Not(self.pos()));
                    self.bump();
                    continue;
                }
                Tok::Word(_) => {
                    let c = self.parse_comparison()?;
                    operands.push((Expr::Cmp(Box::new(c)), 0));
                    self.apply_nots(&mut ops, &mut operands)?;
                }
                Tok::End => return Err(self.syntax(self.pos(), "the filter ends too early")),
                _ => {
                    return Err(self.syntax(
                        self.pos(),
                        "expected a property name or an opening parenthesis",
                    ));
                }
            }
            // Expecting an operator, a closing parenthesis or the end.
            loop {
                match self.peek() {
                    Tok::RParen => {
                        let pos = self.pos();
                        loop {
                            match ops.pop() {
                                Some(Pending::Open(_)) => break,
                                Some(op) => self.reduce(op, &mut operands)?,
                                None => {
                                    return Err(self.syntax(pos, "unmatched closing parenthesis"));
                                }
                            }
                        }
                        self.bump();
                        self.apply_nots(&mut ops, &mut operands)?;
                    }
                    Tok::Op(k @ (Keyword::And | Keyword::Or)) => {
                        let is_and = *k == Keyword::And;
                        let pos = self.pos();
                        // Left associative; -and binds tighter than -or.
                        while let Some(&top) = ops.last() {
                            let pops = match top {
                                Pending::And(_) => true,
                                Pending::Or(_) => !is_and,
                                Pending::Open(_) | Pending::Not(_) => false,
                            };
                            if !pops {
                                break;
                            }
                            ops.pop();
                            self.reduce(top, &mut operands)?;
                        }
                        ops.push(if is_and {
                            Pending::And(pos)
                        } else {
                            Pending::Or(pos)
                        });
                        self.bump();
                        break;
                    }
                    Tok::End => {
                        let pos = self.pos();
                        while let Some(op) = ops.pop() {
                            if let Pending::Open(_) = op {
                                return Err(self.syntax(pos, "expected a closing parenthesis"));
                            }
                            self.reduce(op, &mut operands)?;
                        }
                        return match (operands.pop(), operands.is_empty()) {
                            (Some((e, _)), true) => Ok(e),
                            _ => Err(self.syntax(pos, "malformed filter")),
                        };
                    }
                    _ => {
                        let reason = if ops.iter().any(|o| matches!(o, Pending::Open(_))) {
                            "expected -and, -or or a closing parenthesis"
                        } else {
                            "expected -and, -or or the end of the filter"
                        };
                        return Err(self.syntax(self.pos(), reason));
                    }
                }
            }
        }
    }

    /// `-not` binds tightest: once an operand is complete, wrap it in the pending negations.
    fn apply_nots(
        &self,
        ops: &mut Vec<Pending>,
        operands: &mut Vec<Node>,
    ) -> Result<(), OpathError> {
        while let Some(&Pending::Not(pos)) = ops.last() {
            ops.pop();
            let (e, d) = operands
                .pop()
                .ok_or_else(|| self.syntax(pos, "malformed filter"))?;
            if d >= MAX_DEPTH {
                return Err(self.too_deep(pos));
            }
            operands.push((Expr::Not(Box::new(e)), d + 1));
        }
        Ok(())
    }

    fn reduce(&self, op: Pending, operands: &mut Vec<Node>) -> Result<(), OpathError> {
        let (is_and, pos) = match op {
            Pending::And(p) => (true, p),
            Pending::Or(p) => (false, p),
            Pending::Open(p) | Pending::Not(p) => return Err(self.syntax(p, "malformed filter")),
        };
        let (Some((b, db)), Some((a, da))) = (operands.pop(), operands.pop()) else {
            return Err(self.syntax(pos, "malformed filter"));
        };
        // Same-operator chains flatten: (A -and B) -and C is A -and B -and C.
        let same = |e: &Expr| match e {
            Expr::And(_) => is_and,
            Expr::Or(_) => !is_and,
            Expr::Cmp(_) | Expr::Not(_) => false,
        };
        let depth = match (same(&a), same(&b)) {
            (true, true) => da.max(db),
            (true, false) => da.max(db + 1),
            (false, true) => db.max(da + 1),
            (false, false) => da.max(db) + 1,
        };
        if depth > MAX_DEPTH {
            return Err(self.too_deep(pos));
        }
        let mut items = match a {
            Expr::And(v) if is_and => v,
            Expr::Or(v) if !is_and => v,
            other => vec![other],
        };
        match b {
            Expr::And(v) if is_and => items.extend(v),
            Expr::Or(v) if !is_and => items.extend(v),
            other => items.push(other),
        }
        operands.push((
            if is_and {
                Expr::And(items)
            } else {
                Expr::Or(items)
            },
            depth,
        ));
        Ok(())
    }

    fn parse_comparison(&mut self) -> Result<Comparison, OpathError> {
        let Some(Token {
            tok: Tok::Word(name),
            pos: name_pos,
        }) = self.bump()
        else {
            return Err(self.syntax(self.pos(), "expected a property name"));
        };
        let is_name_char = |c: char| c.is_ascii_alphanumeric() || c == '_';
        // Exchange shows some stored filters back with the operator glued to the property
        // (`(CustomAttribute2-eq "Corporate")`, in the Microsoft blog quoted in ast.rs), so a
        // property name directly followed by a comparison operator is split here.
        let mut glued = None;
        if let Some(dash) = name.chars().position(|c| !is_name_char(c)) {
            let mut rest = name.chars().skip(dash);
            glued = match rest.next() {
                Some(c) if crate::lexer::is_dash(c) => {
                    crate::lexer::keyword(&rest.collect::<String>()).and_then(comparison_op)
                }
                _ => None,
            };
            if glued.is_none() {
                return Err(self.syntax(name_pos + dash, "expected a property name"));
            }
        }
        let name: String = name.chars().take_while(|&c| is_name_char(c)).collect();
        let prop = props::lookup(&name, self.kind).ok_or_else(|| OpathError::UnknownProperty {
            filter: self.source.to_owned(),
            property: name.clone(),
            position: name_pos,
        })?;
        let op = if let Some(op) = glued {
            op
        } else {
            let Some(op) = (match self.peek() {
                Tok::Op(k) => comparison_op(*k),
                _ => None,
            }) else {
                return Err(self.syntax(
                    self.pos(),
                    "expected a comparison operator such as -eq, -ne or -like",
                ));
            };
            self.bump();
            op
        };
        let value_pos = self.pos();
        let value = match self.peek().clone() {
            Tok::Quoted(text) => Literal::Text { text, quoted: true },
            Tok::Word(text) => {
                // Only a bare integer is shown back bare; see `Literal`.
                let quoted = text.parse::<i64>().is_err();
                Literal::Text { text, quoted }
            }
            Tok::Dollar(name) => match name.to_ascii_lowercase().as_str() {
                "null" => Literal::Null,
                "true" => Literal::Bool(true),
                "false" => Literal::Bool(false),
                _ => {
                    return Err(self.syntax(
                        value_pos,
                        "only $null, $true and $false can be used; variables are not expanded in a filter",
                    ));
                }
            },
            _ => return Err(self.syntax(value_pos, "expected a value")),
        };
        self.bump();
        let value = self.check_value(prop, op, value, value_pos)?;
        let prep = Prepared::new(prop, op, &value);
        Ok(Comparison {
            prop,
            op,
            value,
            prep,
        })
    }

    fn check_value(
        &self,
        prop: &'static PropDef,
        op: CmpOp,
        value: Literal,
        position: usize,
    ) -> Result<Literal, OpathError> {
        let Literal::Text { text, quoted } = value else {
            return Ok(value);
        };
        let is_like = matches!(op, CmpOp::Like | CmpOp::NotLike);
        if is_like && text.trim_matches('*').contains('*') {
            // Wildcard placement: "In on-premises Exchange, wildcards are valid only as the
            // first or last character ... 'Sa*les' isn't allowed" (New-DynamicDistributionGroup
            // -RecipientFilter, office-docs-powershell); Microsoft's scope example uses both at
            // once (`Title -Like "*Manager*"`). Exchange Online's suffix-only rule
            // (recipient-filters.md) is not applied: exrbac models on-premises Exchange.
            return Err(OpathError::WildcardPlacement {
                filter: self.source.to_owned(),
                property: prop.name,
                value: text,
                position,
            });
        }
        if prop.strict && !(is_like && text.contains('*')) {
            let Some((canonical, _)) = prop
                .values
                .iter()
                .find(|(v, _)| v.eq_ignore_ascii_case(text.trim()))
            else {
                return Err(OpathError::InvalidValue {
                    filter: self.source.to_owned(),
                    property: prop.name,
                    value: text,
                    valid: prop
                        .values
                        .iter()
                        .map(|(v, _)| *v)
                        .collect::<Vec<_>>()
                        .join(", "),
                    position,
                });
            };
            return Ok(Literal::Text {
                text: (*canonical).to_owned(),
                quoted: true,
            });
        }
        Ok(Literal::Text { text, quoted })
    }
}

fn comparison_op(k: Keyword) -> Option<CmpOp> {
    Some(match k {
        Keyword::Eq => CmpOp::Eq,
        Keyword::Ne => CmpOp::Ne,
        Keyword::Lt => CmpOp::Lt,
        Keyword::Gt => CmpOp::Gt,
        Keyword::Le => CmpOp::Le,
        Keyword::Ge => CmpOp::Ge,
        Keyword::Like => CmpOp::Like,
        Keyword::NotLike => CmpOp::NotLike,
        Keyword::And | Keyword::Or | Keyword::Not => return None,
    })
}
