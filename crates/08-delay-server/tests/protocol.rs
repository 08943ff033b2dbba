//! The protocol tests (`suite/protocol.rs`), against this lesson's server. Lesson 10 runs the
//! same file against its io_uring server.

#[path = "../../01-raw-syscall/tests/common/mod.rs"]
mod common;
mod support;

/// The server under test: this lesson's.
const SERVER: support::ServerUnderTest =
    support::ServerUnderTest::everywhere(env!("CARGO_BIN_EXE_delay-server"));

#[path = "suite/protocol.rs"]
mod protocol;
