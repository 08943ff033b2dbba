//! `Events` and `Event`: what one poll found.

use std::ffi::c_short;

use super::sys::{POLLERR, POLLHUP, POLLIN, POLLOUT, POLLPRI, POLLRDHUP};
use crate::Token;

/// A buffer of events, filled by each [`Poll::poll`](super::Poll::poll). Allocated once, with
/// its capacity; a poll fills it in place.
pub struct Events {
    buffer: Vec<Event>,
}

impl Events {
    /// Room for up to `capacity` events per poll (at least 1).
    pub fn with_capacity(capacity: usize) -> Events {
        Events {
            buffer: Vec::with_capacity(capacity.max(1)),
        }
    }

    /// The events of the last poll.
    pub fn iter(&self) -> std::iter::Copied<std::slice::Iter<'_, Event>> {
        self.buffer.iter().copied()
    }

    /// How many events the last poll found.
    pub fn len(&self) -> usize {
        self.buffer.len()
    }

    /// Whether the last poll found none.
    pub fn is_empty(&self) -> bool {
        self.buffer.is_empty()
    }

    /// How many events one poll can report.
    pub fn capacity(&self) -> usize {
        self.buffer.capacity()
    }

    pub(super) fn clear(&mut self) {
        self.buffer.clear();
    }

    pub(super) fn is_full(&self) -> bool {
        self.buffer.len() == self.buffer.capacity()
    }

    /// Adds one event; the caller checks `is_full` first, so this never allocates.
    pub(super) fn push(&mut self, token: Token, revents: c_short) {
        self.buffer.push(Event { token, revents });
    }
}

/// One source's readiness: its token and what `poll(2)` wrote in its `revents`. It may be
/// spurious: read or write until `WouldBlock`.
#[derive(Clone, Copy)]
pub struct Event {
    token: Token,
    revents: c_short,
}

impl Event {
    fn has(&self, bits: c_short) -> bool {
        self.revents & bits != 0
    }

    /// The token given at registration.
    pub fn token(&self) -> Token {
        self.token
    }

    /// There is data to read, or the read side closed (a read returns at once).
    pub fn is_readable(&self) -> bool {
        self.has(POLLIN | POLLPRI)
    }

    /// There is room to write.
    pub fn is_writable(&self) -> bool {
        self.has(POLLOUT)
    }

    /// The socket has a pending error.
    pub fn is_error(&self) -> bool {
        self.has(POLLERR)
    }

    /// The peer will send nothing more: HUP (both directions), or RDHUP (its writing side).
    pub fn is_read_closed(&self) -> bool {
        self.has(POLLHUP) || (self.has(POLLIN) && self.has(POLLRDHUP))
    }

    /// Writing is no longer possible.
    pub fn is_write_closed(&self) -> bool {
        self.has(POLLHUP) || (self.has(POLLOUT) && self.has(POLLERR)) || self.revents == POLLERR
    }
}

impl std::fmt::Debug for Event {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Event")
            .field("token", &self.token)
            .field("revents", &format_args!("{:#x}", self.revents))
            .finish()
    }
}
