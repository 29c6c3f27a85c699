#@ org contoso.com
# The admin audit log records every cmdlet that changes something — who, what,
# with which parameters, whether it worked — and Search-AdminAuditLog finds it.
#@ as Administrator
New-ADOrganizationalUnit -Name Staff -Path "DC=contoso,DC=com"
New-Mailbox -Name Auditor -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName auditor@contoso.com
#@ ok
Set-User -Identity Auditor -Office "B-12"
# A failed change is recorded too.
Set-User -Identity Nobody -Office "X"
#@ output Set-User
#@ output B-12
#@ output Administrator
Search-AdminAuditLog -Cmdlets Set-User | Format-List CmdletName, CmdletParameters, Caller, Succeeded
#@ count 1
Search-AdminAuditLog -Cmdlets New-Mailbox
#@ ok
Add-RoleGroupMember "View-Only Organization Management" -Member Auditor
# Reading the log needs an audit role (Audit Logs or View-Only Audit Logs);
# View-Only Organization Management holds neither.
#@ as Auditor
#@ error is not recognized
Search-AdminAuditLog

# Organization settings other than the split-permissions switch are kept and shown.
#@ as Administrator
#@ ok
Set-OrganizationConfig -MailTipsAllTipsEnabled $false
#@ output False
Get-OrganizationConfig | Format-List MailTipsAllTipsEnabled
