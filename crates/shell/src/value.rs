//! Values flowing through the pipeline: PowerShell's scalars, arrays,
//! script blocks, and objects with named properties (what cmdlets emit).

use exrbac_pwsh::Script;
use std::fmt;
use std::sync::{Arc, OnceLock};

/// A script block: its source text (OPATH filters use it) and its parsed body.
#[derive(Debug, Clone)]
pub struct Block {
    /// The text between the braces.
    pub text: String,
    /// The parsed statements.
    pub body: Arc<Script>,
}

/// A type or property name. Nearly all are fixed names: a listing of a
/// million mailboxes then costs no allocation per property name.
pub type Name = std::borrow::Cow<'static, str>;

/// Properties worked out when first read, from a copy of what they show
/// taken when the object was made (so that a later change to the
/// organization doesn't show through, as with Exchange's objects).
pub trait Deferred: fmt::Debug + Send + Sync {
    /// The properties, in display order.
    fn properties(&self) -> Vec<(Name, Value)>;
}

/// An object emitted by a cmdlet: a type name (for default formatting) and
/// ordered properties.
///
/// A listing may emit a million objects that nobody looks into beyond
/// counting or passing them on: such an object keeps the copy its
/// properties come from and lays them out at the first read.
#[derive(Clone)]
pub struct Object {
    /// Exchange's type, e.g. `ManagementRoleEntry`.
    pub type_name: Name,
    props: Vec<(Name, Value)>,
    deferred: Option<(Arc<dyn Deferred>, OnceLock<Props>)>,
}

/// Properties in display order.
type Props = Vec<(Name, Value)>;

impl Object {
    /// An empty object of a type.
    pub fn new(type_name: impl Into<Name>) -> Object {
        Object::from_props(type_name, Vec::new())
    }
    /// An object with its properties.
    pub fn from_props(type_name: impl Into<Name>, props: Vec<(Name, Value)>) -> Object {
        Object {
            type_name: type_name.into(),
            props,
            deferred: None,
        }
    }
    /// An object whose properties are laid out at the first read.
    pub fn deferred(type_name: impl Into<Name>, from: Arc<dyn Deferred>) -> Object {
        Object {
            type_name: type_name.into(),
            props: Vec::new(),
            deferred: Some((from, OnceLock::new())),
        }
    }
    /// Adds a property (builder style).
    pub fn with(mut self, name: impl Into<Name>, v: impl Into<Value>) -> Object {
        self.props_mut().push((name.into(), v.into()));
        self
    }
    /// The properties in display order.
    pub fn props(&self) -> &[(Name, Value)] {
        match &self.deferred {
            None => &self.props,
            Some((from, laid_out)) => laid_out.get_or_init(|| from.properties()),
        }
    }
    /// The properties, to change them.
    pub fn props_mut(&mut self) -> &mut Vec<(Name, Value)> {
        if let Some((from, laid_out)) = self.deferred.take() {
            self.props = laid_out.into_inner().unwrap_or_else(|| from.properties());
        }
        &mut self.props
    }
    /// A property by name, case-insensitively.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.props()
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    }
}

impl fmt::Debug for Object {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Object")
            .field("type_name", &self.type_name)
            .field("props", &self.props())
            .finish()
    }
}

impl PartialEq for Object {
    fn eq(&self, other: &Self) -> bool {
        self.type_name == other.type_name && self.props() == other.props()
    }
}

/// A PowerShell value.
#[derive(Debug, Clone, Default)]
pub enum Value {
    /// `$null`.
    #[default]
    Null,
    /// `$true` / `$false`.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A floating-point number.
    Float(f64),
    /// A string.
    Str(String),
    /// An array.
    Array(Vec<Value>),
    /// A hashtable, in insertion order.
    Hashtable(Vec<(String, Value)>),
    /// A script block.
    Block(Block),
    /// An object.
    Object(Arc<Object>),
}

impl PartialEq for Value {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Value::Null, Value::Null) => true,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Int(a), Value::Int(b)) => a == b,
            (Value::Float(a), Value::Float(b)) => a == b,
            (Value::Str(a), Value::Str(b)) => a == b,
            (Value::Array(a), Value::Array(b)) => a == b,
            (Value::Hashtable(a), Value::Hashtable(b)) => a == b,
            (Value::Block(a), Value::Block(b)) => a.text == b.text,
            (Value::Object(a), Value::Object(b)) => a == b,
            _ => false,
        }
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::Str(s.to_string())
    }
}
impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::Str(s)
    }
}
impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value::Bool(b)
    }
}
impl From<i64> for Value {
    fn from(i: i64) -> Value {
        Value::Int(i)
    }
}
impl From<Option<String>> for Value {
    fn from(s: Option<String>) -> Value {
        s.map(Value::Str).unwrap_or(Value::Null)
    }
}
impl From<Vec<String>> for Value {
    fn from(v: Vec<String>) -> Value {
        Value::Array(v.into_iter().map(Value::Str).collect())
    }
}
impl From<Object> for Value {
    fn from(o: Object) -> Value {
        Value::Object(Arc::new(o))
    }
}

