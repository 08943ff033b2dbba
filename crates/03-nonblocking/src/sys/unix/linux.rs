//! Linux: what differs from the other Unixes.
//!
//! - `socket` and `accept4` take `SOCK_CLOEXEC` and `SOCK_NONBLOCK` flags, so a new descriptor
//!   is close-on-exec from its first instant: no other thread can `fork` + `exec` in between
//!   and leak it into a child program.
//! - `send` takes `MSG_NOSIGNAL`: writing to a closed connection returns `EPIPE` instead of
//!   raising `SIGPIPE`, whose default action kills the process.
//! - `sockaddr_in` has no length byte.
//!
//! The values are those of `include/uapi/asm-generic/socket.h` and `fcntl.h`, shared by
//! x86_64, aarch64 and riscv64. Some older architectures (mips, powerpc, sparc, alpha) number
//! them differently, so they are refused rather than given wrong numbers.

use core::ffi::{c_int, c_long};
use core::mem::{offset_of, size_of};
use std::io;
use std::net::SocketAddrV4;
use std::time::Duration;

use super::{AF_INET, SOCK_STREAM, Socket, check, in_addr, in_addr_of, sockaddr};
use super::{c, socklen_t};

#[cfg(not(any(
    target_arch = "x86_64",
    target_arch = "aarch64",
    target_arch = "riscv64"
)))]
compile_error!("lesson 03 has the Linux socket constants of x86_64, aarch64 and riscv64 only");

/// `SOL_SOCKET`: the level of the options below (1 on Linux, 0xffff on the BSDs).
pub const SOL_SOCKET: c_int = 1;
/// `SO_REUSEADDR`: allow binding a port that old connections still hold in `TIME_WAIT`.
pub const SO_REUSEADDR: c_int = 2;
/// `SO_ERROR`: read (and clear) the socket's pending error.
pub const SO_ERROR: c_int = 4;
/// `SO_RCVTIMEO` (`SO_RCVTIMEO_OLD`, which takes the 64-bit `timeval` below).
pub const SO_RCVTIMEO: c_int = 20;
/// `FIONBIO`: the `ioctl` that sets non-blocking mode, from `asm-generic/ioctls.h`.
pub const FIONBIO: super::IoctlRequest = 0x5421;

/// `MSG_NOSIGNAL`: this `send` reports `EPIPE` instead of raising `SIGPIPE`.
const MSG_NOSIGNAL: c_int = 0x4000;
/// The flags every `send` of this crate passes.
pub const SEND_FLAGS: c_int = MSG_NOSIGNAL;

/// `SOCK_CLOEXEC` (= `O_CLOEXEC`, octal 02000000): a flag for `socket`'s type and `accept4`.
const SOCK_CLOEXEC: c_int = 0o2000000;
/// `SOCK_NONBLOCK` (= `O_NONBLOCK`, octal 04000).
const SOCK_NONBLOCK: c_int = 0o4000;

/// `struct sockaddr_in` from `<netinet/in.h>`: an IPv4 address and port.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Default)]
pub struct sockaddr_in {
    /// `AF_INET`.
    pub sin_family: u16,
    /// The port, big-endian.
    pub sin_port: u16,
    /// The address, big-endian.
    pub sin_addr: in_addr,
    /// Padding to the size of the generic `struct sockaddr`, zero.
    pub sin_zero: [u8; 8],
}
const _: () = assert!(size_of::<sockaddr_in>() == 16);
const _: () = assert!(offset_of!(sockaddr_in, sin_family) == 0);
const _: () = assert!(offset_of!(sockaddr_in, sin_port) == 2);
const _: () = assert!(offset_of!(sockaddr_in, sin_addr) == 4);
const _: () = assert!(offset_of!(sockaddr_in, sin_zero) == 8);

/// The `sockaddr_in` for `addr`.
pub fn sockaddr_in(addr: SocketAddrV4) -> sockaddr_in {
    sockaddr_in {
        sin_family: AF_INET as u16,
        sin_port: addr.port().to_be(),
        sin_addr: in_addr_of(&addr),
        sin_zero: [0; 8],
    }
}

/// `struct timeval`: seconds and microseconds, both a 64-bit `long` here.
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
    /// with `SOCK_*` flags for the new descriptor (glibc 2.10, Linux 2.6.28).
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

/// One `accept4` call: the new socket is close-on-exec, and non-blocking only if asked (Linux
/// never copies the listener's `O_NONBLOCK`), with no second call for either.
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
