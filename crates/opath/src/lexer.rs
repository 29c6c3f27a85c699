//! Tokens of the OPATH filter language.
//!
//! Works on characters, not bytes, so that positions are character indices as Exchange
//! reports them and no slice can split a UTF-8 sequence.

/// Operators, all written with a leading dash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Keyword {
    Eq,
    Ne,
    Lt,
    Gt,
    Le,
    Ge,
    Like,
    NotLike,
    And,
    Or,
    Not,
}

/// The operator spelled `w` (without its dash), case-insensitively.
pub(crate) fn keyword(w: &str) -> Option<Keyword> {
    Keyword::from_word(w)
}

impl Keyword {
    fn from_word(w: &str) -> Option<Self> {
        // Only the operators Exchange documents for OPATH (recipient-filters.md, "Additional
        // OPATH syntax information", plus -le/-ge). PowerShell's case-sensitive (-ceq, -clike)
        // and regex (-match) variants are not OPATH and are rejected as syntax errors.
        Some(match w.to_ascii_lowercase().as_str() {
            "eq" => Self::Eq,
            "ne" => Self::Ne,
            "lt" => Self::Lt,
            "gt" => Self::Gt,
            "le" => Self::Le,
            "ge" => Self::Ge,
            "like" => Self::Like,
            "notlike" => Self::NotLike,
            "and" => Self::And,
            "or" => Self::Or,
            "not" => Self::Not,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Tok {
    LParen,
    RParen,
    Op(Keyword),
    /// A quoted string, with its quotes removed and doubled quotes collapsed.
    Quoted(String),
    /// An unquoted run of characters (a property name or a bare value).
    Word(String),
    /// `$name`; only `$null`, `$true`, `$false` are meaningful.
    Dollar(String),
    End,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Token {
    pub tok: Tok,
    /// Character index of the first character.
    pub pos: usize,
}

/// A lexing failure: position and reason, turned into an `OpathError` by the parser.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LexError {
    pub pos: usize,
    pub reason: &'static str,
}

/// Dashes PowerShell accepts in operators: ASCII hyphen-minus, en dash, em dash and horizontal
/// bar. Text pasted from Word or web pages (like the seed `memberofgroup –eq ‘cn=…’`) carries
/// the typographic ones. Exchange itself appears to reject an en dash inside a filter string
/// (Microsoft Q&A 222168), but a script block is text PowerShell already accepted, so we do too.
pub(crate) fn is_dash(c: char) -> bool {
    matches!(c, '-' | '\u{2013}' | '\u{2014}' | '\u{2015}')
}

/// Single-quote class, including the typographic quotes PowerShell treats as `'`.
fn is_single_quote(c: char) -> bool {
    matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}')
}

/// Double-quote class, including the typographic quotes PowerShell treats as `"`.
fn is_double_quote(c: char) -> bool {
    matches!(c, '"' | '\u{201C}' | '\u{201D}' | '\u{201E}')
}

fn ends_word(c: char) -> bool {
    c.is_whitespace() || c == '(' || c == ')'
}

pub(crate) fn tokenize(chars: &[char]) -> Result<Vec<Token>, LexError> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        let start = i;
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let tok = if c == '(' {
            i += 1;
            Tok::LParen
        } else if c == ')' {
            i += 1;
            Tok::RParen
        } else if is_dash(c) && chars.get(i + 1).is_some_and(|n| n.is_ascii_alphabetic()) {
            i += 1;
            let mut word = String::new();
            while let Some(&n) = chars.get(i).filter(|n| n.is_ascii_alphabetic()) {
                word.push(n);
                i += 1;
            }
            match Keyword::from_word(&word) {
                // `-eqx` or `-eq5` is not an operator followed by something.
                Some(k)
                    if chars
                        .get(i)
                        .is_none_or(|&n| !n.is_alphanumeric() && n != '_') =>
                {
                    Tok::Op(k)
                }
                _ => {
                    return Err(LexError {
                        pos: start,
                        reason: "unknown operator; OPATH accepts -eq -ne -lt -gt -le -ge -like -notlike -and -or -not",
                    });
                }
            }
        } else if is_single_quote(c) || is_double_quote(c) {
            let same_class = if is_single_quote(c) {
                is_single_quote
            } else {
                is_double_quote
            };
            i += 1;
            let mut text = String::new();
            loop {
                match chars.get(i) {
                    None => {
                        return Err(LexError {
                            pos: start,
                            reason: "missing closing quotation mark",
                        });
                    }
                    Some(&q) if same_class(q) => {
                        // A doubled quote stands for one literal quote character.
                        match chars.get(i + 1) {
                            Some(&q2) if same_class(q2) => {
                                text.push(q2);
                                i += 2;
                            }
                            _ => {
                                i += 1;
                                break;
                            }
                        }
                    }
                    Some(&other) => {
                        text.push(other);
                        i += 1;
                    }
                }
            }
            Tok::Quoted(text)
        } else if c == '$' {
            i += 1;
            let mut name = String::new();
            while let Some(&n) = chars.get(i).filter(|n| n.is_alphanumeric() || **n == '_') {
                name.push(n);
                i += 1;
            }
            Tok::Dollar(name)
        } else {
            let mut word = String::new();
            while let Some(&n) = chars.get(i).filter(|n| !ends_word(**n)) {
                word.push(n);
                i += 1;
            }
            Tok::Word(word)
        };
        out.push(Token { tok, pos: start });
    }
    out.push(Token {
        tok: Tok::End,
        pos: chars.len(),
    });
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<Tok> {
        let chars: Vec<char> = s.chars().collect();
        tokenize(&chars)
            .unwrap()
            .into_iter()
            .map(|t| t.tok)
            .collect()
    }

    fn err(s: &str) -> LexError {
        let chars: Vec<char> = s.chars().collect();
        tokenize(&chars).unwrap_err()
    }

    #[test]
    fn basic() {
        assert_eq!(
            toks("(City -eq 'Seattle')"),
            vec![
                Tok::LParen,
                Tok::Word("City".into()),
                Tok::Op(Keyword::Eq),
                Tok::Quoted("Seattle".into()),
                Tok::RParen,
                Tok::End
            ]
        );
    }

    #[test]
    fn keywords_case_insensitive_and_dashes() {
        assert_eq!(toks("-EQ")[0], Tok::Op(Keyword::Eq));
        assert_eq!(toks("\u{2013}eq")[0], Tok::Op(Keyword::Eq));
        assert_eq!(toks("\u{2014}NotLike")[0], Tok::Op(Keyword::NotLike));
        assert_eq!(toks("-not(")[0], Tok::Op(Keyword::Not));
    }

    #[test]
    fn quotes() {
        assert_eq!(toks("'it''s'")[0], Tok::Quoted("it's".into()));
        assert_eq!(
            toks("\"say \"\"hi\"\"\"")[0],
            Tok::Quoted("say \"hi\"".into())
        );
        assert_eq!(toks("\u{2018}cn=x\u{2019}")[0], Tok::Quoted("cn=x".into()));
        assert_eq!(toks("\u{201C}x\u{201D}")[0], Tok::Quoted("x".into()));
        // The other quote class is plain text inside.
        assert_eq!(toks("\"it's\"")[0], Tok::Quoted("it's".into()));
        assert_eq!(toks("''")[0], Tok::Quoted(String::new()));
    }

    #[test]
    fn words_and_dollars() {
        assert_eq!(toks("Sales")[0], Tok::Word("Sales".into()));
        assert_eq!(toks("-5")[0], Tok::Word("-5".into()));
        assert_eq!(
            toks("matt-lee@abc.com")[0],
            Tok::Word("matt-lee@abc.com".into())
        );
        assert_eq!(toks("$NULL")[0], Tok::Dollar("NULL".into()));
    }

    #[test]
    fn errors() {
        assert_eq!(err("Name -eq 'x").pos, 9);
        assert_eq!(err("Name -ceq 'x'").pos, 5);
        assert_eq!(err("Name -eqx 'x'").pos, 5);
        assert_eq!(err("Name -match 'x'").pos, 5);
    }

    #[test]
    fn positions_are_char_indices() {
        let chars: Vec<char> = "\u{2018}é\u{2019} -eq".chars().collect();
        let t = tokenize(&chars).unwrap();
        assert_eq!(t[1].pos, 4);
    }
}
