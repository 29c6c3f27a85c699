#@ org contoso.com
# The Exchange Server permissions articles on management roles and role
# entries, their procedures run verbatim, each followed by a check of its
# documented effect.
# Sources (learn.microsoft.com/exchange/<page>; copies in x13-me/OfficeDocs-Exchange Exchange/ExchangeServer2013/):
# create-a-role-exchange-2013-help, create-an-unscoped-role-exchange-2013-help,
# add-a-role-entry-to-a-role-exchange-2013-help, add-a-role-entry-to-an-unscoped-top-level-role-exchange-2013-help,
# change-a-role-entry-exchange-2013-help, remove-a-role-entry-from-a-role-exchange-2013-help,
# view-role-entries-exchange-2013-help, remove-a-role-exchange-2013-help
#@ as Administrator
New-ADOrganizationalUnit -Name Staff -Path "DC=contoso,DC=com"
New-Mailbox -Name Ava -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName ava@contoso.com
New-Mailbox -Name Ben -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName ben@contoso.com
New-Mailbox -Name Cal -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName cal@contoso.com

# --- Create a role ------------------------------------------------------------------------
# Step 1: the new role is a copy of its parent, entries and all.
#@ ok
New-ManagementRole -Parent "Mail Recipients" -Name "Seattle Mail Recipients"
#@ output Mail Recipients
Get-ManagementRole "Seattle Mail Recipients" | Format-List Parent
#@ output Set-Mailbox
#@ output Enable-MailUser
Get-ManagementRoleEntry "Seattle Mail Recipients\*"
# Step 2: a child can't get what its parent lacks.
#@ error parent role
Add-ManagementRoleEntry "Seattle Mail Recipients\New-TransportRule"
# Step 4: assign it; the holder may use it.
New-RoleGroup "Seattle Recipient Admins" -Roles "Seattle Mail Recipients" -Members Ava
#@ as Ava
#@ ok
Set-Mailbox Ben -CustomAttribute1 "seattle"
#@ as Administrator
# A policy assignment takes no scope (step 4's note).
New-RoleAssignmentPolicy "Seattle Users"
#@ error You can't specify a management scope when assigning a role to a role assignment policy
New-ManagementRoleAssignment -Role MyBaseOptions -Policy "Seattle Users" -RecipientRelativeWriteScope Self

# --- Add a role entry to a role -----------------------------------------------------------
New-ManagementRole -Parent "Mail Recipients" -Name "Recipient Administrators"
Remove-ManagementRoleEntry "Recipient Administrators\Set-Mailbox" -Confirm:$false
# "Add a single role entry from a parent role".
#@ ok
Add-ManagementRoleEntry "Recipient Administrators\Set-Mailbox"
#@ output CustomAttribute1
#@ output EmailAddresses
Get-ManagementRoleEntry "Recipient Administrators\Set-Mailbox" | Format-List Parameters
# Built-in roles can't take entries.
#@ error built-in role
Add-ManagementRoleEntry "Mail Recipients\New-TransportRule"

# "... and include only specific parameters".
New-ManagementRole -Parent "Mail Recipients" -Name "Help Desk"
Remove-ManagementRoleEntry "Help Desk\Set-Mailbox" -Confirm:$false
#@ ok
Add-ManagementRoleEntry "Help Desk\Set-Mailbox" -Parameters DisplayName, EmailAddresses
#@ output DisplayName
#@ output EmailAddresses
#@ no-output CustomAttribute1
Get-ManagementRoleEntry "Help Desk\Set-Mailbox" | Format-List Parameters

# "Add multiple role entries from a parent role".
Get-ManagementRoleEntry "Seattle Mail Recipients\*Mailbox*" | Remove-ManagementRoleEntry -Confirm:$false
#@ count 0
Get-ManagementRoleEntry "Seattle Mail Recipients\*Mailbox*"
#@ ok
Get-ManagementRoleEntry "Mail Recipients\*Mailbox*" | Add-ManagementRoleEntry -Role "Seattle Mail Recipients"
#@ output Set-Mailbox
#@ output Get-Mailbox
#@ output Enable-Mailbox
Get-ManagementRoleEntry "Seattle Mail Recipients\*Mailbox*"

# --- Change a role entry ------------------------------------------------------------------
Set-ManagementRoleEntry "Recipient Administrators\Set-Mailbox" -Parameters EmailAddresses, Type -RemoveParameter
#@ no-output EmailAddresses
Get-ManagementRoleEntry "Recipient Administrators\Set-Mailbox" | Format-List Parameters
# "Add one or more parameters to a role entry".
#@ ok
Set-ManagementRoleEntry "Recipient Administrators\Set-Mailbox" -Parameters EmailAddresses, Type -AddParameter
#@ output EmailAddresses
#@ output Type
#@ output CustomAttribute1
Get-ManagementRoleEntry "Recipient Administrators\Set-Mailbox" | Format-List Parameters

