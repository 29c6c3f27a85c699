//! The SQLite backend.

use crate::err::StoreError;
use crate::rows::{ChangeRows, MARKER_ID, MARKER_KIND};
use exrbac_core::{AuditQuery, AuditRecord};
use exrbac_core::{ChangeSet, ObjectKind, Organization, OrganizationSettings, Parts};
use rusqlite::{Connection, OpenFlags, OptionalExtension, params};
use std::path::{Path, PathBuf};

/// Marks the file as ours (`PRAGMA application_id`): "EXRB".
const APPLICATION_ID: i64 = 0x4558_5242;
/// The schema this build writes; migrations live in `migrations/`.
pub const SCHEMA_VERSION: i64 = 2;
const MIGRATIONS: &[(i64, &str)] = &[
    (1, include_str!("../migrations/0001_init.sql")),
    (2, include_str!("../migrations/0002_changes_tokens.sql")),
];

/// An open SQLite store.
#[derive(Debug)]
pub struct SqliteStore {
    pub(crate) conn: Connection,
    path: PathBuf,
    changes_kept: u64,
}

fn corrupt(path: &Path, e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt {
        path: path.display().to_string(),
        detail: e.to_string(),
    }
}

fn classify(path: &Path, e: rusqlite::Error) -> StoreError {
    use rusqlite::ErrorCode::*;
    match e.sqlite_error_code() {
        Some(NotADatabase) | Some(DatabaseCorrupt) => corrupt(path, e),
        Some(CannotOpen)
        | Some(ReadOnly)
        | Some(DiskFull)
        | Some(PermissionDenied)
        | Some(DatabaseBusy) => StoreError::Unavailable {
            path: path.display().to_string(),
            detail: e.to_string(),
        },
        _ => StoreError::Unavailable {
            path: path.display().to_string(),
            detail: e.to_string(),
        },
    }
}

impl SqliteStore {
    /// Opens a store; with `create`, makes a new one when the file is missing.
    /// An existing file is checked (ours, not newer, readable) before use.
    pub fn open(path: &Path, create: bool) -> Result<SqliteStore, StoreError> {
        let exists = path.exists();
        if !exists && !create {
            return Err(StoreError::Unavailable {
                path: path.display().to_string(),
                detail: "no such file".to_string(),
            });
        }
        let flags = if exists {
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX
        } else {
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
        };
        let conn = Connection::open_with_flags(path, flags).map_err(|e| classify(path, e))?;
        let store = SqliteStore {
            conn,
            path: path.to_path_buf(),
            changes_kept: crate::CHANGES_KEPT,
        };
        store.check_and_migrate(exists)?;
        Ok(store)
    }

    /// Runs `f` — a read of the whole file — with the file mapped into
    /// memory. Read page by page in B-tree order, a file that isn't in the
    /// page cache yet comes off the disk in small scattered reads: the
    /// integrity check of a 734 MB store took 8.0 s that way after the
    /// cache was dropped, 0.85 s mapped (the kernel reads ahead on faults),
    /// and it leaves the file in the page cache for the load that follows.
    /// The mapping is dropped afterwards, before the organization is built
    /// (mapped pages count as resident while mapped), and a running node's
    /// writes don't need it.
    fn mapped<T>(&self, f: impl FnOnce() -> Result<T, StoreError>) -> Result<T, StoreError> {
        let p = &self.path;
        self.conn
            .execute_batch("PRAGMA mmap_size = 4294967296;")
            .map_err(|e| classify(p, e))?;
        let out = f();
        let unmapped = self
            .conn
            .execute_batch("PRAGMA mmap_size = 0;")
            .map_err(|e| classify(p, e));
        let out = out?;
        unmapped?;
        Ok(out)
    }

