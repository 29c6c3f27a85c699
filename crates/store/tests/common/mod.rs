//! A throwaway PostgreSQL for tests, shared by every test of one test binary
//! that is running at the time, each test getting a database of its own.
//!
//! `EXRBAC_TEST_DATABASE_URL` names a server to use instead (its user needs
//! CREATEDB). Otherwise the server binaries of Debian's `postgresql` package
//! are run from a temporary directory on a free loopback port (as the
//! `postgres` user when we are root, since the server refuses root). When no
//! server can be had, a WARNING banner says so and the test fails, unless
//! `EXRBAC_ALLOW_NO_POSTGRES=1` asks to skip on purpose.
//!
//! Reuse from another package's tests with
//! `#[path = "../../store/tests/common/mod.rs"] mod pg;` and a dev-dependency
//! on `postgres`.

#![allow(dead_code, reason = "each test binary uses a part of the helper")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a test stops loudly on a broken fixture"
)]

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, Weak};

/// A running server; stopped (`pg_ctl stop`) and removed when the last
/// [`Db`] using it is dropped, a panicking test included.
pub struct Server {
    /// A URL for the server's `postgres` database.
    admin_url: String,
    /// Our own server, when we started one.
    own: Option<OwnServer>,
}

struct OwnServer {
    dir: PathBuf,
    bin: PathBuf,
    as_postgres_user: bool,
    /// Set once started: a restart must come back on the same port.
    port: std::sync::atomic::AtomicU16,
}

impl OwnServer {
    fn command(&self, tool: &str) -> Command {
        let exe = self.bin.join(tool);
        if self.as_postgres_user {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(exe);
            c
        } else {
            Command::new(exe)
        }
    }

    fn stop(&self) {
        self.halt();
        let _ = std::fs::remove_dir_all(&self.dir);
    }

