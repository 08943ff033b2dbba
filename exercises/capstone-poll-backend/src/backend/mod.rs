//! Your capstone: the queue API over `poll(2)`. Reading (and writing) order: `sys.rs`,
//! `registry.rs`, `poll.rs`, `events.rs`, `waker.rs`.
//!
//! epoll and kqueue keep the list of watched descriptors in the kernel; `poll(2)` keeps
//! nothing. Each call hands the kernel the whole list (an array of `struct pollfd`), the kernel
//! sleeps until one entry is ready or the timeout passes, and writes what it found into the
//! same array. So your `Registry` keeps the list, your `Poll::poll` builds the array before
//! each wait, and your `Events` carries the answers back.
//!
//! The signatures below are the API's (the acceptance suite calls exactly these); the insides
//! are yours. Add fields, private functions and files as you like. `cargo run -p course --
//! hint poll-backend` when stuck.

mod events;
mod poll;
mod registry;
mod sys;
mod waker;

pub use events::{Event, Events};
pub use poll::Poll;
pub use registry::Registry;
pub use waker::Waker;
