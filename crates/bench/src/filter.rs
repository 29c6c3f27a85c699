//! OPATH recipient filters as Cedar conditions on `resource`.
//!
//! Follows the evaluator's rules (crates/opath `eval.rs`): text compares
//! case-folded (the entities hold folded values, the literals are folded
//! here); an absent or empty value satisfies no positive comparison; a
//! multi-valued property matches `-eq` when any value does; `-like` has
//! wildcards only at its ends. What has no exact Cedar equivalent here
//! (ordering, dates, DNs, numbers, `-like` on a multi-valued property,
//! `PrimarySmtpAddress`, which also searches `EmailAddresses`) is refused
//! with the filter named, never approximated.

use crate::BenchError;
use crate::cedar::{fold, string_literal};
use exrbac_core::opath::{LiteralView, Node, Operator, ValueType};
use exrbac_core::*;
use std::collections::{BTreeMap, BTreeSet};

/// One recipient scope in Cedar.
pub(crate) struct Translated {
    /// The condition on `resource` (recipient root and filter).
    pub cedar: String,
    /// Canonical names of the properties its filter reads.
    pub properties: Vec<&'static str>,
}

/// The entity attribute holding an OPATH property.
pub(crate) fn attribute(property: &str) -> String {
    format!("opath_{property}")
}

/// Every recipient scope of the organization (custom and exclusive), translated.
pub(crate) fn recipient_scopes(
    org: &Organization,
) -> Result<BTreeMap<ScopeId, Translated>, BenchError> {
    let mut out = BTreeMap::new();
    for (id, s) in org.scopes() {
        if s.kind != ScopeKind::RecipientScope {
            continue;
        }
        let mut parts = Vec::new();
        if let Some(root) = s.recipient_root {
            parts.push(format!("resource.ou in Ou::\"{}\"", root.raw()));
        }
        let mut properties = Vec::new();
        if let Some(f) = &s.filter {
            let cond = node(&f.tree()).map_err(|why| {
                BenchError::Unsupported(format!("scope `{}` filter `{}`: {why}", s.name, f))
            })?;
            parts.push(cond);
            properties = f.properties();
        }
        let cedar = if parts.is_empty() {
            "true".to_string()
        } else {
            parts.join(" && ")
        };
        out.insert(id, Translated { cedar, properties });
    }
    Ok(out)
}

/// The properties the translated scopes read (what entities must carry).
pub(crate) fn properties(scopes: &BTreeMap<ScopeId, Translated>) -> BTreeSet<&'static str> {
    scopes
        .values()
        .flat_map(|t| t.properties.iter().copied())
        .collect()
}

fn node(n: &Node<'_>) -> Result<String, String> {
    match n {
        Node::Not(inner) => Ok(format!("!({})", node(inner)?)),
        Node::And(items) => join(items, " && "),
        Node::Or(items) => join(items, " || "),
        Node::Compare {
            property,
            value_type,
            multi_valued,
            operator,
            literal,
        } => compare(property, *value_type, *multi_valued, *operator, *literal),
    }
}

fn join(items: &[Node<'_>], op: &str) -> Result<String, String> {
    let parts: Result<Vec<String>, String> = items
        .iter()
        .map(|i| node(i).map(|c| format!("({c})")))
        .collect();
    Ok(parts?.join(op))
}

fn compare(
    property: &str,
    ty: ValueType,
    multi: bool,
    op: Operator,
    literal: LiteralView<'_>,
) -> Result<String, String> {
    if property.eq_ignore_ascii_case("PrimarySmtpAddress") {
        return Err("PrimarySmtpAddress also searches EmailAddresses".to_string());
    }
    let attr = attribute(property);
    let has = format!("resource has {attr}");
    let value = format!("resource.{attr}");
    let text = match literal {
        LiteralView::Null => {
            // Absent (the entities leave out empty values) is `$null`.
            return match op {
                Operator::Eq | Operator::Like => Ok(format!("!({has})")),
                Operator::Ne | Operator::NotLike => Ok(has),
                _ => Ok("false".to_string()),
            };
        }
        LiteralView::Bool(_) => return Err("Boolean literal".to_string()),
        LiteralView::Text(t) => t,
    };
    if text.is_empty() {
        return Err("empty text literal".to_string());
    }
    match ty {
        ValueType::String => {}
        // Named members compare as their names (a number literal could
        // name a member by its number: refused).
        ValueType::Enumeration if text.trim().parse::<i64>().is_err() => {}
        other => return Err(format!("{property} is {other:?}")),
    }
    let positive = match op {
        Operator::Eq | Operator::Ne => {
            let lit = string_literal(&fold(text));
            if multi {
                format!("({has} && {value}.contains({lit}))")
            } else {
                format!("({has} && {value} == {lit})")
            }
        }
        Operator::Like | Operator::NotLike => {
            if multi {
                return Err(format!("-like on multi-valued {property}"));
            }
            let lead = text.starts_with('*');
            let trail = text.len() > 1 && text.ends_with('*') || text == "*";
            let core = fold(text.trim_matches('*'));
            let mut pattern = String::new();
            if lead {
                pattern.push('*');
            }
            for c in core.chars() {
                if c == '*' {
                    pattern.push('\\');
                }
                pattern.push(c);
            }
            if trail {
                pattern.push('*');
            }
            // `string_literal` escapes quotes and backslashes; a `\*` must
            // reach Cedar's pattern as written, so it goes in unescaped.
            let lit = string_literal(&pattern).replace("\\\\*", "\\*");
            format!("({has} && {value} like {lit})")
        }
        _ => return Err(format!("ordering operator {op:?}")),
    };
    Ok(match op {
        Operator::Ne | Operator::NotLike => format!("!{positive}"),
        _ => positive,
    })
}
