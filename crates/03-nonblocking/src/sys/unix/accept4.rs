//! What Linux and FreeBSD share, and macOS lacks: `socket` and `accept4` that take
//! `SOCK_CLOEXEC` and `SOCK_NONBLOCK`, so a new descriptor is close-on-exec from its first
//! instant (no other thread can `fork` + `exec` in between and leak it into a child), with
//! no second call. Also their 64-bit `struct timeval`. Included by `linux.rs` and
//! `freebsd.rs`, whose flag values differ.

use core::ffi::{c_int, c_long};
use core::mem::{offset_of, size_of};
use std::io;
use std::time::Duration;

use super::super::{AF_INET, SOCK_STREAM, Socket, check, sockaddr};
use super::super::{c, socklen_t};
use super::{SOCK_CLOEXEC, SOCK_NONBLOCK, sockaddr_in};

/// `struct timeval`: seconds and microseconds, both 64-bit (`long` on Linux; `time_t` and
/// `suseconds_t` on FreeBSD's 64-bit ports).
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Default)]
pub struct timeval {
    tv_sec: c_long,
    tv_usec: c_long,
}
const _: () = assert!(size_of::<timeval>() == 16);
const _: () = assert!(offset_of!(timeval, tv_usec) == 8);

impl timeval {
    /// `seconds` and `micros` (below 1 000 000).
    pub fn new(seconds: c_long, micros: u32) -> timeval {
        timeval {
            tv_sec: seconds,
            tv_usec: c_long::from(micros),
        }
    }

    /// As a `Duration` (negative fields, which the kernel never reports, count as 0).
    pub fn to_duration(&self) -> Duration {
        let micros = u64::try_from(self.tv_usec).unwrap_or(0);
        Duration::from_secs(u64::try_from(self.tv_sec).unwrap_or(0)) + Duration::from_micros(micros)
    }
}

unsafe extern "C" {
    /// `int accept4(int fd, struct sockaddr *addr, socklen_t *len, int flags);`: `accept`
    /// with `SOCK_*` flags for the new descriptor (Linux 2.6.28, FreeBSD 10).
    fn accept4(fd: c_int, addr: *mut sockaddr, len: *mut socklen_t, flags: c_int) -> c_int;
    /// `int close(int fd);`
    pub fn close(fd: c_int) -> c_int;
}

/// A new IPv4 TCP socket, close-on-exec (and non-blocking if asked) from the start.
pub fn new_socket(nonblocking: bool) -> io::Result<Socket> {
    let flags = SOCK_CLOEXEC | if nonblocking { SOCK_NONBLOCK } else { 0 };
    // SAFETY: `socket` takes three integers and touches no memory of ours.
    let fd = check(unsafe { c::socket(AF_INET, SOCK_STREAM | flags, 0) })?;
    // SAFETY: `fd` was just created and nothing else knows it.
    Ok(unsafe { Socket::from_raw(fd) })
}

/// One `accept4` call: the new socket is close-on-exec, and non-blocking only if asked (with
/// `accept4` neither kernel copies the listener's `O_NONBLOCK`), with no second call.
pub fn accept(
    listener: &Socket,
    raw: &mut sockaddr_in,
    len: &mut socklen_t,
    nonblocking: bool,
) -> io::Result<Socket> {
    let flags = SOCK_CLOEXEC | if nonblocking { SOCK_NONBLOCK } else { 0 };
    // SAFETY: `accept4` writes at most `*len` bytes into `raw`, a live `sockaddr_in` of that
    // size, and the address's real length into `len`, a live `socklen_t`.
    let fd = check(unsafe {
        accept4(
            listener.as_raw(),
            (raw as *mut sockaddr_in).cast::<sockaddr>(),
            len,
            flags,
        )
    })?;
    // SAFETY: `fd` was just created and nothing else knows it.
    Ok(unsafe { Socket::from_raw(fd) })
}
