//! Exchange Server's built-in RBAC catalog as data: the management roles with their role
//! entries, the built-in role groups and their assignments, the default role assignment
//! policy, and the documented on-premises cmdlets with their parameters. Also reads a real
//! organization's `Get-ManagementRole` / `Get-ManagementRoleEntry` exports.
//!
//! Everything is embedded at compile time and parsed once per process. How the role entries
//! (which Microsoft does not publish) were derived is described in `docs/catalog.md`.

#![deny(missing_docs)]

mod builtin;
mod cmdlets;
mod derive;
mod error;
mod export;
mod validate;

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

pub use error::CatalogError;
pub use export::{ExportImport, ImportOptions, UnresolvedParameters, from_export_with};

/// Parameters every cmdlet accepts from PowerShell itself; role entries never list them and they
/// are always allowed.
pub const COMMON_PARAMETERS: &[&str] = &[
    "Confirm",
    "WhatIf",
    "Verbose",
    "Debug",
    "ErrorAction",
    "ErrorVariable",
    "WarningAction",
    "WarningVariable",
    "OutVariable",
    "OutBuffer",
    "PipelineVariable",
    "InformationAction",
    "InformationVariable",
    "ProgressAction",
];

/// Whether `name` is one of [`COMMON_PARAMETERS`] (case-insensitive).
pub fn is_common_parameter(name: &str) -> bool {
    COMMON_PARAMETERS
        .iter()
        .any(|c| c.eq_ignore_ascii_case(name))
}

/// The RBAC catalog of an organization: roles, role groups, assignment policies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Catalog {
    /// Management roles, parents before children.
    pub roles: Vec<RoleDef>,
    /// Role groups with their role assignments.
    pub role_groups: Vec<RoleGroupDef>,
    /// Role assignment policies.
    pub policies: Vec<PolicyDef>,
    /// The system groups setup creates in "Microsoft Exchange Security Groups" (not role groups).
    pub system_groups: Vec<String>,
}

impl Catalog {
    /// The role with this name (case-insensitive).
    pub fn role(&self, name: &str) -> Option<&RoleDef> {
        self.roles
            .iter()
            .find(|r| r.name.eq_ignore_ascii_case(name))
    }

    /// The role group with this name (case-insensitive).
    pub fn role_group(&self, name: &str) -> Option<&RoleGroupDef> {
        self.role_groups
            .iter()
            .find(|g| g.name.eq_ignore_ascii_case(name))
    }

    /// The policy with this name (case-insensitive).
    pub fn policy(&self, name: &str) -> Option<&PolicyDef> {
        self.policies
            .iter()
            .find(|p| p.name.eq_ignore_ascii_case(name))
    }

    /// Consistency problems, one readable line each; empty when the catalog is sound.
    /// Checks: unique names, parents exist, a child holds no entry or parameter its parent
    /// lacks, no duplicate entries, role groups and policies name existing roles, policies hold
    /// only end-user roles, end-user roles are assigned to role groups only as delegating.
    pub fn problems(&self) -> Vec<String> {
        validate::problems(self)
    }
}

/// A management role.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoleDef {
    /// Role name, e.g. `Mail Recipients`.
    pub name: String,
    /// Exchange's role type, e.g. `MailRecipients` (children share their parent's).
    pub role_type: String,
    /// Description shown by Get-ManagementRole.
    pub description: String,
    /// Parent role for child roles.
    pub parent: Option<String>,
    /// End-user role (for role assignment policies).
    pub is_end_user: bool,
    /// Unscoped top-level role (scripts and non-Exchange cmdlets, no parent).
    pub is_unscoped_top_level: bool,
    /// Implicit read and write scopes.
    pub implicit: ImplicitScopes,
    /// Role entries, sorted by name.
    pub entries: Vec<EntryDef>,
}

impl RoleDef {
    /// The entry with this name (case-insensitive).
    pub fn entry(&self, name: &str) -> Option<&EntryDef> {
        self.entries
            .iter()
            .find(|e| e.name.eq_ignore_ascii_case(name))
    }
}

/// The implicit scopes of a role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImplicitScopes {
    /// ImplicitRecipientReadScope.
    pub recipient_read: ScopeValue,
    /// ImplicitRecipientWriteScope.
    pub recipient_write: ScopeValue,
    /// ImplicitConfigReadScope.
    pub config_read: ScopeValue,
    /// ImplicitConfigWriteScope.
    pub config_write: ScopeValue,
}

