#@ org contoso.com
# "Permissions in Exchange Server": what the built-in Help Desk role group
# and the Default Role Assignment Policy let their holders do, checked
# claim by claim.
# Source: learn.microsoft.com/exchange/permissions/permissions
# (x13-me/OfficeDocs-Exchange Exchange/ExchangeServer/permissions/permissions.md)
#@ as Administrator
New-ADOrganizationalUnit -Name Staff -Path "DC=contoso,DC=com"
New-Mailbox -Name Hal -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName hal@contoso.com
New-Mailbox -Name Bob -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName bob@contoso.com
New-Mailbox -Name Uma -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName uma@contoso.com
Add-RoleGroupMember "Help Desk" -Member Hal
New-DistributionGroup -Name "Open List" -OrganizationalUnit "contoso.com/Staff" -MemberJoinRestriction Open -MemberDepartRestriction Open
New-DistributionGroup -Name "Closed List" -OrganizationalUnit "contoso.com/Staff"

# Help Desk: "view and modify the Outlook on the web options of any user ...
# display name, address, and phone number. They don't include options that
# aren't available in Outlook on the web options, such as modifying the size
# of a mailbox or configuring the mailbox database".
#@ as Hal
#@ ok
Set-User Bob -Phone "555-0100"
#@ ok
Set-User Bob -StreetAddress "1 Main St"
#@ output 555-0100
Get-User Bob | Format-List Phone
#@ error A parameter cannot be found that matches parameter name 'ProhibitSendQuota'
Set-Mailbox Bob -ProhibitSendQuota 1GB
#@ error is not recognized
New-MoveRequest Bob -TargetDatabase "Mailbox Database 01"
#@ output Bob
Get-Mailbox Bob

# The Default Role Assignment Policy: users "modify their contact
# information, such as work address and phone number, mobile phone number,
# and pager number" on their own mailbox only ...
#@ as Uma
#@ ok
Set-User Uma -Phone "555-0101" -MobilePhone "555-0102" -Pager "555-0103" -StreetAddress "2 Main St"
# (Someone else's user is outside an end user's read scope: not found.)
#@ error couldn't be found
Set-User Bob -Phone "555-0199"
# ... and "join or leave distribution groups that allow members to manage
# their own membership".
#@ ok
Add-DistributionGroupMember "Open List" -Member Uma
#@ output Uma
Get-DistributionGroupMember "Open List"
#@ ok
Remove-DistributionGroupMember "Open List" -Member Uma -Confirm:$false
#@ error
Add-DistributionGroupMember "Closed List" -Member Uma
# They can't add someone else.
#@ error
Add-DistributionGroupMember "Open List" -Member Bob
#@ as Administrator
#@ output MyContactInformation
#@ output MyDistributionGroupMembership
#@ output MyTextMessaging
#@ output MyVoiceMail
#@ output My Marketplace Apps
#@ output MyTeamMailboxes
Get-RoleAssignmentPolicy "Default Role Assignment Policy" | Format-List AssignedRoles
