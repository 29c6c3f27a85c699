//! Import of an organization's own roles and entries from Export-Csv files.
//!
//! Both dialects are read: Windows PowerShell 5.1 (a `#TYPE …` first line unless
//! -NoTypeInformation, every field quoted) and PowerShell 7 (no type line by default, quotes
//! as needed), with `,`, `;` (culture lists) or tab as delimiter, with or without a BOM.

use crate::{
    Catalog, CatalogError, EntryDef, EntryKind, ImplicitScopes, PolicyDef, RoleDef, RoleGroupDef,
    ScopeValue, builtin, is_common_parameter,
};
use std::collections::HashMap;

/// What to do with an entry whose Parameters column holds a .NET type name (such as
/// `System.String[]`) instead of the parameter list, as a plain Export-Csv of a multi-valued
/// property writes it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum UnresolvedParameters {
    /// Fail, naming the row (the default: guessing could grant more than the organization does).
    #[default]
    Error,
    /// Use the parameters of the same entry in the nearest built-in ancestor role, else every
    /// documented parameter of the cmdlet, and report a warning for each such entry.
    FromBuiltin,
}

/// Options of [`from_export_with`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportOptions {
    /// Handling of type names in the Parameters column.
    pub unresolved_parameters: UnresolvedParameters,
}

/// The result of an import: the catalog and what had to be approximated or dropped.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportImport {
    /// Roles and entries from the export; role groups and policies from the built-in catalog.
    pub catalog: Catalog,
    /// One line per approximation, dropped assignment or consistency problem.
    pub warnings: Vec<String>,
}

