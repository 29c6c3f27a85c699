//! Recursive-descent parser over the [`Lexer`] cursor.
//!
//! Expression precedence, loosest first (PowerShell's): `-and -or -xor`; comparisons; `+ -`;
//! `* / %`; `..`; `,`; unary `-not ! - + ,`; postfix `.member`, `.method()`, `[index]`.

use crate::ast::{
    Arg, AssignOp, BinOp, Command, Element, Expr, ExprKind, Pipeline, Script, Span, Statement,
    StatementKind, StrPart, UnaryOp,
};
use crate::err::ParseError;
use crate::lexer::{
    LResult, Lexer, Tok, backtick_escape, ends_generic, is_blank, is_dash, is_dquote,
    is_ident_char, is_ident_start, is_newline, is_squote, stack_address,
};

/// Deepest nesting of blocks, parentheses, unary operators and operator chains the parser
/// accepts; past it, parsing fails instead of exhausting the stack.
pub const MAX_DEPTH: usize = 200;

/// Most stack the parser lets itself use. Unoptimized builds need several times the stack per
/// nesting level that optimized ones do, so the level count alone cannot keep a debug-build
/// parse inside a 2 MiB thread; this budget does, and in release builds [`MAX_DEPTH`] is reached
/// well before it.
pub const STACK_BUDGET: usize = 1024 * 1024;

/// What closes the statement list being parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum End {
    Eof,
    Brace,
    Paren,
}

/// PowerShell keywords this shell does not implement; a statement starting with one is an error
/// rather than a call to a command of that name.
const UNSUPPORTED_KEYWORDS: &[&str] = &[
    "begin",
    "break",
    "catch",
    "class",
    "continue",
    "data",
    "define",
    "do",
    "dynamicparam",
    "end",
    "enum",
    "exit",
    "filter",
    "finally",
    "for",
    "from",
    "function",
    "param",
    "process",
    "return",
    "switch",
    "throw",
    "trap",
    "try",
    "until",
    "using",
    "var",
    "while",
    "workflow",
];

fn unexpected_message(text: &str) -> String {
    format!("Unexpected token '{text}' in expression or statement.")
}

fn expected_value(op: &str) -> String {
    format!("You must provide a value expression following the '{op}' operator.")
}

/// Parses the inside of a `$( … )` whose `$(` was just consumed (`start` is the `$`); used by
/// the scanner for subexpressions inside strings.
pub(crate) fn parse_sub_script(lx: &mut Lexer<'_>, start: usize) -> LResult<Script> {
    lx.nested(start, |p| {
        let body = p.statement_list(End::Paren)?;
        p.expect_close_paren("Missing closing ')' in subexpression.")?;
        Ok(body)
    })
}

