//! Character-level scanning.
//!
//! PowerShell's tokens depend on the mode the parser is in (`-eq` is an operator in an expression
//! and a parameter name after a command name; `1-2` is a bareword in argument mode), so there is
//! no separate token stream: the parser drives a [`Lexer`] cursor and asks for the token kind it
//! can accept at each point. Backtracking is a matter of resetting `pos`.

use crate::ast::{AssignOp, BinOp, Span, StrPart};
use crate::err::ParseError;

/// Dashes PowerShell accepts wherever `-` is meant: text pasted from web pages and Word documents
/// carries en dashes, em dashes and horizontal bars.
pub(crate) fn is_dash(c: char) -> bool {
    matches!(c, '-' | '\u{2013}' | '\u{2014}' | '\u{2015}')
}

/// Single quotes, curly ones included (PowerShell accepts them).
pub(crate) fn is_squote(c: char) -> bool {
    matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}')
}

/// Double quotes, curly ones included.
pub(crate) fn is_dquote(c: char) -> bool {
    matches!(c, '"' | '\u{201C}' | '\u{201D}' | '\u{201E}')
}

pub(crate) fn is_newline(c: char) -> bool {
    c == '\n' || c == '\r'
}

/// Horizontal white space, including the no-break spaces of scraped web text.
pub(crate) fn is_blank(c: char) -> bool {
    !is_newline(c) && (c.is_whitespace() || c == '\u{FEFF}')
}

pub(crate) fn is_ident_start(c: char) -> bool {
    c.is_alphabetic() || c == '_'
}

pub(crate) fn is_ident_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Characters that end an argument-mode (generic) token, as in PowerShell's tokenizer.
pub(crate) fn ends_generic(c: char) -> bool {
    c.is_whitespace()
        || c == '\u{FEFF}'
        || matches!(c, '{' | '}' | '(' | ')' | ';' | ',' | '|' | '&')
}

/// Characters after which an expression-mode number may end without a space (`1+2`, `3..5`).
fn ends_number_in_expr(c: char) -> bool {
    matches!(
        c,
        '.' | '[' | ']' | '+' | '*' | '/' | '%' | '=' | '!' | '<' | '>' | ':'
    ) || is_dash(c)
}

/// Operators that start with a dash, by lower-cased name.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum DashOp {
    Bin(BinOp, bool),
    Not,
    /// A real PowerShell operator this shell does not implement (`-replace`, `-split`, …).
    Unsupported,
}

pub(crate) fn dash_operator(name: &str) -> Option<DashOp> {
    let lower = name.to_ascii_lowercase();
    match lower.as_str() {
        "and" => return Some(DashOp::Bin(BinOp::And, false)),
        "or" => return Some(DashOp::Bin(BinOp::Or, false)),
        "xor" => return Some(DashOp::Bin(BinOp::Xor, false)),
        "not" => return Some(DashOp::Not),
        "band" | "bor" | "bxor" | "bnot" | "shl" | "shr" | "f" | "is" | "isnot" | "as" | "join" => {
            return Some(DashOp::Unsupported);
        }
        _ => {}
    }
    if let Some(op) = comparison(&lower) {
        return Some(op_or_unsupported(op, false));
    }
    // `-c…` is the case-sensitive and `-i…` the explicitly case-insensitive form.
    let (case_sensitive, base) = match lower.strip_prefix('c') {
        Some(rest) => (true, rest),
        None => (false, lower.strip_prefix('i')?),
    };
    comparison(base).map(|op| op_or_unsupported(op, case_sensitive))
}

/// `None` inside means a comparison operator this shell does not implement.
fn comparison(name: &str) -> Option<Option<BinOp>> {
    Some(Some(match name {
        "eq" => BinOp::Eq,
        "ne" => BinOp::Ne,
        "gt" => BinOp::Gt,
        "ge" => BinOp::Ge,
        "lt" => BinOp::Lt,
        "le" => BinOp::Le,
        "like" => BinOp::Like,
        "notlike" => BinOp::NotLike,
        "match" => BinOp::Match,
        "notmatch" => BinOp::NotMatch,
        "contains" => BinOp::Contains,
        "notcontains" => BinOp::NotContains,
        "in" => BinOp::In,
        "notin" => BinOp::NotIn,
        "replace" | "split" => return Some(None),
        _ => return None,
    }))
}

