//! Running one command: resolving its name, binding arguments to
//! parameters, asking the core whether the principal may, and dispatching.

use crate::cmdlets::{self, Kind};
use crate::error::ShellError;
use crate::session::Session;
use crate::value::Value;
use exrbac_core::engine::is_common_parameter;
use exrbac_core::{Access, Principal, names};

/// An evaluated argument, before binding.
#[derive(Debug, Clone)]
pub enum ArgValue {
    /// `-Name` or `-Name:value`.
    Param {
        /// As typed, without the dash.
        name: String,
        /// The attached value, if `-Name:value`.
        value: Option<Value>,
    },
    /// A positional value (or the value after a `-Name`).
    Value(Value),
}

/// A parameter a cmdlet declares.
#[derive(Debug, Clone)]
pub struct ParamSig {
    /// Name.
    pub name: String,
    /// A switch takes no value.
    pub switch: bool,
    /// Position for positional binding.
    pub position: Option<u32>,
    /// Accepts pipeline input.
    pub pipeline: bool,
}

/// Arguments bound to parameters.
#[derive(Debug, Clone, Default)]
pub struct Bound {
    /// Parameter name (as the cmdlet declares it) and value, in binding order.
    pub params: Vec<(String, Value)>,
}

impl Bound {
    /// A bound value.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.params
            .iter()
            .find(|(k, _)| names::eq(k, name))
            .map(|(_, v)| v)
    }
    /// Whether the parameter was given.
    pub fn has(&self, name: &str) -> bool {
        self.get(name).is_some()
    }
    /// A value as text (`None` when absent; `$null` gives `Some("")`).
    pub fn str(&self, name: &str) -> Option<String> {
        self.get(name).map(|v| match v {
            Value::Object(o) => o
                .get("Identity")
                .or_else(|| o.get("Name"))
                .map(|x| x.to_text())
                .unwrap_or_default(),
            other => other.to_text(),
        })
    }
    /// A multi-valued parameter as strings.
    pub fn strs(&self, name: &str) -> Vec<String> {
        match self.get(name) {
            Some(v) => v
                .clone()
                .into_items()
                .into_iter()
                .map(|x| match &x {
                    Value::Object(o) => o
                        .get("Identity")
                        .or_else(|| o.get("Name"))
                        .map(|v| v.to_text())
                        .unwrap_or_default(),
                    _ => x.to_text(),
                })
                .filter(|s| !s.is_empty())
                .collect(),
            None => Vec::new(),
        }
    }
    /// A switch or boolean parameter.
    pub fn switch(&self, name: &str) -> bool {
        self.get(name).is_some_and(|v| v.truthy())
    }
    /// A boolean parameter given explicitly.
    pub fn bool(&self, name: &str) -> Option<bool> {
        self.get(name).map(|v| match v {
            Value::Str(s) => names::eq(s, "true") || s == "1" || names::eq(s, "$true"),
            other => other.truthy(),
        })
    }
    /// Whether the value given is `$null`.
    pub fn is_null(&self, name: &str) -> bool {
        matches!(self.get(name), Some(Value::Null))
    }
    /// Names of the parameters given, common ones left out.
    pub fn names(&self) -> Vec<&str> {
        self.params
            .iter()
            .map(|(k, _)| k.as_str())
            .filter(|k| !is_common_parameter(k))
            .collect()
    }
}

/// Everything a cmdlet implementation receives.
pub struct Call {
    /// The cmdlet's canonical name.
    pub name: &'static str,
    /// Its bound parameters.
    pub bound: Bound,
    /// Who runs it.
    pub principal: Principal,
    /// The RBAC grant (Exchange cmdlets only).
    pub access: Option<Access>,
}

