//! `exrbac gen`: a seeded, reproducible organization of realistic shape
//! (SPEC §7: 1M recipients, 50k groups nested to depth 6, 5k roles, 100k
//! assignments, 1k scopes, scaled to the size asked), into the store or an
//! export document.

use anyhow::{Context, Result};
use exrbac_gen::GenSpec;
use std::path::Path;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// Recipients (users, mailboxes, mail users, contacts), 10k–1M typical.
    #[arg(long, default_value_t = 10_000)]
    recipients: usize,
    /// The seed: the same seed and size give the same organization.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// The organization's domain.
    #[arg(long, default_value = "contoso.com")]
    domain: String,
    /// Write an export document here (`-` for standard output) instead of
    /// adding the organization to the store.
    #[arg(long)]
    out: Option<String>,
}

pub fn run(db: &Path, args: &Args) -> Result<ExitCode> {
    let mut spec = GenSpec::sized(args.recipients, args.seed);
    spec.domain = args.domain.clone();
    if let Some(p) = spec.problem() {
        anyhow::bail!("{p}");
    }
    let bar = crate::store::progress_bar("generating {bar:40} {pos}/{len} ({eta})");
    let started = std::time::Instant::now();
    let mut org = exrbac_gen::generate(&spec, &mut |done, total| {
        bar.set_length(total);
        bar.set_position(done);
    })?;
    bar.finish_and_clear();
    eprintln!(
        "exrbac: generated {} ({} recipients and groups, {} roles, {} assignments, {} scopes) in {:.1} s",
        org.name,
        org.recipients().count(),
        org.roles().count(),
        org.assignments().count(),
        org.scopes().count(),
        started.elapsed().as_secs_f64()
    );
    match &args.out {
        Some(file) => {
            let doc = crate::store::export(&org)?;
            if file == "-" {
                println!("{doc}");
            } else {
                std::fs::write(file, doc).with_context(|| format!("can't write `{file}`"))?;
                eprintln!("exrbac: wrote {file}");
            }
        }
        None => {
            let mut store = exrbac_store::Store::open(&crate::store::db_text(db), true)?;
            store.insert(&mut org)?;
            eprintln!("exrbac: added {} to {}", org.name, store.location());
        }
    }
    Ok(ExitCode::SUCCESS)
}
