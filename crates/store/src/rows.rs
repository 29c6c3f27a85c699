//! What both backends share: turning a stored row back into an object.

use exrbac_core::{ObjectKind, Parts};

/// Adds one stored object to `parts`; the error names the row.
pub(crate) fn push_object(
    parts: &mut Parts,
    kind: &str,
    id: i64,
    body: &str,
) -> Result<(), String> {
    let id = u32::try_from(id).map_err(|_| format!("{kind} id {id} is out of range"))?;
    let bad = |e: serde_json::Error| format!("{kind} #{id}: {e}");
    match ObjectKind::parse(kind) {
        Some(ObjectKind::Ou) => parts
            .ous
            .push((id, serde_json::from_str(body).map_err(bad)?)),
        Some(ObjectKind::Recipient) => parts
            .recipients
            .push((id, serde_json::from_str(body).map_err(bad)?)),
        Some(ObjectKind::Server) => parts
            .servers
            .push((id, serde_json::from_str(body).map_err(bad)?)),
        Some(ObjectKind::Database) => parts
            .databases
            .push((id, serde_json::from_str(body).map_err(bad)?)),
        Some(ObjectKind::Role) => parts
            .roles
            .push((id, serde_json::from_str(body).map_err(bad)?)),
        Some(ObjectKind::Scope) => parts
            .scopes
            .push((id, serde_json::from_str(body).map_err(bad)?)),
        Some(ObjectKind::Assignment) => parts
            .assignments
            .push((id, serde_json::from_str(body).map_err(bad)?)),
        Some(ObjectKind::Policy) => parts
            .policies
            .push((id, serde_json::from_str(body).map_err(bad)?)),
        None => return Err(format!("unknown object kind `{kind}`")),
    }
    Ok(())
}
