#@ org contoso.com
# The Exchange Server split permissions articles: switch to RBAC split
# permissions, back to shared permissions (and take the Active Directory
# administrators' permissions away), then Active Directory split permissions
# and back, each step verbatim and followed by a check of its documented
# effect. Exchange setup's /PrepareAD /ActiveDirectorySplitPermissions:true|false
# is Set-OrganizationConfig -ActiveDirectorySplitPermissions here (the shell
# doesn't run setup; docs/semantics.md §5.2).
# Sources: learn.microsoft.com/exchange/permissions/split-permissions/configure-exchange-for-split-permissions
# and /configure-exchange-for-shared-permissions
# (x13-me/OfficeDocs-Exchange Exchange/ExchangeServer/permissions/split-permissions/)
#@ as Administrator
New-ADOrganizationalUnit -Name Staff -Path "DC=contoso,DC=com"
New-ADUser -Name "Dir Admin" -UserPrincipalName diradmin@contoso.com -Path "OU=Staff,DC=contoso,DC=com"
New-ADUser -Name "Recip Admin" -UserPrincipalName recipadmin@contoso.com -Path "OU=Staff,DC=contoso,DC=com"
New-ADUser -Name "Existing User" -UserPrincipalName existing@contoso.com -Path "OU=Staff,DC=contoso,DC=com"
New-ADUser -Name "Second User" -UserPrincipalName second@contoso.com -Path "OU=Staff,DC=contoso,DC=com"
Add-RoleGroupMember "Recipient Management" -Member "Recip Admin"
New-DistributionGroup -Name "Staff List" -OrganizationalUnit "contoso.com/Staff"

# --- Switch to RBAC split permissions -----------------------------------------------------------
# Step 2.1.
#@ ok
New-RoleGroup "Active Directory Administrators" -Roles "Mail Recipient Creation", "Security Group Creation and Membership"
# Step 2.2.
#@ ok
New-ManagementRoleAssignment -Role "Mail Recipient Creation" -SecurityGroup "Active Directory Administrators" -Delegating
#@ ok
New-ManagementRoleAssignment -Role "Security Group Creation and Membership" -SecurityGroup "Active Directory Administrators" -Delegating
# Step 2.3.
#@ ok
Add-RoleGroupMember "Active Directory Administrators" -Member "Dir Admin"
# Step 2.4: only members manage the group now; Organization Management can
# still bypass the check.
#@ ok
Set-RoleGroup "Active Directory Administrators" -ManagedBy "Active Directory Administrators"
#@ output Active Directory Administrators
Get-RoleGroup "Active Directory Administrators" | Format-List ManagedBy
#@ error manager of the group
Add-RoleGroupMember "Active Directory Administrators" -Member "Recip Admin"
# Step 2.5 (-Auto is -AutoSize, abbreviated).
#@ output Mail Recipient Creation-Organization Management
#@ output Mail Recipient Creation-Organization Management-Delegating
#@ output Mail Recipient Creation-Recipient Management
#@ output Mail Recipient Creation-Active Directory Administrators
Get-ManagementRoleAssignment -Role "Mail Recipient Creation" | Format-Table Name, Role, RoleAssigneeName -Auto
# Step 2.6, the note's form: -WhatIf first, then for real.
#@ ok
Get-ManagementRoleAssignment -Role "Mail Recipient Creation" | Where { $_.RoleAssigneeName -NE "Active Directory Administrators" } | Remove-ManagementRoleAssignment -WhatIf
#@ count 5
Get-ManagementRoleAssignment -Role "Mail Recipient Creation"
#@ ok
Get-ManagementRoleAssignment -Role "Mail Recipient Creation" | Where { $_.RoleAssigneeName -NE "Active Directory Administrators" } | Remove-ManagementRoleAssignment
#@ count 2
Get-ManagementRoleAssignment -Role "Mail Recipient Creation"
#@ no-output Organization Management
#@ no-output Recipient Management
Get-ManagementRoleAssignment -Role "Mail Recipient Creation" | Format-Table Name, Role, RoleAssigneeName -Auto
# Steps 2.7 and 2.8.
#@ output Security Group Creation and Membership-Organization Management
Get-ManagementRoleAssignment -Role "Security Group Creation and Membership" | Format-Table Name, Role, RoleAssigneeName -Auto
#@ ok
Get-ManagementRoleAssignment -Role "Security Group Creation and Membership" | Where { $_.RoleAssigneeName -NE "Active Directory Administrators" } | Remove-ManagementRoleAssignment
#@ count 2
Get-ManagementRoleAssignment -Role "Security Group Creation and Membership"
#@ no-output Organization Management
Get-ManagementRoleAssignment -Role "Security Group Creation and Membership" | Format-Table Name, RoleAssigneeName -Auto
# "Exchange administrators won't be able to use" New-Mailbox, New-MailUser,
# New-MailContact, Remove-Mailbox ...
#@ error is not recognized
New-Mailbox -Name "After Split" -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName aftersplit@contoso.com
#@ as Recip Admin
#@ error is not recognized
New-MailUser -Name "Ext User" -ExternalEmailAddress ext@fabrikam.com -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName ext@contoso.com
#@ error is not recognized
New-MailContact -Name "Ext Contact" -ExternalEmailAddress contact@fabrikam.com
# ... "will only be able to manage the Exchange attributes on existing Active
# Directory security principals".
#@ ok
Enable-Mailbox -Identity "Existing User"
#@ as Dir Admin
#@ ok
New-Mailbox -Name "By Dir Admin" -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName bydiradmin@contoso.com
#@ as Administrator
# Organization Management can't hand the creation roles out any more.
#@ error You don't have access to create, change, or remove
New-ManagementRoleAssignment -Role "Mail Recipient Creation" -SecurityGroup "Recipient Management"

