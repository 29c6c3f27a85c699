//! Behaviour of `Filter`: parsing, errors, normal form and evaluation.

use std::collections::HashMap;

use crate::{Filter, FilterKind, OpathError, Value};

type Obj = HashMap<String, Value<'static>>;

fn obj(pairs: &[(&str, Value<'static>)]) -> Obj {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), v.clone()))
        .collect()
}

fn s(v: &'static str) -> Value<'static> {
    Value::from(v)
}

fn multi(v: &[&'static str]) -> Value<'static> {
    Value::from(v.to_vec())
}

fn r(text: &str) -> Filter {
    Filter::parse(text, FilterKind::Recipient).unwrap_or_else(|e| panic!("{text}: {e}"))
}

fn eval(text: &str, o: &Obj) -> bool {
    r(text).evaluate(o)
}

fn err(text: &str) -> OpathError {
    Filter::parse(text, FilterKind::Recipient).unwrap_err()
}

#[test]
fn the_two_seed_filters() {
    let f = r("{RecipientType -eq \"UserMailbox\"}");
    assert_eq!(f.source(), "RecipientType -eq \"UserMailbox\"");
    assert_eq!(f.to_string(), "RecipientType -eq 'UserMailbox'");
    assert!(f.evaluate(&obj(&[("RecipientType", s("UserMailbox"))])));
    assert!(!f.evaluate(&obj(&[("RecipientType", s("MailUser"))])));
    assert_eq!(f.properties(), vec!["RecipientType"]);

    let f = r("{memberofgroup –eq ‘cn=2nd Level Support,ou=Security Groups,dc=domainA,dc=lab’}");
    assert_eq!(
        f.to_string(),
        "MemberOfGroup -eq 'cn=2nd Level Support,ou=Security Groups,dc=domainA,dc=lab'"
    );
    let member = obj(&[(
        "MemberOfGroup",
        multi(&[
            "CN=Helpdesk,OU=Security Groups,DC=domainA,DC=lab",
            "CN=2nd Level Support, OU=Security Groups, DC=domainA, DC=lab",
        ]),
    )]);
    assert!(f.evaluate(&member));
    assert!(!f.evaluate(&obj(&[(
        "MemberOfGroup",
        multi(&["CN=Other,DC=domainA,DC=lab"])
    )])));
    assert!(!f.evaluate(&obj(&[])));
}

#[test]
fn comparison_operators_on_text() {
    let o = obj(&[("City", s("Seattle"))]);
    assert!(eval("City -eq 'seattle'", &o));
    assert!(!eval("City -ne 'SEATTLE'", &o));
    assert!(eval("City -ne 'Redmond'", &o));
    assert!(eval("City -like 'sea*'", &o));
    assert!(eval("City -like '*TTLE'", &o));
    assert!(eval("City -like '*att*'", &o));
    assert!(!eval("City -notlike 'Sea*'", &o));
    assert!(eval("City -notlike 'Red*'", &o));
    assert!(eval("City -lt 'Tacoma'", &o));
    assert!(eval("City -gt 'redmond'", &o));
    assert!(eval("City -le 'SEATTLE'", &o));
    assert!(eval("City -ge 'seattle'", &o));
    assert!(!eval("City -gt 'Seattle'", &o));
    assert!(!eval("City -lt 'Seattle'", &o));
    // -eq does not treat `*` as a wildcard.
    assert!(!eval("City -eq 'Sea*'", &o));
    assert!(eval("City -eq 'Sea*'", &obj(&[("City", s("Sea*"))])));
}

#[test]
fn integers() {
    let o = obj(&[("ResourceCapacity", Value::Int(20))]);
    let c = |t: &str| Filter::parse(t, FilterKind::Cmdlet).unwrap().evaluate(&o);
    assert!(c("ResourceCapacity -gt 15"));
    assert!(c("ResourceCapacity -gt '15'"));
    assert!(!c("ResourceCapacity -lt 15"));
    assert!(c("ResourceCapacity -eq 20"));
    assert!(c("ResourceCapacity -ge 20"));
    assert!(c("ResourceCapacity -le 20"));
    assert!(c("ResourceCapacity -ne 2"));
    // 20 > 100 as text but not as numbers.
    assert!(!c("ResourceCapacity -gt 100"));
    // Numbers held as text compare numerically too.
    let t = obj(&[("PostalCode", s("90210"))]);
    assert!(r("PostalCode -eq 90210").evaluate(&t));
    assert!(r("PostalCode -gt 9999").evaluate(&t));
    assert_eq!(
        r("PostalCode -eq 90210").to_string(),
        "PostalCode -eq 90210"
    );
    assert_eq!(
        r("PostalCode -eq '90210'").to_string(),
        "PostalCode -eq '90210'"
    );
    assert!(r("ResourceCapacity -gt -5").evaluate(&o));
}

#[test]
fn booleans() {
    let t = obj(&[("HiddenFromAddressListsEnabled", Value::Bool(true))]);
    let f = obj(&[("HiddenFromAddressListsEnabled", Value::Bool(false))]);
    for (text, on_true) in [
        ("HiddenFromAddressListsEnabled -eq $true", true),
        ("HiddenFromAddressListsEnabled -eq $TRUE", true),
        ("HiddenFromAddressListsEnabled -eq $false", false),
        ("HiddenFromAddressListsEnabled -ne $true", false),
        ("HiddenFromAddressListsEnabled -eq 'True'", true),
        ("HiddenFromAddressListsEnabled -eq 'false'", false),
        ("HiddenFromAddressListsEnabled -eq True", true),
    ] {
        assert_eq!(eval(text, &t), on_true, "{text}");
        assert_eq!(eval(text, &f), !on_true, "{text}");
    }
    // A Boolean held as text.
    assert!(eval(
        "HiddenFromAddressListsEnabled -eq $true",
        &obj(&[("HiddenFromAddressListsEnabled", s("True"))])
    ));
    assert_eq!(
        r("HiddenFromAddressListsEnabled -eq $TRUE").to_string(),
        "HiddenFromAddressListsEnabled -eq $true"
    );
    // Unset is neither true nor false.
    assert!(!eval("HiddenFromAddressListsEnabled -eq $false", &obj(&[])));
    assert!(eval("HiddenFromAddressListsEnabled -ne $true", &obj(&[])));
}

#[test]
fn null() {
    let none = obj(&[]);
    let empty = obj(&[("Department", s(""))]);
    let empty_list = obj(&[("Department", Value::Multi(vec![]))]);
    let set = obj(&[("Department", s("Sales"))]);
    for o in [&none, &empty, &empty_list] {
        assert!(eval("Department -eq $null", o));
        assert!(!eval("Department -ne $null", o));
        assert!(!eval("Department -eq 'Sales'", o));
        assert!(eval("Department -ne 'Sales'", o));
        assert!(!eval("Department -like '*'", o) || o == &empty);
        assert!(eval("Department -notlike 'S*'", o));
        assert!(!eval("Department -gt 'A'", o) || o == &empty);
    }
    assert!(!eval("Department -eq $null", &set));
    assert!(eval("Department -ne $null", &set));
    assert!(!eval("Department -lt $null", &set));
    assert_eq!(
        r("Department -ne $NULL").to_string(),
        "Department -ne $null"
    );
}

#[test]
fn multi_valued() {
    let o = obj(&[(
        "EmailAddresses",
        multi(&[
            "SMTP:dario@contoso.com",
            "smtp:dario2@contoso.com",
            "X500:/o=Contoso/cn=dario",
        ]),
    )]);
    assert!(eval("EmailAddresses -eq 'dario2@contoso.com'", &o));
    assert!(eval("EmailAddresses -eq 'SMTP:DARIO@contoso.com'", &o));
    assert!(eval("EmailAddresses -like 'dario*'", &o));
    assert!(eval("EmailAddresses -like 'x500:*'", &o));
    assert!(!eval("EmailAddresses -eq 'nobody@contoso.com'", &o));
    assert!(eval("EmailAddresses -ne 'nobody@contoso.com'", &o));
    // -ne is "does not contain", not "some value differs".
    assert!(!eval("EmailAddresses -ne 'dario@contoso.com'", &o));
    assert!(!eval("EmailAddresses -notlike '*@contoso.com'", &o));
    assert!(eval("EmailAddresses -notlike '*@fabrikam.com'", &o));
}

#[test]
fn primary_smtp_address_also_searches_email_addresses() {
    // recipientfilter-properties.md: dario@ with proxies dario2@ and dario3@ matches all three.
    let o = obj(&[
        ("PrimarySmtpAddress", s("dario@contoso.com")),
        (
            "EmailAddresses",
            multi(&[
                "SMTP:dario@contoso.com",
                "smtp:dario2@contoso.com",
                "smtp:dario3@contoso.com",
            ]),
        ),
    ]);
    for a in [
        "dario@contoso.com",
        "dario2@contoso.com",
        "DARIO3@contoso.com",
    ] {
        assert!(eval(&format!("PrimarySmtpAddress -eq '{a}'"), &o), "{a}");
    }
    assert!(!eval("PrimarySmtpAddress -ne 'dario2@contoso.com'", &o));
    assert!(eval("PrimarySmtpAddress -like 'dario3*'", &o));
    assert!(!eval("PrimarySmtpAddress -eq $null", &o));
    assert!(eval("PrimarySmtpAddress -eq $null", &obj(&[])));
    assert_eq!(
        r("PrimarySmtpAddress -eq 'x@y' -or Alias -eq 'x'").properties(),
        vec!["PrimarySmtpAddress", "EmailAddresses", "Alias"]
    );
}

#[test]
fn distinguished_names() {
    let db = "CN=DB01,CN=Databases,CN=Exchange Administrative Group (FYDIBOHF23SPDLT),CN=Administrative Groups,CN=Contoso,CN=Microsoft Exchange,CN=Services,CN=Configuration,DC=contoso,DC=com";
    let o = obj(&[
        ("Database", s(db)),
        ("Manager", s("CN=Ana Lopez,OU=Users,DC=contoso,DC=com")),
    ]);
    assert!(eval("Database -eq 'DB01'", &o));
    assert!(eval("Database -eq 'db01'", &o));
    assert!(!eval("Database -eq 'DB02'", &o));
    assert!(eval("Database -ne 'DB02'", &o));
    assert!(eval(
        &format!("Database -eq '{}'", db.to_lowercase().replace(',', ", ")),
        &o
    ));
    assert!(eval("Manager -eq 'contoso.com/Users/Ana Lopez'", &o));
    assert!(eval(
        "Manager -eq 'CN=Ana Lopez, OU=Users, DC=contoso, DC=com'",
        &o
    ));
    assert!(eval("Manager -like 'CN=Ana*'", &o));
    assert!(eval("Manager -like 'cn=ana lopez, ou=users,*'", &o));
    // A subject that knows the database only by name still matches a DN in the filter.
    let by_name = obj(&[("Database", s("DB01"))]);
    assert!(eval(&format!("Database -eq '{db}'"), &by_name));
}

#[test]
fn enumerations() {
    assert_eq!(
        r("RecipientTypeDetails -eq 'sharedmailbox'").to_string(),
        "RecipientTypeDetails -eq 'SharedMailbox'"
    );
    assert!(eval(
        "RecipientTypeDetails -eq 'SharedMailbox'",
        &obj(&[("RecipientTypeDetails", s("SharedMailbox"))])
    ));
    let e = err("RecipientType -eq 'Mailbox'");
    assert!(matches!(e, OpathError::InvalidValue { .. }), "{e:?}");
    assert_eq!(e.position(), 18);
    assert_eq!(e.property(), Some("RecipientType"));
    assert!(
        e.to_string()
            .starts_with("\"Mailbox\" is not a valid value for the \"RecipientType\" property.")
    );
    assert!(e.to_string().contains("UserMailbox"));
    assert!(matches!(
        err("RecipientTypeDetails -eq UserMailboxes"),
        OpathError::InvalidValue { .. }
    ));
    // Patterns and $null are not enumeration members and are not checked.
    assert!(eval(
        "RecipientTypeDetails -like '*Mailbox'",
        &obj(&[("RecipientTypeDetails", s("RoomMailbox"))])
    ));
    assert!(eval("RecipientType -eq $null", &obj(&[])));
    // Documented names and numbers are interchangeable where the docs give numbers.
    let a = obj(&[("ArchiveStatus", s("Active"))]);
    assert!(eval("ArchiveStatus -eq 'Active'", &a));
    assert!(eval("ArchiveStatus -eq 1", &a));
    assert!(!eval("ArchiveStatus -eq 0", &a));
    assert!(eval("ArchiveStatus -gt 'None'", &a));
}

#[test]
fn dates() {
    let o = obj(&[("WhenCreated", s("2017-08-01T15:30:00Z"))]);
    let c = |t: &str| Filter::parse(t, FilterKind::Cmdlet).unwrap().evaluate(&o);
    assert!(c("WhenCreated -gt '8/1/2017 2:00:00 PM'"));
    assert!(!c("WhenCreated -gt '8/1/2017 4:00:00 PM'"));
    assert!(c("WhenCreated -lt '8/13/2017'"));
    assert!(c("WhenCreated -eq '8/1/2017 3:30:00 PM'"));
}

#[test]
fn quoting_forms() {
    let o = obj(&[
        ("Department", s("Sales")),
        ("DisplayName", s("O'Brien, Pat")),
    ]);
    for text in [
        "Department -eq 'Sales'",
        "Department -eq \"Sales\"",
        "Department -eq Sales",
        "Department -eq \u{2018}Sales\u{2019}",
        "Department -eq \u{201C}Sales\u{201D}",
        "Department -eq \u{2019}Sales\u{2019}",
        "  { Department -eq 'Sales' }  ",
        "(Department -eq 'Sales')",
        "((Department -eq 'Sales'))",
        "Department\t-EQ\n'Sales'",
        "Department \u{2014}eq 'Sales'",
        "DEPARTMENT -Eq 'Sales'",
    ] {
        assert!(eval(text, &o), "{text}");
        assert_eq!(r(text).to_string(), "Department -eq 'Sales'", "{text}");
    }
    assert!(eval("DisplayName -eq 'O''Brien, Pat'", &o));
    assert!(eval("DisplayName -eq \"O'Brien, Pat\"", &o));
    assert_eq!(
        r("DisplayName -eq \"O'Brien, Pat\"").to_string(),
        "DisplayName -eq 'O''Brien, Pat'"
    );
    assert!(eval("DisplayName -like \"O'B*\"", &o));
}

#[test]
fn logical_operators() {
    let o = obj(&[
        ("City", s("Vancouver")),
        ("Department", s("Sales")),
        ("Title", s("CEO")),
    ]);
    assert!(eval("City -eq 'Vancouver' -and Department -eq 'Sales'", &o));
    assert!(!eval("City -eq 'Vancouver' -and Department -eq 'HR'", &o));
    assert!(eval("City -eq 'Seattle' -or Department -eq 'Sales'", &o));
    assert!(!eval("City -eq 'Seattle' -or Department -eq 'HR'", &o));
    assert!(eval("-not (City -eq 'Seattle')", &o));
    assert!(eval("-not City -eq 'Seattle'", &o));
    assert!(!eval("-not(City -eq 'Vancouver')", &o));
    assert!(eval("-not -not (City -eq 'Vancouver')", &o));
    assert!(eval(
        "(City -eq 'Vancouver') -AND (-NOT(Title -like '*Manager*'))",
        &o
    ));
    // -and binds tighter than -or.
    assert!(eval(
        "Title -eq 'CEO' -or City -eq 'X' -and Department -eq 'Y'",
        &o
    ));
    assert!(!eval(
        "(Title -eq 'CEO' -or City -eq 'X') -and Department -eq 'Y'",
        &o
    ));
}

#[test]
fn operator_glued_to_property() {
    // As in a filter Exchange showed back: `(CustomAttribute2-eq "Corporate")`.
    let f = r("(CustomAttribute2-eq \"Corporate\")");
    assert_eq!(f.to_string(), "CustomAttribute2 -eq 'Corporate'");
    assert_eq!(
        r("City\u{2013}like 'Sea*'").to_string(),
        "City -like 'Sea*'"
    );
    // Only a comparison operator can be glued on.
    assert_eq!(err("City-and Title -eq 'x'").position(), 4);
    assert_eq!(err("City-foo 'x'").position(), 4);
    assert_eq!(err("City-eq").position(), 7);
}

#[test]
fn normal_form_matches_exchange() {
    let f = r(
        "(Alias -ne $null) -and (customAttribute1 -eq \"Contoso\") -and (customAttribute2 -eq \"Corporate\")",
    );
    assert_eq!(
        f.to_string(),
        "((((Alias -ne $null) -and (CustomAttribute1 -eq 'Contoso'))) -and (CustomAttribute2 -eq 'Corporate'))"
    );
    assert_eq!(
        r("(RecipientType -eq 'UserMailbox') -and -not(Name -like 'System{*')").to_string(),
        "((RecipientType -eq 'UserMailbox') -and (-not(Name -like 'System{*')))"
    );
    assert_eq!(
        r("City -eq 1 -or Office -eq 2 -and Title -eq 3").to_string(),
        "((City -eq 1) -or (((Office -eq 2) -and (Title -eq 3))))"
    );
    assert_eq!(
        r("((City -eq 'Vancouver') -and (Department -eq 'Sales')) -or (Title -like '*Manager*')")
            .properties(),
        vec!["City", "Department", "Title"]
    );
}

#[test]
fn syntax_errors_name_positions() {
    let cases: &[(&str, usize)] = &[
        ("", 0),
        ("   ", 0),
        ("{}", 0),
        ("City", 4),
        ("City -eq", 8),
        ("City 'x'", 5),
        ("City -eq 'x' Department", 13),
        ("City -eq 'x' -and", 17),
        ("(City -eq 'x'", 13),
        ("City -eq 'x')", 12),
        ("City -eq 'x", 9),
        ("City -ceq 'x'", 5),
        ("City -match 'x'", 5),
        ("City -eq $dn", 9),
        ("-and City -eq 'x'", 0),
        ("'x' -eq City", 0),
        ("City= -eq 'x'", 4),
        ("City -eq -and", 9),
        ("City -eq ()", 9),
        ("Cïty -eq 'x'", 1),
    ];
    for (text, pos) in cases {
        let e = Filter::parse(text, FilterKind::Recipient).unwrap_err();
        assert!(matches!(e, OpathError::Syntax { .. }), "{text}: {e:?}");
        assert_eq!(e.position(), *pos, "{text}: {e:?}");
        assert_eq!(e.property(), None);
        assert!(e.reason().is_some());
        let msg = e.to_string();
        assert!(
            msg.starts_with(
                "Invalid filter syntax. For a description of the filter parameter syntax see the command help.\n\""
            ),
            "{msg}"
        );
        assert!(msg.ends_with(&format!("\" at position {pos}.")), "{msg}");
    }
}

#[test]
fn unknown_property() {
    let e = err("(City -eq 'x') -and (Colour -eq 'red')");
    assert_eq!(e.position(), 21);
    assert_eq!(e.property(), Some("Colour"));
    assert_eq!(
        e.to_string(),
        "\"Colour\" is not a recognized filterable property."
    );
    // Kind matters.
    assert!(Filter::parse("Fqdn -eq 'ex01.contoso.com'", FilterKind::Server).is_ok());
    let e = Filter::parse("Fqdn -eq 'ex01.contoso.com'", FilterKind::Recipient).unwrap_err();
    assert_eq!(e.property(), Some("Fqdn"));
    let e = Filter::parse("City -eq 'x'", FilterKind::Database).unwrap_err();
    assert!(matches!(e, OpathError::UnknownProperty { .. }));
    // A bare value on its own is read as a property, as Exchange does ("False" is not a ...).
    assert_eq!(err("False").property(), Some("False"));
}

#[test]
fn wildcard_placement() {
    let e = err("Department -like 'Sa*les'");
    assert!(matches!(e, OpathError::WildcardPlacement { .. }), "{e:?}");
    assert_eq!(e.position(), 17);
    assert_eq!(e.property(), Some("Department"));
    assert!(Filter::parse("Department -like '**'", FilterKind::Recipient).is_ok());
    assert!(Filter::parse("Department -like '*'", FilterKind::Recipient).is_ok());
    // -eq takes `*` literally, so no placement rule.
    assert!(Filter::parse("Department -eq 'Sa*les'", FilterKind::Recipient).is_ok());
}

#[test]
fn nesting_limit() {
    // Redundant parentheses are not nesting (Exchange's normal form is full of them).
    let parens = format!("{}City -eq 'x'{}", "(".repeat(1000), ")".repeat(1000));
    assert!(Filter::parse(&parens, FilterKind::Recipient).is_ok());
    let nots = |n: usize| format!("{}City -eq 'x'", "-not ".repeat(n));
    assert!(Filter::parse(&nots(100), FilterKind::Recipient).is_ok());
    let e = Filter::parse(&nots(101), FilterKind::Recipient).unwrap_err();
    assert!(matches!(e, OpathError::TooDeep { .. }), "{e:?}");
    assert_eq!(e.position(), 0);
    assert!(e.property().is_none());
    // Alternating -and/-or groups nest logically.
    let nested = |n: usize| {
        let mut t = "City -eq 'x'".to_owned();
        for i in 0..n {
            let op = if i % 2 == 0 { "-and" } else { "-or" };
            t = format!("City -eq 'y' {op} ({t})");
        }
        t
    };
    assert!(Filter::parse(&nested(100), FilterKind::Recipient).is_ok());
    assert!(matches!(
        Filter::parse(&nested(101), FilterKind::Recipient).unwrap_err(),
        OpathError::TooDeep { .. }
    ));
    // Long flat chains are not nesting, and their normal form parses back.
    let chain = vec!["City -eq 'x'"; 5000].join(" -or ");
    let f = Filter::parse(&chain, FilterKind::Recipient).unwrap();
    assert!(f.evaluate(&obj(&[("City", s("x"))])));
    let back = Filter::parse(&f.to_string(), FilterKind::Recipient).unwrap();
    assert_eq!(back.expr, f.expr);
}

#[test]
fn server_and_database_filters() {
    let srv = obj(&[
        ("Name", s("EX01")),
        (
            "ServerSite",
            s("CN=Seattle,CN=Sites,CN=Configuration,DC=contoso,DC=com"),
        ),
    ]);
    let f = Filter::parse("ServerSite -eq 'Seattle'", FilterKind::Server).unwrap();
    assert!(f.evaluate(&srv));
    let f = Filter::parse("servername -like 'EX*'", FilterKind::Server).unwrap();
    assert_eq!(f.to_string(), "Name -like 'EX*'");
    assert!(f.evaluate(&srv));

    let db = obj(&[
        ("Name", s("DB01")),
        ("Server", s("CN=EX01,CN=Servers,DC=contoso,DC=com")),
        ("MountAtStartup", Value::Bool(true)),
    ]);
    let f = Filter::parse(
        "Server -eq 'EX01' -and MountAtStartup -eq $true",
        FilterKind::Database,
    )
    .unwrap();
    assert!(f.evaluate(&db));
    assert_eq!(f.properties(), vec!["Server", "MountAtStartup"]);
    assert_eq!(f.kind(), FilterKind::Database);
}

#[test]
fn filters_are_shareable() {
    fn check<T: Send + Sync + Clone + std::fmt::Debug + std::fmt::Display>() {}
    check::<Filter>();
    fn check_err<T: std::error::Error + Send + Sync + 'static>() {}
    check_err::<OpathError>();
}

#[test]
fn custom_subject() {
    struct Fixed;
    impl crate::Subject for Fixed {
        fn property(&self, name: &str) -> Value<'_> {
            match name {
                "CustomAttribute7" => "Blue".into(),
                _ => Value::Null,
            }
        }
    }
    assert!(r("customattribute7 -eq 'blue'").evaluate(&Fixed));
    let boxed: Box<dyn crate::Subject> = Box::new(Fixed);
    assert!(r("CustomAttribute7 -like 'B*'").evaluate(boxed.as_ref()));
    assert!(r("CustomAttribute7 -like 'B*'").evaluate(&&Fixed));
    assert_eq!(Value::from(None::<&str>), Value::Null);
}