impl Lexer<'_> {
    /// The whole input as a statement list.
    pub(crate) fn statement_list_top(&mut self) -> LResult<Script> {
        self.statement_list(End::Eof)
    }

    /// Runs `f` one nesting level deeper, failing past [`MAX_DEPTH`].
    fn nested<T>(&mut self, at: usize, f: impl FnOnce(&mut Self) -> LResult<T>) -> LResult<T> {
        if self.depth >= MAX_DEPTH || stack_address().abs_diff(self.stack_base) > STACK_BUDGET {
            return Err(ParseError::new(
                "Processing was stopped because the script is too complex.",
                Span::new(at, self.next_char_end(at)),
            ));
        }
        self.depth += 1;
        let r = f(self);
        self.depth -= 1;
        r
    }

    fn too_deep(&self, extra: usize) -> bool {
        self.depth + extra >= MAX_DEPTH
    }

    fn next_char_end(&self, at: usize) -> usize {
        self.src
            .get(at..)
            .and_then(|s| s.chars().next())
            .map_or(at, |c| at + c.len_utf8())
    }

    fn text(&self, span: Span) -> &str {
        self.src.get(span.start..span.end).unwrap_or("")
    }

    /// "Unexpected token" for whatever token starts at `at`.
    fn unexpected_at(&self, at: usize) -> ParseError {
        let mut probe = Lexer {
            src: self.src,
            pos: at,
            depth: self.depth,
            stack_base: self.stack_base,
        };
        let end = match probe.expr_token(true) {
            Ok(t) if t.span.end > at && t.tok != Tok::Eof => t.span.end,
            _ => self.next_char_end(at),
        };
        let span = Span::new(at, end);
        ParseError::new(unexpected_message(self.text(span)), span)
    }

    fn expect_close_paren(&mut self, missing: &str) -> LResult<()> {
        self.skip_blanks_and_newlines()?;
        match self.peek() {
            Some(')') => {
                self.bump();
                Ok(())
            }
            None => Err(ParseError::incomplete(missing, Span::at(self.pos))),
            Some(_) => Err(self.unexpected_at(self.pos)),
        }
    }

    fn statement_list(&mut self, end: End) -> LResult<Script> {
        let start = self.pos;
        let mut statements = Vec::new();
        while self.next_statement(end)? {
            statements.push(self.statement()?);
            self.after_statement()?;
        }
        let span_end = if end == End::Eof {
            self.src.len()
        } else {
            self.pos
        };
        Ok(Script {
            statements,
            span: Span::new(start, span_end),
        })
    }

    /// Skips separators; true if a statement starts here, false at the closer (not consumed).
    #[inline(never)]
    fn next_statement(&mut self, end: End) -> LResult<bool> {
        loop {
            self.skip_blanks_and_newlines()?;
            match self.peek() {
                Some(';') => {
                    self.bump();
                }
                None => {
                    return match end {
                        End::Eof => Ok(false),
                        End::Brace => Err(ParseError::incomplete(
                            "Missing closing '}' in statement block or type definition.",
                            Span::at(self.pos),
                        )),
                        End::Paren => Err(ParseError::incomplete(
                            "Missing closing ')' in subexpression.",
                            Span::at(self.pos),
                        )),
                    };
                }
                Some('}') if end == End::Brace => return Ok(false),
                Some(')') if end == End::Paren => return Ok(false),
                Some('}' | ')') => return Err(self.unexpected_at(self.pos)),
                Some(_) => return Ok(true),
            }
        }
    }

    /// A statement must be followed by a separator or the end of its block.
    #[inline(never)]
    fn after_statement(&mut self) -> LResult<()> {
        self.skip_blanks()?;
        match self.peek() {
            None | Some(';' | '}' | ')') => Ok(()),
            Some(c) if is_newline(c) => Ok(()),
            Some(_) => Err(self.unexpected_at(self.pos)),
        }
    }

    /// The identifier at the cursor if it is a whole word (followed by a token boundary), for
    /// keyword detection.
    fn peek_keyword(&self) -> Option<&str> {
        let rest = self.rest();
        let end = rest
            .char_indices()
            .find(|&(_, c)| !is_ident_char(c))
            .map_or(rest.len(), |(i, _)| i);
        if end == 0 {
            return None;
        }
        let word = rest.get(..end)?;
        if !word.chars().next().is_some_and(is_ident_start) {
            return None;
        }
        match rest.get(end..)?.chars().next() {
            None => Some(word),
            Some(c) if ends_generic(c) || is_newline(c) => Some(word),
            Some(_) => None,
        }
    }

    fn eat_keyword(&mut self, kw: &str) -> bool {
        match self.peek_keyword() {
            Some(w) if w.eq_ignore_ascii_case(kw) => {
                self.pos += w.len();
                true
            }
            _ => false,
        }
    }

    fn statement(&mut self) -> LResult<Statement> {
        if let Some(stmt) = self.keyword_statement()? {
            return Ok(stmt);
        }
        let first = self.element(true)?;
        if let Some(stmt) = self.assignment(&first)? {
            return Ok(stmt);
        }
        let pipeline = self.pipeline_rest(first)?;
        Ok(Statement {
            span: pipeline.span,
            kind: StatementKind::Pipeline(pipeline),
        })
    }

    /// `if`, `foreach`, and the keywords this shell rejects.
    #[inline(never)]
    fn keyword_statement(&mut self) -> LResult<Option<Statement>> {
        let start = self.pos;
        let Some(word) = self.peek_keyword() else {
            return Ok(None);
        };
        let lower = word.to_ascii_lowercase();
        match lower.as_str() {
            "if" => self.if_statement().map(Some),
            "foreach" => self.foreach_statement().map(Some),
            "else" | "elseif" | "in" => Err(self.unexpected_at(start)),
            kw if UNSUPPORTED_KEYWORDS.contains(&kw) => Err(ParseError::new(
                format!("The '{word}' keyword is not supported in this version of the language."),
                Span::new(start, start + word.len()),
            )),
            _ => Ok(None),
        }
    }

    /// `$x = …` once the first element (`$x`) has been parsed; `None` if no assignment follows.
    #[inline(never)]
    fn assignment(&mut self, first: &Element) -> LResult<Option<Statement>> {
        let Element::Expr(target) = first else {
            return Ok(None);
        };
        let t = self.peek_expr(false)?;
        let Tok::Assign(op) = t.tok else {
            return Ok(None);
        };
        let Some((var, members)) = assign_target(target) else {
            return Err(ParseError::new(
                "The assignment expression is not valid. The input to an assignment operator must be an object that is able to accept assignments, such as a variable or a property.",
                target.span,
            ));
        };
        self.expr_token(false)?;
        self.skip_blanks_and_newlines()?;
        let op_text = match op {
            AssignOp::Assign => "=",
            AssignOp::Add => "+=",
            AssignOp::Sub => "-=",
        };
        self.require_operand(op_text, t.span.end)?;
        let value = self.pipeline()?;
        let span = Span::new(target.span.start, value.span.end);
        Ok(Some(Statement {
            kind: StatementKind::Assign {
                var,
                members,
                op,
                value,
            },
            span,
        }))
    }

    fn if_statement(&mut self) -> LResult<Statement> {
        let start = self.pos;
        let mut clauses = Vec::new();
        let mut else_body = None;
        let mut keyword = "if";
        self.eat_keyword("if");
        let end = loop {
            self.skip_blanks_and_newlines()?;
            if self.peek() != Some('(') {
                return Err(self.missing(format!("Missing '(' after '{keyword}' in if statement.")));
            }
            self.bump();
            self.skip_blanks_and_newlines()?;
            if matches!(self.peek(), Some(')') | None) {
                return Err(self.missing(format!(
                    "Missing condition in if statement after '{keyword} ('."
                )));
            }
            let cond = self.nested(start, |p| p.pipeline())?;
            self.expect_close_paren(&format!(
                "Missing closing ')' after expression in '{keyword}' statement."
            ))?;
            self.skip_blanks_and_newlines()?;
            if self.peek() != Some('{') {
                return Err(self.missing(format!(
                    "Missing statement block after {keyword} ( condition )."
                )));
            }
            let (body, _) = self.block()?;
            clauses.push((cond, body));
            let after_block = self.pos;
            self.skip_blanks_and_newlines()?;
            if self.eat_keyword("elseif") {
                keyword = "elseif";
                continue;
            }
            if self.eat_keyword("else") {
                self.skip_blanks_and_newlines()?;
                if self.peek() != Some('{') {
                    return Err(self.missing("Missing statement block after 'else' keyword."));
                }
                let (body, _) = self.block()?;
                else_body = Some(body);
                break self.pos;
            }
            self.pos = after_block;
            break after_block;
        };
        Ok(Statement {
            kind: StatementKind::If { clauses, else_body },
            span: Span::new(start, end),
        })
    }

    fn foreach_statement(&mut self) -> LResult<Statement> {
        const FORM: &str = "\nThe correct form is: foreach ($a in $b) {...}";
        let start = self.pos;
        self.eat_keyword("foreach");
        self.skip_blanks_and_newlines()?;
        if self.peek() != Some('(') {
            return Err(self.missing("Missing opening '(' after keyword 'foreach'."));
        }
        self.bump();
        self.skip_blanks_and_newlines()?;
        let Some(var) = self.variable_name()? else {
            return Err(self.missing(format!("Missing variable name after foreach.{FORM}")));
        };
        self.skip_blanks_and_newlines()?;
        if !self.eat_keyword("in") {
            return Err(self.missing(format!(
                "Missing 'in' after variable in foreach loop.{FORM}"
            )));
        }
        self.skip_blanks_and_newlines()?;
        if matches!(self.peek(), Some(')') | None) {
            return Err(self.missing(format!("Missing expression in foreach loop.{FORM}")));
        }
        let collection = self.nested(start, |p| p.pipeline())?;
        self.expect_close_paren(&format!(
            "Missing closing ')' after expression part of foreach loop.{FORM}"
        ))?;
        self.skip_blanks_and_newlines()?;
        if self.peek() != Some('{') {
            return Err(self.missing(format!("Missing statement body in foreach loop.{FORM}")));
        }
        let (body, _) = self.block()?;
        Ok(Statement {
            kind: StatementKind::Foreach {
                var,
                collection,
                body,
            },
            span: Span::new(start, self.pos),
        })
    }

    /// An error about something missing at the cursor; incomplete if the input ended.
    fn missing(&self, message: impl Into<String>) -> ParseError {
        let span = Span::new(self.pos, self.next_char_end(self.pos));
        if self.at_eof() {
            ParseError::incomplete(message, span)
        } else {
            ParseError::new(message, span)
        }
    }

    /// At `{`: the statement list up to the matching `}`; returns it and the raw inner text.
    fn block(&mut self) -> LResult<(Script, Span)> {
        let open = self.pos;
        self.bump();
        self.nested(open, |p| {
            let body = p.statement_list(End::Brace)?;
            let inner = Span::new(open + 1, p.pos);
            // statement_list only returns at `}` for End::Brace.
            p.bump();
            Ok((body, inner))
        })
    }

    fn pipeline(&mut self) -> LResult<Pipeline> {
        let first = self.element(true)?;
        self.pipeline_rest(first)
    }

    fn pipeline_rest(&mut self, first: Element) -> LResult<Pipeline> {
        let start = first.span().start;
        let mut end = first.span().end;
        let mut elements = vec![first];
        loop {
            let save = self.pos;
            self.skip_blanks()?;
            if self.peek() != Some('|') || self.peek2() == Some('|') {
                self.pos = save;
                break;
            }
            let bar = self.pos;
            self.bump();
            self.skip_blanks_and_newlines()?;
            match self.peek() {
                None => {
                    return Err(ParseError::incomplete(
                        "An empty pipe element is not allowed.",
                        Span::at(bar + 1),
                    ));
                }
                Some('|' | ';' | ')' | '}') => {
                    return Err(ParseError::new(
                        "An empty pipe element is not allowed.",
                        Span::new(self.pos, self.pos + 1),
                    ));
                }
                Some(_) => {}
            }
            let el = self.element(false)?;
            end = el.span().end;
            elements.push(el);
        }
        Ok(Pipeline {
            elements,
            span: Span::new(start, end),
        })
    }

    /// Whether the element at the cursor is an expression (expression mode) rather than a
    /// command (argument mode).
    fn starts_expression(&self) -> bool {
        let Some(c) = self.peek() else {
            return false;
        };
        let next = self.peek2();
        match c {
            '$' | '(' | '[' | '{' | '!' | ',' => true,
            '@' => next.is_some_and(|n| n == '(' || n == '{' || is_squote(n) || is_dquote(n)),
            '.' | '+' => next.is_some_and(|n| n.is_ascii_digit()),
            c if is_squote(c) || is_dquote(c) || c.is_ascii_digit() => true,
            // A leading dash is an operator (`-not $x`) or a negative number.
            c if is_dash(c) => true,
            _ => false,
        }
    }

    fn element(&mut self, first: bool) -> LResult<Element> {
        self.skip_blanks()?;
        self.element_guard()?;
        if !self.starts_expression() {
            return self.command().map(Element::Command);
        }
        let e = self.expression()?;
        if !first {
            return Err(not_first(e.span));
        }
        Ok(Element::Expr(e))
    }

    /// Rejects the characters that cannot start a pipeline element here.
    #[inline(never)]
    fn element_guard(&self) -> LResult<()> {
        let start = self.pos;
        match self.peek() {
            Some('&') => Err(ParseError::new(
                "The '&' call operator is not supported in this shell.",
                Span::new(start, start + 1),
            )),
            Some('<' | '>') => Err(self.redirection_error()),
            Some('|') => Err(ParseError::new(
                "An empty pipe element is not allowed.",
                Span::new(start, start + 1),
            )),
            _ => Ok(()),
        }
    }

    fn redirection_error(&self) -> ParseError {
        let at = self.pos;
        let c = self.peek().unwrap_or('>');
        let mut end = at + 1;
        if c == '>' && self.peek2() == Some('>') {
            end += 1;
        }
        let span = Span::new(at, end);
        if c == '<' {
            ParseError::new("The '<' operator is reserved for future use.", span)
        } else {
            ParseError::new("Output redirection is not supported in this shell.", span)
        }
    }

    // ---- argument mode -------------------------------------------------------------------

    fn command(&mut self) -> LResult<Command> {
        let (name, name_span) = self.command_name()?;
        let mut end = name_span.end;
        let mut args = Vec::new();
        while self.next_argument()? {
            let arg = self.argument()?;
            end = arg.span().end;
            args.push(arg);
        }
        Ok(Command {
            name,
            name_span,
            args,
            span: Span::new(name_span.start, end),
        })
    }

    #[inline(never)]
    fn command_name(&mut self) -> LResult<(String, Span)> {
        let start = self.pos;
        let name_expr = self.generic(start, Vec::new(), String::new())?;
        match name_expr.kind {
            ExprKind::Bareword(s) => Ok((s, name_expr.span)),
            _ => Err(ParseError::new(
                "A command name must be plain text in this shell.",
                name_expr.span,
            )),
        }
    }

    /// Skips blanks before an argument; false (blanks left alone) at the end of the command.
    #[inline(never)]
    fn next_argument(&mut self) -> LResult<bool> {
        let save = self.pos;
        self.skip_blanks()?;
        match self.peek() {
            None | Some(';' | ')' | '}') => {}
            Some(c) if is_newline(c) => {}
            Some('|') => {
                if self.peek2() == Some('|') {
                    return Err(self.not_a_separator("||"));
                }
            }
            Some('&') => {
                if self.peek2() == Some('&') {
                    return Err(self.not_a_separator("&&"));
                }
                return Err(ParseError::new(
                    "The ampersand (&) character is not allowed. The & operator is reserved for future use; wrap an ampersand in double quotation marks (\"&\") to pass it as part of a string.",
                    Span::new(self.pos, self.pos + 1),
                ));
            }
            Some(_) => return Ok(true),
        }
        self.pos = save;
        Ok(false)
    }

    fn not_a_separator(&self, tok: &str) -> ParseError {
        ParseError::new(
            format!("The token '{tok}' is not a valid statement separator in this version."),
            Span::new(self.pos, self.pos + 2),
        )
    }

    fn argument(&mut self) -> LResult<Arg> {
        let c = self.peek().unwrap_or(' ');
        if is_dash(c) && self.peek2().is_some_and(|n| is_ident_start(n) || n == '?') {
            return self.parameter();
        }
        self.arg_value().map(Arg::Value)
    }

    /// At a dash followed by a name: `-Name` or `-Name:value`.
    fn parameter(&mut self) -> LResult<Arg> {
        let start = self.pos;
        self.bump();
        let name_start = self.pos;
        while let Some(c) = self.peek() {
            if ends_generic(c) || c == ':' || is_squote(c) || is_dquote(c) || c == '`' {
                break;
            }
            self.bump();
        }
        let name_end = self.pos;
        match self.peek() {
            Some(q) if is_squote(q) || is_dquote(q) || q == '`' => {
                // `-foo"bar"` is not a parameter but one generic word.
                self.pos = start;
                return self
                    .generic(start, Vec::new(), String::new())
                    .map(Arg::Value);
            }
            _ => {}
        }
        let name = self.src.get(name_start..name_end).unwrap_or("").to_string();
        if self.peek() != Some(':') {
            return Ok(Arg::Param {
                name,
                value: None,
                span: Span::new(start, name_end),
            });
        }
        self.bump();
        self.skip_blanks()?;
        match self.peek() {
            None | Some(';' | '|' | ')' | '}') => {
                return Err(ParseError::new(
                    format!("Parameter -{name} requires an argument after the colon."),
                    Span::new(start, self.pos),
                ));
            }
            Some(c) if is_newline(c) => {
                return Err(ParseError::new(
                    format!("Parameter -{name} requires an argument after the colon."),
                    Span::new(start, self.pos),
                ));
            }
            _ => {}
        }
        let value = self.arg_value()?;
        let span = Span::new(start, value.span.end);
        Ok(Arg::Param {
            name,
            value: Some(value),
            span,
        })
    }

    fn arg_value(&mut self) -> LResult<Expr> {
        let first = self.arg_primary()?;
        if self.arg_comma_follows()? {
            return self.arg_list_rest(first);
        }
        Ok(first)
    }

    #[inline(never)]
    fn arg_list_rest(&mut self, first: Expr) -> LResult<Expr> {
        let mut items = vec![first];
        while self.arg_comma_follows()? {
            self.arg_comma()?;
            items.push(self.arg_primary()?);
        }
        Ok(array_expr(items))
    }

    /// Whether `,` follows (after blanks); the blanks are only consumed if it does.
    #[inline(never)]
    fn arg_comma_follows(&mut self) -> LResult<bool> {
        let save = self.pos;
        self.skip_blanks()?;
        if self.peek() == Some(',') {
            return Ok(true);
        }
        self.pos = save;
        Ok(false)
    }

    /// Consumes the `,` of an argument list and checks that an element follows.
    #[inline(never)]
    fn arg_comma(&mut self) -> LResult<()> {
        let comma = self.pos;
        self.bump();
        self.skip_blanks_and_newlines()?;
        match self.peek() {
            None | Some(';' | '|' | ')' | '}' | ',') => {
                let span = Span::new(comma, comma + 1);
                Err(if self.at_eof() {
                    ParseError::incomplete("Missing argument in parameter list.", span)
                } else {
                    ParseError::new("Missing argument in parameter list.", span)
                })
            }
            _ => Ok(()),
        }
    }

    fn arg_primary(&mut self) -> LResult<Expr> {
        let next = self.peek2();
        match self.peek() {
            Some('$') if next == Some('(') => self.arg_sub_expression(),
            Some('(') => {
                let e = self.paren()?;
                self.postfix(e)
            }
            Some('{') => {
                // `{…}.Name` is member access on the script block, as in
                // PowerShell (Microsoft's nested `Where {…}.IsDefault` examples).
                let e = self.script_block()?;
                self.postfix(e)
            }
            Some('@') if next == Some('(') => {
                let e = self.array_sub()?;
                self.postfix(e)
            }
            Some('@') if next == Some('{') => self.hashtable(),
            Some(q) if is_dquote(q) => self.arg_double_quoted(),
            Some(',') => self.arg_unary_comma(),
            _ => self.arg_simple(),
        }
    }

    /// At `$(` in argument mode.
    fn arg_sub_expression(&mut self) -> LResult<Expr> {
        let start = self.pos;
        self.bump();
        self.bump();
        let body = parse_sub_script(self, start)?;
        if self.adjacent_text() {
            return self.generic(start, vec![StrPart::Sub(body)], String::new());
        }
        let e = Expr {
            kind: ExprKind::SubExpr(body),
            span: Span::new(start, self.pos),
        };
        self.postfix(e)
    }

    /// At `"` in argument mode: a string, or the start of a longer word (`"a"b`).
    fn arg_double_quoted(&mut self) -> LResult<Expr> {
        let start = self.pos;
        let parts = self.double_quoted()?;
        if self.adjacent_text() {
            let (parts, text) = split_trailing_text(parts);
            return self.generic(start, parts, text);
        }
        Ok(Expr {
            kind: ExprKind::Expandable(parts),
            span: Span::new(start, self.pos),
        })
    }

    /// `-Members ,x`: a one-element array, as PowerShell's unary comma.
    fn arg_unary_comma(&mut self) -> LResult<Expr> {
        let start = self.pos;
        self.bump();
        self.skip_blanks_and_newlines()?;
        if matches!(self.peek(), None | Some(';' | '|' | ')' | '}' | ',')) {
            return Err(self.missing("Missing expression after ','."));
        }
        let item = self.nested(start, |p| p.arg_primary())?;
        let span = Span::new(start, item.span.end);
        Ok(Expr {
            kind: ExprKind::Array(vec![item]),
            span,
        })
    }

    /// Argument forms that do not nest (except through `$( … )` inside words).
    #[inline(never)]
    fn arg_simple(&mut self) -> LResult<Expr> {
        let start = self.pos;
        let Some(c) = self.peek() else {
            return Err(ParseError::incomplete(
                "Missing argument in parameter list.",
                Span::at(start),
            ));
        };
        let next = self.peek2();
        match c {
            '$' => match self.variable_name()? {
                Some(name) => {
                    let e = Expr {
                        kind: variable_kind(name.clone()),
                        span: Span::new(start, self.pos),
                    };
                    if matches!(self.peek(), Some('.' | '[')) {
                        return self.postfix(e);
                    }
                    if self.adjacent_text() {
                        // `$dir\file`: the variable is part of a larger word.
                        return self.generic(start, vec![StrPart::Var(name)], String::new());
                    }
                    Ok(e)
                }
                None => self.generic(start, Vec::new(), String::new()),
            },
            '@' => match next {
                Some(q) if is_squote(q) || is_dquote(q) => {
                    let t = self.expr_token(true)?;
                    Ok(string_expr(t.tok, t.span))
                }
                Some(n) if is_ident_char(n) => Err(ParseError::new(
                    "Splatting ('@name') is not supported in this shell.",
                    Span::new(start, self.next_char_end(self.next_char_end(start))),
                )),
                _ => self.generic(start, Vec::new(), String::new()),
            },
            q if is_squote(q) => {
                let s = self.single_quoted()?;
                if self.adjacent_text() {
                    return self.generic(start, Vec::new(), s);
                }
                Ok(Expr {
                    kind: ExprKind::Str(s),
                    span: Span::new(start, self.pos),
                })
            }
            '<' => self.placeholder(),
            '>' => Err(self.redirection_error()),
            c if c.is_ascii_digit() || is_dash(c) || c == '.' || c == '+' => {
                if let Some((value, text)) = self.scan_number(false) {
                    return Ok(Expr {
                        kind: ExprKind::Number { value, text },
                        span: Span::new(start, self.pos),
                    });
                }
                self.pos = start;
                self.generic(start, Vec::new(), String::new())
            }
            _ => self.generic(start, Vec::new(), String::new()),
        }
    }

    /// Whether a word continues right at the cursor (no separator in between).
    fn adjacent_text(&self) -> bool {
        match self.peek() {
            None => false,
            Some(c) => !ends_generic(c),
        }
    }

    /// `<name>` placeholders appear in published command templates
    /// (`Get-ManagementRole –cmdlet <name_cmdlet>`); they are kept as words so that such a line
    /// parses and the runtime reports the unknown value. Any other `<` is redirection.
    fn placeholder(&mut self) -> LResult<Expr> {
        let start = self.pos;
        let rest = self.rest();
        let inner_end = rest
            .char_indices()
            .skip(1)
            .find(|&(_, c)| c == '>' || c == '<' || ends_generic(c));
        if let Some((i, '>')) = inner_end {
            let after = rest.get(i + 1..).and_then(|s| s.chars().next());
            if i > 1 && after.is_none_or(ends_generic) {
                let text = rest.get(..=i).unwrap_or("").to_string();
                self.pos += i + 1;
                return Ok(Expr {
                    kind: ExprKind::Bareword(text),
                    span: Span::new(start, self.pos),
                });
            }
        }
        Err(self.redirection_error())
    }

    /// Scans the rest of an argument-mode word from the cursor: unquoted text, embedded quoted
    /// parts (concatenated, as PowerShell does), backtick escapes and `$` expansions. `parts` and
    /// `text` hold what the caller already scanned from `start`.
    fn generic(
        &mut self,
        start: usize,
        mut parts: Vec<StrPart>,
        mut text: String,
    ) -> LResult<Expr> {
        let mut scanned_any = self.pos > start;
        while let Some(c) = self.peek() {
            if ends_generic(c) {
                break;
            }
            scanned_any = true;
            if c == '`' {
                if self.peek2().is_none_or(is_newline) {
                    // A line continuation ends the word; skip_blanks consumes it.
                    if self.peek2().is_none() {
                        self.bump();
                    }
                    break;
                }
                self.bump();
                if let Some(e) = self.bump() {
                    text.push(backtick_escape(e));
                }
                continue;
            }
            if is_squote(c) {
                text.push_str(&self.single_quoted()?);
                continue;
            }
            if is_dquote(c) {
                for part in self.double_quoted()? {
                    match part {
                        StrPart::Text(t) => text.push_str(&t),
                        other => {
                            if !text.is_empty() {
                                parts.push(StrPart::Text(std::mem::take(&mut text)));
                            }
                            parts.push(other);
                        }
                    }
                }
                continue;
            }
            if c == '$' && self.dollar_in_string(&mut parts, &mut text)? {
                continue;
            }
            self.bump();
            text.push(c);
        }
        if !scanned_any {
            // Defensive: callers only get here at a character that starts a word.
            if let Some(c) = self.bump() {
                text.push(c);
            }
        }
        let span = Span::new(start, self.pos);
        if parts.is_empty() {
            return Ok(Expr {
                kind: ExprKind::Bareword(text),
                span,
            });
        }
        if !text.is_empty() {
            parts.push(StrPart::Text(text));
        }
        Ok(Expr {
            kind: ExprKind::Expandable(parts),
            span,
        })
    }

    // ---- expression mode -----------------------------------------------------------------

    /// A full expression, commas included.
    fn expression(&mut self) -> LResult<Expr> {
        self.binary(0, true)
    }

    /// Fails with PowerShell's "value expression" message when no operand follows `op`.
    fn require_operand(&mut self, op: &str, op_end: usize) -> LResult<()> {
        let t = self.peek_expr(true)?;
        let missing = matches!(
            t.tok,
            Tok::Eof
                | Tok::Newline
                | Tok::Semi
                | Tok::Pipe
                | Tok::RParen
                | Tok::RBrace
                | Tok::RBracket
                | Tok::Assign(_)
        ) || matches!(t.tok, Tok::Bin(o, _) if o != BinOp::Sub && o != BinOp::Add);
        if !missing {
            return Ok(());
        }
        // At the end of the input the error is right after the operator, as PowerShell puts it.
        let span = if t.tok == Tok::Eof {
            Span::at(op_end)
        } else {
            t.span
        };
        if t.tok == Tok::Eof {
            Err(ParseError::incomplete(expected_value(op), span))
        } else {
            Err(ParseError::new(expected_value(op), span))
        }
    }

    fn binary(&mut self, min_prec: u8, allow_comma: bool) -> LResult<Expr> {
        let lhs = self.array_level(allow_comma)?;
        if self.binary_follows(min_prec)? {
            return self.binary_rest(lhs, min_prec, allow_comma);
        }
        Ok(lhs)
    }

    #[inline(never)]
    fn binary_follows(&mut self, min_prec: u8) -> LResult<bool> {
        Ok(match self.peek_expr(false)?.tok {
            Tok::Bin(op, _) => precedence(op) >= min_prec,
            Tok::UnsupportedOp(_) => true,
            _ => false,
        })
    }

    /// The operators and operands after the first operand of a binary expression.
    #[inline(never)]
    fn binary_rest(&mut self, mut lhs: Expr, min_prec: u8, allow_comma: bool) -> LResult<Expr> {
        let mut chain = 0usize;
        while let Some((op, case_sensitive, at)) = self.binary_operator(min_prec, chain)? {
            chain += 1;
            let rhs = self.nested(at, |p| p.binary(precedence(op) + 1, allow_comma))?;
            lhs = binary_expr(op, case_sensitive, lhs, rhs);
        }
        Ok(lhs)
    }

    /// Consumes a binary operator of at least `min_prec` and checks that an operand follows.
    #[inline(never)]
    fn binary_operator(
        &mut self,
        min_prec: u8,
        chain: usize,
    ) -> LResult<Option<(BinOp, bool, usize)>> {
        let t = self.peek_expr(false)?;
        let (op, case_sensitive) = match t.tok {
            Tok::Bin(op, cs) => (op, cs),
            Tok::UnsupportedOp(text) => {
                return Err(ParseError::new(
                    format!("The '{text}' operator is not supported in this shell."),
                    t.span,
                ));
            }
            _ => return Ok(None),
        };
        if precedence(op) < min_prec {
            return Ok(None);
        }
        // A left-leaning operator chain nests as deeply as it is long.
        if self.too_deep(chain + 1) {
            return Err(too_complex(t.span));
        }
        self.expr_token(false)?;
        let op_text = self.text(t.span).to_string();
        self.skip_blanks_and_newlines()?;
        self.require_operand(&op_text, t.span.end)?;
        Ok(Some((op, case_sensitive, t.span.start)))
    }

    fn array_level(&mut self, allow_comma: bool) -> LResult<Expr> {
        let first = self.unary()?;
        if allow_comma && self.comma_follows()? {
            return self.array_rest(first);
        }
        Ok(first)
    }

    #[inline(never)]
    fn array_rest(&mut self, first: Expr) -> LResult<Expr> {
        let mut items = vec![first];
        while self.comma_follows()? {
            self.array_comma()?;
            items.push(self.unary()?);
        }
        Ok(array_expr(items))
    }

    #[inline(never)]
    fn comma_follows(&mut self) -> LResult<bool> {
        Ok(self.peek_expr(false)?.tok == Tok::Comma)
    }

    /// Consumes a `,` of an array literal and checks that an element follows.
    #[inline(never)]
    fn array_comma(&mut self) -> LResult<()> {
        let comma = self.expr_token(false)?;
        self.skip_blanks_and_newlines()?;
        self.require_operand(",", comma.span.end)
            .map_err(|e| ParseError {
                message: "Missing expression after ','.".into(),
                ..e
            })
    }

    fn unary(&mut self) -> LResult<Expr> {
        match self.unary_operator()? {
            None => self.postfix_primary(),
            Some(op) => self.unary_rest(op),
        }
    }

    #[inline(never)]
    fn unary_rest(&mut self, (op, span): (Option<UnaryOp>, Span)) -> LResult<Expr> {
        let operand = self.nested(span.start, |p| p.unary())?;
        Ok(unary_expr(op, span, operand))
    }

    /// Consumes a prefix operator (`-not`, `!`, `-`, `+`, `,`) and checks that an operand
    /// follows. The inner `None` stands for the unary comma.
    #[inline(never)]
    fn unary_operator(&mut self) -> LResult<Option<(Option<UnaryOp>, Span)>> {
        let t = self.peek_expr(true)?;
        let op = match t.tok {
            Tok::Not => Some(UnaryOp::Not),
            Tok::Bin(BinOp::Sub, _) => Some(UnaryOp::Neg),
            Tok::Bin(BinOp::Add, _) => Some(UnaryOp::Plus),
            Tok::Comma => None,
            Tok::Other(ref s) if s == "++" || s == "--" => {
                return Err(ParseError::new(
                    format!("The '{s}' operator is not supported in this shell."),
                    t.span,
                ));
            }
            _ => return Ok(None),
        };
        if self.too_deep(1) {
            return Err(too_complex(t.span));
        }
        self.expr_token(true)?;
        let op_text = self.text(t.span).to_string();
        self.skip_blanks_and_newlines()?;
        self.require_operand(&op_text, t.span.end)
            .map_err(|e| ParseError {
                message: if op.is_some() {
                    format!("Missing expression after unary operator '{op_text}'.")
                } else {
                    "Missing expression after ','.".to_string()
                },
                ..e
            })?;
        Ok(Some((op, t.span)))
    }

    fn postfix_primary(&mut self) -> LResult<Expr> {
        let e = self.primary()?;
        self.postfix(e)
    }

    /// `.member`, `.method(…)` and `[index]` directly after a value (no space in between).
    fn postfix(&mut self, mut e: Expr) -> LResult<Expr> {
        let mut chain = 0usize;
        loop {
            let start = self.pos;
            match self.peek() {
                Some('.')
                    if self.peek2().is_some_and(|c| {
                        is_ident_start(c) || c.is_ascii_digit() || is_squote(c) || is_dquote(c)
                    }) =>
                {
                    self.bump();
                    let name = match self.peek() {
                        Some(q) if is_squote(q) => self.single_quoted()?,
                        Some(q) if is_dquote(q) => {
                            let parts = self.double_quoted()?;
                            parts
                                .into_iter()
                                .map(|p| match p {
                                    StrPart::Text(t) => Ok(t),
                                    _ => Err(ParseError::new(
                                        "Dynamic member names are not supported in this shell.",
                                        Span::new(start, self.pos),
                                    )),
                                })
                                .collect::<LResult<String>>()?
                        }
                        _ => {
                            let ns = self.pos;
                            while self.peek().is_some_and(is_ident_char) {
                                self.bump();
                            }
                            self.src.get(ns..self.pos).unwrap_or("").to_string()
                        }
                    };
                    if self.peek() == Some('(') {
                        let args = self.method_args()?;
                        e = Expr {
                            span: Span::new(e.span.start, self.pos),
                            kind: ExprKind::MethodCall {
                                target: Box::new(e),
                                name,
                                args,
                            },
                        };
                    } else {
                        e = Expr {
                            span: Span::new(e.span.start, self.pos),
                            kind: ExprKind::Member {
                                target: Box::new(e),
                                name,
                            },
                        };
                    }
                }
                Some('[') => {
                    self.bump();
                    self.skip_blanks_and_newlines()?;
                    if matches!(self.peek(), Some(']') | None) {
                        return Err(ParseError::new(
                            "Array index expression is missing or not valid.",
                            Span::new(start, self.next_char_end(self.pos)),
                        ));
                    }
                    let index = self.nested(start, |p| p.expression())?;
                    self.skip_blanks_and_newlines()?;
                    if self.peek() != Some(']') {
                        return Err(if self.at_eof() {
                            ParseError::incomplete(
                                "Missing ']' after array index expression.",
                                Span::at(self.pos),
                            )
                        } else {
                            ParseError::new(
                                "Missing ']' after array index expression.",
                                Span::new(self.pos, self.next_char_end(self.pos)),
                            )
                        });
                    }
                    self.bump();
                    e = Expr {
                        span: Span::new(e.span.start, self.pos),
                        kind: ExprKind::Index {
                            target: Box::new(e),
                            index: Box::new(index),
                        },
                    };
                }
                Some(':') if self.peek2() == Some(':') => {
                    return Err(ParseError::new(
                        "Static member access ('::') is not supported in this shell.",
                        Span::new(start, start + 2),
                    ));
                }
                _ => return Ok(e),
            }
            chain += 1;
            if self.too_deep(chain) {
                return Err(ParseError::new(
                    "Processing was stopped because the script is too complex.",
                    Span::new(start, self.pos),
                ));
            }
        }
    }

    /// At `(` after a method name.
    fn method_args(&mut self) -> LResult<Vec<Expr>> {
        let open = self.pos;
        self.bump();
        self.nested(open, |p| {
            let mut args = Vec::new();
            p.skip_blanks_and_newlines()?;
            if p.peek() == Some(')') {
                p.bump();
                return Ok(args);
            }
            if p.at_eof() {
                return Err(ParseError::incomplete(
                    "Missing ')' in method call.",
                    Span::at(p.pos),
                ));
            }
            loop {
                p.skip_blanks_and_newlines()?;
                args.push(p.binary(0, false)?);
                p.skip_blanks_and_newlines()?;
                match p.peek() {
                    Some(',') => {
                        p.bump();
                        p.skip_blanks_and_newlines()?;
                        if p.at_eof() {
                            return Err(ParseError::incomplete(
                                "Missing ')' in method call.",
                                Span::at(p.pos),
                            ));
                        }
                    }
                    Some(')') => {
                        p.bump();
                        return Ok(args);
                    }
                    None => {
                        return Err(ParseError::incomplete(
                            "Missing ')' in method call.",
                            Span::at(p.pos),
                        ));
                    }
                    Some(_) => {
                        return Err(ParseError::new(
                            "Missing ')' in method call.",
                            Span::new(p.pos, p.next_char_end(p.pos)),
                        ));
                    }
                }
            }
        })
    }

    fn primary(&mut self) -> LResult<Expr> {
        self.skip_blanks()?;
        let start = self.pos;
        let next = self.peek2();
        match self.peek() {
            Some('(') => self.paren(),
            Some('{') => self.script_block(),
            Some('@') if next == Some('(') => self.array_sub(),
            Some('@') if next == Some('{') => self.hashtable(),
            Some('$') if next == Some('(') => self.sub_expression(),
            Some(q) if is_dquote(q) => {
                let parts = self.double_quoted()?;
                Ok(Expr {
                    kind: ExprKind::Expandable(parts),
                    span: Span::new(start, self.pos),
                })
            }
            _ => self.simple_primary(),
        }
    }

    /// At `$(`.
    fn sub_expression(&mut self) -> LResult<Expr> {
        let start = self.pos;
        self.bump();
        self.bump();
        let body = parse_sub_script(self, start)?;
        Ok(Expr {
            kind: ExprKind::SubExpr(body),
            span: Span::new(start, self.pos),
        })
    }

    /// A single-token operand: variable, number, single-quoted or here-string.
    #[inline(never)]
    fn simple_primary(&mut self) -> LResult<Expr> {
        let t = self.expr_token(true)?;
        let kind = match t.tok {
            Tok::Var(name) => variable_kind(name),
            Tok::Dollar => ExprKind::Bareword("$".into()),
            Tok::Number(value, text) => ExprKind::Number { value, text },
            tok @ (Tok::Str(_) | Tok::Expandable(_)) => return Ok(string_expr(tok, t.span)),
            Tok::LBracket => {
                return Err(ParseError::new(
                    "Type literals and casts such as '[int]' are not supported in this shell.",
                    t.span,
                ));
            }
            Tok::Eof => {
                return Err(ParseError::incomplete(
                    "Missing expression.",
                    Span::at(t.span.start),
                ));
            }
            _ => return Err(self.unexpected_at(t.span.start)),
        };
        Ok(Expr { kind, span: t.span })
    }

    fn paren(&mut self) -> LResult<Expr> {
        let start = self.pos;
        self.bump();
        self.nested(start, |p| {
            p.paren_open()?;
            let pipeline = p.pipeline()?;
            p.expect_close_paren("Missing closing ')' in expression.")?;
            Ok(Expr {
                kind: ExprKind::Paren(Box::new(pipeline)),
                span: Span::new(start, p.pos),
            })
        })
    }

    /// After `(`: rejects `()` and a `(` at the end of the input.
    #[inline(never)]
    fn paren_open(&mut self) -> LResult<()> {
        self.skip_blanks_and_newlines()?;
        if self.peek() == Some(')') {
            return Err(ParseError::new(
                "An expression was expected after '('.",
                Span::new(self.pos, self.pos + 1),
            ));
        }
        if self.at_eof() {
            return Err(ParseError::incomplete(
                "Missing closing ')' in expression.",
                Span::at(self.pos),
            ));
        }
        Ok(())
    }

    /// At `@(`.
    fn array_sub(&mut self) -> LResult<Expr> {
        let start = self.pos;
        self.bump();
        self.bump();
        let body = parse_sub_script(self, start)?;
        Ok(Expr {
            kind: ExprKind::ArraySub(body),
            span: Span::new(start, self.pos),
        })
    }

    /// At `{`: a script block; its text is kept verbatim for OPATH filters.
    fn script_block(&mut self) -> LResult<Expr> {
        let start = self.pos;
        let (body, inner) = self.block()?;
        Ok(Expr {
            kind: ExprKind::ScriptBlock {
                text: self.text(inner).to_string(),
                body,
            },
            span: Span::new(start, self.pos),
        })
    }

    /// At `@{`: `key = value` entries separated by `;` or line breaks.
    fn hashtable(&mut self) -> LResult<Expr> {
        let start = self.pos;
        self.bump();
        self.bump();
        self.nested(start, |p| {
            let mut entries = Vec::new();
            loop {
                p.skip_blanks_and_newlines()?;
                match p.peek() {
                    Some(';') => {
                        p.bump();
                        continue;
                    }
                    Some('}') => {
                        p.bump();
                        break;
                    }
                    None => {
                        return Err(ParseError::incomplete(
                            "Missing closing '}' in statement block or type definition.",
                            Span::at(p.pos),
                        ));
                    }
                    Some(_) => {}
                }
                let key = p.hash_key()?;
                p.skip_blanks()?;
                if p.peek() != Some('=') {
                    return Err(p.missing("Missing '=' operator after key in hash literal."));
                }
                p.bump();
                p.skip_blanks_and_newlines()?;
                if matches!(p.peek(), None | Some(';' | '}')) {
                    return Err(p.missing("Missing statement after '=' in hash literal."));
                }
                let value = p.pipeline()?;
                let value = match value.elements.as_slice() {
                    [Element::Expr(_)] => match value.elements.into_iter().next() {
                        Some(Element::Expr(e)) => e,
                        _ => unreachable_expr(value.span),
                    },
                    _ => Expr {
                        span: value.span,
                        kind: ExprKind::Paren(Box::new(value)),
                    },
                };
                entries.push((key, value));
                p.skip_blanks()?;
                match p.peek() {
                    None | Some(';' | '}') => {}
                    Some(c) if is_newline(c) => {}
                    Some(_) => return Err(p.unexpected_at(p.pos)),
                }
            }
            Ok(Expr {
                kind: ExprKind::Hashtable(entries),
                span: Span::new(start, p.pos),
            })
        })
    }

    fn hash_key(&mut self) -> LResult<String> {
        match self.peek() {
            Some(q) if is_squote(q) => self.single_quoted(),
            Some(q) if is_dquote(q) => {
                let start = self.pos;
                let parts = self.double_quoted()?;
                parts
                    .into_iter()
                    .map(|p| match p {
                        StrPart::Text(t) => Ok(t),
                        _ => Err(ParseError::new(
                            "Hash table keys must be constant strings in this shell.",
                            Span::new(start, self.pos),
                        )),
                    })
                    .collect()
            }
            _ => {
                let start = self.pos;
                while let Some(c) = self.peek() {
                    if c == '=' || is_blank(c) || ends_generic(c) || is_squote(c) || is_dquote(c) {
                        break;
                    }
                    self.bump();
                }
                if self.pos == start {
                    return Err(ParseError::new(
                        "Missing key before '=' in hash literal.",
                        Span::new(start, self.next_char_end(start)),
                    ));
                }
                Ok(self.src.get(start..self.pos).unwrap_or("").to_string())
            }
        }
    }
}

