//! Filterable-property tables and lookups.
//!
//! The tables themselves live in `generated.rs`, produced by `tools/gen_tables.py` from the
//! documented property lists in `data/` (sources in `data/SOURCES.md`).

use crate::FilterKind;
use crate::generated::{CMDLET, DATABASE, RECIPIENT, SERVER, SERVER_ALIASES};

/// How the evaluator treats the values of a property.
///
/// Derived from the "Value" column of Microsoft's filterable-property tables; server and
/// database properties are classified by this crate (the docs list only their names).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ValueType {
    /// Free text, compared case-insensitively.
    String,
    /// A link to another directory object, stored as its distinguished name.
    DistinguishedName,
    /// `$true` / `$false`.
    Boolean,
    /// A whole number (some also accept `Unlimited`, which then compares as text).
    Integer,
    /// A date/time value.
    DateTime,
    /// A named enumeration; the names (and, where documented, their numbers) are known.
    Enumeration,
    /// A proxy address list such as `EmailAddresses` (`SMTP:` prefixes are optional in filters).
    ProxyAddress,
}

/// One row of a generated property table.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct PropDef {
    /// Lowercase ASCII name: the sort and search key.
    pub key: &'static str,
    /// Canonical spelling.
    pub name: &'static str,
    pub ty: ValueType,
    /// Documented as multi-valued (the filter matches if *any* value matches).
    pub multi: bool,
    /// Values outside `values` are rejected at parse time.
    pub strict: bool,
    /// Documented enumeration members with their numeric value when the docs give one.
    pub values: &'static [(&'static str, Option<i64>)],
}

/// What the crate knows about a filterable property.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PropertyInfo {
    /// Canonical spelling, as [`Subject::property`](crate::Subject::property) receives it.
    pub name: &'static str,
    /// How values are compared.
    pub value_type: ValueType,
    /// Documented as multi-valued; subjects should return [`Value::Multi`](crate::Value::Multi).
    pub multi_valued: bool,
    /// Documented enumeration members (empty unless `value_type` is `Enumeration`).
    pub enumeration: &'static [(&'static str, Option<i64>)],
}

impl PropDef {
    pub(crate) fn info(&'static self) -> PropertyInfo {
        PropertyInfo {
            name: self.name,
            value_type: self.ty,
            multi_valued: self.multi,
            enumeration: self.values,
        }
    }
}

/// Get-RoleGroup's filterable properties, as `PS:Get-RoleGroup` (-Filter) lists them
/// (MicrosoftDocs/office-docs-powershell:exchange/exchange-ps/ExchangePowerShell/Get-RoleGroup.md);
/// sorted by `key`.
static ROLE_GROUP: &[PropDef] = &[
    PropDef {
        key: "displayname",
        name: "DisplayName",
        ty: ValueType::String,
        multi: false,
        strict: false,
        values: &[],
    },
    PropDef {
        key: "linkedgroup",
        name: "LinkedGroup",
        ty: ValueType::String,
        multi: false,
        strict: false,
        values: &[],
    },
    PropDef {
        key: "managedby",
        name: "ManagedBy",
        ty: ValueType::DistinguishedName,
        multi: true,
        strict: false,
        values: &[],
    },
    PropDef {
        key: "members",
        name: "Members",
        ty: ValueType::DistinguishedName,
        multi: true,
        strict: false,
        values: &[],
    },
    PropDef {
        key: "name",
        name: "Name",
        ty: ValueType::String,
        multi: false,
        strict: false,
        values: &[],
    },
    PropDef {
        key: "rolegrouptype",
        name: "RoleGroupType",
        ty: ValueType::Enumeration,
        multi: false,
        strict: true,
        values: &[("Standard", None), ("Linked", None)],
    },
];

fn table(kind: FilterKind) -> &'static [PropDef] {
    match kind {
        FilterKind::Recipient => RECIPIENT,
        FilterKind::Server => SERVER,
        FilterKind::Database => DATABASE,
        FilterKind::Cmdlet => CMDLET,
        FilterKind::RoleGroup => ROLE_GROUP,
    }
}

fn find(rows: &'static [PropDef], lower: &str) -> Option<&'static PropDef> {
    rows.binary_search_by(|p| p.key.cmp(lower))
        .ok()
        .and_then(|i| rows.get(i))
}

/// Case-insensitive lookup of a property for a filter kind, following documented aliases.
pub(crate) fn lookup(name: &str, kind: FilterKind) -> Option<&'static PropDef> {
    // Property names are ASCII; anything else cannot match and must not be folded into a
    // false positive (e.g. Kelvin sign vs `k`).
    if name.is_empty() || !name.is_ascii() {
        return None;
    }
    let lower = name.to_ascii_lowercase();
    let rows = table(kind);
    if let Some(p) = find(rows, &lower) {
        return Some(p);
    }
    if kind == FilterKind::Server {
        let target = SERVER_ALIASES
            .iter()
            .find(|(alias, _)| *alias == lower)
            .map(|(_, canonical)| canonical.to_ascii_lowercase())?;
        return find(rows, &target);
    }
    None
}

