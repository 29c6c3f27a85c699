//! The PostgreSQL backend: the shared source of truth for several nodes.
//!
//! The tables are those of the SQLite store. What several nodes on one
//! database add:
//!
//! - **Optimistic concurrency.** A store remembers, per organization, the
//!   revision it last loaded, inserted or committed. [`PgStore::commit`] locks
//!   the organization's row and writes only if the database still holds that
//!   revision; otherwise it returns [`StoreError::Conflict`] and writes
//!   nothing. The caller then reloads ([`PgStore::load`]), applies its
//!   command again and commits. After any failed commit the in-memory copy no
//!   longer tracks what is pending, so it must be reloaded in every case.
//! - **Change notification.** Each commit sends `NOTIFY exrbac_changes,
//!   '<organization>:<revision>'` in its transaction, so it is delivered
//!   exactly when the change is visible. [`PgStore::wait_for_change`] listens
//!   on a connection of its own; [`PgStore::current_revision`] and
//!   [`PgStore::reload_if_newer`] let a node catch up without one.
//! - **A change log.** Each commit also lists the objects it wrote in
//!   `changes`, at its revision, so a node catches up by reading only those
//!   ([`PgStore::changes_since`]); [`PgStore::reload_if_newer`] does so,
//!   loading the organization whole only when the log can't cover the gap.
//!
//! The client is the blocking `postgres` crate, which runs its own small
//! runtime: from async code call it on a blocking thread
//! (`tokio::task::spawn_blocking`), never on a runtime worker.

use crate::err::StoreError;
use crate::rows::{ChangeRows, MARKER_ID, MARKER_KIND};
use ::postgres::fallible_iterator::FallibleIterator;
use ::postgres::types::ToSql;
use ::postgres::{Client, Config, IsolationLevel, NoTls, Transaction};
use exrbac_core::{
    AuditQuery, AuditRecord, ChangeSet, ObjectKind, Organization, OrganizationSettings, Parts,
};
use std::collections::HashMap;
use std::str::FromStr;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// The schema this build writes; migrations live in `migrations/postgres/`.
pub const SCHEMA_VERSION: i64 = 2;
const MIGRATIONS: &[(i64, &str)] = &[
    (1, include_str!("../migrations/postgres/0001_init.sql")),
    (
        2,
        include_str!("../migrations/postgres/0002_changes_tokens.sql"),
    ),
];
/// What `exrbac_meta.application` holds in a store of ours.
const APPLICATION: &str = "exrbac";
/// The channel commits notify on.
pub const CHANGE_CHANNEL: &str = "exrbac_changes";
/// Serialises schema checks and migrations of nodes starting together
/// ("EXRB", as SQLite's application id).
const MIGRATION_LOCK: i64 = 0x4558_5242;
/// Without it, a host that drops packets would hang start-up indefinitely.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a connection under suspicion gets to answer before it is replaced.
const PROBE_TIMEOUT: Duration = Duration::from_secs(2);
/// Rows per statement when writing many objects: keeps each message far
/// below PostgreSQL's 1 GB limit while needing few round trips.
const CHUNK: usize = 5_000;

/// An open PostgreSQL store.
pub struct PgStore {
    /// `url` with any password removed, for messages.
    shown: String,
    config: Config,
    inner: Mutex<Inner>,
    /// The `LISTEN` connection, opened by the first `wait_for_change`.
    listener: Option<Client>,
    changes_kept: u64,
}

pub(crate) struct Inner {
    pub(crate) client: Client,
    /// Lower-cased organization name → the revision this store last saw it at.
    seen: HashMap<String, u64>,
}

fn key(name: &str) -> String {
    name.to_lowercase()
}

/// The URL as it may be shown: without a password, in the authority or in
/// the query string.
pub(crate) fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        // A `key=value` connection string.
        return url
            .split(' ')
            .map(|kv| match kv.split_once('=') {
                Some((k, _)) if k.eq_ignore_ascii_case("password") => format!("{k}=***"),
                _ => kv.to_string(),
            })
            .collect::<Vec<_>>()
            .join(" ");
    };
    let auth_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(auth_end);
    let authority = match authority.rsplit_once('@') {
        Some((userinfo, host)) => match userinfo.split_once(':') {
            Some((user, _)) => format!("{user}:***@{host}"),
            None => authority.to_string(),
        },
        None => authority.to_string(),
    };
    let tail = match tail.split_once('?') {
        Some((path, query)) => {
            let query: Vec<String> = query
                .split('&')
                .map(|kv| match kv.split_once('=') {
                    Some((k, _)) if k.eq_ignore_ascii_case("password") => format!("{k}=***"),
                    _ => kv.to_string(),
                })
                .collect();
            format!("{path}?{}", query.join("&"))
        }
        None => tail.to_string(),
    };
    format!("{scheme}://{authority}{tail}")
}

