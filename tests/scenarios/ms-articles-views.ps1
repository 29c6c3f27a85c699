#@ org contoso.com
# Viewing RBAC: the "View role assignments" and "View a role" articles, the
# unscoped-entry article's Set-ManagementRoleEntry forms, and "Find the
# permissions required to run any Exchange cmdlet", run verbatim, each
# followed by a check of what it documents.
# Sources: learn.microsoft.com/exchange/view-role-assignments-exchange-2013-help,
# /exchange/view-a-role-exchange-2013-help, /exchange/change-a-role-entry-on-an-unscoped-top-level-role-exchange-2013-help
# (x13-me/OfficeDocs-Exchange Exchange/ExchangeServer2013/), and
# learn.microsoft.com/powershell/exchange/find-exchange-cmdlet-permissions
# (MicrosoftDocs/office-docs-powershell exchange/docs-conceptual/find-exchange-cmdlet-permissions.md)
#@ as Administrator
New-ADOrganizationalUnit -Name "North America" -Path "DC=contoso,DC=com"
New-ADOrganizationalUnit -Name Engineering -Path "OU=North America,DC=contoso,DC=com"
New-ADOrganizationalUnit -Name Users -Path "OU=Engineering,OU=North America,DC=contoso,DC=com"
New-ADOrganizationalUnit -Name Staff -Path "DC=contoso,DC=com"
New-Mailbox -Name Brian -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName brian@contoso.com
New-Mailbox -Name Hank -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName hank@contoso.com
New-Mailbox -Name Julia -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName julia@contoso.com
New-Mailbox -Name Sven -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName sven@contoso.com
Add-RoleGroupMember "Server Management" -Member Sven
Add-RoleGroupMember "Recipient Management" -Member Julia
New-ManagementRoleAssignment -Name "Help Desk Assignment" -Role "Mail Recipients" -User Hank
New-ManagementRoleAssignment -Name "Tier 1 Mailboxes" -Role "Mail Recipients" -User Brian -RecipientOrganizationalUnitScope "contoso.com/North America/Engineering/Users"
New-ManagementRoleAssignment -Name "Tier 1 Groups" -Role "Distribution Groups" -User Brian
New-ManagementScope "Vancouver Recipients" -RecipientRestrictionFilter "City -eq 'Vancouver'"
New-ManagementRoleAssignment -Name "Vancouver Help" -Role "Mail Recipients" -User Julia -CustomRecipientWriteScope "Vancouver Recipients"
New-ManagementScope "Seattle AD Site" -ServerRestrictionFilter "ServerSite -eq 'CN=Seattle,CN=Sites,CN=Configuration,DC=contoso,DC=com'" -Exclusive -Force
New-RoleGroup "Seattle Server Admins" -Members Sven
New-ManagementRoleAssignment -Name "Seattle Servers Exclusive" -Role "Exchange Servers" -SecurityGroup "Seattle Server Admins" -ExclusiveConfigWriteScope "Seattle AD Site"

# --- View role assignments --------------------------------------------------------------------
# "View a list of all role assignments".
#@ count 2
#@ output Tier 1 Mailboxes
#@ output Tier 1 Groups
Get-ManagementRoleAssignment "Tier 1*"
# "View the details of a specific role assignment".
#@ output Help Desk Assignment
#@ output Mail Recipients
#@ output Hank
#@ output RoleAssigneeType
Get-ManagementRoleAssignment "Help Desk Assignment" | Format-List
# "... assigned to a specific role assignee".
#@ output Exchange Servers-Server Management
#@ no-output Mail Recipients-Organization Management
Get-ManagementRoleAssignment -RoleAssignee "Server Management"
# "... associated with a specific role".
#@ output Help Desk Assignment
#@ output Mail Recipients-Organization Management
#@ no-output Tier 1 Groups
Get-ManagementRoleAssignment -Role "Mail Recipients"
# "... that use a specific predefined scope".
#@ output Tier 1 Groups
#@ no-output Tier 1 Mailboxes
#@ no-output Vancouver Help
Get-ManagementRoleAssignment -RecipientWriteScope Organization
# "... scoped to a specific OU".
#@ count 1
#@ output Tier 1 Mailboxes
Get-ManagementRoleAssignment -RecipientOrganizationalUnitScope "contoso.com/North America/Engineering/Users"
# "... that use a specific custom scope".
#@ count 1
#@ output Vancouver Help
Get-ManagementRoleAssignment -CustomRecipientWriteScope "Vancouver Recipients"
#@ count 1
#@ output Seattle Servers Exclusive
Get-ManagementRoleAssignment -ExclusiveConfigWriteScope "Seattle AD Site"
# "View a list of exclusive or regular scopes".
#@ count 1
Get-ManagementRoleAssignment -Exclusive $True
#@ no-output Seattle Servers Exclusive
#@ output Help Desk Assignment
Get-ManagementRoleAssignment -Exclusive $False
# "View who can modify a specific recipient or server".
#@ output Help Desk Assignment
#@ output Mail Recipients-Organization Management
#@ no-output Tier 1 Mailboxes
#@ no-output Vancouver Help
Get-ManagementRoleAssignment -WritableRecipient "Brian"
# EX02 isn't a server here; EX01 is.
#@ error couldn't be found
Get-ManagementRoleAssignment -WritableServer EX02 -RoleAssignee "Server Management" -GetEffectiveUsers
#@ output Sven
#@ output Exchange Servers-Server Management
Get-ManagementRoleAssignment -WritableServer EX01 -RoleAssignee "Server Management" -GetEffectiveUsers
# "View the users who receive permissions from an assignment".
#@ count 1
#@ output Hank
Get-ManagementRoleAssignment "Help Desk Assignment" -GetEffectiveUsers
# "View a list of role assignments that are enabled or disabled".
Set-ManagementRoleAssignment "Tier 1 Groups" -Enabled $false
#@ count 1
#@ output Tier 1 Groups
Get-ManagementRoleAssignment -Enabled $False

