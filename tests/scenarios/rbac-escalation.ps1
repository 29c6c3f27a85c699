#@ org contoso.com
# Ways a partial RBAC administrator could once widen their own rights
# (docs/security.md, "Escalation paths we model"), each closed the way
# Microsoft documents or, where it is silent, the safe way
# (docs/semantics.md §2.2, §2.3 and §2.6).
#@ as Administrator
New-ADOrganizationalUnit -Name Staff -Path "DC=contoso,DC=com"
New-Mailbox -Name Dee -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName dee@contoso.com
New-Mailbox -Name Paul -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName paul@contoso.com
New-Mailbox -Name Rita -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName rita@contoso.com
New-Mailbox -Name Kay -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName kay@contoso.com
New-Mailbox -Name Otto -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName otto@contoso.com
New-Mailbox -Name Olga -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName olga@contoso.com
New-Mailbox -Name Owen -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName owen@contoso.com
New-Mailbox -Name Helper -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName helper@contoso.com
New-Mailbox -Name Second -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName second@contoso.com

# --- 1. A delegate makes someone else a delegate ----------------------------------
# A delegating assignment alone lets Dee hand Mail Recipients out through
# regular assignments, with the cmdlet it opens; -Delegating is a parameter
# of Role Management's entry, which Dee doesn't hold.
#@ as Administrator
#@ ok
New-ManagementRoleAssignment -Role "Mail Recipients" -User Dee -Delegating
#@ ok
New-ManagementRoleAssignment -Name "MR Second delegating" -Role "Mail Recipients" -User Second -Delegating
#@ ok
Set-ManagementRoleAssignment "MR Second delegating" -Enabled $false
#@ as Dee
#@ ok
New-ManagementRoleAssignment -Role "Mail Recipients" -User Helper
#@ error A parameter cannot be found that matches parameter name 'Delegating'
New-ManagementRoleAssignment -Role "Mail Recipients" -User Helper -Delegating
# Re-enabling (or re-scoping) a delegating assignment would make a delegate
# just the same; a regular assignment of the role stays Dee's to change.
#@ error because it's a delegating role assignment
Set-ManagementRoleAssignment "MR Second delegating" -Enabled $true
#@ ok
Set-ManagementRoleAssignment "Mail Recipients-Helper" -Enabled $false
#@ as Administrator
#@ output Mail Recipients-Dee
#@ no-output Mail Recipients-Helper
Get-ManagementRoleAssignment -Role "Mail Recipients" -Delegating $true -Enabled $true
# Whoever holds New-ManagementRoleAssignment with -Delegating (a child of
# Role Management that kept it) and a delegating assignment of the role may
# make delegates of it; the same child without the parameter may not.
#@ as Administrator
#@ ok
New-ManagementRole "Assigners" -Parent "Role Management" -EnabledCmdlets New-ManagementRoleAssignment,Get-ManagementRoleAssignment
#@ ok
New-ManagementRoleAssignment -Role "Assigners" -User Paul
#@ ok
New-ManagementRoleAssignment -Role "Mail Recipients" -User Paul -Delegating
#@ as Paul
#@ ok
New-ManagementRoleAssignment -Name "MR Helper delegating" -Role "Mail Recipients" -User Helper -Delegating
#@ as Administrator
#@ ok
Set-ManagementRoleEntry "Assigners\New-ManagementRoleAssignment" -Parameters Delegating -RemoveParameter
#@ as Paul
#@ error A parameter cannot be found that matches parameter name 'Delegating'
New-ManagementRoleAssignment -Role "Mail Recipients" -User Second -Delegating
#@ ok
New-ManagementRoleAssignment -Role "Mail Recipients" -User Second

