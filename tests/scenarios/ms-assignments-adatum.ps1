#@ org adatum.com
# New-ManagementRoleAssignment.md, example 7: a database scope together with
# an OU scope on one assignment (A. Datum's Contoso subsidiary in Seattle).
# Source: MicrosoftDocs/office-docs-powershell exchange/exchange-ps/ExchangePowerShell/New-ManagementRoleAssignment.md
#@ as Administrator
New-ADOrganizationalUnit -Name Contoso -Path "DC=adatum,DC=com"
New-ADOrganizationalUnit -Name Seattle -Path "OU=Contoso,DC=adatum,DC=com"
New-ADOrganizationalUnit -Name Users -Path "OU=Seattle,OU=Contoso,DC=adatum,DC=com"
New-MailboxDatabase -Name "Contoso DB1" -Server EX01
New-ManagementScope "Contoso Databases" -DatabaseList "Contoso DB1"
New-Mailbox -Name Sam -UserPrincipalName sam@adatum.com
New-RoleGroup "Contoso Sub - Seattle" -Members Sam
New-Mailbox -Name Sue -OrganizationalUnit "adatum.com/Contoso/Seattle/Users" -UserPrincipalName sue@adatum.com -Database "Contoso DB1"
New-Mailbox -Name Ann -UserPrincipalName ann@adatum.com
#@ ok
New-ManagementRoleAssignment -Name "Mail Recipients_Contoso Seattle" -Role "Mail Recipients" -SecurityGroup "Contoso Sub - Seattle" -CustomConfigWriteScope "Contoso Databases" -RecipientOrganizationalUnitScope adatum.com/Contoso/Seattle/Users
#@ output Contoso Databases
#@ output adatum.com/Contoso/Seattle/Users
Get-ManagementRoleAssignment "Mail Recipients_Contoso Seattle" | Format-List CustomConfigWriteScope, RecipientOrganizationalUnitScope
#@ as Sam
#@ ok
Set-Mailbox Sue -CustomAttribute1 "seattle"
#@ error isn't within a valid write scope
Set-Mailbox Ann -CustomAttribute1 "elsewhere"
