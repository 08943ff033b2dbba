//! `Waker`: makes a `poll` in another thread return.

use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use epoll::Token;

use crate::Registry;
use crate::events::Event;
use crate::port::Port;
use crate::sys::afd::AFD_POLL_RECEIVE;
use crate::sys::kernel32::OVERLAPPED_ENTRY;

/// The completion key of every waker's packet.
pub(crate) const KEY: usize = 2;

/// Wakes the thread blocked in [`Poll::poll`](crate::Poll::poll): that poll returns a
/// readable event with the waker's token. Many wakes before a poll arrive as one event.
///
/// Nothing needs to become ready for this: `wake` queues a made-up completion packet
/// (`PostQueuedCompletionStatus`), which ends the wait like any other. A flag keeps it to one
/// packet until a poll has taken it. `Waker` is `Send` and `Sync`.
pub struct Waker {
    port: Arc<Port>,
    state: Arc<WakerState>,
}

/// What a waker's packet carries: like an AFD poll's `SockState`, one reference lent to the
/// port (`Arc::into_raw`) and taken back with the packet (`Arc::from_raw`).
struct WakerState {
    token: Token,
    /// A packet is queued and not yet taken: further wakes need none.
    queued: AtomicBool,
}

impl Waker {
    /// A waker whose events carry `token`.
    pub fn new(registry: &Registry, token: Token) -> io::Result<Waker> {
        Ok(Waker {
            port: Arc::clone(registry.port()),
            state: Arc::new(WakerState {
                token,
                queued: AtomicBool::new(false),
            }),
        })
    }

    /// Wakes the poll.
    pub fn wake(&self) -> io::Result<()> {
        if self.state.queued.swap(true, Ordering::AcqRel) {
            return Ok(()); // a packet is already on its way
        }
        let lent = Arc::into_raw(Arc::clone(&self.state));
        // Windows never dereferences the pointer: it comes back in the packet, to `take`.
        self.port
            .post(KEY, lent.cast_mut().cast(), 0)
            .inspect_err(|_| {
                // SAFETY: the post failed, so no packet carries `lent`: this is its only use.
                drop(unsafe { Arc::from_raw(lent) });
                self.state.queued.store(false, Ordering::Release);
            })
    }
}

/// Takes back the reference a waker's packet lent, and says what the poll reports: the
/// waker's event, or nothing if the waker has been dropped since (the packet's reference was
/// the last one).
///
/// # Safety
///
/// `entry` must have been taken from a port and carry [`KEY`]: then its `lpOverlapped` is
/// the `Arc::into_raw` of `wake`, used here exactly once.
pub(crate) unsafe fn take(entry: &OVERLAPPED_ENTRY) -> Option<Event> {
    // SAFETY: by the caller's promise, one reference lent by `wake`, taken back once.
    let state = unsafe { Arc::from_raw(entry.lpOverlapped.cast_const().cast::<WakerState>()) };
    // Cleared before the event is seen: a wake from now on queues a new packet.
    state.queued.store(false, Ordering::Release);
    (Arc::strong_count(&state) > 1).then_some(Event {
        token: state.token,
        afd: AFD_POLL_RECEIVE,
    })
}

impl Drop for Waker {
    /// The last owner of the port (the `Poll` and every other waker are gone) takes back
    /// what packets are still queued: closing the port would discard them with the
    /// references they lend. Only wakes made after the `Poll` was dropped leave any.
    fn drop(&mut self) {
        let Some(port) = Arc::get_mut(&mut self.port) else {
            return; // someone still shares the port: its last owner will do this
        };
        let mut entries = [OVERLAPPED_ENTRY::zeroed(); 16];
        while let Ok(taken @ 1..) = port.wait(&mut entries, Some(Duration::ZERO)) {
            for entry in entries[..taken].iter().filter(|e| e.lpCompletionKey == KEY) {
                // SAFETY: taken from the port with the waker key, which only `wake` posts: the
                // pointer is a reference it lent. Dropped here; nobody is told.
                let _ = unsafe { take(entry) };
            }
        }
    }
}

#[cfg(test)]
impl Waker {
    /// Its state, for a test to watch when the last reference to it goes.
    pub(crate) fn state(&self) -> std::sync::Weak<impl Sized + use<>> {
        Arc::downgrade(&self.state)
    }
}