fn bind(cmdlet: &str, sig: &[ParamSig], args: Vec<ArgValue>) -> Result<Bound, ShellError> {
    let mut bound = Bound::default();
    let mut positional: Vec<Value> = Vec::new();
    let mut it = args.into_iter().peekable();
    while let Some(a) = it.next() {
        match a {
            ArgValue::Value(v) => positional.push(v),
            ArgValue::Param { name, value } => {
                let p = resolve_param(cmdlet, sig, &name)?;
                let v = if p.switch {
                    value.unwrap_or(Value::Bool(true))
                } else if let Some(v) = value {
                    v
                } else {
                    match it.peek() {
                        Some(ArgValue::Value(_)) => match it.next() {
                            Some(ArgValue::Value(v)) => v,
                            _ => Value::Null,
                        },
                        _ => {
                            return Err(ShellError::fatal(format!(
                                "Missing an argument for parameter '{}'. Specify a parameter of type 'System.Object' and try again.",
                                p.name
                            ))
                            .in_command(cmdlet));
                        }
                    }
                };
                if bound.has(&p.name) {
                    return Err(ShellError::fatal(format!(
                        "Cannot bind parameter because parameter '{}' is specified more than once. To provide multiple values to parameters that can accept multiple values, use the array syntax. For example, \"-parameter value1,value2,value3\".",
                        p.name
                    ))
                    .in_command(cmdlet));
                }
                bound.params.push((p.name.clone(), v));
            }
        }
    }
    let mut slots: Vec<&ParamSig> = sig.iter().filter(|p| p.position.is_some()).collect();
    slots.sort_by_key(|p| p.position);
    slots.dedup_by_key(|p| p.position);
    let free: Vec<&ParamSig> = slots.into_iter().filter(|p| !bound.has(&p.name)).collect();
    let mut slots = free.into_iter();
    for v in positional {
        match slots.next() {
            Some(p) => bound.params.push((p.name.clone(), v)),
            None => {
                return Err(ShellError::fatal(format!(
                    "A positional parameter cannot be found that accepts argument '{}'.",
                    v.to_text()
                ))
                .in_command(cmdlet));
            }
        }
    }
    Ok(bound)
}

fn resolve_param<'s>(
    cmdlet: &str,
    sig: &'s [ParamSig],
    name: &str,
) -> Result<std::borrow::Cow<'s, ParamSig>, ShellError> {
    if let Some(p) = sig.iter().find(|p| names::eq(&p.name, name)) {
        return Ok(std::borrow::Cow::Borrowed(p));
    }
    let name = COMMON_ALIASES
        .iter()
        .find(|(a, _)| names::eq(a, name))
        .map(|(_, n)| *n)
        .unwrap_or(name);
    if let Some(c) = exrbac_core::engine::COMMON_PARAMETERS
        .iter()
        .find(|c| names::eq(c, name))
    {
        let switch = matches!(*c, "Verbose" | "Debug" | "WhatIf" | "Confirm");
        return Ok(std::borrow::Cow::Owned(ParamSig {
            name: c.to_string(),
            switch,
            position: None,
            pipeline: false,
        }));
    }
    // PowerShell accepts any unambiguous prefix of a parameter name.
    let lower = name.to_lowercase();
    let matches: Vec<&ParamSig> = sig
        .iter()
        .filter(|p| p.name.to_lowercase().starts_with(&lower))
        .collect();
    match matches.as_slice() {
        [one] => Ok(std::borrow::Cow::Borrowed(one)),
        [] => Err(ShellError::fatal(format!(
            "A parameter cannot be found that matches parameter name '{name}'."
        ))
        .in_command(cmdlet)),
        many => Err(ShellError::fatal(format!(
            "Parameter cannot be processed because the parameter name '{name}' is ambiguous. Possible matches include: {}.",
            many.iter().map(|p| format!("-{}", p.name)).collect::<Vec<_>>().join(" ")
        ))
        .in_command(cmdlet)),
    }
}

/// PowerShell's aliases of the common parameters (`-ea 0`, `-wa SilentlyContinue`).
const COMMON_ALIASES: &[(&str, &str)] = &[
    ("ea", "ErrorAction"),
    ("wa", "WarningAction"),
    ("infa", "InformationAction"),
    ("ev", "ErrorVariable"),
    ("wv", "WarningVariable"),
    ("iv", "InformationVariable"),
    ("ov", "OutVariable"),
    ("ob", "OutBuffer"),
    ("pv", "PipelineVariable"),
    ("vb", "Verbose"),
    ("db", "Debug"),
    ("wi", "WhatIf"),
    ("cf", "Confirm"),
];

/// What `-ErrorAction` / `-WarningAction` asks for (System.Management.Automation.ActionPreference).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Preference {
    /// Report and go on (the default; Inquire, Suspend and Break behave so in a script run).
    Continue,
    /// Go on without reporting.
    Silent,
    /// Make the first error terminating.
    Stop,
}

