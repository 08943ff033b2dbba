//! `Waker`: makes a `poll` in another thread return.

use std::io;

use super::Registry;
use crate::Token;

/// Wakes the thread blocked in [`Poll::poll`](super::Poll::poll): that poll returns an event
/// with the waker's token. Many wakes before a poll arrive as one event.
pub struct Waker {
    // Your counter: an eventfd. poll(2) is level-triggered, so think about who resets it.
    _counter: (),
}

impl Waker {
    /// A waker whose events carry `token`.
    pub fn new(registry: &Registry, token: Token) -> io::Result<Waker> {
        let _ = (registry, token);
        todo!("an eventfd, registered for readability with `token`")
    }

    /// Wakes the poll.
    pub fn wake(&self) -> io::Result<()> {
        todo!("add 1 to the counter")
    }
}
