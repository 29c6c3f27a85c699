#@ org contoso.com
# More of Microsoft's RBAC examples: role group membership, role assignment
# policies and the procedures that manage them, run verbatim, each followed
# by a check of its documented effect.
# Sources: MicrosoftDocs/office-docs-powershell exchange/exchange-ps/ExchangePowerShell/<Cmdlet>.md,
# MicrosoftDocs/OfficeDocs-Exchange Exchange/ExchangeServer/permissions/policy-assignments-for-mailboxes.md
# and Exchange/ExchangeServer/permissions/role-assignment-policies.md
#@ as Administrator
New-ADOrganizationalUnit -Name Staff -Path "DC=contoso,DC=com"
New-Mailbox -Name David -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName david@contoso.com
New-Mailbox -Name Sam -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName sam@contoso.com
New-Mailbox -Name Sara -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName sara@contoso.com
New-Mailbox -Name Brian -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName brian@contoso.com
New-Mailbox -Name Isabel -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName isabel@contoso.com
New-ADUser -Name Sid -Path "OU=Staff,DC=contoso,DC=com" -UserPrincipalName sid@contoso.com
Set-User Sam -Department Sales
Set-User Sara -Department Sales
Set-User Sid -Department Sales
New-ADGroup -Name "Training Assistants" -Path "OU=Staff,DC=contoso,DC=com" -GroupScope Universal -GroupCategory Security

# --- Add-RoleGroupMember -------------------------------------------------------------
# Add-RoleGroupMember.md, example 1 (Administrator is in Organization
# Management, Recipient Management's manager, so no bypass switch is needed).
#@ ok
Add-RoleGroupMember "Recipient Management" -Member David
#@ output David
Get-RoleGroupMember "Recipient Management"
#@ as David
#@ ok
Set-Mailbox Sam -CustomAttribute1 "david"
#@ as Administrator

# Example 2: -WhatIf shows what would be added and changes nothing.
New-RoleGroup "Sales and Marketing Group" -Roles "Mail Recipients"
#@ ok
Get-User -Filter "Department -eq 'Sales' -and RecipientType -eq 'UserMailbox'" | Get-Mailbox | Add-RoleGroupMember "Sales and Marketing Group" -WhatIf
#@ count 0
Get-RoleGroupMember "Sales and Marketing Group"
# Without -WhatIf the Sales mailboxes join (Sid, a user without a mailbox, doesn't).
#@ ok
Get-User -Filter "Department -eq 'Sales' -and RecipientType -eq 'UserMailbox'" | Get-Mailbox | Add-RoleGroupMember "Sales and Marketing Group"
#@ count 2
#@ output Sam
#@ output Sara
#@ no-output Sid
Get-RoleGroupMember "Sales and Marketing Group"

# Example 3: a USG added by a Role Management holder who isn't a manager.
New-RoleGroup "Training Administrators" -Roles "Mail Recipients" -ManagedBy Isabel
#@ error manager of the group
Add-RoleGroupMember "Training Administrators" -Member "Training Assistants"
#@ ok
Add-RoleGroupMember "Training Administrators" -Member "Training Assistants" -BypassSecurityGroupManagerCheck
#@ output Training Assistants
Get-RoleGroupMember "Training Administrators"

# --- Remove-RoleGroupMember ------------------------------------------------------------
# Remove-RoleGroupMember.md, example 2, as published: the stray "-" before
# RecipientType makes the OPATH filter invalid.
#@ error Invalid filter syntax
Get-User -Filter "Department -eq 'Sales' -and -RecipientType -eq 'UserMailbox'" | Get-Mailbox | Remove-RoleGroupMember "Sales and Marketing Group" -WhatIf
# The same command with the filter of Add-RoleGroupMember example 2: -WhatIf
# removes nothing.
#@ ok
Get-User -Filter "Department -eq 'Sales' -and RecipientType -eq 'UserMailbox'" | Get-Mailbox | Remove-RoleGroupMember "Sales and Marketing Group" -WhatIf
#@ count 2
Get-RoleGroupMember "Sales and Marketing Group"
#@ ok
Get-User -Filter "Department -eq 'Sales' -and RecipientType -eq 'UserMailbox'" | Get-Mailbox | Remove-RoleGroupMember "Sales and Marketing Group" -Confirm:$false
#@ count 0
Get-RoleGroupMember "Sales and Marketing Group"

