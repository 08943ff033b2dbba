//! Linux: the numbers that differ from the other Unixes.
//!
//! - `socket` and `accept4` take `SOCK_CLOEXEC` and `SOCK_NONBLOCK` flags (used by
//!   `open_linux_freebsd.rs`), so a new descriptor is close-on-exec from its first instant.
//! - `send` takes `MSG_NOSIGNAL`: writing to a closed connection returns `EPIPE` instead of
//!   raising `SIGPIPE`, whose default action kills the process.
//! - `sockaddr_in` has no length byte.
//!
//! The values are those of `include/uapi/asm-generic/socket.h` and `fcntl.h`, shared by
//! x86_64, aarch64 and riscv64. Some older architectures (mips, powerpc, sparc, alpha) number
//! them differently, so they are refused rather than given wrong numbers.

use core::ffi::c_int;
use core::mem::{offset_of, size_of};
use std::net::SocketAddrV4;

use super::c::{AF_INET, IoctlRequest, in_addr};

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
pub const FIONBIO: IoctlRequest = 0x5421;

/// `MSG_NOSIGNAL`: this `send` reports `EPIPE` instead of raising `SIGPIPE`.
const MSG_NOSIGNAL: c_int = 0x4000;
/// The flags every `send` of this crate passes.
pub const SEND_FLAGS: c_int = MSG_NOSIGNAL;

/// `SOCK_CLOEXEC` (= `O_CLOEXEC`, octal 02000000): a flag for `socket`'s type and `accept4`.
pub const SOCK_CLOEXEC: c_int = 0o2000000;
/// `SOCK_NONBLOCK` (= `O_NONBLOCK`, octal 04000).
pub const SOCK_NONBLOCK: c_int = 0o4000;

/// `suseconds_t`, the microseconds of a `timeval`: a `long`.
#[allow(non_camel_case_types)]
pub type suseconds_t = core::ffi::c_long;

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

impl From<SocketAddrV4> for sockaddr_in {
    /// The `sockaddr_in` for `addr`, port and address big-endian.
    fn from(addr: SocketAddrV4) -> sockaddr_in {
        sockaddr_in {
            sin_family: AF_INET as u16,
            sin_port: addr.port().to_be(),
            sin_addr: in_addr::from(*addr.ip()),
            sin_zero: [0; 8],
        }
    }
}
