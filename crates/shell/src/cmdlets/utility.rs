//! PowerShell's own cmdlets that Exchange administrators pipe into.

use super::{CmdletDef, Kind};
use crate::error::ShellError;
use crate::format;
use crate::invoke::Call;
use crate::session::{Session, collapse};
use crate::value::{Object, Value};
use exrbac_core::names;

pub(super) fn defs() -> Vec<CmdletDef> {
    vec![
        CmdletDef {
            name: "Where-Object",
            kind: Kind::Utility,
            sig: Some(&[
                ("FilterScript", false, Some(0), false),
                ("Property", false, None, false),
                ("Value", false, Some(1), false),
                ("EQ", true, None, false),
                ("Like", true, None, false),
                ("NE", true, None, false),
                ("NotLike", true, None, false),
            ]),
            run: where_object,
        },
        CmdletDef {
            name: "ForEach-Object",
            kind: Kind::Utility,
            sig: Some(&[
                ("Process", false, Some(0), false),
                ("MemberName", false, None, false),
            ]),
            run: foreach_object,
        },
        CmdletDef {
            name: "Select-Object",
            kind: Kind::Utility,
            sig: Some(&[
                ("Property", false, Some(0), false),
                ("First", false, None, false),
                ("Last", false, None, false),
                ("ExpandProperty", false, None, false),
                ("Unique", true, None, false),
            ]),
            run: select_object,
        },
        CmdletDef {
            name: "Sort-Object",
            kind: Kind::Utility,
            sig: Some(&[
                ("Property", false, Some(0), false),
                ("Descending", true, None, false),
                ("Unique", true, None, false),
            ]),
            run: sort_object,
        },
        CmdletDef {
            name: "Measure-Object",
            kind: Kind::Utility,
            sig: Some(&[
                ("Property", false, Some(0), false),
                ("Sum", true, None, false),
                ("Average", true, None, false),
                ("Maximum", true, None, false),
                ("Minimum", true, None, false),
            ]),
            run: measure_object,
        },
        CmdletDef {
            name: "Format-List",
            kind: Kind::Utility,
            sig: Some(&[("Property", false, Some(0), false)]),
            run: format_list,
        },
        CmdletDef {
            name: "Format-Table",
            kind: Kind::Utility,
            sig: Some(&[
                ("Property", false, Some(0), false),
                ("AutoSize", true, None, false),
                ("Wrap", true, None, false),
                ("HideTableHeaders", true, None, false),
            ]),
            run: format_table,
        },
        CmdletDef {
            name: "Out-String",
            kind: Kind::Utility,
            sig: Some(&[("Width", false, None, false), ("Stream", true, None, false)]),
            run: out_string,
        },
        CmdletDef {
            name: "ConvertTo-SecureString",
            kind: Kind::Utility,
            sig: Some(&[
                ("String", false, Some(0), true),
                ("AsPlainText", true, None, false),
                ("Force", true, None, false),
                ("Key", false, None, false),
                ("SecureKey", false, None, false),
            ]),
            run: read_host,
        },
        CmdletDef {
            name: "Read-Host",
            kind: Kind::Utility,
            sig: Some(&[
                ("Prompt", false, Some(0), false),
                ("AsSecureString", true, None, false),
                ("MaskInput", true, None, false),
            ]),
            run: read_host,
        },
        CmdletDef {
            name: "Get-Credential",
            kind: Kind::Utility,
            sig: Some(&[
                ("Credential", false, Some(0), false),
                ("UserName", false, None, false),
                ("Message", false, None, false),
                ("Title", false, None, false),
            ]),
            run: get_credential,
        },
        CmdletDef {
            name: "Write-Output",
            kind: Kind::Utility,
            sig: Some(&[("InputObject", false, Some(0), false)]),
            run: write_output,
        },
        CmdletDef {
            name: "Out-Null",
            kind: Kind::Utility,
            sig: Some(&[("InputObject", false, None, false)]),
            run: |_, _, _| Ok(Vec::new()),
        },
        CmdletDef {
            name: "Write-Host",
            kind: Kind::Utility,
            sig: Some(&[
                ("Object", false, Some(0), false),
                ("ForegroundColor", false, None, false),
                ("NoNewline", true, None, false),
            ]),
            run: write_output,
        },
    ]
}

fn block(call: &Call, name: &str) -> Option<crate::value::Block> {
    match call.bound.get(name) {
        Some(Value::Block(b)) => Some(b.clone()),
        _ => None,
    }
}