#[inline(never)]
/// A variable, or a chain of properties on one: `$x`, `$x.A.B`. Indexes and
/// method calls can't be assigned to.
fn assign_target(e: &Expr) -> Option<(String, Vec<String>)> {
    let mut members = Vec::new();
    let mut cur = e;
    loop {
        match &cur.kind {
            ExprKind::Var(name) => {
                members.reverse();
                return Some((name.clone(), members));
            }
            ExprKind::Null if members.is_empty() => return Some(("null".to_string(), members)),
            ExprKind::Member { target, name } => {
                members.push(name.clone());
                cur = target;
            }
            _ => return None,
        }
    }
}

fn not_first(span: Span) -> ParseError {
    ParseError::new(
        "Expressions are only allowed as the first element of a pipeline.",
        span,
    )
}

#[inline(never)]
fn too_complex(span: Span) -> ParseError {
    ParseError::new(
        "Processing was stopped because the script is too complex.",
        span,
    )
}

#[inline(never)]
fn binary_expr(op: BinOp, case_sensitive: bool, lhs: Expr, rhs: Expr) -> Expr {
    let span = lhs.span.to(rhs.span);
    Expr {
        kind: ExprKind::Binary {
            op,
            case_sensitive,
            lhs: Box::new(lhs),
            rhs: Box::new(rhs),
        },
        span,
    }
}