# "Remove one or more parameters from a role entry".
New-ManagementRole -Parent "Send Connectors" -Name "Tier 1 Server Administrators"
#@ ok
Set-ManagementRoleEntry "Tier 1 Server Administrators\Set-SendConnector" -Parameters Port, ProtocolLoggingLevel, SmartHostAuthMechanism -RemoveParameter
#@ no-output ProtocolLoggingLevel
#@ no-output SmartHostAuthMechanism
#@ output Identity
Get-ManagementRoleEntry "Tier 1 Server Administrators\Set-SendConnector" | Format-List Parameters
#@ count 0
(Get-ManagementRoleEntry "Tier 1 Server Administrators\Set-SendConnector").Parameters | Where { $_ -eq "Port" }

# "Remove all parameters from a role entry".
#@ ok
Set-ManagementRoleEntry "Recipient Administrators\Set-CASMailbox" -Parameters $Null
#@ count 0
(Get-ManagementRoleEntry "Recipient Administrators\Set-CASMailbox").Parameters
# The entry itself stays.
#@ count 1
Get-ManagementRoleEntry "Recipient Administrators\Set-CASMailbox"

# "Apply a specific set of parameters": Set-UMMailbox isn't in Mail Recipients
# (Unified Messaging is gone from Exchange 2019), so the same form on Set-Mailbox.
#@ error couldn't be found
Set-ManagementRoleEntry "Seattle Mail Recipients\Set-UMMailbox" -Parameters Identity, DisplayName, MissedCallNotificationEnabled, PersonalAutoAttendantEnabled
#@ ok
Set-ManagementRoleEntry "Seattle Mail Recipients\Set-Mailbox" -Parameters Identity, DisplayName
#@ count 2
(Get-ManagementRoleEntry "Seattle Mail Recipients\Set-Mailbox").Parameters

# --- Remove a role entry from a role ------------------------------------------------------
New-ManagementRole -Parent "Mail Recipients" -Name "Seattle Server Administrators"
# "Remove a single entire role entry from a role".
#@ ok
Remove-ManagementRoleEntry "Seattle Server Administrators\Enable-MailUser"
#@ error couldn't be found
Get-ManagementRoleEntry "Seattle Server Administrators\Enable-MailUser"
# "Remove multiple entire role entries": -WhatIf first, then for real.
# (Mail Recipients has no journal cmdlet: a Journaling child shows the effect.)
New-ManagementRole -Parent Journaling -Name "Seattle Journaling Administrators"
#@ ok
Get-ManagementRoleEntry "Seattle Journaling Administrators\*Journal*" | Remove-ManagementRoleEntry -WhatIf
#@ output Get-JournalRule
Get-ManagementRoleEntry "Seattle Journaling Administrators\*Journal*"
#@ ok
Get-ManagementRoleEntry "Seattle Journaling Administrators\*Journal*" | Remove-ManagementRoleEntry -Confirm:$false
#@ count 0
Get-ManagementRoleEntry "Seattle Journaling Administrators\*Journal*"
#@ ok
Get-ManagementRoleEntry "Seattle Server Administrators\*Journal*" | Remove-ManagementRoleEntry
# "Remove parameters from a role entry on a role".
#@ ok
Set-ManagementRoleEntry "Seattle Server Administrators\Set-Mailbox" -Parameters MaxSafeSenders,MaxSendSize,SecondaryAddress,UseDatabaseQuotaDefaults -RemoveParameter
#@ no-output MaxSafeSenders
#@ no-output UseDatabaseQuotaDefaults
#@ output CustomAttribute1
Get-ManagementRoleEntry "Seattle Server Administrators\Set-Mailbox" | Format-List Parameters

# --- View role entries --------------------------------------------------------------------
# "View a list of all role entries on a role", as published with
# Get-ManagementRole: a role name, not an entry, so nothing matches.
#@ count 0
Get-ManagementRole "Recipient Administrators\*"
#@ output Set-Mailbox
#@ output Get-Mailbox
Get-ManagementRoleEntry "Recipient Administrators\*"
# "View a list of roles that contain a specific role entry".
#@ output Mail Recipients
#@ output Recipient Administrators
#@ output Seattle Mail Recipients
Get-ManagementRoleEntry *\Set-Mailbox
# "View a targeted list of roles that contain similar role entries".
New-ManagementRole -Parent "Mail Recipients" -Name "Tier 1 Help Desk"
#@ output Tier 1 Help Desk
#@ output Set-Mailbox
#@ no-output Set-User
Get-ManagementRoleEntry "*Tier 1*\*Mailbox*"
# "View a single role entry".
#@ output Recipient Administrators
#@ output Set-Mailbox
#@ output Parameters
Get-ManagementRoleEntry "Recipient Administrators\Set-Mailbox" | Format-List
# "View the parameters on a single role entry".
#@ output CustomAttribute1
#@ output Identity
(Get-ManagementRoleEntry "Mail Recipients\Set-Mailbox").Parameters

