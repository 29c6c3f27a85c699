#@ org contoso.com
# Microsoft's published examples for the mailbox cmdlets, run verbatim, each
# followed by a check of its documented effect.
# Sources: MicrosoftDocs/office-docs-powershell exchange/exchange-ps/ExchangePowerShell/<Cmdlet>.md
#@ as Administrator
New-ADOrganizationalUnit -Name Marketing -Path "DC=contoso,DC=com"
New-ADOrganizationalUnit -Name Staff -Path "DC=contoso,DC=com"
New-MailboxDatabase -Name "Mailbox Database 1" -Server EX01

# --- New-Mailbox ----------------------------------------------------------------
# New-Mailbox.md, example 1 (two command lines; the password prompt reads
# nothing in a script run).
#@ ok
$password = Read-Host "Enter password" -AsSecureString
#@ ok
New-Mailbox -UserPrincipalName chris@contoso.com -Alias chris -Database "Mailbox Database 1" -Name ChrisAshton -OrganizationalUnit Users -Password $password -FirstName Chris -LastName Ashton -DisplayName "Chris Ashton" -ResetPasswordOnNextLogon $true
#@ output Mailbox Database 1
#@ output chris@contoso.com
#@ output contoso.com/Users
#@ output Chris Ashton
Get-Mailbox ChrisAshton | Format-List Name, Alias, DisplayName, Database, UserPrincipalName, OrganizationalUnit
#@ output Ashton
Get-User chris@contoso.com | Format-List FirstName, LastName
# Examples 2 and 3 (room mailboxes) and 4 (a shared mailbox with
# Add-MailboxPermission) are left out: resource and shared mailboxes, their
# booking and mailbox permissions aren't modelled.

# --- Get-Mailbox ----------------------------------------------------------------
New-Mailbox -Name "Christian Hess" -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName christian@contoso.com
New-Mailbox -Name "Christa Geller" -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName christa@contoso.com
New-Mailbox -Name "Pilar Pinilla" -OrganizationalUnit "contoso.com/Marketing" -UserPrincipalName pilar@contoso.com
# Get-Mailbox.md, example 1.
#@ output ChrisAshton
#@ output Christian Hess
#@ output Pilar Pinilla
Get-Mailbox -ResultSize unlimited
# Example 2.
#@ output ChrisAshton
#@ no-output Christian Hess
Get-Mailbox -OrganizationalUnit Users
# Example 3: ambiguous name resolution.
#@ count 3
#@ no-output Pilar
Get-Mailbox -Anr Chr
# Examples 4 and 5 are left out: archive and remote archive mailboxes aren't modelled.

# --- Set-Mailbox ----------------------------------------------------------------
New-Mailbox -Name "John Woods" -Alias John -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName John@contoso.com
New-Mailbox -Name "Florence Flipo" -Alias florencef -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName florencef@contoso.com
New-ADUser -Name "Customer Service Rep" -UserPrincipalName csr@contoso.com -Path "CN=Users,DC=contoso,DC=com"
# Set-Mailbox.md, example 1.
#@ ok
Set-Mailbox -Identity John -DeliverToMailboxAndForward $true -ForwardingSMTPAddress manuel@contoso.com
#@ output manuel@contoso.com
#@ output True
Get-Mailbox John | Format-List DeliverToMailboxAndForward, ForwardingSmtpAddress
# Example 2.
#@ ok
Get-Mailbox -OrganizationalUnit "Marketing" | Set-Mailbox -UseDatabaseQuotaDefaults $false -IssueWarningQuota 200MB -ProhibitSendQuota 250MB -ProhibitSendReceiveQuota 280MB
#@ output 250 MB (262,144,000 bytes)
#@ output False
Get-Mailbox "Pilar Pinilla" | Format-List ProhibitSendQuota, UseDatabaseQuotaDefaults
#@ output Unlimited
Get-Mailbox "John Woods" | Format-List ProhibitSendQuota
# Example 3.
Set-User "Christa Geller" -Department "Customer Service"
#@ ok
Get-User -Filter "Department -eq 'Customer Service'" | Set-Mailbox -MaxSendSize 2MB
#@ output 2 MB (2,097,152 bytes)
Get-Mailbox "Christa Geller" | Format-List MaxSendSize
#@ no-output 2 MB
Get-Mailbox "Christian Hess" | Format-List MaxSendSize
# Example 4.
#@ ok
Set-Mailbox John@contoso.com -MailTipTranslations ("FR: C'est la langue française", "CHT: 這是漢語語言")
#@ output C'est la langue française
Get-Mailbox John | Format-List MailTipTranslations
# Example 5 (on premises).
#@ ok
$password = Read-Host "Enter password" -AsSecureString; Set-Mailbox florencef -Password $password -ResetPasswordOnNextLogon $true
# Example 6 is left out: arbitration mailboxes aren't modelled.

