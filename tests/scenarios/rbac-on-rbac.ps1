#@ org contoso.com
# Managing RBAC is itself RBAC: handing out a role takes a delegating
# assignment of it (or of an ancestor); a regular one isn't enough.
#@ as Administrator
New-ADOrganizationalUnit -Name Staff -Path "DC=contoso,DC=com"
New-Mailbox -Name Deputy -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName deputy@contoso.com
New-Mailbox -Name Helper -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName helper@contoso.com
#@ ok
New-ManagementRole -Name "Limited Recipients" -Parent "Mail Recipients"
#@ ok
New-ManagementRoleAssignment -Role "Mail Recipients" -User Deputy -Delegating
#@ output Mail Recipients-Deputy
Get-ManagementRoleAssignment -RoleAssignee Deputy -Delegating $true
# Deputy can't use Mail Recipients (delegating only): its own Set-Mailbox
# comes from MyBaseOptions, which lacks CustomAttribute2 ...
#@ as Deputy
#@ error A parameter cannot be found that matches parameter name 'CustomAttribute2'
Set-Mailbox -Identity Helper -CustomAttribute2 "y"
# ... but can hand it, and its child role, to others.
#@ ok
New-ManagementRoleAssignment -Role "Limited Recipients" -User Helper
#@ error
New-ManagementRoleAssignment -Role "Role Management" -User Helper
#@ as Helper
#@ ok
Set-Mailbox -Identity Deputy -CustomAttribute2 "y"
# Built-in roles are read-only; a child can't gain what its parent lacks.
#@ as Administrator
#@ error built-in role
Remove-ManagementRoleEntry "Mail Recipients\Set-Mailbox" -Confirm:$false
#@ error doesn't have it
Add-ManagementRoleEntry "Limited Recipients\New-ManagementRole"
#@ error has role assignments
Remove-ManagementRole "Limited Recipients" -Confirm:$false

# Creating security groups is Security Group Creation and Membership's: a
# Recipient Management member can create distribution groups, not security ones.
#@ as Administrator
Add-RoleGroupMember "Recipient Management" -Member Deputy
#@ as Deputy
#@ ok
New-DistributionGroup -Name "Deputy Team"
#@ error A parameter cannot be found that matches parameter name 'Type'
New-DistributionGroup -Name "Deputy Security" -Type Security

# Set-ManagementRole (not in Microsoft's reference) renames or describes a
# custom role for whoever may run New-ManagementRole; built-ins stay read-only.
#@ as Administrator
#@ ok
Set-ManagementRole "Limited Recipients" -Description "Mail Recipients without removals"
#@ output Mail Recipients without removals
Get-ManagementRole "Limited Recipients" | Format-List Description
#@ error built-in role
Set-ManagementRole "Mail Recipients" -Description "x"
#@ as Deputy
#@ error is not recognized
Set-ManagementRole "Limited Recipients" -Description "y"
