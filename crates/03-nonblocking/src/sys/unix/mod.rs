//! Unix: TCP sockets through the C library, every function declared by hand.
//!
//! POSIX gives Linux, macOS and FreeBSD the same socket functions with the same C prototypes,
//! so they are declared once (`c.rs`) and called once (`socket.rs`, `options.rs`, `addr.rs`).
//! What differs is small and lives in one file per OS, chosen below: the numbers behind some
//! constants and the layout of `sockaddr_in` (the BSDs start it with a length byte) in the OS
//! file, and how a new descriptor becomes close-on-exec and non-blocking in an `open_*.rs`.
//!
//! A socket is owned by std's `OwnedFd`, which closes it exactly once, when dropped. Every
//! failing call returns `-1` and leaves the reason in `errno`; lesson 02's `check_io` turns
//! that into a `std::io::Error` with `from_raw_os_error`, so callers can match on
//! `ErrorKind::WouldBlock` (`EAGAIN`) like with std's sockets.
//!
//! The modules call one way only: `socket.rs` uses `open_*.rs`, `addr.rs` and `options.rs`;
//! those use the OS file and `c.rs`; nothing calls back up.

use std::os::fd::OwnedFd;

// The numbers and layouts that differ per OS, chosen here and nowhere else.
#[cfg(target_os = "linux")]
#[path = "linux.rs"]
mod os;
#[cfg(target_os = "macos")]
#[path = "macos.rs"]
mod os;
#[cfg(target_os = "freebsd")]
#[path = "freebsd.rs"]
mod os;
#[cfg(not(any(target_os = "linux", target_os = "macos", target_os = "freebsd")))]
compile_error!("lesson 03 knows the socket constants of Linux, macOS and FreeBSD only");

// How a new socket is made close-on-exec: by a flag at creation, or by a call right after.
#[cfg(any(target_os = "linux", target_os = "freebsd"))]
#[path = "open_linux_freebsd.rs"]
mod open;
#[cfg(target_os = "macos")]
#[path = "open_macos.rs"]
mod open;

mod addr;
mod c;
mod cpu_time;
mod options;
mod socket;
mod timeval;

pub use addr::{local_addr, peer_addr};
pub use cpu_time::{CPU_TIME_SOURCE, cpu_time};
pub use options::{prepare_listener, set_nonblocking, set_read_timeout, take_error};
pub use socket::{accept, bind, connect, listen, new_stream, recv, send, shutdown, start_connect};

/// What owns a socket here: std's `OwnedFd`.
pub type Socket = OwnedFd;

/// The name of `EAGAIN`, for the lesson's output.
pub const WOULD_BLOCK_NAME: &str = "EAGAIN";

/// Every number and struct of this folder by one path, for the facts check (scripts/facts.sh).
/// (A constant that shares its comment with another is copied rather than re-exported.)
#[doc(hidden)]
pub mod facts {
    pub use super::c::{AF_INET, SHUT_RD, SHUT_RDWR, SHUT_WR, SOCK_STREAM};
    pub use super::cpu_time::{RUSAGE_SELF, rusage};
    #[cfg(target_os = "macos")]
    pub use super::open::F_SETFD;
    #[cfg(target_os = "macos")]
    pub use super::os::SO_NOSIGPIPE;
    pub use super::os::{
        FIONBIO, SEND_FLAGS, SO_ERROR, SO_RCVTIMEO, SO_REUSEADDR, SOL_SOCKET, sockaddr_in,
    };
    #[cfg(any(target_os = "linux", target_os = "freebsd"))]
    pub use super::os::{SOCK_CLOEXEC, SOCK_NONBLOCK};
    pub use super::timeval::timeval;
    #[cfg(target_os = "macos")]
    pub const FD_CLOEXEC: core::ffi::c_int = super::open::FD_CLOEXEC;
}
