//! A shell session: one principal on one organization, its variables, and
//! the interpreter that runs statements and pipelines.

use crate::error::ShellError;
use crate::value::{Block, Value};
use exrbac_core::{Organization, RecipientId};
use exrbac_pwsh::{
    Arg, BinOp, Element, Expr, ExprKind, Pipeline, Script, Statement, StatementKind, StrPart,
    UnaryOp,
};
use std::collections::HashMap;
use std::sync::Arc;

/// How confirmation prompts are answered.
pub type Confirmer = Box<dyn FnMut(&str) -> bool + Send>;

/// What one top-level statement produced.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    /// Objects written to the output.
    pub output: Vec<Value>,
    /// Errors, terminating or not.
    pub errors: Vec<ShellError>,
    /// Warnings.
    pub warnings: Vec<String>,
    /// Messages written to the host, not the output (`What if: …`).
    pub host: Vec<String>,
}

/// Set-ADServerSettings: settings of an Exchange session (not of the
/// organization), so a host that runs a script statement by statement
/// carries them along like variables.
#[derive(Debug, Clone, Default)]
pub struct AdServerSettings {
    /// -ViewEntireForest: with one domain it widens nothing, but
    /// Get-ADServerSettings shows it.
    pub view_entire_forest: bool,
    /// -RecipientViewRoot: the OU below which the recipient Get cmdlets
    /// look, unless -IgnoreDefaultScope; `None` is the whole domain.
    pub recipient_view_root: Option<exrbac_core::OuId>,
}

/// What a host carries from one command line to the next when it runs
/// each in its own session (to save each line's changes before the next
/// runs): the variables and the Set-ADServerSettings view.
#[derive(Debug, Clone, Default)]
pub struct SessionState {
    vars: HashMap<String, Value>,
    ad_settings: AdServerSettings,
}

/// A session: who runs commands, on what, with which variables.
pub struct Session<'o> {
    /// The organization commands act on.
    pub org: &'o mut Organization,
    /// The principal whose RBAC applies.
    pub user: RecipientId,
    vars: HashMap<String, Value>,
    /// Answers confirmation prompts; `None` accepts them (script runs).
    pub confirmer: Option<Confirmer>,
    pub(crate) errors: Vec<ShellError>,
    pub(crate) warnings: Vec<String>,
    pub(crate) host: Vec<String>,
    /// The principal's delegating assignments, read once per command line.
    pub(crate) delegable: Option<Vec<exrbac_core::Delegation>>,
    /// Audit records of the changing cmdlets run so far; the host persists
    /// and drains them.
    pub audit: Vec<exrbac_core::AuditRecord>,
    /// Where Search-AdminAuditLog reads.
    pub audit_source: Option<&'o dyn crate::audit::AuditSource>,
    /// Set-ADServerSettings: the session's view of the directory.
    pub ad_settings: AdServerSettings,
    depth: usize,
}

const MAX_DEPTH: usize = 100;