# --- Get-RoleAssignmentPolicy ----------------------------------------------------------
New-RoleAssignmentPolicy "End User Policy" -Roles MyBaseOptions, MyContactInformation
# Get-RoleAssignmentPolicy.md, example 1.
#@ count 2
#@ output Default Role Assignment Policy
#@ output End User Policy
Get-RoleAssignmentPolicy
# Example 2.
#@ output MyContactInformation
#@ output IsDefault
#@ output RoleAssignments
Get-RoleAssignmentPolicy "End User Policy" | Format-List
# Example 3.
#@ count 1
#@ output Default Role Assignment Policy
Get-RoleAssignmentPolicy | Where { $_.IsDefault -eq $True }

# --- Set-RoleAssignmentPolicy ----------------------------------------------------------
# Set-RoleAssignmentPolicy.md, example 1: new mailboxes get the new default;
# existing ones keep theirs.
#@ ok
Set-RoleAssignmentPolicy "End User Policy" -IsDefault
#@ count 1
#@ output End User Policy
Get-RoleAssignmentPolicy | Where { $_.IsDefault -eq $True }
New-Mailbox -Name Nina -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName nina@contoso.com
#@ output End User Policy
Get-Mailbox Nina | Format-List RoleAssignmentPolicy
#@ output Default Role Assignment Policy
Get-Mailbox David | Format-List RoleAssignmentPolicy
# Nina's policy has no MyDistributionGroupMembership: she can't list her groups.
#@ as Nina
#@ error is not recognized
Get-DistributionGroupMember "Sales and Marketing Group"
#@ as Administrator

# --- Remove-RoleAssignmentPolicy -------------------------------------------------------
New-RoleAssignmentPolicy "End User" -Roles MyBaseOptions, MyVoiceMail
New-RoleAssignmentPolicy "Seattle End User" -Roles MyBaseOptions
Set-Mailbox Sam -RoleAssignmentPolicy "End User"
Set-Mailbox Sara -RoleAssignmentPolicy "End User"
# Remove-RoleAssignmentPolicy.md, example 1, one command line at a time.
#@ count 2
Get-Mailbox | Where {$_.RoleAssignmentPolicy -Eq "End User"}
# A policy still assigned to mailboxes can't be removed.
#@ error can't be removed
Remove-RoleAssignmentPolicy "End User"
#@ ok
Get-Mailbox | Where {$_.RoleAssignmentPolicy -Eq "End User"} | Set-Mailbox -RoleAssignmentPolicy "Seattle End User"
#@ count 0
Get-Mailbox | Where {$_.RoleAssignmentPolicy -Eq "End User"}
# Nor one still assigned management roles.
#@ error can't be removed
Remove-RoleAssignmentPolicy "End User"
#@ ok
Get-ManagementRoleAssignment -RoleAssignee "End User" | Remove-ManagementRoleAssignment
#@ count 0
Get-ManagementRoleAssignment -RoleAssignee "End User"
#@ ok
Remove-RoleAssignmentPolicy "End User"
#@ error couldn't be found
Get-RoleAssignmentPolicy "End User"
# The default policy can't go while other policies remain.
#@ error can't be removed
Remove-RoleAssignmentPolicy "End User Policy"

