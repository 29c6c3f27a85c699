#@ org contoso.com
# The Exchange Server permissions articles on role groups and their members,
# the procedures not already in ms-rolegroups*.ps1, run verbatim, each
# followed by a check of its documented effect.
# Sources: learn.microsoft.com/exchange/permissions/role-groups and
# /exchange/permissions/role-group-members (x13-me/OfficeDocs-Exchange Exchange/ExchangeServer/permissions/),
# manage-role-groups-exchange-2013-help (…/Exchange/ExchangeServer2013/), and the reference pages
# they send to: MicrosoftDocs/office-docs-powershell exchange/exchange-ps/ExchangePowerShell/<Cmdlet>.md
#@ as Administrator
New-ADOrganizationalUnit -Name Staff -Path "DC=contoso,DC=com"
New-ADOrganizationalUnit -Name Vancouver -Path "DC=contoso,DC=com"
New-ADOrganizationalUnit -Name Sales -Path "DC=contoso,DC=com"
New-ADOrganizationalUnit -Name Users -Path "OU=Sales,DC=contoso,DC=com"
New-Mailbox -Name Isabelle -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName isabelle@contoso.com
New-Mailbox -Name Carter -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName carter@contoso.com
New-Mailbox -Name Lukas -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName lukas@contoso.com
New-Mailbox -Name Jenny -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName jenny@contoso.com
New-Mailbox -Name Katie -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName katie@contoso.com
New-Mailbox -Name "David Strome" -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName davids@contoso.com
New-Mailbox -Name Vera -OrganizationalUnit "contoso.com/Vancouver" -UserPrincipalName vera@contoso.com
New-Mailbox -Name Sid -OrganizationalUnit "contoso.com/Sales/Users" -UserPrincipalName sid@contoso.com
New-Mailbox -Name Rick -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName rick@contoso.com
Set-User Vera -City Vancouver
Set-User Rick -City Seattle -Department "All Sales"

# --- Copy a role group with no scope, members and delegates ---------------------------------
#@ ok
$RoleGroup = Get-RoleGroup "Organization Management"
#@ ok
New-RoleGroup "Limited Organization Management" -Roles $RoleGroup.Roles -Members Isabelle, Carter, Lukas -ManagedBy Jenny, Katie
#@ count 3
#@ output Isabelle
#@ output Lukas
Get-RoleGroupMember "Limited Organization Management"
#@ output Jenny
#@ output Katie
Get-RoleGroup "Limited Organization Management" | Format-List ManagedBy
#@ output Mail Recipients
#@ output Role Management
Get-RoleGroup "Limited Organization Management" | Format-List Roles
# The members hold the copied roles.
#@ as Carter
#@ ok
Set-Mailbox Vera -CustomAttribute1 "carter"
#@ as Administrator
# Jenny, a delegate, manages the membership once she holds the cmdlet
# (Role Management's, through a child that keeps the membership cmdlets):
# no bypass switch needed.
New-ManagementRole "Role Group Membership" -Parent "Role Management" -EnabledCmdlets Get-RoleGroup, Get-RoleGroupMember, Add-RoleGroupMember, Remove-RoleGroupMember, Update-RoleGroupMember
New-RoleGroup "Group Delegates" -Roles "Role Group Membership" -Members Jenny
#@ as Jenny
#@ ok
Add-RoleGroupMember "Limited Organization Management" -Member Rick
#@ as Administrator
#@ count 4
Get-RoleGroupMember "Limited Organization Management"

# --- Copy a role group with a custom scope ----------------------------------------------------
New-ManagementScope "Vancouver Users" -RecipientRestrictionFilter "City -eq 'Vancouver'"
New-ManagementScope "Vancouver Servers" -ServerRestrictionFilter "Name -like 'VAN*'"
#@ ok
$RoleGroup = Get-RoleGroup "Organization Management"
#@ ok
New-RoleGroup "Vancouver Organization Management" -Roles $RoleGroup.Roles -CustomRecipientWriteScope "Vancouver Users" -CustomConfigWriteScope "Vancouver Servers"
#@ output Vancouver Users
#@ output Vancouver Servers
Get-ManagementRoleAssignment -RoleAssignee "Vancouver Organization Management" -Role "Mail Recipients" | Format-List CustomRecipientWriteScope, CustomConfigWriteScope
Add-RoleGroupMember "Vancouver Organization Management" -Member "David Strome"
#@ output Vancouver Organization Management
Get-ManagementRoleAssignment -WritableRecipient Vera -Role "Mail Recipients" | Format-List RoleAssigneeName
#@ as David Strome
#@ ok
Set-Mailbox Vera -CustomAttribute2 "vancouver"
#@ error isn't within a valid write scope
Set-Mailbox Sid -CustomAttribute2 "vancouver"
#@ as Administrator
Remove-RoleGroupMember "Vancouver Organization Management" -Member "David Strome" -Confirm:$false

