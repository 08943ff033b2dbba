//! Exercise `eintr-retry` (lesson 04): how long to wait, and waiting again after a signal.
//!
//! You edit `src/wait.rs`; this file only chooses whether yours or the worked solution
//! (feature `solution`) is built. Check yours with `cargo run -p course -- check eintr-retry`.
//!
//! The functions are plain Rust, built everywhere; the check's real waits need Linux (epoll).

#[cfg_attr(feature = "solution", path = "../solution/wait.rs")]
mod wait;

pub use wait::{millis_rounded_up, wait_retrying};
