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

New-ManagementScope "Rooms" -RecipientRestrictionFilter "RecipientTypeDetails -eq 'RoomMailbox'"
New-RoleGroup "Room Admins" -Roles "Mail Recipients" -CustomRecipientWriteScope Rooms -Members Rita
#@ as Rita
#@ ok
Set-Mailbox "Conference Room 1" -CustomAttribute1 "Building 4"
#@ error isn't within a valid write scope
Set-Mailbox Ed -CustomAttribute1 "Building 4"
#@ error isn't within a valid write scope
Set-Mailbox Sales -CustomAttribute1 "Building 4"
