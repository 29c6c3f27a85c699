//! Role entries of the built-in roles, derived from the reviewed table `data/role-cmdlets.tsv`
//! applied to the documented cmdlets (see the table's header and docs/catalog.md).

use crate::cmdlets::Table;
use crate::{CatalogError, EntryDef, EntryKind, is_common_parameter};
use std::collections::{BTreeMap, HashMap};

pub(crate) const FILE: &str = "role-cmdlets.tsv";
pub(crate) const TEXT: &str = include_str!("../data/role-cmdlets.tsv");

fn err(line: usize, message: impl Into<String>) -> CatalogError {
    CatalogError::Data {
        file: FILE,
        line,
        message: message.into(),
    }
}

/// What a row grants on each cmdlet it matches.
enum Params {
    All,
    AllExcept(Vec<String>),
    Only(Vec<String>),
    /// `-`: exclusion rows and non-cmdlet entries.
    Nothing,
}

/// One role's entries while they are being built: lower-case name → (name, kind, parameters).
type Building = BTreeMap<String, (String, EntryKind, Vec<String>)>;

/// Entries per role name (as the table spells it), sorted by name.
pub(crate) fn derive(cmdlets: &Table) -> Result<Vec<(String, Vec<EntryDef>)>, CatalogError> {
    let mut sets: HashMap<&str, &str> = HashMap::new();
    let mut order: Vec<String> = Vec::new();
    let mut roles: HashMap<String, Building> = HashMap::new();
    let mut removals: HashMap<String, Vec<(usize, String)>> = HashMap::new();

    for (i, line) in TEXT.lines().enumerate() {
        let n = i + 1;
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        if let Some(set) = fields.first().and_then(|f| f.strip_prefix('@')) {
            let value = fields.get(1).ok_or_else(|| err(n, "a set needs a value"))?;
            sets.insert(set, value);
            continue;
        }
        let [role, patterns, params, _source] = fields.as_slice() else {
            return Err(err(
                n,
                format!("expected 4 tab-separated fields, found {}", fields.len()),
            ));
        };
        let patterns = expand(patterns, &sets, n)?;
        let params = parse_params(&expand(params, &sets, n)?, n)?;
        let key = role.to_ascii_lowercase();
        if !roles.contains_key(&key) {
            order.push((*role).to_string());
        }
        let building = roles.entry(key.clone()).or_default();
        for pat in patterns.split_whitespace() {
            if let Some(p) = pat.strip_prefix('!') {
                removals
                    .entry(key.clone())
                    .or_default()
                    .push((n, p.to_string()));
                continue;
            }
            if let Some((kind, name)) = non_cmdlet(pat) {
                building.insert(
                    name.to_ascii_lowercase(),
                    (name.to_string(), kind, Vec::new()),
                );
                continue;
            }
            let found = cmdlets.matching(pat);
            if found.is_empty() {
                return Err(err(n, format!("`{pat}` matches no on-premises cmdlet")));
            }
            for c in found {
                let allowed = resolve(&params, c, n)?;
                let slot = building
                    .entry(c.name.to_ascii_lowercase())
                    .or_insert_with(|| (c.name.clone(), EntryKind::Cmdlet, Vec::new()));
                if slot.2.is_empty() {
                    slot.2 = allowed;
                } else {
                    for p in allowed {
                        if !slot.2.iter().any(|q| q.eq_ignore_ascii_case(&p)) {
                            slot.2.push(p);
                        }
                    }
                }
            }
        }
    }

    for (role, pats) in removals {
        let building = roles.entry(role).or_default();
        for (n, pat) in pats {
            if cmdlets.matching(&pat).is_empty() {
                return Err(err(n, format!("`!{pat}` matches no on-premises cmdlet")));
            }
            building.retain(|_, (name, _, _)| !glob(&pat, name));
        }
    }

    let mut out = Vec::with_capacity(order.len());
    for role in order {
        let building = roles.remove(&role.to_ascii_lowercase()).unwrap_or_default();
        let entries = building
            .into_values()
            .map(|(name, kind, mut parameters)| {
                parameters.sort_by_key(|p| p.to_ascii_lowercase());
                parameters.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
                EntryDef {
                    name,
                    kind,
                    parameters,
                }
            })
            .collect();
        out.push((role, entries));
    }
    Ok(out)
}

