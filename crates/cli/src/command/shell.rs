//! `exrbac shell`: the interactive shell, and the script linter behind `run --check`.

mod interactive;

use anyhow::{Context, Result};
use exrbac_shell::Session;
use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

/// The shell: line editing, history and completion on a terminal, plain
/// line reading otherwise.
pub fn run(db: &Path, principal: &str) -> Result<ExitCode> {
    if std::io::stdin().is_terminal() && std::io::stdout().is_terminal() {
        interactive::run(db, principal)
    } else {
        run_plain(db, principal)
    }
}

/// Reads commands line by line from a non-terminal standard input.
fn run_plain(db: &Path, principal: &str) -> Result<ExitCode> {
    let mut opened = crate::store::open_or_init(db)?;
    let user = opened
        .org
        .find_recipient(principal)
        .with_context(|| format!("no principal named `{principal}` in {}", opened.org.name))?;
    let domain = opened.org.name.clone();
    let stdin = std::io::stdin();
    let mut buffer = String::new();
    let mut state = exrbac_shell::SessionState::default();
    loop {
        {
            let mut out = std::io::stdout();
            let prompt = if buffer.is_empty() {
                format!("[PS] {principal}@{domain}> ")
            } else {
                ">> ".to_string()
            };
            write!(out, "{prompt}")?;
            out.flush()?;
        }
        let mut line = String::new();
        if stdin.lock().read_line(&mut line)? == 0 {
            break;
        }
        let trimmed = line.trim();
        if buffer.is_empty()
            && (trimmed.eq_ignore_ascii_case("exit") || trimmed.eq_ignore_ascii_case("quit"))
        {
            break;
        }
        buffer.push_str(&line);
        if matches!(exrbac_pwsh::parse(&buffer), Err(e) if e.incomplete) {
            continue;
        }
        let src = std::mem::take(&mut buffer);
        execute(&mut opened, user, &mut state, &src, false)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs one input as the principal: prints its output, warnings and errors
/// (in colour on a terminal), asks for confirmations, and saves each command
/// line's changes with their audit records. Returns whether anything changed.
pub fn execute(
    opened: &mut crate::store::Opened,
    user: exrbac_core::RecipientId,
    state: &mut exrbac_shell::SessionState,
    src: &str,
    colour: bool,
) -> Result<bool> {
    let script = match exrbac_pwsh::parse(src) {
        Ok(s) => s,
        Err(e) => {
            println!("{}", paint(colour, "31", &e.render(src)));
            return Ok(false);
        }
    };
    let mut changed = false;
    for st in &script.statements {
        opened.refresh()?;
        let audit = {
            let source = crate::store::AuditOf {
                store: &opened.store,
                org: opened.org.name.clone(),
            };
            let mut session = Session::new(&mut opened.org, user);
            session.audit_source = Some(&source);
            session.confirmer = Some(Box::new(|msg: &str| {
                println!("\nConfirm\n{msg}");
                print!("> ");
                let _ = std::io::stdout().flush();
                let mut answer = String::new();
                let _ = std::io::stdin().lock().read_line(&mut answer);
                let a = answer.trim().to_lowercase();
                a.is_empty() || a == "y" || a == "a"
            }));
            session.restore(std::mem::take(state));
            let o = session.run_statement(st);
            *state = session.take_state();
            print!("{}", exrbac_shell::format::render(&o.output));
            for h in &o.host {
                println!("{h}");
            }
            for w in &o.warnings {
                println!("{}", paint(colour, "33", &format!("WARNING: {w}")));
            }
            for e in &o.errors {
                println!("{}", paint(colour, "31", &e.to_string()));
            }
            std::mem::take(&mut session.audit)
        };
        if !audit.is_empty() {
            opened.persist(&audit)?;
            changed = true;
        }
    }
    Ok(changed)
}

fn paint(colour: bool, code: &str, s: &str) -> String {
    if colour {
        format!("\x1b[{code}m{s}\x1b[0m")
    } else {
        s.to_string()
    }
}

/// `run --check`: parse, then resolve every command and parameter name
/// against the cmdlets the shell knows, without running anything.
pub fn lint(src: &str, file: &str) -> Result<ExitCode> {
    let script = match exrbac_pwsh::parse(src) {
        Ok(s) => s,
        Err(e) => {
            println!("{file}: {}", e.render(src));
            return Ok(ExitCode::from(1));
        }
    };
    let mut problems = 0;
    let mut visit = |c: &exrbac_pwsh::Command| {
        let (line, col) = exrbac_pwsh::line_col(src, c.name_span.start);
        match exrbac_shell::cmdlets::lookup(&c.name) {
            None if exrbac_catalog::cmdlet(&c.name).is_none() => {
                println!("{file}:{line}:{col}: unknown cmdlet `{}`", c.name);
                problems += 1;
            }
            found => {
                let sig: Vec<String> = match found {
                    Some(def) => exrbac_shell::cmdlets::signature(def)
                        .into_iter()
                        .map(|p| p.name)
                        .collect(),
                    None => exrbac_catalog::cmdlet(&c.name)
                        .map(|i| i.parameters.iter().map(|p| p.name.clone()).collect())
                        .unwrap_or_default(),
                };
                for a in &c.args {
                    if let exrbac_pwsh::Arg::Param { name, span, .. } = a {
                        let known = sig.iter().any(|p| {
                            p.eq_ignore_ascii_case(name)
                                || p.to_lowercase().starts_with(&name.to_lowercase())
                        }) || exrbac_core::engine::is_common_parameter(name);
                        if !known {
                            let (l, col) = exrbac_pwsh::line_col(src, span.start);
                            println!("{file}:{l}:{col}: `{}` has no parameter `{name}`", c.name);
                            problems += 1;
                        }
                    }
                }
            }
        }
    };
    walk(&script, &mut visit);
    println!("{problems} problem(s)");
    Ok(if problems == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn walk(s: &exrbac_pwsh::Script, f: &mut dyn FnMut(&exrbac_pwsh::Command)) {
    use exrbac_pwsh::{Element, StatementKind};
    for st in &s.statements {
        let pipes: Vec<&exrbac_pwsh::Pipeline> = match &st.kind {
            StatementKind::Pipeline(p) => vec![p],
            StatementKind::Assign { value, .. } => vec![value],
            StatementKind::If { clauses, else_body } => {
                for (_, b) in clauses {
                    walk(b, f);
                }
                if let Some(b) = else_body {
                    walk(b, f);
                }
                clauses.iter().map(|(c, _)| c).collect()
            }
            StatementKind::Foreach {
                collection, body, ..
            } => {
                walk(body, f);
                vec![collection]
            }
        };
        for p in pipes {
            for e in &p.elements {
                if let Element::Command(c) = e {
                    f(c);
                }
            }
        }
    }
}