/// All filterable properties of a kind, in case-insensitive alphabetical order.
pub fn filterable_properties(kind: FilterKind) -> impl Iterator<Item = PropertyInfo> {
    table(kind).iter().map(PropDef::info)
}

/// Canonical name of a filterable property, looked up case-insensitively; `None` when the
/// property is not filterable for `kind`.
pub fn canonical_property(name: &str, kind: FilterKind) -> Option<&'static str> {
    lookup(name, kind).map(|p| p.name)
}

/// Everything known about a filterable property (see [`canonical_property`]).
pub fn property_info(name: &str, kind: FilterKind) -> Option<PropertyInfo> {
    lookup(name, kind).map(PropDef::info)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_sorted_and_unique() {
        for kind in [
            FilterKind::Recipient,
            FilterKind::Server,
            FilterKind::Database,
            FilterKind::Cmdlet,
            FilterKind::RoleGroup,
        ] {
            let rows = table(kind);
            for w in rows.windows(2) {
                assert!(
                    w[0].key < w[1].key,
                    "{:?}: {} !< {}",
                    kind,
                    w[0].key,
                    w[1].key
                );
            }
            for r in rows {
                assert_eq!(r.key, r.name.to_ascii_lowercase());
            }
        }
    }

    #[test]
    fn required_recipient_properties() {
        let mut names = vec![
            "MemberOfGroup",
            "RecipientType",
            "RecipientTypeDetails",
            "Department",
            "City",
            "Office",
            "Title",
            "Company",
            "Database",
            "Alias",
            "Name",
            "DisplayName",
            "PrimarySmtpAddress",
            "StateOrProvince",
            "CountryOrRegion",
            "Manager",
            "DistinguishedName",
        ];
        let custom: Vec<String> = (1..=15).map(|i| format!("CustomAttribute{i}")).collect();
        names.extend(custom.iter().map(String::as_str));
        for kind in [FilterKind::Recipient, FilterKind::Cmdlet] {
            for n in &names {
                assert_eq!(
                    canonical_property(&n.to_uppercase(), kind),
                    Some(*n),
                    "{kind:?}"
                );
            }
        }
    }

    #[test]
    fn server_and_database_properties() {
        for n in [
            "Name",
            "ServerSite",
            "Fqdn",
            "ServerRole",
            "DistinguishedName",
        ] {
            assert_eq!(
                canonical_property(&n.to_lowercase(), FilterKind::Server),
                Some(n)
            );
        }
        assert_eq!(
            canonical_property("servername", FilterKind::Server),
            Some("Name")
        );
        for n in [
            "Name",
            "Server",
            "MasterServerOrAvailabilityGroup",
            "MountAtStartup",
        ] {
            assert_eq!(
                canonical_property(&n.to_lowercase(), FilterKind::Database),
                Some(n)
            );
        }
        assert_eq!(canonical_property("City", FilterKind::Server), None);
        assert_eq!(canonical_property("Fqdn", FilterKind::Recipient), None);
    }

    #[test]
    fn value_types() {
        let t = |n, k| property_info(n, k).map(|i| i.value_type);
        assert_eq!(
            t("MemberOfGroup", FilterKind::Recipient),
            Some(ValueType::DistinguishedName)
        );
        assert_eq!(
            t("Database", FilterKind::Recipient),
            Some(ValueType::DistinguishedName)
        );
        assert_eq!(
            t("HiddenFromAddressListsEnabled", FilterKind::Recipient),
            Some(ValueType::Boolean)
        );
        assert_eq!(
            t("EmailAddresses", FilterKind::Cmdlet),
            Some(ValueType::ProxyAddress)
        );
        assert_eq!(
            t("Server", FilterKind::Database),
            Some(ValueType::DistinguishedName)
        );
        assert_eq!(
            t("ResourceCapacity", FilterKind::Cmdlet),
            Some(ValueType::Integer)
        );
        assert_eq!(
            t("WhenCreated", FilterKind::Cmdlet),
            Some(ValueType::DateTime)
        );
        assert!(property_info("MemberOfGroup", FilterKind::Cmdlet).is_some_and(|i| i.multi_valued));
    }

    #[test]
    fn lookup_rejects_non_ascii_lookalikes() {
        // U+212A KELVIN SIGN lowercases to ASCII `k` under Unicode rules.
        assert_eq!(canonical_property("\u{212A}", FilterKind::Cmdlet), None);
        assert_eq!(canonical_property("", FilterKind::Cmdlet), None);
    }
}
