#@ org contoso.com
# The Exchange Server permissions articles on role assignments to users and
# universal security groups, delegation and effective permissions, their
# procedures run verbatim, each followed by a check of its documented effect.
# Sources (learn.microsoft.com/exchange/<page>; copies in x13-me/OfficeDocs-Exchange Exchange/ExchangeServer2013/):
# add-a-role-to-a-user-or-usg-exchange-2013-help, remove-a-role-from-a-user-or-usg-exchange-2013-help,
# delegate-role-assignments-exchange-2013-help, view-effective-permissions-exchange-2013-help
#@ as Administrator
New-ADOrganizationalUnit -Name Staff -Path "DC=contoso,DC=com"
New-ADOrganizationalUnit -Name Sales -Path "DC=contoso,DC=com"
New-ADOrganizationalUnit -Name Users -Path "OU=Sales,DC=contoso,DC=com"
New-Mailbox -Name "David Strome" -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName davids@contoso.com
New-Mailbox -Name "Kim Akers" -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName kima@contoso.com
New-Mailbox -Name Sam -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName sam@contoso.com
New-Mailbox -Name Sara -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName sara@contoso.com
New-Mailbox -Name Paul -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName paul@contoso.com
New-Mailbox -Name Vic -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName vic@contoso.com
New-Mailbox -Name "Sales One" -OrganizationalUnit "contoso.com/Sales/Users" -UserPrincipalName sales1@contoso.com
New-Mailbox -Name "Sales Two" -OrganizationalUnit "contoso.com/Sales/Users" -UserPrincipalName sales2@contoso.com
New-Mailbox -Name "VP One" -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName vp1@contoso.com
Set-User Sara -City Seattle
Set-User "VP One" -Title "VP Sales"
New-ADGroup -Name SeattleAdmins -Path "OU=Staff,DC=contoso,DC=com" -GroupScope Universal -GroupCategory Security
New-ADGroup -Name "Seattle Recipient Admins" -Path "OU=Staff,DC=contoso,DC=com" -GroupScope Universal -GroupCategory Security
New-ADGroup -Name MailboxAdmins -Path "OU=Staff,DC=contoso,DC=com" -GroupScope Universal -GroupCategory Security
New-ADGroup -Name SalesRecipientAdmins -Path "OU=Staff,DC=contoso,DC=com" -GroupScope Universal -GroupCategory Security
New-ADGroup -Name "Protected User Admins" -Path "OU=Staff,DC=contoso,DC=com" -GroupScope Universal -GroupCategory Security
Add-ADGroupMember -Identity SeattleAdmins -Members Sam
Add-ADGroupMember -Identity "Seattle Recipient Admins" -Members Paul
Add-ADGroupMember -Identity SalesRecipientAdmins -Members Vic
Add-ADGroupMember -Identity "Protected User Admins" -Members "Kim Akers"

# --- Add a role to a user or USG ----------------------------------------------------------
# "Create a role assignment with no scope": the role's implicit scopes apply.
#@ ok
New-ManagementRoleAssignment -Name "Exchange Servers_SeattleAdmins" -SecurityGroup SeattleAdmins -Role "Exchange Servers"
#@ output SecurityGroup
#@ output OrganizationConfig
Get-ManagementRoleAssignment "Exchange Servers_SeattleAdmins" | Format-List RoleAssigneeType, ConfigWriteScope
#@ output Exchange Servers_SeattleAdmins
Get-ManagementRoleAssignment -WritableServer EX01
#@ count 1
#@ output Sam
Get-ManagementRoleAssignment "Exchange Servers_SeattleAdmins" -GetEffectiveUsers
#@ as Sam
#@ ok
Get-ExchangeServer EX01
#@ as Administrator

# "Create a role assignment with a predefined relative scope" (the same
# name: the first assignment goes first).
#@ error already exists
New-ManagementRoleAssignment -Name "Exchange Servers_SeattleAdmins" -SecurityGroup SeattleAdmins -Role "Exchange Servers" -RecipientRelativeWriteScope Organization
Remove-ManagementRoleAssignment "Exchange Servers_SeattleAdmins" -Confirm:$false
#@ ok
New-ManagementRoleAssignment -Name "Exchange Servers_SeattleAdmins" -SecurityGroup SeattleAdmins -Role "Exchange Servers" -RecipientRelativeWriteScope Organization
#@ output Organization
Get-ManagementRoleAssignment "Exchange Servers_SeattleAdmins" | Format-List RecipientWriteScope

