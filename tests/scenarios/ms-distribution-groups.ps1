#@ org contoso.com
# Microsoft's published examples for the distribution group cmdlets and the
# "Manage distribution groups" procedure, run verbatim, each followed by a
# check of its documented effect.
# Sources: MicrosoftDocs/office-docs-powershell exchange/exchange-ps/ExchangePowerShell/<Cmdlet>.md,
# MicrosoftDocs/OfficeDocs-Exchange Exchange/ExchangeServer/recipients/distribution-groups.md
#@ as Administrator
New-ADOrganizationalUnit -Name Staff -Path "DC=contoso,DC=com"
New-Mailbox -Name Chris -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName chris@contoso.com
New-Mailbox -Name Michelle -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName michelle@contoso.com
New-Mailbox -Name Laura -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName laura@contoso.com
New-Mailbox -Name Julia -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName julia@contoso.com
New-Mailbox -Name "John Evans" -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName JohnEvans@contoso.com
New-Mailbox -Name "Jan Dryml" -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName jan@contoso.com
New-Mailbox -Name Amy -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName amy@contoso.com

# --- New-DistributionGroup ------------------------------------------------------------
# New-DistributionGroup.md, example 1: a mail-enabled security group, no members.
#@ ok
New-DistributionGroup -Name "Managers" -Type "Security"
#@ output MailUniversalSecurityGroup
#@ output Universal, SecurityEnabled
Get-DistributionGroup Managers | Format-List RecipientTypeDetails, GroupType
#@ count 0
Get-DistributionGroupMember -Identity Managers
# The creator owns it; join and leave are closed on a security group.
#@ output contoso.com/Users/Administrator
#@ output Closed
#@ no-output Open
Get-DistributionGroup Managers | Format-List ManagedBy, MemberJoinRestriction, MemberDepartRestriction
# Example 2.
#@ ok
New-DistributionGroup -Name "ITDepartment" -Members chris@contoso.com,michelle@contoso.com,laura@contoso.com,julia@contoso.com
#@ count 4
Get-DistributionGroupMember -Identity ITDepartment
#@ output MailUniversalDistributionGroup
#@ output Universal
#@ no-output SecurityEnabled
Get-DistributionGroup ITDepartment | Format-List RecipientTypeDetails, GroupType
# A distribution group: closed to join, open to leave.
#@ output Closed
#@ output Open
Get-DistributionGroup ITDepartment | Format-List MemberJoinRestriction, MemberDepartRestriction

# distribution-groups.md, "Use the Exchange Management Shell to create a distribution group".
#@ ok
New-DistributionGroup -Name "IT Administrators" -Alias itadmin -MemberJoinRestriction open
# ... and its "How do you know this worked?" check.
#@ output IT Administrators
#@ output MailUniversalDistributionGroup
Get-DistributionGroup "IT Administrators" | Format-List Name,RecipientTypeDetails,PrimarySmtpAddress
#@ output open
Get-DistributionGroup itadmin | Format-List MemberJoinRestriction

# --- Get-DistributionGroup ------------------------------------------------------------
New-DistributionGroup -Name "Marketing Reports" -ManagedBy Amy
New-DistributionGroup -Name "Marketing USA" -Members Chris, Laura
# Get-DistributionGroup.md, example 1.
#@ output Managers
#@ output ITDepartment
#@ output Marketing Reports
Get-DistributionGroup
# Example 2.
#@ output Marketing Reports
#@ output contoso.com/Staff/Amy
Get-DistributionGroup -Identity "Marketing Reports" | Format-List
# Example 3.
#@ output Marketing Reports
#@ output Marketing USA
#@ no-output ITDepartment
Get-DistributionGroup -Anr marketing | Format-Table Name, ManagedBy -Auto

