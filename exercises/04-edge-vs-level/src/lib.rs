//! Exercise `edge-vs-level` (lesson 04): what edge- and level-triggered readiness mean for the
//! code that reads a socket.
//!
//! You edit `src/readiness.rs`. This file only chooses which `readiness.rs` is built: yours,
//! the worked solution (feature `solution`), or a known-wrong one the check must reject
//! (feature `mutant`). Check yours with `cargo run -p course -- check edge-vs-level`.

#[cfg(target_os = "linux")]
#[cfg_attr(feature = "solution", path = "../solution/readiness.rs")]
#[cfg_attr(
    all(feature = "mutant", not(feature = "solution")),
    path = "../mutant/readiness.rs"
)]
mod readiness;

#[cfg(target_os = "linux")]
pub use readiness::{events_while_unread, receive_all};