#[inline(never)]
fn unary_expr(op: Option<UnaryOp>, op_span: Span, operand: Expr) -> Expr {
    let span = op_span.to(operand.span);
    let kind = match op {
        Some(op) => ExprKind::Unary {
            op,
            operand: Box::new(operand),
        },
        None => ExprKind::Array(vec![operand]),
    };
    Expr { kind, span }
}

#[inline(never)]
fn array_expr(items: Vec<Expr>) -> Expr {
    let start = items.first().map_or(0, |e| e.span.start);
    let end = items.last().map_or(start, |e| e.span.end);
    Expr {
        kind: ExprKind::Array(items),
        span: Span::new(start, end),
    }
}

/// Only reachable if a one-element slice had no first element, which cannot happen; kept total
/// so that the parser has no panicking path.
fn unreachable_expr(span: Span) -> Expr {
    Expr {
        kind: ExprKind::Null,
        span,
    }
}

fn precedence(op: BinOp) -> u8 {
    match op {
        BinOp::And | BinOp::Or | BinOp::Xor => 1,
        BinOp::Add | BinOp::Sub => 3,
        BinOp::Mul | BinOp::Div | BinOp::Mod => 4,
        BinOp::Range => 5,
        _ => 2,
    }
}

fn variable_kind(name: String) -> ExprKind {
    if name.eq_ignore_ascii_case("null") {
        ExprKind::Null
    } else if name.eq_ignore_ascii_case("true") {
        ExprKind::Bool(true)
    } else if name.eq_ignore_ascii_case("false") {
        ExprKind::Bool(false)
    } else {
        ExprKind::Var(name)
    }
}

