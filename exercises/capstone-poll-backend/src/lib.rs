//! The capstone (`poll-backend`): the queue API of lessons 04 to 07, a fourth time, over
//! `poll(2)`, the oldest and plainest readiness call there is.
//!
//! You edit the files in `src/backend/`; this file only chooses whether yours or the worked
//! solution (`solution/`, feature `solution`) is built. Lesson 04's acceptance suite grades
//! it, the very tests epoll, kqueue and IOCP pass (`tests/acceptance.rs` includes it), with
//! the two that `poll(2)` cannot pass left out, and why (see `hint.md`). Check yours with
//! `cargo run -p course -- check poll-backend`.
//!
//! Linux only: the check needs `POLLRDHUP` (a peer's shutdown), which only Linux has.

#[cfg(target_os = "linux")]
#[cfg_attr(feature = "solution", path = "../solution/mod.rs")]
mod backend;

#[cfg(target_os = "linux")]
pub use backend::{Event, Events, Poll, Registry, Waker};

/// The API's plain types, from lesson 04, as every backend has them.
pub use epoll::{Interest, Mode, Token};
