//! Roles, entries, scopes, assignments and policies.

use super::arena::Id;
use super::directory::{DatabaseId, OuId, RecipientId, ServerId};
use serde::{Deserialize, Serialize};

/// A value of a role's implicit scope or of a relative write scope, spelled as Exchange spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ScopeValue {
    /// No access of this kind.
    None,
    /// The role doesn't act on this kind of object.
    NotApplicable,
    /// Every recipient of the organization.
    Organization,
    /// Every recipient in the global address list.
    MyGAL,
    /// The user's own objects.
    #[serde(rename = "Self")]
    SelfScope,
    /// The distribution groups the user owns.
    MyDistributionGroups,
    /// The user's executive (Exchange's "MyExecutive").
    MyExecutive,
    /// The mailboxes the user may delegate (Exchange's "MailboxICanDelegate").
    MailboxICanDelegate,
    /// Every configuration object of the organization.
    OrganizationConfig,
}

impl ScopeValue {
    /// Exchange's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            ScopeValue::None => "None",
            ScopeValue::NotApplicable => "NotApplicable",
            ScopeValue::Organization => "Organization",
            ScopeValue::MyGAL => "MyGAL",
            ScopeValue::SelfScope => "Self",
            ScopeValue::MyDistributionGroups => "MyDistributionGroups",
            ScopeValue::MyExecutive => "MyExecutive",
            ScopeValue::MailboxICanDelegate => "MailboxICanDelegate",
            ScopeValue::OrganizationConfig => "OrganizationConfig",
        }
    }
    /// Parses Exchange's spelling, case-insensitively.
    pub fn parse(s: &str) -> Option<ScopeValue> {
        let all = [
            ScopeValue::None,
            ScopeValue::NotApplicable,
            ScopeValue::Organization,
            ScopeValue::MyGAL,
            ScopeValue::SelfScope,
            ScopeValue::MyDistributionGroups,
            ScopeValue::MyExecutive,
            ScopeValue::MailboxICanDelegate,
            ScopeValue::OrganizationConfig,
        ];
        let s = s.trim();
        if crate::names::eq(s, "Self_") {
            return Some(ScopeValue::SelfScope);
        }
        all.into_iter().find(|v| crate::names::eq(v.as_str(), s))
    }
}

impl std::fmt::Display for ScopeValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A role's implicit scopes: what its assignments read and write unless narrowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImplicitScopes {
    /// Recipient read scope.
    pub recipient_read: ScopeValue,
    /// Recipient write scope.
    pub recipient_write: ScopeValue,
    /// Configuration read scope.
    pub config_read: ScopeValue,
    /// Configuration write scope.
    pub config_write: ScopeValue,
}

/// What a role entry grants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum EntryKind {
    /// A cmdlet.
    Cmdlet,
    /// A script.
    Script,
    /// An application permission such as impersonation.
    ApplicationPermission,
    /// A web service permission.
    WebService,
}

impl EntryKind {
    /// Exchange's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            EntryKind::Cmdlet => "Cmdlet",
            EntryKind::Script => "Script",
            EntryKind::ApplicationPermission => "ApplicationPermission",
            EntryKind::WebService => "WebService",
        }
    }
}

/// One cmdlet (or script, or permission) of a role, with the parameters it may use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleEntry {
    /// Cmdlet name, `Set-Mailbox`.
    pub name: String,
    /// What the entry is.
    pub kind: EntryKind,
    /// Allowed parameters, sorted case-insensitively, no duplicates.
    pub parameters: Vec<String>,
    /// The Windows PowerShell snap-in of a non-Exchange cmdlet added to an
    /// unscoped top-level role (`-PSSnapinName`); `None` for Exchange's own
    /// cmdlets and for scripts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub snapin: Option<String>,
}

impl RoleEntry {
    /// Whether this entry allows the parameter.
    pub fn has_parameter(&self, p: &str) -> bool {
        // Parameters are kept sorted case-insensitively (see `normalize`).
        self.parameters
            .binary_search_by(|x| crate::names::cmp(x, p))
            .is_ok()
    }
    /// Sorts and dedups parameters, case-insensitively.
    pub fn normalize(&mut self) {
        self.parameters.sort_by(|a, b| crate::names::cmp(a, b));
        self.parameters.dedup_by(|a, b| crate::names::eq(a, b));
    }
}

