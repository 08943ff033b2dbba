//! Lesson 04: the readiness queue on Linux.
//!
//! Lesson 03 showed the two bad ways to wait for many sockets: block on one at a time, or spin
//! over all of them burning a core. An OS event queue is the third way: hand the kernel the
//! whole list once, then make one call that sleeps until *any* of them is ready and says which.
//! On Linux that queue is epoll:
//!
//! - `epoll_create1` makes a queue (a descriptor);
//! - `epoll_ctl` adds, changes or removes a descriptor, with what to watch for and a 64-bit
//!   value the kernel hands back with each event (our [`Token`]);
//! - `epoll_wait` sleeps until something is ready, and writes the ready ones into our buffer.
//!
//! This crate wraps those three calls in the API mio made standard, which lessons 05 (kqueue)
//! and 06 (IOCP) implement again for other kernels: [`Poll`], [`Registry`], [`Events`],
//! [`Event`], [`Token`], [`Interest`] and [`Waker`]. The queue is Linux-only; [`Token`],
//! [`Interest`] and [`Mode`] are plain data, built on every OS, and lessons 05 and 06 import
//! them from here.
//!
//! ```no_run
//! # #[cfg(target_os = "linux")]
//! # fn main() -> std::io::Result<()> {
//! use epoll::{Events, Interest, Poll, Token};
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
//! # #[cfg(not(target_os = "linux"))]
//! # fn main() {}
//! ```

mod interest;
pub use interest::{Interest, Mode, Token};

#[cfg(target_os = "linux")]
mod events;
#[cfg(target_os = "linux")]
mod poll;
#[cfg(target_os = "linux")]
pub mod sys;
#[cfg(target_os = "linux")]
mod waker;

#[cfg(target_os = "linux")]
pub use {
    events::{Event, Events},
    poll::{Poll, Registry},
    waker::Waker,
};
