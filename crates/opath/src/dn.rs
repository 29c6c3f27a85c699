//! Distinguished-name comparison.
//!
//! DN-valued properties (MemberOfGroup, Manager, Database, ManagedBy, …) hold the linked
//! object's DN, and Microsoft's docs say a filter must use the DN. We compare DNs
//! case-insensitively and ignore whitespace around the `,` and `=` separators, so
//! `CN=Sales, OU=Groups` equals `cn=sales,ou=groups`.
//!
//! Two tolerances go beyond Exchange on purpose:
//! - a plain name equals a DN whose first RDN has that value (`Database -eq 'DB01'` matches
//!   `CN=DB01,CN=Databases,…`): exrbac objects are often known by name only, and the docs
//!   themselves suggest looking the DN up from the name;
//! - a canonical name (`contoso.com/Users/Sales`) equals the DN it denotes; the -Filter docs
//!   accept canonical DNs for MemberOfGroup, Manager and similar properties.

/// A parsed DN: lowercase `(type, value)` pairs, in order. Values keep their escapes.
fn rdns(s: &str) -> Option<Vec<(String, String)>> {
    let mut out = Vec::new();
    for part in split_unescaped(s, ',') {
        let mut kv = split_unescaped(&part, '=').into_iter();
        let (Some(k), Some(v)) = (kv.next(), kv.next()) else {
            return None;
        };
        // Anything after a second unescaped `=` belongs to the value.
        let rest: Vec<String> = kv.collect();
        let mut value = v.trim().to_owned();
        for r in rest {
            value.push('=');
            value.push_str(r.trim());
        }
        let k = k.trim();
        if k.is_empty()
            || !k
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
        {
            return None;
        }
        out.push((
            k.to_ascii_lowercase(),
            value.chars().flat_map(char::to_lowercase).collect(),
        ));
    }
    if out.is_empty() { None } else { Some(out) }
}

fn split_unescaped(s: &str, sep: char) -> Vec<String> {
    let mut parts = Vec::new();
    let mut cur = String::new();
    let mut escaped = false;
    for c in s.chars() {
        if escaped {
            cur.push(c);
            escaped = false;
        } else if c == '\\' {
            cur.push(c);
            escaped = true;
        } else if c == sep {
            parts.push(std::mem::take(&mut cur));
        } else {
            cur.push(c);
        }
    }
    parts.push(cur);
    parts
}

fn unescape(v: &str) -> String {
    let mut out = String::new();
    let mut escaped = false;
    for c in v.chars() {
        if escaped || c != '\\' {
            out.push(c);
            escaped = false;
        } else {
            escaped = true;
        }
    }
    out
}

/// `contoso.com/Users/Sales` for `CN=Sales,CN=Users,DC=contoso,DC=com` (lowercase).
fn canonical_name(parsed: &[(String, String)]) -> String {
    let domain: Vec<String> = parsed
        .iter()
        .filter(|(k, _)| k == "dc")
        .map(|(_, v)| unescape(v))
        .collect();
    let mut out = domain.join(".");
    for (_, v) in parsed.iter().filter(|(k, _)| k != "dc").rev() {
        out.push('/');
        out.push_str(&unescape(v));
    }
    out
}

fn lower(s: &str) -> String {
    s.trim().chars().flat_map(char::to_lowercase).collect()
}

#[cfg(test)]
fn dn_vs_name(dn: &[(String, String)], name: &str) -> bool {
    let name = lower(name);
    if name.contains('/') {
        return canonical_name(dn) == name.trim_end_matches('/');
    }
    dn.first().is_some_and(|(_, v)| unescape(v) == name)
}

/// Equality of two values of a DN-valued property (see the module docs for the tolerances).
/// The evaluator uses the faster [`DnLiteral`]; this plain version is its test oracle.
#[cfg(test)]
pub(crate) fn dn_eq(a: &str, b: &str) -> bool {
    match (rdns(a), rdns(b)) {
        (Some(x), Some(y)) => x == y,
        (Some(x), None) => dn_vs_name(&x, b),
        (None, Some(y)) => dn_vs_name(&y, a),
        (None, None) => lower(a) == lower(b),
    }
}

