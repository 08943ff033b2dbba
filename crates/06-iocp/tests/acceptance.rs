//! The shared acceptance suite (lesson 04's `tests/suite/`), run against IOCP with AFD poll,
//! and this backend's own rules for edge, level and oneshot (`acceptance/modes.rs`).
#![cfg(windows)]

use iocp as queue;

#[path = "../../04-epoll/tests/suite/mod.rs"]
mod suite;

#[path = "acceptance/modes.rs"]
mod modes;
