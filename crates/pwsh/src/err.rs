//! Parse errors and their PowerShell-style rendering.

use crate::ast::Span;

/// A syntax error, with PowerShell's message text where PowerShell has one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ParseError {
    /// The message, e.g. `Missing closing '}' in statement block or type definition.`
    pub message: String,
    /// Where the error is (may be empty, e.g. at the end of the input).
    pub span: Span,
    /// Whether more input could complete the script (an unclosed block, string or pipe): an
    /// interactive shell can then ask for a continuation line instead of reporting the error.
    pub incomplete: bool,
}

impl ParseError {
    pub(crate) fn new(message: impl Into<String>, span: Span) -> Self {
        ParseError {
            message: message.into(),
            span,
            incomplete: false,
        }
    }

    pub(crate) fn incomplete(message: impl Into<String>, span: Span) -> Self {
        ParseError {
            message: message.into(),
            span,
            incomplete: true,
        }
    }

    /// The 1-based line and column where the error starts.
    pub fn line_col(&self, src: &str) -> (usize, usize) {
        line_col(src, self.span.start)
    }

    /// Renders the error the way PowerShell prints parse errors:
    ///
    /// ```text
    /// At line:1 char:22
    /// + Get-Mailbox | where {
    /// +                     ~
    /// Missing closing '}' in statement block or type definition.
    /// ```
    pub fn render(&self, src: &str) -> String {
        let (line, col) = self.line_col(src);
        let marker = position_marker(src, self.span);
        if marker.is_empty() {
            format!("At line:{line} char:{col}\n{}", self.message)
        } else {
            format!("At line:{line} char:{col}\n{marker}\n{}", self.message)
        }
    }
}

/// The 1-based (line, column) of byte `offset` in `src`. Columns count characters; `\n`, `\r\n`
/// and a lone `\r` each end a line. Offsets past the end, or inside a character, are clamped.
pub fn line_col(src: &str, offset: usize) -> (usize, usize) {
    let offset = floor_boundary(src, offset);
    let mut line = 1;
    let mut col = 1;
    let mut chars = src.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if i >= offset {
            break;
        }
        match c {
            '\r' => {
                if matches!(chars.peek(), Some((j, '\n')) if *j < offset) {
                    chars.next();
                }
                line += 1;
                col = 1;
            }
            '\n' => {
                line += 1;
                col = 1;
            }
            _ => col += 1,
        }
    }
    (line, col)
}

fn floor_boundary(src: &str, offset: usize) -> usize {
    let mut o = offset.min(src.len());
    while o > 0 && !src.is_char_boundary(o) {
        o -= 1;
    }
    o
}

/// Byte range of the line holding `offset` (without its line break).
fn line_bounds(src: &str, offset: usize) -> (usize, usize) {
    let offset = floor_boundary(src, offset);
    let before = src.get(..offset).unwrap_or("");
    let start = before.rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let after = src.get(offset..).unwrap_or("");
    let end = after.find(['\n', '\r']).map_or(src.len(), |i| offset + i);
    (start, end)
}

/// PowerShell keeps the marker line within an 80-column console.
const MAX_LINE: usize = 69;

