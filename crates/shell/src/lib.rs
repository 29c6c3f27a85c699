//! The Exchange Management Shell over the exrbac core: a PowerShell-subset
//! interpreter whose every Exchange cmdlet is authorised by the core's
//! decision as the session's principal, Exchange-style output formatting,
//! and the scenario runner for `#@`-annotated scripts.
#![deny(missing_docs)]

pub mod audit;
pub mod cmdlets;
pub mod error;
pub mod format;
pub mod invoke;
pub mod objects;
pub mod scenario;
pub mod session;
pub mod value;

pub use error::ShellError;
pub use session::{Outcome, Session, SessionState};
pub use value::Value;

/// A new organization with the bundled catalog, as after Exchange setup.
pub fn new_organization(domain: &str) -> Result<exrbac_core::Organization, String> {
    let catalog = exrbac_catalog::builtin().map_err(|e| e.to_string())?;
    exrbac_core::Organization::new(domain, catalog).map_err(|e| e.to_string())
}

/// Renders an outcome as the shell prints it: output, then warnings and errors.
pub fn render_outcome(o: &Outcome) -> String {
    let mut s = format::render(&o.output);
    for h in &o.host {
        s.push_str(h);
        s.push('\n');
    }
    for w in &o.warnings {
        s.push_str(&format!("WARNING: {w}\n"));
    }
    for e in &o.errors {
        s.push_str(&format!("{e}\n"));
    }
    s
}
