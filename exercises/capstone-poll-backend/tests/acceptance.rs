//! Lesson 04's shared acceptance suite, run against your `poll(2)` backend.
#![cfg(target_os = "linux")]

use exercise_poll_backend as queue;

#[path = "../../../crates/04-epoll/tests/suite/mod.rs"]
mod suite;