# --- Create an unscoped role --------------------------------------------------------------
# Nobody holds Unscoped Role Management by default.
#@ error A parameter cannot be found that matches parameter name 'UnScopedTopLevel'
New-ManagementRole "IT Scripts" -UnscopedTopLevel
New-ManagementRoleAssignment -Role "Unscoped Role Management" -User Administrator
#@ as Administrator
# Step 1.
#@ ok
New-ManagementRole "IT Scripts" -UnscopedTopLevel
#@ output UnScoped
Get-ManagementRole "IT Scripts" | Format-List RoleType
#@ count 0
Get-ManagementRoleEntry "IT Scripts\*"
# Step 2a: a script entry.
#@ ok
Add-ManagementRoleEntry "IT Scripts\BulkProvisionUsers.ps1" -Parameters Name, Location -Type Script -UnscopedTopLevel
#@ output Script
#@ output Location
Get-ManagementRoleEntry "IT Scripts\BulkProvisionUsers.ps1" | Format-List Type, Parameters
# Step 2b: a non-Exchange cmdlet entry, with its snap-in.
New-ManagementRole "Widget Cmdlets" -UnscopedTopLevel
#@ ok
Add-ManagementRoleEntry "Widget Cmdlets\Set-WidgetConfiguration" -PSSnapinName Contoso.Admin.Cmdlets -Parameters Database, Size -Type Cmdlet -UnscopedTopLevel
#@ output Contoso.Admin.Cmdlets
#@ output Size
Get-ManagementRoleEntry "Widget Cmdlets\Set-WidgetConfiguration" | Format-List PSSnapinName, Parameters
# Step 3: no scope on an unscoped role's assignment; no policy either.
#@ error its role assignments can't have a management scope
New-ManagementRoleAssignment -Role "IT Scripts" -User Ava -RecipientRelativeWriteScope Self -UnScopedTopLevel
#@ error isn't an end-user role
New-ManagementRoleAssignment -Role "IT Scripts" -Policy "Seattle Users" -UnScopedTopLevel
# A top-level unscoped role has no parent to delegate it: its assignments
# are made with -UnScopedTopLevel, by an Unscoped Role Management holder.
#@ error You don't have access to create, change, or remove the "IT Scripts-Ava" management role assignment
New-ManagementRoleAssignment -Role "IT Scripts" -User Ava
#@ ok
New-ManagementRoleAssignment -Role "IT Scripts" -User Ava -UnScopedTopLevel
#@ output IT Scripts
Get-ManagementRoleAssignment -RoleAssignee Ava -Role "IT Scripts"

# "Create an unscoped role based on another unscoped role".
New-ManagementRole "IT Global Scripts" -UnscopedTopLevel
Add-ManagementRoleEntry "IT Global Scripts\Get-DiagnosticInfo.ps1" -Parameters Server -Type Script -UnscopedTopLevel
#@ ok
New-ManagementRole -Parent "IT Global Scripts" -Name "Diagnostic IT Scripts"
#@ output Get-DiagnosticInfo.ps1
Get-ManagementRoleEntry "Diagnostic IT Scripts\*"
#@ output IT Global Scripts
Get-ManagementRole "Diagnostic IT Scripts" | Format-List Parent

# --- Add a role entry to an unscoped top-level role ---------------------------------------
#@ ok
Add-ManagementRoleEntry "IT Scripts\Get-MailboxReport.ps1" -Parameters Name, Location -Type Script -UnscopedTopLevel
#@ output Get-MailboxReport.ps1
Get-ManagementRoleEntry "IT Scripts\*"
# Only an unscoped top-level role takes scripts and non-Exchange cmdlets.
#@ error
Add-ManagementRoleEntry "Diagnostic IT Scripts\Other.ps1" -Parameters Name -Type Script -UnscopedTopLevel

# --- Remove a role ------------------------------------------------------------------------
# "Remove a management role with no child roles" (its assignments first).
#@ error role assignments
Remove-ManagementRole "Seattle Mail Recipients"
#@ ok
Remove-ManagementRole "Seattle Server Administrators"
#@ error couldn't be found
Get-ManagementRole "Seattle Server Administrators"
# "Remove a management role with child roles".
New-ManagementRole -Parent "Mail Recipients" -Name "London Administrators"
New-ManagementRole -Parent "London Administrators" -Name "London Help Desk"
#@ error child roles
Remove-ManagementRole "London Administrators"
#@ ok
Remove-ManagementRole "London Administrators" -Recurse -WhatIf
#@ count 2
Get-ManagementRole "London Administrators" -Recurse
#@ ok
Remove-ManagementRole "London Administrators" -Recurse
#@ count 0
Get-ManagementRole London*
# "Remove an unscoped management role".
New-ManagementRole "Custom IT Scripts" -UnscopedTopLevel
New-ManagementRole -Parent "Custom IT Scripts" -Name "Custom IT Scripts Child"
#@ ok
Remove-ManagementRole "Custom IT Scripts" -Recurse -UnScopedTopLevel
#@ count 0
Get-ManagementRole "Custom IT Scripts*"
# Built-in roles can't be removed.
#@ error built-in role
Remove-ManagementRole "Mail Recipients"
