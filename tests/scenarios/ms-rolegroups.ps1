#@ org contoso.com
# Microsoft's published examples for the role group cmdlets and the "Manage
# role groups" procedures, run verbatim, each followed by a check of its
# documented effect.
# Sources: MicrosoftDocs/office-docs-powershell exchange/exchange-ps/ExchangePowerShell/<Cmdlet>.md,
# MicrosoftDocs/OfficeDocs-Exchange Exchange/ExchangeServer/permissions/role-groups.md
#@ as Administrator
New-ADOrganizationalUnit -Name Staff -Path "DC=contoso,DC=com"
New-ADOrganizationalUnit -Name "Toronto Users" -Path "DC=contoso,DC=com"
New-Mailbox -Name Kim -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName kim@contoso.com
New-Mailbox -Name Martin -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName martin@contoso.com
New-Mailbox -Name John -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName john@contoso.com
New-Mailbox -Name Carol -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName carol@contoso.com
New-Mailbox -Name Isabel -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName isabel@contoso.com
New-Mailbox -Name David -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName david@contoso.com
New-Mailbox -Name Mark -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName mark@contoso.com
New-Mailbox -Name Jane -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName jane@contoso.com
New-Mailbox -Name Mary -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName mary@contoso.com
New-Mailbox -Name Fred -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName fred@contoso.com
New-Mailbox -Name "Sea Person" -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName seaperson@contoso.com
Set-User "Sea Person" -City Seattle
New-ADGroup -Name "Compliance Group" -Path "OU=Staff,DC=contoso,DC=com" -GroupScope Universal -GroupCategory Security
New-ADGroup -Name "Training Assistants" -Path "OU=Staff,DC=contoso,DC=com" -GroupScope Universal -GroupCategory Security

# --- New-RoleGroup --------------------------------------------------------------
# New-RoleGroup.md, example 1.
#@ ok
New-RoleGroup -Name "Limited Recipient Management" -Roles "Mail Recipients", "Mail Enabled Public Folders" -Members Kim, Martin
#@ output Mail Recipients
#@ output Mail Enabled Public Folders
#@ output Kim
#@ output Martin
Get-RoleGroup "Limited Recipient Management" | Format-List Name, Roles, Members
#@ as Kim
#@ ok
Set-Mailbox Carol -CustomAttribute1 "kim"
#@ as Administrator

# Example 2: the roles' assignments carry the custom scope.
New-ManagementScope "Seattle Recipients" -RecipientRestrictionFilter "City -eq 'Seattle'"
#@ ok
New-RoleGroup -Name "Seattle Limited Recipient Management" -Roles "Mail Recipients", "Mail Enabled Public Folders" -Members John, Carol -CustomRecipientWriteScope "Seattle Recipients"
#@ count 2
Get-ManagementRoleAssignment -RoleAssignee "Seattle Limited Recipient Management" -CustomRecipientWriteScope "Seattle Recipients"
#@ as John
#@ ok
Set-Mailbox "Sea Person" -CustomAttribute2 "john"
#@ as Administrator

# Example 3: Isabel manages the group; a USG is a member.
#@ ok
New-RoleGroup -Name "Transport Rules Management" -Roles "Transport Rules" -Members "Compliance Group" -ManagedBy Isabel
#@ output Isabel
#@ output Compliance Group
Get-RoleGroup "Transport Rules Management" | Format-List ManagedBy, Members
# Now only Isabel, or Role Management with the bypass switch, changes members.
#@ error manager of the group
Add-RoleGroupMember "Transport Rules Management" -Member David
#@ ok
Add-RoleGroupMember "Transport Rules Management" -Member David -BypassSecurityGroupManagerCheck

# Example 4 is left out: linked role groups (-LinkedForeignGroup, another
# forest) are outside exrbac's scope.

# Example 5 (two command lines): copy another group's roles.
#@ ok
$RoleGroup = Get-RoleGroup "Recipient Management"
#@ error already exists
New-RoleGroup "Limited Recipient Management" -Roles $RoleGroup.Roles
Remove-RoleGroup "Limited Recipient Management" -Confirm:$false
#@ ok
New-RoleGroup "Limited Recipient Management" -Roles $RoleGroup.Roles
#@ output Distribution Groups
#@ output Move Mailboxes
Get-RoleGroup "Limited Recipient Management" | Format-List Roles

# Example 6.
#@ ok
Remove-ManagementRoleAssignment "Distribution Groups-Limited Recipient Management"
#@ no-output Distribution Groups
Get-RoleGroup "Limited Recipient Management" | Format-List Roles

# --- Update-RoleGroupMember -----------------------------------------------------
New-RoleGroup "Recipient Administrators" -Roles "Mail Recipients" -Members Kim
# Update-RoleGroupMember.md, example 1 (a group without managers is managed
# by Organization Management, docs/semantics.md §2.5).
#@ ok
Update-RoleGroupMember "Recipient Administrators" -Members "Mark", "Jane", "Mary", "Fred"
#@ count 4
#@ no-output Kim
Get-RoleGroupMember "Recipient Administrators"
# Example 2: once the group has a manager, others need the bypass switch.
Set-RoleGroup "Recipient Administrators" -ManagedBy Isabel
#@ error manager of the group
Update-RoleGroupMember "Recipient Administrators" -Members "Mark", "Jane"
#@ ok
Update-RoleGroupMember "Recipient Administrators" -Members "Mark", "Jane", "Mary", "Fred" -BypassSecurityGroupManagerCheck
#@ count 4
Get-RoleGroupMember "Recipient Administrators"

