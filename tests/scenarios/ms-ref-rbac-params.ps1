#@ org contoso.com
# The filtering parameters of Get-ManagementRoleAssignment, Get-ManagementRole
# and Get-ManagementScope that the reference pages describe but give no
# example of, each checked against its documented meaning.
# Sources: MicrosoftDocs/office-docs-powershell exchange/exchange-ps/ExchangePowerShell/Get-ManagementRoleAssignment.md,
# Get-ManagementRole.md, Get-ManagementScope.md
#@ as Administrator

New-ADOrganizationalUnit -Name Sales -Path "DC=contoso,DC=com"
New-Mailbox -Name Paula -OrganizationalUnit contoso.com/Sales -UserPrincipalName paula@contoso.com
Add-RoleGroupMember "Recipient Management" -Member Paula
New-ManagementRoleAssignment -Name "Paula Direct" -Role "Mail Recipients" -User Paula -RecipientOrganizationalUnitScope contoso.com/Sales
New-ManagementScope "VIP Mailboxes" -RecipientRestrictionFilter "CustomAttribute1 -eq 'VIP'" -Exclusive -Force
New-RoleGroup "VIP Admins" -Roles "Mail Recipients" -CustomRecipientWriteScope "VIP Mailboxes"
New-ManagementScope "EX Servers" -ServerRestrictionFilter "Name -like 'EX*'"
New-RoleGroup "Server Admins" -Roles "Exchange Servers" -CustomConfigWriteScope "EX Servers"

# --- Get-ManagementRoleAssignment -RoleAssignee / -AssignmentMethod --------------------------
# "By default, the command returns both direct role assignments to the role
# assignee and indirect role assignments granted to a role assignee through
# role groups or assignment policies."
#@ output Paula Direct
#@ output Mail Recipients-Recipient Management
#@ output MyBaseOptions-Default Role Assignment Policy
Get-ManagementRoleAssignment -RoleAssignee Paula
#@ count 1
#@ output Paula Direct
Get-ManagementRoleAssignment -RoleAssignee Paula -AssignmentMethod Direct
#@ output Mail Recipients-Recipient Management
#@ no-output Paula Direct
#@ no-output MyBaseOptions
Get-ManagementRoleAssignment -RoleAssignee Paula -AssignmentMethod RoleGroup
#@ output MyBaseOptions-Default Role Assignment Policy
#@ no-output Recipient Management
#@ no-output Paula Direct
Get-ManagementRoleAssignment -RoleAssignee Paula -AssignmentMethod RoleAssignmentPolicy
# Several methods, separated by commas.
#@ output Paula Direct
#@ output MyBaseOptions-Default Role Assignment Policy
#@ no-output Recipient Management
Get-ManagementRoleAssignment -RoleAssignee Paula -AssignmentMethod Direct, RoleAssignmentPolicy
# "You must specify a value with the RoleAssignee parameter if you use the
# AssignmentMethod parameter."
#@ error RoleAssignee
Get-ManagementRoleAssignment -AssignmentMethod Direct
# A role group as the assignee: its own assignments.
#@ output Mail Recipients-Recipient Management
#@ no-output Paula Direct
Get-ManagementRoleAssignment -RoleAssignee "Recipient Management"

# --- -RoleAssigneeType ---------------------------------------------------------------------
#@ count 1
#@ output Paula Direct
Get-ManagementRoleAssignment -RoleAssigneeType User
#@ output MyBaseOptions-Default Role Assignment Policy
#@ no-output Recipient Management
#@ no-output Paula Direct
Get-ManagementRoleAssignment -RoleAssigneeType RoleAssignmentPolicy
#@ output Mail Recipients-Recipient Management
#@ no-output Default Role Assignment Policy
#@ no-output Paula Direct
Get-ManagementRoleAssignment -RoleAssigneeType RoleGroup

# --- -RecipientWriteScope / -RecipientOrganizationalUnitScope --------------------------------
#@ count 1
#@ output Paula Direct
Get-ManagementRoleAssignment -RecipientWriteScope OU
#@ count 1
#@ output Paula Direct
Get-ManagementRoleAssignment -RecipientOrganizationalUnitScope contoso.com/Sales
#@ output MyBaseOptions-Default Role Assignment Policy
#@ no-output Recipient Management
Get-ManagementRoleAssignment -RecipientWriteScope Self
# The default policy has no MyDistributionGroups role; Organization Management
# delegates it, with the role's own scope.
#@ count 1
#@ output MyDistributionGroups-Organization Management-Delegating
Get-ManagementRoleAssignment -RecipientWriteScope MyDistributionGroups
#@ count 1
#@ output VIP Admins
Get-ManagementRoleAssignment -RecipientWriteScope ExclusiveRecipientScope

# --- -ExclusiveRecipientWriteScope / -Exclusive ----------------------------------------------
#@ count 1
#@ output Mail Recipients-VIP Admins
Get-ManagementRoleAssignment -ExclusiveRecipientWriteScope "VIP Mailboxes"
# -CustomRecipientWriteScope returns only regular assignments.
#@ count 0
Get-ManagementRoleAssignment -CustomRecipientWriteScope "VIP Mailboxes"
#@ count 1
#@ output Mail Recipients-VIP Admins
Get-ManagementRoleAssignment -Exclusive $true
#@ output Paula Direct
#@ no-output VIP Admins
Get-ManagementRoleAssignment -Exclusive $false

# --- -ConfigWriteScope ---------------------------------------------------------------------
#@ count 1
#@ output Exchange Servers-Server Admins
Get-ManagementRoleAssignment -ConfigWriteScope CustomConfigScope
#@ output Organization Management
#@ no-output Server Admins
Get-ManagementRoleAssignment -ConfigWriteScope OrganizationConfig
#@ count 1
#@ output Exchange Servers-Server Admins
Get-ManagementRoleAssignment -CustomConfigWriteScope "EX Servers"

# --- Get-ManagementScope -------------------------------------------------------------------
# Regular scopes only.
#@ count 1
#@ output EX Servers
#@ no-output VIP Mailboxes
Get-ManagementScope -Exclusive $false
# Both scopes are used by an assignment.
#@ count 0
Get-ManagementScope -Orphan

# --- Get-ManagementRole --------------------------------------------------------------------
# -Cmdlet: the roles with an entry for the cmdlet.
#@ output Mail Recipients
#@ output View-Only Recipients
#@ no-output Exchange Servers
Get-ManagementRole -Cmdlet Get-Mailbox

# --- Get-ManagementRoleEntry -Parameters / -Type / -PSSnapinName ---------------------------
# "includes only the role entries that contain the parameters specified ...
# You can use the wildcard character (*) with partial parameter names".
#@ output Set-Mailbox
#@ no-output Get-Mailbox
Get-ManagementRoleEntry "Mail Recipients\*" -Parameters CustomAttribute*
#@ output Set-Mailbox
#@ no-output Get-Mailbox
Get-ManagementRoleEntry "Mail Recipients\*" -Parameters CustomAttribute1, DisplayName
# The built-in roles' entries are all cmdlets.
#@ count 0
Get-ManagementRoleEntry "Mail Recipients\*" -Type Script
#@ output Get-Mailbox
Get-ManagementRoleEntry "Mail Recipients\*" -Type Cmdlet, Script
#@ output Get-Mailbox
Get-ManagementRoleEntry "Mail Recipients\*" -PSSnapinName Microsoft.Exchange.Management.PowerShell.E2010
