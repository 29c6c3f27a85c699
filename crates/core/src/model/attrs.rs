//! A recipient's simple attributes, packed.
//!
//! An organization holds a million recipients with a dozen attributes each;
//! as a `BTreeMap<String, String>` every one of them costs two string
//! allocations plus tree nodes — about 1.9 KB a recipient, two thirds of the
//! whole organization. Packed, the values share one allocation, the well-known
//! property names cost two bytes, and each entry eight: about 300 bytes.
//! Attributes change rarely (a `Set-User`), so a change rebuilds the packing.

use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

/// Property names common enough to store as a number; spelled exactly as
/// Exchange does (a key spelled otherwise is kept as written, inline).
/// Appending is fine; the numbers never leave the process.
const WELL_KNOWN: &[&str] = &[
    "Alias",
    "AssistantName",
    "City",
    "Company",
    "CountryOrRegion",
    "CustomAttribute1",
    "CustomAttribute10",
    "CustomAttribute11",
    "CustomAttribute12",
    "CustomAttribute13",
    "CustomAttribute14",
    "CustomAttribute15",
    "CustomAttribute2",
    "CustomAttribute3",
    "CustomAttribute4",
    "CustomAttribute5",
    "CustomAttribute6",
    "CustomAttribute7",
    "CustomAttribute8",
    "CustomAttribute9",
    "Department",
    "Description",
    "DisplayName",
    "ExternalEmailAddress",
    "Fax",
    "FirstName",
    "HiddenFromAddressListsEnabled",
    "HomePhone",
    "Initials",
    "LastName",
    "MemberDepartRestriction",
    "MemberJoinRestriction",
    "MobilePhone",
    "Notes",
    "Office",
    "Pager",
    "Phone",
    "PostalCode",
    "PrimarySmtpAddress",
    "SamAccountName",
    "StateOrProvince",
    "StreetAddress",
    "Title",
    "UserPrincipalName",
    "WebPage",
    "WindowsEmailAddress",
];

/// The key of an entry whose name is stored inline, before its value.
const INLINE: u16 = u16::MAX;

/// One attribute of a packed set: which name, and how many bytes of the
/// shared text its inline name and its value take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Entry {
    key: u16,
    key_len: u16,
    value_len: u32,
}

/// A recipient's attributes: property name → value, in name order (byte
/// order, as a `BTreeMap<String, String>` gives), absent meaning `$null`.
/// Names are exact here; [`Attrs::find`] compares them as Exchange does.
///
/// The packed text is shared: a copy (a listed object's, a snapshot's
/// second copy) costs two reference counts, and a change packs anew.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Attrs(Repr);

#[derive(Clone, PartialEq, Eq)]
enum Repr {
    /// The values (and inline names), entry after entry, in one string.
    Packed {
        text: Arc<str>,
        entries: Arc<[Entry]>,
    },
    /// A name or value too long for the packed lengths: kept as a map
    /// rather than refused (only a hand-made document can hold one).
    Map(BTreeMap<String, String>),
}

impl Default for Repr {
    fn default() -> Self {
        Repr::Packed {
            text: Arc::default(),
            entries: Arc::default(),
        }
    }
}

impl Attrs {
    /// No attributes.
    pub fn new() -> Self {
        Attrs::default()
    }

    /// How many attributes are set.
    pub fn len(&self) -> usize {
        match &self.0 {
            Repr::Packed { entries, .. } => entries.len(),
            Repr::Map(m) => m.len(),
        }
    }

