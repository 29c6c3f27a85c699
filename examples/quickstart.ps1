# A first look, run as Administrator on the default store (./exrbac.db):
# the seed 003 delegation — a Sales helpdesk that may change phones and
# offices in the Sales OU only — built and inspected.
New-ADOrganizationalUnit -Name Sales -Path "DC=contoso,DC=com"
New-Mailbox -Name Sales1 -OrganizationalUnit "contoso.com/Sales" -UserPrincipalName sales1@contoso.com
New-Mailbox -Name "Sales Admin1" -UserPrincipalName salesadmin1@contoso.com
New-ManagementScope -Name "Scope-Sales OU" -RecipientRoot "contoso.com/Sales" -RecipientRestrictionFilter {RecipientType -eq "UserMailbox"}
New-ManagementRole -Name "MR-Sales Admins" -Parent "Mail Recipients"
Get-ManagementRoleEntry "MR-Sales Admins\*" | where {$_.Name -ne "Get-Mailbox"} | Remove-ManagementRoleEntry
Add-ManagementRoleEntry "MR-Sales Admins\Set-User" -Parameters Identity, MobilePhone, Office
New-RoleGroup -Name "RG-Sales Helpdesk" -Roles "MR-Sales Admins" -CustomRecipientWriteScope "Scope-Sales OU" -Members "Sales Admin1"
Get-ManagementRoleAssignment -RoleAssignee "Sales Admin1"
