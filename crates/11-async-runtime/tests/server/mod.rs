//! Lesson 08's server suite against this lesson's async server: lesson 08's support module,
//! which starts the server the including test file names `SERVER` at its root, lesson 01's
//! test helpers, which it uses, and `SERVER` itself. A test file brings all three to its root
//! (`use server::{SERVER, common, support};`), where the suite looks for them.
#![allow(dead_code)] // each test file uses a different part

#[path = "../../../01-raw-syscall/tests/common/mod.rs"]
pub mod common;
#[path = "../../../08-delay-server/tests/support/mod.rs"]
pub mod support;

/// The server under test: `async-runtime serve`, which runs wherever lesson 07's queue does.
pub const SERVER: support::ServerUnderTest =
    support::ServerUnderTest::everywhere(env!("CARGO_BIN_EXE_async-runtime"));