fn op_or_unsupported(op: Option<BinOp>, case_sensitive: bool) -> DashOp {
    match op {
        Some(op) => DashOp::Bin(op, case_sensitive),
        None => DashOp::Unsupported,
    }
}

/// Tokens of expression mode.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Tok {
    Eof,
    Newline,
    Semi,
    Pipe,
    Comma,
    Dot,
    ColonColon,
    LParen,
    RParen,
    LBrace,
    RBrace,
    LBracket,
    RBracket,
    DollarParen,
    AtParen,
    AtBrace,
    Assign(AssignOp),
    Bin(BinOp, bool),
    Not,
    /// A dash word that is a real operator we do not implement; holds the text.
    UnsupportedOp(String),
    /// `-word` that is no operator; holds the text.
    DashWord(String),
    Var(String),
    /// `$` not followed by a variable name.
    Dollar,
    Str(String),
    Expandable(Vec<StrPart>),
    Number(f64, String),
    /// An identifier: keyword, member name, hashtable key.
    Word(String),
    /// Anything else, as written (`&`, `&&`, `||`, `>`, `++`, `@x`, …).
    Other(String),
}

#[derive(Debug, Clone)]
pub(crate) struct Token {
    pub tok: Tok,
    pub span: Span,
}

/// The cursor over the source, shared by the scanner and the parser.
pub(crate) struct Lexer<'a> {
    pub src: &'a str,
    /// Byte offset of the next character; always on a `char` boundary.
    pub pos: usize,
    /// Current nesting depth of the parser (blocks, parentheses, operator chains).
    pub depth: usize,
    /// Address of a stack slot when parsing started, to bound the parser's stack use.
    pub stack_base: usize,
}

pub(crate) type LResult<T> = Result<T, ParseError>;

impl<'a> Lexer<'a> {
    pub fn new(src: &'a str) -> Self {
        Lexer {
            src,
            pos: 0,
            depth: 0,
            stack_base: stack_address(),
        }
    }

