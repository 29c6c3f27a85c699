New-ManagementRole -Parent "Role Management" -Name "c2role"
Get-ManagementRoleEntry "c2role\*" | Where-Object {($_.Name -ne "Get-Mailbox") -and ($_.Name -notlike "*ManagementRoleAssignment")} | Remove-ManagementRoleEntry
Get-ManagementRoleEntry "c2role\*" | Where-Object {($_.Name -ne "Get-Mailbox") -and ($_.Name -notlike "*ManagementRoleAssignment")} | Foreach-Object {Remove-ManagementRoleEntry -Identity "$($_.Role)\$($_.Name)" -Confirm:$False}
Get-ManagementRoleEntry "c2role\*" | Where-Object {($_.Name -ne "Get-Mailbox") -and ($_.Name -ne "Get-User") -and ($_.Name -notlike "*ManagementRoleAssignment")} | Foreach-Object {Remove-ManagementRoleEntry -Identity "$($_.Role)\$($_.Name)" -Confirm:$False}
Get-ManagementRoleEntry "c2role\*"
New-ManagementRoleAssignment –Name "c2assignment1" –Role "c2role" –User "c2user"
New-ManagementRoleAssignment –Name "c2assignment2" –Role "ApplicationImpersonation" –User "c2user"
Get-ManagementRoleAssignment -RoleAssignee "c2user"
Set-Mailbox "c2user" -RoleAssignmentPolicy $null
Get-ManagementRoleEntry ‘name_ManagementRole\*’
Get-ManagementRoleEntry ‘Send Connectors\*’
Get-Management Role | fl *scope*
New-ManagementScope –name ‘2nd Level Support’ –RecipientRestrictionFilter {memberofgroup –eq ‘cn=2nd Level Support,ou=Security Groups,dc=domainA,dc=lab’}
Get-ManagementRoleEntry ‘*\*’
Get-ManagementRoleEntry ‘Databases\Get-*’
Get-ManagementRoleAssignment 'Audit Logs*'
Get-ManagementRoleAssignment –RoleAssignee User1
Get-ManagementRole –cmdlet <name_cmdlet>
Get-ManagementRoleEntry ‘Distribution Groups\*’
Get-ManagementRoleEntry 'Modify*\*' | Where-Object {($_.Name -ne 'Remove-DistributionGroupMember') -and ($_.Name -ne 'Get-DistributionGroupMember') -and ($_.Name -ne 'Add-DistributionGroupMember') -and ($_.Name –ne 'Get-DistributionGroup')} | Remove-ManagementRoleEntry
Get-RoleGroup
Get-ManagementRole
Get-ManagementRoleAssignment
Get-DistributionGroup
Get-DistributionGroupMember
Add-DistributionGroupMember
Remove-DistributionGroupMember
Get-Recipient
Get-Group
Update-DistributionGroupMember
New-ManagementScope -Name "Scope-Sales OU" -RecipientRoot "Contoso/Sales" -RecipientRestrictionFilter {RecipientType -eq "UserMailbox"}
Get-ManagementScope -Identity "Scope-Sales OU" | FL
New-ManagementRole -Name "MR-Sales Admins" -Parent "Mail Recipients"
Get-ManagementRoleEntry "MR-Sales Admins\*" | where {$ -ne "Get-Mailbox"} | Remove-ManagementRoleEntry
Get-ManagementRoleEntry "MR-Sales Admins\*"
Add-ManagementRoleEntry "MR-Sales Admins\Set-User" -Parameters Identity, MobilePhone, Office
Add-ManagementRoleEntry "MR-Sales Admins\Set-Mailbox" -Parameters Identity, CustomAttribute1
New-RoleGroup -Name "RG-Sales Helpdesk" -Roles "MR-Sales Admins" -CustomRecipientWriteScope "Scope-Sales OU"
Add-RoleGroupMember "RG-Sales Helpdesk" -Member "Sales Admin1"
Set-User -Identity "" -MobilePhone 001234567890 -Office SO-141
Set-Mailbox -Identity "" -CustomAttribute1 "Sales Employee"
Get-User Sales1 | FL Name, MobilePhone, Office
Get-Mailbox Sales1 | FL Name, CustomAttribute1
New-ManagementRoleAssignment “Mail Recipient Creation_Organization Management” –Role “Mail Recipient Creation” –SecurityGroup “Organization Management”
New-ManagementRoleAssignment “Security Group Creation and Membership_Organization Management” –Role “Security Group Creation and Membership” –SecurityGroup “Organization Management”
New-ManagementRoleAssignment “Mail Recipient Creation_Recipient Management” –Role “Mail Recipient Creation” –SecurityGroup “Recipient Management”
# inline in the prose of seed 004
Get-ManagementRoleEntry “Move Mailboxes\*”
Get-ManagementRoleAssignment –RoleAssignee “Default Role Assignment Policy”
Get-ManagementRole | FL
