//! `exrbac export` / `exrbac import`: one organization as a versioned JSON
//! document — a backup, and the way between stores.

use anyhow::{Context, Result};
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

pub fn export(db: &Path, file: &str) -> Result<ExitCode> {
    let store = exrbac_store::Store::open(&crate::store::db_text(db), false)?;
    let org = store.load(None)?;
    let text = crate::store::export(&org)?;
    if file == "-" {
        std::io::stdout().write_all(text.as_bytes())?;
    } else {
        std::fs::write(file, text).with_context(|| format!("can't write `{file}`"))?;
        eprintln!(
            "exported {} (revision {}) to `{file}`",
            org.name, org.revision
        );
    }
    Ok(ExitCode::SUCCESS)
}

pub fn import(db: &Path, file: &str) -> Result<ExitCode> {
    let text = super::run::read_source(file)?;
    let mut org = crate::store::import(&text).with_context(|| format!("can't import `{file}`"))?;
    let mut store = exrbac_store::Store::open(&crate::store::db_text(db), true)?;
    store.insert(&mut org)?;
    eprintln!(
        "imported {} (revision {}) into `{}`",
        org.name,
        org.revision,
        db.display()
    );
    Ok(ExitCode::SUCCESS)
}
