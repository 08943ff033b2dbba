//! FreeBSD: the numbers that differ from the other Unixes.
//!
//! - Like Linux, `socket` and `accept4` (FreeBSD 10) take `SOCK_CLOEXEC` and `SOCK_NONBLOCK`
//!   flags (used by `open_linux_freebsd.rs`); the values differ.
//! - Like Linux, `send` takes `MSG_NOSIGNAL` (another value) to get `EPIPE` instead of
//!   `SIGPIPE`.
//! - Like macOS, the constants are BSD numbers (`SOL_SOCKET` is 0xffff) and `sockaddr_in`
//!   starts with a length byte.
//!
//! The values come from FreeBSD's `<sys/socket.h>` and `<sys/filio.h>`; `suseconds_t` is that
//! of the 64-bit ports (amd64, arm64, riscv64).

use core::ffi::{c_int, c_ulong};

/// `SOL_SOCKET`: the level of the options below (0xffff on the BSDs, 1 on Linux).
pub const SOL_SOCKET: c_int = 0xffff;
/// `SO_REUSEADDR`: allow binding a port that old connections still hold in `TIME_WAIT`.
pub const SO_REUSEADDR: c_int = 0x0004;
/// `SO_RCVTIMEO`: how long a blocking receive waits, as a `timeval`.
pub const SO_RCVTIMEO: c_int = 0x1006;
/// `SO_ERROR`: read (and clear) the socket's pending error.
pub const SO_ERROR: c_int = 0x1007;
/// `FIONBIO` = `_IOW('f', 126, int)`: the `ioctl` that sets non-blocking mode.
pub const FIONBIO: c_ulong = 0x8004_667e;

/// `MSG_NOSIGNAL`: this `send` reports `EPIPE` instead of raising `SIGPIPE`.
const MSG_NOSIGNAL: c_int = 0x20000;
/// The flags every `send` of this crate passes.
pub const SEND_FLAGS: c_int = MSG_NOSIGNAL;

/// `SOCK_CLOEXEC`: a flag for `socket`'s type and for `accept4`.
pub const SOCK_CLOEXEC: c_int = 0x1000_0000;
/// `SOCK_NONBLOCK`.
pub const SOCK_NONBLOCK: c_int = 0x2000_0000;

/// `suseconds_t`, the microseconds of a `timeval`: a `long` on the 64-bit ports.
#[allow(non_camel_case_types)]
pub type suseconds_t = core::ffi::c_long;

// `sockaddr_in`, the same as macOS's.
#[path = "bsd_sockaddr.rs"]
mod bsd_sockaddr;
pub use bsd_sockaddr::sockaddr_in;
