//! Lesson 04's shared signal test (EINTR), run against your `poll(2)` backend. Its own test
//! binary: it installs a signal handler for the whole process.
#![cfg(target_os = "linux")]

use exercise_poll_backend as queue;

#[path = "../../../crates/04-epoll/tests/suite/signals.rs"]
mod signals;
