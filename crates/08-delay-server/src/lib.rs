//! Lesson 08: a single-threaded HTTP/1.1 delay server on our own event queue.
//!
//! The book's readers needed actix-web for the delay server that chapter 4's client talks to.
//! This lesson builds one instead, on the queue of lesson 07 (epoll, kqueue or IOCP), the
//! sockets and HTTP parser of lesson 03, and nothing else: one thread, one [`Poll`], every
//! connection. It is the same design as a mio or tokio server, small enough to read in one
//! sitting:
//!
//! - [`protocol`]: the core, sans I/O: one connection's conversation, bytes in, responses and
//!   deadlines out: its queue of pending answers (in order, as HTTP/1.1 pipelining requires),
//!   its deadlines, its backpressure. Lesson 10's io_uring server drives the same core.
//! - [`server`]: the event loop. Accept until `WouldBlock`; for each ready connection read
//!   until drained, hand the bytes to the core, write what it answers in one `write`.
//! - `connection`: one connection's socket and its readiness: what to read, write, watch.
//! - `timers`: a min-heap of deadlines; the earliest one is `poll`'s timeout.
//! - [`slab`], [`stats`], [`log`]: the connection table, the counters, the log lines (all
//!   shared with lesson 10).
//! - [`config`]: every limit, with its value and why.
//! - [`load`]: a closed-loop load client on the same queue, to measure it.
//! - [`command`]: what both servers' command lines share (`serve`'s options, its first lines).
//! - [`fd_limit`]: raising `RLIMIT_NOFILE`, so one process can hold 10,000 connections.
//! - [`timer_slack`]: Linux's timer slack down to 1 ns, so timers fire on time.
//!
//! ```no_run
//! use std::net::{Ipv4Addr, SocketAddrV4};
//! use delay_server::{config::Config, server::Server};
//!
//! let server = Server::bind(SocketAddrV4::new(Ipv4Addr::LOCALHOST, 8080), Config::default())?;
//! println!("listening on {}", server.local_addr()?);
//! server.run()?; // until a `Handle::shutdown`
//! # Ok::<(), std::io::Error>(())
//! ```
//!
//! [`Poll`]: event_queue::Poll

/// A log line through `$cx.log` (an `Option<`[`Log`](log::Log)`>`), if there is one. The
/// arguments are not even formatted when logging is off, so the quiet server pays nothing for
/// its log lines. Lesson 10's server logs with it too.
#[macro_export]
macro_rules! say {
    ($cx:expr, $($arg:tt)*) => {
        if let Some(log) = &$cx.log {
            log.line(format_args!($($arg)*));
        }
    };
}

pub mod command;
pub mod config;
mod connection;
mod context;
pub mod fd_limit;
pub mod load;
pub mod log;
pub mod protocol;
pub mod server;
pub mod slab;
pub mod stats;
pub mod timer_slack;
mod timers;

/// Why a connection was closed: lesson 10's server on io_uring gives the same reasons.
pub use protocol::Cause;