fn string_expr(tok: Tok, span: Span) -> Expr {
    let kind = match tok {
        Tok::Str(s) => ExprKind::Str(s),
        Tok::Expandable(parts) => ExprKind::Expandable(parts),
        _ => ExprKind::Null,
    };
    Expr { kind, span }
}

/// Splits trailing literal text off `parts` so a word can keep appending to it.
fn split_trailing_text(mut parts: Vec<StrPart>) -> (Vec<StrPart>, String) {
    match parts.pop() {
        Some(StrPart::Text(t)) => (parts, t),
        Some(other) => {
            parts.push(other);
            (parts, String::new())
        }
        None => (parts, String::new()),
    }
}

#[cfg(test)]
mod tests {
    use crate::ast::{Arg, Element, Expr, ExprKind, StatementKind, StrPart};
    use crate::parse;

    /// A compact rendering of an expression tree, to state precedence in one line.
    fn sexp(e: &Expr) -> String {
        match &e.kind {
            ExprKind::Str(s) => format!("'{s}'"),
            ExprKind::Bareword(s) => s.clone(),
            ExprKind::Expandable(parts) => {
                let inner: String = parts
                    .iter()
                    .map(|p| match p {
                        StrPart::Text(t) => t.clone(),
                        StrPart::Var(v) => format!("${v}"),
                        StrPart::Sub(_) => "$(…)".into(),
                    })
                    .collect();
                format!("\"{inner}\"")
            }
            ExprKind::Number { text, .. } => text.clone(),
            ExprKind::Var(v) => format!("${v}"),
            ExprKind::Null => "$null".into(),
            ExprKind::Bool(b) => format!("${b}"),
            ExprKind::Array(items) => {
                format!("[{}]", items.iter().map(sexp).collect::<Vec<_>>().join(" "))
            }
            ExprKind::ArraySub(_) => "@(…)".into(),
            ExprKind::Hashtable(_) => "@{…}".into(),
            ExprKind::ScriptBlock { text, .. } => format!("{{{text}}}"),
            ExprKind::Member { target, name } => format!("{}.{name}", sexp(target)),
            ExprKind::Index { target, index } => format!("{}[{}]", sexp(target), sexp(index)),
            ExprKind::MethodCall { target, name, args } => format!(
                "{}.{name}({})",
                sexp(target),
                args.iter().map(sexp).collect::<Vec<_>>().join(" ")
            ),
            ExprKind::Binary {
                op,
                case_sensitive,
                lhs,
                rhs,
            } => format!(
                "({}{} {} {})",
                op.as_str(),
                if *case_sensitive { "/c" } else { "" },
                sexp(lhs),
                sexp(rhs)
            ),
            ExprKind::Unary { op, operand } => format!("({op:?} {})", sexp(operand)),
            ExprKind::Paren(p) => match p.elements.as_slice() {
                [Element::Expr(e)] => format!("({})", sexp(e)),
                _ => "(pipeline)".into(),
            },
            ExprKind::SubExpr(_) => "$(…)".into(),
        }
    }

