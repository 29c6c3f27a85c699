//! `exrbac run FILE|-`: a script, non-interactive (confirmations accepted).

use anyhow::{Context, Result};
use exrbac_shell::Session;
use std::io::Read;
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
    let mut orgs = crate::store::open_or_init(db)?;
    let Some(org) = orgs.first_mut() else {
        anyhow::bail!("the store holds no organization")
    };
    let user = org
        .find_recipient(principal)
        .with_context(|| format!("no principal named `{principal}` in {}", org.name))?;
    let before = org.revision;
    let mut failed = false;
    {
        let mut session = Session::new(org, user);
        match session.run_text(&src) {
            Ok(outcomes) => {
                for o in outcomes {
                    failed |= !o.errors.is_empty();
                    print!("{}", exrbac_shell::render_outcome(&o));
                }
            }
            Err(e) => {
                eprintln!("{}", e.render(&src));
                return Ok(ExitCode::from(1));
            }
        }
    }
    if org.revision != before {
        crate::store::save(db, &orgs)?;
    }
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
