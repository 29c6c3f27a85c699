//! Prometheus metrics in the text exposition format: request counts by
//! route and status, decision counts, a latency histogram, and each
//! organization's revision. Plain atomics: a scrape never blocks a request.

use std::fmt::Write;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// Upper bounds of the latency buckets, in seconds.
const BUCKETS: [f64; 12] = [
    0.000_05, 0.000_1, 0.000_25, 0.000_5, 0.001, 0.002_5, 0.005, 0.01, 0.025, 0.1, 0.5, 2.5,
];

#[derive(Default)]
struct Histogram {
    counts: [AtomicU64; BUCKETS.len()],
    total: AtomicU64,
    sum_ns: AtomicU64,
}

/// The node's counters.
#[derive(Default)]
pub struct Metrics {
    requests: Mutex<Vec<(String, u16, u64)>>,
    latency: Histogram,
    /// Decisions answered allowed.
    pub allowed: AtomicU64,
    /// Decisions answered denied.
    pub denied: AtomicU64,
    /// Scripts run through invoke.
    pub invocations: AtomicU64,
}

impl Metrics {
    /// Counts one request of a route with its status and duration.
    pub fn record(&self, route: &str, status: u16, took: Duration) {
        {
            let mut reqs = self.requests.lock().unwrap_or_else(|p| p.into_inner());
            match reqs.iter_mut().find(|(r, s, _)| r == route && *s == status) {
                Some(e) => e.2 += 1,
                None => reqs.push((route.to_string(), status, 1)),
            }
        }
        let secs = took.as_secs_f64();
        for (i, b) in BUCKETS.iter().enumerate() {
            if secs <= *b
                && let Some(c) = self.latency.counts.get(i)
            {
                c.fetch_add(1, Ordering::Relaxed);
            }
        }
        self.latency.total.fetch_add(1, Ordering::Relaxed);
        let ns = u64::try_from(took.as_nanos()).unwrap_or(u64::MAX);
        self.latency.sum_ns.fetch_add(ns, Ordering::Relaxed);
    }

    /// The exposition text; `revisions` are (organization, revision).
    pub fn render(&self, revisions: &[(String, u64)]) -> String {
        let mut s = String::new();
        s.push_str(
            "# HELP exrbac_http_requests_total HTTP requests answered, by route and status.\n",
        );
        s.push_str("# TYPE exrbac_http_requests_total counter\n");
        {
            let reqs = self.requests.lock().unwrap_or_else(|p| p.into_inner());
            for (route, status, n) in reqs.iter() {
                let _ = writeln!(
                    s,
                    "exrbac_http_requests_total{{route=\"{}\",status=\"{status}\"}} {n}",
                    escape(route)
                );
            }
        }
        s.push_str("# HELP exrbac_http_request_duration_seconds Time to answer a request.\n");
        s.push_str("# TYPE exrbac_http_request_duration_seconds histogram\n");
        for (i, b) in BUCKETS.iter().enumerate() {
            let n = self
                .latency
                .counts
                .get(i)
                .map_or(0, |c| c.load(Ordering::Relaxed));
            let _ = writeln!(
                s,
                "exrbac_http_request_duration_seconds_bucket{{le=\"{b}\"}} {n}"
            );
        }
        let total = self.latency.total.load(Ordering::Relaxed);
        let _ = writeln!(
            s,
            "exrbac_http_request_duration_seconds_bucket{{le=\"+Inf\"}} {total}"
        );
        let sum = self.latency.sum_ns.load(Ordering::Relaxed) as f64 / 1e9;
        let _ = writeln!(s, "exrbac_http_request_duration_seconds_sum {sum}");
        let _ = writeln!(s, "exrbac_http_request_duration_seconds_count {total}");
        s.push_str("# HELP exrbac_decisions_total Decisions answered, by result.\n");
        s.push_str("# TYPE exrbac_decisions_total counter\n");
        let _ = writeln!(
            s,
            "exrbac_decisions_total{{result=\"allowed\"}} {}",
            self.allowed.load(Ordering::Relaxed)
        );
        let _ = writeln!(
            s,
            "exrbac_decisions_total{{result=\"denied\"}} {}",
            self.denied.load(Ordering::Relaxed)
        );
        s.push_str("# HELP exrbac_invocations_total Scripts run through /v1/invoke.\n");
        s.push_str("# TYPE exrbac_invocations_total counter\n");
        let _ = writeln!(
            s,
            "exrbac_invocations_total {}",
            self.invocations.load(Ordering::Relaxed)
        );
        s.push_str("# HELP exrbac_revision The revision of each organization this node serves.\n");
        s.push_str("# TYPE exrbac_revision gauge\n");
        for (org, rev) in revisions {
            let _ = writeln!(
                s,
                "exrbac_revision{{organization=\"{}\"}} {rev}",
                escape(org)
            );
        }
        s
    }
}

fn escape(v: &str) -> String {
    v.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}
