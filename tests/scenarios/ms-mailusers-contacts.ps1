#@ org contoso.com
# Microsoft's published examples for mail users and mail contacts (the
# "Manage mail users" and "Manage mail contacts" procedures), run verbatim,
# each followed by its documented check.
# Sources: MicrosoftDocs/OfficeDocs-Exchange Exchange/ExchangeServer/recipients/mail-users.md,
# Exchange/ExchangeServer/recipients/mail-contacts.md
#@ as Administrator
New-ADOrganizationalUnit -Name Staff -Path "DC=contoso,DC=com"

# --- mail users -------------------------------------------------------------------------
# mail-users.md, "Use the Exchange Management Shell to create a mail user".
#@ ok
New-MailUser -Name "Jeffrey Zeng" -Alias jeffreyz -ExternalEmailAddress jzeng@tailspintoys.com -FirstName Jeffrey -LastName Zeng -UserPrincipalName jeffreyz@contoso.com -Password (ConvertTo-SecureString -String 'Pa$$word1' -AsPlainText -Force)
# ... and its "How do you know this worked?" check.
#@ output Jeffrey Zeng
#@ output MailUser
#@ output jzeng@tailspintoys.com
Get-MailUser "Jeffrey Zeng" | Format-List Name,RecipientTypeDetails,ExternalEmailAddress
# Created in the default OU, with a user account.
#@ output contoso.com/Users
#@ output Zeng
Get-User jeffreyz@contoso.com | Format-List OrganizationalUnit, LastName
New-MailUser -Name "Pilar Pinilla" -ExternalEmailAddress pilar@fabrikam.com -UserPrincipalName pilarp@contoso.com -OrganizationalUnit "contoso.com/Staff"
New-MailUser -Name "Adatum Vendor" -ExternalEmailAddress vendor@adatum.com -UserPrincipalName vendor@contoso.com
New-Mailbox -Name "Kim Akers" -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName kim@contoso.com
# mail-users.md, "Change mail user properties", the four examples.
#@ ok
Set-MailUser "Pilar Pinilla" -ExternalEmailAddress pilarp@tailspintoys.com
#@ output pilarp@tailspintoys.com
#@ no-output pilar@fabrikam.com
Get-MailUser "Pilar Pinilla" | Format-List ExternalEmailAddress
#@ ok
Get-MailUser | Set-MailUser -HiddenFromAddressListsEnabled $true
#@ count 3
Get-MailUser | where { $_.HiddenFromAddressListsEnabled -eq 'True' }
#@ no-output True
Get-Mailbox "Kim Akers" | Format-List HiddenFromAddressListsEnabled
#@ ok
Get-User -ResultSize unlimited -Filter "RecipientTypeDetails -eq 'mailuser'" | Set-User -Company Contoso
# ... verified as the procedure says: only the mail users changed.
#@ output Jeffrey Zeng
#@ output Pilar Pinilla
#@ output Contoso
Get-User -ResultSize unlimited -Filter "RecipientTypeDetails -eq 'mailuser'" | Format-List Name,Company
#@ no-output Contoso
Get-User "Kim Akers" | Format-List Company
Set-User "Adatum Vendor" -Company Adatum
#@ ok
Get-User -ResultSize unlimited -Filter "(RecipientTypeDetails -eq 'mailuser') -and (Company -eq 'Contoso')" | Set-MailUser -CustomAttribute1 ContosoEmployee
#@ output ContosoEmployee
Get-MailUser "Jeffrey Zeng" | Format-List Name,CustomAttribute1
#@ no-output ContosoEmployee
Get-MailUser "Adatum Vendor" | Format-List Name,CustomAttribute1
# The bulk-edit check.
#@ output Adatum Vendor
#@ no-output Jeffrey Zeng
Get-User -ResultSize unlimited -Filter "(RecipientTypeDetails -eq 'mailuser') -and (Company -eq 'Adatum')" | Format-List Name,Office,Manager
# Removing a mail user removes its account.
#@ ok
Remove-MailUser -Identity "Adatum Vendor"
#@ error couldn't be found
Get-User "Adatum Vendor"

