//! Your exercise: drive lesson 08's protocol core with blocking calls, one thread per
//! connection.
//!
//! `delay_server::protocol::Session` is one connection's conversation with no socket in it:
//! bytes go in (`receive`, `end_of_file`), responses come out (`take_due`), and it says when
//! it next needs attention (`next_due`: the front request's answer; `deadline`: the header,
//! idle, stalled or linger deadline) and what to do then (`expire`). Lesson 08 drives it with
//! readiness events and a timer heap, lesson 10 with completions. Here you drive it the way
//! lesson 03's server works: a blocking `read` with a *read timeout* is this thread's only
//! clock, so the timeout must end when the next thing is due. Sleep in `read` with no timeout
//! and a request with a delay is answered only when the client happens to send again.
//!
//! Lesson 08's protocol tests (`crates/08-delay-server/tests/suite/protocol.rs`) grade the
//! program in `src/main.rs`, which runs your `serve_connection` for every connection. The core
//! is in `crates/08-delay-server/src/protocol.rs` and `src/protocol/`; lesson 08's own driver
//! is `crates/08-delay-server/src/connection/io.rs`.

use std::time::Instant;

use delay_server::config::Config;
use delay_server::protocol::Session;
use nonblocking::TcpStream;

/// When `session` next needs attention if nothing arrives: the earlier of the front request's
/// due time and the connection's deadline; `None` if neither exists.
pub fn next_wake(session: &Session, config: &Config) -> Option<Instant> {
    let _ = (session, config);
    todo!("the earliest of session.next_due() and the Instant of session.deadline(config)")
}

/// Serves one connection until it closes, on the calling thread: reads with a timeout that
/// ends at `next_wake`, feeds the session, writes what it has due, and closes as its phase says.
pub fn serve_connection(stream: TcpStream, id: u64, config: Config) {
    let _ = (stream, id, config);
    todo!(
        "an Env::new(config) and a Session::new(id, now); then loop: take_due and write it \
         (then session.sent), close as session.phase() says once answered, read with \
         set_read_timeout until next_wake, and on a timeout call session.expire"
    )
}
