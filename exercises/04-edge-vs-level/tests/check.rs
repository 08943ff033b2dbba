//! The check of exercise `edge-vs-level`: `cargo run -p course -- check edge-vs-level`.
#![cfg(target_os = "linux")]

use std::io::Write;
use std::net::{TcpListener, TcpStream};
use std::sync::mpsc;
use std::time::Duration;

use epoll::{Interest, Poll, Token};
use exercise_edge_vs_level::{events_while_unread, receive_all};

/// A connected pair of TCP sockets on loopback: (client, server side), the server side
/// non-blocking.
fn tcp_pair() -> (TcpStream, TcpStream) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let client = TcpStream::connect(listener.local_addr().unwrap()).expect("connect");
    let (server, _) = listener.accept().expect("accept");
    server.set_nonblocking(true).unwrap();
    (client, server)
}

/// How many of five polls report a socket with unread data, registered with `interest`.
fn reports_of_unread_data(interest: Interest) -> usize {
    let mut poll = Poll::new().unwrap();
    let (mut client, server) = tcp_pair();
    poll.registry()
        .register(&server, Token(1), interest)
        .unwrap();
    client.write_all(b"nobody reads this").unwrap();
    std::thread::sleep(Duration::from_millis(20)); // let it arrive
    events_while_unread(&mut poll, Token(1), 5, Duration::from_millis(50))
}

#[test]
fn level_triggered_reports_unread_data_on_every_poll() {
    assert_eq!(
        reports_of_unread_data(Interest::READABLE.level()),
        5,
        "level-triggered: the data is still there, so each of the 5 polls reports it"
    );
}

#[test]
fn edge_triggered_reports_unread_data_once() {
    assert_eq!(
        reports_of_unread_data(Interest::READABLE),
        1,
        "edge-triggered: one arrival, one report, however long the data stays unread"
    );
}

#[test]
fn nothing_to_read_is_never_reported() {
    let mut poll = Poll::new().unwrap();
    let (_client, server) = tcp_pair();
    poll.registry()
        .register(&server, Token(1), Interest::READABLE.level())
        .unwrap();
    assert_eq!(
        events_while_unread(&mut poll, Token(1), 3, Duration::from_millis(20)),
        0
    );
}

#[test]
fn an_edge_triggered_reader_receives_a_whole_megabyte() {
    const SIZE: usize = 1 << 20;
    let (mut client, mut server) = tcp_pair();
    let sent: Vec<u8> = (0..SIZE).map(|i| (i % 251) as u8).collect();
    let expected = sent.clone();
    let sender = std::thread::spawn(move || {
        client.write_all(&sent).unwrap();
        // Dropped here: the peer's close, which `receive_all` must see as end of file.
    });
    // `receive_all` runs in a thread of its own, so that a reader stuck waiting for an event
    // that never comes fails this test instead of hanging it.
    let (done, result) = mpsc::channel();
    std::thread::spawn(move || {
        let mut poll = Poll::new().unwrap();
        poll.registry()
            .register(&server, Token(7), Interest::READABLE)
            .unwrap();
        let _ = done.send(receive_all(&mut poll, &mut server, Token(7)));
    });
    let received = match result.recv_timeout(Duration::from_secs(5)) {
        Ok(received) => received,
        Err(mpsc::RecvTimeoutError::Timeout) => panic!(
            "receive_all was still waiting 5 s after the last byte was sent: after an \
             edge-triggered event, read until WouldBlock, or the bytes left behind are never \
             reported again"
        ),
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            panic!("receive_all panicked (its message is above)")
        }
    };
    sender.join().unwrap();
    let received = received.expect("receive_all returned an error");
    assert_eq!(
        received.len(),
        SIZE,
        "received {} of {SIZE} bytes",
        received.len()
    );
    assert!(
        received == expected,
        "the bytes arrived, but not in the order sent"
    );
}
