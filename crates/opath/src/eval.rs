//! Evaluation of a parsed filter against a subject.
//!
//! Rules (Microsoft's filter docs, plus choices recorded here):
//! - text compares case-insensitively;
//! - a multi-valued property matches `-eq`/`-like`/ordering when *any* value matches, and
//!   `-ne`/`-notlike` are the negation of that ("the filter returns a match if the property
//!   contains the specified value", filter-properties.md);
//! - `-eq $null` is true for a missing value, an empty string and an empty list; `-ne $null`
//!   is its negation; `-like`/`-notlike` with `$null` behave like `-eq`/`-ne`; ordering
//!   against `$null` is false;
//! - an absent value satisfies no positive comparison, so it satisfies every negated one;
//! - booleans accept `$true`/`$false` and the texts `True`/`False`;
//! - integers compare numerically when both sides are numbers, dates chronologically when
//!   both sides are dates, everything else as case-insensitive text.

use std::borrow::Cow;
use std::cmp::Ordering;

use crate::ast::{CmpOp, Comparison, Expr, Literal};
use crate::props::{PropDef, ValueType};
use crate::{Subject, Value, datetime, dn, text};

pub(crate) fn eval<S: Subject + ?Sized>(e: &Expr, subject: &S) -> bool {
    match e {
        Expr::Cmp(c) => compare(c, &subject.property(c.prop.name)),
        Expr::Not(inner) => !eval(inner, subject),
        Expr::And(items) => items.iter().all(|i| eval(i, subject)),
        Expr::Or(items) => items.iter().any(|i| eval(i, subject)),
    }
}

/// One value of a (possibly multi-valued) property.
enum Scalar<'a> {
    Str(&'a str),
    Bool(bool),
    Int(i64),
}

impl Scalar<'_> {
    fn text(&self) -> Cow<'_, str> {
        match self {
            Self::Str(s) => Cow::Borrowed(s),
            Self::Bool(true) => Cow::Borrowed("True"),
            Self::Bool(false) => Cow::Borrowed("False"),
            Self::Int(i) => Cow::Owned(i.to_string()),
        }
    }
}

fn scalars<'v>(v: &'v Value<'_>) -> Vec<Scalar<'v>> {
    match v {
        Value::Null => Vec::new(),
        Value::Str(s) => vec![Scalar::Str(s)],
        Value::Bool(b) => vec![Scalar::Bool(*b)],
        Value::Int(i) => vec![Scalar::Int(*i)],
        Value::Multi(items) => items.iter().map(|s| Scalar::Str(s)).collect(),
    }
}

fn is_empty(v: &Value<'_>) -> bool {
    match v {
        Value::Null => true,
        Value::Str(s) => s.is_empty(),
        Value::Multi(items) => items.iter().all(|s| s.is_empty()),
        Value::Bool(_) | Value::Int(_) => false,
    }
}

