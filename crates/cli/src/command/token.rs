//! `exrbac token create|list|revoke --as NAME`: API tokens for `serve`.

use anyhow::{Context, Result, bail};
use exrbac_store::Store;
use std::path::Path;
use std::process::ExitCode;

#[derive(clap::Subcommand)]
pub enum Action {
    /// Make a token acting as the principal (--as); prints it once, alone on the last line.
    Create,
    /// List the tokens of the organization (of the principal, with --as).
    List,
    /// Revoke a token by id.
    Revoke {
        /// The token's id, as `token list` shows it.
        id: String,
    },
}

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    action: Action,
    /// The organization (default: the store's first one).
    #[arg(long)]
    org: Option<String>,
}

pub fn run(db: &Path, principal: &str, principal_given: bool, args: &Args) -> Result<ExitCode> {
    let mut store = Store::open(&crate::store::db_text(db), false)
        .with_context(|| "no store to hold tokens; run `exrbac init` first")?;
    let org = match &args.org {
        Some(o) => o.clone(),
        None => store
            .organizations()?
            .into_iter()
            .next()
            .context("the store holds no organization")?,
    };
    match &args.action {
        Action::Create => {
            let loaded = store.load(Some(&org))?;
            let Some(id) = loaded.find_recipient(principal) else {
                bail!("no principal named `{principal}` in {}", loaded.name);
            };
            let name = loaded.recipient_name(id).to_string();
            let t = store.create_token(&loaded.name, &name)?;
            eprintln!(
                "token {} for {name} in {}; it is shown only now — keep it secret:",
                t.id, loaded.name
            );
            println!("{}", t.secret);
        }
        Action::List => {
            let only = principal_given.then_some(principal);
            let tokens = store.list_tokens(&org, only)?;
            if tokens.is_empty() {
                eprintln!("no tokens");
            }
            for t in tokens {
                let state = match t.revoked {
                    Some(at) => format!("revoked {}", exrbac_shell::audit::format_time(at)),
                    None => "active".to_string(),
                };
                println!(
                    "{}  {}  created {}  {state}",
                    t.id,
                    t.principal,
                    exrbac_shell::audit::format_time(t.created)
                );
            }
        }
        Action::Revoke { id } => {
            if !store.revoke_token(&org, id)? {
                bail!("no active token `{id}` in {org}");
            }
            eprintln!("token {id} revoked");
        }
    }
    Ok(ExitCode::SUCCESS)
}
