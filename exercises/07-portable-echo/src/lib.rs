//! Exercise `portable-echo` (lesson 07): an echo server on `event_queue`, written once, right
//! over epoll, kqueue and IOCP alike.
//!
//! You edit `src/echo.rs`; this file only chooses whether yours or the worked solution
//! (feature `solution`) is built. Check yours with `cargo run -p course -- check portable-echo`.

#[cfg(any(
    target_os = "linux",
    target_os = "macos",
    target_os = "freebsd",
    windows
))]
#[cfg_attr(feature = "solution", path = "../solution/echo.rs")]
#[cfg_attr(
    all(feature = "mutant", not(feature = "solution")),
    path = "../mutant/echo.rs"
)]
mod echo;

#[cfg(any(
    target_os = "linux",
    target_os = "macos",
    target_os = "freebsd",
    windows
))]
pub use echo::echo;
