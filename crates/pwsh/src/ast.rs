//! The syntax tree produced by [`crate::parse`].
//!
//! Every node carries a [`Span`] of byte offsets into the parsed source, so that the runtime can
//! point at the exact text of a failing statement, command or argument.

/// A range of bytes in the source text, `start..end`, always on `char` boundaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Span {
    /// Offset of the first byte.
    pub start: usize,
    /// Offset one past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`.
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// An empty span at `at`.
    pub const fn at(at: usize) -> Self {
        Span { start: at, end: at }
    }

    /// The smallest span covering both `self` and `other`.
    pub fn to(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    /// Number of bytes covered.
    pub const fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    /// Whether the span covers no bytes.
    pub const fn is_empty(&self) -> bool {
        self.end <= self.start
    }

    /// The covered text, or `""` if the span does not fit `src`.
    pub fn text<'a>(&self, src: &'a str) -> &'a str {
        src.get(self.start..self.end).unwrap_or("")
    }
}

/// A list of statements: a whole script, or the body of a block.
#[derive(Debug, Clone, PartialEq)]
pub struct Script {
    /// The statements, in source order (empty statements are dropped).
    pub statements: Vec<Statement>,
    /// The source of the whole list (for a block: the text between the braces).
    pub span: Span,
}

/// One statement.
#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    /// What kind of statement this is.
    pub kind: StatementKind,
    /// The statement's source text, without its terminator.
    pub span: Span,
}

/// The statement forms the shell understands.
#[derive(Debug, Clone, PartialEq)]
pub enum StatementKind {
    /// A pipeline of commands, or an expression, possibly piped into commands.
    Pipeline(Pipeline),
    /// `$var = pipeline`, `$var += pipeline`, `$var -= pipeline`, and the same on a
    /// property: `$var.Prop.Sub = pipeline` (Exchange's documented idiom
    /// `$RoleGroup.ManagedBy += (Get-User X).Identity`).
    Assign {
        /// The variable name, without `$` (case preserved).
        var: String,
        /// The property path below the variable, outermost first; empty for a plain variable.
        members: Vec<String>,
        /// The assignment operator.
        op: AssignOp,
        /// The right-hand side.
        value: Pipeline,
    },
    /// `if (c) { … } elseif (c) { … } else { … }`.
    If {
        /// The `if` clause followed by any `elseif` clauses, in order.
        clauses: Vec<(Pipeline, Script)>,
        /// The `else` body, if any.
        else_body: Option<Script>,
    },
    /// `foreach ($var in collection) { … }`.
    Foreach {
        /// The loop variable, without `$`.
        var: String,
        /// The collection that is iterated.
        collection: Pipeline,
        /// The loop body.
        body: Script,
    },
}

/// Assignment operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AssignOp {
    /// `=`
    Assign,
    /// `+=`
    Add,
    /// `-=`
    Sub,
}

/// `element | element | …`.
#[derive(Debug, Clone, PartialEq)]
pub struct Pipeline {
    /// The elements; only the first may be an [`Element::Expr`].
    pub elements: Vec<Element>,
    /// Source of the whole pipeline.
    pub span: Span,
}

/// One element of a pipeline.
#[derive(Debug, Clone, PartialEq)]
pub enum Element {
    /// A command invocation (argument mode).
    Command(Command),
    /// An expression (expression mode); only ever the first element.
    Expr(Expr),
}

impl Element {
    /// The element's source span.
    pub fn span(&self) -> Span {
        match self {
            Element::Command(c) => c.span,
            Element::Expr(e) => e.span,
        }
    }
}

/// A command invocation: a name followed by arguments.
#[derive(Debug, Clone, PartialEq)]
pub struct Command {
    /// The command name as written (e.g. `Get-Mailbox`, `where`, `?`, `%`).
    pub name: String,
    /// Where the name is.
    pub name_span: Span,
    /// The arguments, in source order.
    pub args: Vec<Arg>,
    /// Source of the whole command.
    pub span: Span,
}

/// One command argument.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    /// A parameter token: `-Name` (value `None`) or `-Name:value` (value `Some`).
    ///
    /// The value of `-Name value` is a separate [`Arg::Value`]: only the binder knows whether
    /// `-Name` is a switch.
    Param {
        /// The parameter name without the dash (whatever dash character was used).
        name: String,
        /// The value attached with `:`.
        value: Option<Expr>,
        /// Source of the parameter token, including any attached value.
        span: Span,
    },
    /// A positional argument, or the value following a `-Name` token.
    Value(Expr),
}

impl Arg {
    /// The argument's source span.
    pub fn span(&self) -> Span {
        match self {
            Arg::Param { span, .. } => *span,
            Arg::Value(e) => e.span,
        }
    }
}

/// An expression with its source span.
#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    /// What the expression is.
    pub kind: ExprKind,
    /// Its source text.
    pub span: Span,
}

