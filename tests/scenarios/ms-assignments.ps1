#@ org contoso.com
# Microsoft's published examples for the role assignment cmdlets, run
# verbatim, each followed by a check of its documented effect.
# Sources: MicrosoftDocs/office-docs-powershell exchange/exchange-ps/ExchangePowerShell/<Cmdlet>.md
#@ as Administrator
New-ADOrganizationalUnit -Name Engineering -Path "DC=contoso,DC=com"
New-ADOrganizationalUnit -Name Users -Path "OU=Engineering,DC=contoso,DC=com"
New-ADOrganizationalUnit -Name "North America" -Path "DC=contoso,DC=com"
New-ADOrganizationalUnit -Name Staff -Path "DC=contoso,DC=com"
New-Mailbox -Name Bob -OrganizationalUnit "contoso.com/Engineering/Users" -UserPrincipalName bob@contoso.com
New-Mailbox -Name Carol -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName carol@contoso.com
New-Mailbox -Name Tina -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName tina@contoso.com
New-Mailbox -Name Eric -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName eric@contoso.com
New-Mailbox -Name Nora -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName nora@contoso.com
New-Mailbox -Name John -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName john@contoso.com
New-Mailbox -Name Xena -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName xena@contoso.com
New-Mailbox -Name "VP One" -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName vp1@contoso.com
Set-User "VP One" -Title "VP Sales"
New-MailboxDatabase -Name "Contoso Sales" -Server EX01

# --- New-ManagementRoleAssignment ---------------------------------------------
# New-ManagementRoleAssignment.md, example 1.
New-RoleGroup "Tier 2 Help Desk" -Members Tina
#@ ok
New-ManagementRoleAssignment -Role "Mail Recipients" -SecurityGroup "Tier 2 Help Desk"
#@ output Mail Recipients-Tier 2 Help Desk
Get-ManagementRoleAssignment -RoleAssignee "Tier 2 Help Desk"
#@ as Tina
#@ ok
Set-Mailbox Carol -CustomAttribute1 "tier2"
#@ as Administrator

# Example 2 (two command lines): an end-user role goes to a policy.
New-RoleAssignmentPolicy "Sales end-users"
#@ output True
Get-ManagementRole "MyVoiceMail" | Format-Table Name, IsEndUserRole
#@ ok
New-ManagementRoleAssignment -Role "MyVoiceMail" -Policy "Sales end-users"
#@ output MyVoiceMail
Get-RoleAssignmentPolicy "Sales end-users" | Format-List AssignedRoles
# Only end-user roles may go to a policy (documented).
#@ error isn't an end-user role
New-ManagementRoleAssignment -Role "Mail Recipients" -Policy "Sales end-users"

# Example 3: an OU-scoped assignment.
New-ManagementRole "Eng Help Desk" -Parent "Mail Recipients"
New-RoleGroup "Eng HD Personnel" -Members Eric
#@ ok
New-ManagementRoleAssignment -Role "Eng Help Desk" -SecurityGroup "Eng HD Personnel" -RecipientOrganizationalUnitScope contoso.com/Engineering/Users
#@ output contoso.com/Engineering/Users
Get-ManagementRoleAssignment -Role "Eng Help Desk" | Format-List RecipientWriteScope, RecipientOrganizationalUnitScope
#@ as Eric
#@ ok
Set-Mailbox Bob -CustomAttribute2 "eng"
#@ error isn't within a valid write scope
Set-Mailbox Carol -CustomAttribute2 "eng"
#@ as Administrator

# Example 4: a custom recipient scope.
New-ManagementScope "North America Recipients" -RecipientRoot "contoso.com/North America" -RecipientRestrictionFilter "RecipientType -eq 'MailUniversalDistributionGroup'"
New-DistributionGroup -Name "NA Sales" -OrganizationalUnit "contoso.com/North America"
New-DistributionGroup -Name "EU Sales" -OrganizationalUnit "contoso.com/Staff"
New-RoleGroup "North America Exec Assistants" -Members Nora
#@ ok
New-ManagementRoleAssignment -Role "Distribution Groups" -SecurityGroup "North America Exec Assistants" -CustomRecipientWriteScope "North America Recipients"
#@ as Nora
#@ ok
Set-DistributionGroup "NA Sales" -DisplayName "North America Sales"
#@ error isn't within a valid write scope
Set-DistributionGroup "EU Sales" -DisplayName "Europe Sales"
#@ as Administrator

