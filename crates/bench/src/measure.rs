//! Cold start and resident memory.

use crate::BenchError;
use std::time::Instant;

/// Resident memory of this process, from `/proc/self/status`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Memory {
    /// VmRSS in MB (10^6 bytes).
    pub rss_mb: f64,
    /// VmHWM (peak resident) in MB.
    pub hwm_mb: f64,
}

/// A load of the organization from a store.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ColdStart {
    /// Opening the store and loading the organization, in seconds.
    pub seconds: f64,
    /// The process's memory right after, when measured.
    pub memory: Option<Memory>,
}

/// This process's resident memory now.
pub fn memory() -> Result<Memory, BenchError> {
    let status = std::fs::read_to_string("/proc/self/status")
        .map_err(|e| BenchError::Io(format!("/proc/self/status: {e}")))?;
    let field = |name: &str| -> Result<f64, BenchError> {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|rest| {
                rest.trim()
                    .trim_end_matches("kB")
                    .trim()
                    .parse::<f64>()
                    .ok()
            })
            .map(|kb| kb * 1024.0 / 1e6)
            .ok_or_else(|| BenchError::Io(format!("no {name} in /proc/self/status")))
    };
    Ok(Memory {
        rss_mb: field("VmRSS:")?,
        hwm_mb: field("VmHWM:")?,
    })
}

/// Opens the store and loads its first organization, timed.
pub(crate) fn load_from(db: &str) -> Result<ColdStart, BenchError> {
    let t = Instant::now();
    let store = exrbac_store::Store::open(db, false)?;
    let org = store.load(None)?;
    let seconds = t.elapsed().as_secs_f64();
    drop(org);
    Ok(ColdStart {
        seconds,
        memory: None,
    })
}

/// A cold start as a fresh `serve` process has it: open the store, load the
/// organization, then read the process's resident memory with it loaded.
/// Meant to run in a process of its own, so that nothing else is resident.
pub fn cold_start(db: &str) -> Result<ColdStart, BenchError> {
    let t = Instant::now();
    let store = exrbac_store::Store::open(db, false)?;
    let org = store.load(None)?;
    let seconds = t.elapsed().as_secs_f64();
    let memory = memory()?;
    std::hint::black_box(&org);
    Ok(ColdStart {
        seconds,
        memory: Some(memory),
    })
}