# Example 3: add and remove without replacing the list.
New-DistributionGroup -Name "Help Desk Managers" -Type Security -OrganizationalUnit "contoso.com/Staff"
New-Mailbox -Name Christine -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName christine@contoso.com
Add-RoleGroupMember "Organization Management" -Member Christine -BypassSecurityGroupManagerCheck
Add-RoleGroupMember "Organization Management" -Member Isabel -BypassSecurityGroupManagerCheck
#@ ok
Update-RoleGroupMember "Organization Management" -Members @{Add=(Get-Mailbox David).Identity, (Get-Group "Help Desk Managers").Identity
Remove=(Get-Mailbox "Christine").Identity, (Get-Mailbox "Isabel").Identity}
#@ output David
#@ output Help Desk Managers
#@ output Administrator
#@ no-output Christine
#@ no-output Isabel
Get-RoleGroupMember "Organization Management"

# --- Remove-RoleGroupMember -----------------------------------------------------
Add-RoleGroupMember "Recipient Management" -Member David -BypassSecurityGroupManagerCheck
# Remove-RoleGroupMember.md, example 1.
#@ ok
Remove-RoleGroupMember "Recipient Management" -Member David -BypassSecurityGroupManagerCheck
#@ no-output David
Get-RoleGroupMember "Recipient Management"
# Example 3: a USG member, removed by a Role Management holder who isn't a manager.
New-RoleGroup "Training Administrators" -Members "Training Assistants" -ManagedBy Isabel
#@ ok
Remove-RoleGroupMember "Training Administrators" -Member "Training Assistants" -BypassSecurityGroupManagerCheck
#@ count 0
Get-RoleGroupMember "Training Administrators"

# --- Remove-RoleGroup -------------------------------------------------------------
# (role-groups.md "Remove a role group": its assignments go with it; built-in
# role groups can't be removed.)
#@ ok
Remove-RoleGroup -Identity "Training Administrators" -BypassSecurityGroupManagerCheck
#@ error couldn't be found
Get-RoleGroup "Training Administrators"
#@ error built-in role group
Remove-RoleGroup "Recipient Management" -BypassSecurityGroupManagerCheck

# --- role-groups.md procedures ----------------------------------------------------
# Copy a role group with an OU scope.
#@ ok
$RoleGroup = Get-RoleGroup "Recipient Management"
#@ ok
New-RoleGroup "Toronto Recipient Management" -Roles $RoleGroup.Roles -RecipientOrganizationalUnitScope "contoso.com/Toronto Users"
#@ no-output Organization
#@ output contoso.com/Toronto Users
Get-ManagementRoleAssignment -RoleAssignee "Toronto Recipient Management" | Format-Table Name, RecipientWriteScope, RecipientOrganizationalUnitScope

# Add a role with no scope, then with a predefined scope.
New-RoleGroup "Seattle Compliance"
#@ ok
New-ManagementRoleAssignment -SecurityGroup "Seattle Compliance" -Role "Transport Rules"
#@ output Transport Rules-Seattle Compliance
Get-ManagementRoleAssignment -RoleAssignee "Seattle Compliance"
New-RoleGroup "Enterprise Support"
#@ ok
New-ManagementRoleAssignment -SecurityGroup "Enterprise Support" -Role "Message Tracking" -RecipientRelativeWriteScope Organization
#@ output Organization
Get-ManagementRoleAssignment -RoleAssignee "Enterprise Support" | Format-List RecipientWriteScope

# Remove a role from a role group.
New-RoleGroup "Seattle Recipient Administrators" -Roles "Distribution Groups", "Mail Recipients"
#@ ok
Get-ManagementRoleAssignment -RoleAssignee "Seattle Recipient Administrators" -Role "Distribution Groups" -Delegating $false | Remove-ManagementRoleAssignment
#@ output Mail Recipients
#@ no-output Distribution Groups
Get-RoleGroup "Seattle Recipient Administrators" | Format-List Roles

# Change the scope of all assignments on a role group at once.
New-ManagementScope "Direct Sales Employees" -RecipientRestrictionFilter "Department -eq 'Direct Sales'"
New-RoleGroup "Sales Recipient Management" -Roles "Mail Recipients", "Distribution Groups"
#@ ok
Get-ManagementRoleAssignment -RoleAssignee "Sales Recipient Management" | Set-ManagementRoleAssignment -CustomRecipientWriteScope "Direct Sales Employees"
#@ count 2
Get-ManagementRoleAssignment -CustomRecipientWriteScope "Direct Sales Employees"
#@ output CustomRecipientScope
Get-ManagementRoleAssignment -RoleAssignee "Sales Recipient Management" | Format-Table *WriteScope
