//! Configuration cmdlets: servers, databases, organization settings.

use super::{CmdletDef, Kind, check_write, identity_matches, not_found, readable, required};
use crate::error::ShellError;
use crate::invoke::Call;
use crate::objects;
use crate::session::Session;
use crate::value::Value;
use exrbac_core::*;

macro_rules! ex {
    ($name:literal, $run:expr) => {
        CmdletDef {
            name: $name,
            kind: Kind::Exchange,
            sig: None,
            run: $run,
        }
    };
}

pub(super) fn defs() -> Vec<CmdletDef> {
    vec![
        ex!("Get-ExchangeServer", get_server),
        ex!("Get-MailboxDatabase", get_database),
        ex!("New-MailboxDatabase", new_database),
        ex!("Get-OrganizationConfig", get_org_config),
        ex!("Set-OrganizationConfig", set_org_config),
        ex!("Get-ADServerSettings", get_ad_server_settings),
        ex!("Set-ADServerSettings", set_ad_server_settings),
    ]
}

type R = Result<Vec<Value>, ShellError>;

fn get_server(s: &mut Session<'_>, call: &Call, _: Vec<Value>) -> R {
    let identity = call.bound.str("Identity");
    // Every server of the model is in the organization's own domain.
    let domain = call.bound.str("Domain");
    if domain
        .as_deref()
        .is_some_and(|d| !names::eq(d.trim_end_matches('.'), &s.org.name))
    {
        return Ok(Vec::new());
    }
    let out: Vec<Value> = s
        .org
        .servers()
        .filter(|(_, x)| identity_matches(identity.as_deref(), &x.name))
        .filter(|(id, _)| readable(s, call, Target::Server(*id)))
        .map(|(id, _)| objects::server(s.org, id))
        .collect();
    if out.is_empty()
        && let Some(i) = identity.filter(|i| !names::has_wildcard(i))
    {
        return Err(not_found(s, &i));
    }
    Ok(out)
}

fn get_database(s: &mut Session<'_>, call: &Call, _: Vec<Value>) -> R {
    let identity = call.bound.str("Identity");
    let server = match call.bound.str("Server") {
        Some(n) => Some(s.org.find_server(&n).ok_or_else(|| not_found(s, &n))?),
        None => None,
    };
    let out: Vec<Value> = s
        .org
        .databases()
        .filter(|(_, d)| identity_matches(identity.as_deref(), &d.name))
        .filter(|(_, d)| server.is_none_or(|x| x == d.server))
        .filter(|(id, _)| readable(s, call, Target::Database(*id)))
        .map(|(id, _)| objects::database(s.org, id))
        .collect();
    if out.is_empty()
        && let Some(i) = identity.filter(|i| !names::has_wildcard(i))
    {
        return Err(not_found(s, &i));
    }
    Ok(out)
}

fn new_database(s: &mut Session<'_>, call: &Call, _: Vec<Value>) -> R {
    let name = required(call, "Name")?;
    let server_name = required(call, "Server")?;
    let server = s
        .org
        .find_server(&server_name)
        .ok_or_else(|| not_found(s, &server_name))?;
    // A new database is written on its server: the server must be in the
    // caller's configuration write scope.
    check_write(s, call, Target::Server(server))?;
    let id = s.org.new_database(&name, server)?;
    // Every other property the role entry allowed (EdbFilePath,
    // LogFolderPath, …) is kept and shown.
    for (k, v) in &call.bound.params {
        if ["Name", "Server", "DomainController", "Force"]
            .iter()
            .any(|n| names::eq(n, k))
            || exrbac_core::engine::is_common_parameter(k)
        {
            continue;
        }
        let text = match v {
            Value::Null => None,
            other => Some(other.to_text()),
        };
        s.org.set_database_attr(id, k, text)?;
    }
    Ok(vec![objects::database(s.org, id)])
}

fn get_org_config(s: &mut Session<'_>, call: &Call, _: Vec<Value>) -> R {
    if !readable(s, call, Target::OrganizationConfig) {
        return Ok(Vec::new());
    }
    Ok(vec![objects::organization_config(s.org)])
}

/// `-ActiveDirectorySplitPermissions` stands for Exchange setup's
/// `/PrepareAD /ActiveDirectorySplitPermissions`: switching it on removes the
/// regular assignments of the two roles that create security principals,
/// from everyone; switching it off restores nothing (docs/semantics.md).
fn set_org_config(s: &mut Session<'_>, call: &Call, _: Vec<Value>) -> R {
    check_write(s, call, Target::OrganizationConfig)?;
    if let Some(on) = call.bound.bool("ActiveDirectorySplitPermissions") {
        // Setup's switch needs directory rights as well (Organization
        // Management alone can't prepare Active Directory).
        if !super::is_domain_admin(s, &call.principal) {
            return Err(ShellError::fatal(
                "A parameter cannot be found that matches parameter name 'ActiveDirectorySplitPermissions'.",
            ));
        }
        s.org.set_ad_split_permissions(on);
    }
    // Every other setting the role entry allowed is kept as given.
    for (k, v) in &call.bound.params {
        if [
            "ActiveDirectorySplitPermissions",
            "Identity",
            "DomainController",
            "Force",
        ]
        .iter()
        .any(|n| names::eq(n, k))
            || exrbac_core::engine::is_common_parameter(k)
        {
            continue;
        }
        let text = match v {
            Value::Null => None,
            Value::Array(a) => Some(a.iter().map(Value::to_text).collect::<Vec<_>>().join(",")),
            other => Some(other.to_text()),
        };
        s.org.set_setting(k, text);
    }
    Ok(Vec::new())
}

fn get_ad_server_settings(s: &mut Session<'_>, _: &Call, _: Vec<Value>) -> R {
    let root = s
        .ad_settings
        .recipient_view_root
        .and_then(|o| s.org.ou(o))
        .map(|o| o.canonical.clone())
        .unwrap_or_else(|| s.org.name.to_lowercase());
    Ok(vec![
        crate::value::Object::new("RunspaceServerSettingsPresentationObject")
            .with("ViewEntireForest", s.ad_settings.view_entire_forest)
            .with("DefaultGlobalCatalog", super::dc_name(s))
            .with("DefaultConfigurationDomainController", super::dc_name(s))
            .with("RecipientViewRoot", root)
            .into(),
    ])
}

/// The session's view of the directory (Set-AdServerSettings.md): the whole
/// forest (one domain here), or the OU or domain given as RecipientViewRoot,
/// which the recipient Get cmdlets then stay below. Domain controller
/// preferences are accepted and change nothing: there is one directory.
fn set_ad_server_settings(s: &mut Session<'_>, call: &Call, _: Vec<Value>) -> R {
    if let Some(root) = call.bound.str("RecipientViewRoot") {
        let ou = super::find_ou(s, &root)?;
        s.ad_settings.recipient_view_root = (ou != s.org.root_ou()).then_some(ou);
        s.ad_settings.view_entire_forest = false;
    }
    if let Some(v) = call.bound.bool("ViewEntireForest") {
        s.ad_settings.view_entire_forest = v;
        if v {
            s.ad_settings.recipient_view_root = None;
        }
    }
    Ok(Vec::new())
}
