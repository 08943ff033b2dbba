//! Your exercise: a `Waker` for lesson 04's queue, made of an `eventfd`.
//!
//! A thread blocked in `Poll::poll` sleeps in the kernel; another thread can only end that
//! sleep by making something the queue watches ready. An `eventfd` is the smallest such
//! thing: a kernel counter that is readable while it is above zero. Adding 1 to it (an 8-byte
//! `write`) makes it readable, and the poll returns with the waker's token.
//!
//! Declare the C library's functions yourself, as in lesson 02:
//!
//! ```c
//! int eventfd(unsigned int initval, int flags);            // <sys/eventfd.h>
//! ssize_t write(int fd, const void *buf, size_t count);    // <unistd.h>
//! ```
//!
//! The flags are in `epoll::sys` (`EFD_CLOEXEC`, `EFD_NONBLOCK`). Keep the descriptor in an
//! `OwnedFd`, so it is closed exactly once, and register it with the registry. Do not use
//! lesson 04's own `Waker` or `epoll::sys::eventfd`: this is yours to write.

use std::io;

use epoll::{Registry, Token};

/// Wakes the thread blocked in `Poll::poll`: that poll returns an event with the waker's
/// token. Many wakes before a poll may arrive as one event.
pub struct Waker {
    // Replace this with the eventfd, as an `std::os::fd::OwnedFd`.
    _counter: (),
}

impl Waker {
    /// A waker whose events carry `token`.
    pub fn new(registry: &Registry, token: Token) -> io::Result<Waker> {
        let _ = (registry, token);
        todo!(
            "create an eventfd (EFD_CLOEXEC | EFD_NONBLOCK) by FFI, own it in an OwnedFd, and \
             register it for READABLE with `token`"
        )
    }

    /// Wakes the poll.
    pub fn wake(&self) -> io::Result<()> {
        todo!("write the 8 bytes of 1u64 to the eventfd; -1 means look at errno")
    }
}