# --- Add a role to a role group, with a scope ---------------------------------------------------
New-RoleGroup "Seattle Recipient Admins"
New-ManagementScope "Seattle Recipients" -RecipientRestrictionFilter "City -eq 'Seattle'"
# A recipient filter-based scope.
#@ ok
New-ManagementRoleAssignment -SecurityGroup "Seattle Recipient Admins" -Role "Message Tracking" -CustomRecipientWriteScope "Seattle Recipients"
#@ output Message Tracking-Seattle Recipient Admins
#@ output Seattle Recipients
Get-ManagementRoleAssignment -RoleAssignee "Seattle Recipient Admins" | Format-List Name, CustomRecipientWriteScope
# A configuration scope.
New-RoleGroup "Seattle Server Admins"
New-ManagementScope "Seattle Servers" -ServerList EX01
#@ ok
New-ManagementRoleAssignment -SecurityGroup "Seattle Server Admins" -Role "Databases" -CustomConfigWriteScope "Seattle Servers"
#@ output Databases-Seattle Server Admins
Get-ManagementRoleAssignment -WritableServer EX01 -Role Databases
# An OU scope.
#@ ok
New-ManagementRoleAssignment -SecurityGroup "Seattle Recipient Admins" -Role "Mail Recipients" -RecipientOrganizationalUnitScope contoso.com/sales/users
#@ output contoso.com/Sales/Users
Get-ManagementRoleAssignment -RoleAssignee "Seattle Recipient Admins" -Role "Mail Recipients" | Format-List RecipientOrganizationalUnitScope
# "How do you know this worked?"
#@ output CustomRecipientScope
#@ output OU
Get-ManagementRoleAssignment -RoleAssignee "Seattle Recipient Admins" | Format-Table *WriteScope

# --- Change the scope of individual role assignments on a role group ---------------------------
New-RoleGroup "Sales Recipient Management"
New-ManagementRoleAssignment -Name "Mail Recipients_Sales Recipient Management" -SecurityGroup "Sales Recipient Management" -Role "Mail Recipients"
New-ManagementRoleAssignment -Name "Distribution Groups_Sales Recipient Management" -SecurityGroup "Sales Recipient Management" -Role "Distribution Groups"
New-ManagementScope "All Sales Employees" -RecipientRestrictionFilter "Department -like '*Sales*'"
# Step 1: the full names of the role group's assignments.
#@ output Mail Recipients_Sales Recipient Management
#@ output Distribution Groups_Sales Recipient Management
Get-ManagementRoleAssignment -RoleAssignee "Sales Recipient Management" | Format-List Name
# Step 3.
#@ ok
Set-ManagementRoleAssignment "Mail Recipients_Sales Recipient Management" -CustomRecipientWriteScope "All Sales Employees"
#@ count 1
#@ output Mail Recipients_Sales Recipient Management
Get-ManagementRoleAssignment -CustomRecipientWriteScope "All Sales Employees"
#@ output Organization
Get-ManagementRoleAssignment "Distribution Groups_Sales Recipient Management" | Format-List RecipientWriteScope
# As published, the syntax line names a parameter that doesn't exist.
#@ error A parameter cannot be found that matches parameter name 'RecipientRelativeScopeWriteScope'
Set-ManagementRoleAssignment "Distribution Groups_Sales Recipient Management" -RecipientRelativeScopeWriteScope Organization

# --- Add or remove a role group delegate (Exchange Server version, verbatim) ---------------------
#@ ok
$RoleGroup = Get-RoleGroup "Organization Management"
#@ ok
$RoleGroup.ManagedBy += (Get-User "David Strome").Identity
#@ ok
Set-RoleGroup "Organization Management" -ManagedBy $RoleGroup.ManagedBy
#@ output David Strome
Get-RoleGroup "Organization Management" | Format-List ManagedBy
#@ ok
$RoleGroup = Get-RoleGroup "Organization Management"
#@ ok
$RoleGroup.ManagedBy -= (Get-User "David Strome").Identity
# Administrator, a member of Organization Management, which manages itself,
# is a delegate: no bypass switch is needed.
#@ ok
Set-RoleGroup "Organization Management" -ManagedBy $RoleGroup.ManagedBy
#@ no-output David Strome
Get-RoleGroup "Organization Management" | Format-List ManagedBy

# --- Get-RoleGroupMember (role-group-members: "View the members of a role group") ---------------
New-RoleGroup "Recipient Administrators" -Roles "Mail Recipients" -Members Isabelle, Carter
# Get-RoleGroupMember.md, example 1.
#@ count 2
#@ output Isabelle
#@ output Carter
Get-RoleGroupMember "Recipient Administrators"
# Example 2 (one directory: every domain controller reads the same).
New-RoleGroup "Organization Administrators" -Members Lukas
#@ count 1
#@ output Lukas
Get-RoleGroupMember "Organization Administrators" -ReadFromDomainController
# A role group that's a member shows as a member, not expanded.
Add-RoleGroupMember "Organization Administrators" -Member "Recipient Administrators"
#@ count 2
#@ output Recipient Administrators
Get-RoleGroupMember "Organization Administrators"

# --- Remove-RoleGroup (role-groups: "Remove a role group") ------------------------------------
New-RoleGroup "Training Administrators" -Roles "Mail Recipients", "Distribution Groups"
# Remove-RoleGroup.md, example 1: the group and its assignments go; the roles stay.
#@ ok
Remove-RoleGroup "Training Administrators"
#@ error couldn't be found
Get-RoleGroup "Training Administrators"
#@ count 0
Get-ManagementRoleAssignment "*Training Administrators*"
#@ output Mail Recipients
Get-ManagementRole "Mail Recipients"
# Example 2: the caller isn't in ManagedBy; Role Management lets it bypass the check.
New-RoleGroup "Vancouver Recipient Administrators" -Roles "Mail Recipients" -ManagedBy Jenny
#@ error manager of the group
Remove-RoleGroup "Vancouver Recipient Administrators"
#@ ok
Remove-RoleGroup "Vancouver Recipient Administrators" -BypassSecurityGroupManagerCheck
#@ error couldn't be found
Get-RoleGroup "Vancouver Recipient Administrators"
# Built-in role groups can't be removed.
#@ error built-in role group
Remove-RoleGroup "Help Desk" -BypassSecurityGroupManagerCheck