# --- Set-DistributionGroup ------------------------------------------------------------
New-DistributionGroup -Name Accounting
# Set-DistributionGroup.md, example 1.
#@ ok
Set-DistributionGroup -Identity "Accounting" -DisplayName "Accounting Group"
#@ output Accounting Group
Get-DistributionGroup Accounting | Format-List DisplayName
# Example 2 is left out: room lists (and room mailboxes) aren't modelled.
# Example 3: a rename (no naming policy here, so -IgnoreNamingPolicy changes nothing).
New-DistributionGroup -Name Ed_DirectReports
#@ ok
Set-DistributionGroup -Identity Ed_DirectReports -Name Ayla_DirectReports -IgnoreNamingPolicy
# Only the name changes: the alias stays Ed_DirectReports.
#@ output Ayla_DirectReports
#@ no-output Ed_DirectReports
(Get-DistributionGroup Ed_DirectReports).Name
#@ count 0
Get-Group -Identity Ed_*

# distribution-groups.md, "change distribution group properties".
New-DistributionGroup -Name "Seattle Employees" -Alias employees
#@ ok
Set-DistributionGroup "Seattle Employees" -EmailAddresses SMTP:sea.employees@contoso.com,smtp:employees@contoso.com
#@ output SMTP:sea.employees@contoso.com
Get-DistributionGroup "Seattle Employees" | Format-List EmailAddresses
# The 10 MB receive limit goes to distribution groups, not to security groups.
#@ ok
Get-DistributionGroup -ResultSize unlimited -Filter "RecipientTypeDetails -eq 'MailUniversalDistributionGroup'" | Set-DistributionGroup -MaxReceiveSize 10MB
#@ output 10 MB (10,485,760 bytes)
Get-DistributionGroup ITDepartment | Format-List MaxReceiveSize
#@ no-output 10 MB
Get-DistributionGroup Managers | Format-List MaxReceiveSize
# The moderation example (Customer Support, -ModeratedBy) is left out:
# moderation isn't modelled.
New-DistributionGroup -Name "Dog Lovers" -ManagedBy Amy -MemberJoinRestriction Open
#@ ok
Set-DistributionGroup -Identity "Dog Lovers" -MemberJoinRestriction 'ApprovalRequired' -BypassSecurityGroupManagerCheck
#@ output ApprovalRequired
Get-DistributionGroup "Dog Lovers" | Format-List MemberJoinRestriction

# --- members --------------------------------------------------------------------------
New-DistributionGroup -Name Staff
# Add-DistributionGroupMember.md, example 1.
#@ ok
Add-DistributionGroupMember -Identity "Staff" -Member "JohnEvans@contoso.com"
#@ output John Evans
Get-DistributionGroupMember -Identity Staff
New-DistributionGroup -Name "Technical Support" -Members "Jan Dryml", Amy
# Remove-DistributionGroupMember.md, example 1.
#@ ok
Remove-DistributionGroupMember -Identity "Technical Support" -Member "Jan Dryml"
#@ no-output Jan Dryml
#@ output Amy
Get-DistributionGroupMember -Identity "Technical Support"
# Get-DistributionGroupMember.md, example 1.
#@ count 2
#@ output Chris
#@ output Laura
Get-DistributionGroupMember -Identity "Marketing USA"
# Example 2 (one forest here: the forest-wide view changes nothing).
New-DistributionGroup -Name "Marketing Worldwide" -Members Julia
#@ ok
Set-ADServerSettings -ViewEntireForest $true
#@ output Julia
Get-DistributionGroupMember -Identity "Marketing Worldwide"
# Example 3 is left out: Microsoft 365 Groups (Exchange Online).
New-DistributionGroup -Name "Research Reports" -Members Amy, "John Evans"
# Update-DistributionGroupMember.md, example 1: the list replaces the members.
#@ ok
Update-DistributionGroupMember -Identity "Research Reports" -Members chris@contoso.com,michelle@contoso.com,laura@contoso.com,julia@contoso.com
#@ count 4
#@ no-output Amy
#@ output Michelle
Get-DistributionGroupMember -Identity "Research Reports"