    fn check_and_migrate(&self, existed: bool) -> Result<(), StoreError> {
        let p = &self.path;
        // Reading the header is the first thing that fails on a file that
        // isn't SQLite, before anything could write to it.
        let app: i64 = self
            .conn
            .query_row("PRAGMA application_id", [], |r| r.get(0))
            .map_err(|e| classify(p, e))?;
        let version: i64 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| classify(p, e))?;
        let tables: i64 = self
            .conn
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
            .map_err(|e| classify(p, e))?;
        if existed && tables > 0 && app != APPLICATION_ID {
            return Err(StoreError::NotAStore(p.display().to_string()));
        }
        if version > SCHEMA_VERSION {
            return Err(StoreError::NewerSchema {
                path: p.display().to_string(),
                found: version,
                supported: SCHEMA_VERSION,
            });
        }
        if existed && tables > 0 {
            let ok: String = self.mapped(|| {
                self.conn
                    .query_row("PRAGMA quick_check", [], |r| r.get(0))
                    .map_err(|e| classify(p, e))
            })?;
            if ok != "ok" {
                return Err(corrupt(p, ok));
            }
        }
        self.conn
            .execute_batch(
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;",
            )
            .map_err(|e| classify(p, e))?;
        for (v, sql) in MIGRATIONS {
            if *v > version {
                let tx = self
                    .conn
                    .unchecked_transaction()
                    .map_err(|e| classify(p, e))?;
                tx.execute_batch(sql).map_err(|e| classify(p, e))?;
                tx.execute_batch(&format!(
                    "PRAGMA user_version = {v}; PRAGMA application_id = {APPLICATION_ID};"
                ))
                .map_err(|e| classify(p, e))?;
                tx.commit().map_err(|e| classify(p, e))?;
            }
        }
        Ok(())
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Names of the organizations held.
    pub fn organizations(&self) -> Result<Vec<String>, StoreError> {
        let mut st = self
            .conn
            .prepare("SELECT name FROM organizations ORDER BY id")
            .map_err(|e| classify(&self.path, e))?;
        let rows = st
            .query_map([], |r| r.get::<_, String>(0))
            .map_err(|e| classify(&self.path, e))?;
        rows.collect::<Result<Vec<_>, _>>()
            .map_err(|e| classify(&self.path, e))
    }

    /// Adds a new organization, written whole.
    pub fn insert(&mut self, org: &mut Organization) -> Result<(), StoreError> {
        let p = self.path.clone();
        let tx = self.conn.transaction().map_err(|e| classify(&p, e))?;
        let exists: Option<i64> = tx
            .query_row(
                "SELECT id FROM organizations WHERE name = ?1",
                [&org.name],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| classify(&p, e))?;
        if exists.is_some() {
            return Err(StoreError::OrganizationExists(org.name.clone()));
        }
        let settings = serde_json::to_string(&org.settings).map_err(|e| corrupt(&p, e))?;
        tx.execute(
            "INSERT INTO organizations (name, revision, settings) VALUES (?1, ?2, ?3)",
            params![org.name, org.revision as i64, settings],
        )
        .map_err(|e| classify(&p, e))?;
        let oid = tx.last_insert_rowid();
        {
            let mut ins = tx
                .prepare("INSERT INTO objects (org, kind, id, body) VALUES (?1, ?2, ?3, ?4)")
                .map_err(|e| classify(&p, e))?;
            for (kind, id) in org.all_objects() {
                if let Some(obj) = org.object(kind, id) {
                    let body = serde_json::to_string(&obj).map_err(|e| corrupt(&p, e))?;
                    ins.execute(params![oid, kind.as_str(), id, body])
                        .map_err(|e| classify(&p, e))?;
                }
            }
        }
        // Only the marker: a node holding this revision catches up from
        // here, and none can hold an earlier one of this organization.
        log_changes(&tx, oid, org.revision, &[]).map_err(|e| classify(&p, e))?;
        tx.commit().map_err(|e| classify(&p, e))?;
        org.clear_changes();
        Ok(())
    }

