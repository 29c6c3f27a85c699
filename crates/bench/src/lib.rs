//! Side-by-side benchmarks (SPEC §7): one generated organization and one
//! list of sampled requests, decided by exrbac, by Cedar (`cedar-policy`) and
//! by casbin-rs (RBAC with domains), after checking on the whole list that
//! the three give the same answers; then a write until a check sees it
//! (through the server's own write path), a cold start from SQLite (and
//! PostgreSQL when given one), resident memory, and a scoped
//! `Get-Mailbox -ResultSize Unlimited` through the shell.
//!
//! [`run`] does it all and returns a [`Report`]: readable text
//! ([`std::fmt::Display`]) and the one-line JSON summary ([`Report::json`]).
#![deny(missing_docs)]

mod casbin_enc;
mod cedar;
mod filter;
mod measure;
mod writes;

pub use casbin_enc::CasbinOrg;
pub use cedar::CedarOrg;
pub use measure::{ColdStart, Memory, cold_start, memory};
pub use writes::{WriteTimes, listing_admin};

use exrbac_core::*;
use exrbac_gen::{GenSpec, Request, generate, sample_requests};
use std::collections::BTreeSet;
use std::fmt;
use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};
use thiserror::Error;

/// Why a benchmark run stopped.
#[derive(Debug, Error)]
pub enum BenchError {
    /// The organization couldn't be generated.
    #[error("generating the organization: {0}")]
    Gen(#[from] exrbac_gen::GenError),
    /// Building or asking the Cedar encoding failed.
    #[error("Cedar: {0}")]
    Cedar(String),
    /// Building or asking the casbin encoding failed.
    #[error("casbin: {0}")]
    Casbin(String),
    /// The organization uses something an encoding can't state exactly.
    #[error("no exact encoding: {0}")]
    Unsupported(String),
    /// Two engines answered one request differently.
    #[error(
        "{engine} disagrees with exrbac on request {index} ({request}): exrbac {ours}, {engine} {theirs}"
    )]
    Mismatch {
        /// The other engine.
        engine: &'static str,
        /// Position in the request list.
        index: usize,
        /// The request, readable.
        request: String,
        /// exrbac's answer.
        ours: &'static str,
        /// The other engine's answer.
        theirs: &'static str,
    },
    /// The store failed.
    #[error("store: {0}")]
    Store(#[from] exrbac_store::StoreError),
    /// A measured write didn't do what it should.
    #[error("write: {0}")]
    Write(String),
    /// Reading this process's status or a file failed.
    #[error("{0}")]
    Io(String),
}

/// What to run.
#[derive(Debug, Clone)]
pub struct Options {
    /// Recipients in the generated organization.
    pub recipients: usize,
    /// Generator and sampler seed.
    pub seed: u64,
    /// Requests sampled; all of them are compared across engines.
    pub requests: usize,
    /// Rounds of exrbac's timed loop over the requests.
    pub rounds: usize,
    /// Longest time spent timing Cedar or casbin (each stops after at
    /// least one pass, or sooner over a prefix of the list when one
    /// pass would exceed it).
    pub other_budget: Duration,
    /// Decide with Cedar.
    pub cedar: bool,
    /// Decide with casbin.
    pub casbin: bool,
    /// Measured writes of each kind.
    pub writes: usize,
    /// Directory for the SQLite store of the generated organization.
    pub work_dir: PathBuf,
    /// A PostgreSQL URL to measure a cold start from as well.
    pub postgres: Option<String>,
}

impl Options {
    /// The full run at `recipients`.
    pub fn full(recipients: usize, seed: u64, work_dir: PathBuf) -> Options {
        Options {
            recipients,
            seed,
            requests: 2_000,
            rounds: 5,
            other_budget: Duration::from_secs(60),
            cedar: true,
            casbin: true,
            writes: 5,
            work_dir,
            postgres: None,
        }
    }

    /// The smoke run: small organization and samples.
    pub fn quick(seed: u64, work_dir: PathBuf) -> Options {
        Options {
            recipients: 10_000,
            requests: 500,
            rounds: 3,
            other_budget: Duration::from_secs(15),
            writes: 2,
            ..Options::full(10_000, seed, work_dir)
        }
    }
}

/// Progress of a run, for a caller that shows it.
pub trait Progress {
    /// A stage starts.
    fn stage(&mut self, what: &str);
    /// Generation progress: objects made, objects in all.
    fn generating(&mut self, _done: u64, _total: u64) {}
}

