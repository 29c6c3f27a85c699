#@ org contoso.com
# Microsoft's published examples for role assignment policies, run verbatim,
# each followed by a check of its documented effect.
# Sources: MicrosoftDocs/office-docs-powershell exchange/exchange-ps/ExchangePowerShell/New-RoleAssignmentPolicy.md,
# MicrosoftDocs/OfficeDocs-Exchange Exchange/ExchangeServer/permissions/role-assignment-policies.md
#@ as Administrator
New-ADOrganizationalUnit -Name Contractors -Path "DC=contoso,DC=com"
New-Mailbox -Name Joe -UserPrincipalName joe@contoso.com
New-Mailbox -Name Cora -OrganizationalUnit "contoso.com/Contractors" -UserPrincipalName cora@contoso.com
New-Mailbox -Name Carl -OrganizationalUnit "contoso.com/Contractors" -UserPrincipalName carl@contoso.com

# New-RoleAssignmentPolicy.md, example 1 (two statements on one line).
#@ ok
New-RoleAssignmentPolicy -Name "End User Policy"; Set-Mailbox -Identity Joe -RoleAssignmentPolicy "End User Policy"
#@ output End User Policy
Get-Mailbox Joe | Format-List RoleAssignmentPolicy
# The empty policy gives Joe no end-user role: his own Set-Mailbox is gone.
#@ as Joe
#@ error is not recognized
Set-Mailbox Joe -CustomAttribute1 "self"
#@ as Administrator

# Example 2: the new default policy; there is only ever one.
#@ ok
New-RoleAssignmentPolicy -Name "Default End User Policy" -IsDefault
#@ count 1
#@ output Default End User Policy
Get-RoleAssignmentPolicy | where {$_.IsDefault -eq $true}
# New mailboxes get the default policy.
New-Mailbox -Name Nina -UserPrincipalName nina@contoso.com
#@ output Default End User Policy
Get-Mailbox Nina | Format-List RoleAssignmentPolicy

# role-assignment-policies.md, "Create a role assignment policy" (as
# published, with the stray `]` after the description).
#@ ok
New-RoleAssignmentPolicy -Name "Contoso Contractors" -Description "Limited self-management capabilities for contingent staff."] -Roles "MyBaseOptions","MyContactInformation","MyProfileInformation"
#@ output MyBaseOptions
#@ output MyContactInformation
#@ output MyProfileInformation
Get-RoleAssignmentPolicy "Contoso Contractors" | Format-List AssignedRoles
# Only end-user roles go to a policy.
#@ error isn't an end-user role
New-RoleAssignmentPolicy -Name "Broken Policy" -Roles "Mail Recipients"
#@ error couldn't be found
Get-RoleAssignmentPolicy "Broken Policy"

# Assign it to every mailbox of an OU through the pipeline.
#@ ok
Get-Mailbox -OrganizationalUnit "contoso.com/Contractors" | Set-Mailbox -RoleAssignmentPolicy "Contoso Contractors"
#@ count 2
Get-Mailbox -ResultSize Unlimited | where {$_.RoleAssignmentPolicy -eq "Contoso Contractors"}
#@ as Cora
#@ ok
Set-User Cora -Phone "555-0100"

# Set-RoleAssignmentPolicy -IsDefault moves the default.
#@ as Administrator
#@ ok
Set-RoleAssignmentPolicy "End User Policy" -IsDefault
#@ count 1
#@ output End User Policy
Get-RoleAssignmentPolicy | where {$_.IsDefault -eq $true}
# A policy still assigned to mailboxes can't be removed.
#@ error can't be removed
Remove-RoleAssignmentPolicy "Contoso Contractors"
Get-Mailbox -OrganizationalUnit "contoso.com/Contractors" | Set-Mailbox -RoleAssignmentPolicy "Default End User Policy"
# Nor one that still has role assignments (Remove-RoleAssignmentPolicy.md).
#@ error can't be removed
Remove-RoleAssignmentPolicy "Contoso Contractors"
Get-ManagementRoleAssignment -RoleAssignee "Contoso Contractors" | Remove-ManagementRoleAssignment
#@ ok
Remove-RoleAssignmentPolicy "Contoso Contractors"
#@ error couldn't be found
Get-RoleAssignmentPolicy "Contoso Contractors"
