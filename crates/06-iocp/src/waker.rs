//! `Waker`: makes a `poll` in another thread return.

use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use epoll::Token;

use crate::Registry;
use crate::registry::{Shared, WAKER_KEY};

/// Wakes the thread blocked in [`Poll::poll`](crate::Poll::poll): that poll returns a
/// readable event with the waker's token. Many wakes before a poll arrive as one event.
///
/// Nothing needs to become ready for this: `wake` queues a made-up completion packet
/// (`PostQueuedCompletionStatus`), which ends the wait like any other. A flag keeps it to one
/// packet until a poll has taken it. `Waker` is `Send` and `Sync`.
pub struct Waker {
    shared: Arc<Shared>,
    state: Arc<WakerState>,
}

/// A waker as its `Poll` knows it.
pub(crate) struct WakerState {
    /// Unique for the life of the process: a packet names its waker by this number, so a
    /// packet of a dropped waker can never be taken for a newer one's.
    pub(crate) id: usize,
    pub(crate) token: Token,
    /// A packet is queued and not yet taken: further wakes need none.
    pub(crate) queued: AtomicBool,
}

impl Waker {
    /// A waker whose events carry `token`.
    pub fn new(registry: &Registry, token: Token) -> io::Result<Waker> {
        static NEXT_ID: AtomicUsize = AtomicUsize::new(1);
        let state = Arc::new(WakerState {
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            token,
            queued: AtomicBool::new(false),
        });
        let shared = Arc::clone(&registry.shared);
        lock(&shared).push(Arc::clone(&state));
        Ok(Waker { shared, state })
    }

    /// Wakes the poll.
    pub fn wake(&self) -> io::Result<()> {
        if self.state.queued.swap(true, Ordering::AcqRel) {
            return Ok(()); // a packet is already on its way
        }
        // The packet's `lpOverlapped` carries the waker's number, not an address: the poll
        // looks it up among the living wakers, and nothing ever dereferences it.
        let id = std::ptr::without_provenance_mut(self.state.id);
        self.shared.port.post(WAKER_KEY, id, 0).inspect_err(|_| {
            self.state.queued.store(false, Ordering::Release);
        })
    }
}

impl Drop for Waker {
    fn drop(&mut self) {
        // A packet still queued for it will find no match and be ignored.
        lock(&self.shared).retain(|state| !Arc::ptr_eq(state, &self.state));
    }
}

fn lock(shared: &Shared) -> std::sync::MutexGuard<'_, Vec<Arc<WakerState>>> {
    // Each update is one push or retain: a panic elsewhere cannot leave the list torn.
    shared
        .wakers
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}
