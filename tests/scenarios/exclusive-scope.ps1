#@ org fabrikam.com
# Exclusive scopes (Microsoft, "Understanding exclusive scopes"): once a scope
# is exclusive, objects it matches can be written only through assignments
# that use an exclusive scope matching them — even Organization Management
# loses write access — while reads are never narrowed.
#@ as Administrator
New-ADOrganizationalUnit -Name Staff -Path "DC=fabrikam,DC=com"
New-Mailbox -Name "CEO" -OrganizationalUnit "fabrikam.com/Staff" -UserPrincipalName ceo@fabrikam.com
New-Mailbox -Name "Clerk" -OrganizationalUnit "fabrikam.com/Staff" -UserPrincipalName clerk@fabrikam.com
New-Mailbox -Name "VIP Admin" -OrganizationalUnit "fabrikam.com/Staff" -UserPrincipalName vipadmin@fabrikam.com
Set-User -Identity CEO -Title "Executive"
#@ ok
New-ManagementScope -Name "Executives" -RecipientRestrictionFilter {Title -eq "Executive"} -Exclusive -Force
#@ output True
Get-ManagementScope "Executives" | Format-List Name, Exclusive
#@ error isn't within a valid write scope
Set-Mailbox -Identity CEO -CustomAttribute1 "x"
#@ ok
Set-Mailbox -Identity Clerk -CustomAttribute1 "x"
# Reads are not narrowed.
#@ output CEO
Get-Mailbox -Identity CEO
#@ ok
New-RoleGroup -Name "VIP Admins" -Roles "Mail Recipients" -Members "VIP Admin"
#@ ok
New-ManagementRoleAssignment -Name "VIP exclusive" -Role "Mail Recipients" -SecurityGroup "VIP Admins" -ExclusiveRecipientWriteScope "Executives"
#@ as VIP Admin
#@ ok
Set-Mailbox -Identity CEO -CustomAttribute1 "managed"
#@ as Administrator
#@ output managed
Get-Mailbox CEO | fl CustomAttribute1
# An exclusive scope given as a custom scope (as Microsoft's own example
# does) makes an exclusive assignment; an ordinary scope can't be exclusive.
#@ ok
New-ManagementRoleAssignment -Name "VIP custom" -Role "Mail Recipients" -SecurityGroup "VIP Admins" -CustomRecipientWriteScope "Executives"
#@ output ExclusiveRecipientScope
Get-ManagementRoleAssignment "VIP custom" | Format-List RecipientWriteScope
New-ManagementScope -Name "Plain" -RecipientRestrictionFilter {Title -eq "Clerk"}
#@ error isn't an exclusive scope
New-ManagementRoleAssignment -Role "Mail Recipients" -SecurityGroup "VIP Admins" -ExclusiveRecipientWriteScope "Plain"
