#@ org contoso.com
# Microsoft's published examples for the management scope cmdlets, run
# verbatim, each followed by a check of its documented effect.
# Sources: MicrosoftDocs/office-docs-powershell exchange/exchange-ps/ExchangePowerShell/<Cmdlet>.md
#@ as Administrator
New-ADOrganizationalUnit -Name Executives -Path "DC=contoso,DC=com"
New-ADOrganizationalUnit -Name Sales -Path "DC=contoso,DC=com"
New-ADOrganizationalUnit -Name Staff -Path "DC=contoso,DC=com"
New-Mailbox -Name "Exec One" -OrganizationalUnit "contoso.com/Executives" -UserPrincipalName exec1@contoso.com
New-DistributionGroup -Name "Exec List" -OrganizationalUnit "contoso.com/Executives"
New-Mailbox -Name "Staff One" -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName staff1@contoso.com
New-Mailbox -Name "Sea One" -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName sea1@contoso.com
Set-User "Sea One" -City Seattle
New-Mailbox -Name Ava -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName ava@contoso.com
New-Mailbox -Name Ben -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName ben@contoso.com
New-Mailbox -Name "VP Two" -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName vp2@contoso.com
Set-User "VP Two" -Title "VP Marketing"
New-MailboxDatabase -Name "SEA-DB01" -Server EX01

# --- New-ManagementScope ------------------------------------------------------
# New-ManagementScope.md, example 1. The servers it names don't exist here:
# a fresh organization has the one server setup installed (EX01), and
# servers come from Exchange setup, not from a cmdlet.
#@ error couldn't be found
New-ManagementScope -Name "Mailbox Servers 1 through 3" -ServerList MailboxServer1, MailboxServer2, MailboxServer3
# The same form with the server that exists.
#@ ok
New-ManagementScope -Name "Mailbox Servers 1 through 3" -ServerList EX01
#@ output ServerScope
#@ output EX01
Get-ManagementScope "Mailbox Servers 1 through 3" | Format-List Name, ScopeRestrictionType, ServerList

# Example 2: a server filter on the AD site (EX01 isn't in Redmond).
#@ ok
New-ManagementScope -Name "Redmond Site Scope" -ServerRestrictionFilter "ServerSite -eq 'CN=Redmond,CN=Sites,CN=Configuration,DC=contoso,DC=com'"
#@ output ServerSite -eq 'CN=Redmond,CN=Sites,CN=Configuration,DC=contoso,DC=com'
Get-ManagementScope "Redmond Site Scope" | Format-List ServerFilter

# Example 3: mailboxes under the Executives OU only.
#@ ok
New-ManagementScope -Name "Executive Mailboxes" -RecipientRoot "contoso.com/Executives" -RecipientRestrictionFilter "RecipientType -eq 'UserMailbox'"
#@ output contoso.com/Executives
Get-ManagementScope "Executive Mailboxes" | Format-List RecipientRoot, RecipientFilter
New-RoleGroup "Exec Mailbox Admins" -Members Ava
New-ManagementRoleAssignment -Role "Mail Recipients" -SecurityGroup "Exec Mailbox Admins" -CustomRecipientWriteScope "Executive Mailboxes"
#@ as Ava
#@ ok
Set-Mailbox "Exec One" -CustomAttribute1 "exec"
# Outside the root, and inside it but not a mailbox.
#@ error isn't within a valid write scope
Set-Mailbox "Staff One" -CustomAttribute1 "exec"
#@ as Administrator
#@ no-output Mail Recipients-Exec Mailbox Admins
Get-ManagementRoleAssignment -WritableRecipient "Exec List"

# Example 4 (two command lines). The exclusive scope takes effect at once,
# before any assignment uses it.
New-RoleGroup "Executive Administrators" -Members Ben
#@ ok
New-ManagementScope -Name "Protected Exec Users" -RecipientRestrictionFilter "Title -like 'VP*'" -Exclusive
#@ error isn't within a valid write scope
Set-User "VP Two" -Department "Marketing"
# As published, the second line attaches the exclusive scope with
# -CustomRecipientWriteScope: the assignment uses it exclusively
# (docs/semantics.md §8).
#@ ok
New-ManagementRoleAssignment -SecurityGroup "Executive Administrators" -Role "Mail Recipients" -CustomRecipientWriteScope "Protected Exec Users"
#@ output ExclusiveRecipientScope
Get-ManagementRoleAssignment -RoleAssignee "Executive Administrators" -Role "Mail Recipients" | Format-List RecipientWriteScope
#@ as Ben
#@ ok
Set-Mailbox "VP Two" -CustomAttribute2 "protected"
#@ error isn't within a valid write scope
Set-Mailbox "Staff One" -CustomAttribute2 "protected"
#@ as Administrator

