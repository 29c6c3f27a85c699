# Everyday Exchange Management Shell idioms (not from a single source): multi-line scripts,
# variables, hashtables, calculated properties, comments and continuations.
<#
  A block comment
  over several lines
#>
$roles = Get-ManagementRole | Where-Object { $_.IsEndUserRole -eq $false -and $_.Name -like "*Recipient*" }
foreach ($role in $roles) {
    Get-ManagementRoleEntry "$($role.Name)\*" |
        Select-Object Name, @{Name = "Role"; Expression = { $_.Role }} |
        Sort-Object Name
}
if ($roles.Count -gt 0) { "found $($roles.Count) roles" } elseif ($null -eq $roles) { 'none' } else { "?" }
Get-Mailbox -ResultSize Unlimited | ? {$_.RecipientTypeDetails -eq "UserMailbox"} | % { $_.Name.ToUpper() }
Get-Mailbox -OrganizationalUnit "contoso.com/Staff" `
    -ResultSize 100 |
    Format-Table Name, Alias -AutoSize
$members = @("User1", "User2")
$members += 'User3'
New-RoleGroup -Name "Tier 2" -Roles ("Mail Recipients", 'Distribution Groups') -Members $members[0], $members[1] -Confirm:$False
Set-RoleGroup "Help Desk" -ManagedBy @{
    Add = "Bob", "Carol"
    Remove = 'Dave'
}
Get-ManagementRoleAssignment -Role "Mail Recipients" -Delegating $true | fl Name, RoleAssigneeName
Get-ManagementRoleAssignment -GetEffectiveUsers | Where {$_.EffectiveUserName -Eq "Kim Akers"} ; Get-RoleGroup
(Get-ManagementRole "Mail Recipients").RoleEntries | Measure-Object
Get-ManagementRoleEntry *\Set-Mailbox -Parameters CustomAttribute1 # trailing comment
$text = @"
Report for $env:COMPUTERNAME
  generated $(Get-Date)
"@
$literal = @'
no $expansion here
'@
Write-Host "Tab`tand newline`n, a `"quote`" and `$dollar"
Get-Recipient -Filter {Department -eq 'Sales' -and City -ne $null} -RecipientPreviewFilter 'x'
Get-User -Filter "Title -like 'VP*'" | Set-User -Office 'HQ' -Phone 555-0100
1..3 | ForEach-Object { $_ * 2 }
