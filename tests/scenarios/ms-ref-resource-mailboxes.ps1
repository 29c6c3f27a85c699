#@ org contoso.com
# Shared and resource mailboxes keep their RecipientTypeDetails, so a scope
# filter on it (the filterable property Microsoft's recipient filter pages
# list) lets an administrator manage the rooms and not the users' mailboxes.
# Sources: MicrosoftDocs/office-docs-powershell exchange/exchange-ps/ExchangePowerShell/New-Mailbox.md
# (the Shared, Room and Equipment parameter sets), New-ManagementScope.md
#@ as Administrator
New-Mailbox -Name "Conference Room 1" -Room
New-Mailbox -Shared -Name "Sales Department" -DisplayName "Sales Department" -Alias Sales
New-Mailbox -Name Ed -UserPrincipalName ed@contoso.com
New-Mailbox -Name Rita -UserPrincipalName rita@contoso.com
#@ count 1
#@ output Conference Room 1
Get-Mailbox -RecipientTypeDetails RoomMailbox
#@ output SharedMailbox
Get-Mailbox Sales | Format-List RecipientTypeDetails
#@ output UserMailbox
Get-Mailbox Ed | Format-List RecipientTypeDetails

# Their accounts are disabled: "the associated user accounts are disabled for
# these types of mailboxes" (New-Mailbox.md, the Password parameter), and
# -AccountDisabled creates any mailbox so.
#@ output AccountDisabled, NormalAccount
Get-User "Conference Room 1" | Format-List UserAccountControl
#@ output NormalAccount
#@ no-output AccountDisabled
Get-User Ed | Format-List UserAccountControl
#@ output True
Get-Mailbox Sales | Format-List IsShared
#@ ok
New-Mailbox -Name Leaver -UserPrincipalName leaver@contoso.com -AccountDisabled
# The filter example of Microsoft's filterable-properties page.
#@ count 3
Get-Mailbox -Filter "ExchangeUserAccountControl -eq 'AccountDisabled'"
#@ count 3
Get-User -Filter "UserAccountControl -eq 'AccountDisabled'"
# The Boolean properties Get-Mailbox -Filter knows for them.
#@ count 1
#@ output Sales Department
Get-Mailbox -Filter "IsShared -eq `$true"
#@ count 1
#@ output Conference Room 1
Get-Mailbox -Filter "IsResource -eq `$true"

New-ManagementScope "Rooms" -RecipientRestrictionFilter "RecipientTypeDetails -eq 'RoomMailbox'"
New-RoleGroup "Room Admins" -Roles "Mail Recipients" -CustomRecipientWriteScope Rooms -Members Rita
#@ as Rita
#@ ok
Set-Mailbox "Conference Room 1" -CustomAttribute1 "Building 4"
#@ error isn't within a valid write scope
Set-Mailbox Ed -CustomAttribute1 "Building 4"
#@ error isn't within a valid write scope
Set-Mailbox Sales -CustomAttribute1 "Building 4"
