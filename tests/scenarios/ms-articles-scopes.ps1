#@ org contoso.com
# The Exchange Server permissions articles on management scopes, their
# procedures run verbatim, each followed by a check of its documented effect.
# Sources (learn.microsoft.com/exchange/<page>; copies in x13-me/OfficeDocs-Exchange Exchange/ExchangeServer2013/):
# create-a-regular-or-exclusive-scope-exchange-2013-help, change-a-role-scope-exchange-2013-help,
# view-role-scopes-exchange-2013-help, remove-a-role-scope-exchange-2013-help,
# understanding-management-role-scope-filters-exchange-2013-help
#@ as Administrator
New-ADOrganizationalUnit -Name "Sales OU" -Path "DC=contoso,DC=com"
New-ADOrganizationalUnit -Name Staff -Path "DC=contoso,DC=com"
New-ADOrganizationalUnit -Name "North America" -Path "DC=contoso,DC=com"
New-ADOrganizationalUnit -Name Sales -Path "OU=North America,DC=contoso,DC=com"
New-Mailbox -Name "Sales Mbx" -OrganizationalUnit "contoso.com/Sales OU" -UserPrincipalName salesmbx@contoso.com
New-DistributionGroup -Name "Sales List" -OrganizationalUnit "contoso.com/Sales OU"
New-Mailbox -Name "Staff Mbx" -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName staffmbx@contoso.com
New-Mailbox -Name "NA Sales Mbx" -OrganizationalUnit "contoso.com/North America/Sales" -UserPrincipalName nasales@contoso.com
New-Mailbox -Name "Exec Mbx" -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName exec@contoso.com
Set-User "Exec Mbx" -Department Executives
New-Mailbox -Name Ava -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName ava@contoso.com
New-Mailbox -Name Ben -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName ben@contoso.com
New-MailboxDatabase -Name "Database 1" -Server EX01
New-MailboxDatabase -Name "Database 2" -Server EX01
New-MailboxDatabase -Name "Database 3" -Server EX01
New-MailboxDatabase -Name "Executive DB" -Server EX01

# --- Create a regular or exclusive scope ------------------------------------------------
# "Recipient filter scope": mailboxes within the contoso.com/Sales OU.
#@ ok
New-ManagementScope -Name "Mailboxes in Sales OU" -RecipientRestrictionFilter "RecipientType -eq 'UserMailbox'" -RecipientRoot "contoso.com/Sales OU"
#@ output contoso.com/Sales OU
#@ output RecipientType -eq 'UserMailbox'
Get-ManagementScope "Mailboxes in Sales OU" | Format-List RecipientRoot, RecipientFilter
# Step 2: add the scope to a role assignment; the write scope is the OU's mailboxes.
New-RoleGroup "Sales OU Admins" -Members Ava
New-ManagementRoleAssignment -Role "Mail Recipients" -SecurityGroup "Sales OU Admins" -CustomRecipientWriteScope "Mailboxes in Sales OU"
#@ as Ava
#@ ok
Set-Mailbox "Sales Mbx" -CustomAttribute1 "sales"
#@ error isn't within a valid write scope
Set-Mailbox "Staff Mbx" -CustomAttribute1 "sales"
#@ as Administrator
# A distribution group in the OU isn't a mailbox: not writable through the scope.
#@ output Mail Recipients-Sales OU Admins
Get-ManagementRoleAssignment -WritableRecipient "Sales Mbx"
#@ no-output Mail Recipients-Sales OU Admins
Get-ManagementRoleAssignment -WritableRecipient "Sales List"

# "Server filter configuration scope".
#@ ok
New-ManagementScope -Name "Servers in Seattle AD site" -ServerRestrictionFilter "ServerSite -eq 'CN=Redmond,CN=Sites,CN=Configuration,DC=contoso,DC=com'"
#@ output ServerScope
#@ output ServerSite -eq 'CN=Redmond,CN=Sites,CN=Configuration,DC=contoso,DC=com'
Get-ManagementScope "Servers in Seattle AD site" | Format-List ScopeRestrictionType, ServerFilter

# "Server list configuration scope": MBX1, MBX3 and MBX5 aren't servers of
# this organization (servers come from Exchange setup).
#@ error couldn't be found
New-ManagementScope -Name "Mailbox servers" -ServerList MBX1,MBX3,MBX5
#@ ok
New-ManagementScope -Name "Mailbox servers" -ServerList EX01
#@ output EX01
Get-ManagementScope "Mailbox servers" | Format-List ServerList

