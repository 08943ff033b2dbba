//! Exercise `uring-read` (lesson 10): `IORING_OP_READ` and `IORING_OP_WRITE`, the io_uring
//! forms of `read(2)` and `write(2)`, which lesson 10 does not use (its sockets use `RECV` and
//! `SEND`).
//!
//! **Linux on x86_64 or aarch64 only**, like lesson 10. You edit `src/read.rs`. This file only
//! chooses which `read.rs` is built: yours, the worked solution (feature `solution`), or a
//! known-wrong one the check must reject (feature `mutant`). Check yours with
//! `cargo run -p course -- check uring-read`.

#![cfg(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
))]

#[cfg_attr(feature = "solution", path = "../solution/read.rs")]
#[cfg_attr(
    all(feature = "mutant", not(feature = "solution")),
    path = "../mutant/read.rs"
)]
mod read;

pub use read::{read, read_now, write, write_now};
