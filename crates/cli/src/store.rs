//! The store behind `--db`: until the SQLite/PostgreSQL store lands, one
//! versioned JSON snapshot of every organization, written atomically (temp
//! file, fsync, rename) so a crash never leaves half a file.

use anyhow::{Context, Result, bail};
use exrbac_core::Organization;
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::Path;

const FORMAT: &str = "exrbac-snapshot";
const VERSION: u32 = 1;

#[derive(Serialize, Deserialize)]
struct Snapshot {
    format: String,
    version: u32,
    organizations: Vec<Organization>,
}

/// Loads the store; `None` when there is no file.
pub fn load(path: &Path) -> Result<Option<Vec<Organization>>> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(e).with_context(|| format!("can't read the store `{}`", path.display()));
        }
    };
    let snap: Snapshot = serde_json::from_slice(&bytes).with_context(|| {
        format!(
            "the store `{}` is corrupt or not an exrbac store; it was left untouched",
            path.display()
        )
    })?;
    if snap.format != FORMAT {
        bail!("`{}` isn't an exrbac store", path.display());
    }
    if snap.version > VERSION {
        bail!(
            "the store `{}` has format version {}, newer than this exrbac understands ({VERSION}); it was left untouched",
            path.display(),
            snap.version
        );
    }
    let mut orgs = snap.organizations;
    for o in &mut orgs {
        o.reindex()
            .map_err(|e| anyhow::anyhow!("the store `{}` is corrupt: {e}", path.display()))?;
    }
    Ok(Some(orgs))
}

/// Saves the store atomically.
pub fn save(path: &Path, orgs: &[Organization]) -> Result<()> {
    let snap = SnapshotRef {
        format: FORMAT,
        version: VERSION,
        organizations: orgs,
    };
    let bytes = serde_json::to_vec(&snap).context("can't serialize the store")?;
    let tmp = path.with_extension("tmp");
    {
        let mut f = std::fs::File::create(&tmp)
            .with_context(|| format!("can't write `{}`", tmp.display()))?;
        f.write_all(&bytes)?;
        f.sync_all()?;
    }
    std::fs::rename(&tmp, path).with_context(|| format!("can't replace `{}`", path.display()))?;
    Ok(())
}

#[derive(Serialize)]
struct SnapshotRef<'a> {
    format: &'static str,
    version: u32,
    organizations: &'a [Organization],
}

/// Loads the store, creating it with a contoso.com organization when missing.
pub fn open_or_init(path: &Path) -> Result<Vec<Organization>> {
    match load(path)? {
        Some(o) if !o.is_empty() => Ok(o),
        _ => {
            let org = exrbac_shell::new_organization("contoso.com").map_err(anyhow::Error::msg)?;
            save(path, std::slice::from_ref(&org))?;
            eprintln!(
                "exrbac: created the store `{}` with the organization contoso.com (Administrator is in Domain Admins and Organization Management)",
                path.display()
            );
            Ok(vec![org])
        }
    }
}