fn where_object(
    s: &mut Session<'_>,
    call: &Call,
    input: Vec<Value>,
) -> Result<Vec<Value>, ShellError> {
    let mut out = Vec::new();
    if let Some(b) = block(call, "FilterScript") {
        for item in input {
            if collapse(s.run_block_with(&b, &item)?).truthy() {
                out.push(item);
            }
        }
        return Ok(out);
    }
    // Simplified syntax: Where-Object Name -eq value. A property that
    // evaluates to nothing (`Where {…}.IsDefault -eq $True`, as some of
    // Microsoft's pages print it) can't be bound.
    for p in ["FilterScript", "Property"] {
        if matches!(call.bound.get(p), Some(Value::Null)) {
            return Err(ShellError::fatal(
                "Cannot bind argument to parameter 'Property' because it is null.",
            ));
        }
    }
    let prop = call
        .bound
        .str("Property")
        .or_else(|| call.bound.str("FilterScript"))
        .unwrap_or_default();
    let value = call.bound.str("Value").unwrap_or_default();
    for item in input {
        let v = item.member(&prop).to_text();
        let keep = if call.bound.switch("Like") {
            names::like(&value, &v)
        } else if call.bound.switch("NotLike") {
            !names::like(&value, &v)
        } else if call.bound.switch("NE") {
            !names::eq(&v, &value)
        } else if call.bound.has("Value") {
            names::eq(&v, &value)
        } else {
            item.member(&prop).truthy()
        };
        if keep {
            out.push(item);
        }
    }
    Ok(out)
}

fn foreach_object(
    s: &mut Session<'_>,
    call: &Call,
    input: Vec<Value>,
) -> Result<Vec<Value>, ShellError> {
    let mut out = Vec::new();
    match block(call, "Process") {
        Some(b) => {
            for item in input {
                out.extend(s.run_block_with(&b, &item)?);
            }
        }
        None => {
            let m = call
                .bound
                .str("MemberName")
                .or_else(|| call.bound.str("Process"))
                .unwrap_or_default();
            for item in input {
                out.extend(item.member(&m).into_items());
            }
        }
    }
    Ok(out)
}

/// Property names or calculated properties (`@{n='X';e={...}}`).
fn property_specs(call: &Call) -> Vec<Value> {
    call.bound
        .get("Property")
        .cloned()
        .map(Value::into_items)
        .unwrap_or_default()
}

fn expand_names(spec: &str, sample: &[Value]) -> Vec<String> {
    if !names::has_wildcard(spec) {
        return vec![spec.to_string()];
    }
    let mut out = Vec::new();
    for item in sample {
        if let Value::Object(o) = item {
            for (k, _) in o.props() {
                if names::like(spec, k) && !out.iter().any(|x: &String| names::eq(x, k)) {
                    out.push(k.to_string());
                }
            }
        }
    }
    out
}

fn select_object(
    s: &mut Session<'_>,
    call: &Call,
    input: Vec<Value>,
) -> Result<Vec<Value>, ShellError> {
    let mut items = input;
    if let Some(exp) = call.bound.str("ExpandProperty") {
        items = items
            .into_iter()
            .flat_map(|i| i.member(&exp).into_items())
            .collect();
    } else if call.bound.has("Property") {
        let specs = property_specs(call);
        let mut out = Vec::new();
        for item in &items {
            let mut o = Object::new(format!("Selected.{}", item.type_name()));
            for spec in &specs {
                match spec {
                    Value::Hashtable(h) => {
                        let name = h
                            .iter()
                            .find(|(k, _)| {
                                names::eq(k, "n")
                                    || names::eq(k, "name")
                                    || names::eq(k, "label")
                                    || names::eq(k, "l")
                            })
                            .map(|(_, v)| v.to_text())
                            .unwrap_or_default();
                        let expr = h
                            .iter()
                            .find(|(k, _)| names::eq(k, "e") || names::eq(k, "expression"))
                            .map(|(_, v)| v.clone());
                        let v = match expr {
                            Some(Value::Block(b)) => collapse(s.run_block_with(&b, item)?),
                            Some(other) => item.member(&other.to_text()),
                            None => Value::Null,
                        };
                        o.props_mut().push((name.into(), v));
                    }
                    other => {
                        for n in expand_names(&other.to_text(), std::slice::from_ref(item)) {
                            let v = item.member(&n);
                            let display = match item {
                                Value::Object(src) => src
                                    .props()
                                    .iter()
                                    .find(|(k, _)| names::eq(k, &n))
                                    .map(|(k, _)| k.to_string())
                                    .unwrap_or(n.clone()),
                                _ => n.clone(),
                            };
                            o.props_mut().push((display.into(), v));
                        }
                    }
                }
            }
            out.push(o.into());
        }
        items = out;
    }
    if call.bound.switch("Unique") {
        let mut seen: Vec<Value> = Vec::new();
        items.retain(|i| {
            if seen.contains(i) {
                false
            } else {
                seen.push(i.clone());
                true
            }
        });
    }
    if let Some(n) = call.bound.get("First").and_then(Value::as_f64) {
        items.truncate(n.max(0.0) as usize);
    }
    if let Some(n) = call.bound.get("Last").and_then(Value::as_f64) {
        let n = n.max(0.0) as usize;
        let skip = items.len().saturating_sub(n);
        items = items.split_off(skip);
    }
    Ok(items)
}

