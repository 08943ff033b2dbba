//! Exercise `errno-location` (lesson 02): where `errno` lives, and why it is a function.
//!
//! You edit `src/errno.rs`; this file only chooses whether yours or the worked solution
//! (feature `solution`) is built. Check yours with `cargo run -p course -- check errno-location`.

#[cfg(any(target_os = "linux", target_os = "macos", target_os = "freebsd"))]
#[cfg_attr(feature = "solution", path = "../solution/errno.rs")]
mod errno;

#[cfg(any(target_os = "linux", target_os = "macos", target_os = "freebsd"))]
pub use errno::{last_errno, set_errno};