    pub fn rest(&self) -> &'a str {
        self.src.get(self.pos..).unwrap_or("")
    }

    pub fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    pub fn peek2(&self) -> Option<char> {
        let mut it = self.rest().chars();
        it.next();
        it.next()
    }

    pub fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    pub fn at_eof(&self) -> bool {
        self.pos >= self.src.len()
    }

    /// Skips blanks, comments and backtick line continuations, but not line breaks.
    pub fn skip_blanks(&mut self) -> LResult<()> {
        loop {
            match self.peek() {
                Some(c) if is_blank(c) => {
                    self.bump();
                }
                Some('`') if self.peek2().is_none_or(is_newline) => {
                    // A continuation, or a backtick escaping the end of the input.
                    self.bump();
                    self.bump_newline();
                }
                Some('<') if self.peek2() == Some('#') => self.block_comment()?,
                Some('#') => {
                    while let Some(c) = self.peek() {
                        if is_newline(c) {
                            break;
                        }
                        self.bump();
                    }
                }
                _ => return Ok(()),
            }
        }
    }

    /// Skips blanks, comments and line breaks.
    pub fn skip_blanks_and_newlines(&mut self) -> LResult<()> {
        loop {
            self.skip_blanks()?;
            match self.peek() {
                Some(c) if is_newline(c) => {
                    self.bump();
                }
                _ => return Ok(()),
            }
        }
    }

    fn bump_newline(&mut self) {
        if self.peek() == Some('\r') {
            self.bump();
            if self.peek() == Some('\n') {
                self.bump();
            }
        } else if self.peek() == Some('\n') {
            self.bump();
        }
    }

    fn block_comment(&mut self) -> LResult<()> {
        let start = self.pos;
        self.bump();
        self.bump();
        loop {
            match self.bump() {
                None => {
                    return Err(ParseError::incomplete(
                        "The terminator '#>' is missing from the multiline comment.",
                        Span::new(start, self.pos),
                    ));
                }
                Some('#') if self.peek() == Some('>') => {
                    self.bump();
                    return Ok(());
                }
                Some(_) => {}
            }
        }
    }

    /// The next expression-mode token; `operand` tells whether a value is expected, which
    /// decides whether `-5` and `.5` are numbers or operators.
    pub fn expr_token(&mut self, operand: bool) -> LResult<Token> {
        self.skip_blanks()?;
        let start = self.pos;
        let tok = self.expr_tok(operand, start)?;
        Ok(Token {
            tok,
            span: Span::new(start, self.pos),
        })
    }

    /// Peeks at the next expression-mode token without consuming it. A string is reported as an
    /// empty [`Tok::Str`] without being scanned: scanning it could parse the `$( … )` inside it,
    /// and peeking at nested strings that way would take exponential time.
    pub fn peek_expr(&mut self, operand: bool) -> LResult<Token> {
        let save = self.pos;
        self.skip_blanks()?;
        let at = self.pos;
        let quote = match self.peek() {
            Some(c) if is_squote(c) || is_dquote(c) => true,
            Some('@') => self.peek2().is_some_and(|c| is_squote(c) || is_dquote(c)),
            _ => false,
        };
        let t = if quote {
            Ok(Token {
                tok: Tok::Str(String::new()),
                span: Span::new(at, at + self.peek().map_or(0, char::len_utf8)),
            })
        } else {
            self.expr_token(operand)
        };
        self.pos = save;
        t
    }

    fn expr_tok(&mut self, operand: bool, start: usize) -> LResult<Tok> {
        let Some(c) = self.bump() else {
            return Ok(Tok::Eof);
        };
        let next = self.peek();
        let tok = match c {
            '\r' | '\n' => {
                if c == '\r' && next == Some('\n') {
                    self.bump();
                }
                Tok::Newline
            }
            ';' => Tok::Semi,
            ',' => Tok::Comma,
            '(' => Tok::LParen,
            ')' => Tok::RParen,
            '{' => Tok::LBrace,
            '}' => Tok::RBrace,
            '[' => Tok::LBracket,
            ']' => Tok::RBracket,
            '|' => {
                if next == Some('|') {
                    self.bump();
                    Tok::Other("||".into())
                } else {
                    Tok::Pipe
                }
            }
            '&' => {
                if next == Some('&') {
                    self.bump();
                    Tok::Other("&&".into())
                } else {
                    Tok::Other("&".into())
                }
            }
            '.' => {
                if next == Some('.') {
                    self.bump();
                    Tok::Bin(BinOp::Range, false)
                } else if operand && next.is_some_and(|d| d.is_ascii_digit()) {
                    self.pos = start;
                    return self.number_or_word(start, true);
                } else {
                    Tok::Dot
                }
            }
            ':' if next == Some(':') => {
                self.bump();
                Tok::ColonColon
            }
            '=' => {
                if next == Some('=') {
                    self.bump();
                    Tok::Other("==".into())
                } else {
                    Tok::Assign(AssignOp::Assign)
                }
            }
            '!' => {
                if next == Some('=') {
                    self.bump();
                    Tok::Other("!=".into())
                } else {
                    Tok::Not
                }
            }
            '+' => match next {
                Some('=') => {
                    self.bump();
                    Tok::Assign(AssignOp::Add)
                }
                Some('+') => {
                    self.bump();
                    Tok::Other("++".into())
                }
                _ => Tok::Bin(BinOp::Add, false),
            },
            '*' | '/' | '%' => {
                if next == Some('=') {
                    self.bump();
                    Tok::Other(format!("{c}="))
                } else {
                    Tok::Bin(
                        match c {
                            '*' => BinOp::Mul,
                            '/' => BinOp::Div,
                            _ => BinOp::Mod,
                        },
                        false,
                    )
                }
            }
            '>' | '<' => {
                if next == Some('>') && c == '>' {
                    self.bump();
                }
                Tok::Other(self.src.get(start..self.pos).unwrap_or("").to_string())
            }
            '$' => {
                self.pos = start;
                self.dollar()?
            }
            '@' => match next {
                Some('(') => {
                    self.bump();
                    Tok::AtParen
                }
                Some('{') => {
                    self.bump();
                    Tok::AtBrace
                }
                Some(q) if is_squote(q) || is_dquote(q) => {
                    self.pos = start;
                    self.here_string()?
                }
                _ => Tok::Other("@".into()),
            },
            c if is_squote(c) => {
                self.pos = start;
                Tok::Str(self.single_quoted()?)
            }
            c if is_dquote(c) => {
                self.pos = start;
                Tok::Expandable(self.double_quoted()?)
            }
            c if is_dash(c) => match next {
                Some('=') => {
                    self.bump();
                    Tok::Assign(AssignOp::Sub)
                }
                Some(d) if is_dash(d) => {
                    self.bump();
                    Tok::Other("--".into())
                }
                Some(d) if operand && (d.is_ascii_digit() || d == '.') => {
                    self.pos = start;
                    return self.number_or_word(start, true);
                }
                Some(d) if is_ident_start(d) => {
                    let name_start = self.pos;
                    while self.peek().is_some_and(is_ident_char) {
                        self.bump();
                    }
                    let name = self.src.get(name_start..self.pos).unwrap_or("");
                    let text = format!("-{name}");
                    match dash_operator(name) {
                        Some(DashOp::Bin(op, cs)) => Tok::Bin(op, cs),
                        Some(DashOp::Not) => Tok::Not,
                        Some(DashOp::Unsupported) => Tok::UnsupportedOp(text),
                        None => Tok::DashWord(text),
                    }
                }
                _ => Tok::Bin(BinOp::Sub, false),
            },
            c if c.is_ascii_digit() => {
                self.pos = start;
                return self.number_or_word(start, true);
            }
            c if is_ident_start(c) => {
                while self.peek().is_some_and(is_ident_char) {
                    self.bump();
                }
                Tok::Word(self.src.get(start..self.pos).unwrap_or("").to_string())
            }
            other => Tok::Other(other.to_string()),
        };
        Ok(tok)
    }

    /// Scans a number starting at `start` (optionally signed); if it is not a well-formed
    /// number followed by a token boundary, the text is scanned as a generic word instead.
    fn number_or_word(&mut self, start: usize, expr_mode: bool) -> LResult<Tok> {
        self.pos = start;
        if let Some((value, text)) = self.scan_number(expr_mode) {
            return Ok(Tok::Number(value, text));
        }
        self.pos = start;
        // Not a number: the text up to the next boundary is an (invalid in expression mode)
        // word, which the parser reports as an unexpected token.
        while let Some(c) = self.peek() {
            if ends_generic(c) || (expr_mode && ends_number_in_expr(c) && self.pos > start) {
                break;
            }
            self.bump();
        }
        if self.pos == start {
            self.bump();
        }
        Ok(Tok::Word(
            self.src.get(start..self.pos).unwrap_or("").to_string(),
        ))
    }

    /// Scans a numeric literal at the cursor. Returns `None` (cursor unspecified) if the text is
    /// not a number that ends at a token boundary.
    pub fn scan_number(&mut self, expr_mode: bool) -> Option<(f64, String)> {
        let start = self.pos;
        let mut negative = false;
        if let Some(c) = self.peek()
            && (is_dash(c) || c == '+')
        {
            negative = is_dash(c);
            self.bump();
        }
        let digits_start = self.pos;
        let mut value: f64;
        if self.peek() == Some('0') && matches!(self.peek2(), Some('x' | 'X')) {
            self.bump();
            self.bump();
            let hs = self.pos;
            while self.peek().is_some_and(|c| c.is_ascii_hexdigit()) {
                self.bump();
            }
            let hex = self.src.get(hs..self.pos)?;
            if hex.is_empty() || hex.len() > 16 {
                return None;
            }
            value = u64::from_str_radix(hex, 16).ok()? as f64;
        } else {
            let mut saw_digit = false;
            while self.peek().is_some_and(|c| c.is_ascii_digit()) {
                self.bump();
                saw_digit = true;
            }
            if self.peek() == Some('.') && self.peek2() != Some('.') {
                let save = self.pos;
                self.bump();
                let mut frac = false;
                while self.peek().is_some_and(|c| c.is_ascii_digit()) {
                    self.bump();
                    frac = true;
                }
                if !frac && !saw_digit {
                    self.pos = save;
                }
                saw_digit |= frac;
            }
            if !saw_digit {
                return None;
            }
            if matches!(self.peek(), Some('e' | 'E')) {
                let save = self.pos;
                self.bump();
                if self.peek().is_some_and(|c| is_dash(c) || c == '+') {
                    self.bump();
                }
                let mut exp = false;
                while self.peek().is_some_and(|c| c.is_ascii_digit()) {
                    self.bump();
                    exp = true;
                }
                if !exp {
                    self.pos = save;
                }
            }
            let lit: String = self
                .src
                .get(digits_start..self.pos)?
                .chars()
                .map(|c| if is_dash(c) { '-' } else { c })
                .collect();
            value = lit.parse::<f64>().ok()?;
        }
        // Type suffixes (long, decimal, …) do not change the value's meaning here.
        if matches!(self.peek(), Some('l' | 'L' | 'd' | 'D'))
            && !self.peek2().is_some_and(|c| c == 'b' || c == 'B')
        {
            self.bump();
        }
        if let Some(m) = self.peek() {
            let mult = match m.to_ascii_lowercase() {
                'k' => Some(1024f64),
                'm' => Some(1024f64.powi(2)),
                'g' => Some(1024f64.powi(3)),
                't' => Some(1024f64.powi(4)),
                'p' => Some(1024f64.powi(5)),
                _ => None,
            };
            if let Some(mult) = mult {
                if matches!(self.peek2(), Some('b' | 'B')) {
                    self.bump();
                    self.bump();
                    value *= mult;
                } else if !ends_generic(m) {
                    return None;
                }
            }
        }
        match self.peek() {
            None => {}
            Some(c) if ends_generic(c) => {}
            Some(c) if expr_mode && ends_number_in_expr(c) => {}
            Some(_) => return None,
        }
        if negative {
            value = -value;
        }
        Some((value, self.src.get(start..self.pos)?.to_string()))
    }

    /// At `$`: a variable, `$(`, or a lone `$`.
    fn dollar(&mut self) -> LResult<Tok> {
        let start = self.pos;
        self.bump();
        match self.peek() {
            Some('(') => {
                self.bump();
                Ok(Tok::DollarParen)
            }
            _ => {
                self.pos = start;
                match self.variable_name()? {
                    Some(name) => Ok(Tok::Var(name)),
                    None => {
                        self.pos = start + 1;
                        Ok(Tok::Dollar)
                    }
                }
            }
        }
    }

    /// At `$`: scans `$name`, `$scope:name`, `${any text}`, `$_`, `$$`, `$?`, `$^`. Returns
    /// `None` (cursor restored) when `$` starts no variable.
    pub fn variable_name(&mut self) -> LResult<Option<String>> {
        let start = self.pos;
        if self.peek() != Some('$') {
            return Ok(None);
        }
        self.bump();
        match self.peek() {
            Some('{') => {
                self.bump();
                let mut name = String::new();
                loop {
                    match self.bump() {
                        None => {
                            return Err(ParseError::incomplete(
                                "${variable} reference starting is missing the closing '}'.",
                                Span::new(start, self.pos),
                            ));
                        }
                        Some('}') => break,
                        Some('`') => {
                            if let Some(c) = self.bump() {
                                name.push(c);
                            }
                        }
                        Some(c) => name.push(c),
                    }
                }
                if name.is_empty() {
                    return Err(ParseError::new(
                        "Variable reference is not valid. The variable name is missing.",
                        Span::new(start, self.pos),
                    ));
                }
                Ok(Some(name))
            }
            Some(c @ ('$' | '?' | '^')) => {
                self.bump();
                Ok(Some(c.to_string()))
            }
            Some(c) if is_ident_char(c) => {
                let ns = self.pos;
                while self.peek().is_some_and(is_ident_char) {
                    self.bump();
                }
                // `$env:PATH`, `$global:x`: a drive or scope qualifier.
                if self.peek() == Some(':') && self.peek2().is_some_and(is_ident_char) {
                    self.bump();
                    while self.peek().is_some_and(is_ident_char) {
                        self.bump();
                    }
                }
                Ok(Some(self.src.get(ns..self.pos).unwrap_or("").to_string()))
            }
            _ => {
                self.pos = start;
                Ok(None)
            }
        }
    }

    /// At a single quote: the literal's value. `''` (any two single quotes) is one quote.
    pub fn single_quoted(&mut self) -> LResult<String> {
        let start = self.pos;
        self.bump();
        let mut out = String::new();
        loop {
            match self.bump() {
                None => {
                    return Err(ParseError::incomplete(
                        "The string is missing the terminator: '.",
                        Span::new(start, self.pos),
                    ));
                }
                Some(c) if is_squote(c) => {
                    if self.peek().is_some_and(is_squote) {
                        self.bump();
                        out.push(c);
                    } else {
                        return Ok(out);
                    }
                }
                Some(c) => out.push(c),
            }
        }
    }

    /// At a double quote: the parts of the expandable string.
    pub fn double_quoted(&mut self) -> LResult<Vec<StrPart>> {
        let start = self.pos;
        self.bump();
        let mut parts = Vec::new();
        let mut text = String::new();
        loop {
            let Some(c) = self.peek() else {
                return Err(ParseError::incomplete(
                    "The string is missing the terminator: \".",
                    Span::new(start, self.pos),
                ));
            };
            if is_dquote(c) {
                self.bump();
                if self.peek().is_some_and(is_dquote) {
                    self.bump();
                    text.push(c);
                    continue;
                }
                break;
            }
            if c == '`' {
                self.bump();
                if let Some(e) = self.bump() {
                    text.push(backtick_escape(e));
                }
                continue;
            }
            if c == '$' && self.dollar_in_string(&mut parts, &mut text)? {
                continue;
            }
            self.bump();
            text.push(c);
        }
        if !text.is_empty() {
            parts.push(StrPart::Text(text));
        }
        Ok(parts)
    }

    /// At `$` inside an expandable string or generic token: a variable or `$( … )` becomes a
    /// part (flushing `text` first). Returns false (nothing consumed) for a literal `$`.
    pub fn dollar_in_string(
        &mut self,
        parts: &mut Vec<StrPart>,
        text: &mut String,
    ) -> LResult<bool> {
        let start = self.pos;
        if self.peek2() == Some('(') {
            self.bump();
            self.bump();
            let body = crate::parser::parse_sub_script(self, start)?;
            if !text.is_empty() {
                parts.push(StrPart::Text(std::mem::take(text)));
            }
            parts.push(StrPart::Sub(body));
            return Ok(true);
        }
        match self.variable_name()? {
            Some(name) => {
                if !text.is_empty() {
                    parts.push(StrPart::Text(std::mem::take(text)));
                }
                parts.push(StrPart::Var(name));
                Ok(true)
            }
            None => Ok(false),
        }
    }

    /// At `@'` or `@"`: a here-string. The header must end its line and the footer must start
    /// one; the line breaks next to them are not part of the value.
    fn here_string(&mut self) -> LResult<Tok> {
        let start = self.pos;
        self.bump();
        let Some(q) = self.bump() else {
            return Ok(Tok::Other("@".into()));
        };
        let expandable = is_dquote(q);
        let terminator = if expandable { "\"@" } else { "'@" };
        while self.peek().is_some_and(is_blank) {
            self.bump();
        }
        match self.peek() {
            Some(c) if is_newline(c) => self.bump_newline(),
            None => {
                return Err(ParseError::incomplete(
                    format!("The string is missing the terminator: {terminator}."),
                    Span::new(start, self.pos),
                ));
            }
            Some(_) => {
                return Err(ParseError::new(
                    "No characters are allowed after a here-string header but before the end of the line.",
                    Span::new(start, self.pos),
                ));
            }
        }
        let mut parts = Vec::new();
        let mut text = String::new();
        let mut at_line_start = true;
        loop {
            let Some(c) = self.peek() else {
                return Err(ParseError::incomplete(
                    format!("The string is missing the terminator: {terminator}."),
                    Span::new(start, self.pos),
                ));
            };
            if at_line_start
                && (if expandable {
                    is_dquote(c)
                } else {
                    is_squote(c)
                })
                && self.peek2() == Some('@')
            {
                self.bump();
                self.bump();
                // The line break before the footer belongs to the syntax, not the value.
                if text.ends_with('\n') {
                    text.pop();
                    if text.ends_with('\r') {
                        text.pop();
                    }
                } else if text.ends_with('\r') {
                    text.pop();
                }
                break;
            }
            at_line_start = false;
            if is_newline(c) {
                self.bump();
                text.push(c);
                if c == '\r' && self.peek() == Some('\n') {
                    self.bump();
                    text.push('\n');
                }
                at_line_start = true;
                continue;
            }
            if expandable {
                if c == '`' {
                    self.bump();
                    if let Some(e) = self.bump() {
                        text.push(backtick_escape(e));
                    }
                    continue;
                }
                if c == '$' && self.dollar_in_string(&mut parts, &mut text)? {
                    continue;
                }
            }
            self.bump();
            text.push(c);
        }
        if expandable {
            if !text.is_empty() {
                parts.push(StrPart::Text(text));
            }
            Ok(Tok::Expandable(parts))
        } else {
            Ok(Tok::Str(text))
        }
    }
}

