#@ org contoso.com
# The admin audit log reference examples not in ms-config.ps1: comments
# written with Write-AdminAuditLog, external access, and the audit log
# settings, run verbatim, each followed by a check of its documented effect.
# Sources: MicrosoftDocs/office-docs-powershell exchange/exchange-ps/ExchangePowerShell/Search-AdminAuditLog.md,
# Get-AdminAuditLogConfig.md, Set-AdminAuditLogConfig.md, Write-AdminAuditLog.md
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
#@ output 90.00:00:00
Get-AdminAuditLogConfig | Format-List AdminAuditLogAgeLimit

# --- Set-AdminAuditLogConfig ------------------------------------------------------------
#@ ok
New-Mailbox -Name Ann -UserPrincipalName ann@contoso.com
# Example 1: every cmdlet and parameter but the Get cmdlets.
#@ ok
Set-AdminAuditLogConfig -AdminAuditLogEnabled $true -AdminAuditLogCmdlets * -AdminAuditLogParameters * -AdminAuditLogExcludedCmdlets Get-*
#@ output Get-*
Get-AdminAuditLogConfig | Format-List AdminAuditLogExcludedCmdlets
# Example 2: only cmdlets matching the patterns, with any parameter.
#@ ok
Set-AdminAuditLogConfig -AdminAuditLogEnabled $true -AdminAuditLogCmdlets *Mailbox, *Management*, *TransportRule* -AdminAuditLogParameters *
#@ ok
Set-User Ann -Office "B-12"
#@ ok
Set-Mailbox Ann -Office "B-13"
#@ count 0
Search-AdminAuditLog -Cmdlets Set-User
#@ count 1
Search-AdminAuditLog -Cmdlets Set-Mailbox
# Example 3: only *Address* parameters of *Mailbox* cmdlets, and only those are recorded.
#@ ok
Set-AdminAuditLogConfig -AdminAuditLogEnabled $true -AdminAuditLogCmdlets *Mailbox* -AdminAuditLogParameters *Address*
Set-Mailbox Ann -Office "B-14"
Set-Mailbox Ann -Office "B-15" -PrimarySmtpAddress ann2@contoso.com
#@ count 2
Search-AdminAuditLog -Cmdlets Set-Mailbox
#@ output -PrimarySmtpAddress ann2@contoso.com
#@ no-output B-15
Search-AdminAuditLog -Cmdlets Set-Mailbox -ResultSize 1 | Format-List CmdletParameters
# Changes to the configuration itself are logged even with logging off.
Set-AdminAuditLogConfig -AdminAuditLogEnabled $false
New-Mailbox -Name Quiet -UserPrincipalName quiet@contoso.com
#@ count 0
Search-AdminAuditLog -Cmdlets New-Mailbox -ObjectIds Quiet
#@ output False
Search-AdminAuditLog -Cmdlets Set-AdminAuditLogConfig -ResultSize 1 | Format-List CmdletParameters
# Records older than the age limit are gone; 0 purges the log.
#@ ok
Set-AdminAuditLogConfig -AdminAuditLogAgeLimit 0
#@ count 0
Search-AdminAuditLog
Set-AdminAuditLogConfig -AdminAuditLogEnabled $true -AdminAuditLogCmdlets * -AdminAuditLogParameters * -AdminAuditLogAgeLimit 90.00:00:00

# Audit Logs is Organization Management's; Help Desk doesn't have it.
New-Mailbox -Name Hal -UserPrincipalName hal@contoso.com
Add-RoleGroupMember "Help Desk" -Member Hal
#@ as Hal
#@ error is not recognized
Get-AdminAuditLogConfig