/// [`crate::from_export`] with options, returning warnings as well.
pub fn from_export_with(
    roles_csv: &str,
    entries_csv: &str,
    options: &ImportOptions,
) -> Result<ExportImport, CatalogError> {
    let builtin = builtin::catalog()?;
    let roles_sheet = Sheet::read("roles", roles_csv)?;
    let entries_sheet = Sheet::read("entries", entries_csv)?;
    let mut warnings = Vec::new();

    let raw_roles = read_roles(&roles_sheet)?;
    let index: HashMap<String, usize> = raw_roles
        .iter()
        .enumerate()
        .map(|(i, r)| (r.name.to_ascii_lowercase(), i))
        .collect();
    for r in &raw_roles {
        if let Some(p) = &r.parent
            && !index.contains_key(&p.to_ascii_lowercase())
        {
            return Err(roles_sheet.err(
                r.row,
                Some("Parent"),
                format!("unknown parent role `{p}`"),
            ));
        }
    }

    // Resolve what the export leaves out from the parent chain, else the built-in role of the
    // same name, else Exchange's defaults for administrative roles.
    let order = parents_first(&raw_roles, &index, &roles_sheet)?;
    let mut roles: Vec<Option<RoleDef>> = vec![None; raw_roles.len()];
    for &i in &order {
        let Some(r) = raw_roles.get(i) else { continue };
        let parent = r
            .parent
            .as_ref()
            .and_then(|p| index.get(&p.to_ascii_lowercase()))
            .and_then(|pi| roles.get(*pi))
            .and_then(Option::as_ref);
        let same = builtin.role(&r.name);
        let pick = |own: Option<ScopeValue>, f: fn(&ImplicitScopes) -> ScopeValue, dflt| {
            own.or_else(|| parent.map(|p| f(&p.implicit)))
                .or_else(|| same.map(|b| f(&b.implicit)))
                .unwrap_or(dflt)
        };
        let implicit = ImplicitScopes {
            recipient_read: pick(r.scopes[0], |s| s.recipient_read, ScopeValue::Organization),
            recipient_write: pick(r.scopes[1], |s| s.recipient_write, ScopeValue::Organization),
            config_read: pick(
                r.scopes[2],
                |s| s.config_read,
                ScopeValue::OrganizationConfig,
            ),
            config_write: pick(
                r.scopes[3],
                |s| s.config_write,
                ScopeValue::OrganizationConfig,
            ),
        };
        let role_type = r
            .role_type
            .clone()
            .or_else(|| parent.map(|p| p.role_type.clone()))
            .or_else(|| same.map(|b| b.role_type.clone()))
            .unwrap_or_default();
        let def = RoleDef {
            name: r.name.clone(),
            is_unscoped_top_level: role_type.eq_ignore_ascii_case("UnScoped"),
            role_type,
            description: r.description.clone(),
            parent: r.parent.as_ref().and_then(|p| {
                index
                    .get(&p.to_ascii_lowercase())
                    .and_then(|pi| raw_roles.get(*pi))
                    .map(|pr| pr.name.clone())
            }),
            is_end_user: r
                .is_end_user
                .or_else(|| parent.map(|p| p.is_end_user))
                .or_else(|| same.map(|b| b.is_end_user))
                .unwrap_or(false),
            implicit,
            entries: Vec::new(),
        };
        if let Some(slot) = roles.get_mut(i) {
            *slot = Some(def);
        }
    }
    let mut roles: Vec<RoleDef> = order
        .iter()
        .filter_map(|&i| roles.get_mut(i).and_then(Option::take))
        .collect();
    // Same order as the built-in catalog: by depth (parents first), then by name.
    let mut depth: HashMap<String, usize> = HashMap::with_capacity(roles.len());
    for r in &roles {
        let d = r
            .parent
            .as_ref()
            .and_then(|p| depth.get(&p.to_ascii_lowercase()))
            .map_or(0, |d| d + 1);
        depth.insert(r.name.to_ascii_lowercase(), d);
    }
    roles.sort_by_cached_key(|r| {
        let name = r.name.to_ascii_lowercase();
        (depth.get(&name).copied().unwrap_or_default(), name)
    });
    let pos: HashMap<String, usize> = roles
        .iter()
        .enumerate()
        .map(|(i, r)| (r.name.to_ascii_lowercase(), i))
        .collect();

    for e in read_entries(&entries_sheet)? {
        let Some(&ri) = pos.get(&e.role.to_ascii_lowercase()) else {
            return Err(entries_sheet.err(
                e.row,
                Some(e.role_column),
                format!("the entry's role `{}` is not in the roles export", e.role),
            ));
        };
        let parameters = match e.parameters {
            Some(p) => p,
            None => match options.unresolved_parameters {
                UnresolvedParameters::Error => {
                    return Err(entries_sheet.err(
                        e.row,
                        Some("Parameters"),
                        format!(
                            "holds `{}`, a type name instead of the parameter list; export with \
                             Select-Object Role,Name,Type,@{{n='Parameters';e={{$_.Parameters -join ','}}}} \
                             (see docs/catalog.md) or import with UnresolvedParameters::FromBuiltin",
                            e.raw_parameters
                        ),
                    ));
                }
                UnresolvedParameters::FromBuiltin => {
                    let (params, from) = fallback_parameters(&roles, ri, &e.name, builtin);
                    warnings.push(format!(
                        "entries row {}: parameters of `{}\\{}` not exported; used {from}",
                        e.row,
                        roles.get(ri).map(|r| r.name.as_str()).unwrap_or_default(),
                        e.name
                    ));
                    params
                }
            },
        };
        let Some(role) = roles.get_mut(ri) else {
            continue;
        };
        let mut parameters: Vec<String> = parameters
            .into_iter()
            .filter(|p| !is_common_parameter(p))
            .collect();
        match role
            .entries
            .iter_mut()
            .find(|x| x.name.eq_ignore_ascii_case(&e.name))
        {
            Some(existing) => {
                parameters.retain(|p| {
                    !existing
                        .parameters
                        .iter()
                        .any(|q| q.eq_ignore_ascii_case(p))
                });
                existing.parameters.extend(parameters);
            }
            None => role.entries.push(EntryDef {
                name: e.name.clone(),
                kind: e.kind,
                parameters,
            }),
        }
    }
    for r in &mut roles {
        for e in &mut r.entries {
            e.parameters.sort_by_key(|p| p.to_ascii_lowercase());
            e.parameters.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
        }
        r.entries.sort_by_key(|e| e.name.to_ascii_lowercase());
    }

    let exists = |name: &str| pos.contains_key(&name.to_ascii_lowercase());
    let role_groups = builtin
        .role_groups
        .iter()
        .map(|g| RoleGroupDef {
            name: g.name.clone(),
            description: g.description.clone(),
            assignments: g
                .assignments
                .iter()
                .filter(|a| {
                    let keep = exists(&a.role);
                    if !keep {
                        warnings.push(format!(
                            "role group `{}`: dropped the assignment of `{}`, a role the export lacks",
                            g.name, a.role
                        ));
                    }
                    keep
                })
                .cloned()
                .collect(),
        })
        .collect();
    let policies = builtin
        .policies
        .iter()
        .map(|p| PolicyDef {
            roles: p.roles.iter().filter(|r| exists(r)).cloned().collect(),
            ..p.clone()
        })
        .collect();
    let catalog = Catalog {
        roles,
        role_groups,
        policies,
        system_groups: builtin.system_groups.clone(),
    };
    warnings.extend(catalog.problems());
    Ok(ExportImport { catalog, warnings })
}

