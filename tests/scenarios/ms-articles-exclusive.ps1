#@ org contoso.com
# "Understanding exclusive scopes": the worked example of exclusive and
# regular scope interaction (Recipient Administrators, VIP Administrators,
# Executive Administrators and the nine Vancouver users), set up from its
# tables and checked against the result the article states.
# Source: learn.microsoft.com/exchange/understanding-exclusive-scopes-exchange-2013-help
# (x13-me/OfficeDocs-Exchange Exchange/ExchangeServer2013/understanding-exclusive-scopes-exchange-2013-help.md)
#@ as Administrator
New-ADOrganizationalUnit -Name Vancouver -Path "DC=contoso,DC=com"
New-ADOrganizationalUnit -Name Admins -Path "DC=contoso,DC=com"
New-Mailbox -Name Terry -OrganizationalUnit "contoso.com/Vancouver" -UserPrincipalName terry@contoso.com
New-Mailbox -Name David -OrganizationalUnit "contoso.com/Vancouver" -UserPrincipalName david@contoso.com
New-Mailbox -Name Walter -OrganizationalUnit "contoso.com/Vancouver" -UserPrincipalName walter@contoso.com
New-Mailbox -Name Bob -OrganizationalUnit "contoso.com/Vancouver" -UserPrincipalName bob@contoso.com
New-Mailbox -Name Christine -OrganizationalUnit "contoso.com/Vancouver" -UserPrincipalName christine@contoso.com
New-Mailbox -Name Fred -OrganizationalUnit "contoso.com/Vancouver" -UserPrincipalName fred@contoso.com
New-Mailbox -Name Martin -OrganizationalUnit "contoso.com/Vancouver" -UserPrincipalName martin@contoso.com
New-Mailbox -Name Kim -OrganizationalUnit "contoso.com/Vancouver" -UserPrincipalName kim@contoso.com
New-Mailbox -Name Jennifer -OrganizationalUnit "contoso.com/Vancouver" -UserPrincipalName jennifer@contoso.com
Set-User Terry -City Vancouver -Title Accountant -Department Accounting
Set-User David -City Vancouver -Title Writer -Department Marketing
Set-User Walter -City Vancouver -Title Manager -Department Marketing
Set-User Bob -City Vancouver -Title CEO -Department Board
Set-User Christine -City Vancouver -Title President -Department Board
Set-User Fred -City Vancouver -Title CFO -Department Executives
Set-User Martin -City Vancouver -Title CIO -Department Executives
Set-User Kim -City Vancouver -Title "Vice President, Operations" -Department Executives
Set-User Jennifer -City Vancouver -Title "Vice President, Technology" -Department Executives
New-Mailbox -Name Rae -OrganizationalUnit "contoso.com/Admins" -UserPrincipalName rae@contoso.com
New-Mailbox -Name Vic -OrganizationalUnit "contoso.com/Admins" -UserPrincipalName vic@contoso.com
New-Mailbox -Name Eve -OrganizationalUnit "contoso.com/Admins" -UserPrincipalName eve@contoso.com

# The three scopes of the second table.
#@ ok
New-ManagementScope "Vancouver Recipients" -RecipientRestrictionFilter "City -eq 'Vancouver'"
# An exclusive scope denies at once, before any assignment uses it.
#@ ok
New-ManagementScope "VIP Users" -RecipientRestrictionFilter "Title -eq 'CEO' -or Title -eq 'CFO' -or Title -eq 'CIO' -or Title -eq 'President'" -Exclusive -Force
#@ error isn't within a valid write scope
Set-Mailbox Bob -CustomAttribute1 "admin"
#@ ok
New-ManagementScope "Executive Users" -RecipientRestrictionFilter "Department -eq 'Executives'" -Exclusive -Force

# The three role assignments.
New-RoleGroup "Recipient Administrators" -Members Rae
New-RoleGroup "VIP Administrators" -Members Vic
New-RoleGroup "Executive Administrators" -Members Eve
#@ ok
New-ManagementRoleAssignment -Name "Recipient Administrators" -Role "Mail Recipients" -SecurityGroup "Recipient Administrators" -CustomRecipientWriteScope "Vancouver Recipients"
#@ ok
New-ManagementRoleAssignment -Name "VIP Administrators" -Role "Mail Recipients" -SecurityGroup "VIP Administrators" -ExclusiveRecipientWriteScope "VIP Users"
#@ ok
New-ManagementRoleAssignment -Name "Executive Administrators" -Role "Mail Recipients" -SecurityGroup "Executive Administrators" -ExclusiveRecipientWriteScope "Executive Users"

