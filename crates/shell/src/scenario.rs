//! The scenario runner: plain EMS scripts with `#@` directives saying who
//! runs the next commands and what must happen (see the scenarios README).

use crate::format;
use crate::session::Session;
use exrbac_core::Organization;

/// An in-memory admin audit log for store-less runs.
struct MemoryAudit<'a>(&'a [exrbac_core::AuditRecord]);

impl crate::audit::AuditSource for MemoryAudit<'_> {
    fn search(&self, q: &exrbac_core::AuditQuery) -> Result<Vec<exrbac_core::AuditRecord>, String> {
        Ok(q.search(self.0.iter()))
    }
}

/// One failed expectation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// 1-based line of the command (or directive) concerned.
    pub line: usize,
    /// The command's text.
    pub command: String,
    /// What the directive asked for.
    pub expected: String,
    /// What happened.
    pub actual: String,
}

/// The result of one scenario file.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Failed expectations, in order.
    pub failures: Vec<Failure>,
    /// Expectations checked.
    pub checks: usize,
    /// Commands run.
    pub commands: usize,
}

impl Report {
    /// Whether every expectation held.
    pub fn passed(&self) -> bool {
        self.failures.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::contains_whole;

    #[test]
    fn whole_words_only() {
        assert!(contains_whole("New-ManagementRole x", "New-ManagementRole"));
        assert!(!contains_whole(
            "New-ManagementRoleAssignment",
            "New-ManagementRole"
        ));
        assert!(contains_whole("{a, MyBaseOptions}", "MyBaseOptions"));
        assert!(!contains_whole("001234567890", "1234567890"));
        assert!(contains_whole("MobilePhone : 1234567890", "1234567890"));
        assert!(!contains_whole(
            "x-RG-Sales Helpdesk",
            "MR-Sales Admins-RG-Sales Helpdesk"
        ));
        assert!(contains_whole(
            "Mail Recipient Creation-Organization Management",
            "Organization Management"
        ));
    }
}

#[derive(Debug, Clone)]
enum Directive {
    Org(String),
    As(String),
    Ok,
    Error(Option<String>),
    Output(String),
    NoOutput(String),
    Count(usize),
}

fn parse_directive(line: &str) -> Result<Option<Directive>, String> {
    let Some(rest) = line.trim_start().strip_prefix("#@") else {
        return Ok(None);
    };
    let rest = rest.trim();
    let (word, arg) = match rest.split_once(char::is_whitespace) {
        Some((w, a)) => (w, a.trim()),
        None => (rest, ""),
    };
    Ok(Some(match word {
        "org" if !arg.is_empty() => Directive::Org(arg.to_string()),
        "as" if !arg.is_empty() => Directive::As(arg.to_string()),
        "ok" => Directive::Ok,
        "error" => Directive::Error(if arg.is_empty() {
            None
        } else {
            Some(arg.to_string())
        }),
        "output" if !arg.is_empty() => Directive::Output(arg.to_string()),
        "no-output" if !arg.is_empty() => Directive::NoOutput(arg.to_string()),
        "count" => Directive::Count(
            arg.parse()
                .map_err(|_| format!("`#@ count` needs a number, got `{arg}`"))?,
        ),
        _ => return Err(format!("unknown or incomplete directive `#@ {rest}`")),
    }))
}

/// Runs a scenario. `new_org` makes the organization `#@ org` asks for.
pub fn run(src: &str, new_org: &dyn Fn(&str) -> Result<Organization, String>) -> Report {
    let mut report = Report::default();
    let fail =
        |report: &mut Report, line: usize, command: &str, expected: String, actual: String| {
            report.failures.push(Failure {
                line,
                command: command.to_string(),
                expected,
                actual,
            });
        };
    let script = match exrbac_pwsh::parse(src) {
        Ok(s) => s,
        Err(e) => {
            let (line, _) = e.line_col(src);
            fail(
                &mut report,
                line,
                "",
                "a script that parses".into(),
                e.render(src),
            );
            return report;
        }
    };
    let mut directives: Vec<(usize, Directive)> = Vec::new();
    for (i, l) in src.lines().enumerate() {
        match parse_directive(l) {
            Ok(Some(d)) => directives.push((i + 1, d)),
            Ok(None) => {}
            Err(msg) => fail(
                &mut report,
                i + 1,
                l.trim(),
                "a valid directive".into(),
                msg,
            ),
        }
    }
    let mut org: Option<Organization> = None;
    let mut principal: Option<String> = None;
    let mut vars_reset = true;
    let mut next_directive = 0;
    let mut pending: Vec<(usize, Directive)> = Vec::new();
    // Sessions borrow the organization, so one lives only while consecutive
    // statements run as the same principal; variables persist across them.
    let mut saved_vars: Vec<(String, crate::value::Value)> = Vec::new();
    let mut saved_ad = crate::session::AdServerSettings::default();
    // Scenarios run without a store: the admin audit log lives in memory.
    let mut audit_log: Vec<exrbac_core::AuditRecord> = Vec::new();
    let statements: Vec<_> = script.statements.iter().collect();
    let mut idx = 0;
    loop {
        let stmt = statements.get(idx);
        let start_line = stmt
            .map(|s| exrbac_pwsh::line_col(src, s.span.start).0)
            .unwrap_or(usize::MAX);
        while let Some((line, d)) = directives.get(next_directive) {
            if *line >= start_line {
                break;
            }
            match d {
                Directive::Org(domain) => match new_org(domain) {
                    Ok(o) => {
                        org = Some(o);
                        principal = None;
                        audit_log.clear();
                    }
                    Err(e) => fail(&mut report, *line, "", format!("organization {domain}"), e),
                },
                Directive::As(name) => {
                    principal = Some(name.clone());
                    vars_reset = true;
                }
                other => pending.push((*line, other.clone())),
            }
            next_directive += 1;
        }
        let Some(stmt) = stmt else { break };
        idx += 1;
        let text = stmt.span.text(src).trim().to_string();
        let line = start_line;
        report.commands += 1;
        let Some(o) = org.as_mut() else {
            fail(
                &mut report,
                line,
                &text,
                "an organization (`#@ org DOMAIN` first)".into(),
                "none".into(),
            );
            pending.clear();
            continue;
        };
        let who = principal
            .clone()
            .unwrap_or_else(|| exrbac_core::well_known::ADMINISTRATOR.to_string());
        let Some(user) = o.find_recipient(&who) else {
            fail(
                &mut report,
                line,
                &text,
                format!("a principal named {who}"),
                "no such user".into(),
            );
            pending.clear();
            continue;
        };
        let memory = MemoryAudit(&audit_log);
        let mut session = Session::new(o, user);
        session.audit_source = Some(&memory);
        if vars_reset {
            saved_vars.clear();
            saved_ad = Default::default();
            vars_reset = false;
        }
        for (k, v) in &saved_vars {
            session.set_var(k, v.clone());
        }
        session.ad_settings = saved_ad.clone();
        let outcome = session.run_statement(stmt);
        saved_vars = session.vars_snapshot();
        saved_ad = session.ad_settings.clone();
        let mut written = std::mem::take(&mut session.audit);
        drop(session);
        audit_log.append(&mut written);
        let rendered = format::render(&outcome.output);
        let errors: Vec<String> = outcome.errors.iter().map(|e| e.message.clone()).collect();
        for (dline, d) in pending.drain(..) {
            report.checks += 1;
            let _ = dline;
            match d {
                Directive::Ok => {
                    if !errors.is_empty() {
                        fail(
                            &mut report,
                            line,
                            &text,
                            "no error".into(),
                            errors.join("\n"),
                        );
                    }
                }
                Directive::Error(t) => match &t {
                    None if errors.is_empty() => fail(
                        &mut report,
                        line,
                        &text,
                        "an error".into(),
                        "no error".into(),
                    ),
                    Some(t) if !errors.iter().any(|e| e.contains(t.as_str())) => fail(
                        &mut report,
                        line,
                        &text,
                        format!("an error containing `{t}`"),
                        if errors.is_empty() {
                            "no error".into()
                        } else {
                            errors.join("\n")
                        },
                    ),
                    _ => {}
                },
                Directive::Output(t) => {
                    if !contains_whole(&rendered, &t) {
                        fail(
                            &mut report,
                            line,
                            &text,
                            format!("output containing `{t}`"),
                            show(&rendered, &errors),
                        );
                    }
                }
                Directive::NoOutput(t) => {
                    if contains_whole(&rendered, &t) {
                        fail(
                            &mut report,
                            line,
                            &text,
                            format!("output without `{t}`"),
                            show(&rendered, &errors),
                        );
                    }
                }
                Directive::Count(n) => {
                    if outcome.output.len() != n {
                        fail(
                            &mut report,
                            line,
                            &text,
                            format!("{n} objects"),
                            format!(
                                "{} objects{}",
                                outcome.output.len(),
                                if errors.is_empty() {
                                    String::new()
                                } else {
                                    format!("; errors: {}", errors.join("\n"))
                                }
                            ),
                        );
                    }
                }
                Directive::Org(_) | Directive::As(_) => {}
            }
        }
    }
    for (line, _) in pending {
        fail(
            &mut report,
            line,
            "",
            "a command after the directive".into(),
            "end of script".into(),
        );
    }
    report
}

/// Whether `text` occurs in `output` as a whole: not glued to a letter or
/// digit on either side. `New-ManagementRole` must not be found inside
/// `New-ManagementRoleAssignment` (seed 000 asks for one and not the other).
pub fn contains_whole(output: &str, text: &str) -> bool {
    if text.is_empty() {
        return true;
    }
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    let edge_in = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    let first = text.chars().next();
    let last = text.chars().last();
    output.match_indices(text).any(|(i, _)| {
        let before = output.get(..i).and_then(|s| s.chars().last());
        let after = output.get(i + text.len()..).and_then(|s| s.chars().next());
        (!edge_in(first) || !word(before)) && (!edge_in(last) || !word(after))
    })
}

fn show(rendered: &str, errors: &[String]) -> String {
    let mut s = rendered.trim().to_string();
    if !errors.is_empty() {
        s.push_str("\nerrors: ");
        s.push_str(&errors.join("\n"));
    }
    s
}

/// A failure as the runner prints it, diff-style.
pub fn describe(file: &str, f: &Failure) -> String {
    let mut s = format!("{file}:{}: {}\n", f.line, f.command);
    s.push_str(&format!("  - expected: {}\n", f.expected));
    for (i, l) in f.actual.lines().enumerate() {
        if i == 0 {
            s.push_str(&format!("  + actual:   {l}\n"));
        } else {
            s.push_str(&format!("  +           {l}\n"));
        }
    }
    s
}
