//! Case-insensitive text comparison and `*` wildcard matching.

#[cfg(test)]
use std::cmp::Ordering;

/// Characters with their Unicode lowercase expansion, which is what "case-insensitive"
/// means for directory strings closely enough (Exchange compares with the invariant culture).
pub(crate) fn folded(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars().flat_map(char::to_lowercase)
}

pub(crate) fn fold(s: &str) -> String {
    folded(s).collect()
}

#[cfg(test)]
pub(crate) fn eq_ci(a: &str, b: &str) -> bool {
    folded(a).eq(folded(b))
}

#[cfg(test)]
pub(crate) fn cmp_ci(a: &str, b: &str) -> Ordering {
    folded(a).cmp(folded(b))
}

/// General `-like` matching (the oracle for the evaluator's `LikePattern`): `*` matches any run of characters (including none); every other
/// character matches itself case-insensitively. Linear-time greedy matcher with one
/// backtrack point, so hostile patterns cannot blow up.
#[cfg(test)]
pub(crate) fn like_ci(text: &str, pattern: &str) -> bool {
    let t: Vec<char> = folded(text).collect();
    let p: Vec<char> = folded(pattern).collect();
    let (mut ti, mut pi) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        match p.get(pi) {
            Some('*') => {
                star = Some((pi, ti));
                pi += 1;
            }
            Some(&pc) if t.get(ti) == Some(&pc) => {
                ti += 1;
                pi += 1;
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
        .is_some_and(|rest| rest.iter().all(|&c| c == '*'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equality_and_order() {
        assert!(eq_ci("Seattle", "SEATTLE"));
        assert!(eq_ci("Ærø", "æRØ"));
        assert!(!eq_ci("Seattle", "Seattle "));
        assert_eq!(cmp_ci("apple", "Banana"), Ordering::Less);
        assert_eq!(cmp_ci("B", "a"), Ordering::Greater);
        assert_eq!(cmp_ci("abc", "ABC"), Ordering::Equal);
    }

    #[test]
    fn wildcards() {
        assert!(like_ci("IT Manager", "*manager*"));
        assert!(like_ci("Manager", "*Manager*"));
        assert!(like_ci("Sales", "sales*"));
        assert!(like_ci("Sales", "*"));
        assert!(like_ci("", "*"));
        assert!(!like_ci("", "a*"));
        assert!(like_ci("smith", "smith"));
        assert!(!like_ci("smithy", "smith"));
        assert!(like_ci("julia@contoso.com", "julia@*"));
        assert!(!like_ci("CEO", "*Manager*"));
        assert!(like_ci("aXbXc", "a*b*c"));
        assert!(!like_ci("aXbXd", "a*b*c"));
        assert!(like_ci("System{1}", "System{*"));
    }
}