impl<'o> Session<'o> {
    /// A new session.
    pub fn new(org: &'o mut Organization, user: RecipientId) -> Session<'o> {
        Session {
            org,
            user,
            vars: HashMap::new(),
            confirmer: None,
            errors: Vec::new(),
            warnings: Vec::new(),
            host: Vec::new(),
            delegable: None,
            audit: Vec::new(),
            audit_source: None,
            ad_settings: AdServerSettings::default(),
            depth: 0,
        }
    }

    /// Parses and runs a script; one outcome per top-level statement, or the parse error.
    pub fn run_text(&mut self, src: &str) -> Result<Vec<Outcome>, exrbac_pwsh::ParseError> {
        let script = exrbac_pwsh::parse(src)?;
        Ok(script
            .statements
            .iter()
            .map(|s| self.run_statement(s))
            .collect())
    }

    /// Runs one top-level statement.
    pub fn run_statement(&mut self, s: &Statement) -> Outcome {
        self.errors.clear();
        self.warnings.clear();
        self.host.clear();
        self.delegable = None;
        let result = self.exec_statement(s);
        let mut out = Outcome {
            output: Vec::new(),
            errors: std::mem::take(&mut self.errors),
            warnings: std::mem::take(&mut self.warnings),
            host: std::mem::take(&mut self.host),
        };
        match result {
            Ok(v) => out.output = v,
            Err(e) => out.errors.push(e),
        }
        out
    }

    /// A variable's value.
    pub fn var(&self, name: &str) -> Value {
        match name.to_lowercase().as_str() {
            "null" => Value::Null,
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            k => self.vars.get(k).cloned().unwrap_or(Value::Null),
        }
    }

    /// Sets a variable.
    pub fn set_var(&mut self, name: &str, v: Value) {
        self.vars.insert(name.to_lowercase(), v);
    }

    /// Takes the variables and settings out, for the next command line's
    /// session ([`Session::restore`]).
    pub fn take_state(&mut self) -> SessionState {
        SessionState {
            vars: std::mem::take(&mut self.vars),
            ad_settings: std::mem::take(&mut self.ad_settings),
        }
    }

    /// Puts back what an earlier session of the same principal left
    /// ([`Session::take_state`]).
    pub fn restore(&mut self, state: SessionState) {
        self.vars = state.vars;
        self.ad_settings = state.ad_settings;
    }

    /// Every variable, to carry them into a later session of the same principal.
    pub fn vars_snapshot(&self) -> Vec<(String, Value)> {
        self.vars
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    }

    pub(crate) fn exec_script(&mut self, s: &Script) -> Result<Vec<Value>, ShellError> {
        let mut out = Vec::new();
        for st in &s.statements {
            out.extend(self.exec_statement(st)?);
        }
        Ok(out)
    }

    fn exec_statement(&mut self, s: &Statement) -> Result<Vec<Value>, ShellError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            self.depth -= 1;
            return Err(ShellError::fatal("The script nests too deeply."));
        }
        let r = self.exec_statement_inner(s);
        self.depth -= 1;
        r
    }

    fn exec_statement_inner(&mut self, s: &Statement) -> Result<Vec<Value>, ShellError> {
        match &s.kind {
            StatementKind::Pipeline(p) => self.exec_pipeline(p),
            StatementKind::Assign {
                var,
                members,
                op,
                value,
            } => {
                let v = collapse(self.exec_pipeline(value)?);
                let new = assign_into(self.var(var), members, *op, v)?;
                self.set_var(var, new);
                Ok(Vec::new())
            }
            StatementKind::If { clauses, else_body } => {
                for (cond, body) in clauses {
                    if collapse(self.exec_pipeline(cond)?).truthy() {
                        return self.exec_script(body);
                    }
                }
                match else_body {
                    Some(b) => self.exec_script(b),
                    None => Ok(Vec::new()),
                }
            }
            StatementKind::Foreach {
                var,
                collection,
                body,
            } => {
                let items = collapse(self.exec_pipeline(collection)?).into_items();
                let mut out = Vec::new();
                for it in items {
                    self.set_var(var, it);
                    out.extend(self.exec_script(body)?);
                }
                Ok(out)
            }
        }
    }

    pub(crate) fn exec_pipeline(&mut self, p: &Pipeline) -> Result<Vec<Value>, ShellError> {
        let mut data: Option<Vec<Value>> = None;
        for (i, el) in p.elements.iter().enumerate() {
            let produced = match el {
                Element::Expr(e) => {
                    if i > 0 {
                        return Err(ShellError::fatal(
                            "Expressions are only allowed as the first element of a pipeline.",
                        ));
                    }
                    self.eval(e)?.into_items()
                }
                Element::Command(c) => {
                    let args = self.eval_args(&c.args)?;
                    crate::invoke::invoke(self, &c.name, args, data.take())?
                }
            };
            data = Some(produced);
        }
        Ok(data.unwrap_or_default())
    }

    fn eval_args(&mut self, args: &[Arg]) -> Result<Vec<crate::invoke::ArgValue>, ShellError> {
        let mut out = Vec::new();
        for a in args {
            match a {
                Arg::Param { name, value, .. } => out.push(crate::invoke::ArgValue::Param {
                    name: name.clone(),
                    value: match value {
                        Some(e) => Some(self.eval_arg_expr(e)?),
                        None => None,
                    },
                }),
                Arg::Value(e) => out.push(crate::invoke::ArgValue::Value(self.eval_arg_expr(e)?)),
            }
        }
        Ok(out)
    }

    /// Arguments evaluate like expressions; arrays element by element. As in
    /// PowerShell, an unquoted number is a number: `-MobilePhone 001234567890`
    /// binds as `1234567890` (quote it to keep the zeros).
    fn eval_arg_expr(&mut self, e: &Expr) -> Result<Value, ShellError> {
        match &e.kind {
            ExprKind::Array(items) => {
                let mut out = Vec::new();
                for it in items {
                    out.push(self.eval_arg_expr(it)?);
                }
                Ok(Value::Array(out))
            }
            _ => self.eval(e),
        }
    }

    /// Evaluates an expression.
    pub fn eval(&mut self, e: &Expr) -> Result<Value, ShellError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            self.depth -= 1;
            return Err(ShellError::fatal("The expression nests too deeply."));
        }
        let r = self.eval_inner(e);
        self.depth -= 1;
        r
    }

    fn eval_inner(&mut self, e: &Expr) -> Result<Value, ShellError> {
        Ok(match &e.kind {
            ExprKind::Str(s) | ExprKind::Bareword(s) => Value::Str(s.clone()),
            ExprKind::Expandable(parts) => {
                let mut s = String::new();
                for p in parts {
                    match p {
                        StrPart::Text(t) => s.push_str(t),
                        StrPart::Var(v) => s.push_str(&self.var(v).to_text()),
                        StrPart::Sub(script) => {
                            let v = collapse(self.exec_script(script)?);
                            s.push_str(&v.to_text());
                        }
                    }
                }
                Value::Str(s)
            }
            ExprKind::Number { value, text } => {
                if value.fract() == 0.0 && value.abs() < 9.0e15 && !text.contains('.') {
                    Value::Int(*value as i64)
                } else {
                    Value::Float(*value)
                }
            }
            ExprKind::Var(v) => self.var(v),
            ExprKind::Null => Value::Null,
            ExprKind::Bool(b) => Value::Bool(*b),
            ExprKind::Array(items) => {
                let mut out = Vec::new();
                for it in items {
                    out.push(self.eval(it)?);
                }
                Value::Array(out)
            }
            ExprKind::ArraySub(script) => Value::Array(self.exec_script(script)?),
            ExprKind::Hashtable(pairs) => {
                let mut out = Vec::new();
                for (k, v) in pairs {
                    out.push((k.clone(), self.eval(v)?));
                }
                Value::Hashtable(out)
            }
            ExprKind::ScriptBlock { text, body } => Value::Block(Block {
                text: text.clone(),
                body: Arc::new(body.clone()),
            }),
            ExprKind::Member { target, name } => self.eval(target)?.member(name),
            ExprKind::Index { target, index } => {
                let t = self.eval(target)?;
                let i = self.eval(index)?;
                match (&t, i.as_f64()) {
                    (Value::Array(a), Some(n)) => {
                        let n = n as i64;
                        let idx = if n < 0 { a.len() as i64 + n } else { n };
                        usize::try_from(idx)
                            .ok()
                            .and_then(|k| a.get(k))
                            .cloned()
                            .unwrap_or(Value::Null)
                    }
                    (Value::Hashtable(_), _) | (Value::Object(_), _) => t.member(&i.to_text()),
                    (Value::Str(s), Some(n)) => s
                        .chars()
                        .nth(n as usize)
                        .map(|c| Value::Str(c.to_string()))
                        .unwrap_or(Value::Null),
                    _ => Value::Null,
                }
            }
            ExprKind::MethodCall { target, name, args } => {
                let t = self.eval(target)?;
                let mut vals = Vec::new();
                for a in args {
                    vals.push(self.eval(a)?);
                }
                method(&t, name, &vals)?
            }
            ExprKind::Binary {
                op,
                case_sensitive,
                lhs,
                rhs,
            } => {
                match op {
                    BinOp::And => {
                        let l = self.eval(lhs)?.truthy();
                        return Ok(Value::Bool(l && self.eval(rhs)?.truthy()));
                    }
                    BinOp::Or => {
                        let l = self.eval(lhs)?.truthy();
                        return Ok(Value::Bool(l || self.eval(rhs)?.truthy()));
                    }
                    _ => {}
                }
                let l = self.eval(lhs)?;
                let r = self.eval(rhs)?;
                binary(*op, *case_sensitive, &l, &r)?
            }
            ExprKind::Unary { op, operand } => {
                let v = self.eval(operand)?;
                match op {
                    UnaryOp::Not => Value::Bool(!v.truthy()),
                    UnaryOp::Neg => match v {
                        Value::Int(i) => Value::Int(-i),
                        other => Value::Float(-other.as_f64().unwrap_or(0.0)),
                    },
                    UnaryOp::Plus => v,
                }
            }
            ExprKind::Paren(p) => collapse(self.exec_pipeline(p)?),
            ExprKind::SubExpr(s) => collapse(self.exec_script(s)?),
        })
    }

    /// Runs a script block with `$_` set (Where-Object, ForEach-Object).
    pub fn run_block_with(&mut self, b: &Block, item: &Value) -> Result<Vec<Value>, ShellError> {
        let saved = self.var("_");
        self.set_var("_", item.clone());
        self.set_var("PSItem", item.clone());
        let r = self.exec_script(&b.body);
        self.set_var("_", saved.clone());
        self.set_var("PSItem", saved);
        r
    }

    /// Asks for confirmation (accepted when no one can be asked).
    pub fn confirm(&mut self, message: &str) -> bool {
        match &mut self.confirmer {
            Some(f) => f(message),
            None => true,
        }
    }

    /// Records a non-terminating error.
    pub fn write_error(&mut self, e: ShellError) {
        self.errors.push(e);
    }

    /// Records a warning.
    pub fn write_warning(&mut self, w: impl Into<String>) {
        self.warnings.push(w.into());
    }
}