# --- View a role --------------------------------------------------------------------------------
# "View a specific management role".
#@ output Mail Recipients
#@ output RoleType
#@ output MailRecipients
#@ output ImplicitRecipientWriteScope
Get-ManagementRole "Mail Recipients" | Format-List
# "List all management roles", with the default columns.
#@ output Mail Recipients
#@ output RoleType
Get-ManagementRole
#@ output ImplicitRecipientReadScope
#@ output ImplicitConfigWriteScope
#@ output OrganizationConfig
Get-ManagementRole | Format-Table Name, Implicit*
# "List management roles that contain a specific cmdlet".
#@ output Mail Recipient Creation
#@ no-output Mail Recipients
Get-ManagementRole -Cmdlet New-Mailbox
# "... that contain a specific parameter".
#@ output Mail Recipients
Get-ManagementRole -CmdletParameters Database, Server
#@ output Mail Recipients
#@ no-output Journaling
Get-ManagementRole -Cmdlet Set-Mailbox -CmdletParameters EmailAddresses
# "... of a specific role type".
#@ count 1
#@ output UM Mailboxes
Get-ManagementRole -RoleType UmMailboxes
#@ output Mail Recipients
Get-ManagementRole -RoleType MailRecipients
# "List the immediate child roles of a parent role".
New-ManagementRole "DR Child" -Parent "Disaster Recovery"
New-ManagementRole "DR Grandchild" -Parent "DR Child"
#@ count 1
#@ output DR Child
Get-ManagementRole "Disaster Recovery" -GetChildren
# "List all child roles below a parent role".
New-ManagementRole "MR Child" -Parent "Mail Recipients"
#@ count 2
#@ output MR Child
Get-ManagementRole "Mail Recipients" -Recurse

# --- Change a role entry on an unscoped top-level role ------------------------------------------
New-ManagementRoleAssignment -Role "Unscoped Role Management" -User Administrator
#@ as Administrator
New-ManagementRole "Recipient Administrators" -UnScopedTopLevel
Add-ManagementRoleEntry "Recipient Administrators\CreateUsers.ps1" -Parameters Name -Type Script -UnScopedTopLevel
Add-ManagementRoleEntry "Recipient Administrators\FindMailboxesOverQuota.ps1" -Parameters Database, Quota -Type Script -UnScopedTopLevel
New-ManagementRole "Tier 1 Server Administrators" -UnScopedTopLevel
Add-ManagementRoleEntry "Tier 1 Server Administrators\Start-Widget" -PSSnapinName Contoso.Widgets -Parameters Name, Delay, Force, Credential -Type Cmdlet -UnScopedTopLevel
# "Add one or more parameters to a role entry" (the switch is required).
#@ error Use the UnScopedTopLevel parameter
Set-ManagementRoleEntry "Recipient Administrators\CreateUsers.ps1" -Parameters EmailAddress, City -AddParameter
#@ ok
Set-ManagementRoleEntry "Recipient Administrators\CreateUsers.ps1" -Parameters EmailAddress, City -AddParameter -UnscopedTopLevel
#@ count 3
(Get-ManagementRoleEntry "Recipient Administrators\CreateUsers.ps1").Parameters
# "Remove one or more parameters from a role entry".
#@ ok
Set-ManagementRoleEntry "Tier 1 Server Administrators\Start-Widget" -Parameters Delay, Force, Credential -RemoveParameter -UnscopedTopLevel
#@ count 1
#@ output Name
(Get-ManagementRoleEntry "Tier 1 Server Administrators\Start-Widget").Parameters
# "Remove all parameters from a role entry".
#@ ok
Set-ManagementRoleEntry "Recipient Administrators\FindMailboxesOverQuota.ps1" -Parameters $Null -UnscopedTopLevel
#@ count 0
(Get-ManagementRoleEntry "Recipient Administrators\FindMailboxesOverQuota.ps1").Parameters
# "Apply a specific set of parameters", as published: the Seattle Mail
# Recipient Admins role and its Set-UMMailbox entry don't exist here.
#@ error couldn't be found
Set-ManagementRoleEntry "Seattle Mail Recipient Admins\Set-UMMailbox" -Parameters Alias, DisplayName, WidgetConfig, Enabled -UnscopedTopLevel
New-ManagementRole "Seattle Mail Recipient Admins" -UnScopedTopLevel
Add-ManagementRoleEntry "Seattle Mail Recipient Admins\Set-Widget" -PSSnapinName Contoso.Widgets -Parameters Identity, Size -Type Cmdlet -UnScopedTopLevel
#@ ok
Set-ManagementRoleEntry "Seattle Mail Recipient Admins\Set-Widget" -Parameters Alias, DisplayName, WidgetConfig, Enabled -UnscopedTopLevel
#@ count 4
#@ no-output Size
(Get-ManagementRoleEntry "Seattle Mail Recipient Admins\Set-Widget").Parameters

