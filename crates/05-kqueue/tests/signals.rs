//! The shared signal test (lesson 04's `tests/suite/signals.rs`), run against kqueue.
#![cfg(any(target_os = "macos", target_os = "freebsd"))]

use kqueue as queue;

#[path = "../../04-epoll/tests/suite/signals.rs"]
mod signals;