/// The server's own words when it sent any, else the client's with its cause.
fn describe(e: &::postgres::Error) -> String {
    if let Some(db) = e.as_db_error() {
        return db.message().to_string();
    }
    let mut s = e.to_string();
    let mut src = std::error::Error::source(e);
    while let Some(cause) = src {
        let c = cause.to_string();
        if !s.contains(&c) {
            s.push_str(": ");
            s.push_str(&c);
        }
        src = cause.source();
    }
    s
}

impl PgStore {
    pub(crate) fn unavailable(&self, e: &::postgres::Error) -> StoreError {
        StoreError::Unavailable {
            path: self.shown.clone(),
            detail: describe(e),
        }
    }

    fn corrupt(&self, detail: impl std::fmt::Display) -> StoreError {
        StoreError::Corrupt {
            path: self.shown.clone(),
            detail: detail.to_string(),
        }
    }

    /// A panic elsewhere while the lock was held leaves at worst an open
    /// transaction, which the client rolled back when it was dropped.
    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The connection, opened again if the server closed it (a restart, a
    /// failover, an idle timeout): a long-running node recovers by itself.
    pub(crate) fn conn(&self) -> Result<MutexGuard<'_, Inner>, StoreError> {
        let mut inner = self.lock();
        // The client learns of a closed socket only when it next reads from
        // it — by failing that request. So every use starts with a probe
        // (one round trip, small beside a commit's fsync): a server restarted
        // between two requests would otherwise fail the next one.
        if inner.client.is_closed() || inner.client.is_valid(PROBE_TIMEOUT).is_err() {
            inner.client = self.connect()?;
        }
        Ok(inner)
    }

    fn connect(&self) -> Result<Client, StoreError> {
        self.config
            .connect(NoTls)
            .map_err(|e| StoreError::Unavailable {
                path: self.shown.clone(),
                detail: format!("can't connect to the PostgreSQL server: {}", describe(&e)),
            })
    }