# --- 2. Any Role Management-type role bypassed manager checks ---------------------
# Rita holds a child of Role Management without the role-group cmdlets, and
# Security Group Creation and Membership, whose Set-Group entry has the
# bypass switch. Only Organization Management or Role Management may bypass
# a role group's managers (Add-RoleGroupMember): the assignment that grants
# the cmdlet with the switch must itself be of Role Management's type. (The
# role-group cmdlets themselves are Role Management's alone: Security Group
# Creation and Membership manages other security groups, docs/catalog.md.)
#@ as Administrator
#@ ok
New-ManagementRole "Role Editors" -Parent "Role Management" -EnabledCmdlets New-ManagementRole,Get-ManagementRole
#@ ok
New-ManagementRoleAssignment -Role "Role Editors" -User Rita
#@ ok
New-ManagementRoleAssignment -Role "Security Group Creation and Membership" -User Rita
#@ ok
New-DistributionGroup -Name "Staff Admins" -Type Security -OrganizationalUnit "contoso.com/Staff"
#@ as Rita
#@ error You don't have sufficient permissions. This operation can only be performed by a manager of the group.
Set-Group "Organization Management" -ManagedBy Rita -BypassSecurityGroupManagerCheck
#@ error is not recognized
Add-RoleGroupMember "Organization Management" -Member Rita -BypassSecurityGroupManagerCheck
#@ error is not recognized
Set-RoleGroup "Help Desk" -ManagedBy Rita -BypassSecurityGroupManagerCheck
# On a mail-enabled security group, Security Group Creation and Membership is
# the documented authority for the switch.
#@ error manager of the group
Add-DistributionGroupMember "Staff Admins" -Member Helper
#@ ok
Add-DistributionGroupMember "Staff Admins" -Member Helper -BypassSecurityGroupManagerCheck
# A child of Role Management that has the role-group cmdlets does bypass.
#@ as Administrator
#@ ok
New-ManagementRole "Role Group Keepers" -Parent "Role Management" -EnabledCmdlets Add-RoleGroupMember,Set-RoleGroup,Get-RoleGroup
#@ ok
New-ManagementRoleAssignment -Role "Role Group Keepers" -User Kay
#@ as Kay
#@ error manager of the group
Add-RoleGroupMember "Help Desk" -Member Helper
#@ ok
Add-RoleGroupMember "Help Desk" -Member Helper -BypassSecurityGroupManagerCheck

# --- 3. An OU-scoped Role Management holder managed every role group --------------
# Role groups are universal security groups in Microsoft Exchange Security
# Groups; a write scope that doesn't reach them gives no power over them.
#@ as Administrator
#@ ok
New-ManagementRoleAssignment -Role "Role Group Keepers" -User Otto -RecipientOrganizationalUnitScope contoso.com/Staff
#@ ok
New-ManagementRoleAssignment -Role "Role Group Keepers" -User Olga -RecipientOrganizationalUnitScope "contoso.com/Microsoft Exchange Security Groups"
#@ as Otto
#@ error 'contoso.com/Microsoft Exchange Security Groups/Organization Management' isn't within a valid write scope. Can't perform save operation.
Add-RoleGroupMember "Organization Management" -Member Otto -BypassSecurityGroupManagerCheck
#@ error isn't within a valid write scope
Set-RoleGroup "Help Desk" -ManagedBy Otto -BypassSecurityGroupManagerCheck
#@ as Olga
#@ ok
Add-RoleGroupMember "Help Desk" -Member Second -BypassSecurityGroupManagerCheck
# A role group's manager changes it without the switch, within a write scope
# that reaches it: here the groups Owen manages (MyDistributionGroups).
#@ as Administrator
#@ ok
New-RoleGroup "Staff Helpdesk" -Roles "Mail Recipients" -ManagedBy Owen
#@ ok
New-ManagementRoleAssignment -Role "Role Group Keepers" -User Owen -RecipientRelativeWriteScope MyDistributionGroups
#@ as Owen
#@ ok
Add-RoleGroupMember "Staff Helpdesk" -Member Helper
#@ ok
Set-RoleGroup "Staff Helpdesk" -Description "Mail Recipients for Staff"
#@ error isn't within a valid write scope
Add-RoleGroupMember "Help Desk" -Member Owen -BypassSecurityGroupManagerCheck
#@ as Administrator
#@ output Helper
Get-RoleGroupMember "Staff Helpdesk"

