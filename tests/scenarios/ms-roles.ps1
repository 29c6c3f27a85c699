#@ org contoso.com
# Microsoft's published examples for the management role and role entry
# cmdlets, run verbatim, each followed by a check of its documented effect.
# Sources: MicrosoftDocs/office-docs-powershell exchange/exchange-ps/ExchangePowerShell/<Cmdlet>.md
#@ as Administrator

# --- New-ManagementRole -------------------------------------------------------
# New-ManagementRole.md, example 1 (two command lines).
#@ ok
New-ManagementRole -Name "Redmond Journaling View-Only" -Parent Journaling
#@ ok
Get-ManagementRoleEntry "Redmond Journaling View-Only\*" | Where { $_.Name -NotLike "Get*" } | %{Remove-ManagementRoleEntry -Identity "$($_.id)\$($_.name)"}
# Only the Get-* entries are left.
#@ count 0
Get-ManagementRoleEntry "Redmond Journaling View-Only\*" | Where { $_.Name -NotLike "Get*" }
#@ output Get-JournalRule
#@ no-output Set-JournalRule
Get-ManagementRoleEntry "Redmond Journaling View-Only\*"

# New-ManagementRole.md, example 2: UnScopedTopLevel needs the Unscoped Role
# Management role, which no role group holds by default.
#@ error A parameter cannot be found that matches parameter name 'UnScopedTopLevel'
New-ManagementRole -Name "In-house scripts" -UnScopedTopLevel
# Organization Management holds it delegating only; it can give it to itself.
#@ ok
New-ManagementRoleAssignment -Role "UnScoped Role Management" -SecurityGroup "Organization Management"
#@ as Administrator
#@ ok
New-ManagementRole -Name "In-house scripts" -UnScopedTopLevel
# The reference names the type UnScopedTopLevel (Get-ManagementRole.md example 4).
#@ output In-house scripts
Get-ManagementRole -RoleType UnScopedTopLevel

# --- Get-ManagementRole -------------------------------------------------------
# Get-ManagementRole.md, example 1.
#@ output Mail Recipients
#@ output Redmond Journaling View-Only
Get-ManagementRole

# Example 2: the parent itself and every descendant.
New-ManagementRole -Name "MR Child" -Parent "Mail Recipients"
New-ManagementRole -Name "MR Grandchild" -Parent "MR Child"
#@ count 3
#@ output MR Grandchild
Get-ManagementRole "Mail Recipients" -Recurse

# Example 3: roles with both parameters (Get-Mailbox -Identity -Database is in
# Mail Recipients); the unscoped role has no entry at all.
#@ output Mail Recipients
#@ output Databases
#@ no-output In-house scripts
Get-ManagementRole -CmdletParameters Identity, Database

# Example 4.
#@ count 1
#@ output In-house scripts
Get-ManagementRole -RoleType UnScopedTopLevel

# Example 5.
#@ output TransportRules
Get-ManagementRole "Transport Rules" | Format-List Name, RoleType

# Example 6: immediate children only, not the role itself.
#@ count 1
#@ output MR Child
#@ no-output MR Grandchild
Get-ManagementRole "Mail Recipients" -GetChildren

# --- Remove-ManagementRole ----------------------------------------------------
New-ManagementRole ExampleRole1 -Parent "Mail Recipients"
New-ManagementRole ExampleRole2 -Parent "Mail Recipients"
New-ManagementRole ExampleRole2a -Parent ExampleRole2
# Remove-ManagementRole.md, example 1.
#@ ok
Remove-ManagementRole ExampleRole1
#@ error couldn't be found
Get-ManagementRole ExampleRole1

# Example 2: -WhatIf changes nothing.
#@ ok
Remove-ManagementRole ExampleRole2 -Recurse -WhatIf
#@ count 2
Get-ManagementRole ExampleRole2 -Recurse

# Example 3.
#@ ok
Get-ManagementRole *Example* | Remove-ManagementRole -WhatIf
#@ count 2
Get-ManagementRole *Example*
# Without -WhatIf, -Recurse removes the parent and its children.
#@ ok
Remove-ManagementRole ExampleRole2 -Recurse -Confirm:$false
#@ count 0
Get-ManagementRole *Example*

# Example 4.
#@ ok
Remove-ManagementRole "In-house scripts" -UnScopedTopLevel
#@ count 0
Get-ManagementRole -RoleType UnScopedTopLevel

# --- Get-ManagementRoleEntry --------------------------------------------------
# Get-ManagementRoleEntry.md, example 1.
#@ output Get-TransportRule
#@ output New-TransportRule
Get-ManagementRoleEntry "Transport Rules\*"

# Example 2: every role holding Get-Recipient.
#@ output Mail Recipients
#@ output View-Only Recipients
#@ no-output Get-Mailbox
Get-ManagementRoleEntry *\Get-Recipient

# Example 3.
New-ManagementRole "Tier 2 Help Desk" -Parent "Mail Recipients"
#@ output Tier 2 Help Desk
#@ output Cmdlet
#@ output CustomAttribute1
Get-ManagementRoleEntry "Tier 2 Help Desk\Set-Mailbox" | Format-List Name, Parameters, Role, Type