# "Database filter configuration scope".
#@ ok
New-ManagementScope -Name "Executive Databases" -DatabaseRestrictionFilter "Name -Like '*Executive*'"
#@ output DatabaseScope
#@ output Name -Like '*Executive*'
Get-ManagementScope "Executive Databases" | Format-List ScopeRestrictionType, DatabaseFilter
New-RoleGroup "Exec DB Admins"
New-ManagementRoleAssignment -Name "Databases_Exec" -Role "Databases" -SecurityGroup "Exec DB Admins" -CustomConfigWriteScope "Executive Databases"
#@ output Databases_Exec
Get-ManagementRoleAssignment -WritableDatabase "Executive DB"
#@ no-output Databases_Exec
Get-ManagementRoleAssignment -WritableDatabase "Database 1"

# "Database list configuration scope".
#@ ok
New-ManagementScope -Name "Primary databases" -DatabaseList "Database 1", "Database 2", "Database 3"
#@ output Database 1
#@ output Database 2
#@ output Database 3
Get-ManagementScope "Primary databases" | Format-List DatabaseList

# "Exclusive scope": any user in the Executives department.
#@ ok
New-ManagementScope "Executive Users Exclusive Scope" -RecipientRestrictionFilter "Department -Eq 'Executives'" -Exclusive
#@ output True
Get-ManagementScope "Executive Users Exclusive Scope" | Format-List Exclusive
# It takes effect at once: even Organization Management can't write Exec Mbx.
#@ error isn't within a valid write scope
Set-User "Exec Mbx" -Title "CEO"
# Reads aren't narrowed.
#@ output Exec Mbx
Get-User "Exec Mbx"
# The same scope with -Force, without the warning (the name is taken now).
#@ error already exists
New-ManagementScope "Executive Users Exclusive Scope" -RecipientRestrictionFilter "Department -Eq 'Executives'" -Exclusive -Force
Remove-ManagementScope "Executive Users Exclusive Scope"
#@ ok
New-ManagementScope "Executive Users Exclusive Scope" -RecipientRestrictionFilter "Department -Eq 'Executives'" -Exclusive -Force
#@ count 1
Get-ManagementScope -Exclusive $true

# --- View role scopes ----------------------------------------------------------------------
New-ManagementScope "Seattle Servers" -ServerList EX01
# "View a specific scope".
#@ output Seattle Servers
#@ output ServerList
#@ output EX01
Get-ManagementScope "Seattle Servers" | Format-List
# "List all scopes".
#@ count 7
#@ output Mailboxes in Sales OU
#@ output Seattle Servers
Get-ManagementScope
# "List all orphaned scopes": none of these is used by an assignment yet.
#@ output Seattle Servers
#@ output Primary databases
#@ no-output Mailboxes in Sales OU
#@ no-output Executive Databases
Get-ManagementScope -Orphan
# "List all exclusive or regular scopes only".
#@ count 1
#@ output Executive Users Exclusive Scope
Get-ManagementScope -Exclusive $true
#@ count 6
#@ no-output Executive Users Exclusive Scope
Get-ManagementScope -Exclusive $false

# --- Change a role scope -------------------------------------------------------------------
# "Change the name of a scope".
#@ ok
Set-ManagementScope "Seattle Servers" -Name "Seattle Exchange Servers"
#@ output Seattle Exchange Servers
Get-ManagementScope "Seattle Exchange Servers"
#@ error couldn't be found
Get-ManagementScope "Seattle Servers"

# "Change a recipient filter on a scope": assignments using it follow.
New-ManagementScope "Company Scope" -RecipientRestrictionFilter "Company -eq 'fabrikam'"
New-RoleGroup "Company Admins" -Members Ben
New-ManagementRoleAssignment -Role "Mail Recipients" -SecurityGroup "Company Admins" -CustomRecipientWriteScope "Company Scope"
Set-User "Staff Mbx" -Company contoso
#@ as Ben
#@ error isn't within a valid write scope
Set-Mailbox "Staff Mbx" -CustomAttribute2 "company"
#@ as Administrator
#@ ok
Set-ManagementScope "Company Scope" -RecipientRestrictionFilter "Company -eq 'contoso'"
#@ output Company -eq 'contoso'
Get-ManagementScope "Company Scope" | Format-List RecipientFilter
#@ as Ben
#@ ok
Set-Mailbox "Staff Mbx" -CustomAttribute2 "company"
#@ as Administrator

# "Change the organizational unit root on a scope".
New-ManagementScope "Sales Users" -RecipientRestrictionFilter "RecipientType -eq 'UserMailbox'" -RecipientRoot "contoso.com/Staff"
#@ ok
Set-ManagementScope "Sales Users" -RecipientRoot "contoso.com/North America/Sales"
#@ output contoso.com/North America/Sales
Get-ManagementScope "Sales Users" | Format-List RecipientRoot