# "Create a role assignment with a recipient filter-based scope".
New-ManagementScope "Seattle Recipients" -RecipientRestrictionFilter "City -eq 'Seattle'"
#@ ok
New-ManagementRoleAssignment -Name "Mail Recipients_Seattle Recipient Admins" -SecurityGroup "Seattle Recipient Admins" -Role "Mail Recipients" -CustomRecipientWriteScope "Seattle Recipients"
#@ output CustomRecipientScope
#@ output Seattle Recipients
Get-ManagementRoleAssignment "Mail Recipients_Seattle Recipient Admins" | Format-List RecipientWriteScope, CustomRecipientWriteScope
#@ as Paul
#@ ok
Set-Mailbox Sara -CustomAttribute1 "seattle"
#@ error isn't within a valid write scope
Set-Mailbox Sam -CustomAttribute1 "seattle"
#@ as Administrator
# A custom recipient scope and an OU can't go together.
#@ error The CustomRecipientWriteScope and RecipientOrganizationalUnitScope parameters can't be used together
New-ManagementRoleAssignment -Name "Both" -SecurityGroup "Seattle Recipient Admins" -Role "Mail Recipients" -CustomRecipientWriteScope "Seattle Recipients" -RecipientOrganizationalUnitScope contoso.com/sales/users

# "... with a server or database filter or list-based configuration scope".
New-ManagementScope "Mailbox Servers" -ServerList EX01
#@ ok
New-ManagementRoleAssignment -Name "Exchange Servers_MailboxAdmins" -SecurityGroup MailboxAdmins -Role "Exchange Servers" -CustomConfigWriteScope "Mailbox Servers"
#@ output CustomConfigScope
#@ output Mailbox Servers
Get-ManagementRoleAssignment "Exchange Servers_MailboxAdmins" | Format-List ConfigWriteScope, CustomConfigWriteScope
#@ output Exchange Servers_MailboxAdmins
Get-ManagementRoleAssignment -WritableServer EX01

# "Create a role assignment with an OU scope".
#@ ok
New-ManagementRoleAssignment -Name "Mail Recipients_SalesRecipientAdmins" -SecurityGroup SalesRecipientAdmins -Role "Mail Recipients" -RecipientOrganizationalUnitScope contoso.com/sales/users
#@ output OU
#@ output contoso.com/Sales/Users
Get-ManagementRoleAssignment "Mail Recipients_SalesRecipientAdmins" | Format-List RecipientWriteScope, RecipientOrganizationalUnitScope
#@ as Vic
#@ ok
Set-Mailbox "Sales One" -CustomAttribute2 "sales"
#@ error isn't within a valid write scope
Set-Mailbox Sam -CustomAttribute2 "sales"
#@ as Administrator

# "... with an exclusive recipient or configuration scope".
New-ManagementScope "Protected Users" -RecipientRestrictionFilter "Title -like 'VP*'" -Exclusive -Force
#@ ok
New-ManagementRoleAssignment -Name "Mail Recipients_Protected User Admins" -SecurityGroup "Protected User Admins" -Role "Mail Recipients" -ExclusiveRecipientWriteScope "Protected Users"
#@ output ExclusiveRecipientScope
Get-ManagementRoleAssignment "Mail Recipients_Protected User Admins" | Format-List RecipientWriteScope
#@ as Kim Akers
#@ ok
Set-Mailbox "VP One" -CustomAttribute3 "protected"
#@ as Administrator
#@ error isn't within a valid write scope
Set-Mailbox "VP One" -CustomAttribute3 "anyone"
# An assignment can't have both an exclusive and a regular scope.
#@ error The CustomRecipientWriteScope and ExclusiveRecipientWriteScope parameters can't be used together
New-ManagementRoleAssignment -Name "Mixed" -SecurityGroup "Protected User Admins" -Role "Mail Recipients" -ExclusiveRecipientWriteScope "Protected Users" -CustomRecipientWriteScope "Seattle Recipients"
# The same procedures with -User assign the role to one user.
#@ ok
New-ManagementRoleAssignment -Name "Mail Recipients_davids" -User davids -Role "Mail Recipients"
#@ output User
Get-ManagementRoleAssignment "Mail Recipients_davids" | Format-List RoleAssigneeType

