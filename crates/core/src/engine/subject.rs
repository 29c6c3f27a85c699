//! Objects as OPATH filters see them.

use crate::model::*;
use crate::names;
use exrbac_opath::{Subject, Value};
use std::borrow::Cow;
use std::cell::RefCell;

/// The DN of a configuration object (server or database) in the
/// configuration partition, as Exchange writes it.
pub fn config_dn(org: &Organization, container: &str, name: &str) -> String {
    let root = org.ou(org.root_ou()).map(|o| o.dn.as_str()).unwrap_or("");
    format!(
        "CN={name},CN={container},CN=Exchange Administrative Group (FYDIBOHF23SPDLT),CN=Administrative Groups,CN=First Organization,CN=Microsoft Exchange,CN=Services,CN=Configuration,{root}"
    )
}

/// What every server of this organization has as Exchange setup made it,
/// for the properties a server's attributes don't set: Get-ExchangeServer
/// shows them and server restriction filters read them
/// (understanding-management-role-scope-filters lists ServerRole,
/// CurrentServerRole, Fqdn, ServerSite, ExchangeVersion among the filterable
/// server properties).
pub fn server_default(org: &Organization, server: &Server, name: &str) -> Option<String> {
    let root = org.ou(org.root_ou()).map(|o| o.dn.as_str()).unwrap_or("");
    let site = "Default-First-Site-Name";
    let value = match name.to_ascii_lowercase().as_str() {
        "site" => format!("{}/Configuration/Sites/{site}", org.name),
        "serversite" => format!("CN={site},CN=Sites,CN=Configuration,{root}"),
        "serverrole" | "currentserverrole" => "Mailbox".to_string(),
        "edition" => "Enterprise".to_string(),
        "admindisplayversion" => "Version 15.2".to_string(),
        "exchangeversion" => "0.1 (8.0.535.0)".to_string(),
        "fqdn" => format!("{}.{}", server.name.to_lowercase(), org.name.to_lowercase()),
        _ => return None,
    };
    Some(value)
}

/// A recipient (existing or about to be created) with its organization.
pub struct RecipientSubject<'a> {
    org: &'a Organization,
    r: &'a Recipient,
    id: Option<RecipientId>,
    /// Attributes looked up so far. A write check runs the filters of the
    /// exclusive scopes and of its candidates' scopes on one target, and
    /// they often ask the same attribute (an organization's exclusive
    /// scopes tend to filter on one).
    looked_up: RefCell<Looked<'a>>,
}

/// A few attribute lookups and their answers, by property name.
#[derive(Default)]
struct Looked<'a> {
    names: [([u8; Looked::NAME], usize); Looked::SLOTS],
    found: [Option<&'a str>; Looked::SLOTS],
    len: usize,
}

impl<'a> Looked<'a> {
    /// Longest name remembered (longer ones are looked up each time).
    const NAME: usize = 32;
    /// Lookups remembered (later ones are made each time).
    const SLOTS: usize = 8;

    fn get(&self, name: &str) -> Option<Option<&'a str>> {
        let n = name.as_bytes();
        (0..self.len.min(Self::SLOTS)).find_map(|i| {
            let (buf, len) = self.names.get(i)?;
            (buf.get(..*len)? == n).then(|| self.found.get(i).copied().flatten())
        })
    }

    fn put(&mut self, name: &str, found: Option<&'a str>) {
        let n = name.as_bytes();
        let (Some(slot), Some(answer)) =
            (self.names.get_mut(self.len), self.found.get_mut(self.len))
        else {
            return;
        };
        let Some(dst) = slot.0.get_mut(..n.len()) else {
            return;
        };
        dst.copy_from_slice(n);
        slot.1 = n.len();
        *answer = found;
        self.len += 1;
    }
}

impl<'a> RecipientSubject<'a> {
    /// Wraps a recipient.
    pub fn new(org: &'a Organization, r: &'a Recipient, id: Option<RecipientId>) -> Self {
        RecipientSubject {
            org,
            r,
            id,
            looked_up: RefCell::default(),
        }
    }

    /// An attribute's value, case-insensitively (`names::find_key`).
    fn attr(&self, name: &str) -> Option<&'a str> {
        if let Some(known) = self.looked_up.borrow().get(name) {
            return known;
        }
        let found = self.r.attrs.find(name).map(|(_, v)| v);
        self.looked_up.borrow_mut().put(name, found);
        found
    }
    /// The recipient.
    pub fn recipient(&self) -> &'a Recipient {
        self.r
    }
    fn dn_of(&self, id: RecipientId) -> Cow<'a, str> {
        Cow::Owned(self.org.recipient_dn(id))
    }
}

/// The recipient properties that aren't simple attributes.
#[derive(Clone, Copy)]
enum Computed {
    Name,
    RecipientType,
    RecipientTypeDetails,
    DistinguishedName,
    MemberOfGroup,
    ManagedBy,
    Manager,
    Database,
    AccountDisabled,
    UserAccountControl,
    ExchangeUserAccountControl,
    IsShared,
    IsResource,
    OrganizationalUnit,
    EmailAddresses,
    HiddenFromAddressListsEnabled,
}

