//! `exrbac bench`: the side-by-side benchmark (SPEC §7) on a generated
//! organization — exrbac, Cedar and casbin-rs on the same requests with
//! identical answers, a write until visible, cold start, memory, a scoped
//! read — printed as a report and then one line of JSON.

use anyhow::{Context, Result};
use std::path::PathBuf;
use std::process::{Command, ExitCode};
use std::time::Instant;

#[derive(clap::Args)]
pub struct Args {
    /// Recipients in the generated organization (default 100,000; 10,000 with --quick).
    #[arg(long)]
    recipients: Option<usize>,
    /// A small run (10k recipients, small samples, short budgets): a smoke test.
    #[arg(long)]
    quick: bool,
    /// Generator and sampler seed.
    #[arg(long, default_value_t = 2026)]
    seed: u64,
    /// Requests sampled (all compared across the engines).
    #[arg(long)]
    requests: Option<usize>,
    /// Print only the final JSON line.
    #[arg(long)]
    json_only: bool,
    /// Leave Cedar out.
    #[arg(long)]
    no_cedar: bool,
    /// Leave casbin out.
    #[arg(long)]
    no_casbin: bool,
    /// Also measure a cold start from this PostgreSQL database (the
    /// organization is added to it when missing).
    #[arg(long, env = "EXRBAC_BENCH_POSTGRES")]
    postgres: Option<String>,
    /// Where the SQLite store of the generated organization goes (removed
    /// afterwards); default: a new folder in the system's temporary folder.
    #[arg(long)]
    work_dir: Option<PathBuf>,
    /// Instead of benchmarking: generate the organization into DIR/load.db
    /// and write DIR/requests.json, one /v1/check body per line for a
    /// sample of requests (what scripts/http-load.sh sends).
    #[arg(long, value_name = "DIR")]
    prepare_load: Option<PathBuf>,
    /// Load this store and print the time and resident memory as JSON (the
    /// fresh process a cold start is measured in).
    #[arg(long, hide = true)]
    cold_start_from: Option<String>,
}

struct Stages {
    quiet: bool,
    started: Instant,
    bar: indicatif::ProgressBar,
}

impl exrbac_bench::Progress for Stages {
    fn stage(&mut self, what: &str) {
        self.bar.finish_and_clear();
        if !self.quiet {
            eprintln!("[{:7.1} s] {what}", self.started.elapsed().as_secs_f64());
        }
    }
    fn generating(&mut self, done: u64, total: u64) {
        self.bar.set_length(total);
        self.bar.set_position(done);
    }
}

pub fn run(args: &Args) -> Result<ExitCode> {
    if let Some(db) = &args.cold_start_from {
        let c = exrbac_bench::cold_start(db)?;
        let m = c.memory;
        println!(
            "{}",
            serde_json::json!({
                "seconds": c.seconds,
                "rss_mb": m.map(|m| m.rss_mb),
                "hwm_mb": m.map(|m| m.hwm_mb),
            })
        );
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(dir) = &args.prepare_load {
        return prepare_load(args, dir);
    }
    let work_dir = match &args.work_dir {
        Some(d) => d.clone(),
        None => std::env::temp_dir().join(format!("exrbac-bench-{}", std::process::id())),
    };
    let mut opts = if args.quick {
        exrbac_bench::Options::quick(args.seed, work_dir.clone())
    } else {
        exrbac_bench::Options::full(100_000, args.seed, work_dir.clone())
    };
    if let Some(n) = args.recipients {
        opts.recipients = n;
    }
    if let Some(n) = args.requests {
        opts.requests = n;
    }
    opts.cedar = !args.no_cedar;
    opts.casbin = !args.no_casbin;
    opts.postgres = args.postgres.clone();
    let mut stages = Stages {
        quiet: args.json_only,
        started: Instant::now(),
        bar: crate::store::progress_bar("generating {bar:40} {pos}/{len} ({eta})"),
    };
    let result = exrbac_bench::run(&opts, &mut stages);
    let outcome = result.and_then(|mut report| {
        exrbac_bench::Progress::stage(&mut stages, "cold start from SQLite in a fresh process");
        if let Some(db) = &report.store {
            report.child = Some(child_cold_start(db)?);
        }
        Ok(report)
    });
    if args.work_dir.is_none() {
        let _ = std::fs::remove_dir_all(&work_dir);
    }
    let report = outcome?;
    if !args.json_only {
        println!("{report}");
    }
    println!("{}", report.json());
    Ok(ExitCode::SUCCESS)
}

/// Runs this binary again to load the store, so that the time and the
/// memory are those of a process holding nothing else.
fn child_cold_start(db: &str) -> Result<exrbac_bench::ColdStart, exrbac_bench::BenchError> {
    let io = |e: String| exrbac_bench::BenchError::Io(e);
    let exe = std::env::current_exe().map_err(|e| io(format!("this program's path: {e}")))?;
    let out = Command::new(exe)
        .args(["bench", "--cold-start-from", db])
        .output()
        .map_err(|e| io(format!("starting the cold-start process: {e}")))?;
    if !out.status.success() {
        return Err(io(format!(
            "the cold-start process failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        )));
    }
    let v: serde_json::Value = serde_json::from_slice(&out.stdout)
        .map_err(|e| io(format!("the cold-start process's answer: {e}")))?;
    let num = |k: &str| v.get(k).and_then(serde_json::Value::as_f64);
    Ok(exrbac_bench::ColdStart {
        seconds: num("seconds").unwrap_or_default(),
        memory: match (num("rss_mb"), num("hwm_mb")) {
            (Some(rss_mb), Some(hwm_mb)) => Some(exrbac_bench::Memory { rss_mb, hwm_mb }),
            _ => None,
        },
    })
}

/// The store and request bodies for an HTTP load run.
fn prepare_load(args: &Args, dir: &std::path::Path) -> Result<ExitCode> {
    let recipients = args
        .recipients
        .unwrap_or(if args.quick { 10_000 } else { 100_000 });
    let spec = exrbac_gen::GenSpec::sized(recipients, args.seed);
    let bar = crate::store::progress_bar("generating {bar:40} {pos}/{len} ({eta})");
    let mut org = exrbac_gen::generate(&spec, &mut |done, total| {
        bar.set_length(total);
        bar.set_position(done);
    })?;
    bar.finish_and_clear();
    std::fs::create_dir_all(dir).with_context(|| format!("can't create {}", dir.display()))?;
    let db = dir.join("load.db");
    if db.exists() {
        anyhow::bail!("{} exists already", db.display());
    }
    let mut store = exrbac_store::Store::open(&db.display().to_string(), true)?;
    store.insert(&mut org)?;
    let mut lines = String::new();
    let requests = exrbac_gen::sample_requests(&org, args.requests.unwrap_or(2_000), args.seed);
    for r in &requests {
        let Some(t) = r.target else { continue };
        let body = serde_json::json!({
            "principal": org.recipient_name(r.principal),
            "cmdlet": r.cmdlet,
            "parameters": r.parameters,
            "target": org.recipient_name(t),
        });
        lines.push_str(&body.to_string());
        lines.push('\n');
    }
    let file = dir.join("requests.json");
    std::fs::write(&file, lines).with_context(|| format!("can't write {}", file.display()))?;
    eprintln!(
        "exrbac: {} ({} recipients) in {}; {} request bodies in {}",
        org.name,
        recipients,
        db.display(),
        requests.len(),
        file.display()
    );
    Ok(ExitCode::SUCCESS)
}