# --- policy-assignments-for-mailboxes.md -----------------------------------------------
New-RoleAssignmentPolicy "Engineering Users" -Roles MyBaseOptions, MyContactInformation
# "Change the assignment policy on a mailbox".
#@ ok
Set-Mailbox Brian -RoleAssignmentPolicy "Engineering Users"
#@ output Engineering Users
Get-Mailbox Brian | Format-List RoleAssignmentPolicy
#@ as Brian
#@ ok
Set-User Brian -Phone "555-0101"
#@ as Administrator
# Change the policy of every mailbox that has a given one (with -WhatIf first).
New-RoleAssignmentPolicy "Redmond Users - No Voicemail" -Roles MyBaseOptions
New-RoleAssignmentPolicy "Redmond Users - Voicemail Enabled" -Roles MyBaseOptions, MyVoiceMail
Set-Mailbox Sam -RoleAssignmentPolicy "Redmond Users - No Voicemail"
Set-Mailbox Sara -RoleAssignmentPolicy "Redmond Users - No Voicemail"
#@ ok
Get-Mailbox | Where {$_.RoleAssignmentPolicy -Eq "Redmond Users - No Voicemail"} | Set-Mailbox -RoleAssignmentPolicy "Redmond Users - Voicemail Enabled" -WhatIf
#@ count 2
Get-Mailbox | Where {$_.RoleAssignmentPolicy -Eq "Redmond Users - No Voicemail"}
#@ ok
Get-Mailbox | Where {$_.RoleAssignmentPolicy -Eq "Redmond Users - No Voicemail"} | Set-Mailbox -RoleAssignmentPolicy "Redmond Users - Voicemail Enabled"
#@ count 0
Get-Mailbox | Where {$_.RoleAssignmentPolicy -Eq "Redmond Users - No Voicemail"}
#@ count 2
Get-Mailbox | Where {$_.RoleAssignmentPolicy -Eq "Redmond Users - Voicemail Enabled"}

# --- role-assignment-policies.md ("Manage role assignment policies") ----------------------
# Create an explicit assignment policy.
#@ ok
New-RoleAssignmentPolicy "Limited Mailbox Configuration" -Roles MyBaseOptions, MyAddressInformation, MyDisplayName
#@ output MyAddressInformation
#@ output MyDisplayName
#@ output False
Get-RoleAssignmentPolicy "Limited Mailbox Configuration" | Format-List IsDefault, AssignedRoles
# Create a default assignment policy (the same name, so the first goes first).
Remove-RoleAssignmentPolicy "Limited Mailbox Configuration"
Get-ManagementRoleAssignment -RoleAssignee "Limited Mailbox Configuration" | Remove-ManagementRoleAssignment
Remove-RoleAssignmentPolicy "Limited Mailbox Configuration"
#@ ok
New-RoleAssignmentPolicy "Limited Mailbox Configuration" -Roles MyBaseOptions, MyAddressInformation, MyDisplayName -IsDefault
#@ count 1
#@ output Limited Mailbox Configuration
Get-RoleAssignmentPolicy | Where {$_.IsDefault -eq $True}

# Remove an assignment policy.
New-RoleAssignmentPolicy "New York Temporary Users"
#@ ok
Remove-RoleAssignmentPolicy "New York Temporary Users"
#@ error couldn't be found
Get-RoleAssignmentPolicy "New York Temporary Users"

# View the policies, one policy's details, the default one, and the mailboxes
# that have a policy.
New-RoleAssignmentPolicy "Redmond Users - no Text Messaging" -Roles MyBaseOptions
New-RoleAssignmentPolicy "Vancouver End Users" -Roles MyBaseOptions, MyTextMessaging
#@ output Vancouver End Users
#@ output Default Role Assignment Policy
Get-RoleAssignmentPolicy
#@ output IsDefault
#@ output Vancouver End Users
#@ output True
Get-RoleAssignmentPolicy | Format-Table Name, IsDefault
#@ output Redmond Users - no Text Messaging
#@ output MyBaseOptions
#@ no-output MyTextMessaging
Get-RoleAssignmentPolicy "Redmond Users - no Text Messaging" | Format-List
#@ count 1
#@ output Limited Mailbox Configuration
Get-RoleAssignmentPolicy | Where {$_.IsDefault -eq $True}
# (The Exchange 2013 version of this page nests a second Where inside the
# first; its Exchange Server version, above, is the one that runs.)
Set-Mailbox David -RoleAssignmentPolicy "Vancouver End Users"
#@ count 1
#@ output David
Get-Mailbox | Where {$_.RoleAssignmentPolicy -Eq "Vancouver End Users"}

