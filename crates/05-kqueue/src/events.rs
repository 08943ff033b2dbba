//! `Events` and `Event`: what one poll found.

use crate::Token;
use crate::sys::{self, Kevent};

/// A buffer of events, filled by each [`Poll::poll`](crate::Poll::poll).
///
/// Allocate it once with a capacity and reuse it: a poll fills it in place, with no allocation.
/// If more sources are ready than it holds, the rest are reported by the next poll. A source
/// registered for reading *and* writing takes up to two places: kqueue reports each filter
/// as its own event.
pub struct Events {
    pub(crate) buffer: Vec<Kevent>,
}

impl Events {
    /// Room for up to `capacity` events per poll (at least 1).
    pub fn with_capacity(capacity: usize) -> Events {
        Events {
            buffer: Vec::with_capacity(capacity.max(1)),
        }
    }

    /// The events of the last poll.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = Event> + '_ {
        self.buffer.iter().map(|raw| Event { raw: *raw })
    }

    /// How many events the last poll found.
    pub fn len(&self) -> usize {
        self.buffer.len()
    }

    /// Whether the last poll found none (it timed out, or was woken with nothing ready).
    pub fn is_empty(&self) -> bool {
        self.buffer.is_empty()
    }

    /// How many events one poll can report.
    pub fn capacity(&self) -> usize {
        self.buffer.capacity()
    }
}

/// One filter's readiness: a source registered for both directions gives one `Event` for
/// reading and another for writing, where epoll would give one event with both bits set.
///
/// It may be *spurious*: the source may turn out not to be ready after all (another thread
/// read first...). Always read or write until `WouldBlock`, and treat `WouldBlock` as "wait
/// for the next event".
#[derive(Clone, Copy)]
pub struct Event {
    raw: Kevent,
}

impl Event {
    // Copies: a field of a packed struct (macOS) cannot be borrowed.
    fn filter(&self) -> i16 {
        self.raw.filter
    }

    fn has(&self, flag: u16) -> bool {
        let flags = self.raw.flags;
        flags & flag != 0
    }

    /// The token given at registration, back from `udata`.
    pub fn token(&self) -> Token {
        Token(self.raw.udata)
    }

    /// There is data to read, or the read side closed (a read will return at once).
    ///
    /// A [`Waker`](crate::Waker)'s event counts as readable too, as lesson 04's (an eventfd)
    /// does, so that code written for either queue treats it alike.
    pub fn is_readable(&self) -> bool {
        self.filter() == sys::EVFILT_READ || self.filter() == sys::EVFILT_USER
    }

    /// There is room to write.
    pub fn is_writable(&self) -> bool {
        self.filter() == sys::EVFILT_WRITE
    }

    /// The socket has a pending error (read it with `take_error`).
    ///
    /// kqueue has no error filter: a socket error arrives as `EV_EOF` with the errno in
    /// `fflags`. (`EV_ERROR` marks a failed change, which a poll that sends none never sees.)
    pub fn is_error(&self) -> bool {
        let fflags = self.raw.fflags;
        self.has(sys::EV_ERROR) || (self.has(sys::EV_EOF) && fflags != 0)
    }

    /// The peer will send nothing more: a read returns what is left, then 0 (end of file).
    ///
    /// Only the read filter says so: a source registered for writing only does not hear of
    /// it, unlike epoll's `EPOLLHUP`, which comes whatever was asked for.
    pub fn is_read_closed(&self) -> bool {
        self.filter() == sys::EVFILT_READ && self.has(sys::EV_EOF)
    }

    /// Writing is no longer possible: the connection is gone or failed. Only the write filter
    /// says so.
    pub fn is_write_closed(&self) -> bool {
        self.filter() == sys::EVFILT_WRITE && self.has(sys::EV_EOF)
    }
}

impl std::fmt::Debug for Event {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Event")
            .field("token", &self.token())
            .field("readable", &self.is_readable())
            .field("writable", &self.is_writable())
            .field("error", &self.is_error())
            .field("read_closed", &self.is_read_closed())
            .field("write_closed", &self.is_write_closed())
            .finish()
    }
}
