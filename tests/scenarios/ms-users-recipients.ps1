#@ org contoso.com
# Microsoft's published examples for the user and recipient lookups, run
# verbatim, each followed by a check of its documented effect.
# Sources: MicrosoftDocs/office-docs-powershell exchange/exchange-ps/ExchangePowerShell/<Cmdlet>.md
#@ as Administrator
New-ADOrganizationalUnit -Name Marketing -Path "DC=contoso,DC=com"
New-ADOrganizationalUnit -Name Staff -Path "DC=contoso,DC=com"
New-Mailbox -Name "Coy Damon" -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName coy@contoso.com -FirstName Coy -LastName Damon
New-Mailbox -Name "Pilar Pinilla" -OrganizationalUnit "contoso.com/Marketing" -UserPrincipalName pilar@contoso.com
New-Mailbox -Name Jill -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName jill@contoso.com
New-ADUser -Name "Ted Bremer" -Path "OU=Marketing,DC=contoso,DC=com" -UserPrincipalName ted@contoso.com
Set-User "Coy Damon" -Title "Sales Manager"
Set-User "Pilar Pinilla" -Title "Marketing Manager"
Set-User Jill -Title "Manager of Operations"

# --- Get-User -----------------------------------------------------------------------
# Get-User.md, example 1: every account, with or without a mailbox.
#@ output Coy Damon
#@ output Ted Bremer
#@ output Administrator
Get-User -ResultSize unlimited
# Example 2.
#@ output Coy Damon
#@ output Sales Manager
#@ output contoso.com/Staff
Get-User -Identity "Coy Damon" | Format-List
# Example 3.
#@ output Pilar Pinilla
#@ output Ted Bremer
#@ no-output Coy Damon
Get-User -OrganizationalUnit "Marketing"
# Example 4: titles that end with Manager.
#@ count 2
#@ output Coy Damon
#@ output Pilar Pinilla
#@ no-output Jill
Get-User -Filter "Title -like '*Manager'"
# (The example's filter as printed, 'Manager*', matches titles that start with it.)
#@ count 1
#@ output Jill
Get-User -Filter "Title -like 'Manager*'"

# --- Set-User -----------------------------------------------------------------------
# Set-User.md, example 1 (DOMAIN\user identity).
#@ ok
Set-User -Identity Contoso\Jill -DisplayName "Jill Frank"
#@ output Jill Frank
Get-User Jill | Format-List DisplayName
# Example 2 is left out: linked mailboxes (a master account in another forest)
# aren't modelled.
# A Recipient Management member changes users; a Help Desk member reads them
# and changes only what users change in Outlook on the web (display name,
# address, phone: Exchange Server's permissions overview), not -Department.
New-Mailbox -Name Hal -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName hal@contoso.com
New-Mailbox -Name Kim -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName kim@contoso.com
Add-RoleGroupMember "Help Desk" -Member Hal -BypassSecurityGroupManagerCheck
Add-RoleGroupMember "Recipient Management" -Member Kim -BypassSecurityGroupManagerCheck
#@ as Kim
#@ ok
Set-User -Identity Contoso\Jill -Title "Operations Manager"
#@ as Hal
#@ output Operations Manager
Get-User Jill | Format-List Title
#@ error A parameter cannot be found that matches parameter name 'Department'
Set-User -Identity Contoso\Jill -Department "Operations"
#@ as Administrator

# --- Get-Recipient --------------------------------------------------------------------
New-DistributionGroup -Name "Marketing Department" -OrganizationalUnit "contoso.com/Marketing"
New-MailContact -Name "Debra Garcia" -ExternalEmailAddress dgarcia@tailspintoys.com -OrganizationalUnit "contoso.com/Staff"
New-MailContact -Name "Kai Axford" -ExternalEmailAddress kai@fabrikam.com -OrganizationalUnit "contoso.com/Staff"
Set-Contact "Debra Garcia" -Office "Building 2"
Set-Contact "Kai Axford" -Office "Building 1"
# Get-Recipient.md, example 1: mail-enabled objects only.
#@ output Coy Damon
#@ output Marketing Department
#@ output Debra Garcia
#@ no-output Ted Bremer
Get-Recipient -ResultSize unlimited
# Example 2.
#@ output Marketing Department
#@ output MailUniversalDistributionGroup
Get-Recipient -Identity "Marketing Department" | Format-List
# Example 3: mail contacts sorted by office.
#@ count 2
Get-Recipient -RecipientType MailContact -SortBy Office
#@ output Kai Axford
Get-Recipient -RecipientType MailContact -SortBy Office | Select-Object -First 1
#@ output Building 1
Get-Recipient -RecipientType MailContact -SortBy Office | Format-Table -Auto Office,Name
# The other selectors the reference page documents.
#@ count 2
#@ no-output Marketing Department
Get-Recipient -RecipientTypeDetails MailContact
#@ output Marketing Department
#@ output Pilar Pinilla
#@ no-output Ted Bremer
#@ no-output Coy Damon
Get-Recipient -OrganizationalUnit Marketing
#@ output Debra Garcia
#@ no-output Kai Axford
Get-Recipient -Filter "Office -eq 'Building 2'"
#@ count 1
Get-Recipient -ResultSize 1
#@ error Invalid filter syntax
Get-Recipient -Filter "Office -eq"
#@ error is not a recognized filterable property
Get-Recipient -Filter "Colour -eq 'Blue'"

# --- Get-OrganizationalUnit -----------------------------------------------------------
New-ADOrganizationalUnit -Name "Marketing Europe" -Path "OU=Marketing,DC=contoso,DC=com"
#@ output Marketing
#@ output Staff
Get-OrganizationalUnit
#@ output contoso.com/Marketing/Marketing Europe
#@ no-output contoso.com/Staff
Get-OrganizationalUnit -Identity "contoso.com/Marketing"
#@ count 1
Get-OrganizationalUnit -Identity "contoso.com/Marketing" -SingleNodeOnly
#@ output Marketing Europe
#@ no-output Staff
Get-OrganizationalUnit -SearchText Europe