    /// Whether none is set.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every attribute, in name order.
    pub fn iter(&self) -> Iter<'_> {
        match &self.0 {
            Repr::Packed { text, entries } => Iter(IterRepr::Packed {
                text,
                entries: entries.iter(),
                at: 0,
            }),
            Repr::Map(m) => Iter(IterRepr::Map(m.iter())),
        }
    }

    /// Every attribute, in name order, with its name told apart as one of
    /// the well-known names (a `'static` string and its number) or another:
    /// what lets a caller listing many recipients skip copying the names.
    pub fn iter_named(&self) -> impl Iterator<Item = (AttrName<'_>, &str)> {
        let mut it = self.iter();
        std::iter::from_fn(move || it.next_named())
    }

    /// Every name, in order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.iter().map(|(k, _)| k)
    }

    /// The value under exactly this name.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.iter().find(|(k, _)| *k == key).map(|(_, v)| v)
    }

    /// The first attribute (in name order) whose name equals `name` as
    /// Exchange compares names (case-insensitively), with its stored name.
    pub fn find(&self, name: &str) -> Option<(&str, &str)> {
        let Repr::Packed { text, entries } = &self.0 else {
            return crate::names::find_in(self.iter(), name);
        };
        // Filters ask for well-known properties: a stored well-known name
        // matches exactly when its number does, so only inline names are
        // compared as text, and no value is sliced but the one found.
        let code = well_known_number(name);
        let mut at = 0usize;
        for e in entries.iter() {
            let key_end = at + usize::from(e.key_len);
            let end = key_end + usize::try_from(e.value_len).ok()?;
            let key = if e.key == INLINE {
                let k = text.get(at..key_end)?;
                crate::names::eq(k, name).then_some(k)
            } else if Some(e.key) == code {
                WELL_KNOWN.get(usize::from(e.key)).copied()
            } else {
                None
            };
            if let Some(k) = key {
                return Some((k, text.get(key_end..end)?));
            }
            at = end;
        }
        None
    }

    /// Sets the value under exactly this name.
    pub fn insert(&mut self, key: impl Into<String>, value: impl Into<String>) {
        let mut all = self.to_map();
        all.insert(key.into(), value.into());
        *self = Attrs::from(all);
    }

    /// Takes out the value under exactly this name.
    pub fn remove(&mut self, key: &str) -> Option<String> {
        self.get(key)?;
        let mut all = self.to_map();
        let old = all.remove(key);
        *self = Attrs::from(all);
        old
    }

    /// The attributes as a map.
    pub fn to_map(&self) -> BTreeMap<String, String> {
        self.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }
}

impl Attrs {
    /// Packs entries given in strictly increasing name order; `None` when a
    /// name or value is too long for the packed lengths.
    fn pack<'a>(sorted: impl ExactSizeIterator<Item = (&'a str, &'a str)> + Clone) -> Option<Repr> {
        let mut text = String::with_capacity(sorted.clone().map(|(k, v)| k.len() + v.len()).sum());
        let mut entries = Vec::with_capacity(sorted.len());
        for (k, v) in sorted {
            let (key, key_len) = match well_known(k) {
                Some(code) => (code, 0),
                None => (INLINE, u16::try_from(k.len()).ok()?),
            };
            let value_len = u32::try_from(v.len()).ok()?;
            if key == INLINE {
                text.push_str(k);
            }
            text.push_str(v);
            entries.push(Entry {
                key,
                key_len,
                value_len,
            });
        }
        text.shrink_to_fit();
        Some(Repr::Packed {
            text: Arc::from(text),
            entries: Arc::from(entries),
        })
    }
}

/// An attribute's name, as [`Attrs::iter_named`] gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttrName<'a> {
    /// A well-known property name: its number (see [`well_known_number`])
    /// and the name.
    WellKnown(u16, &'static str),
    /// Any other name.
    Other(&'a str),
}

impl<'a> AttrName<'a> {
    /// The name.
    pub fn as_str(&self) -> &'a str {
        match self {
            AttrName::WellKnown(_, n) => n,
            AttrName::Other(n) => n,
        }
    }
}

/// How many well-known property names there are: their numbers run from 0
/// to one less.
pub const WELL_KNOWN_COUNT: usize = WELL_KNOWN.len();

