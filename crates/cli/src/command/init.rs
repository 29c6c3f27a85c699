//! `exrbac init`.

use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub fn run(db: &Path, domain: &str, export: Option<&[PathBuf]>) -> Result<ExitCode> {
    let text = crate::store::db_text(db);
    if !exrbac_store::is_postgres_url(&text) && db.exists() {
        bail!(
            "the store `{}` already exists; it was left untouched",
            db.display()
        );
    }
    let org = match export {
        Some([roles, entries]) => {
            let r = std::fs::read_to_string(roles)
                .with_context(|| format!("can't read `{}`", roles.display()))?;
            let e = std::fs::read_to_string(entries)
                .with_context(|| format!("can't read `{}`", entries.display()))?;
            let catalog = exrbac_catalog::from_export(&r, &e).with_context(|| {
                format!(
                    "can't import `{}` and `{}`",
                    roles.display(),
                    entries.display()
                )
            })?;
            exrbac_core::Organization::new(domain, &catalog).map_err(|e| anyhow::anyhow!("{e}"))?
        }
        Some(_) => bail!("--from-export takes two files: the roles CSV and the entries CSV"),
        None => exrbac_shell::new_organization(domain).map_err(anyhow::Error::msg)?,
    };
    let roles = org.roles().count();
    let groups = org
        .recipients()
        .filter(|(_, r)| r.kind == exrbac_core::RecipientKind::RoleGroup)
        .count();
    let mut org = org;
    let mut store = exrbac_store::Store::open(&text, true)?;
    store.insert(&mut org)?;
    println!(
        "Created `{}`: organization {domain}, {roles} roles, {groups} role groups, Administrator in Domain Admins and Organization Management.",
        db.display()
    );
    Ok(ExitCode::SUCCESS)
}