fn preference(bound: &Bound, cmdlet: &str, param: &str) -> Result<Preference, ShellError> {
    let Some(v) = bound.get(param) else {
        return Ok(Preference::Continue);
    };
    let text = v.to_text();
    let t = text.trim();
    Ok(match t.to_ascii_lowercase().as_str() {
        "silentlycontinue" | "ignore" | "0" | "4" => Preference::Silent,
        "stop" | "1" => Preference::Stop,
        "continue" | "inquire" | "suspend" | "break" | "2" | "3" | "5" | "6" => {
            Preference::Continue
        }
        _ => {
            return Err(ShellError::fatal(format!(
                "Cannot bind parameter '{param}'. Cannot convert value \"{t}\" to type \"System.Management.Automation.ActionPreference\". Error: \"Unable to match the identifier name {t} to a valid enumerator name. Specify one of the following enumerator names and try again:\nSilentlyContinue, Stop, Continue, Inquire, Ignore, Suspend, Break\""
            ))
            .in_command(cmdlet));
        }
    })
}

/// Applies `-ErrorAction` and `-WarningAction` to what one run of a cmdlet
/// reported: the errors and warnings recorded since `errors` / `warnings`,
/// and the error it returned. Silent drops the cmdlet's errors; Stop turns
/// the first one into a terminating error. Binding and RBAC errors (raised
/// before the cmdlet runs) are never affected, as in PowerShell.
fn apply_preferences(
    s: &mut Session<'_>,
    (errors, warnings): (usize, usize),
    (on_error, on_warning): (Preference, Preference),
    result: Result<Vec<Value>, ShellError>,
) -> Result<Vec<Value>, ShellError> {
    if on_warning == Preference::Silent {
        s.warnings.truncate(warnings);
    }
    match on_error {
        Preference::Continue => result,
        Preference::Silent => {
            s.errors.truncate(errors);
            Ok(result.unwrap_or_default())
        }
        Preference::Stop => {
            if s.errors.len() > errors {
                let mut first = s.errors.remove(errors);
                s.errors.truncate(errors);
                first.terminating = true;
                return Err(first);
            }
            result.map_err(|mut e| {
                e.terminating = true;
                e
            })
        }
    }
}

