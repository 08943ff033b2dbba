//! macOS: what differs from the other Unixes.
//!
//! - There is no `SOCK_CLOEXEC`, `SOCK_NONBLOCK` or `accept4`: a new descriptor is made
//!   close-on-exec with `fcntl(F_SETFD, FD_CLOEXEC)` and non-blocking with `ioctl(FIONBIO)`
//!   right after it is created. In between, another thread could `fork` + `exec` and leak it
//!   into the child program; std has the same short window on macOS.
//! - `accept` copies the listener's non-blocking mode into the new socket (as the BSDs always
//!   did), so it is switched back to blocking explicitly.
//! - `SIGPIPE` is turned off per socket, with the `SO_NOSIGPIPE` option (older macOS has no
//!   `MSG_NOSIGNAL`).
//! - `sockaddr_in` starts with a length byte, and the family is one byte.
//! - The values come from the macOS SDK's `<sys/socket.h>`, `<sys/fcntl.h>`, `<sys/filio.h>`.

use core::ffi::{c_int, c_long, c_ulong};
use core::mem::{offset_of, size_of};
use std::io;
use std::time::Duration;

use super::{AF_INET, SOCK_STREAM, Socket, check, sockaddr};
use super::{c, socklen_t};

/// `SOL_SOCKET`: the level of the options below (0xffff on the BSDs, 1 on Linux).
pub const SOL_SOCKET: c_int = 0xffff;
/// `SO_REUSEADDR`: allow binding a port that old connections still hold in `TIME_WAIT`.
pub const SO_REUSEADDR: c_int = 0x0004;
/// `SO_RCVTIMEO`: how long a blocking receive waits, as a `timeval`.
pub const SO_RCVTIMEO: c_int = 0x1006;
/// `SO_ERROR`: read (and clear) the socket's pending error.
pub const SO_ERROR: c_int = 0x1007;
/// `SO_NOSIGPIPE`: writes to a closed connection return `EPIPE` instead of raising `SIGPIPE`.
const SO_NOSIGPIPE: c_int = 0x1022;
/// `FIONBIO` = `_IOW('f', 126, int)`: the `ioctl` that sets non-blocking mode.
pub const FIONBIO: c_ulong = 0x8004_667e;
/// `send` needs no flags: `SO_NOSIGPIPE` is set on every socket.
pub const SEND_FLAGS: c_int = 0;
/// `fcntl` command to set the descriptor flags, and the only such flag.
const F_SETFD: c_int = 2;
const FD_CLOEXEC: c_int = 1;

// `sockaddr_in`, the same as macOS's and FreeBSD's.
#[path = "bsd_sockaddr.rs"]
mod bsd_sockaddr;
pub use bsd_sockaddr::sockaddr_in;

/// `struct timeval`: a 64-bit `long` of seconds, then microseconds as a 32-bit
/// `suseconds_t`, then 4 bytes of padding.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Default)]
pub struct timeval {
    tv_sec: c_long,
    tv_usec: i32,
}
const _: () = assert!(size_of::<timeval>() == 16);
const _: () = assert!(offset_of!(timeval, tv_usec) == 8);

impl timeval {
    /// `seconds` and `micros` (below 1 000 000).
    pub fn new(seconds: c_long, micros: u32) -> timeval {
        timeval {
            tv_sec: seconds,
            tv_usec: i32::try_from(micros).unwrap_or(999_999),
        }
    }

    /// As a `Duration` (negative fields, which the kernel never reports, count as 0).
    pub fn to_duration(&self) -> Duration {
        let micros = u64::try_from(self.tv_usec).unwrap_or(0);
        Duration::from_secs(u64::try_from(self.tv_sec).unwrap_or(0)) + Duration::from_micros(micros)
    }
}

unsafe extern "C" {
    /// `int accept(int fd, struct sockaddr *addr, socklen_t *len);` (named `c_accept` here,
    /// as `accept` below is this file's wrapper around it)
    #[link_name = "accept"]
    fn c_accept(fd: c_int, addr: *mut sockaddr, len: *mut socklen_t) -> c_int;
    /// `int fcntl(int fd, int cmd, ...);`: variadic, like `ioctl`.
    fn fcntl(fd: c_int, cmd: c_int, ...) -> c_int;
    /// `int close(int fd);`. On x86_64 the SDK's headers point `close` at `close$NOCANCEL`,
    /// the variant that is not a thread cancellation point (std links the same one); on
    /// arm64 plain `close` already is that variant.
    #[cfg_attr(target_arch = "x86_64", link_name = "close$NOCANCEL")]
    pub fn close(fd: c_int) -> c_int;
}

/// What every new descriptor needs here: close-on-exec, `SO_NOSIGPIPE`, and the mode asked for.
fn prepare(socket: &Socket, nonblocking: bool) -> io::Result<()> {
    // SAFETY: `F_SETFD` takes one `int` argument and touches no memory of ours.
    check(unsafe { fcntl(socket.as_raw(), F_SETFD, FD_CLOEXEC) })?;
    socket.set_int_option(SOL_SOCKET, SO_NOSIGPIPE, 1)?;
    socket.set_nonblocking(nonblocking)
}

/// A new IPv4 TCP socket, then made close-on-exec (and non-blocking if asked).
pub fn new_socket(nonblocking: bool) -> io::Result<Socket> {
    // SAFETY: `socket` takes three integers and touches no memory of ours.
    let fd = check(unsafe { c::socket(AF_INET, SOCK_STREAM, 0) })?;
    // SAFETY: `fd` was just created and nothing else knows it. Owning it at once means it is
    // closed if the next steps fail.
    let socket = unsafe { Socket::from_raw(fd) };
    prepare(&socket, nonblocking)?;
    Ok(socket)
}

/// One `accept` call, then the new socket made close-on-exec and blocking or not, as asked.
pub fn accept(
    listener: &Socket,
    raw: &mut sockaddr_in,
    len: &mut socklen_t,
    nonblocking: bool,
) -> io::Result<Socket> {
    // SAFETY: `accept` writes at most `*len` bytes into `raw`, a live `sockaddr_in` of that
    // size, and the address's real length into `len`, a live `socklen_t`.
    let fd = check(unsafe {
        c_accept(
            listener.as_raw(),
            (raw as *mut sockaddr_in).cast::<sockaddr>(),
            len,
        )
    })?;
    // SAFETY: `fd` was just created and nothing else knows it.
    let socket = unsafe { Socket::from_raw(fd) };
    prepare(&socket, nonblocking)?; // on failure, `socket` is closed on the way out
    Ok(socket)
}
