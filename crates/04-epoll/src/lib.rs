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
//! - `epoll_wait` sleeps until something is ready, and writes the ready ones into our buffer
//!   (this crate calls its successor `epoll_pwait2`, which takes the timeout to the nanosecond,
//!   where the kernel has it: Linux 5.11 and later).
//!
//! This crate wraps those three calls in the API mio made standard, which lessons 05 (kqueue)
//! and 06 (IOCP) implement again for other kernels: [`Poll`], [`Registry`], [`Events`],
//! [`Event`], [`Token`], [`Interest`] and [`Waker`]. The queue is Linux-only; [`Token`],
//! [`Interest`] and [`Mode`] are plain data, built on every OS, and lessons 05 and 06 import
//! them from here.
//!
//! Two cargo features choose how it is built. `raw` makes the epoll calls by lesson 01's raw
//! syscalls instead of through the C library (see [`sys`]); the queue and its tests are the same
//! either way. `std` (on by default) builds the queue; without it the crate is `no_std` and has
//! only the kernel's types and numbers, [`Token`], [`Interest`], [`Mode`] and, with `raw`, the
//! raw calls: what lesson 09's server, a program with no standard library, takes from here.
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

#![cfg_attr(not(feature = "std"), no_std)]

mod interest;
pub use interest::{Interest, Mode, Token};
/// The kernel queue this crate's `Poll` is built on, for programs to say what they run on.
pub const QUEUE_NAME: &str = "epoll";

// Plain std, built on every OS: the wait loop and the lock helper that lessons 05 and 06 use
// too, written once here so the backends cannot drift apart.
#[cfg(feature = "std")]
pub mod deadline;
#[cfg(feature = "std")]
pub mod sync;

// The kernel's types, numbers and calls: Linux only, and usable without std (see `sys`).
#[cfg(target_os = "linux")]
pub mod sys;

// The queue itself needs std (`io::Result`, `OwnedFd`, `Vec`): Linux with the `std` feature,
// which is on by default.
#[cfg(all(target_os = "linux", feature = "std"))]
mod events;
#[cfg(all(target_os = "linux", feature = "std"))]
mod poll;
#[cfg(all(target_os = "linux", feature = "std"))]
mod waker;

#[cfg(all(target_os = "linux", feature = "std"))]
pub use {
    events::{Event, Events},
    poll::{Poll, Registry},
    waker::Waker,
};
