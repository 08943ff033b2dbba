//! `Poll`: one `poll(2)` call per wait, over an array built from the registry.

use std::io;
use std::time::Duration;

use super::{Events, Registry};

/// The event queue. Register sources through its [`Registry`], then call [`Poll::poll`].
pub struct Poll {
    // Your fields: at least the registry; perhaps the `pollfd` array, reused between polls.
    _registry: (),
}

impl Poll {
    /// A new queue watching nothing.
    pub fn new() -> io::Result<Poll> {
        todo!("make the queue: an empty registry (and whatever else your poll needs)")
    }

    /// The registry of this queue.
    pub fn registry(&self) -> &Registry {
        todo!("return the registry")
    }

    /// Waits until at least one source is ready, or `timeout` passes (`None`: forever), and
    /// fills `events` with what is ready (empty after a timeout). The timeout rounds up to
    /// whole milliseconds; after `EINTR` it waits again for the time that is left.
    pub fn poll(&mut self, events: &mut Events, timeout: Option<Duration>) -> io::Result<()> {
        let _ = (events, timeout);
        todo!(
            "build a pollfd array from the registry, call poll(2) with the time left, and turn \
             every entry with revents into an event, up to the capacity of `events`"
        )
    }
}
