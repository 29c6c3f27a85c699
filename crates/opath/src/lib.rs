#![doc = include_str!("../README.md")]
#![deny(missing_docs)]
#![cfg_attr(not(test), deny(clippy::indexing_slicing))]

mod ast;
mod datetime;
mod dn;
mod error;
mod eval;
#[rustfmt::skip]
mod generated;
mod lexer;
mod parser;
mod props;
#[cfg(test)]
mod tests;
mod text;
mod view;

use std::borrow::Cow;
use std::fmt;

pub use error::OpathError;
pub use props::{
    PropertyInfo, ValueType, canonical_property, filterable_properties, property_info,
};
pub use view::{LiteralView, Node, Operator};

/// Deepest nesting of parentheses and `-not` accepted; deeper filters are rejected rather than
/// risking the stack.
pub const MAX_DEPTH: usize = 100;

/// Which property set a filter is checked against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FilterKind {
    /// `-RecipientRestrictionFilter` (and `-RecipientFilter`): recipient properties.
    Recipient,
    /// `-ServerRestrictionFilter`: Exchange server properties.
    Server,
    /// `-DatabaseRestrictionFilter`: mailbox database properties.
    Database,
    /// `-Filter` of a Get-* recipient cmdlet: the union of the documented filterable recipient
    /// properties (the -Filter list and the RecipientFilter list).
    Cmdlet,
    /// `-Filter` of Get-RoleGroup: the properties its reference page lists.
    RoleGroup,
}

/// The value of a property on the object a filter is evaluated against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value<'a> {
    /// Not set.
    Null,
    /// A single text value (DNs included).
    Str(Cow<'a, str>),
    /// A Boolean property.
    Bool(bool),
    /// A numeric property.
    Int(i64),
    /// A multi-valued property; an empty list counts as `$null`.
    Multi(Vec<Cow<'a, str>>),
}

impl<'a> From<&'a str> for Value<'a> {
    fn from(s: &'a str) -> Self {
        Self::Str(Cow::Borrowed(s))
    }
}

impl From<String> for Value<'_> {
    fn from(s: String) -> Self {
        Self::Str(Cow::Owned(s))
    }
}

impl From<bool> for Value<'_> {
    fn from(b: bool) -> Self {
        Self::Bool(b)
    }
}

impl From<i64> for Value<'_> {
    fn from(i: i64) -> Self {
        Self::Int(i)
    }
}

impl<'a, T: Into<Value<'a>>> From<Option<T>> for Value<'a> {
    fn from(o: Option<T>) -> Self {
        o.map_or(Self::Null, Into::into)
    }
}

impl<'a> From<Vec<&'a str>> for Value<'a> {
    fn from(v: Vec<&'a str>) -> Self {
        Self::Multi(v.into_iter().map(Cow::Borrowed).collect())
    }
}

/// An object a filter can be evaluated against.
pub trait Subject {
    /// The value of a property, asked for by its canonical name (as returned by
    /// [`canonical_property`]). Unknown or unset properties are [`Value::Null`].
    fn property(&self, canonical_name: &str) -> Value<'_>;
}

impl<S: Subject + ?Sized> Subject for &S {
    fn property(&self, canonical_name: &str) -> Value<'_> {
        (**self).property(canonical_name)
    }
}

/// A property map as a subject; keys are matched exactly first, then case-insensitively.
impl<'v, H: std::hash::BuildHasher> Subject for std::collections::HashMap<String, Value<'v>, H> {
    fn property(&self, canonical_name: &str) -> Value<'_> {
        let found = self.get(canonical_name).or_else(|| {
            self.iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(canonical_name))
                .map(|(_, v)| v)
        });
        match found {
            None | Some(Value::Null) => Value::Null,
            Some(Value::Str(s)) => Value::Str(Cow::Borrowed(s)),
            Some(Value::Bool(b)) => Value::Bool(*b),
            Some(Value::Int(i)) => Value::Int(*i),
            Some(Value::Multi(v)) => Value::Multi(v.iter().map(|s| Cow::Borrowed(&**s)).collect()),
        }
    }
}

/// A parsed, validated OPATH filter.
#[derive(Debug, Clone, PartialEq)]
pub struct Filter {
    source: String,
    kind: FilterKind,
    expr: ast::Expr,
}

impl Filter {
    /// Parses `text`, the filter as the cmdlet receives it: the inside of a script block
    /// (`RecipientType -eq "UserMailbox"`) or the value of a string. Surrounding whitespace
    /// and one pair of surrounding braces are ignored.
    ///
    /// Errors carry the character position in [`Filter::source`]-style text (the trimmed
    /// filter) and, where relevant, the property.
    pub fn parse(text: &str, kind: FilterKind) -> Result<Filter, OpathError> {
        let source = strip_braces(text);
        let chars: Vec<char> = source.chars().collect();
        let tokens = lexer::tokenize(&chars).map_err(|e| OpathError::Syntax {
            filter: source.to_owned(),
            position: e.pos,
            reason: e.reason,
        })?;
        let expr = parser::Parser::new(tokens, source, kind).parse_filter()?;
        Ok(Filter {
            source: source.to_owned(),
            kind,
            expr,
        })
    }

    /// The filter text as given, without surrounding whitespace and braces.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The property set the filter was validated against.
    pub fn kind(&self) -> FilterKind {
        self.kind
    }

    /// Whether `subject` matches the filter.
    pub fn evaluate<S: Subject + ?Sized>(&self, subject: &S) -> bool {
        eval::eval(&self.expr, subject)
    }

    /// The parsed filter as a tree of comparisons, for translating it into
    /// another language. A comparison on `PrimarySmtpAddress` also searches
    /// `EmailAddresses` when evaluated.
    pub fn tree(&self) -> Node<'_> {
        view::view(&self.expr)
    }

    /// Canonical names of the properties the filter uses, in order of first use.
    pub fn properties(&self) -> Vec<&'static str> {
        let mut out = Vec::new();
        self.expr.collect_properties(&mut out);
        out
    }
}

/// The normalised text, in the shape Exchange shows a stored filter back: canonical property
/// names, single-quoted values, `$null`/`$true`/`$false`, every `-and`/`-or` operand
/// parenthesised. A single comparison is shown bare: `RecipientType -eq 'UserMailbox'`.
impl fmt::Display for Filter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.expr.fmt(f)
    }
}

impl std::str::FromStr for Filter {
    type Err = OpathError;

    /// Parses with [`FilterKind::Cmdlet`], the most permissive property set.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s, FilterKind::Cmdlet)
    }
}

fn strip_braces(text: &str) -> &str {
    let t = text.trim();
    t.strip_prefix('{')
        .and_then(|r| r.strip_suffix('}'))
        .map_or(t, str::trim)
}
