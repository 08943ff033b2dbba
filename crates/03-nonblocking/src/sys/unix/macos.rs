//! macOS: the numbers that differ from the other Unixes.
//!
//! - There is no `SOCK_CLOEXEC`, `SOCK_NONBLOCK` or `accept4`: `open_macos.rs` makes a new
//!   descriptor close-on-exec and non-blocking with calls right after it is created.
//! - `SIGPIPE` is turned off per socket, with the `SO_NOSIGPIPE` option (older macOS has no
//!   `MSG_NOSIGNAL`).
//! - `sockaddr_in` starts with a length byte, and the family is one byte.
//! - `timeval`'s microseconds are a 32-bit `suseconds_t`.
//!
//! The values come from the macOS SDK's `<sys/socket.h>`, `<sys/filio.h>`, `<sys/_types.h>`.

use core::ffi::{c_int, c_ulong};

/// `SOL_SOCKET`: the level of the options below (0xffff on the BSDs, 1 on Linux).
pub const SOL_SOCKET: c_int = 0xffff;
/// `SO_REUSEADDR`: allow binding a port that old connections still hold in `TIME_WAIT`.
pub const SO_REUSEADDR: c_int = 0x0004;
/// `SO_RCVTIMEO`: how long a blocking receive waits, as a `timeval`.
pub const SO_RCVTIMEO: c_int = 0x1006;
/// `SO_ERROR`: read (and clear) the socket's pending error.
pub const SO_ERROR: c_int = 0x1007;
/// `SO_NOSIGPIPE`: writes to a closed connection return `EPIPE` instead of raising `SIGPIPE`.
pub const SO_NOSIGPIPE: c_int = 0x1022;
/// `FIONBIO` = `_IOW('f', 126, int)`: the `ioctl` that sets non-blocking mode.
pub const FIONBIO: c_ulong = 0x8004_667e;
/// `send` needs no flags: `SO_NOSIGPIPE` is set on every socket.
pub const SEND_FLAGS: c_int = 0;

/// `suseconds_t`, the microseconds of a `timeval`: 32 bits here (then 4 bytes of padding).
#[allow(non_camel_case_types)]
pub type suseconds_t = i32;

// `sockaddr_in`, the same as FreeBSD's.
#[path = "bsd_sockaddr.rs"]
mod bsd_sockaddr;
pub use bsd_sockaddr::sockaddr_in;
