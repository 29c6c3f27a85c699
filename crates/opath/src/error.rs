//! The error type of the parser.

/// Why a filter was rejected.
///
/// The `Display` texts follow Exchange's own messages where Microsoft's material shows them:
/// the syntax error (`Invalid filter syntax. … "<filter>" at position <n>.`, seen in
/// MicrosoftDocs/office-docs-powershell issue #8775 and Microsoft Q&A 222168) and the unknown
/// property error (`"<name>" is not a recognized filterable property.`, Microsoft Q&A 179546;
/// Exchange goes on to list every valid name, which we leave to [`crate::filterable_properties`]).
/// The other texts are ours.
///
/// Positions are 0-based character (not byte) indices into [`crate::Filter::source`]-style
/// text, i.e. the filter with surrounding whitespace and braces removed, pointing at the start
/// of the offending token. Exchange's own numbers in the two published examples land one or two
/// characters further on (at the token after an unexpected character); we point at the culprit.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum OpathError {
    /// The text is not a well-formed filter.
    #[error(
        "Invalid filter syntax. For a description of the filter parameter syntax see the command help.\n\"{filter}\" at position {position}."
    )]
    Syntax {
        /// The filter text.
        filter: String,
        /// Character index of the offending token.
        position: usize,
        /// A short explanation of what was expected (not part of Exchange's message).
        reason: &'static str,
    },
    /// A property name that is not filterable for this kind of filter.
    #[error("\"{property}\" is not a recognized filterable property.")]
    UnknownProperty {
        /// The filter text.
        filter: String,
        /// The name as written.
        property: String,
        /// Character index of the name.
        position: usize,
    },
    /// A value outside a documented enumeration (`RecipientType`, `RecipientTypeDetails`).
    #[error(
        "\"{value}\" is not a valid value for the \"{property}\" property. Valid values are: {valid}."
    )]
    InvalidValue {
        /// The filter text.
        filter: String,
        /// Canonical property name.
        property: &'static str,
        /// The value as written.
        value: String,
        /// Comma-separated list of the accepted values.
        valid: String,
        /// Character index of the value.
        position: usize,
    },
    /// A `*` somewhere other than the start or end of a `-like`/`-notlike` value.
    #[error(
        "The wildcard \"*\" can be used only at the beginning or end of the value \"{value}\" in the filter \"{filter}\" at position {position}."
    )]
    WildcardPlacement {
        /// The filter text.
        filter: String,
        /// Canonical property name.
        property: &'static str,
        /// The value as written.
        value: String,
        /// Character index of the value.
        position: usize,
    },
    /// Parentheses or `-not` nested deeper than [`crate::MAX_DEPTH`].
    #[error(
        "The filter \"{filter}\" is nested more than {max} levels deep at position {position}.",
        max = crate::MAX_DEPTH
    )]
    TooDeep {
        /// The filter text.
        filter: String,
        /// Character index of the token that went one level too deep.
        position: usize,
    },
}

impl OpathError {
    /// Character index (0-based) in the filter text where the problem was found.
    pub fn position(&self) -> usize {
        match self {
            Self::Syntax { position, .. }
            | Self::UnknownProperty { position, .. }
            | Self::InvalidValue { position, .. }
            | Self::WildcardPlacement { position, .. }
            | Self::TooDeep { position, .. } => *position,
        }
    }

    /// The property concerned, when there is one (as written for unknown properties,
    /// canonical otherwise).
    pub fn property(&self) -> Option<&str> {
        match self {
            Self::UnknownProperty { property, .. } => Some(property),
            Self::InvalidValue { property, .. } | Self::WildcardPlacement { property, .. } => {
                Some(property)
            }
            Self::Syntax { .. } | Self::TooDeep { .. } => None,
        }
    }

    /// The filter text the position refers to.
    pub fn filter(&self) -> &str {
        match self {
            Self::Syntax { filter, .. }
            | Self::UnknownProperty { filter, .. }
            | Self::InvalidValue { filter, .. }
            | Self::WildcardPlacement { filter, .. }
            | Self::TooDeep { filter, .. } => filter,
        }
    }

    /// A short human explanation, for syntax errors (Exchange's message has none).
    pub fn reason(&self) -> Option<&'static str> {
        match self {
            Self::Syntax { reason, .. } => Some(reason),
            _ => None,
        }
    }
}
