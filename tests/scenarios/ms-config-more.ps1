#@ org contoso.com
# More of Microsoft's configuration examples: servers, organization settings,
# mailbox databases and organizational units, run verbatim (adapted only
# where they name servers this organization doesn't have), each followed by
# a check of its documented effect.
# Sources: MicrosoftDocs/office-docs-powershell exchange/exchange-ps/ExchangePowerShell/<Cmdlet>.md
#@ as Administrator
New-ADOrganizationalUnit -Name Staff -Path "DC=contoso,DC=com"
New-ADOrganizationalUnit -Name "North America" -Path "DC=contoso,DC=com"
New-ADOrganizationalUnit -Name Sales -Path "OU=North America,DC=contoso,DC=com"
New-ADOrganizationalUnit -Name Executives -Path "OU=North America,DC=contoso,DC=com"
New-ADOrganizationalUnit -Name West -Path "OU=Sales,OU=North America,DC=contoso,DC=com"
New-ADOrganizationalUnit -Name "Europe Executives" -Path "DC=contoso,DC=com"
New-Mailbox -Name Tom -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName tom@contoso.com
New-Mailbox -Name Vera -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName vera@contoso.com
New-Mailbox -Name Mia -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName mia@contoso.com
Add-RoleGroupMember "View-Only Organization Management" -Member Vera
New-RoleGroup "Mail Tips Admins" -Roles "Mail Tips" -Members Mia

# --- Get-ExchangeServer ------------------------------------------------------------------
# Get-ExchangeServer.md, example 1: the organization's one server.
#@ count 1
#@ output EX01
#@ output Fqdn
Get-ExchangeServer | Format-List
# Example 2 names a server this organization doesn't have (servers come from
# Exchange setup, which the shell doesn't run) ...
#@ error couldn't be found
Get-ExchangeServer -Identity Mailbox01 | Format-List
# ... so it is run against EX01.
#@ count 1
#@ output ex01.contoso.com
Get-ExchangeServer -Identity EX01 | Format-List
# -Domain filters by the server's domain.
#@ count 1
Get-ExchangeServer -Domain contoso.com
#@ count 0
Get-ExchangeServer -Domain fabrikam.com
# View-Only Organization Management reads servers too.
#@ as Vera
#@ output EX01
Get-ExchangeServer
#@ as Administrator

# --- Get-OrganizationConfig / Set-OrganizationConfig -------------------------------------------
# Get-OrganizationConfig.md, example 1 (one directory: every domain
# controller name reads the same configuration).
#@ count 1
#@ output contoso.com
Get-OrganizationConfig -DomainController ContosoDC
# Example 2 writes a file on the admin's computer (Export-CliXML): the shell
# has no file system, so it is left out.

# Set-OrganizationConfig.md, example 1. The settings are kept and shown
# (docs/semantics.md §8); the naming policy isn't applied to new groups.
#@ ok
Set-OrganizationConfig -DistributionGroupDefaultOU Users\Groups -DistributionGroupNameBlockedWordsList curse,bad,offensive -DistributionGroupNamingPolicy "DL_<GroupName>_<Department><CountryCode>"
#@ output Users\Groups
#@ output {curse, bad, offensive}
#@ output DL_<GroupName>_<Department><CountryCode>
Get-OrganizationConfig | Format-List DistributionGroup*

# Example 2.
#@ ok
Set-OrganizationConfig -EwsApplicationAccessPolicy EnforceBlockList -EwsBlockList $null
# Get-OrganizationConfig.md, example 3.
#@ output EnforceBlockList
#@ no-output OtherApps*
Get-OrganizationConfig | Format-List EwsApplicationAccessPolicy,Ews*List
# Set-OrganizationConfig.md, example 3.
#@ ok
Set-OrganizationConfig -EwsApplicationAccessPolicy EnforceBlockList -EwsBlockList "OtherApps*"
#@ output EnforceBlockList
#@ output OtherApps*
Get-OrganizationConfig | Format-List EwsApplicationAccessPolicy,Ews*List
# Example 4.
#@ ok
Set-OrganizationConfig -EwsApplicationAccessPolicy EnforceAllowList -EwsAllowList $null
#@ output EnforceAllowList
#@ no-output CorpApp*
Get-OrganizationConfig | Format-List EwsApplicationAccessPolicy,Ews*List
# Example 5.
#@ ok
Set-OrganizationConfig -EwsApplicationAccessPolicy EnforceAllowList -EwsAllowList "CorpApp*"
#@ output EnforceAllowList
#@ output CorpApp*
Get-OrganizationConfig | Format-List EwsApplicationAccessPolicy,Ews*List
# Examples 6 and 7 are left out: VisibleMeetingUpdateProperties and
# EwsAllowedAppIDs are Exchange Online parameters.

