//! What every connection's I/O shares: the ring, the buffer pool, and lesson 08's protocol
//! environment (the limits, the clock, the counters, the log).

use delay_server::protocol::Env;
use delay_server::slab::Key;

use crate::buffers::BufferRing;
use crate::ring::Ring;

/// The server's state apart from its connections, lent to each connection in turn. One
/// thread owns it, so nothing here needs a lock.
pub struct Context {
    /// The ring every request goes through.
    pub ring: Ring,
    /// The provided buffers every receive takes from.
    pub pool: BufferRing,
    /// What the protocol core is lent; its clock is read once per batch of completions.
    pub env: Env,
    /// Connections whose receive found the pool empty, to receive again once buffers are back.
    pub starved: Vec<Key>,
}