    /// Stops the server process, keeping its data.
    fn halt(&self) -> bool {
        let data = self.dir.join("data");
        self.command("pg_ctl")
            .arg("-D")
            .arg(&data)
            .args(["-m", "fast", "-w", "-t", "30", "stop"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    }

    /// Starts the server process on `port`.
    fn start(&self, port: u16) -> Result<(), String> {
        let mut start = self.command("pg_ctl");
        start
            .arg("-D")
            .arg(self.dir.join("data"))
            .arg("-l")
            .arg(self.dir.join("log"))
            .args(["-w", "-t", "60", "-o"])
            .arg(format!(
                "-p {port} -k {} -c listen_addresses=127.0.0.1 -c fsync=off",
                self.dir.display()
            ))
            .arg("start");
        run(start, "pg_ctl start")?;
        self.port.store(port, Ordering::Relaxed);
        Ok(())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(own) = &self.own {
            own.stop();
        }
    }
}

/// A fresh, empty database on the shared server.
pub struct Db {
    /// Its URL.
    pub url: String,
    name: String,
    server: Arc<Server>,
}

impl Db {
    /// The server's URL for another (not yet existing) database.
    pub fn other_url(&self, name: &str) -> String {
        with_database(&self.server.admin_url, name)
    }

    /// Stops the server under every database of this test binary (only a
    /// server these tests started; `false` for a borrowed one), keeping its
    /// data for [`Db::start_server`].
    pub fn stop_server(&self) -> bool {
        self.server.own.as_ref().is_some_and(OwnServer::halt)
    }

    /// Starts again, on the same port, a server [`Db::stop_server`] stopped.
    pub fn start_server(&self) -> Result<(), String> {
        let own = self.server.own.as_ref().ok_or("not our server")?;
        own.start(own.port.load(Ordering::Relaxed))
    }

    /// A plain client on this database, for fixtures.
    pub fn client(&self) -> postgres::Client {
        postgres::Client::connect(&self.url, postgres::NoTls).unwrap()
    }
}

impl Drop for Db {
    fn drop(&mut self) {
        // Our own server goes away whole; on a borrowed one, clean up.
        if self.server.own.is_none()
            && let Ok(mut c) = postgres::Client::connect(&self.server.admin_url, postgres::NoTls)
        {
            let _ = c.batch_execute(&format!(
                "DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)",
                self.name
            ));
        }
    }
}

static SERVER: Mutex<Weak<Server>> = Mutex::new(Weak::new());
static FAILED: Mutex<Option<String>> = Mutex::new(None);
static COUNTER: AtomicUsize = AtomicUsize::new(0);
static BANNER_SHOWN: AtomicBool = AtomicBool::new(false);

/// A fresh database for one test, or `None` when PostgreSQL can't be had
/// and `EXRBAC_ALLOW_NO_POSTGRES=1` says that's acceptable; without it the
/// test fails.
pub fn db(tag: &str) -> Option<Db> {
    let server = match server() {
        Ok(s) => s,
        Err(why) => {
            // Straight to stderr: the test harness captures `eprintln!` of
            // passing tests, and a skip must never be quiet.
            if !BANNER_SHOWN.swap(true, Ordering::Relaxed) {
                let _ = writeln!(
                    std::io::stderr().lock(),
                    "\n==================================================================\n\
                     WARNING: the PostgreSQL tests did NOT run: {why}\n\
                     Install the server (apt-get install -y postgresql) or set\n\
                     EXRBAC_TEST_DATABASE_URL; EXRBAC_ALLOW_NO_POSTGRES=1 skips them.\n\
                     ==================================================================\n"
                );
            }
            if std::env::var("EXRBAC_ALLOW_NO_POSTGRES").is_ok_and(|v| v == "1") {
                return None;
            }
            panic!("no PostgreSQL for the tests: {why}");
        }
    };
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let clean: String = tag
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .take(30)
        .collect();
    let name = format!("exrbac_t{}_{n}_{clean}", std::process::id());
    let mut admin = postgres::Client::connect(&server.admin_url, postgres::NoTls)
        .unwrap_or_else(|e| panic!("the test server stopped answering: {e}"));
    admin
        .batch_execute(&format!("CREATE DATABASE \"{name}\""))
        .unwrap();
    Some(Db {
        url: with_database(&server.admin_url, &name),
        name,
        server,
    })
}

fn server() -> Result<Arc<Server>, String> {
    let mut slot = SERVER.lock().unwrap_or_else(|p| p.into_inner());
    if let Some(s) = slot.upgrade() {
        return Ok(s);
    }
    let mut failed = FAILED.lock().unwrap_or_else(|p| p.into_inner());
    if let Some(why) = failed.as_ref() {
        return Err(why.clone());
    }
    let started = match std::env::var("EXRBAC_TEST_DATABASE_URL") {
        Ok(url) if !url.is_empty() => postgres::Client::connect(&url, postgres::NoTls)
            .map(|_| Server {
                admin_url: url.clone(),
                own: None,
            })
            .map_err(|e| {
                let cause = std::error::Error::source(&e)
                    .map(|c| format!(": {c}"))
                    .unwrap_or_default();
                format!("EXRBAC_TEST_DATABASE_URL ({url}) can't be reached: {e}{cause}")
            }),
        _ => start_own(),
    };
    match started {
        Ok(s) => {
            let s = Arc::new(s);
            *slot = Arc::downgrade(&s);
            Ok(s)
        }
        Err(why) => {
            *failed = Some(why.clone());
            Err(why)
        }
    }
}

/// `url` pointing at database `name` instead.
fn with_database(url: &str, name: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("postgres", url));
    let (before_query, query) = match rest.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (rest, None),
    };
    let authority = before_query.split('/').next().unwrap_or(before_query);
    let mut out = format!("{scheme}://{authority}/{name}");
    if let Some(q) = query {
        out.push('?');
        out.push_str(q);
    }
    out
}

fn newest_bin_dir() -> Option<PathBuf> {
    if let Ok(b) = std::env::var("EXRBAC_PG_BIN") {
        return Some(PathBuf::from(b));
    }
    let mut dirs: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| {
            let e = e.ok()?;
            let v: u32 = e.file_name().to_str()?.parse().ok()?;
            let bin = e.path().join("bin");
            bin.join("pg_ctl").exists().then_some((v, bin))
        })
        .collect();
    dirs.sort();
    dirs.pop().map(|(_, b)| b)
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

