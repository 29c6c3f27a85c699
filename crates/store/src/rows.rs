//! What both backends share: turning stored rows back into objects, and the
//! change log's rows into a change set.

use exrbac_core::{ChangeSet, Object, ObjectKind, OrganizationSettings, Parts};

/// The `changes` row every commit (and insert) writes at its revision, so a
/// revision the log knows always has a row: the log covers a node's revision
/// exactly when this row is there.
pub(crate) const MARKER_KIND: &str = "settings";
/// The marker row's id.
pub(crate) const MARKER_ID: u32 = 0;

/// A stored object's kind and id; the error names the row.
fn object_key(kind: &str, id: i64) -> Result<(ObjectKind, u32), String> {
    let k = ObjectKind::parse(kind).ok_or_else(|| format!("unknown object kind `{kind}`"))?;
    let id = u32::try_from(id).map_err(|_| format!("{kind} id {id} is out of range"))?;
    Ok((k, id))
}

/// Reads one stored object; the error names the row.
fn parse_object(kind: &str, id: i64, body: &str) -> Result<(ObjectKind, u32, Object), String> {
    let (k, id) = object_key(kind, id)?;
    let obj = Object::from_json(k, body).map_err(|e| format!("{kind} #{id}: {e}"))?;
    Ok((k, id, obj))
}

/// Rows as read, their bodies in one string (one allocation a batch, not
/// one a row): kind (or its unknown name), id, where the body ends.
#[derive(Default)]
struct Batch {
    text: String,
    rows: Vec<(Result<ObjectKind, String>, i64, usize)>,
}

/// Rows handed to a worker at a time: big enough that the channel costs
/// nothing per row, small enough that the workers start at once.
const BATCH: usize = 2048;

/// What a worker made of its rows, or the first row it could not read
/// (by its place in the read, so the error reported doesn't depend on
/// which worker got there first).
type Parsed = Result<Parts, (u64, String)>;

/// Parses stored objects on worker threads while the caller goes on reading
/// rows: a cold start is mostly JSON parsing, and the reading (SQLite's
/// pages, PostgreSQL's socket) keeps one thread busy on its own.
pub(crate) struct Parser<'scope> {
    send: Option<std::sync::mpsc::SyncSender<(u64, Batch)>>,
    workers: Vec<std::thread::ScopedJoinHandle<'scope, Parsed>>,
    batch: Batch,
    /// Place in the read of the batch's first row.
    first: u64,
    /// When no worker thread could be started: parse on the caller's.
    inline: Option<Parsed>,
}

impl<'scope> Parser<'scope> {
    /// Starts the workers inside `scope`.
    pub(crate) fn start<'env>(scope: &'scope std::thread::Scope<'scope, 'env>) -> Self {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get().clamp(1, 4));
        let (send, receive) = std::sync::mpsc::sync_channel::<(u64, Batch)>(threads * 2);
        let receive = std::sync::Arc::new(std::sync::Mutex::new(receive));
        let mut workers = Vec::new();
        for i in 0..threads {
            let receive = receive.clone();
            let spawned = std::thread::Builder::new()
                .name(format!("exrbac-load-{i}"))
                .spawn_scoped(scope, move || {
                    let mut out: Parsed = Ok(Parts::default());
                    loop {
                        // A poisoned lock means another worker panicked:
                        // its rows are lost, which `finish` reports.
                        let next = match receive.lock() {
                            Ok(r) => r.recv(),
                            Err(_) => break,
                        };
                        let Ok((first, rows)) = next else { break };
                        parse_batch(&mut out, first, rows);
                    }
                    out
                });
            if let Ok(w) = spawned {
                workers.push(w);
            }
        }
        let inline = workers.is_empty().then(|| Ok(Parts::default()));
        Parser {
            send: Some(send),
            workers,
            batch: Batch::default(),
            first: 0,
            inline,
        }
    }

    /// One row, in read order.
    pub(crate) fn push(&mut self, kind: &str, id: i64, body: &str) {
        let kind = ObjectKind::parse(kind).ok_or_else(|| kind.to_string());
        self.batch.text.push_str(body);
        self.batch.rows.push((kind, id, self.batch.text.len()));
        if self.batch.rows.len() >= BATCH {
            self.flush();
        }
    }

    fn flush(&mut self) {
        let rows = std::mem::take(&mut self.batch);
        let first = self.first;
        self.first += rows.rows.len() as u64;
        if let Some(out) = &mut self.inline {
            parse_batch(out, first, rows);
            return;
        }
        if let Some(send) = &self.send
            && let Err(std::sync::mpsc::SendError((first, rows))) = send.send((first, rows))
        {
            // Every worker is gone (they only stop early by panicking):
            // parse here rather than lose the rows.
            let mut out = Ok(Parts::default());
            parse_batch(&mut out, first, rows);
            self.inline = Some(out);
        }
    }

    /// Waits for the workers and puts their objects together; the error
    /// names the first unreadable row.
    pub(crate) fn finish(mut self) -> Result<Parts, String> {
        if !self.batch.rows.is_empty() {
            self.flush();
        }
        self.send = None;
        let mut results: Vec<Parsed> = self.inline.take().into_iter().collect();
        for w in self.workers {
            match w.join() {
                Ok(r) => results.push(r),
                Err(_) => return Err("a loading thread failed".to_string()),
            }
        }
        let mut all = Parts::default();
        let mut first_error: Option<(u64, String)> = None;
        for r in results {
            match r {
                Ok(p) => {
                    all.ous.extend(p.ous);
                    all.recipients.extend(p.recipients);
                    all.servers.extend(p.servers);
                    all.databases.extend(p.databases);
                    all.roles.extend(p.roles);
                    all.scopes.extend(p.scopes);
                    all.assignments.extend(p.assignments);
                    all.policies.extend(p.policies);
                }
                Err(e) => {
                    if first_error.as_ref().is_none_or(|f| e.0 < f.0) {
                        first_error = Some(e);
                    }
                }
            }
        }
        match first_error {
            Some((_, e)) => Err(e),
            None => Ok(all),
        }
    }
}

