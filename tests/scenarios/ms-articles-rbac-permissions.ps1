#@ org contoso.com
# "Role management permissions": who may manage each RBAC feature
# (Organization Management; unscoped roles: Unscoped Role Management) and
# who may view them (View-Only Organization Management), checked for each
# feature of its table.
# Source: learn.microsoft.com/exchange/permissions/feature-permissions/rbac-permissions
# (x13-me/OfficeDocs-Exchange Exchange/ExchangeServer/permissions/feature-permissions/rbac-permissions.md)
#@ as Administrator
New-ADOrganizationalUnit -Name Staff -Path "DC=contoso,DC=com"
New-Mailbox -Name Olga -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName olga@contoso.com
New-Mailbox -Name Viv -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName viv@contoso.com
New-Mailbox -Name Reg -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName reg@contoso.com
Add-RoleGroupMember "Organization Management" -Member Olga
Add-RoleGroupMember "View-Only Organization Management" -Member Viv
Add-RoleGroupMember "Recipient Management" -Member Reg
New-ManagementScope "Staff Scope" -RecipientRestrictionFilter "City -eq 'Staff'"

# --- Organization Management manages every feature of the table --------------------------------
#@ as Olga
# Management roles and role entries.
#@ ok
New-ManagementRole "Olga Role" -Parent "Mail Recipients"
#@ ok
Remove-ManagementRoleEntry "Olga Role\Set-Mailbox" -Confirm:$false
# Role groups.
#@ ok
New-RoleGroup "Olga Group" -Roles "Olga Role"
# Assignment policies.
#@ ok
New-RoleAssignmentPolicy "Olga Policy" -Roles MyBaseOptions
# Role assignments.
#@ ok
New-ManagementRoleAssignment -Role "Mail Recipients" -User Reg -CustomRecipientWriteScope "Staff Scope"
# Management scopes.
#@ ok
New-ManagementScope "Olga Scope" -RecipientRestrictionFilter "City -eq 'Olga'"
# Unscoped management roles: Unscoped Role Management, which no role group has.
#@ error A parameter cannot be found that matches parameter name 'UnScopedTopLevel'
New-ManagementRole "Olga Scripts" -UnScopedTopLevel

# --- View-Only Organization Management views them ----------------------------------------------
#@ as Viv
#@ output Olga Role
Get-ManagementRole "Olga*"
#@ output Get-Mailbox
Get-ManagementRoleEntry "Olga Role\*"
#@ output Olga Group
Get-RoleGroup "Olga Group"
#@ output Olga Policy
Get-RoleAssignmentPolicy
#@ output Mail Recipients
Get-ManagementRoleAssignment -RoleAssignee Reg
#@ output Olga Scope
Get-ManagementScope
# ... and changes none of them.
#@ error is not recognized
New-ManagementRole "Viv Role" -Parent "Mail Recipients"
#@ error is not recognized
New-RoleGroup "Viv Group"
#@ error is not recognized
Set-RoleAssignmentPolicy "Olga Policy" -Description "changed"
#@ error is not recognized
New-ManagementRoleAssignment -Role "Mail Recipients" -User Viv
#@ error is not recognized
Remove-ManagementScope "Olga Scope"
#@ error is not recognized
Set-ManagementRoleEntry "Olga Role\Get-Mailbox" -Parameters Identity

# --- Recipient Management doesn't manage RBAC ------------------------------------------------------
#@ as Reg
#@ error is not recognized
New-ManagementRole "Reg Role" -Parent "Mail Recipients"
#@ error is not recognized
New-ManagementScope "Reg Scope" -RecipientRestrictionFilter "City -eq 'Reg'"
#@ error is not recognized
New-RoleAssignmentPolicy "Reg Policy"