/// The number of the well-known property name that `name` equals as
/// Exchange compares names (case-insensitively), if it is one.
pub fn well_known_number(name: &str) -> Option<u16> {
    // Asked for every filter's property on every check and for every
    // attribute of every object listed: an ASCII name (all of them in
    // practice) is compared only with the few names of its length.
    if name.is_ascii() {
        let bucket = BY_LENGTH.get(name.len())?;
        return bucket
            .iter()
            .take_while(|i| **i != NO_NAME)
            .find(|i| {
                WELL_KNOWN
                    .get(usize::from(**i))
                    .is_some_and(|w| w.eq_ignore_ascii_case(name))
            })
            .map(|i| u16::from(*i));
    }
    WELL_KNOWN
        .iter()
        .position(|w| crate::names::eq(w, name))
        .and_then(|i| u16::try_from(i).ok())
}

/// Marks the end of a [`BY_LENGTH`] bucket.
const NO_NAME: u8 = u8::MAX;

/// The well-known names by length: bucket `n` lists the numbers of the
/// names `n` bytes long. Worked out when compiling; a bucket that would
/// overflow, or a name too long for the table, stops the build.
const BY_LENGTH: [[u8; 12]; 33] = {
    let mut table = [[NO_NAME; 12]; 33];
    let mut i = 0;
    while i < WELL_KNOWN.len() {
        let bucket = &mut table[WELL_KNOWN[i].len()];
        let mut j = 0;
        while bucket[j] != NO_NAME {
            j += 1;
        }
        bucket[j] = i as u8;
        i += 1;
    }
    table
};

/// The number a well-known property name is stored as.
fn well_known(name: &str) -> Option<u16> {
    // Compared by length first: most names are ruled out without reading
    // their bytes.
    WELL_KNOWN
        .iter()
        .position(|w| w.len() == name.len() && *w == name)
        .and_then(|i| u16::try_from(i).ok())
        .filter(|code| *code != INLINE)
}

impl From<BTreeMap<String, String>> for Attrs {
    fn from(map: BTreeMap<String, String>) -> Self {
        match Attrs::pack(map.iter().map(|(k, v)| (k.as_str(), v.as_str()))) {
            Some(packed) => Attrs(packed),
            None => Attrs(Repr::Map(map)),
        }
    }
}

impl FromIterator<(String, String)> for Attrs {
    fn from_iter<I: IntoIterator<Item = (String, String)>>(iter: I) -> Self {
        Attrs::from(iter.into_iter().collect::<BTreeMap<_, _>>())
    }
}

/// The attributes of an [`Attrs`], in name order.
pub struct Iter<'a>(IterRepr<'a>);

enum IterRepr<'a> {
    Packed {
        text: &'a str,
        entries: std::slice::Iter<'a, Entry>,
        at: usize,
    },
    Map(std::collections::btree_map::Iter<'a, String, String>),
}

impl<'a> Iter<'a> {
    fn next_named(&mut self) -> Option<(AttrName<'a>, &'a str)> {
        match &mut self.0 {
            IterRepr::Packed { text, entries, at } => {
                let e = entries.next()?;
                let key = if e.key == INLINE {
                    let end = *at + usize::from(e.key_len);
                    let k = text.get(*at..end)?;
                    *at = end;
                    AttrName::Other(k)
                } else {
                    AttrName::WellKnown(e.key, WELL_KNOWN.get(usize::from(e.key))?)
                };
                // `From` built the text from whole strings, so every span
                // ends on a character boundary and `get` never fails.
                let end = *at + usize::try_from(e.value_len).ok()?;
                let v = text.get(*at..end)?;
                *at = end;
                Some((key, v))
            }
            IterRepr::Map(m) => m
                .next()
                .map(|(k, v)| (AttrName::Other(k.as_str()), v.as_str())),
        }
    }
}

impl<'a> Iterator for Iter<'a> {
    type Item = (&'a str, &'a str);

    fn next(&mut self) -> Option<Self::Item> {
        self.next_named().map(|(k, v)| (k.as_str(), v))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        match &self.0 {
            IterRepr::Packed { entries, .. } => entries.size_hint(),
            IterRepr::Map(m) => m.size_hint(),
        }
    }
}

