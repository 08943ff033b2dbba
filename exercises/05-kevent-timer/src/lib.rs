//! Exercise `kevent-timer` (lesson 05): timers kept by the kernel, in a kqueue.
//!
//! **macOS and FreeBSD only**: it makes real `kevent` calls. Elsewhere the package builds
//! empty, and `cargo run -p course` shows the exercise as not on this OS.
//!
//! You edit `src/timers.rs`; this file only chooses whether yours or the worked solution
//! (feature `solution`) is built. Check yours with `cargo run -p course -- check kevent-timer`.

#[cfg(any(target_os = "macos", target_os = "freebsd"))]
#[cfg_attr(feature = "solution", path = "../solution/timers.rs")]
mod timers;

#[cfg(any(target_os = "macos", target_os = "freebsd"))]
pub use timers::Timers;