# --- Add-ManagementRoleEntry --------------------------------------------------
New-ManagementRole "Recipient Administrators" -Parent "Mail Recipients"
Remove-ManagementRoleEntry "Recipient Administrators\Get-Mailbox" -Confirm:$false
# Add-ManagementRoleEntry.md, example 1: the entry is copied from the parent.
#@ ok
Add-ManagementRoleEntry "Recipient Administrators\Get-Mailbox"
#@ output OrganizationalUnit
Get-ManagementRoleEntry "Recipient Administrators\Get-Mailbox" | Format-List Parameters
Remove-ManagementRoleEntry "Recipient Administrators\Get-Mailbox" -Confirm:$false
# Example 2: only the parameters given.
#@ ok
Add-ManagementRoleEntry "Recipient Administrators\Get-Mailbox" -Parameters Identity, Anr, Server, Filter
#@ output Anr
#@ output Server
#@ no-output OrganizationalUnit
Get-ManagementRoleEntry "Recipient Administrators\Get-Mailbox" | Format-List Parameters
# A role entry must exist on the parent role (documented).
#@ error parent role
Add-ManagementRoleEntry "Recipient Administrators\New-TransportRule"

# Example 3: piping the parent's entries adds them to a child.
New-ManagementRole "Mailbox Administrators" -Parent "Mail Recipients"
Get-ManagementRoleEntry "Mailbox Administrators\*Mailbox*" | Remove-ManagementRoleEntry -Confirm:$false
#@ count 0
Get-ManagementRoleEntry "Mailbox Administrators\*Mailbox*"
#@ ok
Get-ManagementRoleEntry "Mail Recipients\*Mailbox*" | Add-ManagementRoleEntry -Role "Mailbox Administrators"
#@ output Set-Mailbox
#@ output Get-Mailbox
Get-ManagementRoleEntry "Mailbox Administrators\*Mailbox*"

# Example 4: a script entry on an unscoped top-level role.
New-ManagementRole "IT Scripts" -UnScopedTopLevel
#@ ok
Add-ManagementRoleEntry "IT Scripts\MailboxAudit" -Parameters Department, Location -UnScopedTopLevel
#@ output Department
Get-ManagementRoleEntry "IT Scripts\MailboxAudit" | Format-List Name, Parameters

# --- Set-ManagementRoleEntry --------------------------------------------------
New-ManagementRole "Help Desk Personnel" -Parent "Mail Recipients"
# Set-ManagementRoleEntry.md, example 1.
#@ ok
Set-ManagementRoleEntry "Help Desk Personnel\Get-Mailbox" -Parameters "Anr","Database" -RemoveParameter
#@ no-output Anr
#@ no-output Database
#@ output Identity
Get-ManagementRoleEntry "Help Desk Personnel\Get-Mailbox" | Format-List Parameters

# Example 2: WhatIf is a common parameter, always available.
#@ ok
Get-ManagementRoleEntry "Help Desk Personnel\*" | Set-ManagementRoleEntry -Parameters WhatIf -AddParameter

# Example 3: exactly the parameters given.
New-ManagementRole "Tier 1 Help Desk" -Parent "Mail Recipients"
#@ ok
Set-ManagementRoleEntry "Tier 1 Help Desk\Set-Mailbox" -Parameters "DisplayName","ForwardingAddress"
#@ output DisplayName
#@ output ForwardingAddress
#@ no-output CustomAttribute1
Get-ManagementRoleEntry "Tier 1 Help Desk\Set-Mailbox" | Format-List Parameters
# A parameter the parent's entry lacks can't be added.
#@ error parent role
Set-ManagementRoleEntry "Tier 1 Help Desk\Set-Mailbox" -Parameters "NoSuchParameter" -AddParameter

# Example 4.
#@ ok
Set-ManagementRoleEntry "IT Scripts\MailboxAudit" -Parameters Location -AddParameter -UnScopedTopLevel
#@ output Location
Get-ManagementRoleEntry "IT Scripts\MailboxAudit" | Format-List Parameters

# --- Remove-ManagementRoleEntry -----------------------------------------------
Remove-ManagementRole "Tier 1 Help Desk" -Confirm:$false
New-ManagementRole "Tier 1 Help Desk" -Parent "Mail Recipient Creation"
# Remove-ManagementRoleEntry.md, example 1.
#@ ok
Remove-ManagementRoleEntry "Tier 1 Help Desk\New-Mailbox"
#@ error couldn't be found
Get-ManagementRoleEntry "Tier 1 Help Desk\New-Mailbox"
# Example 2.
#@ ok
Get-ManagementRoleEntry "Tier 1 Help Desk\*" | where {$_.Name -like 'New-*'} | foreach {Remove-ManagementRoleEntry -Identity "$($_.id)\$($_.name)"}
#@ count 0
Get-ManagementRoleEntry "Tier 1 Help Desk\New-*"
#@ output Remove-Mailbox
Get-ManagementRoleEntry "Tier 1 Help Desk\*"
# Built-in roles can't be changed.
#@ error built-in role
Remove-ManagementRoleEntry "Mail Recipient Creation\New-Mailbox"