# --- 4. Any Unscoped Role Management-type role opened unscoped roles --------------
# Uma holds Role Management and a child of Unscoped Role Management that keeps
# only Get-ManagementRole: Role Management's cmdlets don't reach unscoped
# roles, because the grant of the cmdlet being run isn't Unscoped Role
# Management's. A child of an unscoped top-level role is unscoped too.
#@ as Administrator
New-Mailbox -Name Uma -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName uma@contoso.com
#@ ok
New-ManagementRoleAssignment -Role "Unscoped Role Management" -User Administrator
#@ as Administrator
#@ ok
New-ManagementRole "IT Scripts" -UnScopedTopLevel
#@ ok
Add-ManagementRoleEntry "IT Scripts\Reset-Widget.ps1" -Parameters Name -Type Script -UnScopedTopLevel
#@ ok
New-ManagementRole "IT Scripts Child" -Parent "IT Scripts"
#@ ok
New-ManagementRole "URM Readers" -Parent "Unscoped Role Management" -EnabledCmdlets Get-ManagementRole
#@ ok
New-ManagementRoleAssignment -Role "URM Readers" -User Uma
#@ ok
New-ManagementRoleAssignment -Role "Role Management" -User Uma
#@ as Uma
#@ error You need the Unscoped Role Management role to manage the unscoped top-level role 'IT Scripts'.
New-ManagementRole "Uma Scripts" -Parent "IT Scripts"
#@ error You need the Unscoped Role Management role
Remove-ManagementRoleEntry "IT Scripts Child\Reset-Widget.ps1" -Confirm:$false
#@ error You need the Unscoped Role Management role
Remove-ManagementRole "IT Scripts Child" -Confirm:$false
#@ as Administrator
#@ ok
New-ManagementRoleAssignment -Role "Unscoped Role Management" -User Uma
#@ as Uma
#@ ok
New-ManagementRole "Uma Scripts" -Parent "IT Scripts"
#@ ok
Remove-ManagementRole "IT Scripts Child" -Confirm:$false

# --- 5. A delegate gave the delegated role a wider scope than the delegation ------
# Sue may hand Mail Recipients out within contoso.com/Staff/East only: to
# assignees there (documented), and with a write scope no wider (the safe
# reading): that OU or one under it. To herself too.
#@ as Administrator
New-ADOrganizationalUnit -Name East -Path "OU=Staff,DC=contoso,DC=com"
New-Mailbox -Name Sue -OrganizationalUnit "contoso.com/Staff/East" -UserPrincipalName sue@contoso.com
New-Mailbox -Name Ned -OrganizationalUnit "contoso.com/Staff/East" -UserPrincipalName ned@contoso.com
#@ ok
New-ManagementRoleAssignment -Name "MR Sue delegating" -Role "Mail Recipients" -User Sue -Delegating -RecipientOrganizationalUnitScope "contoso.com/Staff/East"
#@ as Sue
#@ error You don't have access to create, change, or remove the "Mail Recipients-Sue" management role assignment. You must be assigned a delegating role assignment to the management role or its parent in the hierarchy without a scope restriction.
New-ManagementRoleAssignment -Role "Mail Recipients" -User Sue
#@ error You must be assigned a delegating role assignment
New-ManagementRoleAssignment -Role "Mail Recipients" -User Ned -RecipientOrganizationalUnitScope "contoso.com/Staff"
#@ ok
New-ManagementRoleAssignment -Role "Mail Recipients" -User Ned -RecipientOrganizationalUnitScope "contoso.com/Staff/East"
# Changing it afterwards is held to the same ceiling.
#@ error You must be assigned a delegating role assignment
Set-ManagementRoleAssignment "Mail Recipients-Ned" -RecipientOrganizationalUnitScope "contoso.com"
#@ as Administrator
#@ output contoso.com/Staff/East
Get-ManagementRoleAssignment "Mail Recipients-Ned" | Format-List RecipientWriteScope, RecipientOrganizationalUnitScope
