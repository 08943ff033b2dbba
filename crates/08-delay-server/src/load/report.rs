//! What the load client is asked to run, and what it reports.

use std::fmt;
use std::net::SocketAddrV4;
use std::time::Duration;

use super::Histogram;

/// What to run.
#[derive(Debug, Clone)]
pub struct Options {
    /// The server.
    pub addr: SocketAddrV4,
    /// Connections open at once (default 50).
    pub connections: usize,
    /// Answers to wait for in all (default 100,000).
    pub requests: u64,
    /// The path of every request (default `/0/x`).
    pub path: String,
    /// Whether to print a progress line every second on stderr (default on).
    pub progress: bool,
}

impl Options {
    /// The defaults, against `addr`.
    pub fn new(addr: SocketAddrV4) -> Options {
        Options {
            addr,
            connections: 50,
            requests: 100_000,
            path: "/0/x".to_string(),
            progress: true,
        }
    }
}

/// What a run measured.
pub struct Report {
    /// The connections asked for, and the path.
    pub connections: usize,
    /// The path of the requests.
    pub path: String,
    /// Answers with status 200.
    pub ok: u64,
    /// Requests that failed: no connection, a reset, a malformed answer, a status other than
    /// 200.
    pub errors: u64,
    /// The first error, to show what went wrong.
    pub first_error: Option<String>,
    /// From the first connect to the last answer.
    pub elapsed: Duration,
    /// The latency of each answered request, from its `write` to the `read` that completed
    /// its answer.
    pub latency: Histogram,
}

impl Report {
    /// Answered requests (200 or not) per second.
    pub fn requests_per_second(&self) -> f64 {
        self.latency.len() as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        writeln!(
            f,
            "{} requests of {} on {} connections: {} ok, {} errors, in {:.2} s",
            self.ok + self.errors,
            self.path,
            self.connections,
            self.ok,
            self.errors,
            self.elapsed.as_secs_f64()
        )?;
        writeln!(f, "requests/s: {:.0}", self.requests_per_second())?;
        write!(
            f,
            "latency: p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
            ms(self.latency.percentile(0.5)),
            ms(self.latency.percentile(0.99)),
            ms(self.latency.max())
        )?;
        if let Some(error) = &self.first_error {
            write!(f, "\nfirst error: {error}")?;
        }
        Ok(())
    }
}
