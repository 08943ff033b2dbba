//! The shared signal test (`suite/signals.rs`), run against epoll.
#![cfg(target_os = "linux")]

use epoll as queue;

#[path = "suite/signals.rs"]
mod signals;