# Change the default assignment policy: existing mailboxes keep theirs.
#@ ok
Set-RoleAssignmentPolicy "Vancouver End Users" -IsDefault
#@ count 1
#@ output Vancouver End Users
Get-RoleAssignmentPolicy | Where {$_.IsDefault -eq $True}
#@ output Engineering Users
Get-Mailbox Brian | Format-List RoleAssignmentPolicy

# Add a role to an assignment policy (MyVoicemail: role names are case-insensitive).
New-RoleAssignmentPolicy "Seattle Users" -Roles MyBaseOptions
#@ ok
New-ManagementRoleAssignment -Name "Seattle Users - Voicemail" -Role MyVoicemail -Policy "Seattle Users"
#@ output Seattle Users - Voicemail
#@ output MyVoiceMail
Get-ManagementRoleAssignment -RoleAssignee "Seattle Users"

# Remove a role from an assignment policy.
#@ ok
Get-ManagementRoleAssignment -RoleAssignee "Seattle Users" -Role MyVoicemail | Remove-ManagementRoleAssignment
#@ no-output MyVoiceMail
#@ output MyBaseOptions
Get-RoleAssignmentPolicy "Seattle Users" | Format-List AssignedRoles

# --- Set-ManagementRoleAssignment --------------------------------------------------------
# (Set-ManagementRoleAssignment.md examples 1-4 are in ms-assignments.ps1.)
# The "Change a role assignment" procedures add these.
# Source: x13-me/OfficeDocs-Exchange Exchange/ExchangeServer2013/change-a-role-assignment-exchange-2013-help.md
New-ADOrganizationalUnit -Name Engineering -Path "DC=contoso,DC=com"
New-ADOrganizationalUnit -Name Users -Path "OU=Engineering,DC=contoso,DC=com"
New-Mailbox -Name Eve -OrganizationalUnit "contoso.com/Engineering/Users" -UserPrincipalName eve@contoso.com
New-Mailbox -Name John -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName john@contoso.com
New-Mailbox -Name Hank -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName hank@contoso.com
New-Mailbox -Name Rita -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName rita@contoso.com
New-Mailbox -Name Xena -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName xena@contoso.com
New-Mailbox -Name "VP One" -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName vp1@contoso.com
Set-User "VP One" -Title "VP Sales"
Set-User Sam -City Redmond

# Enable or disable a role assignment.
New-ManagementRoleAssignment -Name "Help Desk Assignment" -Role "Mail Recipients" -User Hank
#@ as Hank
#@ ok
Set-Mailbox Sara -CustomAttribute4 "hank"
#@ as Administrator
#@ ok
Set-ManagementRoleAssignment "Help Desk Assignment" -Enabled $false
#@ output False
Get-ManagementRoleAssignment "Help Desk Assignment" | Format-List Enabled
# (Hank keeps Set-Mailbox through his policy's MyBaseOptions, for himself only.)
#@ as Hank
#@ error A parameter cannot be found that matches parameter name 'CustomAttribute4'
Set-Mailbox Sara -CustomAttribute4 "hank again"
#@ as Administrator
#@ ok
Set-ManagementRoleAssignment "Help Desk Assignment" -Enabled $true
#@ as Hank
#@ ok
Set-Mailbox Sara -CustomAttribute4 "hank again"
#@ as Administrator

# A predefined relative scope, as published: the space after the dash makes
# "-" and "RecipientRelativeWriteScope" positional arguments.
New-ManagementRoleAssignment -Name "John's Assignment" -Role "Distribution Groups" -User John
#@ error positional parameter
Set-ManagementRoleAssignment "John's Assignment" - RecipientRelativeWriteScope MyDistributionGroups
#@ ok
Set-ManagementRoleAssignment "John's Assignment" -RecipientRelativeWriteScope MyDistributionGroups
#@ output MyDistributionGroups
Get-ManagementRoleAssignment "John's Assignment" | Format-List RecipientWriteScope