# A Recipient Management member sets mailboxes; an end user only its own.
New-Mailbox -Name Kim -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName kim@contoso.com
Add-RoleGroupMember "Recipient Management" -Member Kim -BypassSecurityGroupManagerCheck
#@ as Kim
#@ ok
Set-Mailbox -Identity "John Woods" -DeliverToMailboxAndForward $false
#@ as John Woods
#@ ok
Set-Mailbox -Identity "John Woods" -DeliverToMailboxAndForward $true
# (MyBaseOptions reads only the caller's own mailbox: others don't exist for it.)
#@ error couldn't be found
Set-Mailbox -Identity "Christa Geller" -DeliverToMailboxAndForward $true
#@ as Administrator

# --- Disable-Mailbox / Enable-Mailbox ---------------------------------------------
New-Mailbox -Name Ayla -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName ayla@contoso.com
# Disable-Mailbox.md, example 1: the user stays, its mailbox goes.
#@ ok
Disable-Mailbox -Identity "John Woods"
#@ error couldn't be found
Get-Mailbox "John Woods"
#@ output John Woods
Get-User "John Woods"
Disable-Mailbox -Identity Ayla -Confirm:$false
# Enable-Mailbox.md, example 1.
#@ ok
Enable-Mailbox -Identity Ayla
#@ output Ayla
#@ output UserMailbox
Get-Mailbox Ayla | Format-List Name, RecipientTypeDetails
# Example 2: an In-Place archive for Ayla, who has a mailbox now.
#@ ok
Enable-Mailbox -Identity Ayla -Archive
#@ output In-Place Archive -Ayla
Get-Mailbox Ayla -Archive | Format-List ArchiveName, ArchiveDatabase
# Example 3: a remote archive, in the cloud-based organization's domain.
#@ ok
Enable-Mailbox -Identity ayla@contoso.com -RemoteArchive -ArchiveDomain "archive.contoso.com"
#@ output ProvisionArchive
#@ output archive.contoso.com
Get-Mailbox ayla@contoso.com -RemoteArchive | Format-List RemoteRecipientType, ArchiveDomain
# Disable-Mailbox.md, example 2 (with the user's name here): the remote
# archive goes, the mailbox stays.
#@ ok
Disable-Mailbox -Identity Ayla -RemoteArchive -Confirm:$false
#@ count 0
Get-Mailbox -RemoteArchive
#@ count 1
Get-Mailbox Ayla

# --- Remove-Mailbox ---------------------------------------------------------------
New-Mailbox -Name "John Rodman" -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName jrodman@contoso.com
# Remove-Mailbox.md, example 1: the mailbox and its user account go.
#@ ok
Remove-Mailbox -Identity "John Rodman"
#@ error couldn't be found
Get-Mailbox "John Rodman"
#@ error couldn't be found
Get-User "John Rodman"
# Example 2 (on premises: purge at once).
New-Mailbox -Name "John Rodman" -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName jrodman@contoso.com
#@ ok
Remove-Mailbox -Identity "John Rodman" -Permanent $true
#@ error couldn't be found
Get-User "John Rodman"
# Examples 3 (disconnected mailboxes in the store) and 4 (soft-deleted
# mailboxes, Exchange Online) are left out: we keep no mailbox store.
# Removing a mailbox is Mail Recipient Creation's: a Help Desk member can't.
New-Mailbox -Name Hal -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName hal@contoso.com
Add-RoleGroupMember "Help Desk" -Member Hal -BypassSecurityGroupManagerCheck
#@ as Hal
#@ error is not recognized
Remove-Mailbox -Identity "Pilar Pinilla"