# Example 5: a configuration scope; John's servers are Sydney's, and EX01 isn't.
New-ManagementScope "Sydney Servers" -ServerRestrictionFilter "Name -like 'SYD*'"
#@ ok
New-ManagementRoleAssignment -Name "Exchange Servers_John" -Role "Exchange Servers" -User John -CustomConfigWriteScope "Sydney Servers"
#@ output Sydney Servers
Get-ManagementRoleAssignment "Exchange Servers_John" | Format-List CustomConfigWriteScope
#@ no-output Exchange Servers_John
Get-ManagementRoleAssignment -WritableServer EX01

# Example 6: an exclusive scope; only its assignment may write what it matches.
New-ManagementScope "Exclusive-Executive Recipients" -RecipientRestrictionFilter "Title -like 'VP*'" -Exclusive -Force
New-RoleGroup "Executive Administrators" -Members Xena
#@ ok
New-ManagementRoleAssignment -Name "Excl-Mail Recipients_Executive Administrators" -Role "Mail Recipients" -SecurityGroup "Executive Administrators" -ExclusiveRecipientWriteScope "Exclusive-Executive Recipients"
#@ error isn't within a valid write scope
Set-Mailbox "VP One" -CustomAttribute3 "x"
#@ as Xena
#@ ok
Set-Mailbox "VP One" -CustomAttribute3 "exec"
#@ as Administrator
#@ output exec
Get-Mailbox "VP One" | Format-List CustomAttribute3

# Example 7 (adatum.com) is in ms-assignments-adatum.ps1.

# --- Get-ManagementRoleAssignment ---------------------------------------------
New-ADUser -Name Dora -Path "OU=Staff,DC=contoso,DC=com" -UserPrincipalName dora@contoso.com
New-RoleGroup "Denver Help Desk" -Members Dora
New-ManagementRoleAssignment -Name "Denver Help Desk" -Role "Mail Recipients" -SecurityGroup "Denver Help Desk" -RecipientOrganizationalUnitScope contoso.com/Staff
# Get-ManagementRoleAssignment.md, example 1.
#@ count 1
#@ output Mail Recipients
#@ output contoso.com/Staff
Get-ManagementRoleAssignment "Denver Help Desk" | Format-List

# Example 2: enabled delegating assignments only.
#@ output Mail Recipients-Organization Management-Delegating
#@ no-output Mail Recipients-Tier 2 Help Desk
Get-ManagementRoleAssignment -Enabled $true -Delegating $true

# Example 3: the default policy's MyDistributionGroupMembership writes MyGAL.
#@ output MyDistributionGroupMembership
#@ no-output Mail Recipients
Get-ManagementRoleAssignment -RecipientWriteScope MyGAL

# Example 4.
#@ output Mail Recipients-Organization Management
#@ output Mail Recipients-Tier 2 Help Desk
#@ output Denver Help Desk
#@ no-output Eng Help Desk-Eng HD Personnel
Get-ManagementRoleAssignment -Role "Mail Recipients"

# Example 5: who can modify Bob, user by user (Eric through the OU scope,
# Tina and Administrator organization-wide; Dora's OU scope is elsewhere and,
# without a mailbox, she has no role assignment policy).
#@ output Eric
#@ output Tina
#@ output Administrator
#@ no-output Dora
Get-ManagementRoleAssignment -WritableRecipient Bob -GetEffectiveUsers
# A Self scope lets each user write only itself.
#@ count 1
#@ output Bob
Get-ManagementRoleAssignment -WritableRecipient Bob -GetEffectiveUsers | where {$_.Role -eq "MyBaseOptions"}

# Example 7: assignments that can modify one database (run before
# example 6, whose exclusive server scope takes EX01 and its databases).
#@ output Databases-Organization Management
#@ no-output Exchange Servers_John
Get-ManagementRoleAssignment -WritableDatabase "Contoso Sales"

# Example 6: assignments using an exclusive configuration scope, expanded to users.
New-ManagementScope "Redmond Executive Servers" -ServerRestrictionFilter "Name -like 'EX*'" -Exclusive -Force
New-RoleGroup "Redmond Server Admins" -Members John
New-ManagementRoleAssignment -Name "Exchange Servers_Redmond Server Admins" -Role "Exchange Servers" -SecurityGroup "Redmond Server Admins" -ExclusiveConfigWriteScope "Redmond Executive Servers"
#@ count 1
#@ output John
#@ output Exchange Servers_Redmond Server Admins
Get-ManagementRoleAssignment -ExclusiveConfigWriteScope "Redmond Executive Servers" -GetEffectiveUsers
# EX01 now matches an exclusive scope: Organization Management can't write it.
#@ error isn't within a valid write scope
New-MailboxDatabase -Name "Redmond DB2" -Server EX01