    /// Connects to `url` (`postgres://user[:password]@host[:port]/database`);
    /// with `create`, sets the store up in a database that holds no tables.
    /// An existing store is checked (ours, not newer) first; a database with
    /// other tables is refused rather than written to — give exrbac a
    /// database (or a schema, via `?options=-csearch_path%3Dname`) of its own.
    pub fn open(url: &str, create: bool) -> Result<PgStore, StoreError> {
        let shown = redact(url);
        // The client only knows the scheme in lower case; `--db` accepts any.
        let url = match url.split_once("://") {
            Some((scheme, rest)) => format!("{}://{rest}", scheme.to_ascii_lowercase()),
            None => url.to_string(),
        };
        let mut config = Config::from_str(&url).map_err(|e| StoreError::Unavailable {
            path: shown.clone(),
            detail: format!("not a usable PostgreSQL URL: {}", describe(&e)),
        })?;
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(CONNECT_TIMEOUT);
        }
        if config.get_application_name().is_none() {
            config.application_name("exrbac");
        }
        let client = config.connect(NoTls).map_err(|e| StoreError::Unavailable {
            path: shown.clone(),
            detail: format!("can't connect to the PostgreSQL server: {}", describe(&e)),
        })?;
        let store = PgStore {
            shown,
            config,
            inner: Mutex::new(Inner {
                client,
                seen: HashMap::new(),
            }),
            listener: None,
            changes_kept: crate::CHANGES_KEPT,
        };
        store.check_and_migrate(create)?;
        Ok(store)
    }

    fn check_and_migrate(&self, create: bool) -> Result<(), StoreError> {
        let mut inner = self.conn()?;
        let mut tx = inner
            .client
            .transaction()
            .map_err(|e| self.unavailable(&e))?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
            .map_err(|e| self.unavailable(&e))?;
        let row = tx
            .query_one(
                "SELECT to_regclass('exrbac_meta') IS NOT NULL, \
                 (SELECT count(*) FROM pg_catalog.pg_class c \
                  WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'f'))",
                &[],
            )
            .map_err(|e| self.unavailable(&e))?;
        let has_meta: bool = row.try_get(0).map_err(|e| self.unavailable(&e))?;
        let tables: i64 = row.try_get(1).map_err(|e| self.unavailable(&e))?;
        let version = if has_meta {
            let meta: HashMap<String, String> = tx
                .query("SELECT key, value FROM exrbac_meta", &[])
                .map_err(|e| self.unavailable(&e))?
                .iter()
                .filter_map(|r| Some((r.try_get(0).ok()?, r.try_get(1).ok()?)))
                .collect();
            if meta.get("application").map(String::as_str) != Some(APPLICATION) {
                return Err(StoreError::NotAStore(self.shown.clone()));
            }
            let v = meta.get("schema_version").map(String::as_str).unwrap_or("");
            let version: i64 = v
                .parse()
                .map_err(|_| self.corrupt(format!("schema version `{v}` isn't a number")))?;
            if version > SCHEMA_VERSION {
                return Err(StoreError::NewerSchema {
                    path: self.shown.clone(),
                    found: version,
                    supported: SCHEMA_VERSION,
                });
            }
            version
        } else if tables > 0 {
            return Err(StoreError::NotAStore(self.shown.clone()));
        } else if !create {
            return Err(StoreError::Unavailable {
                path: self.shown.clone(),
                detail: "the database holds no exrbac store".to_string(),
            });
        } else {
            0
        };
        for (v, sql) in MIGRATIONS {
            if *v > version {
                tx.batch_execute(sql).map_err(|e| self.unavailable(&e))?;
                tx.execute(
                    "INSERT INTO exrbac_meta (key, value) VALUES ('application', $1), ('schema_version', $2) \
                     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
                    &[&APPLICATION, &v.to_string()],
                )
                .map_err(|e| self.unavailable(&e))?;
            }
        }
        tx.commit().map_err(|e| self.unavailable(&e))
    }

    /// The URL, without its password.
    pub fn url(&self) -> &str {
        &self.shown
    }

    /// Names of the organizations held.
    pub fn organizations(&self) -> Result<Vec<String>, StoreError> {
        let mut inner = self.conn()?;
        let rows = inner
            .client
            .query("SELECT name FROM organizations ORDER BY id", &[])
            .map_err(|e| self.unavailable(&e))?;
        rows.iter()
            .map(|r| r.try_get(0).map_err(|e| self.unavailable(&e)))
            .collect()
    }

    /// Adds a new organization, written whole.
    pub fn insert(&mut self, org: &mut Organization) -> Result<(), StoreError> {
        let settings = serde_json::to_string(&org.settings).map_err(|e| self.corrupt(e))?;
        let revision = self.revision_param(org.revision)?;
        let mut inner = self.conn()?;
        let mut tx = inner
            .client
            .transaction()
            .map_err(|e| self.unavailable(&e))?;
        let inserted = tx.query_opt(
            "INSERT INTO organizations (name, revision, settings) VALUES ($1, $2, $3) \
             ON CONFLICT DO NOTHING RETURNING id",
            &[&org.name, &revision, &settings],
        );
        let oid: i64 = match inserted.map_err(|e| self.unavailable(&e))? {
            Some(r) => r.try_get(0).map_err(|e| self.unavailable(&e))?,
            None => return Err(StoreError::OrganizationExists(org.name.clone())),
        };
        self.write_objects(&mut tx, oid, org, &org.all_objects())?;
        // Only the marker: a node holding this revision catches up from
        // here, and none can hold an earlier one of this organization.
        self.log_changes(&mut tx, oid, org.revision, &[])?;
        tx.commit().map_err(|e| self.unavailable(&e))?;
        inner.seen.insert(key(&org.name), org.revision);
        drop(inner);
        org.clear_changes();
        Ok(())
    }

    fn revision_param(&self, revision: u64) -> Result<i64, StoreError> {
        i64::try_from(revision)
            .map_err(|_| self.corrupt(format!("revision {revision} is out of range")))
    }

    /// Upserts the listed objects that exist and deletes those that don't.
    fn write_objects(
        &self,
        tx: &mut Transaction<'_>,
        oid: i64,
        org: &Organization,
        which: &[(exrbac_core::ObjectKind, u32)],
    ) -> Result<(), StoreError> {
        let upsert = tx
            .prepare(
                "INSERT INTO objects (org, kind, id, body) \
                 SELECT $1, k, i, b FROM unnest($2::text[], $3::bigint[], $4::text[]) AS t(k, i, b) \
                 ON CONFLICT (org, kind, id) DO UPDATE SET body = EXCLUDED.body",
            )
            .map_err(|e| self.unavailable(&e))?;
        let delete = tx
            .prepare(
                "DELETE FROM objects o USING unnest($2::text[], $3::bigint[]) AS t(k, i) \
                 WHERE o.org = $1 AND o.kind = t.k AND o.id = t.i",
            )
            .map_err(|e| self.unavailable(&e))?;
        for chunk in which.chunks(CHUNK) {
            let (mut kinds, mut ids, mut bodies) = (Vec::new(), Vec::new(), Vec::new());
            let (mut gone_kinds, mut gone_ids) = (Vec::new(), Vec::new());
            for (kind, id) in chunk {
                match org.object(*kind, *id) {
                    Some(obj) => {
                        kinds.push(kind.as_str());
                        ids.push(i64::from(*id));
                        bodies.push(serde_json::to_string(&obj).map_err(|e| self.corrupt(e))?);
                    }
                    None => {
                        gone_kinds.push(kind.as_str());
                        gone_ids.push(i64::from(*id));
                    }
                }
            }
            if !kinds.is_empty() {
                tx.execute(&upsert, &[&oid, &kinds, &ids, &bodies])
                    .map_err(|e| self.unavailable(&e))?;
            }
            if !gone_kinds.is_empty() {
                tx.execute(&delete, &[&oid, &gone_kinds, &gone_ids])
                    .map_err(|e| self.unavailable(&e))?;
            }
        }
        Ok(())
    }

    /// Writes an organization's pending changes, its revision and settings,
    /// the change log's rows and the audit records, in one transaction — if
    /// the database still holds the revision this store last loaded or
    /// committed it at. If another node committed meanwhile, returns
    /// [`StoreError::Conflict`] and writes nothing: reload, reapply, commit
    /// again. Returns the objects written (or deleted).
    pub fn commit(
        &mut self,
        org: &mut Organization,
        audit: &[AuditRecord],
    ) -> Result<Vec<(ObjectKind, u32)>, StoreError> {
        let changes = org.take_changes();
        let settings = serde_json::to_string(&org.settings).map_err(|e| self.corrupt(e))?;
        let revision = self.revision_param(org.revision)?;
        let mut inner = self.conn()?;
        let expected = inner.seen.get(&key(&org.name)).copied();
        let mut tx = inner
            .client
            .transaction()
            .map_err(|e| self.unavailable(&e))?;
        // The row lock makes commits to one organization take turns; under
        // READ COMMITTED a waiter then reads the winner's revision and stops.
        let row = tx
            .query_opt(
                "SELECT id, revision FROM organizations WHERE lower(name) = lower($1) FOR UPDATE",
                &[&org.name],
            )
            .map_err(|e| self.unavailable(&e))?
            .ok_or_else(|| StoreError::NoOrganization(org.name.clone()))?;
        let oid: i64 = row.try_get(0).map_err(|e| self.unavailable(&e))?;
        let found: i64 = row.try_get(1).map_err(|e| self.unavailable(&e))?;
        let found = u64::try_from(found).map_err(|_| self.corrupt("negative revision"))?;
        let Some(expected) = expected else {
            return Err(StoreError::NotLoaded(org.name.clone()));
        };
        if found != expected || org.revision < found {
            return Err(StoreError::Conflict {
                org: org.name.clone(),
                expected,
                found,
            });
        }
        tx.execute(
            "UPDATE organizations SET revision = $1, settings = $2 WHERE id = $3",
            &[&revision, &settings, &oid],
        )
        .map_err(|e| self.unavailable(&e))?;
        self.write_objects(&mut tx, oid, org, &changes)?;
        self.log_changes(&mut tx, oid, org.revision, &changes)?;
        // Revisions more than `changes_kept` behind leave the log (see the
        // SQLite store's `prune_changes`).
        if let Some(below) = org.revision.checked_sub(self.changes_kept) {
            let below = self.revision_param(below)?;
            tx.execute(
                "DELETE FROM changes WHERE org = $1 AND revision <= $2",
                &[&oid, &below],
            )
            .map_err(|e| self.unavailable(&e))?;
        }
        if !audit.is_empty() {
            let ins = tx
                .prepare(
                    "INSERT INTO audit (org, revision, at, principal, cmdlet, parameters, succeeded, error, objects) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                )
                .map_err(|e| self.unavailable(&e))?;
            for a in audit {
                let objects = serde_json::to_string(&a.objects).map_err(|e| self.corrupt(e))?;
                let rev = self.revision_param(a.revision)?;
                tx.execute(
                    &ins,
                    &[
                        &oid,
                        &rev,
                        &a.at,
                        &a.principal,
                        &a.cmdlet,
                        &a.parameters,
                        &a.succeeded,
                        &a.error,
                        &objects,
                    ],
                )
                .map_err(|e| self.unavailable(&e))?;
            }
        }
        if org.revision != found || !changes.is_empty() {
            let payload = format!("{}:{}", org.name, org.revision);
            tx.execute("SELECT pg_notify($1, $2)", &[&CHANGE_CHANNEL, &payload])
                .map_err(|e| self.unavailable(&e))?;
        }
        tx.commit().map_err(|e| self.unavailable(&e))?;
        inner.seen.insert(key(&org.name), org.revision);
        Ok(changes)
    }

    /// Writes the change log's rows for a commit at `revision`: one per
    /// changed object, and the marker every revision gets. A commit that
    /// didn't move the revision (an audit-only one) finds its marker there.
    fn log_changes(
        &self,
        tx: &mut Transaction<'_>,
        oid: i64,
        revision: u64,
        changes: &[(ObjectKind, u32)],
    ) -> Result<(), StoreError> {
        let revision = self.revision_param(revision)?;
        let ins = tx
            .prepare(
                "INSERT INTO changes (org, revision, kind, id) \
                 SELECT $1, $2, k, i FROM unnest($3::text[], $4::bigint[]) AS t(k, i) \
                 ON CONFLICT DO NOTHING",
            )
            .map_err(|e| self.unavailable(&e))?;
        let marker = [(MARKER_KIND, i64::from(MARKER_ID))];
        let rows: Vec<(&str, i64)> = marker
            .into_iter()
            .chain(changes.iter().map(|(k, id)| (k.as_str(), i64::from(*id))))
            .collect();
        for chunk in rows.chunks(CHUNK) {
            let kinds: Vec<&str> = chunk.iter().map(|(k, _)| *k).collect();
            let ids: Vec<i64> = chunk.iter().map(|(_, i)| *i).collect();
            tx.execute(&ins, &[&oid, &revision, &kinds, &ids])
                .map_err(|e| self.unavailable(&e))?;
        }
        Ok(())
    }

    /// What changed in an organization after `revision`, read from the
    /// change log in one snapshot: its revision and settings now and the
    /// current state of every object changed since. `None` when the log
    /// can't vouch for every commit since `revision` (a store written before
    /// the log existed, or a revision it never held): load it whole instead.
    pub fn changes_since(&self, org: &str, revision: u64) -> Result<Option<ChangeSet>, StoreError> {
        let Ok(since) = i64::try_from(revision) else {
            return Ok(None);
        };
        let mut inner = self.conn()?;
        // REPEATABLE READ: the revision, the log and the bodies come from one
        // snapshot even while other nodes commit.
        let mut tx = inner
            .client
            .build_transaction()
            .isolation_level(IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()
            .map_err(|e| self.unavailable(&e))?;
        let row = tx
            .query_opt(
                "SELECT id, revision, settings FROM organizations WHERE lower(name) = lower($1)",
                &[&org],
            )
            .map_err(|e| self.unavailable(&e))?
            .ok_or_else(|| StoreError::NoOrganization(org.to_string()))?;
        let oid: i64 = row.try_get(0).map_err(|e| self.unavailable(&e))?;
        let current: i64 = row.try_get(1).map_err(|e| self.unavailable(&e))?;
        let settings: &str = row.try_get(2).map_err(|e| self.unavailable(&e))?;
        let settings: OrganizationSettings = serde_json::from_str(settings)
            .map_err(|e| self.corrupt(format!("organization settings: {e}")))?;
        if since > current {
            return Ok(None);
        }
        let current = u64::try_from(current).map_err(|_| self.corrupt("negative revision"))?;
        let mut rows = ChangeRows::default();
        if revision < current {
            // The commit that made `revision` logged it, and so did every
            // later one up to the current revision.
            let covered: bool = tx
                .query_one(
                    "SELECT EXISTS (SELECT 1 FROM changes WHERE org = $1 AND revision = $2 AND kind = $3 AND id = $4) \
                     AND coalesce((SELECT max(revision) FROM changes WHERE org = $1 AND kind = $3) = $5, false)",
                    &[&oid, &since, &MARKER_KIND, &i64::from(MARKER_ID), &self.revision_param(current)?],
                )
                .and_then(|r| r.try_get(0))
                .map_err(|e| self.unavailable(&e))?;
            if !covered {
                return Ok(None);
            }
            let found = tx
                .query(
                    "SELECT c.kind, c.id, o.body FROM \
                     (SELECT DISTINCT kind, id FROM changes WHERE org = $1 AND revision > $2 AND kind <> $3) c \
                     LEFT JOIN objects o ON o.org = $1 AND o.kind = c.kind AND o.id = c.id",
                    &[&oid, &since, &MARKER_KIND],
                )
                .map_err(|e| self.unavailable(&e))?;
            for r in &found {
                let kind: &str = r.try_get(0).map_err(|e| self.unavailable(&e))?;
                let id: i64 = r.try_get(1).map_err(|e| self.unavailable(&e))?;
                let body: Option<&str> = r.try_get(2).map_err(|e| self.unavailable(&e))?;
                rows.push(kind, id, body).map_err(|e| self.corrupt(e))?;
            }
        }
        tx.commit().map_err(|e| self.unavailable(&e))?;
        Ok(Some(rows.finish(current, settings)))
    }

    /// How many revisions the change log keeps ([`crate::CHANGES_KEPT`]
    /// unless set; at least one).
    pub fn set_changes_kept(&mut self, revisions: u64) {
        self.changes_kept = revisions.max(1);
    }

    /// Loads one organization (or, with `None`, the first one) from one
    /// consistent snapshot, and remembers its revision for the next commit.
    pub fn load(&self, name: Option<&str>) -> Result<Organization, StoreError> {
        self.load_with(name, &mut |_, _| {})
    }

    /// Like [`PgStore::load`], reporting `(objects read, objects in all)` as it goes.
    pub fn load_with(
        &self,
        name: Option<&str>,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<Organization, StoreError> {
        let mut inner = self.conn()?;
        // REPEATABLE READ: the organization row and its objects come from
        // one snapshot even while other nodes commit.
        let mut tx = inner
            .client
            .build_transaction()
            .isolation_level(IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()
            .map_err(|e| self.unavailable(&e))?;
        let row = match name {
            Some(n) => tx.query_opt(
                "SELECT id, name, revision, settings FROM organizations WHERE lower(name) = lower($1)",
                &[&n],
            ),
            None => tx.query_opt(
                "SELECT id, name, revision, settings FROM organizations ORDER BY id LIMIT 1",
                &[],
            ),
        }
        .map_err(|e| self.unavailable(&e))?;
        let Some(row) = row else {
            return Err(StoreError::NoOrganization(
                name.unwrap_or("(any)").to_string(),
            ));
        };
        let oid: i64 = row.try_get(0).map_err(|e| self.unavailable(&e))?;
        let oname: String = row.try_get(1).map_err(|e| self.unavailable(&e))?;
        let revision: i64 = row.try_get(2).map_err(|e| self.unavailable(&e))?;
        let settings: &str = row.try_get(3).map_err(|e| self.unavailable(&e))?;
        let settings: OrganizationSettings = serde_json::from_str(settings)
            .map_err(|e| self.corrupt(format!("organization settings: {e}")))?;
        let revision = u64::try_from(revision).map_err(|_| self.corrupt("negative revision"))?;
        let parts = {
            let total: i64 = tx
                .query_one("SELECT count(*) FROM objects WHERE org = $1", &[&oid])
                .and_then(|r| r.try_get(0))
                .map_err(|e| self.unavailable(&e))?;
            let total = u64::try_from(total).unwrap_or(0);
            // Streamed: a million bodies need not sit in memory twice.
            let mut rows = tx
                .query_raw(
                    "SELECT kind, id, body FROM objects WHERE org = $1",
                    [&oid as &dyn ToSql],
                )
                .map_err(|e| self.unavailable(&e))?;
            std::thread::scope(|scope| -> Result<Parts, StoreError> {
                let mut parser = crate::rows::Parser::start(scope);
                let mut done = 0u64;
                while let Some(r) = rows.next().map_err(|e| self.unavailable(&e))? {
                    let kind: &str = r.try_get(0).map_err(|e| self.unavailable(&e))?;
                    let id: i64 = r.try_get(1).map_err(|e| self.unavailable(&e))?;
                    let body: &str = r.try_get(2).map_err(|e| self.unavailable(&e))?;
                    parser.push(kind, id, body);
                    done += 1;
                    if done.is_multiple_of(crate::PROGRESS_EVERY) {
                        progress(done, total);
                    }
                }
                let parts = parser.finish().map_err(|e| self.corrupt(e))?;
                progress(done, total);
                Ok(parts)
            })?
        };
        tx.commit().map_err(|e| self.unavailable(&e))?;
        let org =
            Organization::restore(oname, settings, revision, parts).map_err(|e| self.corrupt(e))?;
        inner.seen.insert(key(&org.name), revision);
        Ok(org)
    }

    /// Records that this store's owner holds `org` at `revision` (it caught
    /// up through another handle), so [`PgStore::wait_for_change`] reports
    /// only what comes after.
    pub fn note_seen(&self, org: &str, revision: u64) {
        let mut inner = self.lock();
        let seen = inner.seen.entry(key(org)).or_insert(revision);
        *seen = (*seen).max(revision);
    }

    /// The organization's revision in the database now.
    pub fn current_revision(&self, org: &str) -> Result<u64, StoreError> {
        let mut inner = self.conn()?;
        let row = inner
            .client
            .query_opt(
                "SELECT revision FROM organizations WHERE lower(name) = lower($1)",
                &[&org],
            )
            .map_err(|e| self.unavailable(&e))?
            .ok_or_else(|| StoreError::NoOrganization(org.to_string()))?;
        let rev: i64 = row.try_get(0).map_err(|e| self.unavailable(&e))?;
        u64::try_from(rev).map_err(|_| self.corrupt("negative revision"))
    }

    /// Brings `org` to the stored state when another node committed to it
    /// since this store last loaded or committed it; says whether it did.
    /// It reads only what changed since ([`PgStore::changes_since`]) and
    /// applies it in place, or loads the organization whole when the change
    /// log can't cover the gap. Changes pending in `org` are discarded.
    pub fn reload_if_newer(&self, org: &mut Organization) -> Result<bool, StoreError> {
        let current = self.current_revision(&org.name)?;
        let seen = self.lock().seen.get(&key(&org.name)).copied();
        let base = seen.unwrap_or(org.revision);
        if current == base {
            return Ok(false);
        }
        // Only a copy that is exactly what this store last held can be moved
        // forward: one with changes of its own — pending, or left behind by a
        // failed commit (which also moved its revision) — is replaced whole.
        if seen == Some(org.revision)
            && !org.has_changes()
            && let Some(cs) = self.changes_since(&org.name, org.revision)?
            // A set the copy refuses leaves it as it was: load it whole.
            && org.apply(&cs).is_ok()
        {
            // As after a load: the next commit is checked against this revision.
            self.lock().seen.insert(key(&org.name), cs.revision);
            return Ok(true);
        }
        *org = self.load(Some(&org.name))?;
        Ok(true)
    }

    /// Waits up to `timeout` for another node's commit to an organization
    /// and returns its name and new revision, or `None` when nothing newer
    /// than what this store has seen arrived in time.
    ///
    /// The first call starts listening and then reports any commit this
    /// store missed before that, so nothing falls between a load and the
    /// first wait. Commits made through this store aren't reported. Call
    /// [`PgStore::load`] for a reported organization to move past it.
    pub fn wait_for_change(
        &mut self,
        timeout: Duration,
    ) -> Result<Option<(String, u64)>, StoreError> {
        let deadline = Instant::now() + timeout;
        if self.listener.is_none() {
            let mut listener = self.connect()?;
            listener
                .batch_execute(&format!("LISTEN {CHANGE_CHANNEL}"))
                .map_err(|e| self.unavailable(&e))?;
            // Listening is only kept once the catch-up worked: a failed
            // one is retried by the next call rather than lost.
            let missed = self.first_newer()?;
            self.listener = Some(listener);
            if let Some(missed) = missed {
                return Ok(Some(missed));
            }
        }
        loop {
            let now = Instant::now();
            let left = deadline.saturating_duration_since(now);
            let Some(listener) = self.listener.as_mut() else {
                return Ok(None);
            };
            let got = listener.notifications().timeout_iter(left).next();
            let note = match got {
                Ok(Some(n)) => n,
                // Before the deadline, `None` means the server hung up.
                Ok(None) if listener.is_closed() || Instant::now() < deadline => {
                    // The next call listens anew and catches up on what was missed.
                    self.listener = None;
                    return Err(StoreError::Unavailable {
                        path: self.shown.clone(),
                        detail: "the connection listening for changes was closed".to_string(),
                    });
                }
                Ok(None) => return Ok(None),
                Err(e) => {
                    self.listener = None;
                    return Err(self.unavailable(&e));
                }
            };
            let Some((name, _)) = note.payload().rsplit_once(':') else {
                continue;
            };
            // The payload is only a hint: the revision is read from this
            // store's own database, so notifications from another schema
            // sharing the database, or already-seen commits, don't count.
            let name = name.to_string();
            let newer = match self.newer(&name) {
                Ok(n) => n,
                Err(e) => {
                    // The notification is spent: catch up from scratch next time.
                    self.listener = None;
                    return Err(e);
                }
            };
            match newer {
                Some(rev) => return Ok(Some((name, rev))),
                None if Instant::now() >= deadline => return Ok(None),
                None => continue,
            }
        }
    }

    /// The organization's revision when it is newer than the one this store
    /// has seen (or the store hasn't seen it at all).
    fn newer(&self, name: &str) -> Result<Option<u64>, StoreError> {
        let current = match self.current_revision(name) {
            Ok(r) => r,
            Err(StoreError::NoOrganization(_)) => return Ok(None),
            Err(e) => return Err(e),
        };
        let seen = self.lock().seen.get(&key(name)).copied();
        Ok(match seen {
            Some(s) if current <= s => None,
            _ => Some(current),
        })
    }

    /// The first organization this store has seen that has moved on since.
    fn first_newer(&self) -> Result<Option<(String, u64)>, StoreError> {
        let seen: Vec<(String, u64)> = self
            .lock()
            .seen
            .iter()
            .map(|(k, v)| (k.clone(), *v))
            .collect();
        let mut inner = self.conn()?;
        for (name, rev) in seen {
            let row = inner
                .client
                .query_opt(
                    "SELECT name, revision FROM organizations WHERE lower(name) = $1",
                    &[&name],
                )
                .map_err(|e| self.unavailable(&e))?;
            if let Some(row) = row {
                let stored: String = row.try_get(0).map_err(|e| self.unavailable(&e))?;
                let current: i64 = row.try_get(1).map_err(|e| self.unavailable(&e))?;
                let current =
                    u64::try_from(current).map_err(|_| self.corrupt("negative revision"))?;
                if current > rev {
                    return Ok(Some((stored, current)));
                }
            }
        }
        Ok(None)
    }

    /// Search-AdminAuditLog over one organization, newest first. The
    /// database narrows by organization and time; the core's
    /// [`AuditQuery::matches`] decides the rest, so the rule is the one the
    /// SQLite store and the in-memory log use.
    pub fn search_audit(&self, org: &str, q: &AuditQuery) -> Result<Vec<AuditRecord>, StoreError> {
        const BATCH: i32 = 512;
        let limit = q.limit.unwrap_or(usize::MAX);
        let mut out = Vec::new();
        if limit == 0 {
            return Ok(out);
        }
        let mut inner = self.conn()?;
        let mut tx = inner
            .client
            .build_transaction()
            .read_only(true)
            .start()
            .map_err(|e| self.unavailable(&e))?;
        // A portal read in batches: a limited search over a long log stops
        // reading once it has enough.
        let portal = tx
            .bind(
                "SELECT a.revision, a.at, a.principal, a.cmdlet, a.parameters, a.succeeded, a.error, a.objects \
                 FROM audit a JOIN organizations o ON o.id = a.org WHERE lower(o.name) = lower($1) \
                 AND ($2::bigint IS NULL OR a.at >= $2) AND ($3::bigint IS NULL OR a.at <= $3) \
                 ORDER BY a.seq DESC",
                &[&org, &q.start, &q.end],
            )
            .map_err(|e| self.unavailable(&e))?;
        loop {
            let rows = tx
                .query_portal(&portal, BATCH)
                .map_err(|e| self.unavailable(&e))?;
            let last_batch = rows.len() < BATCH as usize;
            for r in rows {
                let objects: &str = r.try_get(7).map_err(|e| self.unavailable(&e))?;
                let revision: i64 = r.try_get(0).map_err(|e| self.unavailable(&e))?;
                let rec = AuditRecord {
                    revision: u64::try_from(revision).unwrap_or(0),
                    at: r.try_get(1).map_err(|e| self.unavailable(&e))?,
                    principal: r.try_get(2).map_err(|e| self.unavailable(&e))?,
                    cmdlet: r.try_get(3).map_err(|e| self.unavailable(&e))?,
                    parameters: r.try_get(4).map_err(|e| self.unavailable(&e))?,
                    succeeded: r.try_get(5).map_err(|e| self.unavailable(&e))?,
                    error: r.try_get(6).map_err(|e| self.unavailable(&e))?,
                    objects: serde_json::from_str(objects)
                        .map_err(|e| self.corrupt(format!("audit objects: {e}")))?,
                };
                if q.matches(&rec) {
                    out.push(rec);
                    if out.len() >= limit {
                        return Ok(out);
                    }
                }
            }
            if last_batch {
                return Ok(out);
            }
        }
    }
}

impl std::fmt::Debug for PgStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgStore")
            .field("url", &self.shown)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn passwords_never_show() {
        assert_eq!(
            redact("postgres://bob:s3cret@db.example:5432/x"),
            "postgres://bob:***@db.example:5432/x"
        );
        assert_eq!(redact("postgresql://bob@h/x"), "postgresql://bob@h/x");
        assert_eq!(
            redact("postgres://h/x?user=bob&password=s3cret&sslmode=disable"),
            "postgres://h/x?user=bob&password=***&sslmode=disable"
        );
        assert_eq!(redact("postgres://a:b@c"), "postgres://a:***@c");
        assert_eq!(
            redact("host=h user=bob password=s3cret dbname=x"),
            "host=h user=bob password=*** dbname=x"
        );
    }
}