# --- mail contacts ----------------------------------------------------------------------
# mail-contacts.md, "Use the Exchange Management Shell to create a mail contact".
#@ ok
New-MailContact -Name "Debra Garcia" -ExternalEmailAddress dgarcia@tailspintoys.com -OrganizationalUnit Users
#@ output Debra Garcia
#@ output MailContact
#@ output dgarcia@tailspintoys.com
Get-MailContact "Debra Garcia" | Format-List Name,RecipientTypeDetails,ExternalEmailAddress
# The second example (Enable-MailContact on an existing contact) is left out:
# contacts that aren't mail-enabled aren't modelled.
New-MailContact -Name "Kai Axford" -ExternalEmailAddress kai@fabrikam.com -OrganizationalUnit "contoso.com/Staff"
New-MailContact -Name "Karen Toh" -ExternalEmailAddress ktoh@tailspintoys.com -OrganizationalUnit "contoso.com/Staff"
# "Change mail contact properties", the three examples.
#@ ok
Set-Contact "Kai Axford" -Title Consultant -Department "Public Relations" -Company Fabrikam -Manager "Karen Toh"
#@ output Consultant
#@ output Public Relations
#@ output Karen Toh
Get-Contact "Kai Axford" | Format-List Title,Department,Company,Manager
#@ ok
Get-MailContact | Set-MailContact -CustomAttribute1 PartTime -HiddenFromAddressListsEnabled $true
# ... verified as the procedure says.
#@ count 3
Get-MailContact | where { $_.CustomAttribute1 -eq 'PartTime' }
#@ output PartTime
#@ output True
Get-MailContact | Format-List Name,CustomAttribute1,HiddenFromAddressListsEnabled
#@ ok
Get-Contact -Filter "Department -eq 'Public Relations'" | Set-MailContact -CustomAttribute15 TemporaryEmployee
#@ output Kai Axford
#@ output TemporaryEmployee
#@ no-output Debra Garcia
Get-Contact -Filter "Department -eq 'Public Relations'" | Get-MailContact | Format-List Name,CustomAttribute15
# The bulk-edit check (no contact is from Adatum).
#@ no-output Kai Axford
#@ no-output Karen Toh
Get-Contact -ResultSize unlimited -Filter "Company -eq 'Adatum'" | Format-List Name,Office,Manager
#@ ok
Remove-MailContact -Identity "Debra Garcia"
#@ error couldn't be found
Get-MailContact "Debra Garcia"

# --- who may ------------------------------------------------------------------------------
# Creating and removing mail users and contacts is Mail Recipient Creation's
# (Recipient Management); changing them is Mail Recipients' (Help Desk has
# neither).
New-Mailbox -Name Hal -OrganizationalUnit "contoso.com/Staff" -UserPrincipalName hal@contoso.com
Add-RoleGroupMember "Help Desk" -Member Hal -BypassSecurityGroupManagerCheck
Add-RoleGroupMember "Recipient Management" -Member "Kim Akers" -BypassSecurityGroupManagerCheck
#@ as Kim Akers
#@ ok
New-MailContact -Name "Ray Chen" -ExternalEmailAddress ray@fabrikam.com -OrganizationalUnit "contoso.com/Staff"
#@ ok
Set-MailUser "Pilar Pinilla" -CustomAttribute2 Reviewed
#@ as Hal
#@ error is not recognized
New-MailContact -Name "Sam Lee" -ExternalEmailAddress sam@fabrikam.com
#@ error is not recognized
Remove-MailUser -Identity "Pilar Pinilla"
# With AD split permissions nobody creates them any more (docs/semantics.md §5.2).
#@ as Administrator
Set-OrganizationConfig -ActiveDirectorySplitPermissions $true
#@ error is not recognized
New-MailUser -Name "Late User" -ExternalEmailAddress late@fabrikam.com -UserPrincipalName late@contoso.com
#@ error is not recognized
Remove-MailContact -Identity "Ray Chen"
# Changing an existing one still works.
#@ ok
Set-MailContact "Ray Chen" -CustomAttribute3 Kept
