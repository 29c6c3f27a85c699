//! Objects as OPATH filters see them.

use crate::model::*;
use crate::names;
use exrbac_opath::{Subject, Value};
use std::borrow::Cow;

/// The DN of a configuration object (server or database) in the
/// configuration partition, as Exchange writes it.
pub fn config_dn(org: &Organization, container: &str, name: &str) -> String {
    let root = org.ou(org.root_ou()).map(|o| o.dn.as_str()).unwrap_or("");
    format!(
        "CN={name},CN={container},CN=Exchange Administrative Group (FYDIBOHF23SPDLT),CN=Administrative Groups,CN=First Organization,CN=Microsoft Exchange,CN=Services,CN=Configuration,{root}"
    )
}

/// A recipient (existing or about to be created) with its organization.
pub struct RecipientSubject<'a> {
    org: &'a Organization,
    r: &'a Recipient,
    id: Option<RecipientId>,
}

impl<'a> RecipientSubject<'a> {
    /// Wraps a recipient.
    pub fn new(org: &'a Organization, r: &'a Recipient, id: Option<RecipientId>) -> Self {
        RecipientSubject { org, r, id }
    }
    /// The recipient.
    pub fn recipient(&self) -> &'a Recipient {
        self.r
    }
    fn dn_of(&self, id: RecipientId) -> Cow<'a, str> {
        Cow::Owned(self.org.recipient_dn(id))
    }
}

impl Subject for RecipientSubject<'_> {
    fn property(&self, name: &str) -> Value<'_> {
        let r = self.r;
        let lower = name.to_lowercase();
        match lower.as_str() {
            "name" => Value::Str(Cow::Borrowed(&r.name)),
            "recipienttype" => Value::Str(Cow::Borrowed(r.kind.recipient_type())),
            "recipienttypedetails" => Value::Str(Cow::Borrowed(r.kind.recipient_type_details())),
            "distinguishedname" => match self.id {
                Some(id) => Value::Str(self.dn_of(id)),
                None => {
                    let ou = self.org.ou(r.ou).map(|o| o.dn.as_str()).unwrap_or("");
                    Value::Str(Cow::Owned(format!("CN={},{}", r.name, ou)))
                }
            },
            "memberofgroup" => Value::Multi(r.member_of.iter().map(|g| self.dn_of(*g)).collect()),
            "managedby" => Value::Multi(r.managed_by.iter().map(|g| self.dn_of(*g)).collect()),
            "manager" => match r.manager {
                Some(m) => Value::Str(self.dn_of(m)),
                None => Value::Null,
            },
            "database" => match r.database.and_then(|d| self.org.database(d)) {
                Some(db) => Value::Str(Cow::Owned(config_dn(self.org, "Databases", &db.name))),
                None => Value::Null,
            },
            "accountdisabled" => Value::Bool(!r.enabled),
            "organizationalunit" => match self.org.ou(r.ou) {
                Some(o) => Value::Str(Cow::Borrowed(&o.canonical)),
                None => Value::Null,
            },
            _ => match r.attrs.iter().find(|(k, _)| names::eq(k, name)) {
                Some((_, v)) if v.is_empty() => Value::Null,
                Some((_, v)) => Value::Str(Cow::Borrowed(v)),
                None => Value::Null,
            },
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
        match self.server.attrs.iter().find(|(k, _)| names::eq(k, name)) {
            Some((_, v)) => Value::Str(Cow::Borrowed(v)),
            None => Value::Null,
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
        match self.database.attrs.iter().find(|(k, _)| names::eq(k, name)) {
            Some((_, v)) => Value::Str(Cow::Borrowed(v)),
            None => Value::Null,
        }
    }
}
