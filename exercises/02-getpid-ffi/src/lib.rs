//! Exercise `getpid-ffi` (lesson 02): `getpid` and `getppid` from the C library, declared by
//! hand.
//!
//! You edit `src/process.rs`; this file only chooses whether yours or the worked solution
//! (feature `solution`) is built. Check yours with `cargo run -p course -- check getpid-ffi`.

#[cfg(unix)]
#[cfg_attr(feature = "solution", path = "../solution/process.rs")]
mod process;

#[cfg(unix)]
pub use process::{Pid, parent_process_id, process_id};