# Example 5: databases whose names start with SEA.
#@ ok
New-ManagementScope -Name "Seattle Databases" -DatabaseRestrictionFilter "Name -Like 'SEA*'"
New-RoleGroup "Seattle DB Admins"
New-ManagementRoleAssignment -Name "Databases_Seattle" -Role "Databases" -SecurityGroup "Seattle DB Admins" -CustomConfigWriteScope "Seattle Databases"
#@ output Databases_Seattle
Get-ManagementRoleAssignment -WritableDatabase "SEA-DB01"
#@ no-output Databases_Seattle
Get-ManagementRoleAssignment -WritableDatabase "Mailbox Database 01"

# --- Get-ManagementScope ------------------------------------------------------
New-ManagementScope -Name "Redmond Servers Scope" -ServerList EX01
# Get-ManagementScope.md, example 1.
#@ count 2
#@ output Redmond Site Scope
#@ output Redmond Servers Scope
Get-ManagementScope Redmond*

# Example 2.
#@ output Redmond Servers Scope
#@ output ServerScope
#@ output EX01
Get-ManagementScope "Redmond Servers Scope" | Format-List

# Example 3: scopes no assignment uses.
#@ output Redmond Site Scope
#@ output Mailbox Servers 1 through 3
#@ no-output Executive Mailboxes
#@ no-output Seattle Databases
Get-ManagementScope -Orphan

# Example 4.
#@ count 1
#@ output Protected Exec Users
Get-ManagementScope -Exclusive $True

# --- Set-ManagementScope ------------------------------------------------------
New-ManagementScope "Seattle Mailboxes" -RecipientRestrictionFilter "City -eq 'Redmond'"
New-RoleGroup "Seattle Admins" -Members Ava
New-ManagementRoleAssignment -Role "Mail Recipients" -SecurityGroup "Seattle Admins" -CustomRecipientWriteScope "Seattle Mailboxes"
# Set-ManagementScope.md, example 1: assignments using the scope follow it.
#@ ok
Set-ManagementScope "Seattle Mailboxes" -RecipientRestrictionFilter "City -eq 'Seattle' -and RecipientType -eq 'UserMailbox'"
#@ output City -eq 'Seattle' -and RecipientType -eq 'UserMailbox'
Get-ManagementScope "Seattle Mailboxes" | Format-List RecipientFilter
#@ as Ava
#@ ok
Set-Mailbox "Sea One" -CustomAttribute3 "seattle"
#@ as Administrator

# Example 2.
New-ManagementScope "Sales Recipients" -RecipientRestrictionFilter "RecipientType -eq 'UserMailbox'"
#@ ok
Set-ManagementScope "Sales Recipients" -RecipientRoot contoso.com/Sales
#@ output contoso.com/Sales
Get-ManagementScope "Sales Recipients" | Format-List RecipientRoot

# Example 3 is left out: as published its filter ends in a stray `"}'`, which
# PowerShell can't parse either. Its intent, with the quoting repaired:
New-ManagementScope "Vancouver Servers" -ServerRestrictionFilter "Name -eq 'EX01'"
#@ ok
Set-ManagementScope "Vancouver Servers" -ServerRestrictionFilter "ServerSite -eq 'NA-CDN-Vancouver,CN=Sites,CN=Configuration,DC=contoso,DC=com'"
#@ output NA-CDN-Vancouver
Get-ManagementScope "Vancouver Servers" | Format-List ServerFilter

# --- Remove-ManagementScope ---------------------------------------------------
New-ManagementScope "Redmond Servers" -ServerList EX01
# Remove-ManagementScope.md, example 1.
#@ ok
Remove-ManagementScope "Redmond Servers"
#@ error couldn't be found
Get-ManagementScope "Redmond Servers"

# Example 2: -WhatIf removes nothing.
#@ ok
Get-ManagementScope -Orphan | Remove-ManagementScope -WhatIf
#@ output Redmond Site Scope
Get-ManagementScope -Orphan
#@ ok
Get-ManagementScope -Orphan | Remove-ManagementScope -Confirm:$false
#@ count 0
Get-ManagementScope -Orphan
# A scope in use can't be removed (documented).
#@ error can't be removed because it's used by
Remove-ManagementScope "Executive Mailboxes"
