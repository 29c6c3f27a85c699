//! The ActiveDirectory module's cmdlets that the scenarios use to build the
//! directory Exchange sits on. Only Domain Admins run them; they are not
//! Exchange RBAC and Active Directory split permissions never limits them.

use super::{CmdletDef, Kind, find_ou, required};
use crate::error::ShellError;
use crate::invoke::Call;
use crate::session::Session;
use crate::value::Value;
use exrbac_core::{NewRecipient, RecipientKind, names, well_known};
use std::collections::BTreeMap;

const USER_ATTRS: &[(&str, &str)] = &[
    ("UserPrincipalName", "UserPrincipalName"),
    ("SamAccountName", "SamAccountName"),
    ("GivenName", "FirstName"),
    ("Surname", "LastName"),
    ("DisplayName", "DisplayName"),
    ("Department", "Department"),
    ("Title", "Title"),
    ("Office", "Office"),
    ("City", "City"),
    ("Company", "Company"),
    ("MobilePhone", "MobilePhone"),
    ("OfficePhone", "Phone"),
    ("State", "StateOrProvince"),
    ("Country", "CountryOrRegion"),
    ("Description", "Description"),
    ("EmailAddress", "WindowsEmailAddress"),
];

pub(super) fn defs() -> Vec<CmdletDef> {
    vec![
        CmdletDef {
            name: "New-ADOrganizationalUnit",
            kind: Kind::Directory,
            sig: Some(&[
                ("Name", false, Some(0), false),
                ("Path", false, None, false),
                ("Description", false, None, false),
                ("ProtectedFromAccidentalDeletion", false, None, false),
            ]),
            run: new_ou,
        },
        CmdletDef {
            name: "New-ADUser",
            kind: Kind::Directory,
            sig: Some(&[
                ("Name", false, Some(0), false),
                ("Path", false, None, false),
                ("UserPrincipalName", false, None, false),
                ("SamAccountName", false, None, false),
                ("GivenName", false, None, false),
                ("Surname", false, None, false),
                ("DisplayName", false, None, false),
                ("Department", false, None, false),
                ("Title", false, None, false),
                ("Office", false, None, false),
                ("City", false, None, false),
                ("Company", false, None, false),
                ("MobilePhone", false, None, false),
                ("OfficePhone", false, None, false),
                ("State", false, None, false),
                ("Country", false, None, false),
                ("Description", false, None, false),
                ("EmailAddress", false, None, false),
                ("Enabled", false, None, false),
                ("AccountPassword", false, None, false),
                ("Manager", false, None, false),
            ]),
            run: new_user,
        },
        CmdletDef {
            name: "Set-ADUser",
            kind: Kind::Directory,
            sig: Some(&[
                ("Identity", false, Some(0), true),
                ("UserPrincipalName", false, None, false),
                ("SamAccountName", false, None, false),
                ("GivenName", false, None, false),
                ("Surname", false, None, false),
                ("DisplayName", false, None, false),
                ("Department", false, None, false),
                ("Title", false, None, false),
                ("Office", false, None, false),
                ("City", false, None, false),
                ("Company", false, None, false),
                ("MobilePhone", false, None, false),
                ("OfficePhone", false, None, false),
                ("State", false, None, false),
                ("Country", false, None, false),
                ("Description", false, None, false),
                ("EmailAddress", false, None, false),
                ("Enabled", false, None, false),
                ("Manager", false, None, false),
            ]),
            run: set_user,
        },
        CmdletDef {
            name: "New-ADGroup",
            kind: Kind::Directory,
            sig: Some(&[
                ("Name", false, Some(0), false),
                ("GroupScope", false, Some(1), false),
                ("GroupCategory", false, None, false),
                ("Path", false, None, false),
                ("Description", false, None, false),
                ("DisplayName", false, None, false),
                ("SamAccountName", false, None, false),
                ("ManagedBy", false, None, false),
            ]),
            run: new_group,
        },
        CmdletDef {
            name: "Add-ADGroupMember",
            kind: Kind::Directory,
            sig: Some(&[
                ("Identity", false, Some(0), true),
                ("Members", false, Some(1), false),
            ]),
            run: add_member,
        },
        CmdletDef {
            name: "Remove-ADGroupMember",
            kind: Kind::Directory,
            sig: Some(&[
                ("Identity", false, Some(0), true),
                ("Members", false, Some(1), false),
            ]),
            run: remove_member,
        },
    ]
}

fn path_ou(
    s: &Session<'_>,
    call: &Call,
    default_users: bool,
) -> Result<exrbac_core::OuId, ShellError> {
    match call.bound.str("Path") {
        Some(p) => find_ou(s, &p).map_err(|_| {
            ShellError::fatal(format!(
                "Directory object not found: the path \"{p}\" doesn't exist."
            ))
        }),
        None if default_users => {
            let root = s
                .org
                .ou(s.org.root_ou())
                .map(|o| o.canonical.clone())
                .unwrap_or_default();
            find_ou(s, &format!("{root}/{}", well_known::USERS))
        }
        None => Ok(s.org.root_ou()),
    }
}

