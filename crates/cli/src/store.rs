//! The store behind `--db`: a SQLite file (the default) or a PostgreSQL URL,
//! plus the versioned JSON document `export`/`import` use.

use anyhow::Result;
use exrbac_core::{AuditQuery, AuditRecord, Organization};
use exrbac_store::Store;
use std::path::Path;

/// The `--db` value as the store understands it.
pub fn db_text(db: &Path) -> String {
    db.to_string_lossy().to_string()
}

/// An open store with the organization the commands act on.
pub struct Opened {
    /// The store.
    pub store: Store,
    /// The organization.
    pub org: Organization,
}

impl Opened {
    /// Writes the organization's changes and the audit records in one transaction.
    pub fn persist(&mut self, audit: &[AuditRecord]) -> Result<()> {
        if let Err(e) = self.store.commit(&mut self.org, audit) {
            // Nothing was written: put the organization back to what the
            // store holds so the session never shows a change that isn't there.
            if let Ok(fresh) = self.store.load(Some(&self.org.name)) {
                self.org = fresh;
            }
            return Err(
                anyhow::Error::new(e).context("the change couldn't be saved and was not applied")
            );
        }
        Ok(())
    }

    /// With several nodes on one PostgreSQL database, picks up what others
    /// committed before running the next command line.
    pub fn refresh(&mut self) -> Result<()> {
        if let Some(pg) = self.store.as_postgres_mut() {
            pg.reload_if_newer(&mut self.org)?;
        }
        Ok(())
    }
}

/// Search-AdminAuditLog over the store.
pub struct AuditOf<'a> {
    /// The store.
    pub store: &'a Store,
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
pub fn open_or_init(db: &Path) -> Result<Opened> {
    let (store, created) = open_or_create(db)?;
    let org = match created {
        Some(org) => org,
        None => load_with_bar(&store)?,
    };
    Ok(Opened { store, org })
}

/// Opens the store without loading an organization (for `serve`, which
/// loads each into its own snapshots: loading here too would hold a second
/// copy of a million recipients for nothing). When there is none, creates it
/// with contoso.com, says so, and hands back the organization created.
pub fn open_or_create(db: &Path) -> Result<(Store, Option<Organization>)> {
    let text = db.to_string_lossy().to_string();
    let mut store = Store::open(&text, true)?;
    let path = store.location();
    if store.organizations()?.is_empty() {
        let mut org = exrbac_shell::new_organization("contoso.com").map_err(anyhow::Error::msg)?;
        store.insert(&mut org)?;
        eprintln!(
            "exrbac: created the store `{path}` with the organization contoso.com (Administrator is in Domain Admins and Organization Management)"
        );
        return Ok((store, Some(org)));
    }
    Ok((store, None))
}

/// A progress bar drawn on standard error only when it is a terminal and
/// the work turns out large (hidden until then).
pub fn progress_bar(template: &str) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    let bar = indicatif::ProgressBar::hidden();
    bar.set_style(
        indicatif::ProgressStyle::with_template(template)
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    if std::io::stderr().is_terminal() {
        bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
    }
    bar
}

/// Loads the organization; on a terminal, a large one shows a progress bar.
fn load_with_bar(store: &Store) -> Result<Organization> {
    let bar = progress_bar("loading {bar:40} {pos}/{len} objects ({eta})");
    if bar.is_hidden() {
        return Ok(store.load(None)?);
    }
    let org = store.load_with(None, &mut |done, total| {
        bar.set_length(total.max(1));
        bar.set_position(done);
    })?;
    bar.finish_and_clear();
    Ok(org)
}

/// One organization as a JSON document.
pub fn export(org: &Organization) -> Result<String> {
    org.to_document().map_err(|e| anyhow::anyhow!("{e}"))
}

/// Reads an export document, checking its format, version and references.
pub fn import(text: &str) -> Result<Organization> {
    Organization::from_document(text).map_err(|e| anyhow::anyhow!("{e}"))
}
