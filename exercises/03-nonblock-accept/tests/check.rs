//! The check of exercise `nonblock-accept`: `cargo run -p course -- check nonblock-accept`.
//!
//! Each test starts lesson 03's `TcpListener` on loopback and a real client (std's
//! `TcpStream`, on a thread of its own) that connects late, sends slowly, or never closes.
//! `receive_one` runs on a thread too, so that a loop stuck in a blocking call fails its test
//! after a few seconds instead of hanging it.

use std::io::Write;
use std::net::{Ipv4Addr, SocketAddrV4, TcpStream};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use exercise_nonblock_accept::{Counts, receive_one};
use nonblocking::TcpListener;

/// How long a test waits for `receive_one` to return before calling it stuck.
const STUCK: Duration = Duration::from_secs(5);

/// A listener on loopback, with a port the OS picks.
fn listener() -> (TcpListener, SocketAddrV4) {
    let listener = TcpListener::bind(SocketAddrV4::new(Ipv4Addr::LOCALHOST, 0)).expect("bind");
    let addr = listener.local_addr().expect("local_addr");
    (listener, addr)
}

/// Runs `receive_one(listener, patience)` on a thread of its own; returns its answer and how
/// long it took, or panics with `stuck` if it has not returned after `STUCK`.
fn run(
    listener: TcpListener,
    patience: Duration,
    stuck: &str,
) -> (std::io::Result<(Vec<u8>, Counts)>, Duration) {
    let (done, result) = mpsc::channel();
    thread::spawn(move || {
        let started = Instant::now();
        let answer = receive_one(&listener, patience);
        let _ = done.send((answer, started.elapsed()));
        // The listener is dropped only now, after the answer was sent.
    });
    match result.recv_timeout(STUCK) {
        Ok(answer) => answer,
        Err(mpsc::RecvTimeoutError::Timeout) => panic!("{stuck}"),
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            panic!("receive_one panicked (its message is above)")
        }
    }
}

/// A client that connects after `late`, sends each piece with `gap` before it, then closes.
fn client(addr: SocketAddrV4, late: Duration, pieces: Vec<Vec<u8>>, gap: Duration) {
    thread::spawn(move || {
        thread::sleep(late);
        let mut stream = TcpStream::connect(addr).expect("the client could not connect");
        for piece in pieces {
            thread::sleep(gap);
            stream.write_all(&piece).expect("the client could not send");
        }
        // Dropped here: the close that `receive_one` must see as end of file.
    });
}

#[test]
fn a_late_slow_client_is_received_whole() {
    let (listener, addr) = listener();
    let pieces = vec![
        b"hello ".to_vec(),
        b"non-blocking ".to_vec(),
        b"world".to_vec(),
    ];
    client(
        addr,
        Duration::from_millis(100),
        pieces,
        Duration::from_millis(50),
    );
    let (answer, _) = run(
        listener,
        Duration::from_secs(4),
        "receive_one had not returned 5 s after the client closed: is a call still blocking?",
    );
    let (received, _) = answer.expect("receive_one returned an error");
    assert_eq!(
        String::from_utf8_lossy(&received),
        "hello non-blocking world",
        "every byte the client sent, in order, and nothing else"
    );
}

#[test]
fn accept_says_would_block_while_nobody_has_connected() {
    let (listener, addr) = listener();
    client(
        addr,
        Duration::from_millis(100),
        vec![b"x".to_vec()],
        Duration::ZERO,
    );
    let (answer, _) = run(
        listener,
        Duration::from_secs(4),
        "receive_one had not returned 5 s after the client closed",
    );
    let (_, counts) = answer.expect("receive_one returned an error");
    assert!(
        counts.accept_would_block > 0,
        "the client connected 100 ms late, yet no accept said WouldBlock ({counts:?}): make \
         the listener non-blocking (set_nonblocking(true)) and count the WouldBlock errors"
    );
}

#[test]
fn read_says_would_block_while_the_client_is_silent() {
    let (listener, addr) = listener();
    let pieces = vec![b"one".to_vec(), b"two".to_vec(), b"three".to_vec()];
    client(addr, Duration::ZERO, pieces, Duration::from_millis(50));
    let (answer, _) = run(
        listener,
        Duration::from_secs(4),
        "receive_one had not returned 5 s after the client closed",
    );
    let (received, counts) = answer.expect("receive_one returned an error");
    assert_eq!(received, b"onetwothree");
    assert!(
        counts.read_would_block >= 3,
        "the client paused 50 ms before each of its three pieces, yet only {} reads said \
         WouldBlock: the stream accept returns is blocking whatever the listener's mode, so \
         make it non-blocking too (set_nonblocking, or accept_nonblocking)",
        counts.read_would_block
    );
}

#[test]
fn gives_up_when_nobody_connects() {
    let (listener, _addr) = listener();
    let (answer, took) = run(
        listener,
        Duration::from_millis(200),
        "with nobody connecting, receive_one was still waiting after 5 s: is accept blocking?",
    );
    let error = answer.expect_err("nobody connected, yet receive_one returned Ok");
    assert_eq!(error.kind(), std::io::ErrorKind::TimedOut, "{error}");
    assert!(
        took >= Duration::from_millis(200),
        "gave up after {took:?}, before its 200 ms of patience"
    );
}

#[test]
fn gives_up_on_a_client_that_connects_and_sends_nothing() {
    let (listener, addr) = listener();
    // Connected, silent, and open for longer than the test waits.
    let silent = TcpStream::connect(addr).expect("connect");
    let (answer, took) = run(
        listener,
        Duration::from_millis(300),
        "the client is connected and silent, and receive_one was still waiting after 5 s, past \
         its 300 ms of patience: the accepted stream is blocking (accept does not pass the \
         listener's mode on), so read sleeps until the client sends",
    );
    drop(silent);
    let error = answer.expect_err("the client never closed, yet receive_one returned Ok");
    assert_eq!(error.kind(), std::io::ErrorKind::TimedOut, "{error}");
    assert!(took >= Duration::from_millis(300), "gave up after {took:?}");
}

#[test]
fn a_megabyte_arrives_whole() {
    const SIZE: usize = 1 << 20;
    let (listener, addr) = listener();
    let sent: Vec<u8> = (0..SIZE).map(|i| (i % 251) as u8).collect();
    client(addr, Duration::ZERO, vec![sent.clone()], Duration::ZERO);
    let (answer, _) = run(
        listener,
        Duration::from_secs(4),
        "receive_one had not returned 5 s after the client sent a megabyte and closed",
    );
    let (received, _) = answer.expect("receive_one returned an error");
    assert_eq!(
        received.len(),
        SIZE,
        "received {} of {SIZE} bytes",
        received.len()
    );
    assert!(
        received == sent,
        "the bytes arrived, but not in the order sent"
    );
}
