//! Consistency rules every catalog (built-in or imported) must satisfy.

use crate::Catalog;
use std::collections::{HashMap, HashSet};

pub(crate) fn problems(c: &Catalog) -> Vec<String> {
    let mut out = Vec::new();
    let mut by_name = HashMap::new();
    for r in &c.roles {
        if by_name.insert(r.name.to_ascii_lowercase(), r).is_some() {
            out.push(format!("role `{}` is defined twice", r.name));
        }
    }
    for r in &c.roles {
        let mut seen = HashSet::new();
        for e in &r.entries {
            if !seen.insert(e.name.to_ascii_lowercase()) {
                out.push(format!("role `{}` has two entries `{}`", r.name, e.name));
            }
        }
        let Some(parent_name) = &r.parent else {
            continue;
        };
        let Some(parent) = by_name.get(&parent_name.to_ascii_lowercase()) else {
            out.push(format!(
                "role `{}` names the unknown parent `{parent_name}`",
                r.name
            ));
            continue;
        };
        for e in &r.entries {
            match parent.entry(&e.name) {
                None => out.push(format!(
                    "role `{}` holds `{}`, which its parent `{}` lacks",
                    r.name, e.name, parent.name
                )),
                Some(pe) => {
                    for p in &e.parameters {
                        if !pe.parameters.iter().any(|q| q.eq_ignore_ascii_case(p)) {
                            out.push(format!(
                                "role `{}` allows `{}` -{p}, which its parent `{}` lacks",
                                r.name, e.name, parent.name
                            ));
                        }
                    }
                }
            }
        }
    }
    // A parent chain that loops never reaches a root.
    for r in &c.roles {
        let mut cur = r;
        let mut steps = 0usize;
        while let Some(p) = cur
            .parent
            .as_ref()
            .and_then(|p| by_name.get(&p.to_ascii_lowercase()))
        {
            cur = p;
            steps += 1;
            if steps > c.roles.len() {
                out.push(format!("role `{}` is its own ancestor", r.name));
                break;
            }
        }
    }
    for g in &c.role_groups {
        let mut seen = HashSet::new();
        for a in &g.assignments {
            if !seen.insert((a.role.to_ascii_lowercase(), a.delegating)) {
                out.push(format!(
                    "role group `{}` has two {} assignments of `{}`",
                    g.name,
                    if a.delegating {
                        "delegating"
                    } else {
                        "regular"
                    },
                    a.role
                ));
            }
            match by_name.get(&a.role.to_ascii_lowercase()) {
                None => out.push(format!(
                    "role group `{}` assigns the unknown role `{}`",
                    g.name, a.role
                )),
                Some(r) if r.is_end_user && !a.delegating => out.push(format!(
                    "role group `{}` has a regular assignment of the end-user role `{}`",
                    g.name, a.role
                )),
                Some(_) => {}
            }
        }
    }
    for p in &c.policies {
        for role in &p.roles {
            match by_name.get(&role.to_ascii_lowercase()) {
                None => out.push(format!(
                    "policy `{}` assigns the unknown role `{role}`",
                    p.name
                )),
                Some(r) if !r.is_end_user => out.push(format!(
                    "policy `{}` assigns `{role}`, which is not an end-user role",
                    p.name
                )),
                Some(_) => {}
            }
        }
    }
    if c.policies.iter().filter(|p| p.is_default).count() > 1 {
        out.push("more than one policy is the default".to_string());
    }
    out
}
