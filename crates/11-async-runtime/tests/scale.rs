//! Lesson 08's scale test (ten thousand connections), run unchanged against this lesson's server, an `async fn` per
//! connection: the test file is lesson 08's; `server/mod.rs` names the server under test.

mod server;
use server::{SERVER, common, support};

#[path = "../../08-delay-server/tests/suite/scale.rs"]
mod scale;