# --- Delegate role assignments ------------------------------------------------------------
# Assigning roles takes the role assignment cmdlets (Role Management) and a
# delegating assignment of the role.
New-RoleGroup "Senior Admins" -Roles "Role Management" -Members Sam
#@ as Sam
#@ error You don't have access to create, change, or remove
New-ManagementRoleAssignment -Role "Mail Recipients" -User Sara
#@ as Administrator
# To any role assignee in the organization.
#@ ok
New-ManagementRoleAssignment -Role "Mail Recipients" -SecurityGroup "Senior Admins" -Name "Mail Recipients_Senior Admin - Delegate" -Delegating
#@ output DelegatingOrgWide
Get-ManagementRoleAssignment "Mail Recipients_Senior Admin - Delegate" | Format-List RoleAssignmentDelegationType
#@ as Sam
#@ ok
New-ManagementRoleAssignment -Name "Sara's Mail Recipients" -Role "Mail Recipients" -User Sara
# Delegating doesn't grant the role itself.
#@ error A parameter cannot be found that matches parameter name 'CustomAttribute4'
Set-Mailbox Sara -CustomAttribute4 "sam"
#@ as Administrator
Remove-ManagementRoleAssignment "Mail Recipients_Senior Admin - Delegate" -Confirm:$false
# Only to users in the Sales/Users OU.
#@ ok
New-ManagementRoleAssignment -Role "Mail Recipients" -SecurityGroup "Senior Admins" -Name "Mail Recipients_Senior Admins - Delegate" -RecipientOrganizationalUnitScope contoso.com/sales/users -Delegating
#@ as Sam
#@ ok
New-ManagementRoleAssignment -Name "Sales Two's Mail Recipients" -Role "Mail Recipients" -User "Sales Two" -RecipientOrganizationalUnitScope contoso.com/sales/users
#@ error You don't have access to create, change, or remove
New-ManagementRoleAssignment -Name "Paul's Mail Recipients" -Role "Mail Recipients" -User Paul -RecipientOrganizationalUnitScope contoso.com/sales/users
#@ as Administrator
# Never to a role assignment policy.
New-RoleAssignmentPolicy "Sales Users"
#@ error Delegating role assignments can't be created for role assignment policies
New-ManagementRoleAssignment -Role MyBaseOptions -Policy "Sales Users" -Delegating

# --- View effective permissions -----------------------------------------------------------
Add-RoleGroupMember "Records Management" -Member "David Strome"
New-RoleGroup "Journal Admins" -Roles Journaling -Members "Kim Akers"
# "List all effective users".
#@ output Administrator
#@ output Paul
#@ output Vic
#@ output David Strome
Get-ManagementRoleAssignment -Role "Mail Recipients" -GetEffectiveUsers
# "Find a specific user on a role".
#@ count 1
#@ output David Strome
Get-ManagementRoleAssignment -Role Journaling -GetEffectiveUsers | Where {$_.EffectiveUserName -Eq "David Strome"}
#@ count 0
Get-ManagementRoleAssignment -Role Journaling -GetEffectiveUsers | Where {$_.EffectiveUserName -Eq "Paul"}
# "Find a specific user on all roles": Kim's role group, her USG and her
# assignment policy.
#@ output Journaling
#@ output Mail Recipients_Protected User Admins
#@ output MyBaseOptions
Get-ManagementRoleAssignment -GetEffectiveUsers | Where {$_.EffectiveUserName -Eq "Kim Akers"}
# "Output a customized list to your screen".
#@ output EffectiveUserName
#@ output CustomRecipientWriteScope
#@ output David Strome
#@ output Mail Recipients
Get-ManagementRoleAssignment -GetEffectiveUsers | Where {$_.EffectiveUserName -Eq "David Strome"} | Format-Table EffectiveUserName, Role, CustomRecipientWriteScope, CustomConfigWriteScope
# The useful properties the article lists.
#@ output RoleAssigneeName
#@ output RoleAssigneeType
#@ output AssignmentMethod
#@ output RecipientReadScope
#@ output ConfigReadScope
Get-ManagementRoleAssignment -Role Journaling -GetEffectiveUsers | Where {$_.EffectiveUserName -Eq "David Strome"} | Format-List EffectiveUserName, Role, RoleAssigneeName, RoleAssigneeType, AssignmentMethod, CustomRecipientWriteScope, CustomConfigWriteScope, RecipientReadScope, RecipientWriteScope, ConfigReadScope, ConfigWriteScope
# "Output a customized list to a .csv file": Select-Object keeps the
# properties (the shell has no file system, so Export-CSV is left out).
#@ count 1
#@ output David Strome
Get-ManagementRoleAssignment -Role Journaling -GetEffectiveUsers | Where {$_.EffectiveUserName -Eq "David Strome"} | Select-Object EffectiveUserName, Role, CustomRecipientWriteScope, CustomConfigWriteScope

# --- Remove a role from a user or USG -----------------------------------------------------
New-ManagementRoleAssignment -Name "Tier 2 Help Desk Assignment" -Role "Mail Recipients" -User Paul
#@ ok
Remove-ManagementRoleAssignment "Tier 2 Help Desk Assignment"
#@ error couldn't be found
Get-ManagementRoleAssignment "Tier 2 Help Desk Assignment"
# Without the name: the regular Mail Recipients assignment of davids.
New-ManagementRoleAssignment -Name "Mail Recipients_davids-Delegating" -User davids -Role "Mail Recipients" -Delegating
#@ count 2
Get-ManagementRoleAssignment -RoleAssignee davids -Role "Mail Recipients" | Where { $_.RoleAssigneeType -eq "User" }
#@ ok
Get-ManagementRoleAssignment -RoleAssignee davids -Role "Mail Recipients" -Delegating $false | Remove-ManagementRoleAssignment
#@ error couldn't be found
Get-ManagementRoleAssignment "Mail Recipients_davids"
#@ output Mail Recipients_davids-Delegating
Get-ManagementRoleAssignment -RoleAssignee davids -Role "Mail Recipients" -Delegating $true