# --- Find the permissions required to run any Exchange cmdlet -------------------------------------
# Steps 2 and 3.
#@ ok
$Perms = Get-ManagementRole -Cmdlet New-Mailbox
#@ output Mail Recipient Creation
#@ output Organization Management
#@ output Recipient Management
#@ output RoleAssigneeType
Get-ManagementRoleAssignment -Role "Mail Recipient Creation" -Delegating $false | Format-Table -Auto Role,RoleAssigneeType,RoleAssigneeName
#@ output Mail Recipient Creation
#@ output RoleGroup
#@ output Recipient Management
$Perms | foreach {Get-ManagementRoleAssignment -Role $_.Name -Delegating $false | Format-Table -Auto Role,RoleAssigneeType,RoleAssigneeName}
# With parameters: only roles whose entry has all of them.
#@ ok
$Perms = Get-ManagementRole -Cmdlet Set-Mailbox -CmdletParameters RetentionPolicy
#@ output Mail Recipients
#@ no-output MyBaseOptions
$Perms | foreach {Get-ManagementRoleAssignment -Role $_.Name -Delegating $false | Format-Table -Auto Role,RoleAssigneeType,RoleAssigneeName}
# Troubleshooting: the roles holding a cmdlet, and roles assigned to nobody.
#@ output Mail Recipient Creation
Get-ManagementRoleEntry -Identity *\New-Mailbox
#@ error couldn't be found
Get-ManagementRoleEntry -Identity *\New-NoSuchThing
# (The directives apply to the line's first statement; the second is then
# run again on its own line to check its output.)
#@ ok
$na = Get-ManagementRole; $na | foreach {If ((Get-ManagementRoleAssignment -Role $_.Name -Delegating $false) -eq $null) {$_.Name}}
#@ output Reset Password
#@ output DR Child
#@ no-output Unscoped Role Management
#@ no-output Mail Recipients
$na | foreach {If ((Get-ManagementRoleAssignment -Role $_.Name -Delegating $false) -eq $null) {$_.Name}}
# "Include management role scopes".
#@ output RecipientWriteScope
#@ output ConfigWriteScope
$Perms | foreach {Get-ManagementRoleAssignment -Role $_.Name -Delegating $false | Format-List Role,RoleAssigneeType,RoleAssigneeName,*Scope*}
# "Find all roles assigned to a specific user": her role group's and her policy's.
#@ output Mail Recipients
#@ output Recipient Management
#@ output MyBaseOptions
#@ output Default Role Assignment Policy
Get-ManagementRoleAssignment -RoleAssignee julia@contoso.com -Delegating $false | Format-Table -Auto Role,RoleAssigneeName,RoleAssigneeType
# "Find all users who have a specific role assigned".
New-RoleGroup "Import Export Admins" -Roles "Mailbox Import Export" -Members Brian
#@ output Brian
#@ no-output All Group Members
Get-ManagementRoleAssignment -Role "Mailbox Import Export"  -GetEffectiveUsers -Delegating $false | Where-Object {$_.EffectiveUserName -ne "All Group Members"} | Format-Table -Auto EffectiveUserName,Role,RoleAssigneeName,AssignmentMethod
# "Find the members of a role group".
#@ output Administrator
Get-RoleGroupMember "Organization Management"
