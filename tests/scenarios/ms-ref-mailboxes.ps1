#@ org contoso.com
# Get-Mailbox.md's archive examples, which ms-mailboxes.ps1 leaves out: only
# a mailbox given an archive (New-Mailbox or Enable-Mailbox -Archive, or
# -RemoteArchive for one in the cloud) answers them.
# Source: MicrosoftDocs/office-docs-powershell exchange/exchange-ps/ExchangePowerShell/Get-Mailbox.md
#@ as Administrator
New-Mailbox -Name Ed -UserPrincipalName ed@contoso.com

# Example 4 names a database this organization doesn't have (setup made one,
# "Mailbox Database 01") ...
#@ error couldn't be found
Get-Mailbox -Archive -Database MBXDB01
# ... and with the one it has: Ed's mailbox has no archive.
#@ count 0
Get-Mailbox -Archive -Database "Mailbox Database 01"
#@ count 1
Get-Mailbox -Database "Mailbox Database 01"
#@ count 1
#@ output Ed
Enable-Mailbox ed@contoso.com -Archive
#@ count 1
Get-Mailbox -Archive -Database "Mailbox Database 01"

# Example 5: the remote archive of ed@contoso.com — he has none, so nothing.
#@ count 0
Get-Mailbox -Identity ed@contoso.com -RemoteArchive
New-Mailbox -Name Kim -UserPrincipalName kim@contoso.com -RemoteArchive -ArchiveDomain contoso.mail.onmicrosoft.com
#@ count 1
#@ output ProvisionArchive
Get-Mailbox -Identity kim@contoso.com -RemoteArchive | Format-List Name, RemoteRecipientType, ArchiveName
#@ count 1
Get-Mailbox -RemoteArchive