impl<'a> IntoIterator for &'a Attrs {
    type Item = (&'a str, &'a str);
    type IntoIter = Iter<'a>;
    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

impl fmt::Debug for Attrs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl Serialize for Attrs {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.len()))?;
        for (k, v) in self {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// A string read without copying when the input allows it (a stored row
/// without escapes): loading a million recipients is mostly this.
struct Text<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for Text<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor;
        impl<'de> Visitor<'de> for TextVisitor {
            type Value = Text<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: serde::de::Error>(self, v: &'de str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Borrowed(v)))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(v.to_string())))
            }
            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(TextVisitor)
    }
}

impl<'de> Deserialize<'de> for Attrs {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct AttrsVisitor;
        impl<'de> Visitor<'de> for AttrsVisitor {
            type Value = Attrs;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map of attribute names to string values")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Attrs, A::Error> {
                let mut all: Vec<(Text<'de>, Text<'de>)> =
                    Vec::with_capacity(access.size_hint().unwrap_or(0).min(64));
                while let Some(pair) = access.next_entry::<Text<'de>, Text<'de>>()? {
                    all.push(pair);
                }
                // What we write is in order already; anything else is put in
                // order, a repeated name keeping its last value as a map would.
                if !all.windows(2).all(|w| matches!(w, [a, b] if a.0.0 < b.0.0)) {
                    all.reverse();
                    all.sort_by(|a, b| a.0.0.cmp(&b.0.0));
                    all.dedup_by(|later, earlier| later.0.0 == earlier.0.0);
                }
                let pairs = all.iter().map(|(k, v)| (k.0.as_ref(), v.0.as_ref()));
                Ok(match Attrs::pack(pairs) {
                    Some(packed) => Attrs(packed),
                    None => Attrs(Repr::Map(
                        all.into_iter()
                            .map(|(k, v)| (k.0.into_owned(), v.0.into_owned()))
                            .collect(),
                    )),
                })
            }
        }
        deserializer.deserialize_map(AttrsVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn named_iteration_tells_well_known_names_apart() {
        let a = Attrs::from(map(&[
            ("Office", "B1"),
            ("extensionAttribute9", "x"),
            ("CustomAttribute1", "VIP"),
        ]));
        let plain: Vec<(&str, &str)> = a.iter().collect();
        let named: Vec<(AttrName<'_>, &str)> = a.iter_named().collect();
        assert_eq!(
            named
                .iter()
                .map(|(k, v)| (k.as_str(), *v))
                .collect::<Vec<_>>(),
            plain
        );
        for (k, _) in &named {
            match k {
                AttrName::WellKnown(i, n) => {
                    assert_eq!(well_known_number(n), Some(*i));
                    assert_eq!(well_known_number(&n.to_lowercase()), Some(*i));
                    assert!(usize::from(*i) < WELL_KNOWN_COUNT);
                }
                AttrName::Other(n) => assert_eq!(*n, "extensionAttribute9"),
            }
        }
        assert_eq!(
            named
                .iter()
                .filter(|(k, _)| matches!(k, AttrName::WellKnown(..)))
                .count(),
            2
        );
        assert_eq!(well_known_number("extensionAttribute9"), None);
    }

    #[test]
    fn well_known_numbers_are_found_by_length_as_by_a_scan() {
        let mut asked: Vec<String> = Vec::new();
        for n in WELL_KNOWN {
            asked.push(n.to_string());
            asked.push(n.to_uppercase());
            asked.push(n.to_lowercase());
            asked.push(format!("{n}x"));
            asked.push(n.get(1..).unwrap_or_default().to_string());
            asked.push(n.replace('k', "\u{212a}"));
        }
        asked.extend(["", "A", "Zzz", "\u{212a}"].map(String::from));
        for a in &asked {
            let scanned = WELL_KNOWN
                .iter()
                .position(|w| crate::names::eq(w, a))
                .and_then(|i| u16::try_from(i).ok());
            assert_eq!(well_known_number(a), scanned, "{a:?}");
        }
    }

    #[test]
    fn well_known_names_are_unique() {
        let mut names = WELL_KNOWN.to_vec();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), WELL_KNOWN.len());
        assert!(WELL_KNOWN.len() < usize::from(INLINE));
    }

    #[test]
    fn packs_and_reads_back_in_map_order() {
        let m = map(&[
            ("Department", "Sales"),
            ("zeta", "last"),
            ("Alias", ""),
            ("customattribute1", "ünïcödé ✓"),
            ("Office", "Seattle"),
        ]);
        let a = Attrs::from(m.clone());
        assert!(matches!(a.0, Repr::Packed { .. }));
        let got: Vec<_> = a.iter().collect();
        let want: Vec<_> = m.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(got, want);
        assert_eq!(a.to_map(), m);
        assert_eq!(a.len(), 5);
        assert_eq!(a.get("Alias"), Some(""));
        assert_eq!(a.get("alias"), None);
        assert_eq!(a.find("ALIAS"), Some(("Alias", "")));
        assert_eq!(
            a.find("CustomAttribute1"),
            Some(("customattribute1", "ünïcödé ✓"))
        );
        assert_eq!(a.find("Title"), None);
    }

    #[test]
    fn find_agrees_with_a_search_of_every_entry() {
        let m = map(&[
            ("alias", "inline spelling"),
            ("City", "Oslo"),
            ("Custom\u{212A}ey", "kelvin"),
            ("Department", ""),
            ("Title", "T"),
        ]);
        let a = Attrs::from(m.clone());
        for name in [
            "ALIAS",
            "alias",
            "Alias",
            "city",
            "CITY",
            "customkey",
            "CustomKEY",
            "department",
            "title",
            "Office",
            "",
            "Citi",
            "Custom\u{212A}ey",
        ] {
            assert_eq!(
                a.find(name),
                crate::names::find_key(&m, name).map(|(k, v)| (k.as_str(), v.as_str())),
                "{name}"
            );
        }
    }

    #[test]
    fn insert_and_remove_keep_order() {
        let mut a = Attrs::new();
        assert!(a.is_empty());
        a.insert("Title", "Boss");
        a.insert("City", "Oslo");
        a.insert("Title", "Clerk");
        assert_eq!(a.to_map(), map(&[("City", "Oslo"), ("Title", "Clerk")]));
        assert_eq!(a.remove("City"), Some("Oslo".to_string()));
        assert_eq!(a.remove("City"), None);
        assert_eq!(a.to_map(), map(&[("Title", "Clerk")]));
    }

    #[test]
    fn serializes_as_the_map_would() {
        let m = map(&[("Office", "B1"), ("Notes", "x\"y"), ("Weird Name", "1")]);
        let a = Attrs::from(m.clone());
        let json = serde_json::to_string(&a).unwrap();
        assert_eq!(json, serde_json::to_string(&m).unwrap());
        let back: Attrs = serde_json::from_str(&json).unwrap();
        assert_eq!(back, a);
        let dup: Attrs = serde_json::from_str(r#"{"City":"a","Title":"t","City":"b"}"#).unwrap();
        assert_eq!(dup.to_map(), map(&[("City", "b"), ("Title", "t")]));
        let unordered: Attrs = serde_json::from_str(r#"{"b":"2","a\u0041":"1"}"#).unwrap();
        assert_eq!(unordered.to_map(), map(&[("aA", "1"), ("b", "2")]));
        assert!(serde_json::from_str::<Attrs>(r#"{"City":1}"#).is_err());
    }

    #[test]
    fn a_name_too_long_to_pack_is_kept_as_a_map() {
        let long = "k".repeat(usize::from(u16::MAX) + 1);
        let m = map(&[(long.as_str(), "v"), ("City", "Oslo")]);
        let a = Attrs::from(m.clone());
        assert!(matches!(a.0, Repr::Map(_)));
        assert_eq!(a.to_map(), m);
        assert_eq!(a.find(&long.to_uppercase()), Some((long.as_str(), "v")));
    }
}