/// The `+ line` / `+   ~~~` pair, as PowerShell's `PositionMessage` builds it.
fn position_marker(src: &str, span: Span) -> String {
    let (ls, le) = line_bounds(src, span.start);
    let line_text = src.get(ls..le).unwrap_or("").trim_end();
    if line_text.is_empty() {
        return String::new();
    }
    let start = floor_boundary(src, span.start).max(ls);
    let chars: Vec<char> = line_text.chars().collect();
    let start_col = src.get(ls..start).map_or(0, |s| s.chars().count());
    let end = floor_boundary(src, span.end).max(start);
    let mut err_len = if end <= le {
        src.get(start..end).map_or(0, |s| s.chars().count())
    } else {
        chars.len().saturating_sub(start_col)
    };
    let mut before = start_col;
    if before >= chars.len() {
        // A position past the end of the text (a missing closing brace at the end of the line)
        // is marked under the last character, as the shell's users are used to seeing.
        before = chars.len().saturating_sub(1);
        err_len = 1;
    }
    err_len = err_len.min(chars.len().saturating_sub(before));

    // Tabs are shown as four spaces, on both lines.
    let expand = |cs: &[char]| -> String {
        cs.iter()
            .map(|&c| {
                if c == '\t' {
                    "    ".to_string()
                } else {
                    c.to_string()
                }
            })
            .collect()
    };
    let pre = expand(chars.get(..before).unwrap_or(&[]));
    let err = expand(chars.get(before..before + err_len).unwrap_or(&[]));
    let post = expand(chars.get(before + err_len..).unwrap_or(&[]));
    let mut spaces = pre.chars().count();
    let mut err_len = err.chars().count();
    let mut line: Vec<char> = pre.chars().chain(err.chars()).chain(post.chars()).collect();

    let mut prefix_dots = false;
    let mut suffix_dots = false;
    if line.len() > MAX_LINE {
        let total_prefix = spaces;
        let mut prefix = total_prefix.min(12);
        let total_suffix = line.len().saturating_sub(err_len + spaces);
        let mut suffix = total_suffix.min(8);
        let mut candidate = prefix + err_len + suffix;
        if candidate >= MAX_LINE {
            if prefix + err_len >= MAX_LINE {
                err_len = MAX_LINE.saturating_sub(prefix);
            }
            suffix_dots = true;
        } else {
            let prefix_available = total_prefix - prefix;
            if prefix_available > 0 {
                prefix += prefix_available.min(MAX_LINE - candidate);
                candidate = prefix + err_len + suffix;
            }
            if candidate < MAX_LINE && total_suffix > 0 {
                suffix += total_suffix.min(MAX_LINE - candidate);
            }
            suffix_dots = suffix < total_suffix;
        }
        prefix_dots = prefix < total_prefix;
        let from = spaces.saturating_sub(prefix);
        let to = (from + MAX_LINE).min(line.len());
        line = line.get(from..to).map(<[char]>::to_vec).unwrap_or_default();
        spaces = spaces.min(prefix);
        err_len = err_len.min(MAX_LINE.saturating_sub(spaces));
    }

    let mut out = String::from("+ ");
    if prefix_dots {
        out.push_str("\u{2026} ");
    }
    out.extend(line.iter());
    if suffix_dots {
        out.push_str(" \u{2026}");
    }
    out.push_str("\n+ ");
    let pad = spaces + if prefix_dots { 2 } else { 0 };
    out.extend(std::iter::repeat_n(' ', pad));
    out.extend(std::iter::repeat_n('~', err_len.max(1)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_chars_and_line_breaks() {
        let src = "ab\ncd\r\nef\rgh–x";
        assert_eq!(line_col(src, 0), (1, 1));
        assert_eq!(line_col(src, 2), (1, 3));
        assert_eq!(line_col(src, 3), (2, 1));
        assert_eq!(line_col(src, 7), (3, 1));
        assert_eq!(line_col(src, 10), (4, 1));
        // after the en dash (3 bytes)
        assert_eq!(line_col(src, 15), (4, 4));
        // inside the en dash: clamped back to its start
        assert_eq!(line_col(src, 13), (4, 3));
        assert_eq!(line_col(src, 999), (4, 5));
    }

    #[test]
    fn render_marks_the_span() {
        let src = "Write-Host \"abc";
        let e = ParseError::new(
            "The string is missing the terminator: \".",
            Span::new(11, 15),
        );
        assert_eq!(
            e.render(src),
            "At line:1 char:12\n+ Write-Host \"abc\n+            ~~~~\nThe string is missing the terminator: \"."
        );
    }

    #[test]
    fn render_truncates_long_lines() {
        let src = format!("{}$x -and{}", "a".repeat(100), " b".repeat(50));
        let e = ParseError::new("m", Span::new(100, 102));
        let r = e.render(&src);
        let lines: Vec<&str> = r.lines().collect();
        assert_eq!(lines.len(), 4);
        assert!(lines[1].starts_with("+ \u{2026} "));
        assert!(lines[1].ends_with(" \u{2026}"));
        let marked: Vec<char> = lines[1].chars().collect();
        let tilde_at = lines[2].chars().position(|c| c == '~').unwrap();
        assert_eq!(
            marked[tilde_at..tilde_at + 2].iter().collect::<String>(),
            "$x"
        );
        assert_eq!(lines[2].matches('~').count(), 2);
    }
}