/// The value of `$var.A.B op= v`: objects are immutable once emitted, so
/// each level along the path is rebuilt with its property replaced. As in
/// PowerShell, an object's absent property can't be set; a hashtable gains
/// the key.
fn assign_into(
    current: Value,
    path: &[String],
    op: exrbac_pwsh::AssignOp,
    v: Value,
) -> Result<Value, ShellError> {
    let Some((name, rest)) = path.split_first() else {
        return match op {
            exrbac_pwsh::AssignOp::Assign => Ok(v),
            exrbac_pwsh::AssignOp::Add => arith(BinOp::Add, &current, &v),
            exrbac_pwsh::AssignOp::Sub => subtract(&current, &v),
        };
    };
    match current {
        Value::Object(o) => {
            let mut obj = (*o).clone();
            let Some(slot) = obj
                .props_mut()
                .iter_mut()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
            else {
                return Err(no_property(name));
            };
            slot.1 = assign_into(std::mem::take(&mut slot.1), rest, op, v)?;
            Ok(Value::Object(Arc::new(obj)))
        }
        Value::Hashtable(mut h) => {
            let old = h
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, x)| x.clone())
                .unwrap_or(Value::Null);
            let inner = assign_into(old, rest, op, v)?;
            match h.iter_mut().find(|(k, _)| k.eq_ignore_ascii_case(name)) {
                Some(slot) => slot.1 = inner,
                None => h.push((name.clone(), inner)),
            }
            Ok(Value::Hashtable(h))
        }
        _ => Err(no_property(name)),
    }
}

