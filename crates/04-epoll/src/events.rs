//! `Events` and `Event`: what one poll found.

use crate::Token;
use crate::sys::{self, EpollEvent};

/// A buffer of events, filled by each [`Poll::poll`](crate::Poll::poll).
///
/// Allocate it once with a capacity and reuse it: a poll fills it in place, with no allocation.
/// If more sources are ready than it holds, the rest are reported by the next poll.
pub struct Events {
    pub(crate) buffer: Vec<EpollEvent>,
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

/// One source's readiness. It may be *spurious*: the source may turn out not to be ready
/// after all (another thread read first, a checksum failed...). Always read or write until
/// `WouldBlock`, and treat `WouldBlock` as "wait for the next event".
#[derive(Clone, Copy)]
pub struct Event {
    raw: EpollEvent,
}

impl Event {
    fn flags(&self) -> u32 {
        // A copy: a field of a packed struct cannot be borrowed.
        self.raw.events
    }

    fn has(&self, bits: u32) -> bool {
        self.flags() & bits != 0
    }

    /// The token given at registration.
    pub fn token(&self) -> Token {
        let data = self.raw.data;
        Token(data as usize)
    }

    /// There is data to read, or the read side closed (a read will return at once).
    pub fn is_readable(&self) -> bool {
        self.has(sys::EPOLLIN | sys::EPOLLPRI)
    }

    /// There is room to write.
    pub fn is_writable(&self) -> bool {
        self.has(sys::EPOLLOUT)
    }

    /// The socket has a pending error (read it with `take_error`).
    pub fn is_error(&self) -> bool {
        self.has(sys::EPOLLERR)
    }

    /// The peer will send nothing more: a read returns what is left, then 0 (end of file).
    pub fn is_read_closed(&self) -> bool {
        // HUP: both directions are gone. RDHUP (asked for with every READABLE interest): the
        // peer shut down its sending side.
        self.has(sys::EPOLLHUP) || (self.has(sys::EPOLLIN) && self.has(sys::EPOLLRDHUP))
    }

    /// Writing is no longer possible: the connection is gone or failed.
    pub fn is_write_closed(&self) -> bool {
        self.has(sys::EPOLLHUP)
            || (self.has(sys::EPOLLOUT) && self.has(sys::EPOLLERR))
            || self.flags() == sys::EPOLLERR
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
