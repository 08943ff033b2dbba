//! What every connection's I/O shares: the limits, the clock, the buffers, the timers.

use std::time::Instant;

use crate::config::{Config, READ_BUFFER};
use crate::log::Log;
use crate::server::Stats;
use crate::slab::Key;
use crate::timers::Timers;

/// The server's state apart from its connections and its queue, lent to each connection in
/// turn. One thread owns it, so nothing here needs a lock.
pub struct Context {
    /// The limits.
    pub config: Config,
    /// The time, read once per turn of the loop (after `poll` returns): every deadline in a
    /// turn is measured from the same instant, and the clock is read once, not per request.
    pub now: Instant,
    /// The one read buffer ([`READ_BUFFER`] bytes): every connection reads into it in turn.
    pub read_buffer: Vec<u8>,
    /// Responses formatted for the connection being handled, sent by one `write`.
    pub batch: Vec<u8>,
    /// How many responses are in `batch` (for the log).
    pub batched: usize,
    /// Every connection's deadlines.
    pub timers: Timers,
    /// Connections that stopped reading to let others have a turn, to continue next turn.
    pub resume: Vec<Key>,
    /// Counters.
    pub stats: Stats,
    /// The log, if lines are printed.
    pub log: Option<Log>,
}

impl Context {
    /// A context for a server with these limits.
    pub fn new(config: Config) -> Context {
        Context {
            config,
            now: Instant::now(),
            read_buffer: vec![0; READ_BUFFER],
            batch: Vec::with_capacity(4096),
            batched: 0,
            timers: Timers::new(),
            resume: Vec::new(),
            stats: Stats::default(),
            log: None,
        }
    }

    /// Empties the batch. Every connection's turn starts with this: responses formatted for
    /// a connection that then failed (a reset in the middle of a read) must never go out on
    /// the next one.
    pub fn clear_batch(&mut self) {
        self.batch.clear();
        self.batched = 0;
    }
}