# "The Recipient Administrators role assignment can manage the users Terry,
# David, and Walter."
#@ as Rae
#@ ok
Set-Mailbox Terry -CustomAttribute1 "rae"
#@ ok
Set-Mailbox David -CustomAttribute1 "rae"
#@ ok
Set-Mailbox Walter -CustomAttribute1 "rae"
#@ error isn't within a valid write scope
Set-Mailbox Bob -CustomAttribute1 "rae"
#@ error isn't within a valid write scope
Set-Mailbox Christine -CustomAttribute1 "rae"
#@ error isn't within a valid write scope
Set-Mailbox Fred -CustomAttribute1 "rae"
#@ error isn't within a valid write scope
Set-Mailbox Kim -CustomAttribute1 "rae"
# Reads aren't narrowed.
#@ output Jennifer
Get-Mailbox Jennifer

# "The VIP Administrators role assignment can manage the users Bob,
# Christine, Fred, and Martin ... can't manage the users Kim and Jennifer."
#@ as Vic
#@ ok
Set-Mailbox Bob -CustomAttribute2 "vic"
#@ ok
Set-Mailbox Christine -CustomAttribute2 "vic"
#@ ok
Set-Mailbox Fred -CustomAttribute2 "vic"
#@ ok
Set-Mailbox Martin -CustomAttribute2 "vic"
#@ error isn't within a valid write scope
Set-Mailbox Kim -CustomAttribute2 "vic"
#@ error isn't within a valid write scope
Set-Mailbox Jennifer -CustomAttribute2 "vic"
#@ error isn't within a valid write scope
Set-Mailbox Terry -CustomAttribute2 "vic"

# "The Executive Administrators role assignment can manage the users Kim,
# Jennifer, Fred, and Martin ... can't manage the users Bob and Christine."
#@ as Eve
#@ ok
Set-Mailbox Kim -CustomAttribute3 "eve"
#@ ok
Set-Mailbox Jennifer -CustomAttribute3 "eve"
#@ ok
Set-Mailbox Fred -CustomAttribute3 "eve"
#@ ok
Set-Mailbox Martin -CustomAttribute3 "eve"
#@ error isn't within a valid write scope
Set-Mailbox Bob -CustomAttribute3 "eve"
#@ error isn't within a valid write scope
Set-Mailbox Christine -CustomAttribute3 "eve"
#@ as Administrator

# The same result, as Get-ManagementRoleAssignment -WritableRecipient sees it:
# Fred and Martin are reached by both exclusive scopes.
#@ output VIP Administrators
#@ output Executive Administrators
#@ no-output Recipient Administrators
Get-ManagementRoleAssignment -WritableRecipient Fred | Format-Table Name
#@ output VIP Administrators
#@ no-output Executive Administrators
Get-ManagementRoleAssignment -WritableRecipient Christine | Format-Table Name
#@ output Executive Administrators
#@ no-output VIP Administrators
Get-ManagementRoleAssignment -WritableRecipient Kim | Format-Table Name
#@ output Recipient Administrators
#@ output Mail Recipients-Organization Management
#@ no-output VIP Administrators
Get-ManagementRoleAssignment -WritableRecipient Walter | Format-Table Name
#@ count 1
#@ output Vic
Get-ManagementRoleAssignment -WritableRecipient Bob -GetEffectiveUsers | Where {$_.Role -eq "Mail Recipients"}

# "Exclusive scopes can only be used with administrative or specialist roles
# and can't be used with end-user roles."
New-RoleAssignmentPolicy "VIP Users Policy"
#@ error You can't specify a management scope when assigning a role to a role assignment policy
New-ManagementRoleAssignment -Role MyBaseOptions -Policy "VIP Users Policy" -ExclusiveRecipientWriteScope "VIP Users"
