//! `exrbac`: the command-line front of the exrbac engine.

mod command;
mod store;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "exrbac",
    version,
    about = "Exchange RBAC: decide, explain and administer, with the Exchange Management Shell's commands"
)]
struct Cli {
    /// The store: a SQLite file (default ./exrbac.db). Also EXRBAC_DB.
    #[arg(long, global = true, env = "EXRBAC_DB", default_value = "exrbac.db")]
    db: PathBuf,
    /// Whose RBAC applies (default Administrator).
    #[arg(long = "as", global = true)]
    principal: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create a store with a new organization, the built-in catalog and a bootstrap Administrator.
    Init {
        /// The organization's DNS domain.
        #[arg(long, default_value = "contoso.com")]
        domain: String,
        /// Build the roles and entries from a real organization's export instead of
        /// the bundled approximation: `Get-ManagementRole | Export-Csv ROLES` and
        /// `Get-ManagementRoleEntry "*\*" | Export-Csv ENTRIES` (see docs/catalog.md).
        #[arg(long, num_args = 2, value_names = ["ROLES_CSV", "ENTRIES_CSV"])]
        from_export: Option<Vec<PathBuf>>,
    },
    /// Run a script (FILE, or - for standard input) as the principal.
    Run {
        /// The script.
        file: String,
        /// Only parse and resolve cmdlets and parameters; run nothing.
        #[arg(long)]
        check: bool,
    },
    /// Run scenario files (`#@` directives) and report `N passed, M failed`.
    Test {
        /// Scenario files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// The interactive shell.
    Shell,
    /// Write the organization as a versioned JSON document (FILE, or - for standard output).
    Export {
        /// Where to write.
        file: String,
    },
    /// Add an organization from an export document to the store.
    Import {
        /// The document (or - for standard input).
        file: String,
    },
    /// Decide one request: may the principal run CMDLET with PARAMETERS on TARGET?
    Check(command::check::Args),
    /// Like check, with the chain that decided it.
    Explain(command::check::Args),
    /// Serve the HTTP/JSON API (decisions, queries, remote administration).
    Serve(command::serve::Args),
    /// API tokens for `serve`: create (shown once), list, revoke.
    Token(command::token::Args),
    /// Generate a realistic organization (seeded, reproducible) into the store or a file.
    Gen(command::generate::Args),
    /// Benchmark against the SPEC's bars, side by side with Cedar and casbin-rs; ends with one JSON line.
    #[cfg(feature = "bench")]
    Bench(command::bench::Args),
}

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let given = cli.principal.is_some();
    let principal = cli.principal.unwrap_or_else(|| "Administrator".to_string());
    let result = match cli.command {
        Command::Init {
            domain,
            from_export,
        } => command::init::run(&cli.db, &domain, from_export.as_deref()),
        Command::Run { file, check } => command::run::run(&cli.db, &principal, &file, check),
        Command::Test { files } => command::test::run(&files),
        Command::Shell => command::shell::run(&cli.db, &principal),
        Command::Export { file } => command::transfer::export(&cli.db, &file),
        Command::Import { file } => command::transfer::import(&cli.db, &file),
        Command::Check(args) => command::check::run(&cli.db, &principal, given, &args, false),
        Command::Explain(args) => command::check::run(&cli.db, &principal, given, &args, true),
        Command::Serve(args) => command::serve::run(&cli.db, &args),
        Command::Token(args) => command::token::run(&cli.db, &principal, given, &args),
        Command::Gen(args) => command::generate::run(&cli.db, &args),
        #[cfg(feature = "bench")]
        Command::Bench(args) => command::bench::run(&args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("exrbac: {e:#}");
            ExitCode::from(2)
        }
    }
}