/// A scope value as Exchange spells it in roles and assignments (`ScopeType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ScopeValue {
    /// No access.
    None,
    /// The scope does not apply to this role.
    NotApplicable,
    /// The whole organization (recipients).
    Organization,
    /// Recipients in the global address list.
    MyGAL,
    /// The user's own objects.
    #[serde(rename = "Self")]
    Self_,
    /// Groups the user owns.
    MyDistributionGroups,
    /// The user's executive (for delegates).
    MyExecutive,
    /// The user's direct reports.
    MyDirectReports,
    /// The whole organization (configuration).
    OrganizationConfig,
    /// An organizational unit (assignment write scope).
    OU,
    /// A custom recipient scope (assignment write scope).
    CustomRecipientScope,
    /// A custom configuration scope (assignment write scope).
    CustomConfigScope,
    /// An exclusive recipient scope (assignment write scope).
    ExclusiveRecipientScope,
    /// An exclusive configuration scope (assignment write scope).
    ExclusiveConfigScope,
    /// Partner-delegated tenant scope (Exchange Online).
    PartnerDelegatedTenantScope,
    /// Mailboxes the user may delegate (Exchange Online).
    MailboxICanDelegate,
}

impl ScopeValue {
    /// Every value, in declaration order.
    pub const ALL: [ScopeValue; 16] = [
        ScopeValue::None,
        ScopeValue::NotApplicable,
        ScopeValue::Organization,
        ScopeValue::MyGAL,
        ScopeValue::Self_,
        ScopeValue::MyDistributionGroups,
        ScopeValue::MyExecutive,
        ScopeValue::MyDirectReports,
        ScopeValue::OrganizationConfig,
        ScopeValue::OU,
        ScopeValue::CustomRecipientScope,
        ScopeValue::CustomConfigScope,
        ScopeValue::ExclusiveRecipientScope,
        ScopeValue::ExclusiveConfigScope,
        ScopeValue::PartnerDelegatedTenantScope,
        ScopeValue::MailboxICanDelegate,
    ];

    /// Exchange's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            ScopeValue::None => "None",
            ScopeValue::NotApplicable => "NotApplicable",
            ScopeValue::Organization => "Organization",
            ScopeValue::MyGAL => "MyGAL",
            ScopeValue::Self_ => "Self",
            ScopeValue::MyDistributionGroups => "MyDistributionGroups",
            ScopeValue::MyExecutive => "MyExecutive",
            ScopeValue::MyDirectReports => "MyDirectReports",
            ScopeValue::OrganizationConfig => "OrganizationConfig",
            ScopeValue::OU => "OU",
            ScopeValue::CustomRecipientScope => "CustomRecipientScope",
            ScopeValue::CustomConfigScope => "CustomConfigScope",
            ScopeValue::ExclusiveRecipientScope => "ExclusiveRecipientScope",
            ScopeValue::ExclusiveConfigScope => "ExclusiveConfigScope",
            ScopeValue::PartnerDelegatedTenantScope => "PartnerDelegatedTenantScope",
            ScopeValue::MailboxICanDelegate => "MailboxICanDelegate",
        }
    }
}

impl fmt::Display for ScopeValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A text that is not a scope value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a scope value")]
pub struct UnknownScope(pub String);

impl FromStr for ScopeValue {
    type Err = UnknownScope;
    /// Case-insensitive; `Self_` is accepted as well as Exchange's `Self`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        if t.eq_ignore_ascii_case("Self_") {
            return Ok(ScopeValue::Self_);
        }
        ScopeValue::ALL
            .into_iter()
            .find(|v| v.as_str().eq_ignore_ascii_case(t))
            .ok_or_else(|| UnknownScope(s.to_string()))
    }
}

/// A role entry: one cmdlet (or script, or permission) and the parameters it allows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryDef {
    /// Cmdlet, script or permission name, e.g. `Set-Mailbox`.
    pub name: String,
    /// What the entry names.
    pub kind: EntryKind,
    /// Allowed parameters, sorted case-insensitively; common parameters are never listed.
    pub parameters: Vec<String>,
}

/// What a role entry names (`ManagementRoleEntryType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum EntryKind {
    /// An Exchange cmdlet.
    Cmdlet,
    /// A script (unscoped top-level roles).
    Script,
    /// A permission used by applications, e.g. `Impersonate-ExchangeUser`.
    ApplicationPermission,
    /// A web service method.
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

impl fmt::Display for EntryKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A text that is not an entry type.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a role entry type")]
pub struct UnknownEntryKind(pub String);