    fn expr(src: &str) -> String {
        let script = parse(src).unwrap();
        let StatementKind::Pipeline(p) = &script.statements[0].kind else {
            panic!("{src}")
        };
        let Element::Expr(e) = &p.elements[0] else {
            panic!("{src}")
        };
        sexp(e)
    }

    #[test]
    fn precedence_follows_powershell() {
        // comparison binds tighter than -and/-or, which are left-associative and equal
        assert_eq!(
            expr("$a -eq 1 -or $b -eq 2 -and $c"),
            "(-and (-or (-eq $a 1) (-eq $b 2)) $c)"
        );
        // -not binds tightest
        assert_eq!(expr("-not $a -eq $b"), "(-eq (Not $a) $b)");
        assert_eq!(expr("!$a.Enabled"), "(Not $a.Enabled)");
        // arithmetic above comparison, * above +
        assert_eq!(expr("1 + 2 * 3 -gt 4"), "(-gt (+ 1 (* 2 3)) 4)");
        assert_eq!(expr("10 - 2 - 3"), "(- (- 10 2) 3)");
        // the comma binds tighter than comparison and arithmetic
        assert_eq!(expr("1, 2 -contains 2"), "(-contains [1 2] 2)");
        assert_eq!(expr("$x -in 'a', 'b'"), "(-in $x ['a' 'b'])");
        assert_eq!(expr("1..3"), "(.. 1 3)");
        // case-sensitive variants and Unicode dashes
        assert_eq!(expr("$a –CEQ 'X'"), "(-eq/c $a 'X')");
        assert_eq!(expr("$a -ilike 'x*'"), "(-like $a 'x*')");
        // negative numbers keep their text; binary minus stays binary
        assert_eq!(expr("-5"), "-5");
        assert_eq!(expr("3 -5"), "(- 3 5)");
        assert_eq!(expr("- $x"), "(Neg $x)");
        // unary comma
        assert_eq!(expr(",1"), "[1]");
        // newlines are allowed after an operator
        assert_eq!(expr("$a -and\n  $b"), "(-and $a $b)");
    }

