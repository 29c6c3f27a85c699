#@ org contoso.com
# Microsoft's published examples for viewing, changing and removing mail
# users, mail contacts and contacts, run verbatim, each followed by a check of
# its documented effect.
# Sources: MicrosoftDocs/office-docs-powershell exchange/exchange-ps/ExchangePowerShell/<Cmdlet>.md
# (Get-MailUser, Set-MailUser, Remove-MailUser, Get-MailContact, Set-MailContact,
# Remove-MailContact, Get-Contact, Set-Contact)
#@ as Administrator

New-MailUser -Name Ed -ExternalEmailAddress ed@tailspintoys.com -UserPrincipalName ed@contoso.com -Password (ConvertTo-SecureString -String 'P@ssw0rd1' -AsPlainText -Force)
New-MailUser -Name "John Woods" -ExternalEmailAddress john@fabrikam.com -UserPrincipalName johnw@contoso.com -Password (ConvertTo-SecureString -String 'P@ssw0rd1' -AsPlainText -Force)
New-MailUser -Name "Ed Meadows" -ExternalEmailAddress edm@tailspintoys.com -UserPrincipalName edm@contoso.com -Password (ConvertTo-SecureString -String 'P@ssw0rd1' -AsPlainText -Force)
New-MailContact -Name Arlene -ExternalEmailAddress arlene@fabrikam.com
New-MailContact -Name "John Rodman" -ExternalEmailAddress jrodman@fabrikam.com
# A contact at the domain root, whose canonical name is contoso.com/john.
New-MailContact -Name john -ExternalEmailAddress john.other@fabrikam.com -OrganizationalUnit contoso.com
New-MailContact -Name "Markus Breyer" -ExternalEmailAddress markus@fabrikam.com
New-MailContact -Name "Markus Kummer" -ExternalEmailAddress mkummer@fabrikam.com
New-MailContact -Name "Arlene Huff" -ExternalEmailAddress arlene.huff@fabrikam.com
# Mailboxes are neither mail users nor contacts.
New-Mailbox -Name Markus -UserPrincipalName markus@contoso.com -Password (ConvertTo-SecureString -String 'P@ssw0rd1' -AsPlainText -Force)

# --- Get-MailUser ------------------------------------------------------------------------
# Get-MailUser.md, example 1: a summary list of all mail users.
#@ count 3
#@ output John Woods
#@ no-output Arlene
Get-MailUser
# Example 2: detailed information for the mail user named Ed.
#@ count 1
#@ output ed@tailspintoys.com
#@ output ExternalEmailAddress
Get-MailUser -Identity Ed | Format-List

# --- Set-MailUser ------------------------------------------------------------------------
# Set-MailUser.md, example 1: "The original external email address isn't kept
# as a proxy address."
#@ ok
Set-MailUser -Identity "John Woods" -ExternalEmailAddress john@tailspintoys.com
#@ output john@tailspintoys.com
#@ no-output john@fabrikam.com
Get-MailUser "John Woods" | Format-List ExternalEmailAddress, EmailAddresses
# Example 2 is left out: -ExcludeFromAllHolds is Exchange Online's (retention policies).

# --- Remove-MailUser ---------------------------------------------------------------------
# Remove-MailUser.md, example 1.
#@ ok
Remove-MailUser -Identity "Ed Meadows"
#@ error couldn't be found
Get-MailUser "Ed Meadows"
#@ count 2
Get-MailUser

# --- Get-MailContact ---------------------------------------------------------------------
# Get-MailContact.md, example 1: a summary list of all mail contacts.
#@ count 6
#@ output John Rodman
#@ no-output John Woods
Get-MailContact
# Example 2: detailed information for the mail contact named Arlene.
#@ count 1
#@ output arlene@fabrikam.com
#@ no-output arlene.huff@fabrikam.com
Get-MailContact -Identity Arlene | Format-List

# --- Set-MailContact ---------------------------------------------------------------------
# Set-MailContact.md, example 1.
#@ ok
Set-MailContact -Identity "John Rodman" -ExternalEmailAddress "john@contoso.com"
#@ output john@contoso.com
Get-MailContact "John Rodman" | Format-List ExternalEmailAddress

# --- Get-Contact -------------------------------------------------------------------------
# Get-Contact.md, example 1: every contact, and no mail user or mailbox.
#@ count 6
#@ no-output John Woods
Get-Contact
# Example 2: the contact named Markus Breyer (MarkusBreyer is its alias).
#@ count 1
#@ output Markus Breyer
Get-Contact -Identity MarkusBreyer | Format-List
# Example 3: mail contacts whose names start with Markus (not the mailbox).
#@ count 2
#@ output Markus Breyer
#@ output Markus Kummer
Get-Contact -Anr Markus* -RecipientTypeDetails MailContact

# --- Set-Contact -------------------------------------------------------------------------
# Set-Contact.md, example 1: the contact Arlene Huff in the Users container.
#@ ok
Set-Contact -Identity "contoso.com/Users/Arlene Huff" -City "Seattle" -Company "Contoso"
#@ output Seattle
#@ output Contoso
Get-Contact "Arlene Huff" | Format-List City, Company

# --- Remove-MailContact ------------------------------------------------------------------
# Remove-MailContact.md, example 1: the mail contact named John, by canonical name.
#@ ok
Remove-MailContact -Identity contoso.com/john
#@ error couldn't be found
Get-MailContact -Identity contoso.com/john
#@ output John Rodman
Get-MailContact "John Rodman"
