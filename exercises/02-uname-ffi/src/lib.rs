//! Exercise `uname-ffi` (lesson 02): `uname` from the C library, with the struct it fills
//! declared by hand.
//!
//! You edit `src/uname.rs`; this file only chooses whether yours or the worked solution
//! (feature `solution`) is built. Check yours with `cargo run -p course -- check uname-ffi`.
//!
//! Linux only: `struct utsname` differs per OS (macOS and FreeBSD have five fields of 256
//! bytes, and FreeBSD's exported `uname` symbol is an older ABI than its header's).

#[cfg(target_os = "linux")]
#[cfg_attr(feature = "solution", path = "../solution/uname.rs")]
mod uname;

#[cfg(target_os = "linux")]
pub use uname::{SystemName, Utsname, uname};
