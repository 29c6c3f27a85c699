//! Property tests: no input makes the parser or evaluator panic, and the normal form
//! (`Display`) parses back to a filter that behaves identically.

use std::collections::HashMap;

use exrbac_opath::{Filter, FilterKind, Value};
use proptest::prelude::*;

type Obj = HashMap<String, Value<'static>>;

const KINDS: [FilterKind; 4] = [
    FilterKind::Recipient,
    FilterKind::Server,
    FilterKind::Database,
    FilterKind::Cmdlet,
];

/// Pieces that look like filter syntax, so random concatenations reach deep into the parser.
fn token() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("(".to_owned()),
        Just(")".to_owned()),
        Just(" ".to_owned()),
        Just("-and".to_owned()),
        Just("-or".to_owned()),
        Just("-not".to_owned()),
        Just("–eq".to_owned()),
        Just("-like".to_owned()),
        Just("-gt".to_owned()),
        Just("$null".to_owned()),
        Just("$true".to_owned()),
        Just("$x".to_owned()),
        Just("'".to_owned()),
        Just("\"".to_owned()),
        Just("‘".to_owned()),
        Just("”".to_owned()),
        Just("{".to_owned()),
        Just("}".to_owned()),
        Just("*".to_owned()),
        Just("City".to_owned()),
        Just("MemberOfGroup".to_owned()),
        Just("RecipientType".to_owned()),
        Just("Name".to_owned()),
        Just("'UserMailbox'".to_owned()),
        Just("'a*b'".to_owned()),
        Just("12".to_owned()),
        "[a-zA-Z0-9=,.\\\\]{1,6}",
        any::<char>().prop_map(String::from),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn arbitrary_text_never_panics(text in any::<String>(), k in 0usize..4) {
        let _ = Filter::parse(&text, KINDS[k]).map(|f| f.to_string());
    }

    #[test]
    fn token_soup_never_panics(tokens in prop::collection::vec(token(), 0..40), k in 0usize..4) {
        let text: String = tokens.concat();
        match Filter::parse(&text, KINDS[k]) {
            Ok(f) => {
                let _ = f.evaluate(&Obj::new());
                let shown = f.to_string();
                prop_assert!(Filter::parse(&shown, KINDS[k]).is_ok(), "{shown}");
            }
            Err(e) => {
                // Positions point into the trimmed filter (or just past its end).
                prop_assert!(e.position() <= e.filter().chars().count(), "{e:?}");
                let _ = e.to_string();
            }
        }
    }
}

// ---- generated well-formed filters -------------------------------------------------------

#[derive(Debug, Clone)]
enum Ast {
    Cmp(String),
    Not(Box<Ast>),
    And(Box<Ast>, Box<Ast>),
    Or(Box<Ast>, Box<Ast>),
    Paren(Box<Ast>),
}

impl Ast {
    fn render(&self) -> String {
        match self {
            Ast::Cmp(s) => s.clone(),
            Ast::Not(a) => format!("-not ({})", a.render()),
            Ast::And(a, b) => format!("{} -and {}", a.render(), b.render()),
            Ast::Or(a, b) => format!("{} -or {}", a.render(), b.render()),
            Ast::Paren(a) => format!("({})", a.render()),
        }
    }
}

/// Quotes `v` the way a user might: single, double or typographic quotes, doubling the quote
/// characters of the chosen class.
fn quote(v: &str, style: usize) -> String {
    let single = |c: char| matches!(c, '\'' | '‘' | '’' | '‚' | '‛');
    let double = |c: char| matches!(c, '"' | '“' | '”' | '„');
    let (open, close, class): (char, char, &dyn Fn(char) -> bool) = match style {
        0 => ('\'', '\'', &single),
        1 => ('"', '"', &double),
        2 => ('‘', '’', &single),
        _ => ('“', '”', &double),
    };
    let mut out = String::from(open);
    for c in v.chars() {
        if class(c) {
            out.push(c);
        }
        out.push(c);
    }
    out.push(close);
    out
}

fn text_value() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "Seattle", "seattle", "Sales", "", "O'Brien", "x\"y", "‘q’"
        ])
        .prop_map(str::to_owned),
        "[a-zA-Z ,=]{0,8}",
    ]
}

