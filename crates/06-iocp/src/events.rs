//! `Events` and `Event`: what one poll found, and how AFD's answers map onto readiness.

use std::fmt;

use epoll::{Interest, Token};

use crate::sys::afd::{
    AFD_POLL_ABORT, AFD_POLL_ACCEPT, AFD_POLL_CONNECT_FAIL, AFD_POLL_DISCONNECT, AFD_POLL_RECEIVE,
    AFD_POLL_SEND,
};
use crate::sys::kernel32::OVERLAPPED_ENTRY;

// The mapping between AFD's events and the readiness API, as mio makes it
// (`src/sys/windows/event.rs`): a reset or a failed connect counts as both readable and
// writable, so that whoever waits on the socket tries the call and gets the error.

/// Events that make a socket readable: data, a peer's shutdown, a connection to accept, a
/// reset, a failed connect.
const READABLE: u32 = AFD_POLL_RECEIVE
    | AFD_POLL_DISCONNECT
    | AFD_POLL_ACCEPT
    | AFD_POLL_ABORT
    | AFD_POLL_CONNECT_FAIL;
/// Events that make a socket writable: room to send, a reset, a failed connect.
const WRITABLE: u32 = AFD_POLL_SEND | AFD_POLL_ABORT | AFD_POLL_CONNECT_FAIL;
/// The socket has a pending error.
const ERROR: u32 = AFD_POLL_CONNECT_FAIL;
/// No more data will arrive.
const READ_CLOSED: u32 = AFD_POLL_DISCONNECT | AFD_POLL_ABORT | AFD_POLL_CONNECT_FAIL;
/// Nothing more can be sent.
const WRITE_CLOSED: u32 = AFD_POLL_ABORT | AFD_POLL_CONNECT_FAIL;

/// The AFD events a poll for `interest` waits for. A reset and a failed connect are always
/// included, whatever was asked (as epoll always reports `EPOLLERR` and `EPOLLHUP`).
pub(crate) fn afd_events(interest: Interest) -> u32 {
    let mut events = AFD_POLL_ABORT | AFD_POLL_CONNECT_FAIL;
    if interest.is_readable() {
        events |= READABLE | READ_CLOSED | ERROR;
    }
    if interest.is_writable() {
        events |= WRITABLE | WRITE_CLOSED | ERROR;
    }
    events
}

/// A buffer of events, filled by each [`Poll::poll`](crate::Poll::poll).
///
/// Allocate it once with a capacity and reuse it: a poll fills it in place, with no
/// allocation. It holds two arrays: the completion packets `GetQueuedCompletionStatusEx`
/// writes (at most `capacity` per poll), and the events made from them (at most one per
/// packet; a packet from a cancelled poll makes none). If more sources are ready than it holds,
/// the rest are reported by the next poll.
pub struct Events {
    pub(crate) entries: Box<[OVERLAPPED_ENTRY]>,
    pub(crate) events: Vec<Event>,
}

impl Events {
    /// Room for up to `capacity` events per poll (at least 1).
    pub fn with_capacity(capacity: usize) -> Events {
        let capacity = capacity.max(1);
        Events {
            entries: vec![OVERLAPPED_ENTRY::zeroed(); capacity].into_boxed_slice(),
            events: Vec::with_capacity(capacity),
        }
    }

    /// The events of the last poll.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = Event> + '_ {
        self.events.iter().copied()
    }

    /// How many events the last poll found.
    pub fn len(&self) -> usize {
        self.events.len()
    }

    /// Whether the last poll found none (it timed out).
    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }

    /// How many events one poll can report.
    pub fn capacity(&self) -> usize {
        self.entries.len()
    }
}

/// One source's readiness. It may be *spurious*: the source may turn out not to be ready
/// after all. Always read or write until `WouldBlock`, and treat `WouldBlock` as "wait for the
/// next event".
#[derive(Clone, Copy)]
pub struct Event {
    pub(crate) token: Token,
    /// The `AFD_POLL_...` events that happened, limited to those asked for.
    pub(crate) afd: u32,
}

impl Event {
    fn has(&self, events: u32) -> bool {
        self.afd & events != 0
    }

    /// The token given at registration.
    pub fn token(&self) -> Token {
        self.token
    }

    /// There is data to read, a connection to accept, or the read side closed or failed (a
    /// read or accept will return at once).
    pub fn is_readable(&self) -> bool {
        self.has(READABLE)
    }

    /// There is room to write (or the connection failed: a write will say how).
    pub fn is_writable(&self) -> bool {
        self.has(WRITABLE)
    }

    /// A non-blocking `connect` failed (read the reason with `take_error`).
    pub fn is_error(&self) -> bool {
        self.has(ERROR)
    }

    /// The peer will send nothing more: a read returns what is left, then 0 (end of file).
    pub fn is_read_closed(&self) -> bool {
        self.has(READ_CLOSED)
    }

    /// Writing is no longer possible: the connection was reset or never made.
    pub fn is_write_closed(&self) -> bool {
        self.has(WRITE_CLOSED)
    }
}

impl fmt::Debug for Event {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Event")
            .field("token", &self.token())
            .field("afd", &format_args!("{:#x}", self.afd))
            .field("readable", &self.is_readable())
            .field("writable", &self.is_writable())
            .field("error", &self.is_error())
            .field("read_closed", &self.is_read_closed())
            .field("write_closed", &self.is_write_closed())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(afd: u32) -> Event {
        Event {
            token: Token(0),
            afd,
        }
    }

    #[test]
    fn interests_map_to_the_afd_events_mio_uses() {
        let always = AFD_POLL_ABORT | AFD_POLL_CONNECT_FAIL;
        assert_eq!(
            afd_events(Interest::READABLE),
            always | AFD_POLL_RECEIVE | AFD_POLL_DISCONNECT | AFD_POLL_ACCEPT
        );
        assert_eq!(afd_events(Interest::WRITABLE), always | AFD_POLL_SEND);
    }

    #[test]
    fn afd_events_map_to_readiness() {
        let data = event(AFD_POLL_RECEIVE);
        assert!(data.is_readable() && !data.is_writable() && !data.is_read_closed());
        let shutdown = event(AFD_POLL_DISCONNECT);
        assert!(shutdown.is_readable() && shutdown.is_read_closed() && !shutdown.is_write_closed());
        let reset = event(AFD_POLL_ABORT);
        assert!(reset.is_readable() && reset.is_writable());
        assert!(reset.is_read_closed() && reset.is_write_closed() && !reset.is_error());
        let refused = event(AFD_POLL_CONNECT_FAIL);
        assert!(refused.is_error() && refused.is_readable() && refused.is_writable());
        let room = event(AFD_POLL_SEND);
        assert!(room.is_writable() && !room.is_readable() && !room.is_error());
        assert!(event(AFD_POLL_ACCEPT).is_readable());
    }
}