fn fallback_parameters(
    roles: &[RoleDef],
    start: usize,
    entry: &str,
    builtin: &Catalog,
) -> (Vec<String>, String) {
    let mut cur = roles.get(start);
    let mut steps = 0;
    while let Some(r) = cur {
        if let Some(b) = builtin.role(&r.name)
            && let Some(e) = b.entry(entry)
        {
            return (
                e.parameters.clone(),
                format!("those of the built-in role `{}`", b.name),
            );
        }
        steps += 1;
        if steps > roles.len() {
            break;
        }
        cur = r
            .parent
            .as_ref()
            .and_then(|p| roles.iter().find(|x| x.name.eq_ignore_ascii_case(p)));
    }
    match crate::cmdlet(entry) {
        Some(c) => (
            c.parameters.iter().map(|p| p.name.clone()).collect(),
            "every documented parameter of the cmdlet".to_string(),
        ),
        None => (Vec::new(), "no parameters (unknown cmdlet)".to_string()),
    }
}

struct RawRole {
    row: usize,
    name: String,
    role_type: Option<String>,
    description: String,
    parent: Option<String>,
    is_end_user: Option<bool>,
    scopes: [Option<ScopeValue>; 4],
}

struct RawEntry {
    row: usize,
    role: String,
    role_column: &'static str,
    name: String,
    kind: EntryKind,
    /// `None` when the column holds a type name.
    parameters: Option<Vec<String>>,
    raw_parameters: String,
}

fn read_roles(sheet: &Sheet) -> Result<Vec<RawRole>, CatalogError> {
    let name_col = sheet
        .col("Name")
        .or_else(|| sheet.col("Identity"))
        .ok_or_else(|| sheet.missing("Name"))?;
    let scope_cols = [
        "ImplicitRecipientReadScope",
        "ImplicitRecipientWriteScope",
        "ImplicitConfigReadScope",
        "ImplicitConfigWriteScope",
    ];
    let mut out = Vec::with_capacity(sheet.rows.len());
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (row, rec) in &sheet.rows {
        let row = *row;
        let name = role_ref(rec.get(name_col).unwrap_or_default());
        if name.is_empty() {
            return Err(sheet.err(row, Some("Name"), "empty role name".to_string()));
        }
        if let Some(first) = seen.insert(name.to_ascii_lowercase(), row) {
            return Err(sheet.err(
                row,
                Some("Name"),
                format!("role `{name}` also on row {first}"),
            ));
        }
        let mut scopes = [None; 4];
        for (slot, col) in scopes.iter_mut().zip(scope_cols) {
            if let Some(v) = sheet.value(rec, col) {
                *slot = Some(
                    v.parse::<ScopeValue>()
                        .map_err(|e| sheet.err(row, Some(col), e.to_string()))?,
                );
            }
        }
        let is_root = sheet.bool(rec, row, "IsRootRole")?;
        let parent = sheet
            .value(rec, "Parent")
            .map(role_ref)
            .filter(|p| !p.is_empty() && is_root != Some(true));
        out.push(RawRole {
            row,
            role_type: sheet.value(rec, "RoleType").map(str::to_string),
            description: sheet
                .value(rec, "Description")
                .unwrap_or_default()
                .to_string(),
            parent,
            is_end_user: sheet.bool(rec, row, "IsEndUserRole")?,
            scopes,
            name,
        });
    }
    Ok(out)
}