fn free_port() -> Result<u16, String> {
    let l = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    l.local_addr().map(|a| a.port()).map_err(|e| e.to_string())
}

fn run(mut c: Command, what: &str) -> Result<(), String> {
    let out = c
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("{what} couldn't run: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{what} failed ({}): {}{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

/// On a fresh machine (as root, with apt) the server binaries are
/// installed once, so the README's one test command suffices; set
/// `EXRBAC_NO_PG_INSTALL=1` to forbid it.
fn install_server() -> Option<PathBuf> {
    if std::env::var_os("EXRBAC_NO_PG_INSTALL").is_some() || !is_root() {
        return None;
    }
    let _ = writeln!(
        std::io::stderr().lock(),
        "exrbac tests: no PostgreSQL server binaries; installing Debian's `postgresql` package"
    );
    // Test processes run in parallel: wait for dpkg's lock rather than fail.
    let apt = |args: &[&str]| {
        Command::new("apt-get")
            .args(["-o", "DPkg::Lock::Timeout=600"])
            .args(args)
            .env("DEBIAN_FRONTEND", "noninteractive")
            .stdin(Stdio::null())
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if newest_bin_dir().is_none() {
        let _ = apt(&["update", "-q"]);
        let _ = apt(&["install", "-y", "-q", "postgresql"]);
    }
    newest_bin_dir()
}

fn start_own() -> Result<Server, String> {
    let bin = newest_bin_dir().or_else(install_server).ok_or(
        "no PostgreSQL server binaries under /usr/lib/postgresql (Debian's `postgresql` package)",
    )?;
    let as_postgres_user = is_root();
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("exrbac-pg-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let own = OwnServer {
        dir: dir.clone(),
        bin,
        as_postgres_user,
        port: std::sync::atomic::AtomicU16::new(0),
    };
    if as_postgres_user {
        let mut c = Command::new("chown");
        c.arg("postgres:").arg(&dir);
        if let Err(e) = run(c, "chown") {
            own.stop();
            return Err(e);
        }
    }
    let data = dir.join("data");
    let mut init = own.command("initdb");
    init.arg("-D")
        .arg(&data)
        .args(["-U", "exrbac", "-A", "trust", "--no-sync"]);
    if let Err(e) = run(init, "initdb") {
        own.stop();
        return Err(e);
    }
    let mut last = String::new();
    // A port found free can be taken before the server binds it: try again.
    for _ in 0..3 {
        let port = free_port()?;
        match own.start(port) {
            Ok(()) => {
                watchdog(&own);
                return Ok(Server {
                    admin_url: format!("postgres://exrbac@127.0.0.1:{port}/postgres"),
                    own: Some(own),
                });
            }
            Err(e) => {
                let log = std::fs::read_to_string(dir.join("log")).unwrap_or_default();
                last = format!("{e}\n{}", tail(&log, 20));
            }
        }
    }
    own.stop();
    Err(last)
}

/// Should this process die without unwinding (SIGKILL, an abort), a small
/// shell loop still stops the server once the process is gone.
fn watchdog(own: &OwnServer) {
    let pg_ctl = own.bin.join("pg_ctl");
    let data = own.dir.join("data");
    let stop = if own.as_postgres_user {
        format!(
            "runuser -u postgres -- '{}' -D '{}' -m immediate stop",
            pg_ctl.display(),
            data.display()
        )
    } else {
        format!(
            "'{}' -D '{}' -m immediate stop",
            pg_ctl.display(),
            data.display()
        )
    };
    let script = format!(
        "while kill -0 {pid} 2>/dev/null; do sleep 1; done; if [ -d '{data}' ]; then {stop}; rm -rf '{dir}'; fi",
        pid = std::process::id(),
        data = data.display(),
        dir = own.dir.display(),
    );
    let _ = Command::new("sh")
        .args(["-c", &script])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn();
}

fn tail(s: &str, n: usize) -> String {
    let lines: Vec<&str> = s.lines().collect();
    lines[lines.len().saturating_sub(n)..].join("\n")
}