const COMPUTED: &[(&str, Computed)] = &[
    ("Name", Computed::Name),
    ("RecipientType", Computed::RecipientType),
    ("RecipientTypeDetails", Computed::RecipientTypeDetails),
    ("DistinguishedName", Computed::DistinguishedName),
    ("MemberOfGroup", Computed::MemberOfGroup),
    ("ManagedBy", Computed::ManagedBy),
    ("Manager", Computed::Manager),
    ("Database", Computed::Database),
    ("AccountDisabled", Computed::AccountDisabled),
    ("UserAccountControl", Computed::UserAccountControl),
    (
        "ExchangeUserAccountControl",
        Computed::ExchangeUserAccountControl,
    ),
    ("IsShared", Computed::IsShared),
    ("IsResource", Computed::IsResource),
    ("OrganizationalUnit", Computed::OrganizationalUnit),
    ("EmailAddresses", Computed::EmailAddresses),
    (
        "HiddenFromAddressListsEnabled",
        Computed::HiddenFromAddressListsEnabled,
    ),
];

/// Which computed property a name asks for, case-insensitively. ASCII
/// case folding decides it exactly as full lowercasing would: the names are
/// ASCII, and the one non-ASCII character that lowercases to ASCII (the
/// Kelvin sign, to `k`) is in none of them. Filters run this for every
/// comparison on every write, so it must not allocate.
fn computed(name: &str) -> Option<Computed> {
    COMPUTED
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, c)| *c)
}

impl Subject for RecipientSubject<'_> {
    fn property(&self, name: &str) -> Value<'_> {
        let r = self.r;
        let Some(c) = computed(name) else {
            return match self.attr(name) {
                Some("") | None => Value::Null,
                Some(v) => Value::Str(Cow::Borrowed(v)),
            };
        };
        match c {
            Computed::Name => Value::Str(Cow::Borrowed(&r.name)),
            Computed::RecipientType => Value::Str(Cow::Borrowed(r.kind.recipient_type())),
            Computed::RecipientTypeDetails => Value::Str(Cow::Borrowed(r.recipient_type_details())),
            Computed::DistinguishedName => match self.id {
                Some(id) => Value::Str(self.dn_of(id)),
                None => {
                    let ou = self.org.ou(r.ou).map(|o| o.dn.as_str()).unwrap_or("");
                    Value::Str(Cow::Owned(format!("CN={},{}", r.name, ou)))
                }
            },
            Computed::MemberOfGroup => {
                Value::Multi(r.member_of.iter().map(|g| self.dn_of(*g)).collect())
            }
            Computed::ManagedBy => {
                Value::Multi(r.managed_by.iter().map(|g| self.dn_of(*g)).collect())
            }
            Computed::Manager => match r.manager {
                Some(m) => Value::Str(self.dn_of(m)),
                None => Value::Null,
            },
            Computed::Database => match r.database.and_then(|d| self.org.database(d)) {
                Some(db) => Value::Str(Cow::Owned(config_dn(self.org, "Databases", &db.name))),
                None => Value::Null,
            },
            Computed::AccountDisabled => Value::Bool(!r.enabled),
            // The account's flags, by the names Microsoft's filter pages list
            // (AccountDisabled, NormalAccount); groups and contacts have none.
            Computed::UserAccountControl => match r.kind.is_user() {
                true if r.enabled => Value::Multi(vec![Cow::Borrowed("NormalAccount")]),
                true => Value::Multi(vec![
                    Cow::Borrowed("AccountDisabled"),
                    Cow::Borrowed("NormalAccount"),
                ]),
                false => Value::Null,
            },
            // Exchange's copy of the disabled flag (None or AccountDisabled).
            Computed::ExchangeUserAccountControl => match r.kind.is_user() {
                true if r.enabled => Value::Str(Cow::Borrowed("None")),
                true => Value::Str(Cow::Borrowed("AccountDisabled")),
                false => Value::Null,
            },
            // Shared and resource mailboxes (the Boolean properties
            // Get-Mailbox -Filter knows), by their RecipientTypeDetails.
            Computed::IsShared => Value::Bool(
                r.kind == RecipientKind::UserMailbox
                    && r.recipient_type_details() == "SharedMailbox",
            ),
            Computed::IsResource => Value::Bool(
                r.kind == RecipientKind::UserMailbox
                    && matches!(
                        r.recipient_type_details(),
                        "RoomMailbox" | "EquipmentMailbox"
                    ),
            ),
            Computed::OrganizationalUnit => match self.org.ou(r.ou) {
                Some(o) => Value::Str(Cow::Borrowed(&o.canonical)),
                None => Value::Null,
            },
            // A multi-valued property (filters match any address), with
            // the primary SMTP address when none was set.
            Computed::EmailAddresses => {
                let all = r.kind.email_addresses_with(&r.attrs);
                if all.is_empty() {
                    Value::Null
                } else {
                    Value::Multi(all)
                }
            }
            Computed::HiddenFromAddressListsEnabled => {
                match r.kind.hidden_from_address_lists_with(&r.attrs) {
                    Some(b) => Value::Bool(b),
                    None => Value::Null,
                }
            }
        }
    }
}

