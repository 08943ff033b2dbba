//! `Events` and `Event`: what one poll found.

use crate::Token;

/// A buffer of events, filled by each [`Poll::poll`](super::Poll::poll): allocated once with
/// its capacity, filled in place.
pub struct Events {
    // Your buffer, e.g. a `Vec<Event>` that never grows past its capacity.
    _buffer: (),
}

impl Events {
    /// Room for up to `capacity` events per poll (at least 1).
    pub fn with_capacity(capacity: usize) -> Events {
        let _ = capacity;
        todo!("an empty buffer with room for `capacity` events")
    }

    /// The events of the last poll.
    pub fn iter(&self) -> std::iter::Copied<std::slice::Iter<'_, Event>> {
        todo!("iterate over the buffer's events (slice.iter().copied())")
    }

    /// How many events the last poll found.
    pub fn len(&self) -> usize {
        todo!("the number of events")
    }

    /// Whether the last poll found none.
    pub fn is_empty(&self) -> bool {
        todo!("whether there are no events")
    }
}

/// One source's readiness: its token, and what `poll(2)` said about it.
#[derive(Clone, Copy, Debug)]
pub struct Event {
    // Your fields: the token, and the `revents` bits.
    _todo: (),
}

impl Event {
    /// The token given at registration.
    pub fn token(&self) -> Token {
        todo!("the token")
    }

    /// There is data to read, or the read side closed.
    pub fn is_readable(&self) -> bool {
        todo!("POLLIN or POLLPRI")
    }

    /// There is room to write.
    pub fn is_writable(&self) -> bool {
        todo!("POLLOUT")
    }

    /// The socket has a pending error.
    pub fn is_error(&self) -> bool {
        todo!("POLLERR")
    }

    /// The peer will send nothing more.
    pub fn is_read_closed(&self) -> bool {
        todo!("POLLHUP, or POLLIN with POLLRDHUP")
    }

    /// Writing is no longer possible.
    pub fn is_write_closed(&self) -> bool {
        todo!("POLLHUP, or POLLERR (with POLLOUT, or alone)")
    }
}
