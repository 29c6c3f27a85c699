//! The evaluator agrees with a plain reference evaluator, written from the documented rules
//! without sharing any code with the crate, on random filters and random subjects.

use std::collections::HashMap;

use exrbac_opath::{Filter, FilterKind, Value};
use proptest::prelude::*;

#[derive(Debug, Clone)]
enum Cmp {
    /// City/Department/Title: -eq/-ne/-like/-notlike against text (`*` only at the ends).
    Text {
        prop: &'static str,
        op: &'static str,
        value: String,
    },
    /// `-eq $null` / `-ne $null`.
    Null { prop: &'static str, eq: bool },
    /// HiddenFromAddressListsEnabled -eq/-ne $true/$false.
    Bool { eq: bool, value: bool },
    /// ResourceCapacity -eq/-ne/-lt/-gt/-le/-ge n.
    Int { op: &'static str, value: i64 },
}

#[derive(Debug, Clone)]
enum Ast {
    Cmp(Cmp),
    Not(Box<Ast>),
    And(Vec<Ast>),
    Or(Vec<Ast>),
}

fn render(a: &Ast) -> String {
    match a {
        Ast::Cmp(Cmp::Text { prop, op, value }) => {
            format!("{prop} {op} '{}'", value.replace('\'', "''"))
        }
        Ast::Cmp(Cmp::Null { prop, eq }) => {
            format!("{prop} {} $null", if *eq { "-eq" } else { "-ne" })
        }
        Ast::Cmp(Cmp::Bool { eq, value }) => format!(
            "HiddenFromAddressListsEnabled {} ${value}",
            if *eq { "-eq" } else { "-ne" }
        ),
        Ast::Cmp(Cmp::Int { op, value }) => format!("ResourceCapacity {op} {value}"),
        Ast::Not(x) => format!("-not ({})", render(x)),
        Ast::And(xs) => xs
            .iter()
            .map(|x| format!("({})", render(x)))
            .collect::<Vec<_>>()
            .join(" -and "),
        Ast::Or(xs) => xs
            .iter()
            .map(|x| format!("({})", render(x)))
            .collect::<Vec<_>>()
            .join(" -or "),
    }
}

type Obj = HashMap<String, Value<'static>>;

fn texts(o: &Obj, prop: &str) -> Vec<String> {
    match o.get(prop) {
        Some(Value::Str(s)) => vec![s.to_string()],
        Some(Value::Multi(v)) => v.iter().map(|s| s.to_string()).collect(),
        _ => vec![],
    }
}

fn like(text: &str, pattern: &str) -> bool {
    let t = text.to_lowercase();
    let p = pattern.to_lowercase();
    let core = p.trim_matches('*');
    match (p.starts_with('*'), p.ends_with('*') && !p.is_empty()) {
        (false, false) => t == core,
        (false, true) => t.starts_with(core),
        (true, false) => t.ends_with(core),
        (true, true) => t.contains(core),
    }
}

fn reference(a: &Ast, o: &Obj) -> bool {
    match a {
        Ast::Cmp(Cmp::Text { prop, op, value }) => {
            let vs = texts(o, prop);
            let eq = vs.iter().any(|v| v.to_lowercase() == value.to_lowercase());
            let lk = vs.iter().any(|v| like(v, value));
            match *op {
                "-eq" => eq,
                "-ne" => !eq,
                "-like" => lk,
                _ => !lk,
            }
        }
        Ast::Cmp(Cmp::Null { prop, eq }) => {
            let empty = texts(o, prop).iter().all(String::is_empty);
            empty == *eq
        }
        Ast::Cmp(Cmp::Bool { eq, value }) => {
            let hit = matches!(o.get("HiddenFromAddressListsEnabled"), Some(Value::Bool(b)) if b == value);
            hit == *eq
        }
        Ast::Cmp(Cmp::Int { op, value }) => match o.get("ResourceCapacity") {
            Some(Value::Int(n)) => match *op {
                "-eq" => n == value,
                "-ne" => n != value,
                "-lt" => n < value,
                "-gt" => n > value,
                "-le" => n <= value,
                _ => n >= value,
            },
            _ => *op == "-ne",
        },
        Ast::Not(x) => !reference(x, o),
        Ast::And(xs) => xs.iter().all(|x| reference(x, o)),
        Ast::Or(xs) => xs.iter().any(|x| reference(x, o)),
    }
}

const TEXT_PROPS: [&str; 3] = ["City", "Department", "Title"];

fn cmp() -> impl Strategy<Value = Cmp> {
    let prop = prop::sample::select(TEXT_PROPS.to_vec());
    let word = prop::sample::select(vec!["sea", "Seattle", "SALES", "o'b", "", "x y"]);
    prop_oneof![
        (
            prop.clone(),
            prop::sample::select(vec!["-eq", "-ne"]),
            word.clone()
        )
            .prop_map(|(prop, op, v)| Cmp::Text {
                prop,
                op,
                value: v.to_owned()
            }),
        (
            prop.clone(),
            prop::sample::select(vec!["-like", "-notlike"]),
            word,
            any::<bool>(),
            any::<bool>()
        )
            .prop_map(|(prop, op, v, l, t)| Cmp::Text {
                prop,
                op,
                value: format!(
                    "{}{v}{}",
                    if l { "*" } else { "" },
                    if t { "*" } else { "" }
                ),
            }),
        (prop, any::<bool>()).prop_map(|(prop, eq)| Cmp::Null { prop, eq }),
        (any::<bool>(), any::<bool>()).prop_map(|(eq, value)| Cmp::Bool { eq, value }),
        (
            prop::sample::select(vec!["-eq", "-ne", "-lt", "-gt", "-le", "-ge"]),
            -2i64..4
        )
            .prop_map(|(op, value)| Cmp::Int { op, value }),
    ]
}

fn ast() -> impl Strategy<Value = Ast> {
    cmp().prop_map(Ast::Cmp).prop_recursive(5, 40, 4, |inner| {
        prop_oneof![
            inner.clone().prop_map(|a| Ast::Not(Box::new(a))),
            prop::collection::vec(inner.clone(), 2..4).prop_map(Ast::And),
            prop::collection::vec(inner, 2..4).prop_map(Ast::Or),
        ]
    })
}

fn subject() -> impl Strategy<Value = Obj> {
    let text = prop::sample::select(vec![
        "Seattle", "seattle", "Sales", "O'Brien", "", "x y", "Tacoma",
    ]);
    let tv = prop_oneof![
        Just(Value::Null),
        text.clone().prop_map(Value::from),
        prop::collection::vec(text, 0..3).prop_map(Value::from),
    ];
    (
        prop::collection::vec(tv, 3),
        prop_oneof![Just(Value::Null), any::<bool>().prop_map(Value::Bool)],
        prop_oneof![Just(Value::Null), (-2i64..4).prop_map(Value::Int)],
    )
        .prop_map(|(texts, b, n)| {
            let mut o: Obj = TEXT_PROPS
                .iter()
                .map(|p| (*p).to_owned())
                .zip(texts)
                .collect();
            o.insert("HiddenFromAddressListsEnabled".to_owned(), b);
            o.insert("ResourceCapacity".to_owned(), n);
            o
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn agrees_with_reference(a in ast(), subjects in prop::collection::vec(subject(), 1..8)) {
        let text = render(&a);
        let f = Filter::parse(&text, FilterKind::Recipient)
            .map_err(|e| TestCaseError::fail(format!("{text}\n{e}")))?;
        for o in &subjects {
            prop_assert_eq!(f.evaluate(o), reference(&a, o), "{} on {:?}", text, o);
        }
    }
}
