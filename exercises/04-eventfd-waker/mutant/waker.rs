//! A known-wrong answer, for the course's own CI: the eventfd made with no flags, so it is
//! inherited by every program this one starts and a wake on a full counter would block. It
//! wakes polls correctly, so only the check's descriptor test can tell; it must.
//!
//! Never a model to copy: see `solution/waker.rs`.

use std::ffi::{c_int, c_uint, c_void};
use std::io;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};

use epoll::{Interest, Registry, Token};

// The two C functions, declared by hand from their headers.
unsafe extern "C" {
    /// `int eventfd(unsigned int initval, int flags);` from `<sys/eventfd.h>`.
    safe fn eventfd(initval: c_uint, flags: c_int) -> c_int;
    /// `ssize_t write(int fd, const void *buf, size_t count);` from `<unistd.h>`.
    fn write(fd: c_int, buf: *const c_void, count: usize) -> isize;
}

/// The C library's errno after a failed call, as an `io::Error` (so callers can match on
/// `ErrorKind`, as with std's own calls).
fn last_error() -> io::Error {
    io::Error::from_raw_os_error(ffi_syscall::last_errno().raw())
}

/// Wakes the thread blocked in `Poll::poll`: that poll returns an event with the waker's
/// token. Many wakes before a poll may arrive as one event.
pub struct Waker {
    /// The kernel counter; `OwnedFd` closes it when the waker is dropped.
    counter: OwnedFd,
}

impl Waker {
    /// A waker whose events carry `token`.
    pub fn new(registry: &Registry, token: Token) -> io::Result<Waker> {
        // `eventfd` takes two integers and touches no memory of ours: declared `safe fn`.
        let fd = eventfd(0, 0); // wrong: neither EFD_CLOEXEC nor EFD_NONBLOCK
        if fd == -1 {
            return Err(last_error());
        }
        // SAFETY: `fd` was returned by a successful `eventfd` a moment ago and nothing else
        // owns it; from here `OwnedFd` closes it exactly once, also if `register` fails below.
        let counter = unsafe { OwnedFd::from_raw_fd(fd) };
        // READABLE, edge-triggered (the default mode): every wake is a new edge.
        registry.register(&counter, token, Interest::READABLE)?;
        Ok(Waker { counter })
    }

    /// Wakes the poll.
    pub fn wake(&self) -> io::Result<()> {
        match self.add(1) {
            // The counter is at its maximum (2^64 - 2 wakes nobody read): it is readable
            // already, so the poll will be woken anyway. Nothing is lost.
            Err(error) if error.kind() == io::ErrorKind::WouldBlock => Ok(()),
            result => result,
        }
    }

    /// Adds `value` to the counter: an eventfd takes exactly 8 bytes, a native-endian `u64`.
    fn add(&self, value: u64) -> io::Result<()> {
        let bytes = value.to_ne_bytes();
        // SAFETY: the kernel reads 8 bytes from `bytes`, a live local array of that length,
        // and writes no memory of ours; `self.counter` is open for as long as `self` lives.
        let written = unsafe {
            write(
                self.counter.as_raw_fd(),
                bytes.as_ptr().cast::<c_void>(),
                bytes.len(),
            )
        };
        if written == -1 {
            Err(last_error())
        } else {
            Ok(())
        }
    }
}
