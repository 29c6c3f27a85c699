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
//!   both sides are dates, documented enumeration names by their numbers, everything else as
//!   case-insensitive text.
//!
//! Everything that depends only on the filter is worked out once, when it is parsed
//! ([`Prepared`]), so evaluating a comparison mostly streams over the subject's value.

use std::borrow::Cow;
use std::cmp::Ordering;

use crate::ast::{CmpOp, Comparison, Expr, Literal};
use crate::datetime::{self, Stamp};
use crate::dn::{self, DnLiteral};
use crate::props::{PropDef, ValueType};
use crate::{Subject, Value, text};

/// "Any filter that uses the PrimarySmtpAddress property will also search values in the
/// EmailAddresses property" (recipientfilter-properties.md), so that comparison sees both.
pub(crate) const ALSO_SEARCHES: (&str, &str) = ("PrimarySmtpAddress", "EmailAddresses");

pub(crate) fn eval<S: Subject + ?Sized>(e: &Expr, subject: &S) -> bool {
    match e {
        Expr::Cmp(c) if c.prop.name == ALSO_SEARCHES.0 => {
            let mut all: Vec<Cow<'_, str>> = Vec::new();
            for v in [
                subject.property(ALSO_SEARCHES.0),
                subject.property(ALSO_SEARCHES.1),
            ] {
                match v {
                    Value::Null => {}
                    Value::Str(s) => all.push(s),
                    Value::Multi(items) => all.extend(items),
                    Value::Bool(b) => all.push(Cow::Owned(b.to_string())),
                    Value::Int(i) => all.push(Cow::Owned(i.to_string())),
                }
            }
            compare(c, &Value::Multi(all))
        }
        Expr::Cmp(c) => compare(c, &subject.property(c.prop.name)),
        Expr::Not(inner) => !eval(inner, subject),
        Expr::And(items) => items.iter().all(|i| eval(i, subject)),
        Expr::Or(items) => items.iter().any(|i| eval(i, subject)),
    }
}

/// A `-like` pattern. The parser lets `*` appear only at the ends, so matching is a prefix,
/// suffix, containment or equality test on case-folded text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LikePattern {
    lead: bool,
    trail: bool,
    /// Folded text between the wildcards.
    core: String,
}

impl LikePattern {
    fn new(pattern: &str) -> Self {
        let lead = pattern.starts_with('*');
        let trail = pattern.len() > 1 && pattern.ends_with('*') || pattern == "*";
        Self {
            lead,
            trail,
            core: text::fold(pattern.trim_matches('*')),
        }
    }

    fn matches(&self, s: &str) -> bool {
        match (self.lead, self.trail) {
            (false, false) => text::folded(s).eq(self.core.chars()),
            (false, true) => {
                let mut it = text::folded(s);
                self.core.chars().all(|c| it.next() == Some(c))
            }
            (true, false) => {
                let mut it = s.chars().rev().flat_map(|c| c.to_lowercase().rev());
                self.core.chars().rev().all(|c| it.next() == Some(c))
            }
            (true, true) => text::fold(s).contains(self.core.as_str()),
        }
    }
}

/// The literal of a comparison, analysed for every way it may be compared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Prepared {
    /// Case-folded text of the literal (`True`/`False` for `$true`/`$false`).
    folded: String,
    boolean: Option<bool>,
    int: Option<i64>,
    date: Option<Stamp>,
    /// Number of the enumeration member the literal names, when the docs give numbers.
    member: Option<i64>,
    like: Option<LikePattern>,
    /// For DN-valued properties: the literal as a DN, and the pattern squeezed like a DN.
    dn: Option<DnLiteral>,
    dn_like: Option<LikePattern>,
}

