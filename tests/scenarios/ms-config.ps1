#@ org contoso.com
# Microsoft's published examples for the configuration cmdlets and the admin
# audit log, run verbatim, each followed by a check of its documented effect.
# Sources: MicrosoftDocs/office-docs-powershell exchange/exchange-ps/ExchangePowerShell/<Cmdlet>.md
#@ as Administrator
New-ADOrganizationalUnit -Name Staff -Path "DC=contoso,DC=com"
New-Mailbox -Name Hal -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName hal@contoso.com
Add-RoleGroupMember "Help Desk" -Member Hal -BypassSecurityGroupManagerCheck
New-MailboxDatabase -Name MailboxDatabase01 -Server EX01

# --- Get-MailboxDatabase -------------------------------------------------------------
# Get-MailboxDatabase.md, example 1: Name, Server, Recovery, ReplicationType.
#@ output MailboxDatabase01
#@ output EX01
#@ output ReplicationType
Get-MailboxDatabase
# Example 2.
#@ output MailboxDatabase01
#@ output Server
Get-MailboxDatabase -Identity MailboxDatabase01 -Status | Format-List

# --- Search-AdminAuditLog -----------------------------------------------------------
New-RoleGroup "Audit Example" -Roles "Mail Recipients"
Set-Mailbox Hal -UseDatabaseQuotaDefaults $false -ProhibitSendQuota 250MB
# Search-AdminAuditLog.md, example 1.
#@ output New-RoleGroup
#@ no-output Set-Mailbox
Search-AdminAuditLog -Cmdlets New-RoleGroup,New-ManagementRoleAssignment
# Example 2 (dates of the published example: nothing was logged then).
#@ count 0
Search-AdminAuditLog -Cmdlets Set-Mailbox -Parameters UseDatabaseQuotaDefaults,ProhibitSendReceiveQuota,ProhibitSendQuota -StartDate 01/24/2018 -EndDate 02/12/2018 -IsSuccess $true
# The audit log is Audit Logs' (Organization Management): Help Desk can't read it.
#@ as Hal
#@ error is not recognized
Search-AdminAuditLog -Cmdlets New-RoleGroup,New-ManagementRoleAssignment
