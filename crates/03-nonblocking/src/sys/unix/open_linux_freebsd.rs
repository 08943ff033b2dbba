//! Linux and FreeBSD: new sockets close-on-exec from their first instant.
//!
//! `socket` and `accept4` take `SOCK_CLOEXEC` and `SOCK_NONBLOCK` in their flags, so a new
//! descriptor is close-on-exec (no other thread can `fork` + `exec` in between and leak it
//! into a child) and in the mode asked for, with no second call. The flag values differ and
//! come from the OS file; macOS has neither flag (`open_macos.rs`).

use core::ffi::c_int;
use std::io;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};

use ffi_syscall::check_io;

use super::c::{self, AF_INET, SOCK_STREAM, sockaddr, socklen_t};
use super::os::{SOCK_CLOEXEC, SOCK_NONBLOCK, sockaddr_in};

unsafe extern "C" {
    /// `int accept4(int fd, struct sockaddr *addr, socklen_t *len, int flags);`: `accept`
    /// with `SOCK_*` flags for the new descriptor (Linux 2.6.28, FreeBSD 10).
    fn accept4(fd: c_int, addr: *mut sockaddr, len: *mut socklen_t, flags: c_int) -> c_int;
}

/// The flags for a new descriptor: always close-on-exec, non-blocking if asked.
fn flags(nonblocking: bool) -> c_int {
    SOCK_CLOEXEC | if nonblocking { SOCK_NONBLOCK } else { 0 }
}

/// A new IPv4 TCP socket, close-on-exec (and non-blocking if asked) from the start.
pub fn new_socket(nonblocking: bool) -> io::Result<OwnedFd> {
    // SAFETY: `socket` takes three integers and touches no memory of ours.
    let fd = check_io(unsafe { c::socket(AF_INET, SOCK_STREAM | flags(nonblocking), 0) })?;
    // SAFETY: `fd` was just created and nothing else owns it; `OwnedFd` closes it once.
    Ok(unsafe { OwnedFd::from_raw_fd(fd) })
}

/// One `accept4` call: the new socket is close-on-exec, and non-blocking only if asked (with
/// `accept4` neither kernel copies the listener's `O_NONBLOCK`), with no second call. The
/// client's address is written into `raw` and its length into `len`.
pub fn accept(
    listener: &OwnedFd,
    raw: &mut sockaddr_in,
    len: &mut socklen_t,
    nonblocking: bool,
) -> io::Result<OwnedFd> {
    // SAFETY: `accept4` writes at most `*len` bytes into `raw`, a live `sockaddr_in` of that
    // size, and the address's real length into `len`, a live `socklen_t`.
    let fd = check_io(unsafe {
        accept4(
            listener.as_raw_fd(),
            (raw as *mut sockaddr_in).cast::<sockaddr>(),
            len,
            flags(nonblocking),
        )
    })?;
    // SAFETY: `fd` was just created and nothing else owns it; `OwnedFd` closes it once.
    Ok(unsafe { OwnedFd::from_raw_fd(fd) })
}