/// The expression forms.
#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    /// A single-quoted string (quotes removed, `''` unescaped).
    Str(String),
    /// An unquoted argument-mode token (`contoso.com/Staff`, `SO-141`, `*scope*`), with backtick
    /// escapes resolved and any embedded quoted parts concatenated. Also a lone `$`.
    Bareword(String),
    /// A double-quoted string (or an argument-mode token with `$` expansions), as parts.
    Expandable(Vec<StrPart>),
    /// A number literal; `text` is the source text (so `001234567890` can still bind as a
    /// string), `value` its numeric value with any `kb`/`mb`/`gb`/`tb`/`pb` multiplier applied.
    Number {
        /// The numeric value.
        value: f64,
        /// The literal as written.
        text: String,
    },
    /// A variable reference (`$x`, `$_`, `${odd name}`, `$env:PATH`); the name without `$`.
    Var(String),
    /// `$null`.
    Null,
    /// `$true` / `$false`.
    Bool(bool),
    /// `a, b, c`: an array literal (also an argument-mode list).
    Array(Vec<Expr>),
    /// `@( … )`.
    ArraySub(Script),
    /// `@{ key = value; … }`; keys in source order, as written.
    Hashtable(Vec<(String, Expr)>),
    /// `{ … }`; `text` is the raw source between the braces (OPATH filters use it verbatim).
    ScriptBlock {
        /// The raw text between the braces.
        text: String,
        /// The parsed body.
        body: Script,
    },
    /// `target.name`.
    Member {
        /// The object.
        target: Box<Expr>,
        /// The member name.
        name: String,
    },
    /// `target[index]`.
    Index {
        /// The collection.
        target: Box<Expr>,
        /// The index expression.
        index: Box<Expr>,
    },
    /// `target.name(args)`.
    MethodCall {
        /// The object.
        target: Box<Expr>,
        /// The method name.
        name: String,
        /// The arguments.
        args: Vec<Expr>,
    },
    /// A binary operation. `case_sensitive` is set for the `-c…` forms (`-ceq`, `-clike`, …).
    Binary {
        /// The operator.
        op: BinOp,
        /// Whether a `-c…` operator was used.
        case_sensitive: bool,
        /// Left operand.
        lhs: Box<Expr>,
        /// Right operand.
        rhs: Box<Expr>,
    },
    /// A unary operation.
    Unary {
        /// The operator.
        op: UnaryOp,
        /// The operand.
        operand: Box<Expr>,
    },
    /// `( pipeline )`.
    Paren(Box<Pipeline>),
    /// `$( … )`.
    SubExpr(Script),
}

/// A piece of an expandable string.
#[derive(Debug, Clone, PartialEq)]
pub enum StrPart {
    /// Literal text (escapes already resolved).
    Text(String),
    /// `$name` inside the string.
    Var(String),
    /// `$( … )` inside the string.
    Sub(Script),
}

/// Binary operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BinOp {
    /// `-eq`
    Eq,
    /// `-ne`
    Ne,
    /// `-gt`
    Gt,
    /// `-ge`
    Ge,
    /// `-lt`
    Lt,
    /// `-le`
    Le,
    /// `-like`
    Like,
    /// `-notlike`
    NotLike,
    /// `-match`
    Match,
    /// `-notmatch`
    NotMatch,
    /// `-contains`
    Contains,
    /// `-notcontains`
    NotContains,
    /// `-in`
    In,
    /// `-notin`
    NotIn,
    /// `-and`
    And,
    /// `-or`
    Or,
    /// `-xor`
    Xor,
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
    /// `%`
    Mod,
    /// `..`
    Range,
}

impl BinOp {
    /// How the operator is written (`-eq`, `+`, `..`).
    pub fn as_str(self) -> &'static str {
        match self {
            BinOp::Eq => "-eq",
            BinOp::Ne => "-ne",
            BinOp::Gt => "-gt",
            BinOp::Ge => "-ge",
            BinOp::Lt => "-lt",
            BinOp::Le => "-le",
            BinOp::Like => "-like",
            BinOp::NotLike => "-notlike",
            BinOp::Match => "-match",
            BinOp::NotMatch => "-notmatch",
            BinOp::Contains => "-contains",
            BinOp::NotContains => "-notcontains",
            BinOp::In => "-in",
            BinOp::NotIn => "-notin",
            BinOp::And => "-and",
            BinOp::Or => "-or",
            BinOp::Xor => "-xor",
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
            BinOp::Mod => "%",
            BinOp::Range => "..",
        }
    }

    /// Whether this is one of the comparison operators (the ones with `-c`/`-i` variants).
    pub fn is_comparison(self) -> bool {
        !matches!(
            self,
            BinOp::And
                | BinOp::Or
                | BinOp::Xor
                | BinOp::Add
                | BinOp::Sub
                | BinOp::Mul
                | BinOp::Div
                | BinOp::Mod
                | BinOp::Range
        )
    }
}

/// Unary operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UnaryOp {
    /// `-not` or `!`
    Not,
    /// `-x`
    Neg,
    /// `+x`
    Plus,
}
