//! The directory Exchange sits on: OUs, recipients, servers, databases.

use super::arena::Id;
use super::attrs::Attrs;
use super::rbac::PolicyId;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::BTreeMap;

/// An organizational unit (or the domain root).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ou {
    /// Its own name (`Sales`); the root's is the domain.
    pub name: String,
    /// The OU containing it; `None` for the domain root.
    pub parent: Option<OuId>,
    /// Canonical name, `contoso.com/Sales`.
    pub canonical: String,
    /// Distinguished name, `OU=Sales,DC=contoso,DC=com`.
    pub dn: String,
}
/// Id of an [`Ou`].
pub type OuId = Id<Ou>;

/// What kind of recipient (Exchange's RecipientTypeDetails, with the
/// RecipientType it implies).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RecipientKind {
    /// A user without a mailbox.
    User,
    /// A user with a mailbox.
    UserMailbox,
    /// A mail-enabled user whose mailbox is elsewhere.
    MailUser,
    /// A mail contact (not a security principal).
    MailContact,
    /// A universal security group that isn't mail-enabled.
    SecurityGroup,
    /// A mail-enabled universal distribution group.
    DistributionGroup,
    /// A mail-enabled universal security group.
    MailSecurityGroup,
    /// A management role group.
    RoleGroup,
}

impl RecipientKind {
    /// EmailAddresses of a recipient of this kind with these attributes:
    /// the proxy addresses set (stored joined by commas), or else a
    /// mail-enabled recipient's primary SMTP address, which Exchange always
    /// keeps among them as `SMTP:` (`Get-Mailbox` shows it so).
    pub fn email_addresses_with(self, attrs: &Attrs) -> Vec<Cow<'_, str>> {
        if let Some((_, set)) = attrs.find("EmailAddresses") {
            let listed: Vec<Cow<'_, str>> = set
                .split(',')
                .map(str::trim)
                .filter(|a| !a.is_empty())
                .map(Cow::Borrowed)
                .collect();
            if !listed.is_empty() {
                return listed;
            }
        }
        match attrs.find("PrimarySmtpAddress") {
            Some((_, primary)) if self.is_mail_enabled() && !primary.is_empty() => {
                vec![Cow::Owned(format!("SMTP:{primary}"))]
            }
            _ => Vec::new(),
        }
    }

    /// HiddenFromAddressListsEnabled of a recipient of this kind with
    /// these attributes: as set, or `False` for a mail-enabled recipient
    /// (Exchange's default), `None` for one without the property.
    pub fn hidden_from_address_lists_with(self, attrs: &Attrs) -> Option<bool> {
        match attrs.find("HiddenFromAddressListsEnabled") {
            Some((_, v)) if !v.is_empty() => Some(v.eq_ignore_ascii_case("true")),
            _ => self.is_mail_enabled().then_some(false),
        }
    }

    /// [`Recipient::recipient_type_details`] of a recipient of this kind
    /// with these attributes.
    pub fn details_with(self, attrs: &Attrs) -> &str {
        // Only while it is a mailbox: a disabled one is a plain user again.
        match self {
            RecipientKind::UserMailbox => attrs
                .find("RecipientTypeDetails")
                .map(|(_, v)| v)
                .unwrap_or(self.recipient_type_details()),
            k => k.recipient_type_details(),
        }
    }

    /// Exchange's RecipientType value.
    pub fn recipient_type(self) -> &'static str {
        match self {
            RecipientKind::User => "User",
            RecipientKind::UserMailbox => "UserMailbox",
            RecipientKind::MailUser => "MailUser",
            RecipientKind::MailContact => "MailContact",
            RecipientKind::SecurityGroup | RecipientKind::RoleGroup => "Group",
            RecipientKind::DistributionGroup => "MailUniversalDistributionGroup",
            RecipientKind::MailSecurityGroup => "MailUniversalSecurityGroup",
        }
    }
    /// Exchange's RecipientTypeDetails value.
    pub fn recipient_type_details(self) -> &'static str {
        match self {
            RecipientKind::User => "User",
            RecipientKind::UserMailbox => "UserMailbox",
            RecipientKind::MailUser => "MailUser",
            RecipientKind::MailContact => "MailContact",
            RecipientKind::SecurityGroup => "UniversalSecurityGroup",
            RecipientKind::DistributionGroup => "MailUniversalDistributionGroup",
            RecipientKind::MailSecurityGroup => "MailUniversalSecurityGroup",
            RecipientKind::RoleGroup => "RoleGroup",
        }
    }
    /// Groups have members.
    pub fn is_group(self) -> bool {
        matches!(
            self,
            RecipientKind::SecurityGroup
                | RecipientKind::DistributionGroup
                | RecipientKind::MailSecurityGroup
                | RecipientKind::RoleGroup
        )
    }
    /// Security groups can be role assignees.
    pub fn is_security_group(self) -> bool {
        matches!(
            self,
            RecipientKind::SecurityGroup
                | RecipientKind::MailSecurityGroup
                | RecipientKind::RoleGroup
        )
    }
    /// Users (with or without mailbox) can sign in and be principals.
    pub fn is_user(self) -> bool {
        matches!(
            self,
            RecipientKind::User | RecipientKind::UserMailbox | RecipientKind::MailUser
        )
    }
    /// Security principals (what AD split permissions protects).
    pub fn is_security_principal(self) -> bool {
        self.is_user() || self.is_security_group()
    }
    /// Mail-enabled objects appear in the address book.
    pub fn is_mail_enabled(self) -> bool {
        matches!(
            self,
            RecipientKind::UserMailbox
                | RecipientKind::MailUser
                | RecipientKind::MailContact
                | RecipientKind::DistributionGroup
                | RecipientKind::MailSecurityGroup
        )
    }
}

