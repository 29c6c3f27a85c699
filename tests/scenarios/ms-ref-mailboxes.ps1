#@ org contoso.com
# Get-Mailbox.md's archive example, which ms-mailboxes.ps1 leaves out: no
# archive mailbox is modelled, so no mailbox answers it.
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
# Example 5 (remote archives, in Exchange Online) is left out.