fn new_ou(s: &mut Session<'_>, call: &Call, _: Vec<Value>) -> Result<Vec<Value>, ShellError> {
    let name = required(call, "Name")?;
    let parent = path_ou(s, call, false)?;
    let id = s.org.new_ou(&name, parent).map_err(|e| match e {
        exrbac_core::CoreError::AlreadyExists(_) => {
            ShellError::fatal("An attempt was made to add an object to the directory with a name that is already in use")
        }
        other => other.into(),
    })?;
    let _ = id;
    Ok(Vec::new())
}

fn attrs_from(call: &Call) -> BTreeMap<String, String> {
    let mut attrs = BTreeMap::new();
    for (param, prop) in USER_ATTRS {
        if let Some(v) = call.bound.str(param) {
            attrs.insert(prop.to_string(), v);
        }
    }
    attrs
}

fn new_user(s: &mut Session<'_>, call: &Call, _: Vec<Value>) -> Result<Vec<Value>, ShellError> {
    let name = required(call, "Name")?;
    let ou = path_ou(s, call, true)?;
    let mut attrs = attrs_from(call);
    attrs
        .entry("SamAccountName".to_string())
        .or_insert_with(|| name.replace(' ', ""));
    // Accounts are usable as principals at once: the scenarios sign in as
    // users created here without setting a password.
    let enabled = call.bound.bool("Enabled").unwrap_or(true);
    crate::audit::stamp_created(&mut attrs);
    s.org.new_recipient(NewRecipient {
        name,
        ou,
        kind: RecipientKind::User,
        attrs,
        enabled,
    })?;
    Ok(Vec::new())
}

fn set_user(s: &mut Session<'_>, call: &Call, _: Vec<Value>) -> Result<Vec<Value>, ShellError> {
    let identity = required(call, "Identity")?;
    let id = s.org.find_recipient(&identity).ok_or_else(|| {
        ShellError::fatal(format!("Cannot find an object with identity: '{identity}'"))
    })?;
    for (param, prop) in USER_ATTRS {
        if call.bound.has(param) {
            let v = call.bound.str(param).filter(|v| !v.is_empty());
            s.org.set_attr(id, prop, v)?;
        }
    }
    if let Some(e) = call.bound.bool("Enabled") {
        s.org.set_enabled(id, e)?;
    }
    Ok(Vec::new())
}

fn new_group(s: &mut Session<'_>, call: &Call, _: Vec<Value>) -> Result<Vec<Value>, ShellError> {
    let name = required(call, "Name")?;
    let ou = path_ou(s, call, true)?;
    let category = call
        .bound
        .str("GroupCategory")
        .unwrap_or_else(|| "Security".to_string());
    let kind = if names::eq(&category, "Distribution") {
        RecipientKind::DistributionGroup
    } else {
        RecipientKind::SecurityGroup
    };
    let mut attrs = BTreeMap::new();
    for k in ["Description", "DisplayName", "SamAccountName"] {
        if let Some(v) = call.bound.str(k) {
            attrs.insert(k.to_string(), v);
        }
    }
    // Only the exception is kept: Exchange's groups are universal, and
    // `Set-Group -Universal` converts the others.
    if let Some(scope) = call.bound.str("GroupScope")
        && !names::eq(&scope, "Universal")
    {
        let scope = if names::eq(&scope, "Global") || scope == "1" {
            "Global"
        } else if names::eq(&scope, "DomainLocal") || scope == "0" {
            "DomainLocal"
        } else {
            return Err(ShellError::fatal(format!(
                "Cannot bind parameter 'GroupScope'. Cannot convert value \"{scope}\" to type \"Microsoft.ActiveDirectory.Management.ADGroupScope\". Error: \"Unable to match the identifier name {scope} to a valid enumerator name. Specify one of the following enumerator names and try again: DomainLocal, Global, Universal\""
            )));
        };
        attrs.insert("GroupScope".to_string(), scope.to_string());
    }
    crate::audit::stamp_created(&mut attrs);
    s.org.new_recipient(NewRecipient {
        name,
        ou,
        kind,
        attrs,
        enabled: true,
    })?;
    Ok(Vec::new())
}

fn members(
    s: &Session<'_>,
    call: &Call,
) -> Result<(exrbac_core::RecipientId, Vec<exrbac_core::RecipientId>), ShellError> {
    let identity = required(call, "Identity")?;
    let g = s.org.find_recipient(&identity).ok_or_else(|| {
        ShellError::fatal(format!("Cannot find an object with identity: '{identity}'"))
    })?;
    let mut out = Vec::new();
    for m in call.bound.strs("Members") {
        out.push(s.org.find_recipient(&m).ok_or_else(|| {
            ShellError::fatal(format!("Cannot find an object with identity: '{m}'"))
        })?);
    }
    Ok((g, out))
}

fn add_member(s: &mut Session<'_>, call: &Call, _: Vec<Value>) -> Result<Vec<Value>, ShellError> {
    let (g, ms) = members(s, call)?;
    for m in ms {
        match s.org.add_member(g, m) {
            Ok(()) | Err(exrbac_core::CoreError::AlreadyMember(..)) => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(Vec::new())
}

fn remove_member(
    s: &mut Session<'_>,
    call: &Call,
    _: Vec<Value>,
) -> Result<Vec<Value>, ShellError> {
    let (g, ms) = members(s, call)?;
    for m in ms {
        s.org.remove_member(g, m)?;
    }
    Ok(Vec::new())
}
