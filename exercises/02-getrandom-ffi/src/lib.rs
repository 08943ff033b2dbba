//! Exercise `getrandom-ffi` (lesson 02): `getrandom` from the C library, declared by hand,
//! with its failure read from `errno`.
//!
//! You edit `src/getrandom.rs`; this file only chooses whether yours or the worked solution
//! (feature `solution`) is built. Check yours with `cargo run -p course -- check getrandom-ffi`.
//!
//! Linux (glibc 2.25+, musl) and FreeBSD (12+) have `getrandom`; macOS does not.

#[cfg(any(target_os = "linux", target_os = "freebsd"))]
#[cfg_attr(feature = "solution", path = "../solution/getrandom.rs")]
mod getrandom;

#[cfg(any(target_os = "linux", target_os = "freebsd"))]
pub use getrandom::{GRND_NONBLOCK, getrandom};
