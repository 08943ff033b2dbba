//! Exercise `getpid-asm` (lesson 01): the `getpid` system call by inline assembly.
//!
//! You edit `src/getpid.rs`. This file only chooses which `getpid.rs` is built: yours, the
//! worked solution (feature `solution`), or a known-wrong one the check must reject (feature
//! `mutant`). Check yours with `cargo run -p course -- check getpid-asm`.

// Linux on x86_64 and aarch64 only: the two CPUs lesson 01 makes raw syscalls on.
#[cfg(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
))]
#[cfg_attr(feature = "solution", path = "../solution/getpid.rs")]
#[cfg_attr(
    all(feature = "mutant", not(feature = "solution")),
    path = "../mutant/getpid.rs"
)]
mod getpid;

#[cfg(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
))]
pub use getpid::getpid;
