//! Case-insensitive names, as Exchange compares every identity.

/// The key a name is indexed under: Exchange names compare case-insensitively.
pub fn key(name: &str) -> String {
    name.to_lowercase()
}

/// Case-insensitive equality without allocating.
pub fn eq(a: &str, b: &str) -> bool {
    a.chars()
        .flat_map(char::to_lowercase)
        .eq(b.chars().flat_map(char::to_lowercase))
}

/// Case-insensitive ordering without allocating (the order `key` gives).
pub fn cmp(a: &str, b: &str) -> std::cmp::Ordering {
    a.chars()
        .flat_map(char::to_lowercase)
        .cmp(b.chars().flat_map(char::to_lowercase))
}

/// PowerShell's `-like`: `*` any run, `?` one character, `[abc]` a set; case-insensitive.
pub fn like(pattern: &str, text: &str) -> bool {
    like_case(pattern, text, false)
}

/// `-like` (case-insensitive) or `-clike` (case-sensitive).
pub fn like_case(pattern: &str, text: &str, case_sensitive: bool) -> bool {
    let (p, t): (Vec<char>, Vec<char>) = if case_sensitive {
        (pattern.chars().collect(), text.chars().collect())
    } else {
        (
            pattern.to_lowercase().chars().collect(),
            text.to_lowercase().chars().collect(),
        )
    };
    like_at(&p, &t)
}

fn like_at(p: &[char], t: &[char]) -> bool {
    // Iterative matching with a single backtrack point for `*`: linear enough
    // for names and immune to pathological recursion.
    let (mut pi, mut ti) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        match p.get(pi) {
            Some('*') => {
                star = Some((pi, ti));
                pi += 1;
                continue;
            }
            Some('?') => {
                pi += 1;
                ti += 1;
                continue;
            }
            Some('[') => {
                if let Some((len, ok)) = class_match(&p[pi..], t.get(ti).copied()) {
                    if ok {
                        pi += len;
                        ti += 1;
                        continue;
                    }
                } else if t.get(ti) == Some(&'[') {
                    pi += 1;
                    ti += 1;
                    continue;
                }
            }
            Some(c) if Some(c) == t.get(ti) => {
                pi += 1;
                ti += 1;
                continue;
            }
            _ => {}
        }
        match star {
            Some((sp, st)) => {
                pi = sp + 1;
                ti = st + 1;
                star = Some((sp, st + 1));
            }
            None => return false,
        }
    }
    p.get(pi..)
        .is_some_and(|rest| rest.iter().all(|c| *c == '*'))
}

/// Matches a `[...]` class at the start of `p`; returns its length and whether `c` is in it.
fn class_match(p: &[char], c: Option<char>) -> Option<(usize, bool)> {
    let end = p.iter().position(|x| *x == ']')?;
    if end < 2 {
        return None;
    }
    let set = p.get(1..end)?;
    let c = c?;
    let mut ok = false;
    let mut i = 0;
    while i < set.len() {
        match (set.get(i), set.get(i + 1), set.get(i + 2)) {
            (Some(a), Some('-'), Some(b)) => {
                if *a <= c && c <= *b {
                    ok = true;
                }
                i += 3;
            }
            (Some(a), _, _) => {
                if *a == c {
                    ok = true;
                }
                i += 1;
            }
            _ => break,
        }
    }
    Some((end + 1, ok))
}

/// Whether a pattern holds wildcard characters.
pub fn has_wildcard(s: &str) -> bool {
    s.contains('*') || s.contains('?')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_basics() {
        assert!(like(
            "*ManagementRoleAssignment",
            "New-ManagementRoleAssignment"
        ));
        assert!(like(
            "modify*\\*",
            "ModifyDistributionGroupMembership\\Get-Group"
        ));
        assert!(!like("Get-*", "Set-Mailbox"));
        assert!(like("*", ""));
        assert!(like("a?c", "ABC"));
        assert!(like("[a-c]x", "bx"));
        assert!(!like("[a-c]x", "dx"));
        assert!(like("*scope*", "ImplicitRecipientWriteScope"));
    }

    #[test]
    fn eq_ignores_case() {
        assert!(eq("Sales1", "sales1"));
        assert!(!eq("Sales1", "Sales2"));
    }
}
