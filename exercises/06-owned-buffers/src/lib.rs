//! Exercise `owned-buffers` (lesson 06): the rules of a buffer lent to the kernel by an
//! overlapped request, as a state machine. Pure data: it runs on every OS.
//!
//! You edit `src/rules.rs`. This file only chooses which `rules.rs` is built: yours, the
//! worked solution (feature `solution`), or a known-wrong one the check must reject (feature
//! `mutant`). Check yours with `cargo run -p course -- check owned-buffers`.

#[cfg_attr(feature = "solution", path = "../solution/rules.rs")]
#[cfg_attr(
    all(feature = "mutant", not(feature = "solution")),
    path = "../mutant/rules.rs"
)]
mod rules;

pub use rules::{
    Event, Refused, SOCKET_ERROR, State, WSA_IO_PENDING, after_start_call, replay, step,
};