fn no_property(name: &str) -> ShellError {
    ShellError::fatal(format!(
        "The property '{name}' cannot be found on this object. Verify that the property exists and can be set."
    ))
}

/// `-=`: numbers subtract; on a multi-valued property (Exchange's
/// MultiValuedProperty, e.g. `$RoleGroup.ManagedBy -= (Get-User X).Identity`)
/// the given values are taken out, compared as text without case.
fn subtract(l: &Value, r: &Value) -> Result<Value, ShellError> {
    match l {
        Value::Array(items) => {
            let gone: Vec<String> = r
                .clone()
                .into_items()
                .iter()
                .map(|x| x.to_text().to_lowercase())
                .collect();
            Ok(Value::Array(
                items
                    .iter()
                    .filter(|x| !gone.contains(&x.to_text().to_lowercase()))
                    .cloned()
                    .collect(),
            ))
        }
        _ => arith(BinOp::Sub, l, r),
    }
}

/// A pipeline's output as one value: nothing → `$null`, one → itself, more → array.
pub fn collapse(mut v: Vec<Value>) -> Value {
    match v.len() {
        0 => Value::Null,
        1 => v.pop().unwrap_or(Value::Null),
        _ => Value::Array(v),
    }
}

fn method(t: &Value, name: &str, args: &[Value]) -> Result<Value, ShellError> {
    let s = t.to_text();
    let arg = |i: usize| args.get(i).map(|v| v.to_text()).unwrap_or_default();
    Ok(match name.to_lowercase().as_str() {
        "toupper" => Value::Str(s.to_uppercase()),
        "tolower" => Value::Str(s.to_lowercase()),
        "tostring" => Value::Str(s),
        "trim" => Value::Str(s.trim().to_string()),
        "contains" => Value::Bool(s.contains(&arg(0))),
        "startswith" => Value::Bool(s.starts_with(&arg(0))),
        "endswith" => Value::Bool(s.ends_with(&arg(0))),
        "replace" => Value::Str(s.replace(&arg(0), &arg(1))),
        "split" => Value::Array(
            s.split(|c: char| arg(0).contains(c))
                .map(|x| Value::Str(x.to_string()))
                .collect(),
        ),
        _ => {
            return Err(ShellError::fatal(format!(
                "Method invocation failed because [{}] does not contain a method named '{}'.",
                t.type_name(),
                name
            )));
        }
    })
}