pub(crate) fn compare(c: &Comparison, v: &Value<'_>) -> bool {
    let lit = match &c.value {
        Literal::Null => {
            let empty = is_empty(v);
            return match c.op {
                CmpOp::Eq | CmpOp::Like => empty,
                CmpOp::Ne | CmpOp::NotLike => !empty,
                CmpOp::Lt | CmpOp::Gt | CmpOp::Le | CmpOp::Ge => false,
            };
        }
        Literal::Bool(b) => Lit::Bool(*b),
        Literal::Text { text, .. } => Lit::Text(text),
    };
    let items = scalars(v);
    let any = |f: &dyn Fn(&Scalar<'_>) -> bool| items.iter().any(f);
    match c.op {
        CmpOp::Eq => any(&|s| equals(c.prop, s, &lit)),
        CmpOp::Ne => !any(&|s| equals(c.prop, s, &lit)),
        CmpOp::Like => any(&|s| like(c.prop, s, &lit)),
        CmpOp::NotLike => !any(&|s| like(c.prop, s, &lit)),
        CmpOp::Lt => any(&|s| order(c.prop, s, &lit) == Some(Ordering::Less)),
        CmpOp::Gt => any(&|s| order(c.prop, s, &lit) == Some(Ordering::Greater)),
        CmpOp::Le => any(&|s| {
            matches!(
                order(c.prop, s, &lit),
                Some(Ordering::Less | Ordering::Equal)
            )
        }),
        CmpOp::Ge => any(&|s| {
            matches!(
                order(c.prop, s, &lit),
                Some(Ordering::Greater | Ordering::Equal)
            )
        }),
    }
}

enum Lit<'a> {
    Bool(bool),
    Text(&'a str),
}

fn parse_bool(s: &str) -> Option<bool> {
    let s = s.trim();
    let s = s.strip_prefix('$').unwrap_or(s);
    if s.eq_ignore_ascii_case("true") {
        Some(true)
    } else if s.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

fn as_bool(s: &Scalar<'_>) -> Option<bool> {
    match s {
        Scalar::Bool(b) => Some(*b),
        Scalar::Str(t) => parse_bool(t),
        Scalar::Int(i) => Some(*i != 0),
    }
}

fn as_int(s: &Scalar<'_>) -> Option<i64> {
    match s {
        Scalar::Int(i) => Some(*i),
        Scalar::Str(t) => t.trim().parse().ok(),
        Scalar::Bool(_) => None,
    }
}

/// Number of an enumeration member given by name or number, when the docs give numbers.
fn enum_number(prop: &PropDef, s: &str) -> Option<i64> {
    let s = s.trim();
    if let Ok(n) = s.parse::<i64>() {
        return Some(n);
    }
    prop.values
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(s))
        .and_then(|(_, n)| *n)
}

/// Proxy addresses are stored as `SMTP:user@x`; the docs say a complete address matches
/// without the prefix, so both forms of a stored value are candidates.
fn proxy_candidates(s: &str) -> [Option<&str>; 2] {
    let stripped = s.split_once(':').and_then(|(prefix, rest)| {
        (!prefix.is_empty()
            && prefix.len() <= 8
            && prefix.chars().all(|c| c.is_ascii_alphanumeric()))
        .then_some(rest)
    });
    [Some(s), stripped]
}

fn equals(prop: &PropDef, s: &Scalar<'_>, lit: &Lit<'_>) -> bool {
    let t = match lit {
        Lit::Bool(b) => return as_bool(s) == Some(*b),
        Lit::Text(t) => *t,
    };
    match prop.ty {
        ValueType::Boolean => {
            if let (Some(a), Some(b)) = (as_bool(s), parse_bool(t)) {
                return a == b;
            }
        }
        ValueType::Integer => {
            if let (Some(a), Ok(b)) = (as_int(s), t.trim().parse::<i64>()) {
                return a == b;
            }
        }
        ValueType::Enumeration => {
            if let (Some(a), Some(b)) = (enum_number(prop, &s.text()), enum_number(prop, t)) {
                return a == b;
            }
        }
        ValueType::DateTime => {
            if let (Some(a), Some(b)) = (datetime::parse(&s.text()), datetime::parse(t)) {
                return a == b;
            }
        }
        ValueType::DistinguishedName => return dn::dn_eq(&s.text(), t),
        ValueType::ProxyAddress => {
            return proxy_candidates(&s.text())
                .into_iter()
                .flatten()
                .any(|c| text::eq_ci(c, t));
        }
        ValueType::String => {}
    }
    text::eq_ci(&s.text(), t)
}

fn like(prop: &PropDef, s: &Scalar<'_>, lit: &Lit<'_>) -> bool {
    let pattern: Cow<'_, str> = match lit {
        Lit::Bool(true) => Cow::Borrowed("True"),
        Lit::Bool(false) => Cow::Borrowed("False"),
        Lit::Text(t) => Cow::Borrowed(t),
    };
    let value = s.text();
    match prop.ty {
        ValueType::DistinguishedName => {
            text::like_ci(&dn::squeeze(&value), &dn::squeeze(&pattern))
                // The name tolerance of `-eq` (see dn.rs) carries over: `Manager -like 'Ana*'`.
                || dn::first_rdn_value(&value).is_some_and(|v| text::like_ci(&v, &pattern))
                // A pattern without wildcards is an equality test; keep all DN tolerances.
                || (!pattern.contains('*') && dn::dn_eq(&value, &pattern))
        }
        ValueType::ProxyAddress => proxy_candidates(&value)
            .into_iter()
            .flatten()
            .any(|c| text::like_ci(c, &pattern)),
        _ => text::like_ci(&value, &pattern),
    }
}

fn order(prop: &PropDef, s: &Scalar<'_>, lit: &Lit<'_>) -> Option<Ordering> {
    let t = match lit {
        Lit::Bool(b) => return as_bool(s).map(|a| a.cmp(b)),
        Lit::Text(t) => *t,
    };
    if let (Some(a), Ok(b)) = (as_int(s), t.trim().parse::<i64>()) {
        return Some(a.cmp(&b));
    }
    match prop.ty {
        ValueType::DateTime => {
            if let (Some(a), Some(b)) = (datetime::parse(&s.text()), datetime::parse(t)) {
                return Some(a.cmp(&b));
            }
        }
        ValueType::Enumeration => {
            if let (Some(a), Some(b)) = (enum_number(prop, &s.text()), enum_number(prop, t)) {
                return Some(a.cmp(&b));
            }
        }
        ValueType::Boolean => {
            if let (Some(a), Some(b)) = (as_bool(s), parse_bool(t)) {
                return Some(a.cmp(&b));
            }
        }
        ValueType::DistinguishedName => {
            return Some(text::cmp_ci(&dn::squeeze(&s.text()), &dn::squeeze(t)));
        }
        ValueType::Integer | ValueType::String | ValueType::ProxyAddress => {}
    }
    Some(text::cmp_ci(&s.text(), t))
}
