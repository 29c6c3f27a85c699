//! Errors of the model and the engine, worded as Exchange words them.

use thiserror::Error;

/// What went wrong, with the text an Exchange administrator would read.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CoreError {
    /// The principal holds no role with this cmdlet: to them it does not exist.
    #[error(
        "The term '{0}' is not recognized as the name of a cmdlet, function, script file, or operable program. Check the spelling of the name, or if a path was included, verify that the path is correct and try again."
    )]
    NotRecognized(String),
    /// No entry for the cmdlet allows this parameter.
    #[error("A parameter cannot be found that matches parameter name '{0}'.")]
    ParameterNotFound(String),
    /// The target lies outside every write scope that would allow the change.
    #[error("'{0}' isn't within a valid write scope. Can't perform save operation.")]
    OutOfWriteScope(String),
    /// An exclusive scope protects the target and no exclusive assignment covers it.
    #[error(
        "'{0}' isn't within a valid write scope. Can't perform save operation. The object is protected by the exclusive scope '{1}'."
    )]
    ExclusiveScope(String, String),
    /// The identity names no object the caller can see.
    #[error("The operation couldn't be performed because object '{0}' couldn't be found on '{1}'.")]
    NotFound(String, String),
    /// The identity names several objects.
    #[error("The operation couldn't be performed because '{0}' matches multiple entries.")]
    Ambiguous(String),
    /// A name already in use in the organization.
    #[error("The object '{0}' already exists. Specify a different name.")]
    AlreadyExists(String),
    /// Built-in roles are read-only.
    #[error(
        "The management role '{0}' is a built-in role and can't be modified. Create a child role with New-ManagementRole -Parent and change the child instead."
    )]
    BuiltInRole(String),
    /// A child role may only hold what its parent holds.
    #[error("The role entry '{0}' can't be added because the parent role '{1}' doesn't have it.")]
    EntryNotInParent(String, String),
    /// A parameter the parent's entry lacks.
    #[error(
        "The parameter '{0}' can't be added to the role entry '{1}' because the parent role's entry doesn't have it."
    )]
    ParameterNotInParent(String, String),
    /// The entry is already in the role.
    #[error("The role entry '{0}' already exists on the role '{1}'.")]
    EntryExists(String, String),
    /// The role has child roles.
    #[error(
        "The management role '{0}' has child roles. Use the Recurse parameter to remove the role and all its child roles."
    )]
    RoleHasChildren(String),
    /// The role (or a child) is still assigned.
    #[error(
        "The management role '{0}' can't be removed because it has role assignments. Remove the role assignments first with Remove-ManagementRoleAssignment."
    )]
    RoleHasAssignments(String),
    /// A scope still in use.
    #[error(
        "The management scope '{0}' can't be removed because it's used by the role assignment '{1}'."
    )]
    ScopeInUse(String, String),
    /// Only end-user roles go to policies, and end-user roles only to policies.
    #[error(
        "The role '{0}' is an end-user role and can only be assigned to a role assignment policy."
    )]
    EndUserRoleToNonPolicy(String),
    /// Policies only take end-user roles.
    #[error(
        "The role '{0}' isn't an end-user role. Only end-user roles can be assigned to a role assignment policy."
    )]
    NonEndUserRoleToPolicy(String),
    /// Policies never get delegating assignments.
    #[error("Delegating role assignments can't be created for role assignment policies.")]
    DelegatingToPolicy,
    /// The caller may not hand this role out.
    #[error(
        "You don't have access to create, change, or remove the \"{0}\" management role assignment. You must be assigned a delegating role assignment to the management role or its parent in the hierarchy without a scope restriction."
    )]
    NoDelegatingAssignment(String),
    /// A delegating assignment alone hands its role out only through
    /// regular assignments: changing a delegating assignment takes the Role
    /// Management entries themselves.
    #[error(
        "You don't have access to change the \"{0}\" management role assignment because it's a delegating role assignment. A delegating role assignment lets you create and change only regular role assignments; delegating role assignments need the Role Management role."
    )]
    DelegatingNeedsRoleManagement(String),
    /// The last delegating assignment of a role must stay.
    #[error(
        "The role assignment '{0}' can't be removed because it's the last delegating role assignment of the role '{1}' held by a role group or universal security group."
    )]
    LastDelegating(String, String),
    /// Role Management must stay with someone.
    #[error(
        "The role assignment '{0}' can't be removed because it would leave no one able to manage role assignments (the Role Management role)."
    )]
    LastRoleManagement(String),
    /// Unscoped top-level roles need Unscoped Role Management.
    #[error(
        "You need the Unscoped Role Management role to manage the unscoped top-level role '{0}'."
    )]
    UnscopedRole(String),
    /// The caller doesn't manage the group.
    #[error(
        "You don't have sufficient permissions. This operation can only be performed by a manager of the group."
    )]
    NotGroupManager,
    /// Active Directory split permissions: Exchange's account may not create,
    /// delete or change the membership of security principals.
    #[error(
        "Active Directory operation failed on {0}. This error is not retriable. Additional information: Insufficient access rights to perform the operation."
    )]
    AdSplitPermissions(String),
    /// A role assignment policy still in use.
    #[error(
        "The role assignment policy '{0}' can't be removed because it's assigned to one or more mailboxes or is the default policy."
    )]
    PolicyInUse(String),
    /// A role assignment policy that still has role assignments.
    #[error(
        "The role assignment policy '{0}' can't be removed because it's assigned one or more management roles. Remove its role assignments first."
    )]
    PolicyHasAssignments(String),
    /// The member is already in the group.
    #[error("The recipient \"{0}\" is already a member of the group \"{1}\".")]
    AlreadyMember(String, String),
    /// The member is not in the group.
    #[error(
        "Couldn't find object \"{0}\". Please make sure that it was spelled correctly or specify a different object. The recipient \"{0}\" isn't a member of the group \"{1}\"."
    )]
    NotMember(String, String),
    /// A scope or filter problem.
    #[error("{0}")]
    Filter(String),
    /// A group can't contain itself, directly or not.
    #[error("The group \"{0}\" can't be a member of itself.")]
    GroupCycle(String),
    /// Any other invalid argument, with Exchange's text.
    #[error("{0}")]
    Invalid(String),
}
