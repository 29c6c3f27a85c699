//! The organization's objects as the cmdlets emit them, with Exchange's
//! property names.

use crate::value::{Deferred, Name, Object, Value};
use exrbac_core::*;
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::OnceLock;

/// Properties each recipient type shows even when empty, after the common ones.
const MAILBOX_PROPS: &[&str] = &[
    "Alias",
    "ServerName",
    "ProhibitSendQuota",
    "Database",
    "PrimarySmtpAddress",
    "EmailAddresses",
    "HiddenFromAddressListsEnabled",
    "UserPrincipalName",
    "RoleAssignmentPolicy",
    "Office",
    "CustomAttribute1",
    "CustomAttribute2",
    "CustomAttribute3",
    "CustomAttribute4",
    "CustomAttribute5",
    "CustomAttribute6",
    "CustomAttribute7",
    "CustomAttribute8",
    "CustomAttribute9",
    "CustomAttribute10",
    "CustomAttribute11",
    "CustomAttribute12",
    "CustomAttribute13",
    "CustomAttribute14",
    "CustomAttribute15",
];
const USER_PROPS: &[&str] = &[
    "UserPrincipalName",
    "FirstName",
    "LastName",
    "Title",
    "Department",
    "Company",
    "Office",
    "City",
    "StateOrProvince",
    "CountryOrRegion",
    "Phone",
    "MobilePhone",
    "Manager",
];
const GROUP_PROPS: &[&str] = &[
    "Alias",
    "PrimarySmtpAddress",
    "EmailAddresses",
    "HiddenFromAddressListsEnabled",
    "GroupType",
    "ManagedBy",
    "MemberJoinRestriction",
    "MemberDepartRestriction",
    "Description",
    "Notes",
];

/// The properties every recipient shows first.
const COMMON_PROPS: &[&str] = &[
    "Name",
    "Identity",
    "DisplayName",
    "RecipientType",
    "RecipientTypeDetails",
    "OrganizationalUnit",
    "DistinguishedName",
];

/// The fixed properties a recipient type shows after the common ones, by
/// the shape of the listing.
#[derive(Debug, Clone, Copy)]
enum Shape {
    Mailbox,
    User,
    Contact,
    Group,
    Other,
}

impl Shape {
    fn of(type_name: &str) -> Shape {
        match type_name {
            "Mailbox" => Shape::Mailbox,
            "User" => Shape::User,
            "Contact" => Shape::Contact,
            "DistributionGroup" | "Group" | "RoleGroup" => Shape::Group,
            _ => Shape::Other,
        }
    }

    fn extra(self) -> &'static [&'static str] {
        match self {
            Shape::Mailbox => MAILBOX_PROPS,
            Shape::User => USER_PROPS,
            // Get-Contact shows a contact's directory attributes, a user's less the logon name.
            Shape::Contact => USER_PROPS.get(1..).unwrap_or_default(),
            Shape::Group => GROUP_PROPS,
            Shape::Other => &[],
        }
    }

    /// Which well-known attributes the shape already shows among its fixed
    /// properties (or never lists, like GroupScope), by attribute number;
    /// made once per shape.
    fn shown(self) -> &'static [bool] {
        static CELLS: [OnceLock<Vec<bool>>; 5] = [const { OnceLock::new() }; 5];
        let cell = match self {
            Shape::Mailbox => &CELLS[0],
            Shape::User => &CELLS[1],
            Shape::Contact => &CELLS[2],
            Shape::Group => &CELLS[3],
            Shape::Other => &CELLS[4],
        };
        cell.get_or_init(|| {
            let mut v = vec![false; WELL_KNOWN_COUNT];
            let hidden = COMMON_PROPS
                .iter()
                .chain(self.extra())
                .chain(["GroupScope"].iter());
            for n in hidden {
                if let Some(slot) = well_known_number(n).and_then(|i| v.get_mut(usize::from(i))) {
                    *slot = true;
                }
            }
            v
        })
    }
}