# --- Set-ManagementRoleAssignment ---------------------------------------------
New-ManagementRoleAssignment -Name "Mail Recipients_Denver Help Desk" -Role "Mail Recipients" -SecurityGroup "Denver Help Desk"
# Set-ManagementRoleAssignment.md, example 1.
#@ ok
Set-ManagementRoleAssignment "Mail Recipients_Denver Help Desk" -Enabled $false
#@ output False
Get-ManagementRoleAssignment "Mail Recipients_Denver Help Desk" | Format-List Enabled
#@ count 1
Get-ManagementRoleAssignment -Role "Mail Recipients" -Enabled $false

# Example 2: a predefined relative scope replaces the previous one.
New-Mailbox -Name KimA -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName kima@contoso.com
# (End-user roles go only to policies here, docs/semantics.md §8, so KimA's
# assignment is of an administrative role.)
New-ManagementRoleAssignment -Name "MyGAL_KimA" -Role "Mail Recipients" -User KimA -RecipientRelativeWriteScope Self
#@ ok
Set-ManagementRoleAssignment "MyGAL_KimA" -RecipientRelativeWriteScope MyGAL
#@ output MyGAL
Get-ManagementRoleAssignment "MyGAL_KimA" | Format-List RecipientWriteScope

# Example 3: an OU scope.
New-ADOrganizationalUnit -Name Marketing -Path "OU=North America,DC=contoso,DC=com"
New-ADOrganizationalUnit -Name Users -Path "OU=Marketing,OU=North America,DC=contoso,DC=com"
New-RoleGroup "Marketing Admins"
New-ManagementRoleAssignment -Name "Mail Recipients_Marketing Admins" -Role "Mail Recipients" -SecurityGroup "Marketing Admins"
#@ ok
Set-ManagementRoleAssignment "Mail Recipients_Marketing Admins" -RecipientOrganizationalUnitScope "contoso.com/North America/Marketing/Users"
#@ output OU
#@ output contoso.com/North America/Marketing/Users
Get-ManagementRoleAssignment "Mail Recipients_Marketing Admins" | Format-List RecipientWriteScope, RecipientOrganizationalUnitScope

# Example 4: a custom recipient scope.
New-ADOrganizationalUnit -Name Cairns -Path "DC=contoso,DC=com"
New-ManagementScope "Cairns Recipients" -RecipientRoot contoso.com/Cairns -RecipientRestrictionFilter "RecipientType -eq 'MailUniversalDistributionGroup'"
New-RoleGroup "Cairns Admins"
New-ManagementRoleAssignment -Name "Distribution Groups_Cairns Admins" -Role "Distribution Groups" -SecurityGroup "Cairns Admins"
#@ ok
Set-ManagementRoleAssignment "Distribution Groups_Cairns Admins" -CustomRecipientWriteScope "Cairns Recipients"
#@ output CustomRecipientScope
#@ output Cairns Recipients
Get-ManagementRoleAssignment "Distribution Groups_Cairns Admins" | Format-List RecipientWriteScope, CustomRecipientWriteScope
#@ count 1
Get-ManagementRoleAssignment -CustomRecipientWriteScope "Cairns Recipients"

# --- Remove-ManagementRoleAssignment ------------------------------------------
New-RoleGroup "Seattle Recipient Management"
New-ManagementRoleAssignment -Name "Recipients_Seattle Recipient Management" -Role "Mail Recipients" -SecurityGroup "Seattle Recipient Management"
# Remove-ManagementRoleAssignment.md, example 1.
#@ ok
Remove-ManagementRoleAssignment "Recipients_Seattle Recipient Management"
#@ error couldn't be found
Get-ManagementRoleAssignment "Recipients_Seattle Recipient Management"

# Example 2: -WhatIf removes nothing.
New-ManagementRoleAssignment -Name "Detroit Recipients" -Role "Mail Recipients" -SecurityGroup "Seattle Recipient Management"
New-ManagementRoleAssignment -Name "Detroit Groups" -Role "Distribution Groups" -SecurityGroup "Seattle Recipient Management"
#@ ok
Get-ManagementRoleAssignment Detroit* | Remove-ManagementRoleAssignment -WhatIf
#@ count 2
Get-ManagementRoleAssignment Detroit*
#@ ok
Get-ManagementRoleAssignment Detroit* | Remove-ManagementRoleAssignment -Confirm:$false
#@ count 0
Get-ManagementRoleAssignment Detroit*
# The last delegating assignment of a role can't go (documented).
#@ error last delegating role assignment
Remove-ManagementRoleAssignment "Mail Recipients-Organization Management-Delegating"