/// Runs a command with its arguments and the pipeline input, if any.
pub fn invoke(
    s: &mut Session<'_>,
    name: &str,
    args: Vec<ArgValue>,
    input: Option<Vec<Value>>,
) -> Result<Vec<Value>, ShellError> {
    let Some(def) = cmdlets::lookup(name) else {
        return Err(ShellError::fatal(
            exrbac_core::CoreError::NotRecognized(name.to_string()).to_string(),
        )
        .in_command(name));
    };
    let principal = s.org.principal(s.user);
    let sig = cmdlets::signature(def);
    match def.kind {
        Kind::Utility => {
            let bound = bind(def.name, &sig, args)?;
            let prefs = (
                preference(&bound, def.name, "ErrorAction")?,
                preference(&bound, def.name, "WarningAction")?,
            );
            let call = Call {
                name: def.name,
                bound,
                principal,
                access: None,
            };
            let marks = (s.errors.len(), s.warnings.len());
            let result = (def.run)(s, &call, input.unwrap_or_default());
            apply_preferences(s, marks, prefs, result)
        }
        Kind::Directory | Kind::Exchange => {
            // Set-ManagementRole isn't in Microsoft's cmdlet reference, so no
            // role entry names it: exrbac grants it (a custom role's name and
            // description) to whoever may run New-ManagementRole.
            let rbac_name = if def.name == "Set-ManagementRole" {
                "New-ManagementRole"
            } else {
                def.name
            };
            if def.kind == Kind::Exchange && !s.org.has_cmdlet(&principal, rbac_name) {
                return Err(ShellError::fatal(
                    exrbac_core::CoreError::NotRecognized(name.to_string()).to_string(),
                )
                .in_command(name));
            }
            let base = bind(def.name, &sig, args)?;
            cmdlets::validate_lengths(def.name, &base)?;
            let prefs = (
                preference(&base, def.name, "ErrorAction")?,
                preference(&base, def.name, "WarningAction")?,
            );
            let items: Vec<Option<Value>> = match input {
                Some(v) => v.into_iter().map(Some).collect(),
                None => vec![None],
            };
            let mut out = Vec::new();
            for item in items {
                let mut bound = base.clone();
                if let Some(v) = item {
                    bind_pipeline(def.name, &sig, &mut bound, v)?;
                }
                let access = if def.kind == Kind::Exchange {
                    let asked: Vec<&str> = if rbac_name != def.name {
                        Vec::new()
                    } else {
                        bound
                            .names()
                            .into_iter()
                            .filter(|p| !cmdlets::is_extension(def.name, p))
                            .collect()
                    };
                    match s.org.access(&principal, rbac_name, &asked) {
                        Ok(a) => Some(a),
                        Err(e) => {
                            return Err(ShellError::fatal(e.to_string()).in_command(def.name));
                        }
                    }
                } else {
                    if !cmdlets::is_domain_admin(s, &principal) {
                        s.write_error(
                            ShellError::soft("Insufficient access rights to perform the operation")
                                .in_command(def.name),
                        );
                        continue;
                    }
                    None
                };
                let call = Call {
                    name: def.name,
                    bound,
                    principal: principal.clone(),
                    access,
                };
                if call.bound.switch("WhatIf") && cmdlets::is_write(def.name) {
                    // PowerShell writes what-if lines to the host, not as warnings.
                    s.host.push(format!(
                        "What if: Performing the operation \"{}\" on target \"{}\".",
                        def.name,
                        call.bound
                            .str("Identity")
                            .or_else(|| call.bound.str("Name"))
                            .unwrap_or_default()
                    ));
                    continue;
                }
                let marks = (s.errors.len(), s.warnings.len());
                let result = (def.run)(s, &call, Vec::new());
                // What the audit logging configuration asks for (read after
                // the run: a change to it applies from the next command).
                let logged = (cmdlets::is_write(def.name) || def.name.starts_with("Test-"))
                    .then(|| {
                        let used: Vec<&str> =
                            call.bound.params.iter().map(|(k, _)| k.as_str()).collect();
                        s.org.settings.admin_audit.logged(def.name, &used)
                    })
                    .flatten();
                if let Some(kept) = logged {
                    let principal = s.org.recipient_name(s.user).to_string();
                    s.audit.push(exrbac_core::AuditRecord {
                        revision: s.org.revision,
                        at: crate::audit::now(),
                        principal,
                        cmdlet: def.name.to_string(),
                        parameters: crate::audit::parameters_text(&call.bound, &kept),
                        succeeded: result.is_ok(),
                        error: result.as_ref().err().map(|e| e.message.clone()),
                        objects: crate::audit::objects_named(&call.bound),
                    });
                }
                let stop = prefs.0 == Preference::Stop;
                match apply_preferences(s, marks, prefs, result) {
                    Ok(v) => out.extend(v),
                    Err(e) if stop => return Err(e.in_command(def.name)),
                    Err(e) if e.terminating && !out.is_empty() => {
                        s.write_error(e.in_command(def.name));
                    }
                    Err(e) if e.terminating => return Err(e.in_command(def.name)),
                    Err(e) => s.write_error(e.in_command(def.name)),
                }
            }
            Ok(out)
        }
    }
}

/// Binds a pipeline object to the parameter that takes pipeline input:
/// by value (a string, or an object's identity) when that parameter is free.
fn bind_pipeline(
    cmdlet: &str,
    sig: &[ParamSig],
    bound: &mut Bound,
    v: Value,
) -> Result<(), ShellError> {
    // Identity first: it belongs to the default parameter set, which is the
    // one PowerShell binds by value when several parameters could take the
    // object (Get-Mailbox's Database and Server take pipeline input too).
    let target = sig
        .iter()
        .find(|p| p.pipeline && !bound.has(&p.name) && names::eq(&p.name, "Identity"))
        .or_else(|| sig.iter().find(|p| p.pipeline && !bound.has(&p.name)))
        .or_else(|| {
            sig.iter()
                .find(|p| names::eq(&p.name, "Identity") && !bound.has(&p.name))
        });
    match target {
        Some(p) => {
            bound.params.push((p.name.clone(), v));
            Ok(())
        }
        None => Err(ShellError::soft(format!(
            "The input object cannot be bound to any parameters for the command either because the command does not take pipeline input or the input and its properties do not match any of the parameters that take pipeline input. ({})",
            v.to_text()
        ))
        .in_command(cmdlet)),
    }
}
