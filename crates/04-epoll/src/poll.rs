//! `Poll` and `Registry`: the queue itself.

use std::io;
use std::os::fd::{AsRawFd, OwnedFd};
use std::time::Duration;

use crate::interest::Mode;
use crate::{Events, Interest, Token, deadline, sys};

/// The event queue: one epoll instance. Register sources through its [`Registry`], then call
/// [`Poll::poll`] to wait until some of them are ready.
pub struct Poll {
    registry: Registry,
}

/// Adds, changes and removes the sources a [`Poll`] watches. Borrow it from the `Poll` with
/// [`Poll::registry`]; a [`Waker`](crate::Waker) made from it can then be moved to any thread.
pub struct Registry {
    epoll: OwnedFd,
}

impl AsRawFd for Poll {
    /// The epoll descriptor itself (to nest this queue in another, or to inspect it).
    fn as_raw_fd(&self) -> std::os::fd::RawFd {
        self.registry.epoll.as_raw_fd()
    }
}

impl Poll {
    /// A new queue watching nothing.
    pub fn new() -> io::Result<Poll> {
        Ok(Poll {
            registry: Registry {
                epoll: sys::epoll_create()?,
            },
        })
    }

    /// The registry of this queue.
    pub fn registry(&self) -> &Registry {
        &self.registry
    }

    /// Waits until at least one source is ready, or `timeout` passes (`None`: forever), and
    /// fills `events` with what is ready (empty after a timeout).
    ///
    /// The timeout counts to the nanosecond, by `epoll_pwait2` (Linux 5.11). On an older
    /// kernel, which only has `epoll_wait` and its whole milliseconds, it is rounded *up*:
    /// 1 µs waits 1 ms rather than not at all. If a signal interrupts the wait (`EINTR`: a
    /// Ctrl-Z then `fg`, a profiler's timer), it waits again for the time that is left instead
    /// of failing.
    pub fn poll(&mut self, events: &mut Events, timeout: Option<Duration>) -> io::Result<()> {
        let epoll = &self.registry.epoll;
        let buffer = &mut events.buffer;
        // A wait that ends empty before the deadline (the old call's ~24.8-day maximum, or a
        // kernel timer that fired a little early) or by a signal is made again for the time
        // that is left.
        deadline::wait_until_deadline(timeout, |left| {
            sys::epoll_wait_for(epoll, buffer, left)?;
            Ok(!buffer.is_empty())
        })
    }
}

/// The epoll flags for an interest: always `EPOLLRDHUP` with readability, so that a peer's
/// shutdown shows as `is_read_closed`.
fn epoll_flags(interest: Interest) -> u32 {
    let mut flags = 0;
    if interest.is_readable() {
        flags |= sys::EPOLLIN | sys::EPOLLRDHUP;
    }
    if interest.is_writable() {
        flags |= sys::EPOLLOUT;
    }
    match interest.mode() {
        Mode::Edge => flags | sys::EPOLLET,
        Mode::Level => flags,
        Mode::Oneshot => flags | sys::EPOLLONESHOT,
    }
}

impl Registry {
    /// Starts watching `source`. Fails with `AlreadyExists` if it is already registered here.
    pub fn register<S: AsRawFd + ?Sized>(
        &self,
        source: &S,
        token: Token,
        interest: Interest,
    ) -> io::Result<()> {
        // A usize always fits in epoll's u64 on the targets Rust supports.
        sys::epoll_add(
            &self.epoll,
            source.as_raw_fd(),
            epoll_flags(interest),
            token.0 as u64,
        )
    }

    /// Replaces the token and interest of a registered `source` (and re-arms a oneshot one).
    /// Fails with `NotFound` if it is not registered here.
    pub fn reregister<S: AsRawFd + ?Sized>(
        &self,
        source: &S,
        token: Token,
        interest: Interest,
    ) -> io::Result<()> {
        sys::epoll_modify(
            &self.epoll,
            source.as_raw_fd(),
            epoll_flags(interest),
            token.0 as u64,
        )
    }

    /// Stops watching `source`. Fails with `NotFound` if it is not registered here.
    ///
    /// Closing a descriptor also removes it, provided no duplicate of it (`dup`, `fork`) is
    /// still open; deregistering first is the clear way.
    pub fn deregister<S: AsRawFd + ?Sized>(&self, source: &S) -> io::Result<()> {
        sys::epoll_delete(&self.epoll, source.as_raw_fd())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_mode_maps_to_its_flag() {
        let read = sys::EPOLLIN | sys::EPOLLRDHUP;
        assert_eq!(epoll_flags(Interest::READABLE), read | sys::EPOLLET);
        assert_eq!(epoll_flags(Interest::WRITABLE.level()), sys::EPOLLOUT);
        assert_eq!(
            epoll_flags((Interest::READABLE | Interest::WRITABLE).oneshot()),
            read | sys::EPOLLOUT | sys::EPOLLONESHOT
        );
    }
}
