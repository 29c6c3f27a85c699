//! One `serve` process: the store, and per organization an immutable
//! snapshot that decisions read without locks, swapped whole on commit.
//!
//! Each organization is held twice (left-right): readers use the published
//! copy through an [`ArcSwap`]; the writer changes the other one, commits,
//! publishes it with one pointer swap, and later brings the retired copy up
//! to date by applying the same change sets once its last reader is gone.
//! A write therefore costs the change itself twice, never a clone or a
//! rebuild of a million-recipient organization, and no reader ever sees
//! half of a change.

use crate::err::ApiError;
use arc_swap::ArcSwap;
use exrbac_core::{AuditQuery, AuditRecord, ChangeSet, Organization};
use exrbac_store::{Store, StoreError};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, RwLock};
use std::time::{Duration, Instant};
use tokio::sync::watch;

/// How long a writer waits for the readers of a retired copy before it
/// gives up on reusing it and clones the published one instead.
const DRAIN_LIMIT: Duration = Duration::from_secs(2);

/// One organization served by this node.
pub struct Tenant {
    /// Its name as stored.
    pub name: String,
    live: ArcSwap<Organization>,
    revision: watch::Sender<u64>,
    writer: Mutex<Writer>,
}

/// The writer's side: the retired copy and what it still lacks.
struct Writer {
    spare: Option<Arc<Organization>>,
    pending: Vec<ChangeSet>,
}

/// What a script run through [`Tenant::invoke`] produced.
pub struct InvokeResult {
    /// One outcome per top-level statement run.
    pub outcomes: Vec<exrbac_shell::Outcome>,
    /// The revision after the script.
    pub revision: u64,
}

impl Tenant {
    fn new(org: Organization) -> Tenant {
        let (revision, _) = watch::channel(org.revision);
        Tenant {
            name: org.name.clone(),
            live: ArcSwap::from_pointee(org),
            revision,
            writer: Mutex::new(Writer {
                spare: None,
                pending: Vec::new(),
            }),
        }
    }

    /// The published snapshot.
    pub fn snapshot(&self) -> Arc<Organization> {
        self.live.load_full()
    }

    /// The published revision.
    pub fn revision(&self) -> u64 {
        self.live.load().revision
    }

    /// Waits (bounded) until the snapshot is at least at `wanted`; says
    /// whether it got there.
    pub async fn wait_for(&self, wanted: u64, limit: Duration) -> bool {
        let mut rx = self.revision.subscribe();
        let reached = tokio::time::timeout(limit, rx.wait_for(|r| *r >= wanted)).await;
        matches!(reached, Ok(Ok(_))) || self.revision() >= wanted
    }

    /// A receiver of published revisions (the change feed).
    pub fn subscribe(&self) -> watch::Receiver<u64> {
        self.revision.subscribe()
    }

