//! The check of exercise `threaded-server`, with `tests/protocol.rs` (lesson 08's protocol
//! tests against your server): `cargo run -p course -- check threaded-server`.
//!
//! Here: `next_wake` on sessions fed by hand (no socket, no waiting), then one connection
//! served by `serve_connection` on a thread, watched from the client's side.

use std::io::{Read, Write};
use std::net::{Ipv4Addr, SocketAddrV4};
use std::time::{Duration, Instant};

use delay_server::config::Config;
use delay_server::protocol::{Env, Session};
use exercise_threaded_server::{next_wake, serve_connection};
use nonblocking::TcpListener;

/// The limits of these tests: lesson 08's, with a 300 ms header timeout.
fn config() -> Config {
    Config {
        header_timeout: Duration::from_millis(300),
        ..Config::default()
    }
}

/// A session that has received `bytes` at `t0`; returns it with `t0`.
fn session_after(bytes: &[u8]) -> (Session, Instant) {
    let t0 = Instant::now();
    let mut env = Env::new(config());
    env.now = t0;
    let mut session = Session::new(1, t0);
    let mut out = Vec::new();
    session
        .receive(&mut env, &mut out, bytes)
        .expect("the session took the bytes");
    (session, t0)
}

#[test]
fn a_quiet_connection_wakes_at_its_idle_deadline() {
    let t0 = Instant::now();
    let session = Session::new(1, t0);
    assert_eq!(
        next_wake(&session, &config()),
        Some(t0 + Config::default().idle_timeout),
        "nothing under way: the only thing ahead is the idle deadline"
    );
}

#[test]
fn a_delayed_request_wakes_at_its_due_time() {
    let (session, t0) = session_after(b"GET /500/later HTTP/1.1\r\nHost: x\r\n\r\n");
    assert_eq!(
        next_wake(&session, &config()),
        Some(t0 + Duration::from_millis(500)),
        "the answer is due in 500 ms: the thread must be awake then, whatever the client does \
         (session.next_due())"
    );
}

#[test]
fn half_a_head_wakes_at_the_header_deadline_even_behind_an_answer() {
    let (session, t0) = session_after(b"GET /5000/slow HTTP/1.1\r\n\r\nGET /1/x HT");
    assert_eq!(
        next_wake(&session, &config()),
        Some(t0 + Duration::from_millis(300)),
        "an answer due in 5 s and half a head that must be complete in 300 ms: the earlier"
    );
}

#[test]
fn a_delayed_answer_comes_though_the_client_sends_nothing_more() {
    let listener = TcpListener::bind(SocketAddrV4::new(Ipv4Addr::LOCALHOST, 0)).unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        let (stream, _) = listener.accept().unwrap();
        serve_connection(stream, 1, config());
    });
    let mut client = std::net::TcpStream::connect(addr).unwrap();
    client
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let started = Instant::now();
    client
        .write_all(b"GET /200/waited%20for HTTP/1.1\r\nConnection: close\r\n\r\n")
        .unwrap();
    let mut response = Vec::new();
    let read = client.read_to_end(&mut response);
    let took = started.elapsed();
    assert!(
        read.is_ok(),
        "no answer and no close within 5 s of a request for a 200 ms delay ({read:?}): the \
         thread slept in read past the answer's due time; end each read at next_wake"
    );
    assert!(
        !response.is_empty(),
        "the connection was closed without an answer to GET /200/..., asked with \
         `Connection: close`: a closing session reads nothing more, but its answer is still \
         due; wait (sleep) until next_wake, then send it"
    );
    let text = String::from_utf8_lossy(&response);
    assert!(text.starts_with("HTTP/1.1 200 OK\r\n"), "{text:?}");
    assert!(text.ends_with("\r\n\r\nwaited for"), "{text:?}");
    assert!(
        took >= Duration::from_millis(200),
        "answered after {took:?}, before its delay"
    );
}
