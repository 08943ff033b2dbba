//! What every connection's I/O shares: the ring, the buffer pool, the limits, the clock.

use std::time::Instant;

use delay_server::config::Config;

use super::Stats;
use super::token::Key;
use crate::buffers::BufferRing;
use crate::ring::Ring;

/// A log line on standard error, if the server logs. The arguments are not even formatted
/// when it does not.
macro_rules! say {
    ($cx:expr, $($arg:tt)*) => {
        if $cx.log {
            $crate::server::context::log_line(format_args!($($arg)*));
        }
    };
}
pub(crate) use say;

/// The server's state apart from its connections, lent to each connection in turn. One
/// thread owns it, so nothing here needs a lock.
pub struct Context {
    /// The ring every request goes through.
    pub ring: Ring,
    /// The provided buffers every receive takes from.
    pub pool: BufferRing,
    /// The limits.
    pub config: Config,
    /// The time, read once per batch of completions.
    pub now: Instant,
    /// Counters.
    pub stats: Stats,
    /// Whether to print a line per event.
    pub log: bool,
    /// Connections whose receive found the pool empty, to receive again once buffers are back.
    pub starved: Vec<Key>,
}

/// One log line. Errors are ignored: a server must go on serving when nobody reads its
/// standard error any more.
pub fn log_line(line: std::fmt::Arguments<'_>) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr().lock(), "  [io_uring server] {line}");
}