/// Latency percentiles of one engine over a request list.
#[derive(Debug, Clone, Copy, Default)]
pub struct Latency {
    /// Requests timed (with repetitions).
    pub samples: usize,
    /// Median.
    pub p50: Duration,
    /// 99th percentile.
    pub p99: Duration,
    /// Mean.
    pub mean: Duration,
}

impl Latency {
    fn of(mut v: Vec<Duration>) -> Latency {
        v.sort_unstable();
        let pick = |q: f64| {
            let i = ((v.len().saturating_sub(1)) as f64 * q).round() as usize;
            v.get(i).copied().unwrap_or_default()
        };
        let total: Duration = v.iter().sum();
        Latency {
            samples: v.len(),
            p50: pick(0.5),
            p99: pick(0.99),
            mean: total / (v.len().max(1) as u32),
        }
    }
}

/// One other engine's results on the same requests.
#[derive(Debug, Clone)]
pub struct Other {
    /// Its name.
    pub engine: &'static str,
    /// What it was built from (policy and entity counts).
    pub size: String,
    /// Time to build it from the organization.
    pub build: Duration,
    /// Its latency on the timed requests.
    pub latency: Latency,
    /// exrbac's latency on exactly the same requests (a prefix of the list
    /// when the other engine was too slow for all of it), from its own
    /// timed passes: each engine is timed alone.
    pub ours: Latency,
    /// Requests timed (distinct).
    pub requests: usize,
}

impl Other {
    /// Their mean time per decision over ours, on the same requests.
    pub fn ratio(&self) -> f64 {
        self.latency.mean.as_secs_f64() / self.ours.mean.as_secs_f64().max(1e-12)
    }

    /// Their median over ours, on the same requests.
    pub fn ratio_p50(&self) -> f64 {
        self.latency.p50.as_secs_f64() / self.ours.p50.as_secs_f64().max(1e-12)
    }
}

/// Scoped `Get-Mailbox -ResultSize Unlimited` through the shell.
#[derive(Debug, Clone)]
pub struct ScopedRead {
    /// The admin who ran it.
    pub admin: String,
    /// Mailboxes returned.
    pub returned: usize,
    /// Best of the runs.
    pub best: Duration,
    /// Median of the runs.
    pub median: Duration,
}

/// Everything one run measured.
#[derive(Debug, Clone)]
pub struct Report {
    /// Recipients asked for.
    pub recipients: usize,
    /// Objects in the organization: recipients (groups included), roles, assignments, scopes.
    pub shape: (usize, usize, usize, usize),
    /// Time to generate it.
    pub generated: Duration,
    /// Requests compared, allowed among them.
    pub compared: (usize, usize),
    /// exrbac on the whole list: principal resolved per request.
    pub check: Latency,
    /// Cedar and casbin.
    pub others: Vec<Other>,
    /// Writes until visible.
    pub writes: Option<WriteTimes>,
    /// Cold start from SQLite (loaded by this process; see also `child`).
    pub cold_sqlite: Option<ColdStart>,
    /// Cold start from PostgreSQL.
    pub cold_postgres: Option<ColdStart>,
    /// A cold start in a fresh process, with its memory, when the caller
    /// measured one ([`cold_start`] run in a child).
    pub child: Option<ColdStart>,
    /// The scoped read.
    pub scoped_read: Option<ScopedRead>,
    /// This process at the end (it holds every engine's copy).
    pub memory: Option<Memory>,
    /// The SQLite store the organization was saved to (for a cold start
    /// in a fresh process).
    pub store: Option<String>,
}

/// A request with what a check needs borrowed.
pub struct Call<'a> {
    /// The principal.
    pub user: RecipientId,
    /// The cmdlet.
    pub cmdlet: &'a str,
    /// The parameters.
    pub params: Vec<&'a str>,
    /// The target.
    pub target: Target<'static>,
}