# A recipient filter scope.
New-ManagementScope "Redmond Recipients" -RecipientRestrictionFilter "City -eq 'Redmond'"
New-ManagementRoleAssignment -Name "Redmond Recipient Administrators Assignment" -Role "Mail Recipients" -User Rita
#@ ok
Set-ManagementRoleAssignment "Redmond Recipient Administrators Assignment" -CustomRecipientWriteScope "Redmond Recipients"
#@ output CustomRecipientScope
#@ output Redmond Recipients
Get-ManagementRoleAssignment "Redmond Recipient Administrators Assignment" | Format-List RecipientWriteScope, CustomRecipientWriteScope
#@ as Rita
#@ ok
Set-Mailbox Sam -CustomAttribute5 "redmond"
#@ error isn't within a valid write scope
Set-Mailbox Sara -CustomAttribute5 "redmond"
#@ as Administrator

# A server configuration scope: EX01 isn't one of Redmond's servers.
New-ManagementScope "Redmond Servers" -ServerRestrictionFilter "Name -like 'RED*'"
New-ManagementRoleAssignment -Name "Redmond Administrators Assignment" -Role "Databases" -User Rita
#@ ok
Set-ManagementRoleAssignment "Redmond Administrators Assignment" -CustomConfigWriteScope "Redmond Servers"
#@ output Redmond Servers
Get-ManagementRoleAssignment "Redmond Administrators Assignment" | Format-List CustomConfigWriteScope
#@ as Rita
#@ error isn't within a valid write scope
New-MailboxDatabase -Name "Rita DB" -Server EX01
#@ as Administrator

# A database configuration scope.
New-ManagementScope "Redmond Databases" -DatabaseRestrictionFilter "Name -like 'Redmond*'"
New-ManagementRoleAssignment -Name "Redmond Database Admins" -Role "Databases" -User Hank
#@ ok
Set-ManagementRoleAssignment "Redmond Database Admins" -CustomConfigWriteScope "Redmond Databases"
#@ output Redmond Databases
Get-ManagementRoleAssignment "Redmond Database Admins" | Format-List CustomConfigWriteScope
#@ count 1
Get-ManagementRoleAssignment -CustomConfigWriteScope "Redmond Databases"

# An organizational unit.
New-ManagementRoleAssignment -Name "Engineering Help Desk" -Role "Mail Recipients" -User Isabel
#@ ok
Set-ManagementRoleAssignment "Engineering Help Desk" -RecipientOrganizationalUnitScope contoso.com/Engineering/Users
#@ output contoso.com/Engineering/Users
Get-ManagementRoleAssignment "Engineering Help Desk" | Format-List RecipientOrganizationalUnitScope
#@ as Isabel
#@ ok
Set-Mailbox Eve -CustomAttribute6 "eng"
#@ error isn't within a valid write scope
Set-Mailbox Sam -CustomAttribute6 "eng"
#@ as Administrator

# An exclusive recipient scope replaces the previous one.
New-ManagementScope "Exclusive Executives" -RecipientRestrictionFilter "Title -like 'VP*'" -Exclusive -Force
New-ManagementScope "Exclusive Nobody" -RecipientRestrictionFilter "Title -eq 'Nobody'" -Exclusive -Force
New-ManagementRoleAssignment -Name "Exclusive Executive Users" -Role "Mail Recipients" -User Xena -ExclusiveRecipientWriteScope "Exclusive Nobody"
#@ as Xena
#@ error isn't within a valid write scope
Set-Mailbox "VP One" -CustomAttribute7 "exec"
#@ as Administrator
#@ ok
Set-ManagementRoleAssignment "Exclusive Executive Users" -ExclusiveRecipientWriteScope "Exclusive Executives"
# (Exchange shows an assignment's exclusive scope as its CustomRecipientWriteScope.)
#@ output ExclusiveRecipientScope
#@ output Exclusive Executives
Get-ManagementRoleAssignment "Exclusive Executive Users" | Format-List RecipientWriteScope, CustomRecipientWriteScope
#@ as Xena
#@ ok
Set-Mailbox "VP One" -CustomAttribute7 "exec"
