//! Windows: TCP sockets through Winsock 2 (`ws2_32.dll`), every function declared by hand.
//!
//! Winsock copied the Berkeley socket calls, so these files read like the Unix ones (the same
//! names: `socket.rs`, `options.rs`, `addr.rs`, `cpu_time.rs`), with these differences:
//!
//! - The library must be started once per process with `WSAStartup` before any other call.
//! - A socket is a `SOCKET` (a pointer-sized handle), not a small `int`; failure is
//!   `INVALID_SOCKET` or `SOCKET_ERROR` (-1), and the reason comes from `WSAGetLastError()`,
//!   as `WSAE...` codes (`WSAEWOULDBLOCK` = 10035 is Unix's `EAGAIN`).
//! - Sockets are made with `WSASocketW`, which takes flags: `WSA_FLAG_OVERLAPPED` (the socket
//!   can be used with I/O completion ports, lesson 06) and `WSA_FLAG_NO_HANDLE_INHERIT` (the
//!   Windows form of close-on-exec: child processes do not inherit it).
//! - Non-blocking mode is `ioctlsocket(FIONBIO)`; closing is `closesocket`, not `CloseHandle`,
//!   which std's `OwnedSocket` calls when dropped.
//! - There is no `SIGPIPE` and no `EINTR` to deal with.
//!
//! The modules call one way only: `socket.rs` uses `addr.rs`, `options.rs` and `startup.rs`;
//! all of them use `ws2_32.rs`; nothing calls back up.

use std::os::windows::io::OwnedSocket;

mod addr;
mod cpu_time;
mod options;
mod socket;
mod startup;
mod ws2_32;

pub use addr::{local_addr, peer_addr};
pub use cpu_time::{CPU_TIME_SOURCE, cpu_time};
pub use options::{prepare_listener, set_nonblocking, set_read_timeout, take_error};
pub use socket::{accept, bind, connect, listen, new_stream, recv, send, shutdown, start_connect};

/// What owns a socket here: std's `OwnedSocket`.
pub type Socket = OwnedSocket;

/// The name of `WSAEWOULDBLOCK`, for the lesson's output.
pub const WOULD_BLOCK_NAME: &str = "WSAEWOULDBLOCK";

/// Every number and struct of this folder by one path, for the facts check (scripts/facts.sh).
/// (A constant that shares its comment with another is copied rather than re-exported.)
#[doc(hidden)]
pub mod facts {
    pub use super::addr::sockaddr_in;
    pub use super::cpu_time::FILETIME;
    pub use super::socket::{HANDLE_FLAG_INHERIT, WSA_FLAG_OVERLAPPED, WSAEINVAL};
    pub use super::startup::{WINSOCK_2_2, WSADATA};
    pub use super::ws2_32::{
        AF_INET, FIONBIO, INVALID_SOCKET, SD_RECEIVE, SOCK_STREAM, SOCKET_ERROR, SOL_SOCKET,
    };
    pub const WSA_FLAG_NO_HANDLE_INHERIT: u32 = super::socket::WSA_FLAG_NO_HANDLE_INHERIT;
    pub const IPPROTO_TCP: i32 = super::ws2_32::IPPROTO_TCP;
    pub const SO_RCVTIMEO: i32 = super::ws2_32::SO_RCVTIMEO;
    pub const SO_ERROR: i32 = super::ws2_32::SO_ERROR;
    pub const SD_SEND: i32 = super::ws2_32::SD_SEND;
    pub const SD_BOTH: i32 = super::ws2_32::SD_BOTH;
}