fn read_entries(sheet: &Sheet) -> Result<Vec<RawEntry>, CatalogError> {
    let role_col = sheet.col("Role");
    let name_col = sheet.col("Name");
    let id_col = sheet.col("Identity");
    if role_col.is_none() && id_col.is_none() {
        return Err(sheet.missing("Role"));
    }
    if name_col.is_none() && id_col.is_none() {
        return Err(sheet.missing("Name"));
    }
    let params_col = sheet.col("Parameters");
    let mut out = Vec::with_capacity(sheet.rows.len());
    for (row, rec) in &sheet.rows {
        let row = *row;
        let identity = id_col.and_then(|c| rec.get(c)).unwrap_or_default().trim();
        let (id_role, id_name) = identity.split_once('\\').unwrap_or(("", identity));
        let (role, role_column) = match role_col.and_then(|c| rec.get(c)).map(str::trim) {
            Some(r) if !r.is_empty() => (role_ref(r), "Role"),
            _ => (role_ref(id_role), "Identity"),
        };
        if role.is_empty() {
            return Err(sheet.err(row, Some(role_column), "no role named".to_string()));
        }
        let name = match name_col.and_then(|c| rec.get(c)).map(str::trim) {
            Some(n) if !n.is_empty() => n.to_string(),
            _ => id_name.trim().to_string(),
        };
        if name.is_empty() {
            return Err(sheet.err(row, Some("Name"), "empty entry name".to_string()));
        }
        let kind = match sheet.value(rec, "Type") {
            Some(t) => t
                .parse::<EntryKind>()
                .map_err(|e| sheet.err(row, Some("Type"), e.to_string()))?,
            None => EntryKind::Cmdlet,
        };
        let raw_parameters = params_col
            .and_then(|c| rec.get(c))
            .unwrap_or_default()
            .trim()
            .to_string();
        if params_col.is_none() {
            return Err(sheet.missing("Parameters"));
        }
        out.push(RawEntry {
            row,
            role,
            role_column,
            name,
            kind,
            parameters: parse_parameters(&raw_parameters),
            raw_parameters,
        });
    }
    Ok(out)
}

/// The Parameters column: `a,b`, `a b` (PowerShell's `$OFS`), `{a, b}` (as Format-List prints
/// it) or `a;b`; `None` for a .NET type name written in place of the list.
fn parse_parameters(raw: &str) -> Option<Vec<String>> {
    let t = raw.trim();
    if is_type_name(t) {
        return None;
    }
    let t = t
        .strip_prefix('{')
        .and_then(|s| s.strip_suffix('}'))
        .unwrap_or(t);
    Some(
        t.split(|c: char| c == ',' || c == ';' || c.is_whitespace())
            .filter(|p| !p.is_empty())
            .map(str::to_string)
            .collect(),
    )
}

fn is_type_name(t: &str) -> bool {
    const PREFIXES: [&str; 3] = ["System.", "Microsoft.", "Deserialized."];
    PREFIXES.iter().any(|p| t.starts_with(p))
        && !t.contains(',')
        && !t.chars().any(char::is_whitespace)
}

