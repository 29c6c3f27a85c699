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

/// Adds one stored object to `parts`; the error names the row.
pub(crate) fn push_object(
    parts: &mut Parts,
    kind: &str,
    id: i64,
    body: &str,
) -> Result<(), String> {
    let (_, id, obj) = parse_object(kind, id, body)?;
    parts.push(id, obj);
    Ok(())
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