/// A user, mailbox, mail user, contact or group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Recipient {
    /// The object's name (its CN).
    pub name: String,
    /// Where it lives.
    pub ou: OuId,
    /// What it is.
    pub kind: RecipientKind,
    /// Simple attributes by Exchange property name (DisplayName, Alias,
    /// UserPrincipalName, PrimarySmtpAddress, Department, Office,
    /// CustomAttribute1–15, …). Absent means `$null`.
    pub attrs: Attrs,
    /// The account can sign in.
    pub enabled: bool,
    /// Mailbox database (mailboxes only).
    pub database: Option<DatabaseId>,
    /// Role assignment policy (mailboxes only).
    pub policy: Option<PolicyId>,
    /// Direct members (groups only).
    pub members: Vec<RecipientId>,
    /// Groups this object is a direct member of (kept in step with `members`).
    pub member_of: Vec<RecipientId>,
    /// Owners (groups only): who may change membership and settings.
    pub managed_by: Vec<RecipientId>,
    /// Manager (users).
    pub manager: Option<RecipientId>,
}
/// Id of a [`Recipient`].
pub type RecipientId = Id<Recipient>;

impl Recipient {
    /// Exchange's RecipientTypeDetails: the kind's, unless the mailbox was
    /// created as a resource or shared one (New-Mailbox -Room, -Equipment,
    /// -Shared), which keeps its type as an attribute.
    pub fn recipient_type_details(&self) -> &str {
        self.kind.details_with(&self.attrs)
    }
    /// An attribute by property name, case-insensitively.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.find(name).map(|(_, v)| v)
    }
    /// Sets (or with `None` clears) an attribute, keeping one spelling per name.
    pub fn set_attr(&mut self, name: &str, value: Option<String>) {
        self.set_attrs([(name.to_string(), value)]);
    }
    /// Sets or clears several attributes in one change, in order, as
    /// [`Recipient::set_attr`] one after the other would (repacking once).
    pub fn set_attrs(&mut self, changes: impl IntoIterator<Item = (String, Option<String>)>) {
        let mut all = self.attrs.to_map();
        for (name, value) in changes {
            all.retain(|k, _| !crate::names::eq(k, &name));
            if let Some(v) = value {
                all.insert(name, v);
            }
        }
        self.attrs = Attrs::from(all);
    }
}

/// An Exchange server (a configuration object).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Server {
    /// Server name.
    pub name: String,
    /// Other properties (Site, ServerRole, Edition, AdminDisplayVersion, …).
    pub attrs: BTreeMap<String, String>,
}
/// Id of a [`Server`].
pub type ServerId = Id<Server>;

/// A mailbox database (a configuration object).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Database {
    /// Database name.
    pub name: String,
    /// The server that hosts it.
    pub server: ServerId,
    /// Other properties.
    pub attrs: BTreeMap<String, String>,
}
/// Id of a [`Database`].
pub type DatabaseId = Id<Database>;

#[cfg(test)]
mod tests {
    use super::*;

    fn attrs(pairs: &[(&str, &str)]) -> Attrs {
        Attrs::from(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect::<BTreeMap<_, _>>(),
        )
    }

    #[test]
    fn email_addresses_default_to_the_primary_smtp_address() {
        let primary = attrs(&[("PrimarySmtpAddress", "ann@contoso.com")]);
        let mailbox = RecipientKind::UserMailbox;
        assert_eq!(
            mailbox.email_addresses_with(&primary),
            vec!["SMTP:ann@contoso.com"]
        );
        // A user without a mailbox has no proxy addresses.
        assert!(
            RecipientKind::User
                .email_addresses_with(&primary)
                .is_empty()
        );
        let set = attrs(&[
            ("PrimarySmtpAddress", "ann@contoso.com"),
            (
                "EmailAddresses",
                "SMTP:ann@contoso.com, smtp:a@fabrikam.com",
            ),
        ]);
        assert_eq!(
            mailbox.email_addresses_with(&set),
            vec!["SMTP:ann@contoso.com", "smtp:a@fabrikam.com"]
        );
        assert!(mailbox.email_addresses_with(&attrs(&[])).is_empty());
    }

    #[test]
    fn hidden_from_address_lists_defaults_to_false_for_mail_recipients() {
        let none = attrs(&[]);
        assert_eq!(
            RecipientKind::UserMailbox.hidden_from_address_lists_with(&none),
            Some(false)
        );
        assert_eq!(
            RecipientKind::User.hidden_from_address_lists_with(&none),
            None
        );
        let hidden = attrs(&[("HiddenFromAddressListsEnabled", "True")]);
        assert_eq!(
            RecipientKind::DistributionGroup.hidden_from_address_lists_with(&hidden),
            Some(true)
        );
    }
}