fn expand(text: &str, sets: &HashMap<&str, &str>, n: usize) -> Result<String, CatalogError> {
    if !text.contains('@') {
        return Ok(text.to_string());
    }
    let mut out = String::with_capacity(text.len() * 4);
    let mut rest = text;
    while let Some(at) = rest.find('@') {
        out.push_str(rest.get(..at).unwrap_or_default());
        let tail = rest.get(at + 1..).unwrap_or_default();
        let end = tail
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(tail.len());
        let name = tail.get(..end).unwrap_or_default();
        let value = sets
            .get(name)
            .ok_or_else(|| err(n, format!("unknown set `@{name}`")))?;
        out.push_str(value);
        rest = tail.get(end..).unwrap_or_default();
    }
    out.push_str(rest);
    Ok(out)
}

fn split_list(s: &str) -> Vec<String> {
    s.split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect()
}

fn parse_params(text: &str, n: usize) -> Result<Params, CatalogError> {
    let t = text.trim();
    Ok(match t {
        "*" => Params::All,
        "-" => Params::Nothing,
        "" => return Err(err(n, "empty parameter column (use `*` or `-`)")),
        _ => match t.strip_prefix("*-") {
            Some(except) => Params::AllExcept(split_list(except)),
            None => Params::Only(split_list(t)),
        },
    })
}

fn non_cmdlet(pat: &str) -> Option<(EntryKind, &str)> {
    let (kind, name) = pat.split_once(':')?;
    let kind = match kind {
        "app" => EntryKind::ApplicationPermission,
        "script" => EntryKind::Script,
        "ws" => EntryKind::WebService,
        _ => return None,
    };
    Some((kind, name))
}

fn resolve(params: &Params, c: &crate::CmdletInfo, n: usize) -> Result<Vec<String>, CatalogError> {
    let all = || {
        c.parameters
            .iter()
            .filter(|p| !is_common_parameter(&p.name))
            .map(|p| p.name.clone())
    };
    Ok(match params {
        Params::All => all().collect(),
        Params::AllExcept(except) => all()
            .filter(|p| !except.iter().any(|e| e.eq_ignore_ascii_case(p)))
            .collect(),
        Params::Only(only) => {
            let mut out = Vec::with_capacity(only.len());
            for want in only {
                let p = c
                    .parameters
                    .iter()
                    .find(|p| p.name.eq_ignore_ascii_case(want))
                    .ok_or_else(|| err(n, format!("`{}` has no parameter `{want}`", c.name)))?;
                if !is_common_parameter(&p.name) {
                    out.push(p.name.clone());
                }
            }
            out
        }
        Params::Nothing => return Err(err(n, format!("`-` grants no parameters of `{}`", c.name))),
    })
}

/// `*`-only wildcard match, ASCII case-insensitive, without allocating.
pub(crate) fn glob(pattern: &str, text: &str) -> bool {
    let (p, t) = (pattern.as_bytes(), text.as_bytes());
    let (mut pi, mut ti) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        match p.get(pi) {
            Some(b'*') => {
                star = Some((pi, ti));
                pi += 1;
            }
            Some(pc) if t.get(ti).is_some_and(|tc| pc.eq_ignore_ascii_case(tc)) => {
                pi += 1;
                ti += 1;
            }
            _ => match star {
                Some((sp, st)) => {
                    pi = sp + 1;
                    ti = st + 1;
                    star = Some((sp, st + 1));
                }
                None => return false,
            },
        }
    }
    p.get(pi..)
        .is_some_and(|rest| rest.iter().all(|b| *b == b'*'))
}

#[cfg(test)]
mod tests {
    use super::glob;

    #[test]
    fn glob_matches_like_exchange_wildcards() {
        assert!(glob("*-MoveRequest", "New-MoveRequest"));
        assert!(glob("get-*", "Get-Mailbox"));
        assert!(!glob("*-MoveRequest", "Get-MoveRequestStatistics"));
        assert!(glob("*-IPAllowList*", "Add-IPAllowListEntry"));
        assert!(glob(
            "Get-Mailbox*Configuration",
            "Get-MailboxJunkEmailConfiguration"
        ));
        assert!(!glob("Get-Mailbox", "Get-Mailboxes"));
        assert!(glob("*", ""));
        assert!(!glob("a", ""));
    }
}
