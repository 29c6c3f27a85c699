#@ org contoso.com
# Microsoft's published examples for New-MailContact and New-MailUser, run
# verbatim, each followed by a check of its documented effect.
# Sources: MicrosoftDocs/office-docs-powershell exchange/exchange-ps/ExchangePowerShell/New-MailContact.md
# and New-MailUser.md
#@ as Administrator

# New-MailContact.md, example 1. "If you don't use the DisplayName parameter,
# the value of the Name parameter is used"; the alias is the name without
# spaces; the primary address is the external one.
#@ ok
New-MailContact -Name "Chris Ashton" -ExternalEmailAddress "chris@tailspintoys.com"
#@ output Chris Ashton
#@ output ChrisAshton
#@ output chris@tailspintoys.com
Get-MailContact "Chris Ashton" | Format-List DisplayName, Alias, ExternalEmailAddress, PrimarySmtpAddress
# Without -OrganizationalUnit the contact goes to the Users container.
#@ output contoso.com/Users/Chris Ashton
Get-MailContact "Chris Ashton" | Format-List Identity

# New-MailUser.md, example 1 is for the cloud-based service: on premises the
# MicrosoftOnlineServicesID parameter doesn't exist.
#@ error A parameter cannot be found that matches parameter name 'MicrosoftOnlineServicesID'
New-MailUser -Name "Ed Meadows" -ExternalEmailAddress ed@tailspintoys.com -MicrosoftOnlineServicesID ed@contoso.com -Password (Get-Credential).password
# The on-premises form of the same (EnabledUser parameter set).
#@ ok
New-MailUser -Name "Ed Meadows" -ExternalEmailAddress ed@tailspintoys.com -UserPrincipalName ed@contoso.com -Password (ConvertTo-SecureString -String 'P@ssw0rd1' -AsPlainText -Force)
#@ output Ed Meadows
#@ output ed@tailspintoys.com
Get-MailUser "Ed Meadows" | Format-List Name, ExternalEmailAddress