impl Value {
    /// PowerShell truthiness.
    pub fn truthy(&self) -> bool {
        match self {
            Value::Null => false,
            Value::Bool(b) => *b,
            Value::Int(i) => *i != 0,
            Value::Float(f) => *f != 0.0,
            Value::Str(s) => !s.is_empty(),
            Value::Array(a) => match a.as_slice() {
                [] => false,
                [one] => one.truthy(),
                _ => true,
            },
            Value::Hashtable(_) | Value::Block(_) | Value::Object(_) => true,
        }
    }

    /// A property, as `$x.Name` reads it (arrays enumerate members, as
    /// PowerShell's member enumeration does).
    pub fn member(&self, name: &str) -> Value {
        match self {
            // PowerShell's intrinsic Count: one object counts 1 unless it has
            // a Count of its own (`(Get-Mailbox X).Count`).
            Value::Object(o) => o.get(name).cloned().unwrap_or_else(|| {
                if name.eq_ignore_ascii_case("Count") {
                    Value::Int(1)
                } else {
                    Value::Null
                }
            }),
            Value::Hashtable(h) => h
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.clone())
                .unwrap_or(Value::Null),
            Value::Array(a) => {
                if name.eq_ignore_ascii_case("Count") || name.eq_ignore_ascii_case("Length") {
                    return Value::Int(a.len() as i64);
                }
                Value::Array(
                    a.iter()
                        .map(|v| v.member(name))
                        .filter(|v| !matches!(v, Value::Null))
                        .collect(),
                )
            }
            Value::Str(s) if name.eq_ignore_ascii_case("Length") => {
                Value::Int(s.chars().count() as i64)
            }
            Value::Null if name.eq_ignore_ascii_case("Count") => Value::Int(0),
            _ if name.eq_ignore_ascii_case("Count") => Value::Int(1),
            _ => Value::Null,
        }
    }

    /// The items a value stands for in a pipeline (arrays unroll).
    pub fn into_items(self) -> Vec<Value> {
        match self {
            Value::Array(a) => a,
            Value::Null => Vec::new(),
            v => vec![v],
        }
    }

    /// Text as PowerShell converts a value to a string.
    pub fn to_text(&self) -> String {
        self.to_string()
    }

    /// A number, if the value is or reads as one.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Int(i) => Some(*i as f64),
            Value::Float(f) => Some(*f),
            Value::Bool(b) => Some(if *b { 1.0 } else { 0.0 }),
            Value::Str(s) => s.trim().parse().ok(),
            _ => None,
        }
    }

    /// The value as JSON, the way `ConvertTo-Json` shows it: objects become
    /// JSON objects in property order (their type under `"@type"`), script
    /// blocks their text, non-finite numbers `null`.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match self {
            Value::Null => J::Null,
            Value::Bool(b) => J::Bool(*b),
            Value::Int(i) => J::from(*i),
            Value::Float(x) => serde_json::Number::from_f64(*x).map_or(J::Null, J::Number),
            Value::Str(s) => J::String(s.clone()),
            Value::Array(a) => J::Array(a.iter().map(Value::to_json).collect()),
            Value::Hashtable(h) => {
                J::Object(h.iter().map(|(k, v)| (k.clone(), v.to_json())).collect())
            }
            Value::Block(b) => J::String(b.text.clone()),
            Value::Object(o) => {
                let mut m = serde_json::Map::with_capacity(o.props().len() + 1);
                m.insert("@type".to_string(), J::String(o.type_name.to_string()));
                for (k, v) in o.props() {
                    m.insert(k.to_string(), v.to_json());
                }
                J::Object(m)
            }
        }
    }

    /// The object's type name, for formatting.
    pub fn type_name(&self) -> &str {
        match self {
            Value::Object(o) => &o.type_name,
            Value::Str(_) => "System.String",
            Value::Int(_) => "System.Int64",
            Value::Float(_) => "System.Double",
            Value::Bool(_) => "System.Boolean",
            Value::Array(_) => "System.Object[]",
            Value::Hashtable(_) => "System.Collections.Hashtable",
            Value::Block(_) => "System.Management.Automation.ScriptBlock",
            Value::Null => "",
        }
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Null => Ok(()),
            Value::Bool(true) => f.write_str("True"),
            Value::Bool(false) => f.write_str("False"),
            Value::Int(i) => write!(f, "{i}"),
            Value::Float(x) => write!(f, "{x}"),
            Value::Str(s) => f.write_str(s),
            Value::Array(a) => {
                let parts: Vec<String> = a.iter().map(|v| v.to_string()).collect();
                f.write_str(&parts.join(" "))
            }
            Value::Hashtable(_) => f.write_str("System.Collections.Hashtable"),
            Value::Block(b) => f.write_str(&b.text),
            Value::Object(o) => match o.get("Identity").or_else(|| o.get("Name")) {
                Some(v) => write!(f, "{v}"),
                None => f.write_str(&o.type_name),
            },
        }
    }
}