    #[test]
    fn postfix_forms() {
        assert_eq!(expr("$_.Name.ToUpper()"), "$_.Name.ToUpper()");
        assert_eq!(expr("$x.Roles.Count"), "$x.Roles.Count");
        assert_eq!(expr("$a[0]"), "$a[0]");
        assert_eq!(expr("$a[0].Name"), "$a[0].Name");
        assert_eq!(expr("(Get-Mailbox).Count"), "(pipeline).Count");
        assert_eq!(expr("$s.Substring(1, 2)"), "$s.Substring(1 2)");
        assert_eq!(expr("$x.'odd name'"), "$x.odd name");
        // a space ends the postfix chain
        assert!(parse("$x .Name").is_err());
    }

    #[test]
    fn variables_and_constants() {
        assert_eq!(expr("$NULL"), "$null");
        assert_eq!(expr("$True"), "$true");
        assert_eq!(expr("${my var}"), "$my var");
        assert_eq!(expr("$env:TEMP"), "$env:TEMP");
        assert_eq!(expr("$ -ne 'x'"), "(-ne $ 'x')");
    }

    #[test]
    fn script_block_arguments_take_member_access() {
        // `Where {…}.IsDefault -eq $True` (Microsoft's manage-role-assignment-
        // policies page): the block's member, then a switch and a value.
        let script = parse("Where {$_.IsDefault}.IsDefault -eq $True").unwrap();
        let StatementKind::Pipeline(p) = &script.statements[0].kind else {
            panic!()
        };
        let Element::Command(c) = &p.elements[0] else {
            panic!()
        };
        assert_eq!(c.args.len(), 3);
        let Arg::Value(e) = &c.args[0] else { panic!() };
        assert!(sexp(e).ends_with(".IsDefault"), "{}", sexp(e));
        // A space still ends the block.
        let script = parse("Where {$_.IsDefault} .IsDefault").unwrap();
        let StatementKind::Pipeline(p) = &script.statements[0].kind else {
            panic!()
        };
        let Element::Command(c) = &p.elements[0] else {
            panic!()
        };
        assert_eq!(c.args.len(), 2);
    }