/// Lowercase text with the blanks around unescaped `,` and `=` removed: the form in which
/// DN values and `-like` patterns over them are compared (a pattern such as
/// `cn=ana lopez, ou=users,*` is not itself a DN, so it cannot be parsed as one).
pub(crate) fn squeeze(s: &str) -> String {
    let mut out = String::new();
    let mut pending_blank = String::new();
    let mut escaped = false;
    let mut after_sep = true;
    for c in s.chars().flat_map(char::to_lowercase) {
        if escaped {
            out.push_str(&pending_blank);
            pending_blank.clear();
            out.push(c);
            escaped = false;
            after_sep = false;
        } else if c.is_whitespace() {
            if !after_sep {
                pending_blank.push(c);
            }
        } else if c == ',' || c == '=' {
            pending_blank.clear();
            out.push(c);
            after_sep = true;
        } else {
            out.push_str(&pending_blank);
            pending_blank.clear();
            out.push(c);
            escaped = c == '\\';
            after_sep = false;
        }
    }
    out
}

/// The unescaped, lowercase value of the first RDN, when `s` is a DN.
pub(crate) fn first_rdn_value(s: &str) -> Option<String> {
    if !is_dn(s) {
        return None;
    }
    let mut raw = String::new();
    let mut seen_eq = false;
    let mut escaped = false;
    for c in s.chars() {
        if escaped {
            raw.push(c);
            escaped = false;
            continue;
        }
        match c {
            '\\' if seen_eq => {
                raw.push(c);
                escaped = true;
            }
            '=' if !seen_eq => seen_eq = true,
            ',' => break,
            _ if seen_eq => raw.push(c),
            _ => {}
        }
    }
    Some(unescape(&squeeze(&raw)))
}

/// Whether `s` parses as a DN (every unescaped-comma-separated part is `type=value` with a
/// non-empty type of letters, digits, `-` or `.`), without allocating.
pub(crate) fn is_dn(s: &str) -> bool {
    let mut in_type = true;
    let mut type_len = 0usize;
    let mut type_done = false;
    let mut escaped = false;
    for c in s.chars() {
        if escaped {
            escaped = false;
            continue;
        }
        match c {
            '\\' if in_type => return false,
            '\\' => escaped = true,
            ',' if in_type => return false,
            ',' => {
                in_type = true;
                type_len = 0;
                type_done = false;
            }
            '=' if in_type => {
                if type_len == 0 {
                    return false;
                }
                in_type = false;
            }
            c if in_type => {
                if c.is_whitespace() {
                    type_done = type_len > 0;
                } else if (c.is_ascii_alphanumeric() || c == '-' || c == '.') && !type_done {
                    type_len += 1;
                } else {
                    return false;
                }
            }
            _ => {}
        }
    }
    !in_type
}

/// A filter value for a DN-valued property, analysed once when the filter is parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum DnLiteral {
    /// A DN: its squeezed form, its first RDN value and its canonical name (for subjects
    /// known only by name or canonical name).
    Dn {
        squeezed: String,
        first: String,
        canonical: String,
    },
    /// A canonical name such as `contoso.com/Users/Sales` (lowercase, no trailing `/`), and the
    /// whole text lowercased for subjects that are not DNs.
    Canonical { canonical: String, plain: String },
    /// A plain name, lowercased and trimmed.
    Name(String),
}

impl DnLiteral {
    pub(crate) fn new(text: &str) -> Self {
        match rdns(text) {
            Some(parts) => Self::Dn {
                squeezed: squeeze(text),
                first: parts.first().map(|(_, v)| unescape(v)).unwrap_or_default(),
                canonical: canonical_name(&parts),
            },
            None => {
                let plain = lower(text);
                if plain.contains('/') {
                    Self::Canonical {
                        canonical: plain.trim_end_matches('/').to_owned(),
                        plain,
                    }
                } else {
                    Self::Name(plain)
                }
            }
        }
    }

