//! Lesson 05: the readiness queue on macOS and FreeBSD.
//!
//! Lesson 04 built the queue on Linux's epoll. The BSDs (and macOS, whose kernel took it from
//! FreeBSD) have kqueue instead: one queue for sockets, files, processes, signals, timers and
//! events the program fires itself, behind a single call.
//!
//! - `kqueue()` makes a queue (a descriptor);
//! - `kevent()` does everything else: it takes a list of *changes* (add, delete, enable...
//!   one *filter* on one *ident*, such as "readable" on descriptor 7) and a buffer for
//!   *events*, applies the changes, then waits until something fires.
//!
//! Where epoll watches a descriptor for a set of bits, kqueue keeps one filter per condition:
//! reading and writing are two filters, so one descriptor can give two events in one poll.
//!
//! This crate wraps kqueue in the API of lesson 04: `Poll`, `Registry`, `Events`, `Event` and
//! `Waker`, with [`Token`], [`Interest`] and [`Mode`] imported from lesson 04 (they are plain
//! data). Its queue is built on macOS and FreeBSD only; elsewhere the crate holds just those
//! three re-exports (which is why the queue's names above are not links when these docs are
//! built on Linux). In this course's CI it is compiled for those systems, never run.
//!
//! ```no_run
//! # #[cfg(not(any(target_os = "macos", target_os = "freebsd")))]
//! # fn main() {}
//! # #[cfg(any(target_os = "macos", target_os = "freebsd"))]
//! # fn main() -> std::io::Result<()> {
//! use kqueue::{Events, Interest, Poll, Token};
//! let mut poll = Poll::new()?;
//! let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
//! listener.set_nonblocking(true)?;
//! poll.registry().register(&listener, Token(0), Interest::READABLE)?;
//! let mut events = Events::with_capacity(64);
//! poll.poll(&mut events, None)?; // sleeps until a client connects
//! for event in events.iter() {
//!     assert_eq!(event.token(), Token(0)); // accept until WouldBlock
//! }
//! # Ok(()) }
//! ```

pub use epoll::{Interest, Mode, Token};
/// The kernel queue this crate's `Poll` is built on, for programs to say what they run on.
pub const QUEUE_NAME: &str = "kqueue";

// The queue exists where kqueue does; which `struct kevent` it uses is chosen in `sys`.
#[cfg(any(target_os = "macos", target_os = "freebsd"))]
mod events;
#[cfg(any(target_os = "macos", target_os = "freebsd"))]
mod poll;
#[cfg(any(target_os = "macos", target_os = "freebsd"))]
mod registry;
#[cfg(any(target_os = "macos", target_os = "freebsd"))]
pub mod sys;
#[cfg(any(target_os = "macos", target_os = "freebsd"))]
mod waker;

#[cfg(any(target_os = "macos", target_os = "freebsd"))]
pub use {
    events::{Event, Events},
    poll::Poll,
    registry::Registry,
    waker::Waker,
};
