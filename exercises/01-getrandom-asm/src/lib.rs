//! Exercise `getrandom-asm` (lesson 01): the `getrandom` system call by inline assembly.
//!
//! You edit `src/getrandom.rs`; this file only chooses whether yours or the worked solution
//! (feature `solution`) is built. Check yours with `cargo run -p course -- check getrandom-asm`.

#[cfg(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
))]
#[cfg_attr(feature = "solution", path = "../solution/getrandom.rs")]
#[cfg_attr(
    all(feature = "mutant", not(feature = "solution")),
    path = "../mutant/getrandom.rs"
)]
mod getrandom;

#[cfg(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
))]
pub use getrandom::{GRND_NONBLOCK, getrandom};
