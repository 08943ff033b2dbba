//! Lesson 06: the completion model on Windows, and readiness over it.
//!
//! Windows has no epoll. Its scalable I/O queue is the **I/O completion port** (IOCP), and it
//! answers a different question: not "which sockets *can* be read now?" but "which of the
//! reads I started have *finished*?". This crate shows both sides:
//!
//! 1. **Completion** (module `completion`): overlapped `WSARecv`/`WSASend`, each lending a heap
//!    buffer to the kernel until its completion comes back through the port. `cargo run -p
//!    iocp` runs the book's chapter-4 client this way. The price is the ownership rule: the
//!    kernel writes into your buffer *later*, so you may not touch, move or free it until then.
//! 2. **Readiness** (`Poll`, `Registry`, `Events`, `Event`, `Waker`, with lesson 04's
//!    [`Token`] and [`Interest`]): lesson 04's API over the same port, the way mio and wepoll
//!    build it. Each registered socket has one *AFD poll* in flight: a request to the Winsock
//!    driver (`IOCTL_AFD_POLL`) that completes when the socket becomes ready. The completion
//!    *is* the readiness event, and the reads are ordinary non-blocking calls, so no buffer is
//!    ever lent. Edge-triggered cannot be exact over AFD: `Poll` says what it does instead.
//!
//! ```no_run
//! # #[cfg(windows)]
//! # fn main() -> std::io::Result<()> {
//! use iocp::{Events, Interest, Poll, Token};
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
//! # #[cfg(not(windows))]
//! # fn main() {}
//! ```
//!
//! Everything but [`Token`], [`Interest`], [`Mode`] and [`QUEUE_NAME`] exists on Windows only;
//! on other systems the crate is empty, and its program says which lesson to run instead.

pub use epoll::{Interest, Mode, Token};

/// The kernel queue this crate's `Poll` is built on, for programs to say what they run on.
pub const QUEUE_NAME: &str = "IOCP (AFD poll)";

// The readiness queue is a one-way chain, as in mio: `poll` -> `registry` -> `sock_state` ->
// `afd` -> `port` (and `sock_state` -> `wants`, the rules of each mode); `waker` shares only
// the port. The completion demo uses `port` alone.
#[cfg(windows)]
mod afd;
#[cfg(windows)]
mod base_socket;
#[cfg(windows)]
pub mod completion;
#[cfg(windows)]
mod error;
#[cfg(windows)]
mod events;
#[cfg(windows)]
mod poll;
#[cfg(windows)]
mod port;
#[cfg(windows)]
mod registry;
#[cfg(windows)]
mod sock_state;
#[cfg(windows)]
pub mod sys;
#[cfg(windows)]
mod waker;
#[cfg(windows)]
mod wants;

#[cfg(windows)]
pub use {
    events::{Event, Events},
    poll::Poll,
    registry::Registry,
    waker::Waker,
};

#[cfg(windows)]
use error::{last_error, last_wsa_error, nt_error};
