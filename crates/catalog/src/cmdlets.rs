//! The documented on-premises cmdlets (`data/cmdlets.tsv`), parsed once.

use crate::{CatalogError, CmdletInfo, ParamInfo, ParamSet};
use std::collections::HashMap;
use std::sync::OnceLock;

const FILE: &str = "cmdlets.tsv";
const TEXT: &str = include_str!("../data/cmdlets.tsv");

pub(crate) struct Table {
    pub(crate) list: Vec<CmdletInfo>,
    index: HashMap<String, usize>,
    /// Lower-case noun → cmdlets, so `*-Noun` patterns need no scan.
    nouns: HashMap<String, Vec<usize>>,
}

impl Table {
    pub(crate) fn get(&self, name: &str) -> Option<&CmdletInfo> {
        let i = self.index.get(&name.to_ascii_lowercase())?;
        self.list.get(*i)
    }

    /// Cmdlets matching a `*` wildcard pattern (case-insensitive), in table order.
    pub(crate) fn matching(&self, pattern: &str) -> Vec<&CmdletInfo> {
        if !pattern.contains('*') {
            return self.get(pattern).into_iter().collect();
        }
        if let Some(noun) = pattern.strip_prefix("*-")
            && !noun.contains('*')
        {
            return self
                .nouns
                .get(&noun.to_ascii_lowercase())
                .map(|v| v.iter().filter_map(|i| self.list.get(*i)).collect())
                .unwrap_or_default();
        }
        self.list
            .iter()
            .filter(|c| crate::derive::glob(pattern, &c.name))
            .collect()
    }
}

pub(crate) fn table() -> Result<&'static Table, CatalogError> {
    static TABLE: OnceLock<Result<Table, CatalogError>> = OnceLock::new();
    TABLE
        .get_or_init(|| parse(TEXT))
        .as_ref()
        .map_err(Clone::clone)
}

fn err(line: usize, message: impl Into<String>) -> CatalogError {
    CatalogError::Data {
        file: FILE,
        line,
        message: message.into(),
    }
}

fn parse(text: &str) -> Result<Table, CatalogError> {
    let mut list: Vec<CmdletInfo> = Vec::with_capacity(900);
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut f = line.split('\t');
        let tag = f.next().unwrap_or_default();
        if tag == "C" {
            let name = f
                .next()
                .filter(|s| !s.is_empty())
                .ok_or_else(|| err(n, "cmdlet without a name"))?;
            list.push(CmdletInfo {
                name: name.to_string(),
                parameters: Vec::new(),
                parameter_sets: Vec::new(),
            });
            continue;
        }
        let cur = list
            .last_mut()
            .ok_or_else(|| err(n, "parameter line before the first cmdlet"))?;
        match tag {
            "P" => {
                let (Some(name), Some(type_name), Some(pos), Some(pipe), Some(aliases), None) =
                    (f.next(), f.next(), f.next(), f.next(), f.next(), f.next())
                else {
                    return Err(err(n, "a parameter line has 5 fields after `P`"));
                };
                let position = match pos {
                    "-" => None,
                    p => Some(
                        p.parse::<u32>()
                            .map_err(|_| err(n, format!("bad position `{p}`")))?,
                    ),
                };
                cur.parameters.push(ParamInfo {
                    name: name.to_string(),
                    type_name: type_name.to_string(),
                    position,
                    pipeline_by_value: pipe.contains('V'),
                    pipeline_by_property_name: pipe.contains('P'),
                    aliases: aliases
                        .split(',')
                        .filter(|a| !a.is_empty())
                        .map(str::to_string)
                        .collect(),
                });
            }
            "S" => {
                let name = f
                    .next()
                    .ok_or_else(|| err(n, "parameter set without a name"))?;
                let params = f.next().unwrap_or_default();
                let mut set = ParamSet {
                    name: name.to_string(),
                    parameters: Vec::new(),
                    mandatory: Vec::new(),
                };
                for p in params.split(',').filter(|p| !p.is_empty()) {
                    match p.strip_suffix('!') {
                        Some(m) => {
                            set.parameters.push(m.to_string());
                            set.mandatory.push(m.to_string());
                        }
                        None => set.parameters.push(p.to_string()),
                    }
                }
                cur.parameter_sets.push(set);
            }
            other => return Err(err(n, format!("unknown line tag `{other}`"))),
        }
    }
    let mut index = HashMap::with_capacity(list.len());
    let mut nouns: HashMap<String, Vec<usize>> = HashMap::with_capacity(list.len() / 2);
    for (i, c) in list.iter().enumerate() {
        let lower = c.name.to_ascii_lowercase();
        if let Some((_, noun)) = lower.split_once('-') {
            nouns.entry(noun.to_string()).or_default().push(i);
        }
        if index.insert(lower, i).is_some() {
            return Err(err(0, format!("cmdlet `{}` is listed twice", c.name)));
        }
    }
    Ok(Table { list, index, nouns })
}