/// A role named in an export: a plain name, a distinguished name (`CN=Role,CN=Roles,…`) or a
/// canonical path (`…/RBAC/Roles/Role`).
fn role_ref(s: &str) -> String {
    let t = s.trim();
    if t.len() > 3 && t.get(..3).is_some_and(|p| p.eq_ignore_ascii_case("CN=")) {
        let mut name = String::new();
        let mut chars = t.get(3..).unwrap_or_default().chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => {
                    if let Some(n) = chars.next() {
                        name.push(n);
                    }
                }
                ',' => break,
                c => name.push(c),
            }
        }
        return name;
    }
    if t.to_ascii_lowercase().contains("/rbac/roles/") {
        return t.rsplit('/').next().unwrap_or(t).to_string();
    }
    t.to_string()
}

/// An Export-Csv file: header and records with the line each starts on.
struct Sheet {
    file: &'static str,
    header: Vec<String>,
    rows: Vec<(usize, csv::StringRecord)>,
}

impl Sheet {
    fn read(file: &'static str, text: &str) -> Result<Sheet, CatalogError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        // Export-Csv's `#TYPE` line (Windows PowerShell 5.1, or -IncludeTypeInformation).
        let mut skipped = 0usize;
        let mut rest = text;
        while rest.starts_with('#') {
            skipped += 1;
            rest = rest.split_once('\n').map(|(_, r)| r).unwrap_or_default();
        }
        let first = rest.lines().next().unwrap_or_default();
        let delimiter = sniff_delimiter(first);
        let err = |line: usize, message: String| CatalogError::Csv {
            file: file.to_string(),
            row: line + skipped,
            column: None,
            message,
        };
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(true)
            .flexible(false)
            .from_reader(rest.as_bytes());
        let header: Vec<String> = reader
            .headers()
            .map_err(|e| err(1, csv_message(&e)))?
            .iter()
            .map(|h| h.trim().to_string())
            .collect();
        if header.iter().all(String::is_empty) {
            return Err(err(1, "no header line".to_string()));
        }
        let mut rows = Vec::new();
        for rec in reader.records() {
            let rec = rec.map_err(|e| {
                let line = e.position().map(|p| p.line() as usize).unwrap_or_default();
                err(line, csv_message(&e))
            })?;
            let line = rec
                .position()
                .map(|p| p.line() as usize)
                .unwrap_or_default()
                + skipped;
            if rec.iter().all(|f| f.trim().is_empty()) {
                continue;
            }
            rows.push((line, rec));
        }
        Ok(Sheet { file, header, rows })
    }

    fn col(&self, name: &str) -> Option<usize> {
        self.header
            .iter()
            .position(|h| h.eq_ignore_ascii_case(name))
    }

    /// A non-empty cell of the named column.
    fn value<'r>(&self, rec: &'r csv::StringRecord, name: &str) -> Option<&'r str> {
        self.col(name)
            .and_then(|c| rec.get(c))
            .map(str::trim)
            .filter(|v| !v.is_empty())
    }

    fn bool(
        &self,
        rec: &csv::StringRecord,
        row: usize,
        name: &str,
    ) -> Result<Option<bool>, CatalogError> {
        match self.value(rec, name) {
            None => Ok(None),
            Some(v) if v.eq_ignore_ascii_case("true") => Ok(Some(true)),
            Some(v) if v.eq_ignore_ascii_case("false") => Ok(Some(false)),
            Some(v) => Err(self.err(row, Some(name), format!("`{v}` is not True or False"))),
        }
    }

    fn err(&self, row: usize, column: Option<&str>, message: String) -> CatalogError {
        CatalogError::Csv {
            file: self.file.to_string(),
            row,
            column: column.map(str::to_string),
            message,
        }
    }

    fn missing(&self, column: &str) -> CatalogError {
        CatalogError::Csv {
            file: self.file.to_string(),
            row: 1,
            column: Some(column.to_string()),
            message: "the header has no such column".to_string(),
        }
    }
}

