//! `exrbac init`.

use anyhow::{Result, bail};
use std::path::Path;
use std::process::ExitCode;

pub fn run(db: &Path, domain: &str) -> Result<ExitCode> {
    if crate::store::load(db)?.is_some() {
        bail!(
            "the store `{}` already exists; it was left untouched",
            db.display()
        );
    }
    let org = exrbac_shell::new_organization(domain).map_err(anyhow::Error::msg)?;
    let roles = org.roles().count();
    let groups = org
        .recipients()
        .filter(|(_, r)| r.kind == exrbac_core::RecipientKind::RoleGroup)
        .count();
    crate::store::save(db, std::slice::from_ref(&org))?;
    println!(
        "Created `{}`: organization {domain}, {roles} roles, {groups} role groups, Administrator in Domain Admins and Organization Management.",
        db.display()
    );
    Ok(ExitCode::SUCCESS)
}
