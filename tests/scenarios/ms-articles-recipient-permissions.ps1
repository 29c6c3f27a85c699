#@ org contoso.com
# "Recipients permissions" (feature permissions): which built-in role groups
# manage mail contacts, mail users, distribution groups and mailbox
# databases, and that View-Only Organization Management views them; each row
# checked with members of the role groups it names, and of one it doesn't.
# Source: learn.microsoft.com/exchange/permissions/feature-permissions/recipient-permissions
# (x13-me/OfficeDocs-Exchange Exchange/ExchangeServer/permissions/feature-permissions/recipient-permissions.md)
#@ as Administrator
New-ADOrganizationalUnit -Name Staff -Path "DC=contoso,DC=com"
New-Mailbox -Name Rita -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName rita@contoso.com
New-Mailbox -Name Hal -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName hal@contoso.com
New-Mailbox -Name Sven -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName sven@contoso.com
New-Mailbox -Name Vic -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName vic@contoso.com
Add-RoleGroupMember "Recipient Management" -Member Rita
Add-RoleGroupMember "Help Desk" -Member Hal
Add-RoleGroupMember "Server Management" -Member Sven
Add-RoleGroupMember "View-Only Organization Management" -Member Vic

# "Mail contacts: Organization Management, Recipient Management".
#@ ok
New-MailContact -Name "Contact OM" -ExternalEmailAddress om@fabrikam.com -OrganizationalUnit "contoso.com/Staff"
#@ as Rita
#@ ok
New-MailContact -Name "Contact RM" -ExternalEmailAddress rm@fabrikam.com -OrganizationalUnit "contoso.com/Staff"
#@ ok
Set-MailContact "Contact OM" -CustomAttribute1 "rita"
#@ as Hal
#@ error is not recognized
New-MailContact -Name "Contact HD" -ExternalEmailAddress hd@fabrikam.com
#@ as Sven
#@ error is not recognized
New-MailContact -Name "Contact SM" -ExternalEmailAddress sm@fabrikam.com

# "Mail user: Organization Management, Recipient Management".
#@ as Rita
#@ ok
New-MailUser -Name "User RM" -ExternalEmailAddress userrm@fabrikam.com -UserPrincipalName userrm@contoso.com -OrganizationalUnit "contoso.com/Staff"
#@ as Hal
#@ error is not recognized
New-MailUser -Name "User HD" -ExternalEmailAddress userhd@fabrikam.com -UserPrincipalName userhd@contoso.com

# "Distribution groups: Organization Management, Recipient Management".
#@ as Rita
#@ ok
New-DistributionGroup -Name "List RM" -OrganizationalUnit "contoso.com/Staff"
#@ ok
Add-DistributionGroupMember "List RM" -Member Hal
#@ as Sven
#@ error is not recognized
New-DistributionGroup -Name "List SM"

# "Mailbox databases: Organization Management, Server Management".
#@ as Sven
#@ ok
New-MailboxDatabase -Name "DB SM" -Server EX01
#@ as Rita
#@ error is not recognized
New-MailboxDatabase -Name "DB RM" -Server EX01
#@ as Administrator
#@ ok
New-MailboxDatabase -Name "DB OM" -Server EX01

# "Users who are assigned the View-Only Management role group can view the
# configuration of the features in the following table."
#@ as Vic
#@ output Contact RM
Get-MailContact
#@ output User RM
Get-MailUser
#@ output List RM
Get-DistributionGroup
#@ output DB SM
Get-MailboxDatabase
#@ error is not recognized
New-MailContact -Name "Contact VO" -ExternalEmailAddress vo@fabrikam.com
#@ error is not recognized
Set-DistributionGroup "List RM" -DisplayName "Changed"
