//! `exrbac run FILE|-`: a script, non-interactive (confirmations accepted).

use anyhow::{Context, Result};
use exrbac_shell::Session;
use std::io::{Read, Write};
use std::path::Path;
use std::process::ExitCode;

pub fn read_source(file: &str) -> Result<String> {
    if file == "-" {
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .context("can't read standard input")?;
        Ok(s)
    } else {
        std::fs::read_to_string(file).with_context(|| format!("can't read `{file}`"))
    }
}

pub fn run(db: &Path, principal: &str, file: &str, check: bool) -> Result<ExitCode> {
    let src = read_source(file)?;
    if check {
        return super::shell::lint(&src, file);
    }
    let mut opened = crate::store::open_or_init(db)?;
    let user = opened
        .org
        .find_recipient(principal)
        .with_context(|| format!("no principal named `{principal}` in {}", opened.org.name))?;
    let script = match exrbac_pwsh::parse(&src) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{}", e.render(&src));
            return Ok(ExitCode::from(1));
        }
    };
    let mut failed = false;
    // Each statement is saved before the next runs, in a session of its
    // own; what the script set ($variables, Set-ADServerSettings) goes on.
    let mut state = exrbac_shell::SessionState::default();
    for st in &script.statements {
        opened.refresh()?;
        let audit = {
            let source = crate::store::AuditOf {
                store: &opened.store,
                org: opened.org.name.clone(),
            };
            let mut session = Session::new(&mut opened.org, user);
            session.audit_source = Some(&source);
            session.restore(std::mem::take(&mut state));
            let o = session.run_statement(st);
            state = session.take_state();
            failed |= !o.errors.is_empty();
            (std::mem::take(&mut session.audit), o)
        };
        let (audit, outcome) = audit;
        // Each command line is one transaction: its changes and audit
        // records. Output comes after the commit, so whatever a caller saw
        // reported is on disk.
        if !audit.is_empty() {
            opened.persist(&audit)?;
        }
        print!("{}", exrbac_shell::render_outcome(&outcome));
        std::io::stdout().flush()?;
    }
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
