//! `Poll`: one `poll(2)` call per wait, over an array built from the registry.

use std::ffi::c_int;
use std::io;
use std::time::{Duration, Instant};

use super::sys::{self, POLLNVAL, PollFd};
use super::{Events, Registry};

/// The event queue. Register sources through its [`Registry`], then call [`Poll::poll`] to wait
/// until some of them are ready.
pub struct Poll {
    registry: Registry,
    /// The array handed to the kernel, rebuilt before every wait, reused to save allocations.
    fds: Vec<PollFd>,
    /// For each entry of `fds`, its index in the registry's list.
    entries: Vec<usize>,
    /// Where in the registry's list the next array starts: just after the last source
    /// reported. Without it, with more ready sources than `Events` holds, the first few
    /// level-triggered ones would be reported on every poll and the others never.
    start: usize,
}

impl Poll {
    /// A new queue watching nothing.
    pub fn new() -> io::Result<Poll> {
        Ok(Poll {
            registry: Registry::new(),
            fds: Vec::new(),
            entries: Vec::new(),
            start: 0,
        })
    }

    /// The registry of this queue.
    pub fn registry(&self) -> &Registry {
        &self.registry
    }

    /// Waits until at least one source is ready, or `timeout` passes (`None`: forever), and
    /// fills `events` with what is ready (empty after a timeout).
    ///
    /// `poll(2)` counts in milliseconds: a timeout is rounded up, never down to 0. If a signal
    /// interrupts the wait (`EINTR`), it waits again for the time that is left.
    pub fn poll(&mut self, events: &mut Events, timeout: Option<Duration>) -> io::Result<()> {
        // Lesson 04's loop: the deadline fixed once, what is left after each interruption.
        let deadline = timeout.and_then(|timeout| Instant::now().checked_add(timeout));
        let mut left = deadline.and(timeout);
        loop {
            events.clear();
            self.build_array();
            match sys::poll(&mut self.fds, millis_rounded_up(left)) {
                Ok(0) => {}
                Ok(_) => {
                    self.collect(events)?;
                    if !events.is_empty() {
                        return Ok(());
                    }
                    // Only closed descriptors (POLLNVAL), now dropped: wait again.
                }
                Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
                Err(error) => return Err(error),
            }
            if let Some(deadline) = deadline {
                match deadline.checked_duration_since(Instant::now()) {
                    Some(rest) if !rest.is_zero() => left = Some(rest),
                    _ => return Ok(()),
                }
            }
        }
    }

    /// Fills `fds` with one `pollfd` per armed entry, starting at `start` and wrapping round.
    fn build_array(&mut self) {
        let entries = self.registry.entries();
        self.fds.clear();
        self.entries.clear();
        let count = entries.len();
        for offset in 0..count {
            let index = (self.start + offset) % count;
            if entries[index].is_armed() {
                self.fds.push(entries[index].pollfd());
                self.entries.push(index);
            }
        }
    }

    /// Turns the kernel's answers into events, up to the capacity of `events`.
    ///
    /// The registry cannot have changed since `build_array`: `poll` holds `&mut self`, so no
    /// one else can borrow the registry meanwhile. A waker only touches its own counter.
    fn collect(&mut self, events: &mut Events) -> io::Result<()> {
        let mut entries = self.registry.entries();
        let mut closed = Vec::new();
        for (pollfd, &index) in self.fds.iter().zip(&self.entries) {
            if pollfd.revents == 0 {
                continue;
            }
            if pollfd.revents & POLLNVAL != 0 || !entries[index].is_still_its_file() {
                // Closed while registered (POLLNVAL), or closed and its number already given to
                // another file. epoll forgets such a descriptor by itself; here the registry
                // must, or every poll would return at once (or report a stranger's readiness).
                closed.push(index);
                continue;
            }
            if events.is_full() {
                break; // still ready, so reported by the next poll (which starts here)
            }
            events.push(entries[index].token, pollfd.revents);
            entries[index].reported()?;
            self.start = index + 1;
        }
        closed.sort_unstable();
        for index in closed.into_iter().rev() {
            entries.remove(index);
        }
        Ok(())
    }
}

/// `poll`'s timeout: `-1` for forever, else milliseconds rounded up, capped at `c_int::MAX`
/// (about 24.8 days: a longer wait ends early and waits again).
fn millis_rounded_up(timeout: Option<Duration>) -> c_int {
    match timeout {
        None => -1,
        Some(timeout) => {
            c_int::try_from(timeout.as_nanos().div_ceil(1_000_000)).unwrap_or(c_int::MAX)
        }
    }
}
