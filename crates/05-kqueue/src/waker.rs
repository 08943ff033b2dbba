//! `Waker`: makes a `poll` in another thread return.

use std::io;
use std::os::fd::OwnedFd;

use crate::sys::{self, EV_ADD, EV_CLEAR, EVFILT_USER, Kevent, NOTE_TRIGGER};
use crate::{Registry, Token};

/// Which `EVFILT_USER` event is ours. User events have their own numbers, apart from
/// descriptors, so 0 clashes with nothing.
const IDENT: usize = 0;

/// Wakes the thread blocked in [`Poll::poll`](crate::Poll::poll): that poll returns an event
/// with the waker's token. Many wakes before a poll may arrive as one event.
///
/// kqueue needs no extra descriptor for this: an `EVFILT_USER` filter is an event the program
/// fires itself. `new` adds it with `EV_CLEAR`, so each delivery resets it; `wake` fires it with
/// `NOTE_TRIGGER`. `Waker` is `Send` and `Sync`.
pub struct Waker {
    /// A duplicate of the queue's descriptor, so the waker outlives any borrow of the
    /// `Registry` (the kqueue itself lives until both are closed).
    kq: OwnedFd,
    token: Token,
}

impl Waker {
    /// A waker whose events carry `token`. Keep at most one per `Poll`: they would share one
    /// filter, and the last token set would win.
    pub fn new(registry: &Registry, token: Token) -> io::Result<Waker> {
        let kq = registry.kq.try_clone()?; // `F_DUPFD_CLOEXEC`: close-on-exec as well
        let waker = Waker { kq, token };
        waker.change(EV_ADD | EV_CLEAR, 0)?;
        Ok(waker)
    }

    /// Wakes the poll.
    pub fn wake(&self) -> io::Result<()> {
        self.change(0, NOTE_TRIGGER)
    }

    /// One change to our user event, checked through its receipt. It always carries the
    /// token: changing a filter also rewrites its `udata`, and a 0 there would be a 0 token.
    fn change(&self, flags: u16, fflags: u32) -> io::Result<()> {
        let mut change = [Kevent::new(IDENT, EVFILT_USER, flags, fflags, self.token.0)];
        sys::apply(&self.kq, &mut change)?;
        match change[0].receipt_error() {
            Some(errno) => Err(io::Error::from_raw_os_error(errno)),
            None => Ok(()),
        }
    }
}