impl Prepared {
    pub(crate) fn new(prop: &PropDef, op: CmpOp, value: &Literal) -> Self {
        let text: Cow<'_, str> = match value {
            Literal::Null => Cow::Borrowed(""),
            Literal::Bool(true) => Cow::Borrowed("True"),
            Literal::Bool(false) => Cow::Borrowed("False"),
            Literal::Text { text, .. } => Cow::Borrowed(text),
        };
        let is_like = matches!(op, CmpOp::Like | CmpOp::NotLike);
        let is_dn = prop.ty == ValueType::DistinguishedName;
        Self {
            folded: text::fold(&text),
            boolean: match value {
                Literal::Bool(b) => Some(*b),
                _ => parse_bool(&text),
            },
            int: text.trim().parse().ok(),
            date: datetime::parse(&text),
            member: enum_number(prop, &text),
            like: is_like.then(|| LikePattern::new(&text)),
            dn: (is_dn && matches!(value, Literal::Text { .. })).then(|| DnLiteral::new(&text)),
            dn_like: (is_dn && is_like).then(|| LikePattern::new(&dn::squeeze(&text))),
        }
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

/// Whether any value of `v` satisfies `f`.
fn any_value(v: &Value<'_>, f: impl Fn(&Scalar<'_>) -> bool) -> bool {
    match v {
        Value::Null => false,
        Value::Str(s) => f(&Scalar::Str(s)),
        Value::Bool(b) => f(&Scalar::Bool(*b)),
        Value::Int(i) => f(&Scalar::Int(*i)),
        Value::Multi(items) => items.iter().any(|s| f(&Scalar::Str(s))),
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
    if c.value == Literal::Null {
        let empty = is_empty(v);
        return match c.op {
            CmpOp::Eq | CmpOp::Like => empty,
            CmpOp::Ne | CmpOp::NotLike => !empty,
            CmpOp::Lt | CmpOp::Gt | CmpOp::Le | CmpOp::Ge => false,
        };
    }
    let (p, lit) = (c.prop, &c.prep);
    match c.op {
        CmpOp::Eq => any_value(v, |s| equals(p, s, lit)),
        CmpOp::Ne => !any_value(v, |s| equals(p, s, lit)),
        CmpOp::Like => any_value(v, |s| like(p, s, lit)),
        CmpOp::NotLike => !any_value(v, |s| like(p, s, lit)),
        CmpOp::Lt => any_value(v, |s| order(p, s, lit) == Some(Ordering::Less)),
        CmpOp::Gt => any_value(v, |s| order(p, s, lit) == Some(Ordering::Greater)),
        CmpOp::Le => any_value(v, |s| order(p, s, lit).is_some_and(Ordering::is_le)),
        CmpOp::Ge => any_value(v, |s| order(p, s, lit).is_some_and(Ordering::is_ge)),
    }
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
    if prop.ty != ValueType::Enumeration {
        return None;
    }
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

fn text_eq(s: &str, lit: &Prepared) -> bool {
    text::folded(s).eq(lit.folded.chars())
}

fn equals(prop: &PropDef, s: &Scalar<'_>, lit: &Prepared) -> bool {
    match prop.ty {
        ValueType::Boolean => {
            if let (Some(a), Some(b)) = (as_bool(s), lit.boolean) {
                return a == b;
            }
        }
        ValueType::Integer => {
            if let (Some(a), Some(b)) = (as_int(s), lit.int) {
                return a == b;
            }
        }
        ValueType::Enumeration => {
            if let (Some(a), Some(b)) = (enum_number(prop, &s.text()), lit.member) {
                return a == b;
            }
        }
        ValueType::DateTime => {
            if let (Some(a), Some(b)) = (datetime::parse(&s.text()), lit.date) {
                return a == b;
            }
        }
        ValueType::DistinguishedName => {
            if let Some(d) = &lit.dn {
                return d.matches(&s.text());
            }
        }
        ValueType::ProxyAddress => {
            return proxy_candidates(&s.text())
                .into_iter()
                .flatten()
                .any(|c| text_eq(c, lit));
        }
        ValueType::String => {}
    }
    if let (Scalar::Bool(a), Some(b)) = (s, lit.boolean) {
        return *a == b;
    }
    text_eq(&s.text(), lit)
}

fn like(prop: &PropDef, s: &Scalar<'_>, lit: &Prepared) -> bool {
    let Some(pattern) = &lit.like else {
        return false;
    };
    let value = s.text();
    match prop.ty {
        ValueType::DistinguishedName => {
            lit.dn_like
                .as_ref()
                .is_some_and(|p| p.matches(&dn::squeeze(&value)))
                // The name tolerance of `-eq` (see dn.rs) carries over: `Manager -like 'Ana*'`.
                || dn::first_rdn_value(&value).is_some_and(|v| pattern.matches(&v))
                // A pattern without wildcards is an equality test; keep all DN tolerances.
                || (!pattern.lead && !pattern.trail && lit.dn.as_ref().is_some_and(|d| d.matches(&value)))
        }
        ValueType::ProxyAddress => proxy_candidates(&value)
            .into_iter()
            .flatten()
            .any(|c| pattern.matches(c)),
        _ => pattern.matches(&value),
    }
}

fn order(prop: &PropDef, s: &Scalar<'_>, lit: &Prepared) -> Option<Ordering> {
    if let (Scalar::Bool(a), Some(b)) = (s, lit.boolean) {
        return Some(a.cmp(&b));
    }
    if let (Some(a), Some(b)) = (as_int(s), lit.int) {
        return Some(a.cmp(&b));
    }
    match prop.ty {
        ValueType::DateTime => {
            if let (Some(a), Some(b)) = (datetime::parse(&s.text()), lit.date) {
                return Some(a.cmp(&b));
            }
        }
        ValueType::Enumeration => {
            if let (Some(a), Some(b)) = (enum_number(prop, &s.text()), lit.member) {
                return Some(a.cmp(&b));
            }
        }
        ValueType::Boolean => {
            if let (Some(a), Some(b)) = (as_bool(s), lit.boolean) {
                return Some(a.cmp(&b));
            }
        }
        ValueType::DistinguishedName => {
            return Some(dn::squeeze(&s.text()).cmp(&dn::squeeze(&lit.folded)));
        }
        ValueType::Integer | ValueType::String | ValueType::ProxyAddress => {}
    }
    Some(text::folded(&s.text()).cmp(lit.folded.chars()))
}

#[cfg(test)]
mod tests {
    use super::LikePattern;
    use crate::text::like_ci;

    #[test]
    fn like_pattern_agrees_with_general_matcher() {
        let texts = [
            "",
            "a",
            "Sales",
            "sales team",
            "Presales",
            "ſ",
            "İstanbul",
            "ǅx",
            "*",
            "a*",
        ];
        let patterns = [
            "", "*", "**", "sales", "sales*", "*sales", "*SALES*", "*a", "a*", "*ſ*", "i̇*", "ǆ*",
        ];
        for t in texts {
            for p in patterns {
                assert_eq!(
                    LikePattern::new(p).matches(t),
                    like_ci(t, p),
                    "{t:?} ~ {p:?}"
                );
            }
        }
    }
}