/// The address of a slot in the caller's stack frame. Comparing two such addresses tells how
/// much stack lies between them; no memory is accessed through them.
#[inline(never)]
pub(crate) fn stack_address() -> usize {
    let marker = 0u8;
    std::hint::black_box(&marker) as *const u8 as usize
}

/// The character a backtick escape stands for.
pub(crate) fn backtick_escape(c: char) -> char {
    match c {
        '0' => '\0',
        'a' => '\u{7}',
        'b' => '\u{8}',
        'e' => '\u{1b}',
        'f' => '\u{c}',
        'n' => '\n',
        'r' => '\r',
        't' => '\t',
        'v' => '\u{b}',
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(src: &str) -> Vec<Tok> {
        let mut lx = Lexer::new(src);
        let mut out = Vec::new();
        let mut operand = true;
        loop {
            let t = lx.expr_token(operand).unwrap();
            if t.tok == Tok::Eof {
                return out;
            }
            operand = !matches!(
                t.tok,
                Tok::Number(..) | Tok::Var(_) | Tok::Str(_) | Tok::RParen
            );
            out.push(t.tok);
        }
    }

    #[test]
    fn dash_operators_in_all_dashes_and_cases() {
        assert_eq!(
            toks("$a –EQ 1 —cne 2 -iLike 3 ―notin 4"),
            vec![
                Tok::Var("a".into()),
                Tok::Bin(BinOp::Eq, false),
                Tok::Number(1.0, "1".into()),
                Tok::Bin(BinOp::Ne, true),
                Tok::Number(2.0, "2".into()),
                Tok::Bin(BinOp::Like, false),
                Tok::Number(3.0, "3".into()),
                Tok::Bin(BinOp::NotIn, false),
                Tok::Number(4.0, "4".into()),
            ]
        );
        assert_eq!(
            dash_operator("contains"),
            Some(DashOp::Bin(BinOp::Contains, false))
        );
        assert_eq!(
            dash_operator("ccontains"),
            Some(DashOp::Bin(BinOp::Contains, true))
        );
        assert_eq!(dash_operator("cin"), Some(DashOp::Bin(BinOp::In, true)));
        assert_eq!(dash_operator("in"), Some(DashOp::Bin(BinOp::In, false)));
        assert_eq!(dash_operator("Not"), Some(DashOp::Not));
        assert_eq!(dash_operator("replace"), Some(DashOp::Unsupported));
        assert_eq!(dash_operator("creplace"), Some(DashOp::Unsupported));
        assert_eq!(dash_operator("Identity"), None);
    }

    #[test]
    fn numbers_keep_text_and_apply_multipliers() {
        let mut lx = Lexer::new("200MB");
        assert_eq!(
            lx.scan_number(false),
            Some((200.0 * 1048576.0, "200MB".into()))
        );
        let mut lx = Lexer::new("001234567890");
        assert_eq!(
            lx.scan_number(false),
            Some((1234567890.0, "001234567890".into()))
        );
        let mut lx = Lexer::new("0x1F");
        assert_eq!(lx.scan_number(false), Some((31.0, "0x1F".into())));
        let mut lx = Lexer::new("–5");
        assert_eq!(lx.scan_number(false), Some((-5.0, "–5".into())));
        let mut lx = Lexer::new("1.5e3");
        assert_eq!(lx.scan_number(false), Some((1500.0, "1.5e3".into())));
        for not_numbers in ["1-2", "10.0.0.1", "5abc", "1m", "SO-141", "."] {
            let mut lx = Lexer::new(not_numbers);
            assert_eq!(lx.scan_number(false), None, "{not_numbers}");
        }
        // in expression mode an operator may follow directly
        let mut lx = Lexer::new("1+2");
        assert_eq!(lx.scan_number(true), Some((1.0, "1".into())));
        let mut lx = Lexer::new("1..5");
        assert_eq!(lx.scan_number(true), Some((1.0, "1".into())));
    }

    #[test]
    fn strings_and_escapes() {
        assert_eq!(toks("'it''s'"), vec![Tok::Str("it's".into())]);
        assert_eq!(toks("‘curly’"), vec![Tok::Str("curly".into())]);
        assert_eq!(
            toks("\"a`tb`\"c\"\"d`$e\""),
            vec![Tok::Expandable(vec![StrPart::Text("a\tb\"c\"d$e".into())])]
        );
        assert_eq!(
            toks("\"$_.Name\""),
            vec![Tok::Expandable(vec![
                StrPart::Var("_".into()),
                StrPart::Text(".Name".into())
            ])]
        );
        assert_eq!(
            toks("“Move Mailboxes\\*”"),
            vec![Tok::Expandable(vec![StrPart::Text(
                "Move Mailboxes\\*".into()
            )])]
        );
        assert_eq!(
            toks("\"cost: $ 5\""),
            vec![Tok::Expandable(vec![StrPart::Text("cost: $ 5".into())])]
        );
    }

    #[test]
    fn here_strings() {
        assert_eq!(
            toks("@'\nline 1\n'quoted'\n'@"),
            vec![Tok::Str("line 1\n'quoted'".into())]
        );
        assert_eq!(
            toks("@\"\r\nhi $x\r\n\"@"),
            vec![Tok::Expandable(vec![
                StrPart::Text("hi ".into()),
                StrPart::Var("x".into())
            ])]
        );
        let mut lx = Lexer::new("@'\nabc");
        let e = lx.expr_token(true).unwrap_err();
        assert_eq!(e.message, "The string is missing the terminator: '@.");
    }

    #[test]
    fn variables() {
        assert_eq!(
            toks("$_ ${a b} $env:TEMP $? $$"),
            vec![
                Tok::Var("_".into()),
                Tok::Var("a b".into()),
                Tok::Var("env:TEMP".into()),
                Tok::Var("?".into()),
                Tok::Var("$".into()),
            ]
        );
        assert_eq!(toks("$ "), vec![Tok::Dollar]);
    }

    #[test]
    fn comments_and_continuations() {
        let mut lx = Lexer::new("  # c\n");
        lx.skip_blanks().unwrap();
        assert_eq!(lx.peek(), Some('\n'));
        let mut lx = Lexer::new(" <# a\n b #> `\n x");
        lx.skip_blanks().unwrap();
        assert_eq!(lx.peek(), Some('x'));
        let mut lx = Lexer::new(" `");
        lx.skip_blanks().unwrap();
        assert!(lx.at_eof());
        let mut lx = Lexer::new("<# open");
        assert!(lx.skip_blanks().unwrap_err().incomplete);
    }
}