    /// Same result as `dn_eq(subject, literal)`.
    pub(crate) fn matches(&self, subject: &str) -> bool {
        let subject_is_dn = is_dn(subject);
        match self {
            Self::Dn {
                squeezed,
                first,
                canonical,
            } => {
                if subject_is_dn {
                    squeeze(subject) == *squeezed
                } else {
                    let name = lower(subject);
                    if name.contains('/') {
                        name.trim_end_matches('/') == canonical
                    } else {
                        name == *first
                    }
                }
            }
            Self::Name(name) => {
                if subject_is_dn {
                    first_rdn_value(subject).is_some_and(|v| v == *name)
                } else {
                    lower(subject) == *name
                }
            }
            Self::Canonical { canonical, plain } => {
                if subject_is_dn {
                    rdns(subject).is_some_and(|p| canonical_name(&p) == *canonical)
                } else {
                    lower(subject) == *plain
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const G: &str = "CN=2nd Level Support,OU=Security Groups,DC=domainA,DC=lab";

    #[test]
    fn case_and_spaces() {
        assert!(dn_eq(
            G,
            "cn=2nd Level Support, ou=Security Groups, dc=domainA, dc=lab"
        ));
        assert!(dn_eq(
            G,
            "CN = 2nd level support ,OU=SECURITY GROUPS,DC=DOMAINA,DC=LAB"
        ));
        assert!(!dn_eq(
            G,
            "CN=2nd Level Support,OU=Security Groups,DC=domainB,DC=lab"
        ));
        // Spaces inside a value are significant.
        assert!(!dn_eq(
            G,
            "CN=2ndLevel Support,OU=Security Groups,DC=domainA,DC=lab"
        ));
    }

    #[test]
    fn first_rdn_and_canonical_tolerance() {
        let db = "CN=DB01,CN=Databases,CN=Exchange Administrative Group (FYDIBOHF23SPDLT),CN=Administrative Groups,CN=Contoso,CN=Microsoft Exchange,CN=Services,CN=Configuration,DC=contoso,DC=com";
        assert!(dn_eq(db, "DB01"));
        assert!(dn_eq("db01", db));
        assert!(!dn_eq(db, "DB02"));
        assert!(!dn_eq(db, "Databases"));
        assert!(dn_eq(
            "CN=Sales,CN=Users,DC=contoso,DC=com",
            "contoso.com/Users/Sales"
        ));
        assert!(!dn_eq(
            "CN=Sales,CN=Users,DC=contoso,DC=com",
            "contoso.com/Sales"
        ));
        assert!(dn_eq("Sales", "sales"));
    }

    #[test]
    fn escapes() {
        let dn = r"CN=Smith\, John,OU=Users,DC=contoso,DC=com";
        assert!(dn_eq(dn, r"cn=smith\, john,ou=users,dc=contoso,dc=com"));
        assert!(dn_eq(dn, "Smith, John"));
        assert_eq!(squeeze(dn), r"cn=smith\, john,ou=users,dc=contoso,dc=com");
        assert_eq!(first_rdn_value(dn).as_deref(), Some("smith, john"));
    }

    #[test]
    fn fast_path_agrees_with_oracle() {
        let samples = [
            G,
            "cn=2nd level support, ou=security groups, dc=domaina, dc=lab",
            "CN=DB01,CN=Databases,DC=contoso,DC=com",
            "DB01",
            "db01 ",
            "contoso.com/Databases/DB01",
            "contoso.com/Databases/DB01/",
            r"CN=Smith\, John,OU=Users,DC=contoso,DC=com",
            "Smith, John",
            "CN=a = b,DC=x",
            "CN=a=b,DC=x",
            "a=b",
            "=x",
            "C N=x",
            "CN=x,",
            "",
            " ",
            "x/y",
            r"CN=a\",
            "CN=\u{212A}elvin,DC=x",
            "cn=\u{212A}ELVIN,dc=X",
        ];
        for a in samples {
            assert_eq!(is_dn(a), rdns(a).is_some(), "is_dn({a:?})");
            for b in samples {
                assert_eq!(DnLiteral::new(b).matches(a), dn_eq(a, b), "{a:?} vs {b:?}");
            }
        }
    }

    #[test]
    fn not_a_dn() {
        assert_eq!(squeeze("  CN = a b ,  OU=c  "), "cn=a b,ou=c");
        assert_eq!(
            squeeze("cn=ana lopez, ou=users,*"),
            "cn=ana lopez,ou=users,*"
        );
        assert_eq!(first_rdn_value("plain"), None);
        assert!(rdns("a,b").is_none());
        assert!(rdns("=x").is_none());
        assert!(rdns("").is_none());
    }
}