/// Parses a batch into `out`; after an error only an earlier one matters.
fn parse_batch(out: &mut Parsed, first: u64, batch: Batch) {
    let mut start = 0;
    for (at, (kind, id, end)) in (first..).zip(batch.rows) {
        let body = batch.text.get(start..end).unwrap_or_default();
        start = end;
        if matches!(out, Err((seen, _)) if *seen < at) {
            return;
        }
        let parsed = match &kind {
            Ok(k) => object_key(k.as_str(), id).and_then(|(k, id)| {
                Object::from_json(k, body)
                    .map(|o| (id, o))
                    .map_err(|e| format!("{} #{id}: {e}", k.as_str()))
            }),
            Err(unknown) => Err(format!("unknown object kind `{unknown}`")),
        };
        match (parsed, &mut *out) {
            (Ok((id, obj)), Ok(parts)) => parts.push(id, obj),
            (Ok(_), Err(_)) => {}
            (Err(e), _) => *out = Err((at, e)),
        }
    }
}

/// Collects the rows of a change-log read — each changed object with its
/// body now, `None` when its row is gone — into a change set.
#[derive(Default)]
pub(crate) struct ChangeRows {
    objects: Vec<(ObjectKind, u32, Option<Object>)>,
}

impl ChangeRows {
    /// One changed object; marker rows are skipped.
    pub(crate) fn push(&mut self, kind: &str, id: i64, body: Option<&str>) -> Result<(), String> {
        if kind == MARKER_KIND {
            return Ok(());
        }
        self.objects.push(match body {
            Some(b) => {
                let (k, id, o) = parse_object(kind, id, b)?;
                (k, id, Some(o))
            }
            None => {
                let (k, id) = object_key(kind, id)?;
                (k, id, None)
            }
        });
        Ok(())
    }

    /// The change set reaching `revision`, in load order (deterministic,
    /// though applying doesn't depend on it).
    pub(crate) fn finish(mut self, revision: u64, settings: OrganizationSettings) -> ChangeSet {
        let rank = |k: ObjectKind| ObjectKind::ALL.iter().position(|x| *x == k);
        self.objects.sort_by_key(|(k, id, _)| (rank(*k), *id));
        ChangeSet {
            revision,
            settings,
            objects: self.objects,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(i: usize) -> String {
        format!(
            r#"{{"name":"User {i}","ou":0,"kind":"User","attrs":{{"City":"Oslo","Title":"T{i}"}},"enabled":true,"database":null,"policy":null,"members":[],"member_of":[],"managed_by":[],"manager":null}}"#
        )
    }

    fn parse(rows: &[(String, i64, String)]) -> Result<Parts, String> {
        std::thread::scope(|scope| {
            let mut p = Parser::start(scope);
            for (k, id, b) in rows {
                p.push(k, *id, b);
            }
            p.finish()
        })
    }

    #[test]
    fn every_row_of_many_batches_arrives_once() {
        let n = BATCH * 3 + 17;
        let rows: Vec<_> = (0..n)
            .map(|i| ("recipient".to_string(), i as i64, body(i)))
            .collect();
        let parts = parse(&rows).unwrap();
        let mut ids: Vec<u32> = parts.recipients.iter().map(|(id, _)| *id).collect();
        ids.sort_unstable();
        assert_eq!(ids, (0..n as u32).collect::<Vec<_>>());
        let (_, r) = parts.recipients.iter().find(|(id, _)| *id == 4100).unwrap();
        assert_eq!(r.name, "User 4100");
        assert_eq!(r.attr("title"), Some("T4100"));
    }

    #[test]
    fn the_first_bad_row_in_read_order_is_the_one_reported() {
        let n = BATCH * 4;
        let mut rows: Vec<_> = (0..n)
            .map(|i| ("recipient".to_string(), i as i64, body(i)))
            .collect();
        rows[BATCH * 3 + 5].2 = "{not json".to_string();
        rows[BATCH + 2].0 = "gadget".to_string();
        rows[BATCH * 2].2.truncate(20);
        for _ in 0..5 {
            assert_eq!(
                parse(&rows).err().unwrap(),
                "unknown object kind `gadget`",
                "the earliest bad row wins, whichever worker reads it"
            );
        }
        rows[BATCH + 2].0 = "recipient".to_string();
        let e = parse(&rows).err().unwrap();
        assert!(
            e.starts_with(&format!("recipient #{}: EOF", BATCH * 2)),
            "{e}"
        );
        let empty = parse(&[]).unwrap();
        assert!(empty.recipients.is_empty());
    }
}
