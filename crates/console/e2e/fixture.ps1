# The organization the console's end-to-end tests start from (contoso.com,
# made by `exrbac init`), run as Administrator. Seed 001's people and groups,
# and one principal of each kind whose view the tests compare.
New-ADOrganizationalUnit -Name "Security Groups" -Path "DC=contoso,DC=com"
New-ADOrganizationalUnit -Name "Staff" -Path "DC=contoso,DC=com"
New-Mailbox -Name User1 -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName user1@contoso.com
New-Mailbox -Name User2 -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName user2@contoso.com
New-Mailbox -Name User3 -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName user3@contoso.com
New-ADGroup -Name "2nd Level Support" -GroupScope Universal -GroupCategory Security -Path "OU=Security Groups,DC=contoso,DC=com"
Add-ADGroupMember -Identity "2nd Level Support" -Members User1, User2
New-DistributionGroup -Name "Sales Team"
# A Help Desk member: may view recipients, nothing of RBAC.
New-Mailbox -Name Helpy -UserPrincipalName helpy@contoso.com
Add-RoleGroupMember "Help Desk" -Member Helpy
# May read everything, change nothing.
New-Mailbox -Name Viewer -UserPrincipalName viewer@contoso.com
Add-RoleGroupMember "View-Only Organization Management" -Member Viewer
# Holds Role Management without delegating assignments: may run
# New-RoleGroup, but may not hand out roles.
New-Mailbox -Name Roley -UserPrincipalName roley@contoso.com
New-RoleGroup -Name "Role Admins" -Roles "Role Management" -Members Roley