    /// Writes an organization's pending changes, its revision and settings,
    /// the change log's rows and the audit records, in one transaction.
    /// Returns the objects written (or deleted).
    pub fn commit(
        &mut self,
        org: &mut Organization,
        audit: &[AuditRecord],
    ) -> Result<Vec<(ObjectKind, u32)>, StoreError> {
        let p = self.path.clone();
        let changes = org.take_changes();
        let tx = self.conn.transaction().map_err(|e| classify(&p, e))?;
        let oid: i64 = tx
            .query_row(
                "SELECT id FROM organizations WHERE name = ?1",
                [&org.name],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| classify(&p, e))?
            .ok_or_else(|| StoreError::NoOrganization(org.name.clone()))?;
        let settings = serde_json::to_string(&org.settings).map_err(|e| corrupt(&p, e))?;
        tx.execute(
            "UPDATE organizations SET revision = ?1, settings = ?2 WHERE id = ?3",
            params![org.revision as i64, settings, oid],
        )
        .map_err(|e| classify(&p, e))?;
        {
            let mut up = tx
                .prepare(
                    "INSERT OR REPLACE INTO objects (org, kind, id, body) VALUES (?1, ?2, ?3, ?4)",
                )
                .map_err(|e| classify(&p, e))?;
            let mut del = tx
                .prepare("DELETE FROM objects WHERE org = ?1 AND kind = ?2 AND id = ?3")
                .map_err(|e| classify(&p, e))?;
            for (kind, id) in &changes {
                match org.object(*kind, *id) {
                    Some(obj) => {
                        let body = serde_json::to_string(&obj).map_err(|e| corrupt(&p, e))?;
                        up.execute(params![oid, kind.as_str(), id, body])
                            .map_err(|e| classify(&p, e))?;
                    }
                    None => {
                        del.execute(params![oid, kind.as_str(), id])
                            .map_err(|e| classify(&p, e))?;
                    }
                }
            }
            log_changes(&tx, oid, org.revision, &changes).map_err(|e| classify(&p, e))?;
            prune_changes(&tx, oid, org.revision, self.changes_kept)
                .map_err(|e| classify(&p, e))?;
            let mut au = tx
                .prepare(
                    "INSERT INTO audit (org, revision, at, principal, cmdlet, parameters, succeeded, error, objects) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                )
                .map_err(|e| classify(&p, e))?;
            for a in audit {
                let objects = serde_json::to_string(&a.objects).map_err(|e| corrupt(&p, e))?;
                au.execute(params![
                    oid,
                    a.revision as i64,
                    a.at,
                    a.principal,
                    a.cmdlet,
                    a.parameters,
                    a.succeeded,
                    a.error,
                    objects
                ])
                .map_err(|e| classify(&p, e))?;
            }
        }
        tx.commit().map_err(|e| classify(&p, e))?;
        Ok(changes)
    }

    /// What changed in an organization after `revision`, read from the
    /// change log in one snapshot: its revision and settings now and the
    /// current state of every object changed since. `None` when the log
    /// can't vouch for every commit since `revision` (a store written before
    /// the log existed, or a revision it never held): load it whole instead.
    pub fn changes_since(&self, org: &str, revision: u64) -> Result<Option<ChangeSet>, StoreError> {
        let p = &self.path;
        // One read transaction: in WAL mode every statement below sees the
        // snapshot the first one started, whatever commits meanwhile.
        let tx = self
            .conn
            .unchecked_transaction()
            .map_err(|e| classify(p, e))?;
        let (oid, current, settings): (i64, i64, String) = tx
            .query_row(
                "SELECT id, revision, settings FROM organizations WHERE name = ?1",
                [org],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()
            .map_err(|e| classify(p, e))?
            .ok_or_else(|| StoreError::NoOrganization(org.to_string()))?;
        let current = u64::try_from(current).map_err(|_| corrupt(p, "negative revision"))?;
        let settings: OrganizationSettings = serde_json::from_str(&settings)
            .map_err(|e| corrupt(p, format!("organization settings: {e}")))?;
        let Ok(since) = i64::try_from(revision) else {
            return Ok(None);
        };
        if revision > current {
            return Ok(None);
        }
        let mut rows = ChangeRows::default();
        if revision < current {
            // The commit that made `revision` logged it, and so did every
            // later one up to the current revision.
            let covered: bool = tx
                .query_row(
                    "SELECT EXISTS (SELECT 1 FROM changes WHERE org = ?1 AND revision = ?2 AND kind = ?3 AND id = ?4) \
                     AND coalesce((SELECT max(revision) FROM changes WHERE org = ?1 AND kind = ?3) = ?5, 0)",
                    params![oid, since, MARKER_KIND, MARKER_ID, current as i64],
                    |r| r.get(0),
                )
                .map_err(|e| classify(p, e))?;
            if !covered {
                return Ok(None);
            }
            let mut st = tx
                .prepare(
                    "SELECT c.kind, c.id, o.body FROM \
                     (SELECT DISTINCT kind, id FROM changes WHERE org = ?1 AND revision > ?2 AND kind <> ?3) c \
                     LEFT JOIN objects o ON o.org = ?1 AND o.kind = c.kind AND o.id = c.id",
                )
                .map_err(|e| classify(p, e))?;
            let mut q = st
                .query(params![oid, since, MARKER_KIND])
                .map_err(|e| classify(p, e))?;
            while let Some(r) = q.next().map_err(|e| classify(p, e))? {
                let kind: String = r.get(0).map_err(|e| classify(p, e))?;
                let id: i64 = r.get(1).map_err(|e| classify(p, e))?;
                let body: Option<String> = r.get(2).map_err(|e| classify(p, e))?;
                rows.push(&kind, id, body.as_deref())
                    .map_err(|e| corrupt(p, e))?;
            }
        }
        Ok(Some(rows.finish(current, settings)))
    }

    /// How many revisions the change log keeps ([`crate::CHANGES_KEPT`]
    /// unless set; at least one).
    pub fn set_changes_kept(&mut self, revisions: u64) {
        self.changes_kept = revisions.max(1);
    }

    /// Loads one organization (or, with `None`, the first one).
    pub fn load(&self, name: Option<&str>) -> Result<Organization, StoreError> {
        self.load_with(name, &mut |_, _| {})
    }

    /// Like [`SqliteStore::load`], reporting `(objects read, objects in all)` as it goes.
    pub fn load_with(
        &self,
        name: Option<&str>,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<Organization, StoreError> {
        let p = &self.path;
        let row: Option<(i64, String, i64, String)> = match name {
            Some(n) => self
                .conn
                .query_row(
                    "SELECT id, name, revision, settings FROM organizations WHERE name = ?1",
                    [n],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
                )
                .optional(),
            None => self
                .conn
                .query_row(
                    "SELECT id, name, revision, settings FROM organizations ORDER BY id LIMIT 1",
                    [],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
                )
                .optional(),
        }
        .map_err(|e| classify(p, e))?;
        let Some((oid, oname, revision, settings)) = row else {
            return Err(StoreError::NoOrganization(
                name.unwrap_or("(any)").to_string(),
            ));
        };
        let settings: OrganizationSettings = serde_json::from_str(&settings)
            .map_err(|e| corrupt(p, format!("organization settings: {e}")))?;
        let mut st = self
            .conn
            .prepare("SELECT kind, id, body FROM objects WHERE org = ?1")
            .map_err(|e| classify(p, e))?;
        let total: i64 = self
            .conn
            .query_row("SELECT count(*) FROM objects WHERE org = ?1", [oid], |r| {
                r.get(0)
            })
            .map_err(|e| classify(p, e))?;
        let total = u64::try_from(total).unwrap_or(0);
        let parts = std::thread::scope(|scope| -> Result<Parts, StoreError> {
            let mut parser = crate::rows::Parser::start(scope);
            let mut done = 0u64;
            let mut rows = st.query([oid]).map_err(|e| classify(p, e))?;
            while let Some(r) = rows.next().map_err(|e| classify(p, e))? {
                let kind = r
                    .get_ref(0)
                    .and_then(|v| Ok(v.as_str()?))
                    .map_err(|e| classify(p, e))?;
                let id: i64 = r.get(1).map_err(|e| classify(p, e))?;
                let body = r
                    .get_ref(2)
                    .and_then(|v| Ok(v.as_str()?))
                    .map_err(|e| classify(p, e))?;
                parser.push(kind, id, body);
                done += 1;
                if done.is_multiple_of(crate::PROGRESS_EVERY) {
                    progress(done, total);
                }
            }
            let parts = parser.finish().map_err(|e| corrupt(p, e))?;
            progress(done, total);
            Ok(parts)
        })?;
        let revision = u64::try_from(revision).map_err(|_| corrupt(p, "negative revision"))?;
        Organization::restore(oname, settings, revision, parts).map_err(|e| corrupt(p, e))
    }

    /// Search-AdminAuditLog over one organization, newest first.
    pub fn search_audit(&self, org: &str, q: &AuditQuery) -> Result<Vec<AuditRecord>, StoreError> {
        let p = &self.path;
        let mut st = self
            .conn
            .prepare(
                "SELECT a.revision, a.at, a.principal, a.cmdlet, a.parameters, a.succeeded, a.error, a.objects \
                 FROM audit a JOIN organizations o ON o.id = a.org WHERE o.name = ?1 \
                 AND (?2 IS NULL OR a.at >= ?2) AND (?3 IS NULL OR a.at <= ?3) ORDER BY a.seq DESC",
            )
            .map_err(|e| classify(p, e))?;
        let mut rows = st
            .query(params![org, q.start, q.end])
            .map_err(|e| classify(p, e))?;
        let mut out = Vec::new();
        while let Some(r) = rows.next().map_err(|e| classify(p, e))? {
            let objects: String = r.get(7).map_err(|e| classify(p, e))?;
            let rec = AuditRecord {
                revision: u64::try_from(r.get::<_, i64>(0).map_err(|e| classify(p, e))?)
                    .unwrap_or(0),
                at: r.get(1).map_err(|e| classify(p, e))?,
                principal: r.get(2).map_err(|e| classify(p, e))?,
                cmdlet: r.get(3).map_err(|e| classify(p, e))?,
                parameters: r.get(4).map_err(|e| classify(p, e))?,
                succeeded: r.get(5).map_err(|e| classify(p, e))?,
                error: r.get(6).map_err(|e| classify(p, e))?,
                objects: serde_json::from_str(&objects)
                    .map_err(|e| corrupt(p, format!("audit objects: {e}")))?,
            };
            if !q.matches(&rec) {
                continue;
            }
            out.push(rec);
            if q.limit.is_some_and(|l| out.len() >= l) {
                break;
            }
        }
        Ok(out)
    }
}

/// Writes the change log's rows for a commit at `revision`: one per changed
/// object, and the marker every revision gets. A commit that didn't move
/// the revision (an audit-only one) finds its marker there already.
fn log_changes(
    tx: &rusqlite::Transaction<'_>,
    oid: i64,
    revision: u64,
    changes: &[(ObjectKind, u32)],
) -> Result<(), rusqlite::Error> {
    let mut st = tx.prepare(
        "INSERT OR IGNORE INTO changes (org, revision, kind, id) VALUES (?1, ?2, ?3, ?4)",
    )?;
    let rev = revision as i64;
    st.execute(params![oid, rev, MARKER_KIND, MARKER_ID])?;
    for (kind, id) in changes {
        st.execute(params![oid, rev, kind.as_str(), id])?;
    }
    Ok(())
}

/// Drops the change log's rows of revisions more than `kept` behind: the
/// log would otherwise grow with every commit forever. A node that held one
/// of those revisions finds its marker gone and reloads whole.
fn prune_changes(
    tx: &rusqlite::Transaction<'_>,
    oid: i64,
    revision: u64,
    kept: u64,
) -> Result<(), rusqlite::Error> {
    let Some(below) = revision.checked_sub(kept) else {
        return Ok(());
    };
    tx.execute(
        "DELETE FROM changes WHERE org = ?1 AND revision <= ?2",
        params![oid, i64::try_from(below).unwrap_or(i64::MAX)],
    )?;
    Ok(())
}
