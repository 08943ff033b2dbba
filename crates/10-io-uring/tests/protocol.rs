//! Lesson 08's protocol tests, run unchanged against this lesson's io_uring server: the test
//! file is lesson 08's; `server/mod.rs` names the server under test.
#![cfg(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
))]

mod server;
use server::{SERVER, common, support};

#[path = "../../08-delay-server/tests/suite/protocol.rs"]
mod protocol;
