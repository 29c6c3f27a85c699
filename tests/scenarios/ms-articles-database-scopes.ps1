#@ org contoso.com
# "Control automatic mailbox distribution using database scopes": database
# list and filter scopes on the Mail Recipients and Mail Recipient Creation
# assignments of a role group, whose members then create mailboxes only on
# the databases of the scope. Procedures verbatim, each followed by a check
# of its documented effect.
# Source: learn.microsoft.com/exchange/control-automatic-mailbox-distribution-using-database-scopes-exchange-2013-help
# (x13-me/OfficeDocs-Exchange Exchange/ExchangeServer2013/)
#@ as Administrator
New-ADOrganizationalUnit -Name Accounting -Path "DC=contoso,DC=com"
New-Mailbox -Name Acc -OrganizationalUnit "contoso.com/Accounting" -UserPrincipalName acc@contoso.com
New-MailboxDatabase -Name "Database 1" -Server EX01
New-MailboxDatabase -Name "Database 2" -Server EX01
New-MailboxDatabase -Name "Database 3" -Server EX01
New-MailboxDatabase -Name "ACCT-DB01" -Server EX01
New-MailboxDatabase -Name "ACCT-DB02" -Server EX01

# --- Step 1: a database list scope, and a database filter scope -----------------------------------
#@ ok
New-ManagementScope -Name "Accounting databases" -DatabaseList "Database 1", "Database 2", "Database 3"
#@ output Database 1
#@ output Database 3
Get-ManagementScope "Accounting databases" | Format-List DatabaseList
Remove-ManagementScope "Accounting databases"
# (Scope names are case-insensitive: the list scope goes before the filter
# scope of the same name.)
#@ ok
New-ManagementScope -Name "Accounting Databases" -DatabaseRestrictionFilter { Name -Like '*ACCT*' }
#@ output DatabaseScope
#@ output Name -Like '*ACCT*'
Get-ManagementScope "Accounting Databases" | Format-List ScopeRestrictionType, DatabaseFilter

# --- Step 2: add the scope to new role assignments --------------------------------------------------
New-RoleGroup "Accounting Administrators" -Members Acc
#@ ok
New-ManagementRoleAssignment -SecurityGroup "Accounting Administrators" -Role "Mail Recipients" -CustomConfigWriteScope "Accounting Databases"
#@ ok
New-ManagementRoleAssignment -SecurityGroup "Accounting Administrators" -Role "Mail Recipient Creation" -CustomConfigWriteScope "Accounting Databases"
#@ count 2
Get-ManagementRoleAssignment -CustomConfigWriteScope "Accounting Databases"
#@ output Mail Recipient Creation-Accounting Administrators
#@ no-output Mail Recipients-Accounting Administrators
Get-ManagementRoleAssignment -WritableDatabase "ACCT-DB01" -Role "Mail Recipient Creation"
#@ no-output Accounting Administrators
Get-ManagementRoleAssignment -WritableDatabase "Database 1"
# Members create mailboxes on the scope's databases only.
#@ as Acc
#@ ok
New-Mailbox -Name "Acc One" -OrganizationalUnit "contoso.com/Accounting" -UserPrincipalName accone@contoso.com -Database "ACCT-DB01"
#@ error isn't within a valid write scope
New-Mailbox -Name "Acc Two" -OrganizationalUnit "contoso.com/Accounting" -UserPrincipalName acctwo@contoso.com -Database "Database 1"
# Without -Database, automatic distribution picks one of the scope's databases.
#@ ok
New-Mailbox -Name "Acc Three" -OrganizationalUnit "contoso.com/Accounting" -UserPrincipalName accthree@contoso.com
#@ output ACCT-DB01
Get-Mailbox "Acc Three" | Format-List Database
#@ as Administrator

# --- Modify an existing role assignment --------------------------------------------------------------
New-RoleGroup "Payroll Administrators" -Roles "Mail Recipients", "Mail Recipient Creation"
#@ ok
Get-ManagementRoleAssignment -RoleAssignee "Payroll Administrators" -Role "Mail Recipients" | Set-ManagementRoleAssignment -CustomConfigWriteScope "Accounting Databases"
#@ ok
Get-ManagementRoleAssignment -RoleAssignee "Payroll Administrators" -Role "Mail Recipient Creation" | Set-ManagementRoleAssignment -CustomConfigWriteScope "Accounting Databases"
#@ count 4
Get-ManagementRoleAssignment -CustomConfigWriteScope "Accounting Databases"
#@ output Accounting Databases
Get-ManagementRoleAssignment -RoleAssignee "Payroll Administrators" | Format-Table Name, CustomConfigWriteScope