fn cmp_text(a: &str, b: &str, cs: bool) -> std::cmp::Ordering {
    if cs {
        a.cmp(b)
    } else {
        a.to_lowercase().cmp(&b.to_lowercase())
    }
}

/// PowerShell's comparison of two scalars: the right side converts to the left's type.
fn compare(l: &Value, r: &Value, cs: bool) -> Option<std::cmp::Ordering> {
    match (l, r) {
        (Value::Null, Value::Null) => Some(std::cmp::Ordering::Equal),
        (Value::Null, _) | (_, Value::Null) => None,
        (Value::Int(_) | Value::Float(_), _) => {
            let a = l.as_f64()?;
            let b = r.as_f64()?;
            a.partial_cmp(&b)
        }
        (Value::Bool(a), _) => Some(a.cmp(&r.truthy())),
        _ => Some(cmp_text(&l.to_text(), &r.to_text(), cs)),
    }
}

fn regex_match(text: &str, pattern: &str, cs: bool) -> Result<bool, ShellError> {
    let re = regex_lite::RegexBuilder::new(pattern)
        .case_insensitive(!cs)
        .build()
        .map_err(|e| {
            ShellError::fatal(format!(
                "The regular expression pattern {pattern} is not valid: {e}"
            ))
        })?;
    Ok(re.is_match(text))
}

fn scalar_op(op: BinOp, cs: bool, l: &Value, r: &Value) -> Result<bool, ShellError> {
    use std::cmp::Ordering::*;
    Ok(match op {
        BinOp::Eq => compare(l, r, cs) == Some(Equal),
        BinOp::Ne => compare(l, r, cs) != Some(Equal),
        BinOp::Gt => compare(l, r, cs) == Some(Greater),
        BinOp::Ge => matches!(compare(l, r, cs), Some(Greater | Equal)),
        BinOp::Lt => compare(l, r, cs) == Some(Less),
        BinOp::Le => matches!(compare(l, r, cs), Some(Less | Equal)),
        BinOp::Like => like(&l.to_text(), &r.to_text(), cs),
        BinOp::NotLike => !like(&l.to_text(), &r.to_text(), cs),
        BinOp::Match => regex_match(&l.to_text(), &r.to_text(), cs)?,
        BinOp::NotMatch => !regex_match(&l.to_text(), &r.to_text(), cs)?,
        _ => false,
    })
}

