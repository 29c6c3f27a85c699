//! The interactive shell on a terminal: reedline with history, a validator
//! that asks for more lines while the input is incomplete, and completion of
//! cmdlets and parameters limited to what the principal may run.

use anyhow::{Context, Result};
use reedline::{
    ColumnarMenu, Completer, CompletionResult, DefaultPrompt, DefaultPromptSegment, Emacs,
    FileBackedHistory, KeyCode, KeyModifiers, MenuBuilder, Reedline, ReedlineEvent, ReedlineMenu,
    Signal, Span, Suggestion, ValidationResult, Validator, default_emacs_keybindings,
};
use std::collections::BTreeMap;

use std::path::Path;
use std::process::ExitCode;
use std::sync::{Arc, RwLock};

/// What the principal may run: cmdlet → parameters, refreshed after every command.
#[derive(Default)]
pub struct Allowed {
    cmdlets: BTreeMap<String, Vec<String>>,
}

impl Allowed {
    /// The principal's cmdlets: PowerShell's own, the directory ones for
    /// Domain Admins, and the Exchange ones its roles grant, with the union of
    /// their entries' parameters.
    pub fn compute(org: &exrbac_core::Organization, user: exrbac_core::RecipientId) -> Allowed {
        let p = org.principal(user);
        let mut cmdlets: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let perms = org.effective_permissions(&p);
        // Looked up once per known cmdlet (well over a thousand of them).
        let granted: std::collections::HashMap<String, &Vec<String>> = perms
            .iter()
            .map(|e| (e.cmdlet.to_ascii_lowercase(), &e.parameters))
            .collect();
        for def in exrbac_shell::cmdlets::all_known() {
            let sig: Vec<String> = exrbac_shell::cmdlets::signature(def)
                .into_iter()
                .map(|s| s.name)
                .collect();
            match def.kind {
                exrbac_shell::cmdlets::Kind::Utility => {
                    cmdlets.insert(def.name.to_string(), sig);
                }
                exrbac_shell::cmdlets::Kind::Directory => {
                    if exrbac_shell::cmdlets::is_domain_admin_principal(org, &p) {
                        cmdlets.insert(def.name.to_string(), sig);
                    }
                }
                exrbac_shell::cmdlets::Kind::Exchange => {
                    if let Some(params) = granted.get(&def.name.to_ascii_lowercase()) {
                        cmdlets.insert(def.name.to_string(), (*params).clone());
                    } else if org.has_cmdlet(&p, def.name) {
                        cmdlets.insert(def.name.to_string(), sig);
                    }
                }
            }
        }
        Allowed { cmdlets }
    }

    /// Completions for the word ending at `pos`.
    pub fn complete(&self, line: &str, pos: usize) -> Vec<(usize, String)> {
        let head = line.get(..pos).unwrap_or(line);
        let start = head
            .char_indices()
            .rev()
            .find(|(_, c)| c.is_whitespace() || matches!(c, '|' | ';' | '(' | '{'))
            .map(|(i, c)| i + c.len_utf8())
            .unwrap_or(0);
        let word = head.get(start..).unwrap_or("");
        let segment_start = head
            .char_indices()
            .rev()
            .find(|(_, c)| matches!(c, '|' | ';' | '{' | '('))
            .map(|(i, c)| i + c.len_utf8())
            .unwrap_or(0);
        let segment = head.get(segment_start..start).unwrap_or("").trim();
        if segment.is_empty() {
            let lower = word.to_lowercase();
            return self
                .cmdlets
                .keys()
                .filter(|c| c.to_lowercase().starts_with(&lower))
                .map(|c| (start, c.clone()))
                .collect();
        }
        if let Some(prefix) = word.strip_prefix('-') {
            let cmd = segment.split_whitespace().next().unwrap_or("");
            let lower = prefix.to_lowercase();
            if let Some((_, params)) = self
                .cmdlets
                .iter()
                .find(|(c, _)| c.eq_ignore_ascii_case(cmd))
            {
                let mut out: Vec<(usize, String)> = params
                    .iter()
                    .filter(|p| p.to_lowercase().starts_with(&lower))
                    .map(|p| (start, format!("-{p}")))
                    .collect();
                for c in ["Confirm", "WhatIf", "ErrorAction", "Verbose"] {
                    if c.to_lowercase().starts_with(&lower)
                        && !out
                            .iter()
                            .any(|(_, x)| x.eq_ignore_ascii_case(&format!("-{c}")))
                    {
                        out.push((start, format!("-{c}")));
                    }
                }
                return out;
            }
        }
        Vec::new()
    }
}

struct ShellCompleter(Arc<RwLock<Allowed>>);

impl Completer for ShellCompleter {
    fn complete(&mut self, line: &str, pos: usize) -> CompletionResult {
        let suggestions: Vec<Suggestion> = match self.0.read() {
            Ok(allowed) => allowed
                .complete(line, pos)
                .into_iter()
                .map(|(start, value)| Suggestion {
                    value,
                    span: Span { start, end: pos },
                    append_whitespace: true,
                    ..Suggestion::default()
                })
                .collect(),
            Err(_) => Vec::new(),
        };
        CompletionResult::Fresh {
            suggestions: suggestions.into(),
            partial: None,
        }
    }
}

