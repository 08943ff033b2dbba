//! `Poll`: readiness events out of a completion port.

use std::io;
use std::os::windows::io::{AsRawHandle, RawHandle};
use std::sync::Arc;
use std::time::{Duration, Instant};

use epoll::deadline::wait_until_deadline;

use crate::sock_state::{Outcome, SockState};
use crate::sys::kernel32::OVERLAPPED_ENTRY;
use crate::{Event, Events, Registry, afd, waker};

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
    /// rather than not at all, and one longer than a single wait can express (about 24.8
    /// days) waits again for the rest. A wait that ends with nothing for the caller (only a
    /// cancelled poll came back, or the timer fired a little early) waits again for the time
    /// that is left. See the type's documentation for when a socket is reported again.
    pub fn poll(&mut self, events: &mut Events, timeout: Option<Duration>) -> io::Result<()> {
        events.events.clear();
        let Poll { registry, rearm } = self;
        // Start the next poll of every socket reported last time (see "Edge-triggered on
        // IOCP"). A socket whose poll cannot start stays on the list, to be tried again by
        // the next call; the first such failure is returned after every socket had its turn.
        let mut failed = None;
        for state in std::mem::take(rearm) {
            if let Err(error) = poll_again(registry, state, rearm) {
                failed.get_or_insert(error);
            }
        }
        if let Some(error) = failed {
            return Err(error);
        }
        wait_until_deadline(timeout, |left| {
            let taken = registry.port().wait(&mut events.entries, left)?;
            for entry in &events.entries[..taken] {
                if let Some(event) = take(registry, rearm, entry) {
                    events.events.push(event);
                }
            }
            Ok(!events.events.is_empty())
        })
    }
}

/// Makes sense of one completion packet: at most one event. A socket that produced one goes
/// on `rearm`, to be polled again when the next `poll` call begins.
fn take(
    registry: &Registry,
    rearm: &mut Vec<Arc<SockState>>,
    entry: &OVERLAPPED_ENTRY,
) -> Option<Event> {
    match entry.lpCompletionKey {
        afd::KEY => {
            // SAFETY: taken from this port with the AFD key, which only AFD polls carry.
            let state = unsafe { SockState::from_packet(registry.afd(), entry) };
            match state.complete() {
                Outcome::Event(event) => {
                    rearm.push(state);
                    Some(event)
                }
                // Poll again at once; if that cannot start, the next call retries it (and
                // reports why).
                Outcome::Again => {
                    let _ = poll_again(registry, state, rearm);
                    None
                }
                Outcome::Gone => {
                    registry.forget(&state);
                    None
                }
            }
        }
        // SAFETY: taken from this port with the waker key, which only wakers' packets carry.
        waker::KEY => unsafe { waker::take(entry) },
        _ => None, // nothing else is ever joined to this port
    }
}

/// Starts the next AFD poll of `state`; a socket found closed leaves the registry, and one
/// whose poll cannot start goes on `retry`.
fn poll_again(
    registry: &Registry,
    state: Arc<SockState>,
    retry: &mut Vec<Arc<SockState>>,
) -> io::Result<()> {
    match state.update(registry.afd()) {
        Ok(()) => {
            if state.is_deleted() {
                registry.forget(&state);
            }
            Ok(())
        }
        Err(error) => {
            retry.push(state);
            Err(error)
        }
    }
}

impl Drop for Poll {
    /// End every poll, and take back the memory of each as its completion arrives (and the
    /// references of wakers' packets still queued). A poll that does not complete within a
    /// second keeps its memory forever (leaked): the kernel may still write into it.
    fn drop(&mut self) {
        self.registry.clear();
        self.rearm.clear();
        let deadline = Instant::now() + Duration::from_secs(1);
        let mut entries = [OVERLAPPED_ENTRY::zeroed(); 64];
        loop {
            // Until every poll is back, wait for them; then one last look, without waiting.
            let left = match self.registry.afd().in_flight() {
                0 => Duration::ZERO,
                _ => deadline.saturating_duration_since(Instant::now()),
            };
            let Ok(taken @ 1..) = self.registry.port().wait(&mut entries, Some(left)) else {
                return; // all taken, or out of time: leave the rest leaked
            };
            for entry in &entries[..taken] {
                // Each lent reference is dropped here: nothing is reported any more.
                let _ = take(&self.registry, &mut self.rearm, entry);
            }
            self.rearm.clear();
        }
    }
}

impl AsRawHandle for Poll {
    /// The completion port itself (to inspect it; do not join other handles to it).
    fn as_raw_handle(&self) -> RawHandle {
        self.registry.port().raw()
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::Poll;
    use crate::{Events, Token, Waker};

    #[test]
    fn a_packet_of_a_dropped_waker_reports_nothing_and_frees_its_state() {
        let mut poll = Poll::new().unwrap();
        let waker = Waker::new(poll.registry(), Token(1)).unwrap();
        let state = waker.state();
        waker.wake().unwrap();
        drop(waker);
        assert_eq!(state.strong_count(), 1, "the queued packet's reference");
        let mut events = Events::with_capacity(4);
        poll.poll(&mut events, Some(Duration::from_millis(100)))
            .unwrap();
        assert!(events.is_empty(), "{:?}", events.iter().collect::<Vec<_>>());
        assert_eq!(state.strong_count(), 0, "taking the packet freed it");
    }

    #[test]
    fn dropping_the_poll_takes_back_what_queued_packets_lend() {
        let poll = Poll::new().unwrap();
        let waker = Waker::new(poll.registry(), Token(1)).unwrap();
        let state = waker.state();
        waker.wake().unwrap();
        assert_eq!(state.strong_count(), 2, "the waker's and the packet's");
        drop(poll);
        assert_eq!(state.strong_count(), 1);
        // A wake with no Poll left still queues a packet: the last owner of the port (this
        // waker) takes it back when it goes.
        waker.wake().unwrap();
        assert_eq!(state.strong_count(), 2);
        drop(waker);
        assert_eq!(state.strong_count(), 0);
    }
}
