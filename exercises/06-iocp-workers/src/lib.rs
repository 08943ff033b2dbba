//! Exercise `iocp-workers` (lesson 06): a completion port as the work queue of a thread pool.
//!
//! **Windows only**: it makes real completion-port calls. Elsewhere the package builds empty,
//! and `cargo run -p course` shows the exercise as not on this OS.
//!
//! You edit `src/workers.rs`; this file only chooses whether yours or the worked solution
//! (feature `solution`) is built. Check yours with `cargo run -p course -- check iocp-workers`.

#[cfg(windows)]
#[cfg_attr(feature = "solution", path = "../solution/workers.rs")]
mod workers;

#[cfg(windows)]
pub use workers::{Port, STOP, run_pool};