    fn lock_writer(&self) -> MutexGuard<'_, Writer> {
        // A panic in a writer can't leave the published copy half-changed
        // (it is never written in place); the spare is rebuilt below.
        match self.writer.lock() {
            Ok(g) => g,
            Err(p) => {
                let mut g = p.into_inner();
                g.spare = None;
                g.pending.clear();
                g
            }
        }
    }

    /// The writer's private copy, equal to the published one.
    fn working_copy(&self, w: &mut Writer) -> Organization {
        let pending = std::mem::take(&mut w.pending);
        if let Some(spare) = w.spare.take() {
            let deadline = Instant::now() + DRAIN_LIMIT;
            let mut spare = spare;
            loop {
                match Arc::try_unwrap(spare) {
                    Ok(mut org) => {
                        let caught_up = pending.iter().try_for_each(|cs| org.apply(cs));
                        if caught_up.is_ok() && org.revision == self.revision() {
                            return org;
                        }
                        tracing::warn!(
                            organization = %self.name,
                            "the retired snapshot couldn't be brought up to date; copying the published one"
                        );
                        break;
                    }
                    Err(back) if Instant::now() < deadline => {
                        spare = back;
                        std::thread::sleep(Duration::from_micros(200));
                    }
                    Err(_) => {
                        tracing::warn!(
                            organization = %self.name,
                            "readers held the retired snapshot too long; copying the published one"
                        );
                        break;
                    }
                }
            }
        }
        let mut org = (*self.live.load_full()).clone();
        org.clear_changes();
        org
    }

    /// Publishes `org`, remembering how the retired copy catches up.
    fn publish(&self, w: &mut Writer, org: Organization, sets: Vec<ChangeSet>) {
        let revision = org.revision;
        let old = self.live.swap(Arc::new(org));
        w.spare = Some(old);
        w.pending = sets;
        self.revision.send_replace(revision);
    }

    /// Publishes an organization loaded whole from the store; the retired
    /// copy can't be caught up by change sets, so it is dropped.
    fn replace_whole(&self, w: &mut Writer, fresh: Organization) -> u64 {
        w.spare = None;
        w.pending.clear();
        let revision = fresh.revision;
        self.live.swap(Arc::new(fresh));
        self.revision.send_replace(revision);
        revision
    }

    /// Picks up what other processes committed since the published revision
    /// (incrementally when the store's change log covers it).
    pub fn catch_up(&self, store: &Mutex<Store>) -> Result<bool, StoreError> {
        let current = self.revision();
        let found = lock(store).changes_since(&self.name, current)?;
        let Some(cs) = found else {
            let fresh = lock(store).load(Some(&self.name))?;
            if fresh.revision == current {
                return Ok(false);
            }
            self.replace_whole(&mut self.lock_writer(), fresh);
            return Ok(true);
        };
        if cs.revision <= current {
            return Ok(false);
        }
        let mut w = self.lock_writer();
        // Another writer of this node may have published meanwhile.
        if self.revision() >= cs.revision {
            return Ok(false);
        }
        let mut org = self.working_copy(&mut w);
        if let Err(e) = org.apply(&cs) {
            tracing::error!(organization = %self.name, error = %e, "a change from the store couldn't be applied; reloading");
            let fresh = lock(store).load(Some(&self.name))?;
            self.replace_whole(&mut w, fresh);
            return Ok(true);
        }
        // The store checks the next commit against what it has seen.
        if let Some(pg) = lock(store).as_postgres_mut() {
            pg.note_seen(&self.name, cs.revision);
        }
        self.publish(&mut w, org, vec![cs]);
        Ok(true)
    }

    /// Runs a script as `principal`: each command line that changes anything
    /// commits in its own transaction (as in `exrbac run`), and the script's
    /// changes are published together when it ends.
    pub fn invoke(
        &self,
        store: &Mutex<Store>,
        principal: &str,
        script: &exrbac_pwsh::Script,
    ) -> Result<InvokeResult, ApiError> {
        // Others' commits first, so this script acts on the current state
        // and its commits don't conflict for nothing.
        self.catch_up(store).map_err(ApiError::store)?;
        let mut w = self.lock_writer();
        let mut org = self.working_copy(&mut w);
        let user = org
            .find_recipient(principal)
            .ok_or(ApiError::Unauthorized)?;
        let mut sets = Vec::new();
        let mut outcomes = Vec::new();
        let mut broken = None;
        {
            let source = AuditOf {
                store,
                org: self.name.clone(),
            };
            let mut session = exrbac_shell::Session::new(&mut org, user);
            session.audit_source = Some(&source);
            for st in &script.statements {
                let mut outcome = session.run_statement(st);
                let audit: Vec<AuditRecord> = std::mem::take(&mut session.audit);
                if !audit.is_empty() {
                    let committed = lock(store).commit(session.org, &audit);
                    match committed {
                        Ok(changed) => sets.push(session.org.change_set(&changed)),
                        Err(e) => {
                            outcome.errors.push(exrbac_shell::ShellError::fatal(format!(
                                "the change couldn't be saved and was not applied: {e}"
                            )));
                            outcomes.push(outcome);
                            broken = Some(e);
                            break;
                        }
                    }
                }
                outcomes.push(outcome);
            }
        }
        if let Some(e) = broken {
            // The working copy holds a change the store refused: start over
            // from the store (what was committed before stays committed).
            tracing::warn!(organization = %self.name, error = %e, "a commit failed; reloading the organization");
            let fresh = lock(store)
                .load(Some(&self.name))
                .map_err(ApiError::store)?;
            let revision = self.replace_whole(&mut w, fresh);
            return Ok(InvokeResult { outcomes, revision });
        }
        let revision = org.revision;
        if sets.is_empty() {
            // Nothing changed: the copy goes back to being the spare.
            w.spare = Some(Arc::new(org));
        } else {
            self.publish(&mut w, org, sets);
        }
        Ok(InvokeResult { outcomes, revision })
    }
}

/// Search-AdminAuditLog for scripts run through the service.
struct AuditOf<'a> {
    store: &'a Mutex<Store>,
    org: String,
}

impl exrbac_shell::audit::AuditSource for AuditOf<'_> {
    fn search(&self, q: &AuditQuery) -> Result<Vec<AuditRecord>, String> {
        lock(self.store)
            .search_audit(&self.org, q)
            .map_err(|e| e.to_string())
    }
}

/// The store's lock. A panic while it was held leaves at worst an open
/// transaction, which the backend rolled back.
pub fn lock(store: &Mutex<Store>) -> MutexGuard<'_, Store> {
    store.lock().unwrap_or_else(|p| p.into_inner())
}

/// Every organization this node serves, loaded on first use.
pub struct Node {
    /// The store (blocking: used from blocking threads only).
    pub store: Mutex<Store>,
    tenants: RwLock<HashMap<String, Arc<Tenant>>>,
}

impl Node {
    /// A node over an open store; organizations load on first use.
    pub fn new(store: Store) -> Node {
        Node {
            store: Mutex::new(store),
            tenants: RwLock::new(HashMap::new()),
        }
    }

    /// Loads every organization now, so the first requests don't wait.
    pub fn load_all(&self) -> Result<usize, StoreError> {
        let names = lock(&self.store).organizations()?;
        for n in &names {
            self.tenant(n)?;
        }
        Ok(names.len())
    }

    /// An organization by name (case-insensitive), loading it if needed.
    pub fn tenant(&self, name: &str) -> Result<Arc<Tenant>, StoreError> {
        if let Some(t) = self.loaded_tenant(name) {
            return Ok(t);
        }
        let key = name.to_lowercase();
        let org = lock(&self.store).load(Some(name))?;
        let mut map = self.tenants.write().unwrap_or_else(|p| p.into_inner());
        Ok(map
            .entry(key)
            .or_insert_with(|| Arc::new(Tenant::new(org)))
            .clone())
    }

    /// An organization already loaded: found without touching the store,
    /// so a request's handler can ask without leaving its thread.
    pub fn loaded_tenant(&self, name: &str) -> Option<Arc<Tenant>> {
        self.tenants
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .get(&name.to_lowercase())
            .cloned()
    }

    /// The organizations loaded so far.
    pub fn tenants(&self) -> Vec<Arc<Tenant>> {
        self.tenants
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .values()
            .cloned()
            .collect()
    }

    /// Picks up other processes' commits to every loaded organization.
    pub fn catch_up_all(&self) {
        for t in self.tenants() {
            if let Err(e) = t.catch_up(&self.store) {
                tracing::warn!(organization = %t.name, error = %e, "catching up with the store failed");
            }
        }
    }
}
