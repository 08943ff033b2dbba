//! Lesson 08's protocol tests (`crates/08-delay-server/tests/suite/protocol.rs`), unchanged,
//! against this exercise's server (`src/main.rs` around your `src/drive.rs`): answers, delays,
//! keep-alive, pipelining in order, `Connection: close`, HTTP/1.0, a hundred connections from
//! lesson 08's load client. Lesson 10 runs the same file against its io_uring server.

#[path = "../../../crates/01-raw-syscall/tests/common/mod.rs"]
mod common;
#[path = "../../../crates/08-delay-server/tests/support/mod.rs"]
mod support;

/// The server under test: this exercise's.
const SERVER: support::ServerUnderTest =
    support::ServerUnderTest::everywhere(env!("CARGO_BIN_EXE_threaded-server"));

#[path = "../../../crates/08-delay-server/tests/suite/protocol.rs"]
mod protocol;
