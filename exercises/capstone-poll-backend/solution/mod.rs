//! Worked solution of the capstone: the queue API over `poll(2)`.
//!
//! epoll and kqueue keep the list of watched descriptors *in the kernel*; `poll(2)` keeps
//! nothing. Each call hands the kernel the whole list (an array of `struct pollfd`), the kernel
//! checks each entry, sleeps until one is ready or the timeout passes, and writes what it found
//! into the same array. So this backend keeps the interest list itself (`registry.rs`), builds
//! the array before every wait (`poll.rs`), and turns the kernel's answers into events
//! (`events.rs`). Reading order: `sys.rs`, `registry.rs`, `poll.rs`, `events.rs`, `waker.rs`.
//!
//! What `poll(2)` cannot do, and what this backend does instead:
//!
//! - **No edge-triggered mode.** The kernel has no memory between calls, so it cannot tell
//!   "became ready" from "is still ready". `Mode::Edge` is served as level-triggered: a ready
//!   source is reported on every poll. The API allows that (events may be spurious; callers
//!   read until `WouldBlock`), and the two suite tests that want silence are left out.
//! - **No oneshot either**, so the registry does it: after one event, the entry is left out of
//!   the array until `reregister`.
//! - **A closed descriptor is not forgotten by the kernel**, since the kernel never knew it:
//!   `poll` answers `POLLNVAL` for it, and the registry drops it then. A descriptor number that
//!   was closed and reused is told apart from the old one by its inode (`registry.rs`).
//! - **Cost**: every wait copies and checks the whole list, O(n) per call where epoll is O(ready).

mod events;
mod poll;
mod registry;
mod sys;
mod waker;

pub use events::{Event, Events};
pub use poll::Poll;
pub use registry::Registry;
pub use waker::Waker;
