//! Exercise `threaded-server` (lesson 08): the delay server's protocol core, which does no
//! I/O, driven by the simplest I/O model there is: one blocking thread per connection.
//!
//! You edit `src/drive.rs`. This file only chooses which `drive.rs` is built: yours, the
//! worked solution (feature `solution`), or a known-wrong one the check must reject (feature
//! `mutant`). The server program around it is `src/main.rs` (you never edit it). Check yours
//! with `cargo run -p course -- check threaded-server`.

#[cfg_attr(feature = "solution", path = "../solution/drive.rs")]
#[cfg_attr(
    all(feature = "mutant", not(feature = "solution")),
    path = "../mutant/drive.rs"
)]
mod drive;

pub use drive::{next_wake, serve_connection};
