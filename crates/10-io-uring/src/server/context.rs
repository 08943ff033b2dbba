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
    /// Buffers for responses, between uses.
    pub spare: SpareBuffers,
}

/// Byte buffers no connection is using, for the next responses to be formatted into. A
/// connection holds one only while it has responses to format or send: ten thousand
/// connections waiting out a delay hold none (a `Vec` kept by each would cost them 150 bytes
/// apiece), and a keep-alive connection still does not allocate for each answer.
#[derive(Default)]
pub struct SpareBuffers(Vec<Vec<u8>>);

impl SpareBuffers {
    /// At most this many are kept between uses. More may be in use at once (ten thousand
    /// answers in a burst); those above it are freed as they come back.
    const KEPT: usize = 256;
    /// A buffer grown past this (a long run of pipelined answers) is freed, not kept.
    const LARGEST: usize = 16 * 1024;

    /// An empty buffer: a spare one if there is one, else a new one (with no memory yet).
    pub fn take(&mut self) -> Vec<u8> {
        self.0.pop().unwrap_or_default()
    }

    /// Takes `buffer` back (emptied), unless it has no memory, too much, or enough are kept.
    pub fn give_back(&mut self, mut buffer: Vec<u8>) {
        let capacity = buffer.capacity();
        if capacity > 0 && capacity <= Self::LARGEST && self.0.len() < Self::KEPT {
            buffer.clear();
            self.0.push(buffer);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::SpareBuffers;

    #[test]
    fn spare_buffers_are_reused_emptied_and_bounded() {
        let mut spare = SpareBuffers::default();
        assert_eq!(
            spare.take().capacity(),
            0,
            "none yet: a new one, with no memory"
        );
        let mut buffer = Vec::with_capacity(256);
        buffer.extend_from_slice(b"an answer");
        let address = buffer.as_ptr();
        spare.give_back(buffer);
        let again = spare.take();
        assert!(again.is_empty() && again.capacity() == 256 && again.as_ptr() == address);
        // One with no memory, or too much, is not kept.
        spare.give_back(Vec::new());
        spare.give_back(Vec::with_capacity(SpareBuffers::LARGEST + 1));
        assert_eq!(spare.0.len(), 0);
        // Nor more than KEPT of them.
        for _ in 0..SpareBuffers::KEPT + 10 {
            spare.give_back(Vec::with_capacity(64));
        }
        assert_eq!(spare.0.len(), SpareBuffers::KEPT);
    }
}