# --- Get-Group / Set-Group -----------------------------------------------------------
New-ADGroup -Name "Legal Department" -Path "OU=Staff,DC=contoso,DC=com" -GroupScope Global -GroupCategory Security
New-ADGroup -Name "Human Resources" -Path "OU=Staff,DC=contoso,DC=com" -GroupScope Universal -GroupCategory Security
# Get-Group.md, example 1: every group, mail-enabled or not, role groups too.
#@ output Marketing Reports
#@ output Legal Department
#@ output Organization Management
Get-Group
# Example 2.
#@ output Marketing Reports
#@ output MailUniversalDistributionGroup
Get-Group -Identity "Marketing Reports" | Format-List
# Example 3.
#@ output Marketing Reports
#@ output Marketing USA
#@ output Marketing Worldwide
#@ no-output Legal Department
Get-Group -Anr Mar*
# Set-Group.md, example 1: a global group becomes universal, with a note.
#@ output Global, SecurityEnabled
Get-Group "Legal Department" | Format-List GroupType
#@ ok
Set-Group -Identity "Legal Department" -Universal -Notes "verified"
#@ output Universal, SecurityEnabled
#@ output verified
Get-Group "Legal Department" | Format-List GroupType, Notes
# Example 2.
#@ ok
Set-Group -Identity "Human Resources" -IsHierarchicalGroup $true -SeniorityIndex 1
#@ output True
#@ output 1
Get-Group "Human Resources" | Format-List IsHierarchicalGroup, SeniorityIndex

# --- Remove-DistributionGroup ----------------------------------------------------------
New-DistributionGroup -Name "Temporary Staff"
# Remove-DistributionGroup.md, example 1.
#@ ok
Remove-DistributionGroup -Identity "Temporary Staff"
#@ error couldn't be found
Get-DistributionGroup "Temporary Staff"

# --- owners and the manager check (docs/semantics.md §2.6, §8) ---------------------------
# Amy owns Marketing Reports; on a distribution group the write scope decides
# (§8): a Recipient Management member who isn't an owner still changes it.
New-Mailbox -Name Kim -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName kim@contoso.com
Add-RoleGroupMember "Recipient Management" -Member Kim -BypassSecurityGroupManagerCheck
#@ as Kim
#@ ok
Add-DistributionGroupMember -Identity "Marketing Reports" -Member Julia
# A mail-enabled security group needs its owner: Kim isn't Managers' owner,
# and Recipient Management doesn't hold the bypass switch.
#@ error manager of the group
Add-DistributionGroupMember -Identity Managers -Member Julia
#@ error A parameter cannot be found that matches parameter name 'BypassSecurityGroupManagerCheck'
Add-DistributionGroupMember -Identity Managers -Member Julia -BypassSecurityGroupManagerCheck
#@ error manager of the group
Set-DistributionGroup -Identity Managers -DisplayName "All Managers"
#@ error manager of the group
Remove-DistributionGroup -Identity Managers
# Organization Management members use the switch.
#@ as Administrator
#@ ok
Set-DistributionGroup -Identity Managers -ManagedBy Kim -BypassSecurityGroupManagerCheck
#@ output contoso.com/Staff/Kim
#@ no-output Administrator
Get-DistributionGroup Managers | Format-List ManagedBy
# Now its owner, Kim manages it without the switch.
#@ as Kim
#@ ok
Add-DistributionGroupMember -Identity Managers -Member Julia
#@ ok
Set-DistributionGroup -Identity Managers -DisplayName "All Managers"
#@ output Julia
Get-DistributionGroupMember Managers
#@ ok
New-DistributionGroup -Name "Kim Distribution"
#@ output contoso.com/Staff/Kim
Get-DistributionGroup "Kim Distribution" | Format-List ManagedBy

# --- end users: join and leave (MyDistributionGroupMembership) -------------------------
#@ as Julia
# "IT Administrators" is open to join (set above); ITDepartment is closed.
#@ ok
Add-DistributionGroupMember -Identity "IT Administrators" -Member Julia
#@ error manager of the group
Add-DistributionGroupMember -Identity ITDepartment -Member Amy
#@ error manager of the group
Add-DistributionGroupMember -Identity "Marketing Reports" -Member Chris
# Leaving a distribution group is open by default; a security group's isn't.
#@ ok
Remove-DistributionGroupMember -Identity ITDepartment -Member Julia
#@ error manager of the group
Remove-DistributionGroupMember -Identity Managers -Member Julia
#@ as Administrator
#@ output Julia
Get-DistributionGroupMember "IT Administrators"
#@ no-output Julia
Get-DistributionGroupMember ITDepartment
