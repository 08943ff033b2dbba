//! `Waker`: makes a `poll` in another thread return.

use std::io;
use std::os::fd::OwnedFd;
use std::sync::Arc;

use super::{Registry, sys};
use crate::Token;

/// Wakes the thread blocked in [`Poll::poll`](super::Poll::poll): that poll returns an event
/// with the waker's token. Many wakes before a poll arrive as one event.
///
/// An eventfd, as in lesson 04, with one difference. There, the counter is registered
/// edge-triggered and never read. `poll(2)` is level-triggered only, so a counter never read
/// would be reported by every poll; instead the registry resets it each time it reports it.
pub struct Waker {
    counter: Arc<OwnedFd>,
}

impl Waker {
    /// A waker whose events carry `token`. Keep at most one per `Poll`.
    pub fn new(registry: &Registry, token: Token) -> io::Result<Waker> {
        let counter = Arc::new(sys::eventfd()?);
        // The registry keeps a second handle to the counter, so the descriptor it polls stays
        // open (and stays this counter) even if the waker is dropped first.
        registry.register_waker(Arc::clone(&counter), token)?;
        Ok(Waker { counter })
    }

    /// Wakes the poll.
    pub fn wake(&self) -> io::Result<()> {
        sys::eventfd_add_one(&self.counter)
    }
}