/// A recipient as a given Get cmdlet shows it.
pub fn recipient(org: &Organization, id: RecipientId, type_name: &'static str) -> Value {
    Recipients::new(org).object(id, type_name)
}

/// Makes recipient objects for one listing. An object keeps a copy of
/// what it shows of its recipient and of the names it shows from
/// elsewhere (OU, database, server, policy), shared between the objects
/// that show the same, and lays its properties out when first read: a
/// listing of a million mailboxes that is only counted or passed on
/// copies each once, in a few hundred bytes.
pub struct Recipients<'o> {
    org: &'o Organization,
    ous: HashMap<OuId, Arc<OuNames>>,
    databases: HashMap<DatabaseId, Arc<DatabaseNames>>,
    policies: HashMap<PolicyId, Arc<str>>,
}

/// What a recipient's identity and DN are made of.
#[derive(Debug)]
struct OuNames {
    canonical: String,
    dn: String,
}

/// A mailbox database's name and its server's (lower case, as Exchange
/// shows it).
#[derive(Debug)]
struct DatabaseNames {
    name: Box<str>,
    server: Option<Box<str>>,
}

/// A recipient as it was when its object was made.
#[derive(Debug)]
struct Card {
    shape: Shape,
    role_group: bool,
    kind: RecipientKind,
    enabled: bool,
    name: Box<str>,
    attrs: Attrs,
    ou: Arc<OuNames>,
    database: Option<Arc<DatabaseNames>>,
    policy: Option<Arc<str>>,
    manager: Option<Box<str>>,
    /// What only groups show (few of a listing: kept apart).
    group: Option<Box<GroupParts>>,
}

/// The names a group shows.
#[derive(Debug, Default)]
struct GroupParts {
    /// Canonical names of the owners.
    managed_by: Vec<String>,
    /// Names of the members.
    members: Vec<String>,
    /// A role group's regular roles and its assignments' names.
    roles: Vec<String>,
    assignments: Vec<String>,
}

impl Card {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.find(name).map(|(_, v)| v)
    }

    /// A list, as Exchange shows a ProxyAddressCollection.
    fn email_addresses(&self) -> Value {
        Value::Array(
            self.kind
                .email_addresses_with(&self.attrs)
                .into_iter()
                .map(|a| Value::from(a.into_owned()))
                .collect(),
        )
    }
}