fn sort_object(
    _s: &mut Session<'_>,
    call: &Call,
    input: Vec<Value>,
) -> Result<Vec<Value>, ShellError> {
    let props: Vec<String> = call.bound.strs("Property");
    let mut items = input;
    let key = |v: &Value| -> Vec<String> {
        if props.is_empty() {
            vec![v.to_text().to_lowercase()]
        } else {
            props
                .iter()
                .map(|p| v.member(p).to_text().to_lowercase())
                .collect()
        }
    };
    items.sort_by_key(key);
    if call.bound.switch("Descending") {
        items.reverse();
    }
    if call.bound.switch("Unique") {
        items.dedup_by(|a, b| a.to_text().to_lowercase() == b.to_text().to_lowercase());
    }
    Ok(items)
}

fn measure_object(
    _s: &mut Session<'_>,
    call: &Call,
    input: Vec<Value>,
) -> Result<Vec<Value>, ShellError> {
    let prop = call.bound.str("Property");
    let nums: Vec<f64> = input
        .iter()
        .filter_map(|v| match &prop {
            Some(p) => v.member(p).as_f64(),
            None => v.as_f64(),
        })
        .collect();
    let mut o = Object::new("GenericMeasureInfo").with("Count", input.len() as i64);
    if call.bound.switch("Sum") || call.bound.switch("Average") {
        let sum: f64 = nums.iter().sum();
        if call.bound.switch("Average") {
            o = o.with(
                "Average",
                Value::Float(if nums.is_empty() {
                    0.0
                } else {
                    sum / nums.len() as f64
                }),
            );
        }
        o = o.with("Sum", Value::Float(sum));
    }
    if call.bound.switch("Maximum") {
        o = o.with(
            "Maximum",
            nums.iter()
                .cloned()
                .fold(None, |m: Option<f64>, x| Some(m.map_or(x, |m| m.max(x))))
                .map(Value::Float)
                .unwrap_or(Value::Null),
        );
    }
    if call.bound.switch("Minimum") {
        o = o.with(
            "Minimum",
            nums.iter()
                .cloned()
                .fold(None, |m: Option<f64>, x| Some(m.map_or(x, |m| m.min(x))))
                .map(Value::Float)
                .unwrap_or(Value::Null),
        );
    }
    if let Some(p) = prop {
        o = o.with("Property", p);
    }
    Ok(vec![o.into()])
}

fn wanted(call: &Call) -> Option<Vec<String>> {
    if call.bound.has("Property") {
        Some(call.bound.strs("Property"))
    } else {
        None
    }
}

fn format_list(
    _s: &mut Session<'_>,
    call: &Call,
    input: Vec<Value>,
) -> Result<Vec<Value>, ShellError> {
    let text = format::list(&input, wanted(call).as_deref());
    Ok(vec![Value::Object(std::sync::Arc::new(
        Object::new(format::FORMATTED).with("Text", text),
    ))])
}

fn format_table(
    _s: &mut Session<'_>,
    call: &Call,
    input: Vec<Value>,
) -> Result<Vec<Value>, ShellError> {
    let text = format::table(
        &input,
        wanted(call).as_deref(),
        call.bound.switch("HideTableHeaders"),
    );
    Ok(vec![Value::Object(std::sync::Arc::new(
        Object::new(format::FORMATTED).with("Text", text),
    ))])
}

fn out_string(
    _s: &mut Session<'_>,
    _call: &Call,
    input: Vec<Value>,
) -> Result<Vec<Value>, ShellError> {
    Ok(vec![Value::Str(format::render(&input))])
}

fn write_output(
    _s: &mut Session<'_>,
    call: &Call,
    input: Vec<Value>,
) -> Result<Vec<Value>, ShellError> {
    let mut out = input;
    for k in ["InputObject", "Object"] {
        if let Some(v) = call.bound.get(k) {
            out.extend(v.clone().into_items());
        }
    }
    Ok(out)
}

/// Microsoft's examples read passwords with `Read-Host … -AsSecureString`
/// or `ConvertTo-SecureString -String … -AsPlainText -Force`.
/// exrbac keeps no passwords (accounts sign in through the host), so the
/// shell reads nothing and the value is an empty string that cmdlets accept
/// and ignore.
fn read_host(_s: &mut Session<'_>, _call: &Call, _: Vec<Value>) -> Result<Vec<Value>, ShellError> {
    Ok(vec![Value::Str(String::new())])
}

/// `(Get-Credential).password`, as New-MailUser's example reads a password:
/// like Read-Host, nothing is asked; the credential carries the user name
/// given (if any) and an empty password.
fn get_credential(
    _s: &mut Session<'_>,
    call: &Call,
    _: Vec<Value>,
) -> Result<Vec<Value>, ShellError> {
    let user = call
        .bound
        .str("UserName")
        .or_else(|| call.bound.str("Credential"))
        .unwrap_or_default();
    Ok(vec![
        Object::new("PSCredential")
            .with("UserName", user)
            .with("Password", "")
            .into(),
    ])
}