impl<'a> Call<'a> {
    /// The call for a sampled request.
    pub fn of(r: &'a Request) -> Call<'a> {
        Call {
            user: r.principal,
            cmdlet: &r.cmdlet,
            params: r.parameter_names(),
            target: r.target(),
        }
    }

    /// exrbac's decision, the principal's groups and policy read afresh
    /// (as a service without a principal cache does).
    pub fn check(&self, org: &Organization) -> bool {
        org.check_as(self.user, self.cmdlet, &self.params, self.target)
            .is_ok()
    }

    fn describe(&self, org: &Organization) -> String {
        format!(
            "{} runs {} -{} on {}",
            org.recipient_name(self.user),
            self.cmdlet,
            self.params.join(",-"),
            org.target_identity(self.target)
        )
    }
}

fn yes(b: bool) -> &'static str {
    if b { "allow" } else { "deny" }
}

/// Times each call once per round, one at a time: `rounds` passes over
/// the list, sample `r * calls.len() + i` being call `i` in pass `r`.
fn time_each(
    calls: &[Call<'_>],
    rounds: usize,
    mut f: impl FnMut(&Call<'_>) -> bool,
) -> Vec<Duration> {
    let mut out = Vec::with_capacity(calls.len() * rounds);
    for _ in 0..rounds {
        for c in calls {
            let t = Instant::now();
            let ok = f(c);
            out.push(t.elapsed());
            black_box(ok);
        }
    }
    out
}

/// exrbac's samples of the calls at `indices`, from every pass.
fn ours_on(samples: &[Duration], calls: usize, indices: &[usize]) -> Latency {
    let mut out = Vec::new();
    for pass in samples.chunks(calls.max(1)) {
        out.extend(indices.iter().filter_map(|i| pass.get(*i).copied()));
    }
    Latency::of(out)
}

/// Times each request once, in order, until the list or the budget ends.
fn time_until<R>(
    reqs: &[(usize, &R)],
    budget: Duration,
    mut f: impl FnMut(&R) -> Result<bool, BenchError>,
) -> Result<Latency, BenchError> {
    let mut out = Vec::with_capacity(reqs.len());
    let started = Instant::now();
    for (_, r) in reqs {
        let t = Instant::now();
        black_box(f(r)?);
        out.push(t.elapsed());
        if started.elapsed() > budget {
            break;
        }
    }
    Ok(Latency::of(out))
}

/// Runs everything `opts` asks for.
pub fn run(opts: &Options, progress: &mut dyn Progress) -> Result<Report, BenchError> {
    progress.stage(&format!("generating {} recipients", opts.recipients));
    let spec = GenSpec::sized(opts.recipients, opts.seed);
    let t = Instant::now();
    let mut org = generate(&spec, &mut |d, n| progress.generating(d, n))?;
    let generated = t.elapsed();
    let shape = (
        org.recipients().count(),
        org.roles().count(),
        org.assignments().count(),
        org.scopes().count(),
    );

    progress.stage("sampling requests");
    let requests: Vec<Request> = sample_requests(&org, opts.requests, opts.seed)
        .into_iter()
        .filter(|r| r.target.is_some())
        .collect();
    let calls: Vec<Call> = requests.iter().map(Call::of).collect();
    let answers: Vec<bool> = calls.iter().map(|c| c.check(&org)).collect();
    let allowed = answers.iter().filter(|a| **a).count();

    progress.stage("timing exrbac");
    let samples = time_each(&calls, opts.rounds, |c| c.check(&org));
    let check = Latency::of(samples.clone());

    let cmdlets: BTreeSet<String> = calls.iter().map(|c| c.cmdlet.to_string()).collect();
    let mut others = Vec::new();
    if opts.cedar {
        progress.stage("building the Cedar encoding");
        let t = Instant::now();
        let cedar = CedarOrg::build(&org, &cmdlets)?;
        let build = t.elapsed();
        let reqs = calls
            .iter()
            .map(|c| cedar.request(c))
            .collect::<Result<Vec<_>, _>>()?;
        progress.stage("comparing Cedar's answers");
        for (i, (r, ours)) in reqs.iter().zip(&answers).enumerate() {
            let Some(r) = r else { continue };
            let theirs = cedar.decide(r)?;
            if theirs != *ours {
                return Err(mismatch("Cedar", i, &calls, &org, *ours, theirs));
            }
        }
        progress.stage("timing Cedar");
        let paired: Vec<(usize, &cedar::CedarRequest)> = reqs
            .iter()
            .enumerate()
            .filter_map(|(i, r)| r.as_ref().map(|r| (i, r)))
            .collect();
        let theirs = time_until(&paired, opts.other_budget, |r| Ok(cedar.allows(r)))?;
        let n = theirs.samples;
        let same: Vec<usize> = paired.iter().take(n).map(|(i, _)| *i).collect();
        others.push(Other {
            engine: "Cedar",
            size: format!(
                "{} policies in {} action slices, {} entities",
                cedar.policies,
                cmdlets.len(),
                org.recipients().count() + org.ous().count() + org.policies().count()
            ),
            build,
            latency: theirs,
            ours: ours_on(&samples, calls.len(), &same),
            requests: n,
        });
    }
    if opts.casbin {
        progress.stage("building the casbin encoding");
        let t = Instant::now();
        let casbin = CasbinOrg::build(&org, &cmdlets)?;
        let build = t.elapsed();
        let reqs: Vec<Option<casbin_enc::CasbinRequest>> =
            calls.iter().map(|c| casbin.request(c)).collect();
        progress.stage("comparing casbin's answers");
        for (i, (r, ours)) in reqs.iter().zip(&answers).enumerate() {
            let Some(r) = r else { continue };
            let theirs = casbin.decide(r)?;
            if theirs != *ours {
                return Err(mismatch("casbin", i, &calls, &org, *ours, theirs));
            }
        }
        progress.stage("timing casbin");
        let paired: Vec<(usize, &casbin_enc::CasbinRequest)> = reqs
            .iter()
            .enumerate()
            .filter_map(|(i, r)| r.as_ref().map(|r| (i, r)))
            .collect();
        let theirs = time_until(&paired, opts.other_budget, |r| casbin.decide(r))?;
        let n = theirs.samples;
        let same: Vec<usize> = paired.iter().take(n).map(|(i, _)| *i).collect();
        others.push(Other {
            engine: "casbin",
            size: format!(
                "{} policy lines in {} slices, {} grouping lines",
                casbin.policy_lines,
                cmdlets.len(),
                casbin.grouping_lines
            ),
            build,
            latency: theirs,
            ours: ours_on(&samples, calls.len(), &same),
            requests: n,
        });
    }

    progress.stage("scoped Get-Mailbox -ResultSize Unlimited through the shell");
    let scoped_read = writes::scoped_read(&mut org, &requests, if opts.rounds > 3 { 5 } else { 3 });

    progress.stage("saving to SQLite for the cold start and the writes");
    std::fs::create_dir_all(&opts.work_dir)
        .map_err(|e| BenchError::Io(format!("{}: {e}", opts.work_dir.display())))?;
    let db = opts.work_dir.join(format!("bench-{}.db", opts.recipients));
    for suffix in ["", "-wal", "-shm"] {
        let mut p = db.clone().into_os_string();
        p.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(p));
    }
    let db_text = db.display().to_string();
    {
        let mut store = exrbac_store::Store::open(&db_text, true)?;
        store.insert(&mut org)?;
    }
    progress.stage("cold start from SQLite");
    let cold_sqlite = Some(measure::load_from(&db_text)?);
    let cold_postgres = match &opts.postgres {
        Some(url) => {
            progress.stage("cold start from PostgreSQL");
            let mut store = exrbac_store::Store::open(url, true)?;
            if !store
                .organizations()?
                .iter()
                .any(|n| n.eq_ignore_ascii_case(&org.name))
            {
                store.insert(&mut org)?;
            }
            drop(store);
            Some(measure::load_from(url)?)
        }
        None => None,
    };
    let memory = measure::memory().ok();
    let writes = if opts.writes > 0 {
        progress.stage("writes until visible (the server's write path, SQLite)");
        // The generated copy isn't needed any more: the node loads its own.
        let writer = writes::WriteBench::prepare(&org, &requests)?;
        drop(org);
        Some(writer.run(&db_text, opts.writes)?)
    } else {
        None
    };
    Ok(Report {
        recipients: opts.recipients,
        shape,
        generated,
        compared: (calls.len(), allowed),
        check,
        others,
        writes,
        cold_sqlite,
        cold_postgres,
        child: None,
        scoped_read,
        memory,
        store: Some(db_text),
    })
}

fn mismatch(
    engine: &'static str,
    index: usize,
    calls: &[Call<'_>],
    org: &Organization,
    ours: bool,
    theirs: bool,
) -> BenchError {
    BenchError::Mismatch {
        engine,
        index,
        request: calls
            .get(index)
            .map(|c| c.describe(org))
            .unwrap_or_default(),
        ours: yes(ours),
        theirs: yes(theirs),
    }
}

fn us(d: Duration) -> String {
    format!("{:.2} µs", d.as_secs_f64() * 1e6)
}

impl Report {
    /// The ratio for one engine, if it ran.
    pub fn ratio(&self, engine: &str) -> Option<f64> {
        self.others
            .iter()
            .find(|o| o.engine == engine)
            .map(Other::ratio)
    }

    /// The one-line JSON summary. Ratios are their mean time per decision
    /// over exrbac's, on the same requests with identical answers;
    /// `cold_start_s` and `rss_mb` come from the fresh-process cold start
    /// when there was one, else from this process's load.
    pub fn json(&self) -> String {
        let cold = self.child.as_ref().or(self.cold_sqlite.as_ref());
        let v = serde_json::json!({
            "recipients": self.recipients,
            "check_p50_ns": self.check.p50.as_nanos() as u64,
            "check_p99_ns": self.check.p99.as_nanos() as u64,
            "vs_cedar": self.ratio("Cedar").map(|r| (r * 10.0).round() / 10.0),
            "vs_casbin": self.ratio("casbin").map(|r| (r * 10.0).round() / 10.0),
            "write_visible_ms": self.writes.as_ref().map(|w| round3(w.worst().as_secs_f64() * 1e3)),
            "cold_start_s": cold.map(|c| round3(c.seconds)),
            "rss_mb": self.child.as_ref().and_then(|c| c.memory).map(|m| m.rss_mb.round()),
        });
        v.to_string()
    }
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (r, roles, a, s) = self.shape;
        writeln!(
            f,
            "organization: {} recipients asked; {r} recipients and groups, {roles} roles, {a} assignments, {s} scopes; generated in {:.1} s",
            self.recipients,
            self.generated.as_secs_f64()
        )?;
        writeln!(
            f,
            "requests: {} compared across every engine run, {} allowed, {} denied; identical answers",
            self.compared.0,
            self.compared.1,
            self.compared.0 - self.compared.1
        )?;
        writeln!(f)?;
        writeln!(
            f,
            "{:<8} {:>9} {:>12} {:>12} {:>12} {:>10}  notes",
            "engine", "timed", "p50", "p99", "mean", "vs exrbac"
        )?;
        writeln!(
            f,
            "{:<8} {:>9} {:>12} {:>12} {:>12} {:>10}  principal resolved per request",
            "exrbac",
            self.check.samples,
            us(self.check.p50),
            us(self.check.p99),
            us(self.check.mean),
            "1×"
        )?;
        for o in &self.others {
            writeln!(
                f,
                "{:<8} {:>9} {:>12} {:>12} {:>12} {:>10}  {}; built in {:.1} s; exrbac on the same {} requests: mean {}, p50 {} (p50 ratio {:.0}×)",
                o.engine,
                o.latency.samples,
                us(o.latency.p50),
                us(o.latency.p99),
                us(o.latency.mean),
                format!("{:.0}×", o.ratio()),
                o.size,
                o.build.as_secs_f64(),
                o.requests,
                us(o.ours.mean),
                us(o.ours.p50),
                o.ratio_p50()
            )?;
        }
        writeln!(f)?;
        if let Some(w) = &self.writes {
            write!(f, "{w}")?;
        }
        for (label, c) in [
            ("cold start from SQLite (this process)", &self.cold_sqlite),
            (
                "cold start from PostgreSQL (this process)",
                &self.cold_postgres,
            ),
            ("cold start from SQLite (fresh process)", &self.child),
        ] {
            if let Some(c) = c {
                write!(f, "{label}: {:.2} s", c.seconds)?;
                if let Some(m) = c.memory {
                    write!(f, "; resident {:.0} MB, peak {:.0} MB", m.rss_mb, m.hwm_mb)?;
                }
                writeln!(f)?;
            }
        }
        if let Some(s) = &self.scoped_read {
            writeln!(
                f,
                "scoped Get-Mailbox -ResultSize Unlimited as {}: {} mailboxes, best {:.1} ms, median {:.1} ms",
                s.admin,
                s.returned,
                s.best.as_secs_f64() * 1e3,
                s.median.as_secs_f64() * 1e3
            )?;
        }
        if let Some(m) = self.memory {
            writeln!(
                f,
                "this process at the end (generated organization and every engine's copy): resident {:.0} MB, peak {:.0} MB",
                m.rss_mb, m.hwm_mb
            )?;
        }
        Ok(())
    }
}
