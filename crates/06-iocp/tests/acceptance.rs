//! The shared acceptance suite (lesson 04's `tests/suite/`), run against IOCP with AFD poll.
#![cfg(windows)]

use iocp as queue;

#[path = "../../04-epoll/tests/suite/mod.rs"]
mod suite;
