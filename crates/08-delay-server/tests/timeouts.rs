//! The idle timeout (`serve --idle-timeout MS`), which lesson 08's server has and the shared
//! suite does not ask of every server: a connection with nothing happening is closed, and so is
//! one whose client has stopped reading its answers.

use std::io::{ErrorKind, Read, Write};
use std::time::{Duration, Instant};

#[path = "../../01-raw-syscall/tests/common/mod.rs"]
mod common;
mod support;

use support::{ServerProcess, assert_served_promptly, connect, request};

/// The server under test: this lesson's.
const SERVER: support::ServerUnderTest =
    support::ServerUnderTest::everywhere(env!("CARGO_BIN_EXE_delay-server"));

const IDLE: Duration = Duration::from_millis(300);

fn server_with_a_short_idle_timeout() -> Option<ServerProcess> {
    ServerProcess::start_with(&["--header-timeout", "300", "--idle-timeout", "300"])
}

#[test]
fn an_idle_keep_alive_connection_is_closed_after_the_idle_timeout() {
    let Some(server) = server_with_a_short_idle_timeout() else {
        return;
    };
    let stream = connect(server.addr);
    // The clock is read before the request goes: the server's idle time cannot start before
    // the request is sent. Read after `write_all` returns, it can be later than the server's
    // own reading (the server may run first; under qemu, by a millisecond and more), and a
    // close on time looks early.
    let asked = Instant::now();
    (&stream).write_all(&request(0, "once", true)).unwrap();
    let response = nonblocking::client::read_response(&stream, &mut Vec::new()).unwrap();
    assert_eq!(response.text(), "once");
    // Nothing more from us: the server closes, no sooner than the timeout, with no answer.
    let mut rest = Vec::new();
    (&stream)
        .read_to_end(&mut rest)
        .expect("closed by the server");
    assert!(rest.is_empty(), "{:?}", String::from_utf8_lossy(&rest));
    assert!(asked.elapsed() >= IDLE, "{:?}", asked.elapsed());
    assert_served_promptly(server.addr);
}

#[test]
fn a_client_that_stops_reading_is_closed_after_the_idle_timeout() {
    let Some(server) = server_with_a_short_idle_timeout() else {
        return;
    };
    #[cfg(target_os = "linux")]
    let baseline = support::open_descriptors(server.pid());
    let stream = connect(server.addr);
    stream.set_nonblocking(true).unwrap();
    let requests = b"GET /0/x HTTP/1.1\r\n\r\n".repeat(1000);
    // Pipeline until the server stops reading us (its output to us is stuck), then wait:
    // after the idle timeout with no progress, it gives up on us.
    let start = Instant::now();
    let closed = loop {
        match (&stream).write(&requests) {
            Ok(_) => {}
            Err(error) if error.kind() == ErrorKind::WouldBlock => {
                std::thread::sleep(Duration::from_millis(20));
            }
            // The server closed with our answers unread: a reset.
            Err(_) => break true,
        }
        #[cfg(target_os = "linux")]
        if start.elapsed() > IDLE && support::open_descriptors(server.pid()) == baseline {
            break true;
        }
        if start.elapsed() > Duration::from_secs(10) {
            break false;
        }
    };
    assert!(closed, "the server kept a client that does not read");
    assert!(start.elapsed() >= IDLE, "{:?}", start.elapsed());
    assert_served_promptly(server.addr);
}