# --- Switch from RBAC split permissions to shared permissions ------------------------------------
# The note: the Active Directory Administrators role group needs Role
# Management to run New-ManagementRoleAssignment.
#@ ok
New-ManagementRoleAssignment -Role "Role Management" -SecurityGroup "Active Directory Administrators"
#@ as Dir Admin
# Step 1.
#@ ok
New-ManagementRoleAssignment -Role "Mail Recipient Creation" -SecurityGroup "Organization Management" -Delegating
#@ ok
New-ManagementRoleAssignment -Role "Security Group Creation and Membership" -SecurityGroup "Organization Management" -Delegating
# Step 2, as published (its text names Mail Recipient Creation twice; its
# second command gives Security Group Creation and Membership to Recipient
# Management).
#@ ok
New-ManagementRoleAssignment -Role "Mail Recipient Creation" -SecurityGroup "Organization Management"
#@ ok
New-ManagementRoleAssignment -Role "Security Group Creation and Membership" -SecurityGroup "Recipient Management"
# Step 3.
#@ ok
New-ManagementRoleAssignment -Role "Security Group Creation and Membership" -SecurityGroup "Organization Management"
#@ as Administrator
#@ ok
New-Mailbox -Name "After Shared" -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName aftershared@contoso.com

# --- Remove permissions from Active Directory administrators (optional) -------------------------
# Steps 1 and 2: -WhatIf shows, without it they go.
#@ ok
Get-ManagementRoleAssignment -Role "Mail Recipient Creation" | Where { $_.RoleAssigneeName -EQ "Active Directory Administrators" } | Remove-ManagementRoleAssignment -WhatIf
#@ count 2
Get-ManagementRoleAssignment -Role "Mail Recipient Creation" | Where { $_.RoleAssigneeName -EQ "Active Directory Administrators" }
#@ ok
Get-ManagementRoleAssignment -Role "Mail Recipient Creation" | Where { $_.RoleAssigneeName -EQ "Active Directory Administrators" } | Remove-ManagementRoleAssignment
#@ ok
Get-ManagementRoleAssignment -Role "Security Group Creation and Membership" | Where { $_.RoleAssigneeName -EQ "Active Directory Administrators" } | Remove-ManagementRoleAssignment
#@ count 0
Get-ManagementRoleAssignment -RoleAssignee "Active Directory Administrators" -Role "*Creation*"
#@ as Dir Admin
#@ error is not recognized
New-Mailbox -Name "Dir Admin Again" -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName again@contoso.com
# Step 3: remove the role group itself.
#@ as Administrator
#@ ok
Remove-RoleGroup "Active Directory Administrators" -BypassSecurityGroupManagerCheck
#@ error couldn't be found
Get-RoleGroup "Active Directory Administrators"

# --- Switch to Active Directory split permissions -------------------------------------------------
#@ ok
Set-OrganizationConfig -ActiveDirectorySplitPermissions $true
# "Exchange administrators won't be able to use" these cmdlets.
#@ error is not recognized
New-Mailbox -Name "AD Split" -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName adsplit@contoso.com
#@ error is not recognized
Remove-Mailbox "After Shared"
#@ error Insufficient access rights to perform the operation
New-DistributionGroup -Name "AD Split List" -OrganizationalUnit "contoso.com/Staff"
#@ error Insufficient access rights to perform the operation
Add-DistributionGroupMember "Staff List" -Member "By Dir Admin"
#@ error Insufficient access rights to perform the operation
Update-DistributionGroupMember "Staff List" -Members "By Dir Admin"
# They still manage Exchange attributes of existing principals.
#@ ok
Enable-Mailbox -Identity "Second User"
#@ ok
Set-Mailbox "Second User" -CustomAttribute1 "split"

# --- Switch from Active Directory split permissions to shared permissions -------------------------
#@ ok
Set-OrganizationConfig -ActiveDirectorySplitPermissions $false
# Step 4.
#@ ok
New-ManagementRoleAssignment "Mail Recipient Creation_Organization Management" -Role "Mail Recipient Creation" -SecurityGroup "Organization Management"
#@ ok
New-ManagementRoleAssignment "Security Group Creation and Membership_Org Management" -Role "Security Group Creation and Membership" -SecurityGroup "Organization Management"
#@ ok
New-ManagementRoleAssignment "Mail Recipient Creation_Recipient Management" -Role "Mail Recipient Creation" -SecurityGroup "Recipient Management"
#@ ok
New-Mailbox -Name "Shared Again" -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName sharedagain@contoso.com
#@ ok
Add-DistributionGroupMember "Staff List" -Member "Shared Again"
#@ as Recip Admin
#@ ok
New-Mailbox -Name "Shared Again 2" -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName sharedagain2@contoso.com