struct ShellValidator;

impl Validator for ShellValidator {
    fn validate(&self, line: &str) -> ValidationResult {
        match exrbac_pwsh::parse(line) {
            Err(e) if e.incomplete => ValidationResult::Incomplete,
            _ => ValidationResult::Complete,
        }
    }
}

pub fn run(db: &Path, principal: &str) -> Result<ExitCode> {
    let mut opened = crate::store::open_or_init(db)?;
    let (user, domain, allowed) = {
        let org = &opened.org;
        let user = org
            .find_recipient(principal)
            .with_context(|| format!("no principal named `{principal}` in {}", org.name))?;
        (
            user,
            org.name.clone(),
            Arc::new(RwLock::new(Allowed::compute(org, user))),
        )
    };
    let mut keybindings = default_emacs_keybindings();
    keybindings.add_binding(
        KeyModifiers::NONE,
        KeyCode::Tab,
        ReedlineEvent::UntilFound(vec![
            ReedlineEvent::Menu("completion_menu".to_string()),
            ReedlineEvent::MenuNext,
        ]),
    );
    let mut editor = Reedline::create()
        .with_completer(Box::new(ShellCompleter(allowed.clone())))
        .with_menu(ReedlineMenu::EngineCompleter(Box::new(
            ColumnarMenu::default().with_name("completion_menu"),
        )))
        .with_edit_mode(Box::new(Emacs::new(keybindings)))
        .with_validator(Box::new(ShellValidator));
    if let Some(home) = std::env::var_os("HOME") {
        let path = Path::new(&home).join(".exrbac_history");
        if let Ok(h) = FileBackedHistory::with_file(1000, path) {
            editor = editor.with_history(Box::new(h));
        }
    }
    let prompt = DefaultPrompt::new(
        DefaultPromptSegment::Basic(format!("[PS] {principal}@{domain}")),
        DefaultPromptSegment::Empty,
    );
    println!(
        "exrbac shell as {principal} on {domain}: Tab completes the cmdlets and parameters you may run; `exit` leaves."
    );
    let mut state = exrbac_shell::SessionState::default();
    loop {
        let line = match editor.read_line(&prompt) {
            Ok(Signal::Success(l)) => l,
            Ok(Signal::CtrlD) => break,
            Ok(Signal::CtrlC) => continue,
            Ok(_) => continue,
            Err(e) => return Err(e).context("the terminal failed"),
        };
        let trimmed = line.trim();
        if trimmed.eq_ignore_ascii_case("exit") || trimmed.eq_ignore_ascii_case("quit") {
            break;
        }
        if trimmed.is_empty() {
            continue;
        }
        if super::execute(&mut opened, user, &mut state, &line, true)?
            && let Ok(mut a) = allowed.write()
        {
            *a = Allowed::compute(&opened.org, user);
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::Allowed;

    #[test]
    fn completion_is_limited_to_the_principal() {
        let mut org = exrbac_shell::new_organization("contoso.com").unwrap();
        let admin = org.find_recipient("Administrator").unwrap();
        let a = Allowed::compute(&org, admin);
        let c: Vec<String> = a
            .complete("New-ManagementRoleA", 19)
            .into_iter()
            .map(|x| x.1)
            .collect();
        assert_eq!(c, vec!["New-ManagementRoleAssignment".to_string()]);
        let p: Vec<String> = a
            .complete("Set-User -Mobi", 14)
            .into_iter()
            .map(|x| x.1)
            .collect();
        assert_eq!(p, vec!["-MobilePhone".to_string()]);
        let pipe: Vec<String> = a
            .complete("Get-Mailbox | Where-Obj", 23)
            .into_iter()
            .map(|x| x.1)
            .collect();
        assert_eq!(pipe, vec!["Where-Object".to_string()]);
        // Granted cmdlets the shell keeps no objects for complete as well.
        let unmodelled: Vec<String> = a
            .complete("New-TransportRu", 15)
            .into_iter()
            .map(|x| x.1)
            .collect();
        assert_eq!(unmodelled, vec!["New-TransportRule".to_string()]);

        let ou = org.root_ou();
        let u = org
            .new_recipient(exrbac_core::NewRecipient {
                name: "Plain".into(),
                ou,
                kind: exrbac_core::RecipientKind::UserMailbox,
                attrs: Default::default(),
                enabled: true,
            })
            .unwrap();
        let b = Allowed::compute(&org, u);
        assert!(b.complete("New-ManagementRoleA", 19).is_empty());
        assert!(b.complete("New-ADUs", 8).is_empty());
        assert!(b.complete("New-TransportRu", 15).is_empty());
        // MyBaseOptions grants Set-Mailbox, but not CustomAttribute1.
        assert!(b.complete("Set-Mailbox -CustomAttribute", 28).is_empty());
    }
}
