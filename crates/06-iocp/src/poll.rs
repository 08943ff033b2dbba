//! `Poll`: readiness events out of a completion port.

use std::io;
use std::os::windows::io::{AsRawHandle, RawHandle};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use crate::registry::{AFD_KEY, Shared, WAKER_KEY};
use crate::sock_state::{Outcome, SockState};
use crate::sys::afd::AFD_POLL_RECEIVE;
use crate::sys::kernel32::OVERLAPPED_ENTRY;
use crate::{Event, Events, Registry};

/// The event queue: a completion port, and an AFD helper handle joined to it. Register sockets
/// through its [`Registry`], then call [`Poll::poll`] to wait until some of them are ready.
///
/// # Edge-triggered on IOCP
///
/// AFD polls are oneshot: each one answers once, and must be started again to hear more. And
/// they are level-sensitive: a poll started while a socket has unread data answers at once.
/// An edge-triggered queue would start the next poll only after the caller has read until
/// `WouldBlock`; mio can, because its own socket types see that `WouldBlock`. This API takes any
/// socket (`std`'s, lesson 03's), whose reads it never sees, and a poll started later than the
/// caller's `WouldBlock` could miss the next data for good. So every mode except oneshot
/// **starts the next poll when the next `poll` call begins**, and:
///
/// - A socket reported by one `poll` call is reported again by the next one if, when that call
///   begins, the reason still holds: unread data or a connection not yet accepted (readable),
///   room in the send buffer (writable, if asked for).
/// - It is never reported twice by one call, and not again once the reason is gone (you read
///   or accepted until `WouldBlock`, or filled the send buffer), until something new happens.
///   New data after your `WouldBlock` is always reported.
/// - Edge-triggered reports the events that can happen only once in a connection's life (a
///   peer's shutdown, a reset, a failed connect) once; level-triggered on every call, as epoll
///   does. This is the only difference between the two modes here.
/// - Oneshot reports one event, then waits only for the socket's close until `reregister`.
///
/// Code written for edge-triggered queues (read until `WouldBlock` after each event) works
/// unchanged; the repeats are the spurious events every caller must tolerate. What costs is
/// asking for what you will not consume: a socket registered `WRITABLE` with nothing to write
/// makes every `poll` return at once. Ask for `WRITABLE` only while you have bytes waiting.
pub struct Poll {
    registry: Registry,
    /// Sockets that produced an event in the last call: polled again when the next begins.
    rearm: Vec<Arc<SockState>>,
}

impl Poll {
    /// A new queue watching nothing.
    pub fn new() -> io::Result<Poll> {
        Ok(Poll {
            registry: Registry::new()?,
            rearm: Vec::new(),
        })
    }

    /// The registry of this queue.
    pub fn registry(&self) -> &Registry {
        &self.registry
    }

    /// Waits until at least one socket is ready, or `timeout` passes (`None`: forever), and
    /// fills `events` with what is ready (empty after a timeout).
    ///
    /// The port counts in whole milliseconds, so a timeout is rounded *up*: 1 µs waits 1 ms
    /// rather than not at all, and one longer than the port can express (about 49.7 days)
    /// waits again for the rest. A wait that ends with nothing for the caller (only a
    /// cancelled poll came back, or the timer fired a little early) waits again for the time
    /// that is left. See the type's documentation for when a socket is reported again.
    pub fn poll(&mut self, events: &mut Events, timeout: Option<Duration>) -> io::Result<()> {
        events.events.clear();
        let shared = Arc::clone(&self.registry.shared);
        // Start the next poll of every socket reported last time (see "Edge-triggered on
        // IOCP"). A socket whose poll cannot start stays on the list, to be tried again by
        // the next call; the first such failure is returned after every socket had its turn.
        let mut failed = None;
        for state in std::mem::take(&mut self.rearm) {
            if let Err(error) = poll_again(&shared, state, &mut self.rearm) {
                failed.get_or_insert(error);
            }
        }
        if let Some(error) = failed {
            return Err(error);
        }
        let deadline = timeout.and_then(|timeout| Instant::now().checked_add(timeout));
        // A timeout so long that the clock cannot express its end is, in practice, forever.
        let mut left = deadline.and(timeout);
        loop {
            let taken = shared.port.wait(&mut events.entries, left)?;
            for i in 0..taken {
                let entry = events.entries[i];
                self.take(&entry, &mut events.events);
            }
            if !events.events.is_empty() {
                return Ok(());
            }
            // Nothing for the caller yet: wait again for what is left (or forever).
            if let Some(deadline) = deadline {
                match deadline.checked_duration_since(Instant::now()) {
                    Some(rest) if !rest.is_zero() => left = Some(rest),
                    _ => return Ok(()),
                }
            }
        }
    }

    /// Makes sense of one completion packet: at most one event.
    fn take(&mut self, entry: &OVERLAPPED_ENTRY, events: &mut Vec<Event>) {
        let shared = &self.registry.shared;
        match entry.lpCompletionKey {
            AFD_KEY => {
                // SAFETY: taken from this port with AFD_KEY, which only AFD polls carry.
                let state = unsafe { shared.take(entry) };
                match state.complete() {
                    Outcome::Event(event) => {
                        events.push(event);
                        self.rearm.push(state);
                    }
                    // Poll again at once; if that cannot start, the next call retries it
                    // (and reports why).
                    Outcome::Again => {
                        let _ = poll_again(shared, state, &mut self.rearm);
                    }
                    Outcome::Gone => shared.forget(&state),
                }
            }
            WAKER_KEY => {
                let wakers = shared
                    .wakers
                    .lock()
                    .unwrap_or_else(|poisoned| poisoned.into_inner());
                // The packet carries a waker's number (see `Waker::wake`): a packet of a
                // waker dropped since matches none and is ignored.
                let id = entry.lpOverlapped.addr();
                if let Some(waker) = wakers.iter().find(|waker| waker.id == id) {
                    // Cleared before the event is seen: a wake from now on queues a new packet.
                    waker.queued.store(false, Ordering::Release);
                    events.push(Event {
                        token: waker.token,
                        afd: AFD_POLL_RECEIVE,
                    });
                }
            }
            _ => {} // nothing else is ever joined to this port
        }
    }
}

/// Starts the next AFD poll of `state`; a socket found closed leaves the registry, and one
/// whose poll cannot start goes on `retry`.
fn poll_again(
    shared: &Shared,
    state: Arc<SockState>,
    retry: &mut Vec<Arc<SockState>>,
) -> io::Result<()> {
    match state.update(shared) {
        Ok(()) => {
            if state.is_deleted() {
                shared.forget(&state);
            }
            Ok(())
        }
        Err(error) => {
            retry.push(state);
            Err(error)
        }
    }
}

impl AsRawHandle for Poll {
    /// The completion port itself (to inspect it; do not join other handles to it).
    fn as_raw_handle(&self) -> RawHandle {
        self.registry.shared.port.raw()
    }
}
