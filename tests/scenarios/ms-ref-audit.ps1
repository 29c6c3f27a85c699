#@ org contoso.com
# The admin audit log reference examples not in ms-config.ps1: comments
# written with Write-AdminAuditLog, external access, and the audit log
# settings, run verbatim, each followed by a check of its documented effect.
# Sources: MicrosoftDocs/office-docs-powershell exchange/exchange-ps/ExchangePowerShell/Search-AdminAuditLog.md,
# Get-AdminAuditLogConfig.md, Write-AdminAuditLog.md
#@ as Administrator

New-RoleGroup "Audit Example" -Roles "Mail Recipients"

# --- Search-AdminAuditLog ---------------------------------------------------------------
# Write-AdminAuditLog.md, example 1.
#@ ok
Write-AdminAuditLog -Comment "Ran custom script."
# The Comment parameter: "The maximum length is 500 characters."
#@ error The character length of the 501 argument is too long
Write-AdminAuditLog -Comment ("x" * 501)
#@ ok
Write-AdminAuditLog -Comment ("x" * 500)
# Search-AdminAuditLog.md, example 3: the comments written by Write-AdminAuditLog.
#@ ok
$LogEntries = Search-AdminAuditLog -Cmdlets Write-AdminAuditLog
#@ output Ran custom script.
$LogEntries | ForEach { $_.CmdletParameters }

# Example 4: changes made by users outside the organization (Microsoft
# datacenter administrators, in Exchange Online); on premises there are none.
#@ count 0
Search-AdminAuditLog -ExternalAccess $true -StartDate 09/17/2018 -EndDate 10/02/2018
#@ count 0
Search-AdminAuditLog -ExternalAccess $true
# Every change here was made by an internal user.
#@ output New-RoleGroup
Search-AdminAuditLog -ExternalAccess $false

# --- Get-AdminAuditLogConfig ------------------------------------------------------------
# Get-AdminAuditLogConfig.md, example 1: the administrator audit logging settings.
#@ output AdminAuditLogEnabled
#@ output True
#@ output AdminAuditLogCmdlets
Get-AdminAuditLogConfig | Format-List
#@ count 1
Get-AdminAuditLogConfig
# Audit Logs is Organization Management's; Help Desk doesn't have it.
New-Mailbox -Name Hal -UserPrincipalName hal@contoso.com
Add-RoleGroupMember "Help Desk" -Member Hal
#@ as Hal
#@ error is not recognized
Get-AdminAuditLogConfig