fn comparison() -> impl Strategy<Value = String> {
    let text_prop = prop::sample::select(vec!["City", "Department", "Title"]);
    let text_op = prop::sample::select(vec!["-eq", "-ne", "-lt", "-gt", "-le", "-ge"]);
    let like_op = prop::sample::select(vec!["-like", "-notlike"]);
    let groups = prop::sample::select(vec![
        "CN=Sales,OU=Groups,DC=contoso,DC=com",
        "cn=sales, ou=groups, dc=contoso, dc=com",
        "Sales",
        "contoso.com/Groups/Sales",
        "CN=HR,OU=Groups,DC=contoso,DC=com",
    ]);
    prop_oneof![
        (text_prop.clone(), text_op, text_value(), 0usize..4)
            .prop_map(|(p, o, v, q)| format!("{p} {o} {}", quote(&v, q))),
        (
            text_prop.clone(),
            like_op.clone(),
            "[a-zA-Z]{0,3}",
            0usize..4,
            any::<bool>(),
            any::<bool>()
        )
            .prop_map(|(p, o, v, q, lead, trail)| {
                let v = format!(
                    "{}{v}{}",
                    if lead { "*" } else { "" },
                    if trail { "*" } else { "" }
                );
                format!("{p} {o} {}", quote(&v, q))
            }),
        (text_prop, prop::sample::select(vec!["-eq", "-ne", "-like"]))
            .prop_map(|(p, o)| format!("{p} {o} $null")),
        (
            prop::sample::select(vec!["-eq", "-ne"]),
            groups.clone(),
            0usize..4
        )
            .prop_map(|(o, g, q)| format!("MemberOfGroup {o} {}", quote(g, q))),
        (
            like_op,
            prop::sample::select(vec!["CN=Sales*", "*dc=com", "*"])
        )
            .prop_map(|(o, g)| format!("Manager {o} '{g}'")),
        (
            prop::sample::select(vec!["-eq", "-ne"]),
            prop::sample::select(vec!["$true", "$false", "'True'", "false"])
        )
            .prop_map(|(o, v)| format!("HiddenFromAddressListsEnabled {o} {v}")),
        (
            prop::sample::select(vec!["-eq", "-ne", "-lt", "-gt", "-le", "-ge"]),
            -3i64..30,
            any::<bool>()
        )
            .prop_map(|(o, n, q)| if q {
                format!("ResourceCapacity {o} '{n}'")
            } else {
                format!("ResourceCapacity {o} {n}")
            }),
        (
            prop::sample::select(vec!["-eq", "-ne"]),
            prop::sample::select(vec!["usermailbox", "MailUser", "SharedMailbox"])
        )
            .prop_map(|(o, v)| format!("RecipientTypeDetails {o} '{v}'")),
        (
            prop::sample::select(vec!["-eq", "-like"]),
            prop::sample::select(vec!["a@contoso.com", "SMTP:a@contoso.com", "a*"])
        )
            .prop_map(|(o, v)| format!("EmailAddresses {o} '{v}'")),
        (
            prop::sample::select(vec!["-lt", "-gt", "-eq"]),
            prop::sample::select(vec!["8/1/2017 2:00:00 PM", "2017-08-01", "1/1/2020"])
        )
            .prop_map(|(o, v)| format!("WhenCreated {o} '{v}'")),
    ]
}

fn ast() -> impl Strategy<Value = Ast> {
    comparison()
        .prop_map(Ast::Cmp)
        .prop_recursive(6, 48, 2, |inner| {
            prop_oneof![
                inner.clone().prop_map(|a| Ast::Not(Box::new(a))),
                (inner.clone(), inner.clone())
                    .prop_map(|(a, b)| Ast::And(Box::new(a), Box::new(b))),
                (inner.clone(), inner.clone()).prop_map(|(a, b)| Ast::Or(Box::new(a), Box::new(b))),
                inner.prop_map(|a| Ast::Paren(Box::new(a))),
            ]
        })
}

fn value() -> impl Strategy<Value = Value<'static>> {
    let s = prop::sample::select(vec![
        "Seattle",
        "SEATTLE",
        "Sales",
        "",
        "O'Brien",
        "x\"y",
        "abc",
        "True",
        "12",
        "usermailbox",
        "SharedMailbox",
        "CN=Sales,OU=Groups,DC=contoso,DC=com",
        "CN=HR, OU=Groups, DC=contoso, DC=com",
        "SMTP:a@contoso.com",
        "2017-08-01T13:00:00Z",
        "8/2/2017",
    ]);
    prop_oneof![
        Just(Value::Null),
        s.clone().prop_map(Value::from),
        any::<bool>().prop_map(Value::Bool),
        (-3i64..30).prop_map(Value::Int),
        prop::collection::vec(s, 0..3).prop_map(Value::from),
    ]
}

fn subject() -> impl Strategy<Value = Obj> {
    let names = [
        "City",
        "Department",
        "Title",
        "MemberOfGroup",
        "Manager",
        "HiddenFromAddressListsEnabled",
        "ResourceCapacity",
        "RecipientTypeDetails",
        "EmailAddresses",
        "WhenCreated",
    ];
    prop::collection::vec(value(), names.len())
        .prop_map(move |vals| names.iter().map(|n| (*n).to_owned()).zip(vals).collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn normal_form_round_trips(a in ast(), subjects in prop::collection::vec(subject(), 1..6)) {
        let text = a.render();
        let f = Filter::parse(&text, FilterKind::Recipient)
            .map_err(|e| TestCaseError::fail(format!("{text}\n{e}")))?;
        let shown = f.to_string();
        if std::env::var_os("OPATH_SHOW").is_some() { eprintln!("{text}\n  => {shown}"); }
        let g = Filter::parse(&shown, FilterKind::Recipient)
            .map_err(|e| TestCaseError::fail(format!("{shown}\n{e}")))?;
        prop_assert_eq!(g.to_string(), shown.clone());
        prop_assert_eq!(g.properties(), f.properties());
        for s in &subjects {
            prop_assert_eq!(f.evaluate(s), g.evaluate(s), "{} vs {} on {:?}", text, shown, s);
        }
    }
}
