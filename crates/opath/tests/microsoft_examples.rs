//! Every filter from Microsoft's published examples parses (tests/fixtures), normalises to text
//! that parses back to the same filter, and the documented truth table holds.

use std::collections::HashMap;

use exrbac_opath::{Filter, FilterKind, OpathError, Value};

const FIXTURE: &str = include_str!("fixtures/microsoft-filter-examples.txt");

fn kind(name: &str) -> Option<FilterKind> {
    match name {
        "recipient" => Some(FilterKind::Recipient),
        "server" => Some(FilterKind::Server),
        "database" => Some(FilterKind::Database),
        "cmdlet" => Some(FilterKind::Cmdlet),
        _ => None,
    }
}

fn rows() -> impl Iterator<Item = (usize, Vec<&'static str>)> {
    FIXTURE
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|(i, l)| (i + 1, l.split('\t').collect()))
}

#[test]
fn published_examples_parse() {
    let mut ok = 0;
    for (line, cols) in rows() {
        let [k, text, _source, rest @ ..] = cols.as_slice() else {
            panic!("line {line}: malformed");
        };
        if let Some(k) = k.strip_prefix("reject-") {
            let e = Filter::parse(text, kind(k).unwrap()).expect_err(text);
            assert_eq!(e.property(), rest.first().copied(), "line {line}: {e}");
            continue;
        }
        let k = kind(k).unwrap_or_else(|| panic!("line {line}: unknown kind {k}"));
        let f = Filter::parse(text, k).unwrap_or_else(|e| panic!("line {line}: {text}\n{e}"));
        let shown = f.to_string();
        let back = Filter::parse(&shown, k)
            .unwrap_or_else(|e| panic!("line {line}: normal form {shown}\n{e}"));
        assert_eq!(back.to_string(), shown, "line {line}");
        assert_eq!(back.properties(), f.properties(), "line {line}");
        ok += 1;
    }
    assert!(ok > 150, "only {ok} examples");
}

#[test]
fn documentation_typos_are_reported() {
    // filter-properties.md writes `ActiveSyncEnable` for ActiveSyncEnabled and
    // `ArchiveMailbox` in the ArchiveDatabase and ArchiveGuid sections.
    let e = Filter::parse("ActiveSyncEnable -eq $false", FilterKind::Cmdlet).unwrap_err();
    assert!(matches!(e, OpathError::UnknownProperty { .. }));
    assert_eq!(e.property(), Some("ActiveSyncEnable"));
    assert_eq!(e.position(), 0);
    let e = Filter::parse(
        "ArchiveMailbox -eq '6476f55e-e5eb-4462-a095-f2cb585d648d'",
        FilterKind::Cmdlet,
    )
    .unwrap_err();
    assert_eq!(e.property(), Some("ArchiveMailbox"));
}

/// scope-model.json `filterEvaluationExample` (Exchange 2013 "Understanding management role
/// scope filters"): the filter and its three documented cases.
#[test]
fn documented_truth_table() {
    let f = Filter::parse(
        "((City -Eq \"Vancouver\") -And (Department -Eq \"Sales\")) -Or (Title -Like \"*Manager*\")",
        FilterKind::Recipient,
    )
    .unwrap();
    let cases = [
        ("Vancouver", "Sales", "CEO", true),
        ("Seattle", "Sales", "IT Manager", true),
        ("Vancouver", "Marketing", "Writer", false),
    ];
    for (city, dept, title, expected) in cases {
        let subject: HashMap<String, Value<'static>> = [
            ("City".to_owned(), Value::from(city)),
            ("Department".to_owned(), Value::from(dept)),
            ("Title".to_owned(), Value::from(title)),
        ]
        .into_iter()
        .collect();
        assert_eq!(f.evaluate(&subject), expected, "{city}/{dept}/{title}");
    }
    assert_eq!(
        f.to_string(),
        "((((City -eq 'Vancouver') -and (Department -eq 'Sales'))) -or (Title -like '*Manager*'))"
    );
}

#[test]
fn truth_table_matches_the_shared_data() {
    // The same three cases, read from the copy of the data in this crate.
    let data = include_str!("../data/scope-filter-properties.json");
    assert!(data.contains("((City -Eq \\\"Vancouver\\\") -And (Department -Eq \\\"Sales\\\")) -Or (Title -Like \\\"*Manager*\\\")"));
    for needle in [
        "Vancouver (True)",
        "Seattle (False)",
        "IT Manager (True)",
        "Writer (False)",
    ] {
        assert!(data.contains(needle), "{needle}");
    }
}