impl FromStr for EntryKind {
    type Err = UnknownEntryKind;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        [
            EntryKind::Cmdlet,
            EntryKind::Script,
            EntryKind::ApplicationPermission,
            EntryKind::WebService,
        ]
        .into_iter()
        .find(|k| k.as_str().eq_ignore_ascii_case(t))
        .ok_or_else(|| UnknownEntryKind(s.to_string()))
    }
}

/// A role group and its role assignments.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoleGroupDef {
    /// Group name, e.g. `Organization Management`.
    pub name: String,
    /// Description.
    pub description: String,
    /// One per (role, regular | delegating).
    pub assignments: Vec<AssignmentDef>,
}

/// A role assignment of a built-in role group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssignmentDef {
    /// The role assigned.
    pub role: String,
    /// Delegating (may assign the role) rather than regular (may use it).
    pub delegating: bool,
    /// Recipient write scope; `None` = the role's implicit scope.
    pub recipient_write: Option<ScopeValue>,
    /// Configuration write scope; `None` = the role's implicit scope.
    pub config_write: Option<ScopeValue>,
}

/// A role assignment policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyDef {
    /// Policy name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Whether new mailboxes get it.
    pub is_default: bool,
    /// End-user roles assigned (regular assignments scoped by each role's implicit scopes).
    pub roles: Vec<String>,
}

/// A documented on-premises Exchange cmdlet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CmdletInfo {
    /// Cmdlet name, e.g. `Get-Mailbox`.
    pub name: String,
    /// Parameters applicable on premises, in documentation order (common ones such as Confirm
    /// and WhatIf included where the docs list them).
    pub parameters: Vec<ParamInfo>,
    /// Parameter sets applicable on premises.
    pub parameter_sets: Vec<ParamSet>,
}

impl CmdletInfo {
    /// The parameter with this name or alias (case-insensitive).
    pub fn parameter(&self, name: &str) -> Option<&ParamInfo> {
        self.parameters.iter().find(|p| {
            p.name.eq_ignore_ascii_case(name)
                || p.aliases.iter().any(|a| a.eq_ignore_ascii_case(name))
        })
    }
}

/// One parameter of a cmdlet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParamInfo {
    /// Parameter name.
    pub name: String,
    /// Type as the docs print it, e.g. `MailboxIdParameter`, `SwitchParameter`, `String[]`.
    pub type_name: String,
    /// Position as documented (the Exchange docs count from 1, a few cmdlets from 0); `None` = named.
    pub position: Option<u32>,
    /// Accepts pipeline input by value.
    pub pipeline_by_value: bool,
    /// Accepts pipeline input by property name.
    pub pipeline_by_property_name: bool,
    /// Aliases, e.g. `cf` for Confirm.
    pub aliases: Vec<String>,
}

impl ParamInfo {
    /// Whether this is a switch parameter.
    pub fn is_switch(&self) -> bool {
        self.type_name.eq_ignore_ascii_case("SwitchParameter")
    }
}

/// A parameter set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParamSet {
    /// Set name as documented.
    pub name: String,
    /// Parameters of the set, in syntax order.
    pub parameters: Vec<String>,
    /// The mandatory ones among them.
    pub mandatory: Vec<String>,
}

/// The built-in Exchange Server catalog (roles with entries, role groups, default policy),
/// parsed once per process.
pub fn builtin() -> Result<&'static Catalog, CatalogError> {
    builtin::catalog()
}

/// A documented on-premises Exchange cmdlet, by name (case-insensitive).
pub fn cmdlet(name: &str) -> Option<&'static CmdletInfo> {
    cmdlets::table().ok()?.get(name)
}

/// Every documented on-premises Exchange cmdlet, sorted by name.
pub fn cmdlets() -> impl Iterator<Item = &'static CmdletInfo> {
    cmdlets::table()
        .ok()
        .map(|t| t.list.as_slice())
        .unwrap_or_default()
        .iter()
}

/// A catalog from an organization's own exports: roles from
/// `Get-ManagementRole | Export-Csv` and entries from `Get-ManagementRoleEntry "*\*" | Export-Csv`
/// (either PowerShell's dialect). Role groups and the default policy come from the built-in
/// catalog. Fails, naming row and column, on malformed input and on entries whose Parameters
/// column holds a .NET type name instead of the list; see [`from_export_with`] to fall back to
/// the built-in entries instead, and `docs/catalog.md` for a loss-free export recipe.
pub fn from_export(roles_csv: &str, entries_csv: &str) -> Result<Catalog, CatalogError> {
    from_export_with(roles_csv, entries_csv, &ImportOptions::default()).map(|i| i.catalog)
}
