//! Documented Exchange cmdlets whose objects exrbac doesn't keep (transport
//! rules, connectors, virtual directories, …). RBAC decides about them as
//! about any other — not recognized without a role entry (E1), unknown
//! parameters (E2), the write scope — so a role holder can run them; then a
//! Get finds nothing and a change is checked but not kept, with a warning.

use super::{CmdletDef, Kind, check_write, find_recipient};
use crate::error::ShellError;
use crate::invoke::Call;
use crate::session::Session;
use crate::value::Value;
use exrbac_core::{Target, names};

/// A definition for every documented cmdlet the shell doesn't implement.
pub(super) fn defs(implemented: &[CmdletDef]) -> Vec<CmdletDef> {
    exrbac_catalog::cmdlets()
        .filter(|c| !implemented.iter().any(|d| names::eq(d.name, &c.name)))
        .map(|c| CmdletDef {
            name: c.name.as_str(),
            kind: Kind::Exchange,
            sig: None,
            run,
        })
        .collect()
}

fn run(s: &mut Session<'_>, call: &Call, _: Vec<Value>) -> Result<Vec<Value>, ShellError> {
    let verb = call.name.split('-').next().unwrap_or_default();
    if !names::eq(verb, "Get") {
        // A change to a recipient (Set-CASMailbox, Add-MailboxPermission, …)
        // must find it in the write scope; anything else is configuration.
        let target = match call.bound.str("Identity") {
            Some(i) if s.org.find_recipient(&i).is_some() => {
                Target::Recipient(find_recipient(s, call, &i, |_| true)?)
            }
            _ => Target::OrganizationConfig,
        };
        check_write(s, call, target)?;
    }
    s.write_warning(format!(
        "{} is allowed, but exrbac doesn't keep the objects it manages: nothing was read or changed.",
        call.name
    ));
    Ok(Vec::new())
}