impl<'o> Recipients<'o> {
    /// For objects of one organization.
    pub fn new(org: &'o Organization) -> Recipients<'o> {
        Recipients {
            org,
            ous: HashMap::new(),
            databases: HashMap::new(),
            policies: HashMap::new(),
        }
    }

    /// The object of a recipient as a Get cmdlet of `type_name` shows it.
    pub fn object(&mut self, id: RecipientId, type_name: &'static str) -> Value {
        let org = self.org;
        let Some(r) = org.recipient(id) else {
            return Value::Null;
        };
        let shape = Shape::of(type_name);
        let role_group = type_name == "RoleGroup";
        let ou = self
            .ous
            .entry(r.ou)
            .or_insert_with(|| {
                let o = org.ou(r.ou);
                Arc::new(OuNames {
                    canonical: o.map(|o| o.canonical.clone()).unwrap_or_default(),
                    dn: o.map(|o| o.dn.clone()).unwrap_or_default(),
                })
            })
            .clone();
        let database = r.database.and_then(|d| {
            let db = org.database(d)?;
            Some(
                self.databases
                    .entry(d)
                    .or_insert_with(|| {
                        Arc::new(DatabaseNames {
                            name: db.name.as_str().into(),
                            server: org
                                .server(db.server)
                                .map(|s| s.name.to_lowercase().into_boxed_str()),
                        })
                    })
                    .clone(),
            )
        });
        let policy = r.policy.and_then(|p| {
            let pol = org.policy(p)?;
            Some(
                self.policies
                    .entry(p)
                    .or_insert_with(|| Arc::from(pol.name.as_str()))
                    .clone(),
            )
        });
        let group = (r.kind.is_group() || matches!(shape, Shape::Group) || role_group)
            .then(|| Box::new(group_parts(org, id, r, shape, role_group)));
        let card = Card {
            shape,
            role_group,
            kind: r.kind,
            enabled: r.enabled,
            name: r.name.as_str().into(),
            attrs: r.attrs.clone(),
            ou,
            database,
            policy,
            manager: r.manager.map(|m| org.recipient_name(m).into()),
            group,
        };
        Object::deferred(Name::Borrowed(type_name), Arc::new(card)).into()
    }
}

/// The names a group's object shows, read when the object is made.
fn group_parts(
    org: &Organization,
    id: RecipientId,
    r: &Recipient,
    shape: Shape,
    role_group: bool,
) -> GroupParts {
    let mut g = GroupParts::default();
    if matches!(shape, Shape::Group) {
        g.managed_by = r
            .managed_by
            .iter()
            .map(|m| org.recipient_canonical(*m))
            .collect();
    }
    if r.kind.is_group() {
        g.members = r
            .members
            .iter()
            .map(|m| org.recipient_name(*m).to_string())
            .collect();
    }
    if role_group {
        for a in org.assignments_of(Assignee::Group(id)) {
            let Some(x) = org.assignment(*a) else {
                continue;
            };
            g.assignments.push(x.name.clone());
            // A role group's roles are what its members may use:
            // delegating assignments (Organization Management's
            // delegating-only ones) are listed under RoleAssignments only,
            // so that the documented copy `New-RoleGroup … -Roles
            // $RoleGroup.Roles` recreates the regular ones.
            let n = org.role_name(x.role);
            if !x.delegating && !g.roles.iter().any(|r| r == n) {
                g.roles.push(n.to_string());
            }
        }
    }
    g
}

impl Deferred for Card {
    fn properties(&self) -> Vec<(Name, Value)> {
        let extra = self.shape.extra();
        let mut props: Vec<(Name, Value)> =
            Vec::with_capacity(COMMON_PROPS.len() + extra.len() + self.attrs.len() + 8);
        let mut push = |n: &'static str, v: Value| props.push((Name::Borrowed(n), v));
        push("Name", Value::from(&*self.name));
        push(
            "Identity",
            Value::from(format!("{}/{}", self.ou.canonical, self.name)),
        );
        push(
            "DisplayName",
            Value::from(self.attr("DisplayName").map(str::to_string)),
        );
        push("RecipientType", Value::from(self.kind.recipient_type()));
        push(
            "RecipientTypeDetails",
            Value::from(self.kind.details_with(&self.attrs)),
        );
        push(
            "OrganizationalUnit",
            Value::from(self.ou.canonical.as_str()),
        );
        push(
            "DistinguishedName",
            Value::from(format!("CN={},{}", self.name, self.ou.dn)),
        );
        let text = |s: Option<&str>| Value::from(s.map(str::to_string));
        let group = self.group.as_deref();
        let names = |pick: fn(&GroupParts) -> &Vec<String>| {
            Value::from(group.map(pick).cloned().unwrap_or_default())
        };
        for p in extra {
            // Proxy addresses and address-list visibility belong to mail
            // recipients: a role group or plain security group has neither.
            let mail_only = matches!(*p, "EmailAddresses" | "HiddenFromAddressListsEnabled");
            if mail_only && !self.kind.is_mail_enabled() {
                continue;
            }
            let v = match *p {
                "ServerName" => text(self.database.as_ref().and_then(|d| d.server.as_deref())),
                "Database" => text(self.database.as_ref().map(|d| &*d.name)),
                "ProhibitSendQuota" => {
                    Value::from(self.attr("ProhibitSendQuota").unwrap_or("Unlimited"))
                }
                "RoleAssignmentPolicy" => text(self.policy.as_deref()),
                "EmailAddresses" => self.email_addresses(),
                "HiddenFromAddressListsEnabled" => {
                    match self.kind.hidden_from_address_lists_with(&self.attrs) {
                        Some(b) => Value::Bool(b),
                        None => Value::Null,
                    }
                }
                // Exchange shows ADObjectIds as canonical names, and the
                // documented `$RoleGroup.ManagedBy -= (Get-User X).Identity`
                // relies on the two matching.
                "ManagedBy" => names(|g| &g.managed_by),
                "Manager" => text(self.manager.as_deref()),
                "GroupType" => {
                    let scope = self.attr("GroupScope").unwrap_or("Universal");
                    Value::from(match self.kind {
                        RecipientKind::DistributionGroup => scope.to_string(),
                        RecipientKind::MailSecurityGroup
                        | RecipientKind::SecurityGroup
                        | RecipientKind::RoleGroup => format!("{scope}, SecurityEnabled"),
                        _ => String::new(),
                    })
                }
                other => Value::from(self.attr(other).map(str::to_string)),
            };
            props.push((Name::Borrowed(p), v));
        }
        account_props(&mut props, self, self.shape);
        // The other attributes set, after those: a well-known one is looked
        // up in a table made once per type, another among the properties.
        let fixed = self.shape.shown();
        for (k, v) in self.attrs.iter_named() {
            let name = match k {
                AttrName::WellKnown(i, n) => {
                    if fixed.get(usize::from(i)).copied().unwrap_or(false) {
                        continue;
                    }
                    Name::Borrowed(n)
                }
                AttrName::Other(n) => {
                    if props.iter().any(|(k, _)| k.eq_ignore_ascii_case(n))
                        || names::eq(n, "GroupScope")
                    {
                        continue;
                    }
                    if names::eq(n, "EmailAddresses") {
                        props.push((Name::Borrowed("EmailAddresses"), self.email_addresses()));
                        continue;
                    }
                    Name::Owned(n.to_string())
                }
            };
            props.push((name, Value::from(v)));
        }
        if self.kind.is_group() {
            props.push((Name::Borrowed("Members"), names(|g| &g.members)));
        }
        if self.role_group {
            let roles = names(|g| &g.roles);
            props.insert(1, (Name::Borrowed("AssignedRoles"), roles.clone()));
            props.insert(2, (Name::Borrowed("Roles"), roles));
            props.push((Name::Borrowed("RoleGroupType"), Value::from("Standard")));
            props.push((Name::Borrowed("LinkedGroup"), Value::Null));
            props.insert(
                3,
                (Name::Borrowed("RoleAssignments"), names(|g| &g.assignments)),
            );
        }
        props
    }
}

/// What Get-Mailbox and Get-User show of the account behind a mailbox or
/// user. Shared, room and equipment mailboxes come with a disabled account
/// (New-Mailbox.md), which Get-User shows in UserAccountControl and
/// Get-Mailbox in ExchangeUserAccountControl, next to the mailbox's kind.
fn account_props(props: &mut Vec<(Name, Value)>, r: &Card, shape: Shape) {
    let disabled = !r.enabled;
    let mut push = |n: &'static str, v: Value| props.push((Name::Borrowed(n), v));
    match shape {
        Shape::Mailbox => {
            let details = r.kind.details_with(&r.attrs);
            let resource = match details {
                "RoomMailbox" => Some("Room"),
                "EquipmentMailbox" => Some("Equipment"),
                _ => None,
            };
            push("IsShared", Value::Bool(details == "SharedMailbox"));
            push("IsResource", Value::Bool(resource.is_some()));
            push("ResourceType", Value::from(resource.map(str::to_string)));
            push("AccountDisabled", Value::Bool(disabled));
            push(
                "ExchangeUserAccountControl",
                Value::from(if disabled { "AccountDisabled" } else { "None" }),
            );
        }
        Shape::User if r.kind.is_user() => {
            push(
                "UserAccountControl",
                Value::from(if disabled {
                    "AccountDisabled, NormalAccount"
                } else {
                    "NormalAccount"
                }),
            );
            push("AccountDisabled", Value::Bool(disabled));
        }
        _ => {}
    }
}

/// A management role.
pub fn role(org: &Organization, id: RoleId) -> Value {
    let Some(r) = org.role(id) else {
        return Value::Null;
    };
    Object::new("ManagementRole")
        .with("Name", r.name.as_str())
        .with("RoleType", r.role_type.as_str())
        .with("Identity", r.name.as_str())
        .with("Description", r.description.as_str())
        .with("IsRootRole", r.parent.is_none())
        .with("IsEndUserRole", r.is_end_user)
        .with(
            "Parent",
            Value::from(r.parent.map(|p| org.role_name(p).to_string())),
        )
        .with(
            "ImplicitRecipientReadScope",
            r.implicit.recipient_read.as_str(),
        )
        .with(
            "ImplicitRecipientWriteScope",
            r.implicit.recipient_write.as_str(),
        )
        .with("ImplicitConfigReadScope", r.implicit.config_read.as_str())
        .with("ImplicitConfigWriteScope", r.implicit.config_write.as_str())
        .with(
            "RoleEntries",
            Value::Array(
                r.entries
                    .iter()
                    .map(|e| Value::from(format!("({}) {}", e.kind.as_str(), e.name)))
                    .collect(),
            ),
        )
        .with("IsBuiltIn", r.builtin)
        .into()
}

/// A role entry.
pub fn entry(org: &Organization, role: RoleId, e: &RoleEntry) -> Value {
    let rname = org.role_name(role).to_string();
    Object::new("ManagementRoleEntry")
        .with("Name", e.name.as_str())
        .with("Role", rname.as_str())
        .with(
            "Parameters",
            Value::Array(
                e.parameters
                    .iter()
                    .map(|p| Value::from(p.as_str()))
                    .collect(),
            ),
        )
        .with("Type", e.kind.as_str())
        .with("PSSnapinName", entry_snapin(e))
        // Exchange's entry objects carry the role's id as `Id`: Microsoft's
        // examples rebuild identities as "$($_.id)\$($_.name)".
        .with("Id", rname.as_str())
        .with("Identity", format!("{}\\{}", rname, e.name))
        .into()
}

/// The snap-in an entry's cmdlet comes from: Exchange's own cmdlets are in
/// its management snap-in; a non-Exchange cmdlet names its own; a script
/// has none.
pub fn entry_snapin(e: &RoleEntry) -> &str {
    match (&e.snapin, e.kind) {
        (Some(s), _) => s,
        (None, EntryKind::Cmdlet) => "Microsoft.Exchange.Management.PowerShell.E2010",
        _ => "",
    }
}

/// How an assignment reaches whoever it is listed for.
pub fn assignment(
    org: &Organization,
    id: AssignmentId,
    method: &str,
    effective_user: Option<String>,
) -> Value {
    let Some(a) = org.assignment(id) else {
        return Value::Null;
    };
    let role = org.role(a.role);
    let (rw, custom_r, ou) = match a.recipient_write {
        RecipientScope::Relative(v) => (v.as_str().to_string(), None, None),
        RecipientScope::Ou(o) => (
            "OU".to_string(),
            None,
            org.ou(o).map(|x| x.canonical.clone()),
        ),
        RecipientScope::Custom(s) => (
            "CustomRecipientScope".to_string(),
            org.scope(s).map(|x| x.name.clone()),
            None,
        ),
        RecipientScope::Exclusive(s) => (
            "ExclusiveRecipientScope".to_string(),
            org.scope(s).map(|x| x.name.clone()),
            None,
        ),
    };
    let (cw, custom_c) = match a.config_write {
        ConfigScope::Relative(v) => (v.as_str().to_string(), None),
        ConfigScope::Custom(s) => (
            "CustomConfigScope".to_string(),
            org.scope(s).map(|x| x.name.clone()),
        ),
        ConfigScope::Exclusive(s) => (
            "ExclusiveConfigScope".to_string(),
            org.scope(s).map(|x| x.name.clone()),
        ),
    };
    let delegation = if a.delegating {
        if matches!(
            a.recipient_write,
            RecipientScope::Relative(ScopeValue::Organization)
        ) {
            "DelegatingOrgWide"
        } else {
            "Delegating"
        }
    } else {
        "Regular"
    };
    Object::new("ManagementRoleAssignment")
        .with("Name", a.name.as_str())
        .with("Role", org.role_name(a.role))
        .with("RoleAssigneeName", org.assignee_name(a.assignee))
        .with("RoleAssigneeType", org.assignee_type(a.assignee))
        .with("AssignmentMethod", method)
        .with(
            "EffectiveUserName",
            effective_user.unwrap_or_else(|| match a.assignee {
                Assignee::User(u) => org.recipient_name(u).to_string(),
                _ => "All Group Members".to_string(),
            }),
        )
        .with("Identity", a.name.as_str())
        .with("Enabled", a.enabled)
        .with("RoleAssignmentDelegationType", delegation)
        .with(
            "RecipientReadScope",
            role.map(|r| r.implicit.recipient_read.as_str())
                .unwrap_or(""),
        )
        .with(
            "ConfigReadScope",
            role.map(|r| r.implicit.config_read.as_str()).unwrap_or(""),
        )
        .with("RecipientWriteScope", rw)
        .with("ConfigWriteScope", cw)
        .with("CustomRecipientWriteScope", Value::from(custom_r))
        .with("CustomConfigWriteScope", Value::from(custom_c))
        .with("RecipientOrganizationalUnitScope", Value::from(ou))
        .into()
}

/// A management scope.
pub fn scope(org: &Organization, id: ScopeId) -> Value {
    let Some(s) = org.scope(id) else {
        return Value::Null;
    };
    let filter = |k: ScopeKind| {
        if s.kind == k {
            Value::from(s.filter_text.clone())
        } else {
            Value::Null
        }
    };
    Object::new("ManagementScope")
        .with("Name", s.name.as_str())
        .with("ScopeRestrictionType", s.kind.as_str())
        .with("Exclusive", s.exclusive)
        .with(
            "RecipientRoot",
            Value::from(
                s.recipient_root
                    .and_then(|o| org.ou(o))
                    .map(|o| o.canonical.clone()),
            ),
        )
        .with("RecipientFilter", filter(ScopeKind::RecipientScope))
        .with("ServerFilter", filter(ScopeKind::ServerScope))
        .with("DatabaseFilter", filter(ScopeKind::DatabaseScope))
        .with(
            "ServerList",
            Value::Array(
                s.server_list
                    .iter()
                    .filter_map(|x| org.server(*x))
                    .map(|x| Value::from(x.name.as_str()))
                    .collect(),
            ),
        )
        .with(
            "DatabaseList",
            Value::Array(
                s.database_list
                    .iter()
                    .filter_map(|x| org.database(*x))
                    .map(|x| Value::from(x.name.as_str()))
                    .collect(),
            ),
        )
        .with("Identity", s.name.as_str())
        .into()
}

/// A role assignment policy.
pub fn policy(org: &Organization, id: PolicyId) -> Value {
    let Some(p) = org.policy(id) else {
        return Value::Null;
    };
    let mut roles = Vec::new();
    let mut assignments = Vec::new();
    for a in org.assignments_of(Assignee::Policy(id)) {
        if let Some(x) = org.assignment(*a) {
            roles.push(Value::from(org.role_name(x.role)));
            assignments.push(Value::from(x.name.as_str()));
        }
    }
    Object::new("RoleAssignmentPolicy")
        .with("Name", p.name.as_str())
        .with("IsDefault", p.is_default)
        .with("Description", p.description.as_str())
        .with("AssignedRoles", Value::Array(roles))
        .with("RoleAssignments", Value::Array(assignments))
        .with("Identity", p.name.as_str())
        .into()
}

/// An Exchange server.
pub fn server(org: &Organization, id: ServerId) -> Value {
    let Some(s) = org.server(id) else {
        return Value::Null;
    };
    // The same values server restriction filters read.
    let prop = |name: &str| {
        s.attrs
            .iter()
            .find(|(k, _)| names::eq(k, name))
            .map(|(_, v)| v.clone())
            .or_else(|| server_default(org, s, name))
            .unwrap_or_default()
    };
    const SHOWN: [&str; 5] = [
        "Site",
        "ServerRole",
        "Edition",
        "AdminDisplayVersion",
        "Fqdn",
    ];
    let mut o = Object::new("ExchangeServer").with("Name", s.name.as_str());
    for p in SHOWN {
        o = o.with(p, prop(p));
    }
    o = o.with("Identity", s.name.as_str());
    for (k, v) in &s.attrs {
        if !SHOWN.iter().any(|p| names::eq(p, k)) {
            o.props_mut()
                .push((Name::Owned(k.clone()), Value::from(v.as_str())));
        }
    }
    o.into()
}

/// A mailbox database.
pub fn database(org: &Organization, id: DatabaseId) -> Value {
    let Some(d) = org.database(id) else {
        return Value::Null;
    };
    let server = org
        .server(d.server)
        .map(|s| s.name.clone())
        .unwrap_or_default();
    let mut o = Object::new("MailboxDatabase")
        .with("Name", d.name.as_str())
        .with("Server", server.as_str())
        .with("Recovery", false)
        .with("ReplicationType", "None")
        .with("MasterServerOrAvailabilityGroup", server.as_str())
        .with("Identity", d.name.as_str());
    for (k, v) in &d.attrs {
        o.props_mut()
            .push((Name::Owned(k.clone()), Value::from(v.as_str())));
    }
    o.into()
}

/// An organizational unit.
pub fn ou(org: &Organization, id: OuId) -> Value {
    let Some(o) = org.ou(id) else {
        return Value::Null;
    };
    Object::new("OrganizationalUnit")
        .with("Name", o.name.as_str())
        .with("Identity", o.canonical.as_str())
        .with("CanonicalName", o.canonical.as_str())
        .with("DistinguishedName", o.dn.as_str())
        .into()
}

/// The organization's configuration.
pub fn organization_config(org: &Organization) -> Value {
    let mut o = Object::new("OrganizationConfig")
        .with("Name", org.name.as_str())
        .with("Identity", org.name.as_str())
        .with(
            "ActiveDirectorySplitPermissions",
            org.settings.ad_split_permissions,
        )
        .with("IsDehydrated", false);
    // Set-OrganizationConfig stores a list joined with commas; a
    // multivalued setting is shown as a list again, as Exchange shows it.
    let multi = |k: &str| {
        exrbac_catalog::cmdlet("Set-OrganizationConfig")
            .and_then(|c| c.parameter(k))
            .is_some_and(|p| {
                p.type_name.ends_with("[]")
                    || ["MultiValuedProperty", "ProxyAddressCollection"]
                        .contains(&p.type_name.as_str())
            })
    };
    for (k, v) in &org.settings.attrs {
        let value = if multi(k) {
            Value::Array(
                v.split(',')
                    .map(str::trim)
                    .filter(|x| !x.is_empty())
                    .map(Value::from)
                    .collect(),
            )
        } else {
            Value::from(v.as_str())
        };
        o.props_mut().push((Name::Owned(k.clone()), value));
    }
    o.into()
}