fn csv_message(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("expected {expected_len} fields, found {len}"),
        csv::ErrorKind::Utf8 { .. } => "not valid UTF-8 (save the export as UTF-8)".to_string(),
        _ => e.to_string(),
    }
}

/// The delimiter of a header line: the most frequent of `,`, `;` and tab outside quotes
/// (Export-Csv -UseCulture writes the list separator of the culture).
fn sniff_delimiter(header: &str) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for c in header.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => counts[0] += 1,
            ';' if !quoted => counts[1] += 1,
            '\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let [comma, semi, tab] = counts;
    if semi > comma && semi >= tab {
        b';'
    } else if tab > comma && tab > semi {
        b'\t'
    } else {
        b','
    }
}

fn parents_first(
    roles: &[RawRole],
    index: &HashMap<String, usize>,
    sheet: &Sheet,
) -> Result<Vec<usize>, CatalogError> {
    let mut placed = vec![false; roles.len()];
    let mut order = Vec::with_capacity(roles.len());
    loop {
        let before = order.len();
        for (i, r) in roles.iter().enumerate() {
            if placed.get(i).copied().unwrap_or(true) {
                continue;
            }
            let ready = match &r.parent {
                None => true,
                Some(p) => index
                    .get(&p.to_ascii_lowercase())
                    .and_then(|pi| placed.get(*pi))
                    .copied()
                    .unwrap_or(false),
            };
            if ready {
                if let Some(slot) = placed.get_mut(i) {
                    *slot = true;
                }
                order.push(i);
            }
        }
        if order.len() == roles.len() {
            return Ok(order);
        }
        if order.len() == before {
            let stuck = roles
                .iter()
                .enumerate()
                .find(|(i, _)| !placed.get(*i).copied().unwrap_or(true));
            let (row, name) = stuck
                .map(|(_, r)| (r.row, r.name.clone()))
                .unwrap_or_default();
            return Err(sheet.err(
                row,
                Some("Parent"),
                format!("role `{name}` is its own ancestor"),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{parse_parameters, role_ref, sniff_delimiter};

    #[test]
    fn parameters_column_shapes() {
        assert_eq!(parse_parameters("System.String[]"), None);
        assert_eq!(
            parse_parameters("System.Collections.ObjectModel.ReadOnlyCollection`1[System.String]"),
            None
        );
        assert_eq!(
            parse_parameters("Microsoft.Exchange.Data.MultiValuedProperty`1[System.String]"),
            None
        );
        assert_eq!(
            parse_parameters("Identity,Name"),
            Some(vec!["Identity".to_string(), "Name".to_string()])
        );
        assert_eq!(
            parse_parameters("{Identity, Name}"),
            Some(vec!["Identity".to_string(), "Name".to_string()])
        );
        assert_eq!(
            parse_parameters("Identity Name"),
            Some(vec!["Identity".to_string(), "Name".to_string()])
        );
        assert_eq!(parse_parameters(""), Some(vec![]));
    }

    #[test]
    fn role_references() {
        assert_eq!(role_ref("Mail Recipients"), "Mail Recipients");
        assert_eq!(
            role_ref("CN=Sales\\, North,CN=Roles,CN=RBAC,CN=Contoso,CN=Microsoft Exchange"),
            "Sales, North"
        );
        assert_eq!(
            role_ref(
                "contoso.com/Configuration/Services/Microsoft Exchange/Contoso/RBAC/Roles/My Role"
            ),
            "My Role"
        );
    }

    #[test]
    fn delimiters() {
        assert_eq!(sniff_delimiter("\"Name\",\"Role\""), b',');
        assert_eq!(sniff_delimiter("\"Name\";\"Role\";\"Parameters\""), b';');
        assert_eq!(sniff_delimiter("Name\tRole"), b'\t');
        assert_eq!(sniff_delimiter("\"a;b\",c"), b',');
    }
}