/// A server as server filters see it.
pub struct ServerSubject<'a> {
    /// The organization.
    pub org: &'a Organization,
    /// The server.
    pub server: &'a Server,
}

impl Subject for ServerSubject<'_> {
    fn property(&self, name: &str) -> Value<'_> {
        if names::eq(name, "Name") || names::eq(name, "ServerName") {
            return Value::Str(Cow::Borrowed(&self.server.name));
        }
        if names::eq(name, "DistinguishedName") {
            return Value::Str(Cow::Owned(config_dn(
                self.org,
                "Servers",
                &self.server.name,
            )));
        }
        match names::find_key(&self.server.attrs, name) {
            Some((_, v)) => Value::Str(Cow::Borrowed(v)),
            None => match server_default(self.org, self.server, name) {
                Some(v) => Value::Str(Cow::Owned(v)),
                None => Value::Null,
            },
        }
    }
}

/// A database as database filters see it.
pub struct DatabaseSubject<'a> {
    /// The organization.
    pub org: &'a Organization,
    /// The database.
    pub database: &'a Database,
}

impl Subject for DatabaseSubject<'_> {
    fn property(&self, name: &str) -> Value<'_> {
        if names::eq(name, "Name") {
            return Value::Str(Cow::Borrowed(&self.database.name));
        }
        if names::eq(name, "DistinguishedName") {
            return Value::Str(Cow::Owned(config_dn(
                self.org,
                "Databases",
                &self.database.name,
            )));
        }
        if names::eq(name, "Server") || names::eq(name, "MasterServerOrAvailabilityGroup") {
            return match self.org.server(self.database.server) {
                Some(s) => Value::Str(Cow::Owned(config_dn(self.org, "Servers", &s.name))),
                None => Value::Null,
            };
        }
        match names::find_key(&self.database.attrs, name) {
            Some((_, v)) => Value::Str(Cow::Borrowed(v)),
            None => Value::Null,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Remembered lookups answer as fresh ones, for many names, long
    /// names and other spellings.
    #[test]
    fn remembered_attributes_answer_as_lookups() {
        let mut org = Organization::empty("contoso.com").unwrap();
        let root = org.root_ou();
        let attrs = (1..=15)
            .map(|i| (format!("CustomAttribute{i}"), format!("v{i}")))
            .chain([("Department".to_string(), String::new())])
            .collect();
        let id = org
            .new_recipient(crate::model::NewRecipient {
                name: "Sales1".into(),
                ou: root,
                kind: RecipientKind::UserMailbox,
                attrs,
                enabled: true,
            })
            .unwrap();
        let r = org.recipient(id).unwrap();
        let subject = RecipientSubject::new(&org, r, Some(id));
        let long = "X".repeat(40);
        let mut asked: Vec<String> = (0..=17).map(|i| format!("CustomAttribute{i}")).collect();
        asked.extend(
            [
                "customattribute3",
                "Department",
                "DEPARTMENT",
                "Office",
                &long,
            ]
            .map(String::from),
        );
        for _ in 0..3 {
            for a in &asked {
                let want = match r.attrs.find(a) {
                    Some((_, v)) if !v.is_empty() => Some(v),
                    _ => None,
                };
                let got = match subject.property(a) {
                    Value::Str(v) => Some(v.into_owned()),
                    _ => None,
                };
                assert_eq!(got.as_deref(), want, "{a}");
            }
        }
    }

    /// ASCII folding picks the same computed property as lowercasing did,
    /// for every spelling, including non-ASCII ones.
    #[test]
    fn computed_names_match_as_lowercasing_did() {
        let lower = [
            "name",
            "recipienttype",
            "recipienttypedetails",
            "distinguishedname",
            "memberofgroup",
            "managedby",
            "manager",
            "database",
            "accountdisabled",
            "useraccountcontrol",
            "exchangeuseraccountcontrol",
            "isshared",
            "isresource",
            "organizationalunit",
            "emailaddresses",
            "hiddenfromaddresslistsenabled",
        ];
        let mut asked: Vec<String> = Vec::new();
        for (n, _) in COMPUTED {
            asked.push(n.to_string());
            asked.push(n.to_uppercase());
            asked.push(n.to_lowercase());
            asked.push(format!("{n}x"));
            asked.push(n.replace('a', "\u{212a}").replace('e', "\u{130}"));
        }
        asked.extend(["", "Department", "CustomAttribute1", "\u{212a}"].map(String::from));
        for a in &asked {
            let before = lower.iter().position(|l| *l == a.to_lowercase());
            let now = computed(a).map(|c| c as usize);
            assert_eq!(before, now, "{a:?}");
        }
        // No character outside ASCII lowercases into ASCII but the Kelvin sign.
        for c in (0x80u32..=0x10FFFF).filter_map(char::from_u32) {
            if c.to_lowercase().all(|l| l.is_ascii()) {
                assert_eq!(c, '\u{212a}');
            }
        }
    }
}
