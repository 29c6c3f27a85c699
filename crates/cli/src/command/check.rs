//! `exrbac check` / `exrbac explain`: one decision, for people or `--json`.

use anyhow::{Context, Result};
use exrbac_core::Target;
use std::path::Path;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// The cmdlet, e.g. Set-User.
    cmdlet: String,
    /// Parameters used, comma-separated (Identity,Office).
    #[arg(long, short, value_delimiter = ',')]
    parameters: Vec<String>,
    /// The object acted on (a recipient identity, or server:NAME / database:NAME).
    #[arg(long, short)]
    target: Option<String>,
    /// Machine-readable output.
    #[arg(long)]
    json: bool,
}

pub fn run(db: &Path, principal: &str, args: &Args, explain: bool) -> Result<ExitCode> {
    let opened = crate::store::open_or_init(db)?;
    let org = &opened.org;
    let user = org
        .find_recipient(principal)
        .with_context(|| format!("no principal named `{principal}` in {}", org.name))?;
    let target = match &args.target {
        None => Target::None,
        Some(t) => {
            if let Some(n) = t.strip_prefix("server:") {
                Target::Server(
                    org.find_server(n)
                        .with_context(|| format!("no server `{n}`"))?,
                )
            } else if let Some(n) = t.strip_prefix("database:") {
                Target::Database(
                    org.find_database(n)
                        .with_context(|| format!("no database `{n}`"))?,
                )
            } else {
                Target::Recipient(
                    org.find_recipient(t)
                        .with_context(|| format!("no recipient `{t}`"))?,
                )
            }
        }
    };
    let params: Vec<&str> = args.parameters.iter().map(String::as_str).collect();
    let d = org.decide(user, &args.cmdlet, &params, target);
    if args.json {
        let mut v = serde_json::to_value(&d)?;
        if !explain && let Some(o) = v.as_object_mut() {
            o.remove("explanation");
        }
        if let Some(o) = v.as_object_mut() {
            o.insert("revision".into(), org.revision.into());
        }
        println!("{}", serde_json::to_string_pretty(&v)?);
    } else {
        println!("{}", if d.allowed { "allowed" } else { "denied" });
        if let Some(e) = &d.error {
            println!("  {e}");
        }
        if explain {
            for c in &d.explanation.chains {
                let mut path = vec![c.principal.clone()];
                path.extend(c.groups.iter().cloned());
                println!(
                    "  {} → {} ({}) → assignment {} → role {} → entry {} → scope {}",
                    path.join(" → "),
                    c.assignee,
                    c.assignee_type,
                    c.assignment,
                    c.role,
                    c.entry,
                    c.scope
                );
            }
            if let Some(step) = &d.explanation.failed_step {
                println!("  failed at: {step}");
            }
            for m in &d.explanation.near_misses {
                let a = if m.assignment.is_empty() {
                    String::new()
                } else {
                    format!("{} ", m.assignment)
                };
                println!("  near miss: {a}(role {}): {}", m.role, m.reason);
            }
        }
    }
    Ok(if d.allowed {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
