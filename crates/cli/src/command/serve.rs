//! `exrbac serve`: the HTTP/JSON service on the store.

use anyhow::{Context, Result};
use exrbac_server::{AppState, Config, node::Node};
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

#[derive(clap::Args)]
pub struct Args {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: String,
    /// Largest request body, in bytes.
    #[arg(long, default_value_t = 1024 * 1024)]
    max_body: usize,
    /// Requests per second per token (0: unlimited); bursts to twice that.
    #[arg(long, default_value_t = 100_000)]
    rate_limit: u32,
    /// Longest a read request may take, in seconds.
    #[arg(long, default_value_t = 30)]
    timeout: u64,
    /// Worker threads (default: one per core).
    #[arg(long)]
    threads: Option<usize>,
    /// Log lines as JSON.
    #[arg(long)]
    log_json: bool,
    /// Serve HTTPS with this PEM certificate chain (needs --tls-key).
    #[arg(long, requires = "tls_key")]
    tls_cert: Option<std::path::PathBuf>,
    /// The PEM private key of --tls-cert.
    #[arg(long, requires = "tls_cert")]
    tls_key: Option<std::path::PathBuf>,
}

pub fn run(db: &Path, args: &Args) -> Result<ExitCode> {
    init_logs(args.log_json);
    // Bad certificate files are reported before anything is loaded.
    let tls = match (&args.tls_cert, &args.tls_key) {
        (Some(c), Some(k)) => Some(exrbac_server::tls::load(c, k)?),
        _ => None,
    };
    let (store, _) = crate::store::open_or_create(db)?;
    let location = store.location();
    let node = Node::new(store);
    let count = node.load_all()?;
    let config = Config {
        max_body: args.max_body,
        rate_limit: args.rate_limit,
        request_timeout: Duration::from_secs(args.timeout.max(1)),
        ..Config::default()
    };
    let state = AppState::new(node, config.clone());
    let stop = Arc::new(AtomicBool::new(false));
    exrbac_server::follow_store(
        state.node.clone(),
        crate::store::db_text(db),
        &config,
        stop.clone(),
    );
    let mut rt = tokio::runtime::Builder::new_multi_thread();
    rt.enable_all();
    if let Some(n) = args.threads {
        rt.worker_threads(n.max(1));
    }
    let rt = rt.build().context("can't start the runtime")?;
    rt.block_on(async {
        let listener = tokio::net::TcpListener::bind(&args.listen)
            .await
            .with_context(|| format!("can't listen on {}", args.listen))?;
        let addr = listener.local_addr()?;
        let scheme = if tls.is_some() { "https" } else { "http" };
        tracing::info!(%addr, store = %location, organizations = count, scheme, "serving");
        // Tests and scripts read the address from this line.
        println!("exrbac: listening on {scheme}://{addr}");
        use std::io::Write;
        std::io::stdout().flush()?;
        let app = exrbac_server::router(state);
        match tls {
            Some(config) => {
                let listener = exrbac_server::tls::TlsListener::new(listener, config)?;
                axum::serve(listener, app)
                    .with_graceful_shutdown(exrbac_server::shutdown_signal())
                    .await
            }
            None => {
                axum::serve(listener, app)
                    .with_graceful_shutdown(exrbac_server::shutdown_signal())
                    .await
            }
        }
        .context("the server failed")?;
        anyhow::Ok(())
    })?;
    stop.store(true, Ordering::Relaxed);
    tracing::info!("stopped; every request in flight was answered");
    Ok(ExitCode::SUCCESS)
}

fn init_logs(json: bool) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("EXRBAC_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    use std::io::IsTerminal;
    // Colour only for people: a log file or collector gets plain text.
    let b = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::stderr().is_terminal())
        .with_writer(std::io::stderr);
    if json {
        b.json().init();
    } else {
        b.init();
    }
}
