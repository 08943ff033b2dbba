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
