//! Case-insensitive names, as Exchange compares every identity.

/// The key a name is indexed under: Exchange names compare case-insensitively.
pub fn key(name: &str) -> String {
    name.to_lowercase()
}

/// Case-insensitive equality without allocating.
pub fn eq(a: &str, b: &str) -> bool {
    // Names are almost always ASCII, where lowercasing is a byte mapping:
    // no char decoding, and unequal lengths settle it at once. Only when
    // both sides are ASCII, since a non-ASCII character may lowercase to an
    // ASCII one (the Kelvin sign to `k`).
    if a.is_ascii() && b.is_ascii() {
        return a.eq_ignore_ascii_case(b);
    }
    a.chars()
        .flat_map(char::to_lowercase)
        .eq(b.chars().flat_map(char::to_lowercase))
}

/// Case-insensitive ordering without allocating (the order `key` gives).
pub fn cmp(a: &str, b: &str) -> std::cmp::Ordering {
    if a.is_ascii() && b.is_ascii() {
        // Same order as the general path: ASCII lowercases byte for byte.
        return a
            .bytes()
            .map(|c| c.to_ascii_lowercase())
            .cmp(b.bytes().map(|c| c.to_ascii_lowercase()));
    }
    a.chars()
        .flat_map(char::to_lowercase)
        .cmp(b.chars().flat_map(char::to_lowercase))
}

/// The case-folded form `eq` compares, as an owned string: character by
/// character, so that two names are `eq` exactly when their folds are equal
/// (`str::to_lowercase` differs from it on a word-final capital sigma).
pub fn fold(name: &str) -> String {
    if name.is_ascii() {
        return name.to_ascii_lowercase();
    }
    name.chars().flat_map(char::to_lowercase).collect()
}

/// Calls `f` with the fold of `name`, without allocating for short ASCII
/// names: the decision path looks names up this way once per request.
pub fn with_fold<R>(name: &str, f: impl FnOnce(&str) -> R) -> R {
    let mut buf = [0u8; 64];
    if name.is_ascii()
        && let Some(out) = buf.get_mut(..name.len())
    {
        out.copy_from_slice(name.as_bytes());
        out.make_ascii_lowercase();
        if let Ok(s) = std::str::from_utf8(out) {
            return f(s);
        }
    }
    f(&fold(name))
}

/// The first entry of a name-keyed map whose key equals `name`
/// case-insensitively (as `eq` compares), in key order.
///
/// Property lookups run for every filter comparison of every write, on maps
/// whose keys live in separate allocations: for an ASCII name only the keys
/// that could match are read. A key matching an ASCII name is either ASCII
/// and of the same length, or holds Kelvin signs — the one non-ASCII
/// character that lowercases into ASCII (to `k`), two bytes longer than the
/// `k` — so other keys are ruled out by their length alone, which the map
/// keeps beside the key's pointer.
pub fn find_key<'a, V>(
    map: &'a std::collections::BTreeMap<String, V>,
    name: &str,
) -> Option<(&'a String, &'a V)> {
    find_in(map.iter(), name)
}

/// [`find_key`] over any sequence of named entries.
pub fn find_in<K: AsRef<str>, V>(
    mut entries: impl Iterator<Item = (K, V)>,
    name: &str,
) -> Option<(K, V)> {
    if !name.is_ascii() {
        return entries.find(|(k, _)| eq(k.as_ref(), name));
    }
    let with_k = name.bytes().any(|b| b.eq_ignore_ascii_case(&b'k'));
    entries.find(|(k, _)| {
        let k = k.as_ref();
        if k.len() == name.len() {
            // Same length: the key is ASCII or can't match, and for ASCII
            // this is `eq`.
            k.eq_ignore_ascii_case(name)
        } else {
            with_k && k.len() > name.len() && eq(k, name)
        }
    })
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

    /// The ASCII shortcuts agree with the character-by-character rule.
    #[test]
    fn ascii_paths_agree_with_the_general_rule() {
        let slow_eq = |a: &str, b: &str| {
            a.chars()
                .flat_map(char::to_lowercase)
                .eq(b.chars().flat_map(char::to_lowercase))
        };
        let slow_cmp = |a: &str, b: &str| {
            a.chars()
                .flat_map(char::to_lowercase)
                .cmp(b.chars().flat_map(char::to_lowercase))
        };
        let words = [
            "", "a", "A", "Identity", "identity", "IDENTITY", "Identit", "Office", "office_", "Z",
            "_", "[", "`", "a-b", "A-B", "\u{212a}", "k", "K", "\u{3a3}", "\u{3c3}", "\u{3c2}",
            "\u{130}", "i", "ΑΣ", "ας", "ασ",
        ];
        for a in words {
            for b in words {
                assert_eq!(eq(a, b), slow_eq(a, b), "{a:?} {b:?}");
                assert_eq!(cmp(a, b), slow_cmp(a, b), "{a:?} {b:?}");
                assert_eq!(eq(a, b), fold(a) == fold(b), "{a:?} {b:?}");
                assert_eq!(with_fold(a, str::to_string), fold(a));
            }
        }
        let map: std::collections::BTreeMap<String, usize> = words
            .iter()
            .enumerate()
            .map(|(i, w)| (w.to_string(), i))
            .collect();
        let mut names: Vec<String> = words.iter().map(|w| w.to_string()).collect();
        names.extend(["Kk", "kK", "\u{212a}k", "ka", "\u{212a}A", "identitY"].map(String::from));
        let mut with_kelvin = map.clone();
        with_kelvin.insert("\u{212a}a".to_string(), 100);
        with_kelvin.insert("K\u{212a}".to_string(), 101);
        for m in [&map, &with_kelvin] {
            for n in &names {
                assert_eq!(
                    find_key(m, n),
                    m.iter().find(|(k, _)| slow_eq(k, n)),
                    "{n:?}"
                );
            }
        }
        let long = "X".repeat(100);
        assert_eq!(with_fold(&long, str::to_string), "x".repeat(100));
    }
}
