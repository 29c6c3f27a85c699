#@ org contoso.com
# Ways a partial RBAC administrator could once widen their own rights
# (docs/security.md, "Escalation paths we model"), each closed the way
# Microsoft documents or, where it is silent, the safe way
# (docs/semantics.md §2.2 and §2.6).
#@ as Administrator
New-ADOrganizationalUnit -Name Staff -Path "DC=contoso,DC=com"
New-Mailbox -Name Dee -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName dee@contoso.com
New-Mailbox -Name Paul -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName paul@contoso.com
New-Mailbox -Name Rita -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName rita@contoso.com
New-Mailbox -Name Kay -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName kay@contoso.com
New-Mailbox -Name Otto -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName otto@contoso.com
New-Mailbox -Name Olga -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName olga@contoso.com
New-Mailbox -Name Owen -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName owen@contoso.com
New-Mailbox -Name Helper -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName helper@contoso.com
New-Mailbox -Name Second -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName second@contoso.com

# --- 1. A delegate makes someone else a delegate ----------------------------------
# A delegating assignment alone lets Dee hand Mail Recipients out through
# regular assignments, with the cmdlet it opens; -Delegating is a parameter
# of Role Management's entry, which Dee doesn't hold.
#@ as Administrator
#@ ok
New-ManagementRoleAssignment -Role "Mail Recipients" -User Dee -Delegating
#@ ok
New-ManagementRoleAssignment -Name "MR Second delegating" -Role "Mail Recipients" -User Second -Delegating
#@ ok
Set-ManagementRoleAssignment "MR Second delegating" -Enabled $false
#@ as Dee
#@ ok
New-ManagementRoleAssignment -Role "Mail Recipients" -User Helper
#@ error A parameter cannot be found that matches parameter name 'Delegating'
New-ManagementRoleAssignment -Role "Mail Recipients" -User Helper -Delegating
# Re-enabling (or re-scoping) a delegating assignment would make a delegate
# just the same; a regular assignment of the role stays Dee's to change.
#@ error because it's a delegating role assignment
Set-ManagementRoleAssignment "MR Second delegating" -Enabled $true
#@ ok
Set-ManagementRoleAssignment "Mail Recipients-Helper" -Enabled $false
#@ as Administrator
#@ output Mail Recipients-Dee
#@ no-output Mail Recipients-Helper
Get-ManagementRoleAssignment -Role "Mail Recipients" -Delegating $true -Enabled $true
# Whoever holds New-ManagementRoleAssignment with -Delegating (a child of
# Role Management that kept it) and a delegating assignment of the role may
# make delegates of it; the same child without the parameter may not.
#@ as Administrator
#@ ok
New-ManagementRole "Assigners" -Parent "Role Management" -EnabledCmdlets New-ManagementRoleAssignment,Get-ManagementRoleAssignment
#@ ok
New-ManagementRoleAssignment -Role "Assigners" -User Paul
#@ ok
New-ManagementRoleAssignment -Role "Mail Recipients" -User Paul -Delegating
#@ as Paul
#@ ok
New-ManagementRoleAssignment -Name "MR Helper delegating" -Role "Mail Recipients" -User Helper -Delegating
#@ as Administrator
#@ ok
Set-ManagementRoleEntry "Assigners\New-ManagementRoleAssignment" -Parameters Delegating -RemoveParameter
#@ as Paul
#@ error A parameter cannot be found that matches parameter name 'Delegating'
New-ManagementRoleAssignment -Role "Mail Recipients" -User Second -Delegating
#@ ok
New-ManagementRoleAssignment -Role "Mail Recipients" -User Second
