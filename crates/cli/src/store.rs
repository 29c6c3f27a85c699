//! The store behind `--db`: the embedded SQLite store, plus the versioned
//! JSON document `export`/`import` use.

use anyhow::{Context, Result};
use exrbac_core::{AuditQuery, AuditRecord, Organization};
use exrbac_store::SqliteStore;
use std::path::Path;

/// An open store with the organization the commands act on.
pub struct Opened {
    /// The store.
    pub store: SqliteStore,
    /// The organization.
    pub org: Organization,
}

impl Opened {
    /// Writes the organization's changes and the audit records in one transaction.
    pub fn persist(&mut self, audit: &[AuditRecord]) -> Result<()> {
        self.store
            .commit(&mut self.org, audit)
            .context("the change couldn't be saved")?;
        Ok(())
    }
}

/// Search-AdminAuditLog over the store.
pub struct AuditOf<'a> {
    /// The store.
    pub store: &'a SqliteStore,
    /// The organization.
    pub org: String,
}

impl exrbac_shell::audit::AuditSource for AuditOf<'_> {
    fn search(&self, q: &AuditQuery) -> Result<Vec<AuditRecord>, String> {
        self.store
            .search_audit(&self.org, q)
            .map_err(|e| e.to_string())
    }
}

/// Opens the store; when there is none, creates it with contoso.com and says so.
pub fn open_or_init(path: &Path) -> Result<Opened> {
    let existed = path.exists();
    let mut store = SqliteStore::open(path, true)?;
    if !existed || store.organizations()?.is_empty() {
        let mut org = exrbac_shell::new_organization("contoso.com").map_err(anyhow::Error::msg)?;
        store.insert(&mut org)?;
        eprintln!(
            "exrbac: created the store `{}` with the organization contoso.com (Administrator is in Domain Admins and Organization Management)",
            path.display()
        );
        return Ok(Opened { store, org });
    }
    let org = store.load(None)?;
    Ok(Opened { store, org })
}

/// One organization as a JSON document.
pub fn export(org: &Organization) -> Result<String> {
    org.to_document().map_err(|e| anyhow::anyhow!("{e}"))
}

/// Reads an export document, checking its format, version and references.
pub fn import(text: &str) -> Result<Organization> {
    Organization::from_document(text).map_err(|e| anyhow::anyhow!("{e}"))
}