/// A management role: what may be done.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Role {
    /// Unique name.
    pub name: String,
    /// Built-in roles come from the catalog and are read-only.
    pub builtin: bool,
    /// The role it was derived from (custom roles always have one).
    pub parent: Option<RoleId>,
    /// Exchange's RoleType (inherited from the parent).
    pub role_type: String,
    /// Description.
    pub description: String,
    /// End-user roles go only to role assignment policies.
    pub is_end_user: bool,
    /// An unscoped role (an unscoped top-level role or a child of one):
    /// managed only through Unscoped Role Management, never scoped.
    pub is_unscoped: bool,
    /// Implicit read and write scopes.
    pub implicit: ImplicitScopes,
    /// Entries, sorted by name case-insensitively; one per name.
    pub entries: Vec<RoleEntry>,
}
/// Id of a [`Role`].
pub type RoleId = Id<Role>;

impl Role {
    /// The entry for a cmdlet, case-insensitively.
    pub fn entry(&self, cmdlet: &str) -> Option<&RoleEntry> {
        // Bisect with a case-insensitive comparison that allocates nothing:
        // this runs for every assignment of every decision.
        self.entries
            .binary_search_by(|e| crate::names::cmp(&e.name, cmdlet))
            .ok()
            .and_then(|i| self.entries.get(i))
    }
    /// Sorts entries by name so lookups can bisect.
    pub fn normalize(&mut self) {
        for e in &mut self.entries {
            e.normalize();
        }
        self.entries
            .sort_by(|a, b| crate::names::cmp(&a.name, &b.name));
        self.entries
            .dedup_by(|a, b| crate::names::eq(&a.name, &b.name));
    }
}

/// What a custom scope restricts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ScopeKind {
    /// Recipients, by root OU and filter.
    RecipientScope,
    /// Servers, by list or filter.
    ServerScope,
    /// Databases, by list or filter.
    DatabaseScope,
}

impl ScopeKind {
    /// Exchange's ScopeRestrictionType.
    pub fn as_str(self) -> &'static str {
        match self {
            ScopeKind::RecipientScope => "RecipientScope",
            ScopeKind::ServerScope => "ServerScope",
            ScopeKind::DatabaseScope => "DatabaseScope",
        }
    }
}

/// A management scope: where assignments that use it may write.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Scope {
    /// Unique name.
    pub name: String,
    /// What it restricts.
    pub kind: ScopeKind,
    /// Recipient root OU (recipient scopes): only objects under it.
    pub recipient_root: Option<OuId>,
    /// The filter text as given (recipient, server or database filter).
    pub filter_text: Option<String>,
    /// The parsed filter.
    #[serde(skip)]
    pub filter: Option<exrbac_opath::Filter>,
    /// Servers listed (server scopes).
    pub server_list: Vec<ServerId>,
    /// Databases listed (database scopes).
    pub database_list: Vec<DatabaseId>,
    /// Exclusive scopes deny writes to what they match except through exclusive assignments.
    pub exclusive: bool,
}
/// Id of a [`Scope`].
pub type ScopeId = Id<Scope>;

/// An assignment's recipient write scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RecipientScope {
    /// A relative scope (Organization, Self, MyGAL, …) or None/NotApplicable.
    Relative(ScopeValue),
    /// An OU and everything under it.
    Ou(OuId),
    /// A custom recipient scope.
    Custom(ScopeId),
    /// An exclusive recipient scope.
    Exclusive(ScopeId),
}

/// An assignment's configuration write scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ConfigScope {
    /// OrganizationConfig, None or NotApplicable.
    Relative(ScopeValue),
    /// A custom server or database scope.
    Custom(ScopeId),
    /// An exclusive server or database scope.
    Exclusive(ScopeId),
}

/// Who an assignment gives its role to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Assignee {
    /// A user directly.
    User(RecipientId),
    /// A role group or universal security group.
    Group(RecipientId),
    /// A role assignment policy (and so every mailbox that has it).
    Policy(PolicyId),
}

/// The link between a role and whoever receives it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Assignment {
    /// Unique name, by default `<Role>-<Assignee>`.
    pub name: String,
    /// The role.
    pub role: RoleId,
    /// Who gets it.
    pub assignee: Assignee,
    /// Delegating assignments let the assignee assign the role, not use it.
    pub delegating: bool,
    /// Disabled assignments grant nothing.
    pub enabled: bool,
    /// Where recipients may be written.
    pub recipient_write: RecipientScope,
    /// Where configuration may be written.
    pub config_write: ConfigScope,
}
/// Id of an [`Assignment`].
pub type AssignmentId = Id<Assignment>;

/// A role assignment policy: end-user rights given to mailboxes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Policy {
    /// Unique name.
    pub name: String,
    /// Description.
    pub description: String,
    /// New mailboxes get the default policy.
    pub is_default: bool,
}
/// Id of a [`Policy`].
pub type PolicyId = Id<Policy>;