fn like(text: &str, pattern: &str, cs: bool) -> bool {
    exrbac_core::names::like_case(pattern, text, cs)
}

fn binary(op: BinOp, cs: bool, l: &Value, r: &Value) -> Result<Value, ShellError> {
    match op {
        BinOp::Xor => Ok(Value::Bool(l.truthy() ^ r.truthy())),
        BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div | BinOp::Mod => arith(op, l, r),
        BinOp::Range => {
            let a = l.as_f64().unwrap_or(0.0) as i64;
            let b = r.as_f64().unwrap_or(0.0) as i64;
            if (a - b).abs() > 100_000 {
                return Err(ShellError::fatal("The range is too large."));
            }
            let v: Vec<Value> = if a <= b {
                (a..=b).map(Value::Int).collect()
            } else {
                (b..=a).rev().map(Value::Int).collect()
            };
            Ok(Value::Array(v))
        }
        BinOp::Contains | BinOp::NotContains => {
            let found = l
                .clone()
                .into_items()
                .iter()
                .any(|x| compare(x, r, cs) == Some(std::cmp::Ordering::Equal));
            Ok(Value::Bool(found == (op == BinOp::Contains)))
        }
        BinOp::In | BinOp::NotIn => {
            let found = r
                .clone()
                .into_items()
                .iter()
                .any(|x| compare(l, x, cs) == Some(std::cmp::Ordering::Equal));
            Ok(Value::Bool(found == (op == BinOp::In)))
        }
        _ => match l {
            // A comparison with an array on the left filters the array.
            Value::Array(items) => {
                let mut out = Vec::new();
                for it in items {
                    if scalar_op(op, cs, it, r)? {
                        out.push(it.clone());
                    }
                }
                Ok(Value::Array(out))
            }
            _ => Ok(Value::Bool(scalar_op(op, cs, l, r)?)),
        },
    }
}

fn arith(op: BinOp, l: &Value, r: &Value) -> Result<Value, ShellError> {
    match (op, l) {
        (BinOp::Add, Value::Str(s)) => return Ok(Value::Str(format!("{s}{}", r.to_text()))),
        (BinOp::Add, Value::Array(a)) => {
            let mut a = a.clone();
            a.extend(r.clone().into_items());
            return Ok(Value::Array(a));
        }
        (BinOp::Add, Value::Null) => return Ok(r.clone()),
        // A string on the left repeats (`"x" * 3` is `xxx`), as in PowerShell.
        (BinOp::Mul, Value::Str(s)) => {
            let times = r
                .as_f64()
                .filter(|n| *n >= 0.0 && n.fract() == 0.0)
                .ok_or_else(|| {
                    ShellError::fatal(format!(
                        "Cannot convert value \"{}\" to type \"System.Int32\".",
                        r.to_text()
                    ))
                })?;
            // A bound on the result keeps a script from exhausting memory.
            if (s.len() as f64) * times > 16_000_000.0 {
                return Err(ShellError::fatal("The string is too long."));
            }
            return Ok(Value::Str(s.repeat(times as usize)));
        }
        _ => {}
    }
    let (Some(a), Some(b)) = (l.as_f64(), r.as_f64()) else {
        return Err(ShellError::fatal(format!(
            "Cannot convert value \"{}\" to a number.",
            r.to_text()
        )));
    };
    let v = match op {
        BinOp::Add => a + b,
        BinOp::Sub => a - b,
        BinOp::Mul => a * b,
        BinOp::Div => {
            if b == 0.0 {
                return Err(ShellError::fatal("Attempted to divide by zero."));
            }
            a / b
        }
        BinOp::Mod => {
            if b == 0.0 {
                return Err(ShellError::fatal("Attempted to divide by zero."));
            }
            a % b
        }
        _ => 0.0,
    };
    let both_int = matches!(l, Value::Int(_)) && matches!(r, Value::Int(_) | Value::Str(_));
    if both_int && v.fract() == 0.0 && v.abs() < 9.0e15 {
        Ok(Value::Int(v as i64))
    } else {
        Ok(Value::Float(v))
    }
}