    #[test]
    fn argument_mode_words() {
        let script = parse(
            "Get-X contoso.com/Staff SO-141 *scope* Role\\Get-* alice@contoso.com a=b 'x'y `$z -5 1-2 ab#c",
        )
        .unwrap();
        let StatementKind::Pipeline(p) = &script.statements[0].kind else {
            panic!()
        };
        let Element::Command(c) = &p.elements[0] else {
            panic!()
        };
        let words: Vec<String> = c
            .args
            .iter()
            .map(|a| match a {
                Arg::Value(e) => sexp(e),
                Arg::Param { name, .. } => format!("-{name}"),
            })
            .collect();
        assert_eq!(
            words,
            vec![
                "contoso.com/Staff",
                "SO-141",
                "*scope*",
                "Role\\Get-*",
                "alice@contoso.com",
                "a=b",
                "xy",
                "$z",
                "-5",
                "1-2",
                "ab#c"
            ]
        );
    }

    #[test]
    fn keywords_are_case_insensitive_and_only_at_statement_start() {
        let script = parse("IF ($x) {a} ELSE {b}; Get-X | foreach {$_}; Get-X if").unwrap();
        assert!(matches!(
            script.statements[0].kind,
            StatementKind::If { .. }
        ));
        let StatementKind::Pipeline(p) = &script.statements[1].kind else {
            panic!()
        };
        assert!(matches!(&p.elements[1], Element::Command(c) if c.name == "foreach"));
        let StatementKind::Pipeline(p) = &script.statements[2].kind else {
            panic!()
        };
        assert!(matches!(&p.elements[0], Element::Command(c) if c.args.len() == 1));
        // `if-x` is a command name, not the keyword
        let script = parse("if-x 1").unwrap();
        assert!(matches!(
            script.statements[0].kind,
            StatementKind::Pipeline(_)
        ));
    }
}