# Who may change what: Mail Tips holds only the MailTips* settings.
#@ as Mia
#@ ok
Set-OrganizationConfig -MailTipsLargeAudienceThreshold 50
#@ error A parameter cannot be found that matches parameter name 'EwsApplicationAccessPolicy'
Set-OrganizationConfig -EwsApplicationAccessPolicy EnforceBlockList
# View-Only Organization Management reads the settings but can't change them.
#@ as Vera
#@ output 50
#@ output CorpApp*
Get-OrganizationConfig | Format-List MailTipsLargeAudienceThreshold, EwsAllowList
#@ error is not recognized
Set-OrganizationConfig -EwsAllowList $null
#@ as Administrator

# --- New-MailboxDatabase / Get-MailboxDatabase -----------------------------------------------------
# New-MailboxDatabase.md, example 1 names Server1, which this organization
# doesn't have ...
#@ error couldn't be found
New-MailboxDatabase -Server Server1 -Name "DB1" -EdbFilePath D:\ExchangeDatabases\DB1\DB1.edb
#@ error couldn't be found
Get-MailboxDatabase DB1
# ... so it is run on EX01.
#@ ok
New-MailboxDatabase -Server EX01 -Name "DB1" -EdbFilePath D:\ExchangeDatabases\DB1\DB1.edb
#@ output DB1
#@ output EX01
#@ output D:\ExchangeDatabases\DB1\DB1.edb
Get-MailboxDatabase DB1 | Format-List Name, Server, EdbFilePath
# Database names are unique in the organization.
#@ error already exists
New-MailboxDatabase -Server EX01 -Name "DB1"
# Get-MailboxDatabase.md, example 1: every database.
#@ count 2
#@ output Mailbox Database 01
#@ output DB1
#@ output ReplicationType
Get-MailboxDatabase
# Example 2 (with -Server, the databases of one server).
#@ count 2
Get-MailboxDatabase -Server EX01
#@ ok
New-MailboxDatabase -Name MailboxDatabase01 -Server EX01
#@ count 1
#@ output MailboxDatabase01
#@ output Recovery
Get-MailboxDatabase -Identity MailboxDatabase01 -Status | Format-List
# Creating a database needs Databases (Organization Management), not Mail Tips.
#@ as Mia
#@ error is not recognized
New-MailboxDatabase -Name "Mia DB" -Server EX01
#@ as Administrator

# --- Get-OrganizationalUnit --------------------------------------------------------------------------
# Get-OrganizationalUnit.md, example 1: the first-level OUs beneath North America.
#@ output OU=Sales,OU=North America,DC=contoso,DC=com
#@ output OU=Executives,OU=North America,DC=contoso,DC=com
#@ no-output West
Get-OrganizationalUnit "North America" -SingleNodeOnly | Format-Table Name, DistinguishedName
#@ count 2
Get-OrganizationalUnit "North America" -SingleNodeOnly
# Without -SingleNodeOnly, the OU and everything beneath it.
#@ count 4
#@ output West
Get-OrganizationalUnit "North America"
# Example 2: OUs whose names contain the text.
#@ output OU=Executives,OU=North America,DC=contoso,DC=com
#@ output OU=Europe Executives,DC=contoso,DC=com
Get-OrganizationalUnit -SearchText "Executives" | Format-Table Name, DistinguishedName
# Recipient administrators read OUs too (the EAC's OU pickers use it).
#@ as Tom
#@ error is not recognized
Get-OrganizationalUnit -SearchText "Executives"
#@ as Administrator
Add-RoleGroupMember "Recipient Management" -Member Tom
#@ as Tom
#@ count 2
Get-OrganizationalUnit -SearchText "Executives"
