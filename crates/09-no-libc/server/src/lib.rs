//! Lesson 09's server: the delay protocol over epoll, with no C library and no standard library.
//!
//! Everything it asks of the kernel is a raw syscall from lesson 01, and everything it knows
//! about epoll (`struct epoll_event`, the flags, the calls) comes from lesson 04, built without
//! `std`. There is no allocator: the tables are sized once, at start, from the descriptor
//! limit, and mapped by one `mmap` each; every other buffer has a fixed size. A connection over
//! a limit is answered and closed, never a crash.
//!
//! This library is the whole server; the two binaries only start it. `no-libc-server`
//! (`src/main.rs`) starts it from its own `_start`, with no C library at all;
//! `server-with-std` (`src/bin/`) starts the very same code from `std`'s `main`, so the two
//! differ by exactly what `std` and the C library add.
#![cfg_attr(not(test), no_std)]

mod connections;
pub mod http;
mod server;
pub mod sys;
pub mod table;
pub mod text;
pub mod timers;

/// The port served when none is given.
pub const DEFAULT_PORT: u16 = 8080;
/// The most descriptors the tables have places for, whatever the descriptor limit: a bound on
/// their address space (not their memory, which grows only as connections use it). Below it,
/// the limit decides; the connection after the last one is answered `503 Service Unavailable`.
pub const MAX_CONNECTIONS: usize = 1 << 20;
/// The bytes of a request kept in a connection's own record; a longer one moves to the
/// connection's overflow buffer of [`MAX_REQUEST`] bytes. A request line and a `Host` header fit
/// (wrk's and lesson 08's load client's requests), and curl's four headers.
pub const INLINE_REQUEST: usize = 116;
/// The longest request head, in bytes (the size of a connection's overflow buffer). A longer
/// one is answered `431 Request Header Fields Too Large` and closed.
pub const MAX_REQUEST: usize = 2048;
/// Events taken from the kernel per wait; more ready ones wait for the next turn.
pub const MAX_EVENTS: usize = 64;
/// Connections the kernel may hold accepted before we take them (lesson 03's and 08's value;
/// the kernel caps it at `net.core.somaxconn`, 4096 by default).
pub const BACKLOG: u32 = 1024;

const USAGE: &[u8] = b"usage: no-libc-server [PORT]   (default 8080; 0: any free port)\n";

/// The program: `args` are its arguments, the program's name first. Returns the exit status:
/// 0 after standard input closed, 1 if a call failed, 2 for bad arguments.
pub fn main<'a>(args: impl Iterator<Item = &'a [u8]>) -> i32 {
    let mut args = args.skip(1);
    let port = match (args.next(), args.next()) {
        (None, _) => Some(DEFAULT_PORT),
        (Some(arg), None) => text::parse_decimal(arg, u16::MAX.into()).map(|port| port as u16),
        _ => None,
    };
    match port {
        Some(port) => server::run(port),
        None => {
            text::print(text::STDERR, &[USAGE]);
            2
        }
    }
}
