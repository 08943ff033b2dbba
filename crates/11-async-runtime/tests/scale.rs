//! Lesson 08's scale test (ten thousand connections), run unchanged against this lesson's
//! server, an `async fn` per connection: the test file is lesson 08's; `server/mod.rs` names
//! the server under test. Linux only, as lesson 08's: it counts descriptors in `/proc`.
#![cfg(target_os = "linux")]

mod server;
use server::{SERVER, common, support};

#[path = "../../08-delay-server/tests/suite/scale.rs"]
mod scale;
