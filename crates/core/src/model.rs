//! The objects of an Exchange organization: directory, roles, scopes,
//! assignments, policies — and the [`Organization`] that keeps them consistent.

mod arena;
mod attrs;
mod changes;
mod directory;
mod document;
mod exclusive;
mod nesting;
mod org;
mod rbac;
mod records;
mod setup;

pub use arena::{Arena, Id};
pub use attrs::{AttrName, Attrs, WELL_KNOWN_COUNT, well_known_number};
pub use changes::{ChangeSet, Object};
pub use directory::{
    Database, DatabaseId, Ou, OuId, Recipient, RecipientId, RecipientKind, Server, ServerId,
};
pub(crate) use nesting::Closure;
pub(crate) use org::{CmdletIndex, Holder, Reach};
pub use org::{
    NewRecipient, Organization, OrganizationSettings, assignment_uses_scope, filter_kind,
    normalize_dn, well_known,
};
pub use rbac::{
    Assignee, Assignment, AssignmentId, ConfigScope, EntryKind, ImplicitScopes, Policy, PolicyId,
    RecipientScope, Role, RoleEntry, RoleId, Scope, ScopeId, ScopeKind, ScopeValue,
};
pub use records::{ObjectKind, ObjectRef, Parts};
pub use setup::is_organization_management;
