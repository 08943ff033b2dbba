//! Exercise `request-buffer` (lesson 03): the buffer a server keeps per connection, fed
//! by reads of any size, turned into whole requests with lesson 03's parser.
//!
//! You edit `src/connection.rs`. This file only chooses which `connection.rs` is built: yours,
//! the worked solution (feature `solution`), or a known-wrong one the check must reject
//! (feature `mutant`). Check yours with `cargo run -p course -- check request-buffer`.

#[cfg_attr(feature = "solution", path = "../solution/connection.rs")]
#[cfg_attr(
    all(feature = "mutant", not(feature = "solution")),
    path = "../mutant/connection.rs"
)]
mod connection;

pub use connection::Connection;
