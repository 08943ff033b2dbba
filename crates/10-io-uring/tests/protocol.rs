//! Lesson 08's protocol tests, run unchanged against this lesson's io_uring server: the test
//! file is lesson 08's, and so is the support module that starts the server named `SERVER`.
#![cfg(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
))]

#[path = "../../01-raw-syscall/tests/common/mod.rs"]
mod common;
#[path = "../../08-delay-server/tests/support/mod.rs"]
mod support;
mod uring;

/// The server under test: `io-uring serve`, where io_uring runs.
const SERVER: support::ServerUnderTest = support::ServerUnderTest {
    binary: env!("CARGO_BIN_EXE_io-uring"),
    unavailable: uring::unavailable,
};

#[path = "../../08-delay-server/tests/suite/protocol.rs"]
mod protocol;
