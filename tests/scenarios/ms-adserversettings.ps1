#@ org contoso.com
# Microsoft's published examples for the session's directory view
# (Get-/Set-ADServerSettings), run verbatim, each followed by a check of its
# documented effect: the recipient Get cmdlets stay below RecipientViewRoot.
# Sources: MicrosoftDocs/office-docs-powershell exchange/exchange-ps/ExchangePowerShell/Set-ADServerSettings.md
# and Get-ADServerSettings.md
#@ as Administrator
New-ADOrganizationalUnit -Name "Marketing Users" -Path "DC=contoso,DC=com"
New-ADOrganizationalUnit -Name Staff -Path "DC=contoso,DC=com"
New-Mailbox -Name Mark -OrganizationalUnit "contoso.com/Marketing Users" -UserPrincipalName mark@contoso.com
New-Mailbox -Name Stan -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName stan@contoso.com

# Get-ADServerSettings.md, example 1: the whole domain by default.
#@ output ViewEntireForest
#@ output False
#@ output RecipientViewRoot
#@ output contoso.com
Get-AdServerSettings | Format-List

# Set-ADServerSettings.md, example 1.
#@ ok
Set-ADServerSettings -RecipientViewRoot "contoso.com/Marketing Users"
#@ output contoso.com/Marketing Users
Get-AdServerSettings | Format-List RecipientViewRoot
#@ count 1
#@ output Mark
Get-Mailbox
#@ no-output Stan
Get-User
#@ error couldn't be found
Get-Mailbox Stan
# -IgnoreDefaultScope looks past the view root.
#@ output Stan
Get-Mailbox Stan -IgnoreDefaultScope
# An OU that doesn't exist is refused.
#@ error was not found
Set-ADServerSettings -RecipientViewRoot "contoso.com/No Such OU"

# Example 2: the entire forest (one domain here), with a preferred global catalog.
#@ ok
Set-ADServerSettings -ViewEntireForest $true -PreferredGlobalCatalog gc1.contoso.com
#@ output True
Get-AdServerSettings | Format-List ViewEntireForest
#@ count 2
Get-Mailbox
