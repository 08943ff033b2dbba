//! `Waker`: makes a `poll` in another thread return.

use std::io;
use std::os::fd::OwnedFd;

use crate::{Interest, Registry, Token, sys};

/// Wakes the thread blocked in [`Poll::poll`](crate::Poll::poll): that poll returns an event
/// with the waker's token. Many wakes before a poll may arrive as one event.
///
/// It is an `eventfd`, a kernel counter registered for readability: `wake` adds 1, which makes
/// it readable, which ends the wait. `Waker` is `Send` and `Sync`.
pub struct Waker {
    counter: OwnedFd,
}

impl Waker {
    /// A waker whose events carry `token`. Keep at most one per `Poll`.
    pub fn new(registry: &Registry, token: Token) -> io::Result<Waker> {
        let counter = sys::eventfd()?;
        // Edge-triggered: every `wake` is a new edge, and nobody ever has to read the counter.
        registry.register(&counter, token, Interest::READABLE)?;
        Ok(Waker { counter })
    }

    /// Wakes the poll.
    pub fn wake(&self) -> io::Result<()> {
        match sys::eventfd_add(&self.counter, 1) {
            // The counter is full (after 2^64 - 2 wakes nobody read): empty it and wake again.
            Err(error) if error.kind() == io::ErrorKind::WouldBlock => {
                sys::eventfd_take(&self.counter)?;
                sys::eventfd_add(&self.counter, 1)
            }
            result => result,
        }
    }
}
