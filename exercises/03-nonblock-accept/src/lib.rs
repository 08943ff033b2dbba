//! Exercise `nonblock-accept` (lesson 03): a blocking accept-and-read loop made
//! non-blocking, with its `WouldBlock`s counted.
//!
//! You edit `src/accept.rs`. This file only chooses which `accept.rs` is built: yours, the
//! worked solution (feature `solution`), or a known-wrong one the check must reject (feature
//! `mutant`). Check yours with `cargo run -p course -- check nonblock-accept`.

#[cfg_attr(feature = "solution", path = "../solution/accept.rs")]
#[cfg_attr(
    all(feature = "mutant", not(feature = "solution")),
    path = "../mutant/accept.rs"
)]
mod accept;

pub use accept::{Counts, receive_one, receive_one_blocking};
