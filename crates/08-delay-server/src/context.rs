//! What every connection's I/O shares: the core's environment (limits, clock, counters, log),
//! the buffers, the timers.

use crate::config::{Config, READ_BUFFER};
use crate::protocol::Env;
use crate::slab::Key;
use crate::timers::Timers;

/// The server's state apart from its connections and its queue, lent to each connection in
/// turn. One thread owns it, so nothing here needs a lock.
pub struct Context {
    /// What the protocol core is lent: the limits, the time (read once per turn of the loop,
    /// after `poll` returns), the counters, the log.
    pub env: Env,
    /// The one read buffer ([`READ_BUFFER`] bytes): every connection reads into it in turn.
    pub read_buffer: Vec<u8>,
    /// Responses formatted for the connection being handled, sent by one `write`: one buffer
    /// for every connection, so ten thousand of them hold no output buffer of their own.
    pub batch: Vec<u8>,
    /// `env.stats.responses` when `batch` was last emptied: how many responses it holds is
    /// the difference (for the log).
    pub batch_from: u64,
    /// Every connection's deadlines.
    pub timers: Timers,
    /// Connections that stopped reading to let others have a turn, to continue next turn.
    pub resume: Vec<Key>,
}

impl Context {
    /// A context for a server with these limits.
    pub fn new(config: Config) -> Context {
        Context {
            env: Env::new(config),
            read_buffer: vec![0; READ_BUFFER],
            batch: Vec::with_capacity(4096),
            batch_from: 0,
            timers: Timers::new(),
            resume: Vec::new(),
        }
    }

    /// Empties the batch. Every connection's turn starts with this: responses formatted for
    /// a connection that then failed (a reset in the middle of a read) must never go out on
    /// the next one.
    pub fn clear_batch(&mut self) {
        self.batch.clear();
        self.batch_from = self.env.stats.responses;
    }
}
