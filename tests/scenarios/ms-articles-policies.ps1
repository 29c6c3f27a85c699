#@ org contoso.com
# The Exchange 2013 versions of the role assignment policy articles: what
# they print differently from the Exchange Server pages (which
# ms-rbac-more.ps1 and ms-policies.ps1 run), verbatim, each followed by a
# check of its documented effect.
# Sources (learn.microsoft.com/exchange/<page>; copies in x13-me/OfficeDocs-Exchange Exchange/ExchangeServer2013/):
# manage-role-assignment-policies-exchange-2013-help, change-the-assignment-policy-on-a-mailbox-exchange-2013-help
#@ as Administrator
New-ADOrganizationalUnit -Name Staff -Path "DC=contoso,DC=com"
New-Mailbox -Name Brian -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName brian@contoso.com
New-Mailbox -Name Carla -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName carla@contoso.com

# --- Change the assignment policy on a mailbox --------------------------------------------
New-RoleAssignmentPolicy "Unified Messaging Users" -Roles MyBaseOptions, MyVoiceMail
#@ ok
Set-Mailbox Brian -RoleAssignmentPolicy "Unified Messaging Users"
#@ output Unified Messaging Users
Get-Mailbox Brian | Format-List RoleAssignmentPolicy
#@ output Default Role Assignment Policy
Get-Mailbox Carla | Format-List RoleAssignmentPolicy
# The policy's roles are what Brian may do to his own mailbox.
#@ output MyVoiceMail
Get-ManagementRoleAssignment -RoleAssignee Brian | Format-Table Role
#@ no-output MyContactInformation
Get-ManagementRoleAssignment -RoleAssignee Brian | Format-Table Role
# A policy that doesn't exist is refused.
#@ error couldn't be found
Set-Mailbox Brian -RoleAssignmentPolicy "No Such Policy"

# --- Manage role assignment policies --------------------------------------------------------
New-RoleAssignmentPolicy "Vancouver End Users" -Roles MyBaseOptions
Set-Mailbox Carla -RoleAssignmentPolicy "Vancouver End Users"
# "Find the default assignment policy" and "view mailboxes that are assigned a
# specific policy", as this version prints them: the inner Where is given
# `{…}.IsDefault`, the block's (missing) member, as its property, which
# PowerShell can't bind, so nothing is returned.
#@ error Cannot bind argument to parameter 'Property' because it is null
#@ count 0
Get-RoleAssignmentPolicy | Where {Get-RoleAssignmentPolicy | Where {$_.IsDefault -eq $True}.IsDefault -eq $True }
#@ error Cannot bind argument to parameter 'Property' because it is null
#@ count 0
Get-Mailbox | Where {Get-Mailbox | Where {$_.RoleAssignmentPolicy -Eq "Vancouver End Users"}.RoleAssignmentPolicy -Eq "Vancouver End Users" }
# The forms that work.
#@ count 1
#@ output Default Role Assignment Policy
Get-RoleAssignmentPolicy | Where {$_.IsDefault -eq $True}
#@ count 1
#@ output Carla
Get-Mailbox | Where {$_.RoleAssignmentPolicy -Eq "Vancouver End Users"}
# PowerShell 3's simplified Where.
#@ count 1
#@ output Default Role Assignment Policy
Get-RoleAssignmentPolicy | Where IsDefault -eq $True

# "New mailboxes are assigned the default assignment policy even if the policy
# hasn't been assigned management roles."
New-RoleAssignmentPolicy "Empty Default"
#@ ok
Set-RoleAssignmentPolicy "Empty Default" -IsDefault
New-Mailbox -Name Dora -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName dora@contoso.com
#@ output Empty Default
Get-Mailbox Dora | Format-List RoleAssignmentPolicy
#@ as Dora
#@ error is not recognized
Set-Mailbox Dora -Office "Room 1"
#@ as Administrator
# "If you want to remove a default assignment policy, it must be the last
# assignment policy in the organization." (No mailbox has it any more.)
Set-Mailbox Dora -RoleAssignmentPolicy "Vancouver End Users"
#@ error is the default policy
Remove-RoleAssignmentPolicy "Empty Default"
