//! The shared acceptance suite (lesson 04's `tests/suite/`), run against kqueue.
#![cfg(any(target_os = "macos", target_os = "freebsd"))]

use kqueue as queue;

#[path = "../../04-epoll/tests/suite/mod.rs"]
mod suite;