# "Change a server filter on a scope": as published it names "Company Scope",
# a recipient scope; a scope keeps its kind, so the server filter is refused.
#@ error can't be used on the RecipientScope scope 'Company Scope'
Set-ManagementScope "Company Scope" -ServerRestrictionFilter "ServerSite -eq 'CN=Redmond,CN=Sites,CN=Configuration,DC=contoso,DC=com'"
New-ManagementScope "Company Server Scope" -ServerRestrictionFilter "Name -eq 'EX01'"
#@ ok
Set-ManagementScope "Company Server Scope" -ServerRestrictionFilter "ServerSite -eq 'CN=Redmond,CN=Sites,CN=Configuration,DC=contoso,DC=com'"
#@ output CN=Redmond
Get-ManagementScope "Company Server Scope" | Format-List ServerFilter

# "Change a database filter on a scope".
New-ManagementScope "Database Executive Scope" -DatabaseRestrictionFilter "Name -Like 'Database*'"
#@ ok
Set-ManagementScope "Database Executive Scope" -DatabaseRestrictionFilter "Name -Like '*Executive*'"
#@ output Name -Like '*Executive*'
Get-ManagementScope "Database Executive Scope" | Format-List DatabaseFilter

# "Change the server list on a scope" / "database list": a list can't be changed.
#@ error A parameter cannot be found that matches parameter name 'ServerList'
Set-ManagementScope "Seattle Exchange Servers" -ServerList EX01
#@ error A parameter cannot be found that matches parameter name 'DatabaseList'
Set-ManagementScope "Primary databases" -DatabaseList "Database 1"

# --- Remove a role scope -------------------------------------------------------------------
New-ManagementScope "Dublin Servers" -ServerList EX01
#@ ok
Remove-ManagementScope "Dublin Servers"
#@ error couldn't be found
Get-ManagementScope "Dublin Servers"
# A scope still used by an assignment must first be taken off it.
#@ error can't be removed because it's used by
Remove-ManagementScope "Company Scope"

# --- Understanding management role scope filters ------------------------------------------
# The complex query of "Filter syntax", as a recipient scope, against the three
# rows of its table.
New-Mailbox -Name "Row One" -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName row1@contoso.com
New-Mailbox -Name "Row Two" -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName row2@contoso.com
New-Mailbox -Name "Row Three" -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName row3@contoso.com
Set-User "Row One" -City Vancouver -Department Sales -Title CEO
Set-User "Row Two" -City Seattle -Department Sales -Title "IT Manager"
Set-User "Row Three" -City Vancouver -Department Marketing -Title Writer
#@ ok
New-ManagementScope "Complex Query" -RecipientRestrictionFilter {((City -Eq "Vancouver") -And (Department -Eq "Sales")) -Or (Title -Like "*Manager*")}
New-RoleGroup "Complex Admins"
New-ManagementRoleAssignment -Name "Complex" -Role "Mail Recipients" -SecurityGroup "Complex Admins" -CustomRecipientWriteScope "Complex Query"
#@ output Complex
Get-ManagementRoleAssignment -WritableRecipient "Row One"
#@ output Complex
Get-ManagementRoleAssignment -WritableRecipient "Row Two"
#@ no-output Complex
Get-ManagementRoleAssignment -WritableRecipient "Row Three"
# The simple query.
#@ ok
New-ManagementScope "Vancouver" -RecipientRestrictionFilter { City -Eq "Vancouver" }
# "Filterable server properties" and "Filterable database properties": each
# one listed is accepted; a few checked against EX01 and its database.
#@ ok
New-ManagementScope "Mailbox role servers" -ServerRestrictionFilter "ServerRole -like '*Mailbox*' -and Fqdn -eq 'ex01.contoso.com'"
#@ ok
New-ManagementScope "Default site" -ServerRestrictionFilter "ServerSite -eq 'CN=Default-First-Site-Name,CN=Sites,CN=Configuration,DC=contoso,DC=com'"
#@ ok
New-ManagementScope "EX01 databases" -DatabaseRestrictionFilter "Server -eq 'EX01' -and MasterServerOrAvailabilityGroup -eq 'EX01'"
New-RoleGroup "Filter Admins"
New-ManagementRoleAssignment -Name "Servers by role" -Role "Exchange Servers" -SecurityGroup "Filter Admins" -CustomConfigWriteScope "Mailbox role servers"
New-ManagementRoleAssignment -Name "Servers by site" -Role "Exchange Servers" -SecurityGroup "Filter Admins" -CustomConfigWriteScope "Default site"
New-ManagementRoleAssignment -Name "Databases by server" -Role "Databases" -SecurityGroup "Filter Admins" -CustomConfigWriteScope "EX01 databases"
#@ output Servers by role
#@ output Servers by site
Get-ManagementRoleAssignment -WritableServer EX01 -RoleAssignee "Filter Admins"
#@ output Databases by server
Get-ManagementRoleAssignment -WritableDatabase "Database 1" -RoleAssignee "Filter Admins"
#@ error is not a recognized filterable property
New-ManagementScope "Bad property" -ServerRestrictionFilter "Department -eq 'Sales'"
