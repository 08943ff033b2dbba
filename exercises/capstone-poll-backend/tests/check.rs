//! The capstone's own tests: what the two suite tests left out still can check, and what
//! `poll(2)` does instead of edge-triggered readiness (its documented leak).
#![cfg(target_os = "linux")]

use std::io::Write;
use std::net::{TcpListener, TcpStream};
use std::time::Duration;

use exercise_poll_backend::{Events, Interest, Poll, Token};

fn tcp_pair() -> (TcpStream, TcpStream) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let client = TcpStream::connect(listener.local_addr().unwrap()).expect("connect");
    let (server, _) = listener.accept().expect("accept");
    client.set_nonblocking(true).unwrap();
    server.set_nonblocking(true).unwrap();
    (client, server)
}

#[test]
fn reregister_replaces_token_and_interest() {
    // The suite's test of the same name, but for its last assertion (edge-triggered
    // writability staying silent), which poll(2) cannot do.
    let mut poll = Poll::new().unwrap();
    let mut events = Events::with_capacity(8);
    let (mut client, server) = tcp_pair();
    poll.registry()
        .register(&server, Token(10), Interest::READABLE)
        .unwrap();
    poll.registry()
        .reregister(&server, Token(11), Interest::WRITABLE)
        .unwrap();
    poll.poll(&mut events, Some(Duration::from_secs(5)))
        .unwrap();
    let seen: Vec<_> = events.iter().collect();
    assert!(
        !seen.is_empty()
            && seen
                .iter()
                .all(|e| e.token() == Token(11) && e.is_writable()),
        "a connected socket is writable, reported with the new token: {seen:?}"
    );
    client.write_all(b"ignored").unwrap();
    std::thread::sleep(Duration::from_millis(20));
    poll.poll(&mut events, Some(Duration::from_millis(100)))
        .unwrap();
    for event in events.iter() {
        assert_eq!(event.token(), Token(11), "the old token is gone: {event:?}");
        assert!(
            !event.is_readable(),
            "readability was not asked for: {event:?}"
        );
    }
}

#[test]
fn edge_triggered_is_served_as_level_triggered() {
    // The documented leak: with no memory between calls, poll(2) reports a source that is
    // still ready on every poll. Callers that read until WouldBlock see spurious events only.
    let mut poll = Poll::new().unwrap();
    let mut events = Events::with_capacity(8);
    let (mut client, server) = tcp_pair();
    poll.registry()
        .register(&server, Token(1), Interest::READABLE)
        .unwrap();
    client.write_all(b"unread").unwrap();
    for _ in 0..3 {
        poll.poll(&mut events, Some(Duration::from_secs(5)))
            .unwrap();
        assert!(
            events
                .iter()
                .any(|e| e.token() == Token(1) && e.is_readable()),
            "unread data is reported on every poll"
        );
    }
}

#[test]
fn an_empty_queue_still_sleeps() {
    // poll(2) with no descriptors at all is a plain sleep: it must not fail or return at once.
    let mut poll = Poll::new().unwrap();
    let mut events = Events::with_capacity(1);
    let started = std::time::Instant::now();
    poll.poll(&mut events, Some(Duration::from_millis(50)))
        .unwrap();
    assert!(events.is_empty());
    assert!(started.elapsed() >= Duration::from_millis(50));
}
