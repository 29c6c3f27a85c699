#@ org contoso.com
# More of Microsoft's role group examples: the Get-RoleGroup and Set-RoleGroup
# reference pages, and the "Manage role groups" procedures that copy
# Organization Management and add or remove a delegate through a variable.
# Sources: MicrosoftDocs/office-docs-powershell exchange/exchange-ps/ExchangePowerShell/<Cmdlet>.md,
# MicrosoftDocs/OfficeDocs-Exchange Exchange/ExchangeServer2013/manage-role-groups-exchange-2013-help.md
#@ as Administrator
New-ADOrganizationalUnit -Name Staff -Path "DC=contoso,DC=com"
New-Mailbox -Name David -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName david@contoso.com
New-Mailbox -Name Christine -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName christine@contoso.com
New-Mailbox -Name "David Strome" -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName dstrome@contoso.com
New-Mailbox -Name Kim -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName kim@contoso.com
New-ADGroup -Name "Seattle Role Administrators" -Path "OU=Staff,DC=contoso,DC=com" -GroupScope Universal -GroupCategory Security
Add-ADGroupMember -Identity "Seattle Role Administrators" -Members Kim
New-RoleGroup "Recipient Administrators" -Roles "Mail Recipients" -Members Kim
# Managing a role group's members takes the cmdlet (Role Management's, here
# through a child of it that keeps the membership cmdlets) and being its
# delegate.
New-ManagementRole "Role Group Membership" -Parent "Role Management" -EnabledCmdlets Get-RoleGroup, Get-RoleGroupMember, Add-RoleGroupMember, Remove-RoleGroupMember, Update-RoleGroupMember
New-RoleGroup "Group Membership Admins" -Roles "Role Group Membership" -Members David, "David Strome", Kim

# --- Get-RoleGroup ------------------------------------------------------------------
# Get-RoleGroup.md, example 1.
#@ output Organization Management
#@ output Recipient Administrators
#@ output Help Desk
Get-RoleGroup
# Example 2.
#@ output Mail Recipients
#@ output Kim
#@ output RoleAssignments
Get-RoleGroup "Recipient Administrators" | Format-List
# Example 3 (a domain controller close to the user: one directory here).
#@ output Organization Management
Get-RoleGroup -ReadFromDomainController
# Example 4: linked role groups (a foreign forest) aren't modelled, so none
# is linked; every role group is Standard.
#@ count 0
Get-RoleGroup -Filter "RoleGroupType -eq 'Linked'" | % { $_.Name }
#@ ok
Get-RoleGroup -Filter "RoleGroupType -eq 'Linked'" | Format-Table Name, LinkedGroup
#@ output Recipient Administrators
#@ no-output Help Desk
Get-RoleGroup -Filter "Members -eq 'CN=Kim,OU=Staff,DC=contoso,DC=com'"

# Roles are the roles members may use: Organization Management's
# delegating-only assignments (ApplicationImpersonation, the My* roles) are
# among its RoleAssignments, not its Roles.
#@ no-output ApplicationImpersonation
#@ no-output MyBaseOptions
#@ output Role Management
(Get-RoleGroup "Organization Management").Roles

# --- Set-RoleGroup ------------------------------------------------------------------
New-RoleGroup "London Recipient Administrators" -Roles "Mail Recipients"
# Set-RoleGroup.md, example 1.
#@ ok
Set-RoleGroup "London Recipient Administrators" -ManagedBy "David", "Christine"
#@ output contoso.com/Staff/David
#@ output contoso.com/Staff/Christine
Get-RoleGroup "London Recipient Administrators" | Format-List ManagedBy
# David manages it now; Kim, who holds the cmdlet but isn't a delegate, can't.
#@ as David
#@ ok
Add-RoleGroupMember "London Recipient Administrators" -Member Kim
#@ as Kim
#@ error manager of the group
Add-RoleGroupMember "London Recipient Administrators" -Member David
#@ as Administrator
# Example 2: a USG manages it, set by a Role Management holder with the bypass switch.
New-RoleGroup "Seattle Administrators" -Roles "Mail Recipients" -ManagedBy David
#@ error manager of the group
Set-RoleGroup "Seattle Administrators" -ManagedBy "Seattle Role Administrators"
#@ ok
Set-RoleGroup "Seattle Administrators" -ManagedBy "Seattle Role Administrators" -BypassSecurityGroupManagerCheck
#@ output Seattle Role Administrators
#@ no-output David
Get-RoleGroup "Seattle Administrators" | Format-List ManagedBy
# Example 3 is left out: it relinks a linked role group to another forest's USG.

# --- manage-role-groups: copy a role group -------------------------------------------
#@ ok
$RoleGroup = Get-RoleGroup "Organization Management"
#@ ok
New-RoleGroup "Limited Organization Management" -Roles $RoleGroup.Roles
#@ output Role Management
#@ output Mail Recipients
#@ no-output ApplicationImpersonation
Get-RoleGroup "Limited Organization Management" | Format-List Roles
# Only regular assignments were made.
#@ count 0
Get-ManagementRoleAssignment -RoleAssignee "Limited Organization Management" -Delegating $true

# --- manage-role-groups: add and remove a delegate -------------------------------------
#@ ok
$RoleGroup = Get-RoleGroup "Organization Management"
#@ ok
$RoleGroup.ManagedBy += (Get-User "David Strome").Identity
#@ ok
Set-RoleGroup "Organization Management" -ManagedBy $RoleGroup.ManagedBy
#@ output contoso.com/Staff/David Strome
#@ output contoso.com/Microsoft Exchange Security Groups/Organization Management
Get-RoleGroup "Organization Management" | Format-List ManagedBy
# As a delegate David Strome changes the membership without the bypass switch.
#@ as David Strome
#@ ok
Add-RoleGroupMember "Organization Management" -Member Christine
#@ as Administrator
#@ ok
$RoleGroup = Get-RoleGroup "Organization Management"
#@ ok
$RoleGroup.ManagedBy -= (Get-User "David Strome").Identity
#@ ok
Set-RoleGroup "Organization Management" -ManagedBy $RoleGroup.ManagedBy -BypassSecurityGroupManagerCheck
#@ no-output David Strome
#@ output Organization Management
Get-RoleGroup "Organization Management" | Format-List ManagedBy
#@ as David Strome
#@ error manager of the group
Add-RoleGroupMember "Organization Management" -Member Kim
