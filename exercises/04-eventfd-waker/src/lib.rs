//! Exercise `eventfd-waker` (lesson 04): a `Waker` made of an `eventfd`, declared by hand.
//!
//! You edit `src/waker.rs`; this file only chooses whether yours or the worked solution
//! (feature `solution`) is built. Check yours with `cargo run -p course -- check eventfd-waker`.

#[cfg(target_os = "linux")]
#[cfg_attr(feature = "solution", path = "../solution/waker.rs")]
#[cfg_attr(
    all(feature = "mutant", not(feature = "solution")),
    path = "../mutant/waker.rs"
)]
mod waker;

#[cfg(target_os = "linux")]
pub use waker::Waker;
