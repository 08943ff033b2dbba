//! macOS: new sockets made close-on-exec, `SIGPIPE`-free and non-blocking right after they
//! are created.
//!
//! There is no `SOCK_CLOEXEC`, `SOCK_NONBLOCK` or `accept4`: a new descriptor is made
//! close-on-exec with `fcntl(F_SETFD, FD_CLOEXEC)` and put in the mode asked for with
//! `ioctl(FIONBIO)`. In between, another thread could `fork` + `exec` and leak it into the
//! child program; std has the same short window on macOS. `accept` copies the listener's
//! non-blocking mode into the new socket (as the BSDs always did), so the mode is always set
//! explicitly. `SO_NOSIGPIPE` stands in for the `MSG_NOSIGNAL` of the others.

use core::ffi::c_int;
use std::io;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};

use ffi_syscall::check_io;

use super::c::{self, AF_INET, SOCK_STREAM, sockaddr, socklen_t};
use super::options::{set_int_option, set_nonblocking};
use super::os::{SO_NOSIGPIPE, SOL_SOCKET, sockaddr_in};

/// `fcntl` command to set the descriptor flags, and the only such flag.
pub const F_SETFD: c_int = 2;
pub const FD_CLOEXEC: c_int = 1;

unsafe extern "C" {
    /// `int accept(int fd, struct sockaddr *addr, socklen_t *len);` (named `c_accept` here,
    /// as `accept` below is this file's wrapper around it)
    #[link_name = "accept"]
    fn c_accept(fd: c_int, addr: *mut sockaddr, len: *mut socklen_t) -> c_int;
    /// `int fcntl(int fd, int cmd, ...);`: variadic, like `ioctl`.
    fn fcntl(fd: c_int, cmd: c_int, ...) -> c_int;
}

/// What every new descriptor needs here: close-on-exec, `SO_NOSIGPIPE`, and the mode asked for.
fn prepare(socket: &OwnedFd, nonblocking: bool) -> io::Result<()> {
    // SAFETY: `F_SETFD` takes one `int` argument and touches no memory of ours.
    check_io(unsafe { fcntl(socket.as_raw_fd(), F_SETFD, FD_CLOEXEC) })?;
    set_int_option(socket, SOL_SOCKET, SO_NOSIGPIPE, 1)?;
    set_nonblocking(socket, nonblocking)
}

/// A new IPv4 TCP socket, then made close-on-exec (and non-blocking if asked).
pub fn new_socket(nonblocking: bool) -> io::Result<OwnedFd> {
    // SAFETY: `socket` takes three integers and touches no memory of ours.
    let fd = check_io(unsafe { c::socket(AF_INET, SOCK_STREAM, 0) })?;
    // SAFETY: `fd` was just created and nothing else owns it. Owning it at once means it is
    // closed if the next steps fail.
    let socket = unsafe { OwnedFd::from_raw_fd(fd) };
    prepare(&socket, nonblocking)?;
    Ok(socket)
}

/// One `accept` call, then the new socket made close-on-exec and blocking or not, as asked.
/// The client's address is written into `raw` and its length into `len`.
pub fn accept(
    listener: &OwnedFd,
    raw: &mut sockaddr_in,
    len: &mut socklen_t,
    nonblocking: bool,
) -> io::Result<OwnedFd> {
    // SAFETY: `accept` writes at most `*len` bytes into `raw`, a live `sockaddr_in` of that
    // size, and the address's real length into `len`, a live `socklen_t`.
    let fd = check_io(unsafe {
        c_accept(
            listener.as_raw_fd(),
            (raw as *mut sockaddr_in).cast::<sockaddr>(),
            len,
        )
    })?;
    // SAFETY: `fd` was just created and nothing else owns it.
    let socket = unsafe { OwnedFd::from_raw_fd(fd) };
    prepare(&socket, nonblocking)?; // on failure, `socket` is closed on the way out
    Ok(socket)
}
