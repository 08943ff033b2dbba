//! The acceptance suite of the event-queue API, written once and run against every backend:
//! epoll (lesson 04), kqueue (05), IOCP (06) and the portable queue (07).
//!
//! A backend's test file names the crate under test `queue` and includes this module:
//!
//! ```ignore
//! use epoll as queue;
//! #[path = "../../04-epoll/tests/suite/mod.rs"] // from another lesson's tests/
//! mod suite;
//! ```
//!
//! Every source here is a TCP socket from `std`, since sockets are what every backend can
//! watch. The checks are tolerant in the way real event code must be: they wait a bounded
//! time for the events they expect and ignore spurious wake-ups, but an event with the wrong
//! token, or one that must not happen, fails the test.

#![allow(dead_code)] // each backend's tests use what they need

use std::collections::BTreeSet;
use std::io::{self, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::time::{Duration, Instant};

use crate::queue::{Event, Events, Interest, Poll, Token, Waker};

/// How long to wait for an event that should come. Generous: CI machines and emulators are
/// slow, and a passing test never waits this long.
const PATIENCE: Duration = Duration::from_secs(5);
/// How long to watch for an event that must not come.
const QUIET: Duration = Duration::from_millis(100);

/// A connected pair of non-blocking TCP sockets on loopback: (client, server side).
pub fn tcp_pair() -> (TcpStream, TcpStream) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let client = TcpStream::connect(listener.local_addr().unwrap()).expect("connect");
    let (server, _) = listener.accept().expect("accept");
    client.set_nonblocking(true).unwrap();
    server.set_nonblocking(true).unwrap();
    (client, server)
}

/// Polls until an event for `token` satisfying `check` arrives; returns every event seen.
/// Fails if `PATIENCE` passes first.
pub fn expect_event(
    poll: &mut Poll,
    events: &mut Events,
    token: Token,
    check: impl Fn(&Event) -> bool,
) -> Vec<Event> {
    let deadline = Instant::now() + PATIENCE;
    let mut seen = Vec::new();
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        assert!(
            !left.is_zero(),
            "no matching event for {token:?}; saw {seen:?}"
        );
        poll.poll(events, Some(left)).expect("poll");
        seen.extend(events.iter());
        if seen
            .iter()
            .any(|event| event.token() == token && check(event))
        {
            return seen;
        }
    }
}

/// Polls for `QUIET` and fails on any event.
pub fn expect_no_events(poll: &mut Poll, events: &mut Events) {
    poll.poll(events, Some(QUIET)).expect("poll");
    let seen: Vec<Event> = events.iter().collect();
    assert!(seen.is_empty(), "expected no events, got {seen:?}");
}

/// After an edge-triggered event whose cause is still there (bytes left unread), checks
/// what each backend documents: epoll and kqueue stay silent until something new happens;
/// the IOCP backend (the only one on Windows) asks the socket again at every poll and so
/// reports it again, once per poll (lesson 06, "What edge-triggered means over IOCP").
pub fn expect_edge_silence(poll: &mut Poll, events: &mut Events, token: Token) {
    if cfg!(windows) {
        for _ in 0..2 {
            poll.poll(events, Some(PATIENCE)).expect("poll");
            let tokens: Vec<Token> = events.iter().map(|event| event.token()).collect();
            assert_eq!(tokens, [token], "exactly one repeat per poll");
        }
    } else {
        expect_no_events(poll, events);
    }
}

/// Reads until `WouldBlock`; returns what was read.
pub fn drain(stream: &mut TcpStream) -> Vec<u8> {
    let mut all = Vec::new();
    let mut buffer = [0u8; 4096];
    loop {
        match stream.read(&mut buffer) {
            Ok(0) => return all,
            Ok(n) => all.extend_from_slice(&buffer[..n]),
            Err(error) if error.kind() == io::ErrorKind::WouldBlock => return all,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
            Err(error) => panic!("read: {error}"),
        }
    }
}

fn setup() -> (Poll, Events) {
    (Poll::new().expect("Poll::new"), Events::with_capacity(64))
}

#[test]
fn poll_with_nothing_registered_times_out_on_time() {
    let (mut poll, mut events) = setup();
    let started = Instant::now();
    poll.poll(&mut events, Some(Duration::from_millis(100)))
        .unwrap();
    let waited = started.elapsed();
    assert!(events.is_empty());
    assert!(
        waited >= Duration::from_millis(100),
        "returned early, after {waited:?}"
    );
    assert!(waited < PATIENCE, "far too late: {waited:?}");
}

#[test]
fn a_zero_timeout_returns_at_once() {
    let (mut poll, mut events) = setup();
    let (_client, server) = tcp_pair();
    poll.registry()
        .register(&server, Token(1), Interest::READABLE)
        .unwrap();
    let started = Instant::now();
    poll.poll(&mut events, Some(Duration::ZERO)).unwrap();
    assert!(events.is_empty());
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "took {:?}",
        started.elapsed()
    );
}

#[test]
fn a_sub_millisecond_timeout_still_waits() {
    // 50 µs must not be rounded down to "do not wait": a hundred such polls take at least 5 ms.
    // (Whether the backend *sleeps* through them or spins is checked, for epoll, by
    // `tests/sleeps.rs`, which measures CPU time in a test binary of its own.)
    let (mut poll, mut events) = setup();
    let started = Instant::now();
    for _ in 0..100 {
        poll.poll(&mut events, Some(Duration::from_micros(50)))
            .unwrap();
    }
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_millis(5),
        "100 polls of 50 µs took only {waited:?}"
    );
}

#[test]
fn one_byte_gives_a_readable_event_with_its_token_and_none_after_the_read() {
    let (mut poll, mut events) = setup();
    let (mut client, mut server) = tcp_pair();
    poll.registry()
        .register(&server, Token(7), Interest::READABLE)
        .unwrap();
    client.write_all(b"x").unwrap();
    let seen = expect_event(&mut poll, &mut events, Token(7), Event::is_readable);
    assert!(
        seen.iter().all(|event| event.token() == Token(7)),
        "{seen:?}"
    );
    // Read, nothing new arrives: nothing more to report, on every backend.
    assert_eq!(drain(&mut server), b"x");
    expect_no_events(&mut poll, &mut events);
}

#[test]
fn large_tokens_come_back_intact() {
    // The token travels through the kernel's 64-bit field: a struct layout that shifts it
    // (the book's packed `epoll_event` on aarch64) garbles exactly this.
    let (mut poll, mut events) = setup();
    let (mut client, server) = tcp_pair();
    let token = Token(usize::MAX - 0x0123_4567);
    poll.registry()
        .register(&server, token, Interest::READABLE)
        .unwrap();
    client.write_all(b"x").unwrap();
    let seen = expect_event(&mut poll, &mut events, token, Event::is_readable);
    assert!(seen.iter().all(|event| event.token() == token), "{seen:?}");
}

#[test]
fn edge_triggered_does_not_repeat_unread_data() {
    let (mut poll, mut events) = setup();
    let (mut client, server) = tcp_pair();
    poll.registry()
        .register(&server, Token(1), Interest::READABLE)
        .unwrap();
    client.write_all(b"unread").unwrap();
    expect_event(&mut poll, &mut events, Token(1), Event::is_readable);
    expect_edge_silence(&mut poll, &mut events, Token(1));
}

#[test]
fn edge_triggered_rearms_after_would_block() {
    let (mut poll, mut events) = setup();
    let (mut client, mut server) = tcp_pair();
    poll.registry()
        .register(&server, Token(1), Interest::READABLE)
        .unwrap();
    client.write_all(b"first").unwrap();
    expect_event(&mut poll, &mut events, Token(1), Event::is_readable);
    assert_eq!(drain(&mut server), b"first");
    expect_no_events(&mut poll, &mut events);
    client.write_all(b"second").unwrap();
    expect_event(&mut poll, &mut events, Token(1), Event::is_readable);
    assert_eq!(drain(&mut server), b"second");
}

#[test]
fn level_triggered_repeats_until_read() {
    let (mut poll, mut events) = setup();
    let (mut client, mut server) = tcp_pair();
    poll.registry()
        .register(&server, Token(2), Interest::READABLE.level())
        .unwrap();
    client.write_all(b"again").unwrap();
    expect_event(&mut poll, &mut events, Token(2), Event::is_readable);
    // Not read yet: reported again, and again.
    expect_event(&mut poll, &mut events, Token(2), Event::is_readable);
    expect_event(&mut poll, &mut events, Token(2), Event::is_readable);
    assert_eq!(drain(&mut server), b"again");
    expect_no_events(&mut poll, &mut events);
}

#[test]
fn oneshot_stays_silent_until_reregistered() {
    let (mut poll, mut events) = setup();
    let (mut client, mut server) = tcp_pair();
    poll.registry()
        .register(&server, Token(3), Interest::READABLE.oneshot())
        .unwrap();
    client.write_all(b"one").unwrap();
    expect_event(&mut poll, &mut events, Token(3), Event::is_readable);
    client.write_all(b"two").unwrap();
    expect_no_events(&mut poll, &mut events);
    poll.registry()
        .reregister(&server, Token(3), Interest::READABLE.oneshot())
        .unwrap();
    expect_event(&mut poll, &mut events, Token(3), Event::is_readable);
    assert_eq!(drain(&mut server), b"onetwo");
}

#[test]
fn reregister_replaces_token_and_interest() {
    let (mut poll, mut events) = setup();
    let (mut client, server) = tcp_pair();
    poll.registry()
        .register(&server, Token(10), Interest::READABLE)
        .unwrap();
    poll.registry()
        .reregister(&server, Token(11), Interest::WRITABLE)
        .unwrap();
    // A connected socket with an empty send buffer is writable: reported with the new token.
    let seen = expect_event(&mut poll, &mut events, Token(11), Event::is_writable);
    assert!(
        seen.iter().all(|event| event.token() == Token(11)),
        "{seen:?}"
    );
    // Readability is no longer asked for: incoming data brings no readable event, and the
    // old token is gone. (Writability may be reported again on the IOCP backend; see
    // `expect_edge_silence`.)
    client.write_all(b"ignored").unwrap();
    poll.poll(&mut events, Some(QUIET)).expect("poll");
    for event in events.iter() {
        assert_eq!(event.token(), Token(11), "{event:?}");
        assert!(
            !event.is_readable(),
            "readability was not asked for: {event:?}"
        );
    }
    if !cfg!(windows) {
        assert!(events.is_empty(), "edge-triggered writability repeated");
    }
}

#[test]
fn registering_twice_is_already_exists() {
    let (poll, _) = setup();
    let (_client, server) = tcp_pair();
    poll.registry()
        .register(&server, Token(1), Interest::READABLE)
        .unwrap();
    let error = poll
        .registry()
        .register(&server, Token(2), Interest::READABLE)
        .unwrap_err();
    assert_eq!(error.kind(), io::ErrorKind::AlreadyExists, "{error}");
}

#[test]
fn reregistering_an_unknown_source_is_not_found() {
    let (poll, _) = setup();
    let (_client, server) = tcp_pair();
    let error = poll
        .registry()
        .reregister(&server, Token(1), Interest::READABLE)
        .unwrap_err();
    assert_eq!(error.kind(), io::ErrorKind::NotFound, "{error}");
}

#[test]
fn deregistering_an_unknown_source_is_not_found() {
    let (poll, _) = setup();
    let (_client, server) = tcp_pair();
    let error = poll.registry().deregister(&server).unwrap_err();
    assert_eq!(error.kind(), io::ErrorKind::NotFound, "{error}");
}

#[test]
fn no_events_after_deregister_and_events_again_after_register() {
    let (mut poll, mut events) = setup();
    let (mut client, mut server) = tcp_pair();
    poll.registry()
        .register(&server, Token(4), Interest::READABLE)
        .unwrap();
    poll.registry().deregister(&server).unwrap();
    client.write_all(b"while away").unwrap();
    expect_no_events(&mut poll, &mut events);
    // Registered again, with data already waiting: that counts as ready at once.
    poll.registry()
        .register(&server, Token(5), Interest::READABLE)
        .unwrap();
    expect_event(&mut poll, &mut events, Token(5), Event::is_readable);
    assert_eq!(drain(&mut server), b"while away");
}

#[test]
fn a_closed_socket_falls_silent_and_the_queue_goes_on() {
    let (mut poll, mut events) = setup();
    let (mut client, server) = tcp_pair();
    poll.registry()
        .register(&server, Token(6), Interest::READABLE)
        .unwrap();
    drop(server);
    let _ = client.write_all(b"to nobody");
    poll.poll(&mut events, Some(QUIET)).unwrap();
    assert!(
        events.iter().all(|event| event.token() != Token(6)),
        "{:?}",
        events.iter().collect::<Vec<_>>()
    );
    // A new socket (often with the same descriptor number) registers and reports normally.
    let (mut client2, server2) = tcp_pair();
    poll.registry()
        .register(&server2, Token(6), Interest::READABLE)
        .unwrap();
    client2.write_all(b"hello").unwrap();
    expect_event(&mut poll, &mut events, Token(6), Event::is_readable);
}

#[test]
fn a_peers_close_is_read_closed() {
    let (mut poll, mut events) = setup();
    let (client, mut server) = tcp_pair();
    poll.registry()
        .register(&server, Token(8), Interest::READABLE)
        .unwrap();
    drop(client);
    expect_event(&mut poll, &mut events, Token(8), |e| {
        e.is_read_closed() && e.is_readable()
    });
    assert_eq!(
        drain(&mut server),
        b"",
        "a closed peer reads as end of file"
    );
}

#[test]
fn a_peers_shutdown_of_writing_is_read_closed() {
    let (mut poll, mut events) = setup();
    let (client, server) = tcp_pair();
    poll.registry()
        .register(&server, Token(9), Interest::READABLE)
        .unwrap();
    client.shutdown(std::net::Shutdown::Write).unwrap();
    expect_event(&mut poll, &mut events, Token(9), Event::is_read_closed);
}

#[test]
fn readable_and_writable_together() {
    let (mut poll, mut events) = setup();
    let (mut client, server) = tcp_pair();
    poll.registry()
        .register(&server, Token(12), Interest::READABLE | Interest::WRITABLE)
        .unwrap();
    expect_event(&mut poll, &mut events, Token(12), Event::is_writable);
    client.write_all(b"x").unwrap();
    expect_event(&mut poll, &mut events, Token(12), Event::is_readable);
}

#[test]
fn more_ready_sources_than_capacity_arrive_over_several_polls() {
    let mut poll = Poll::new().unwrap();
    let mut events = Events::with_capacity(2);
    let pairs: Vec<_> = (0..5).map(|_| tcp_pair()).collect();
    for (i, (_, server)) in pairs.iter().enumerate() {
        poll.registry()
            .register(server, Token(i), Interest::READABLE.level())
            .unwrap();
    }
    for (client, _) in &pairs {
        (&*client).write_all(b"x").unwrap();
    }
    let mut tokens = BTreeSet::new();
    let deadline = Instant::now() + PATIENCE;
    while tokens.len() < 5 && Instant::now() < deadline {
        poll.poll(&mut events, Some(QUIET)).unwrap();
        assert!(events.len() <= 2, "a poll wrote past its capacity");
        tokens.extend(events.iter().map(|event| event.token().0));
    }
    assert_eq!(tokens, (0..5).collect());
}

#[test]
fn a_hundred_connections_in_random_order_deliver_the_right_tokens() {
    let (mut poll, mut events) = setup();
    let mut pairs: Vec<_> = (0..100).map(|_| tcp_pair()).collect();
    for (i, (_, server)) in pairs.iter().enumerate() {
        poll.registry()
            .register(server, Token(1000 + i), Interest::READABLE)
            .unwrap();
    }
    // A fixed shuffle (a linear congruential generator), so a failure can be replayed.
    let mut order: Vec<usize> = (0..100).collect();
    let mut seed = 0x2545_f491_u64;
    for i in (1..order.len()).rev() {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        order.swap(i, (seed >> 33) as usize % (i + 1));
    }
    for &i in &order {
        pairs[i].0.write_all(&[i as u8]).unwrap();
    }
    let mut seen = BTreeSet::new();
    let deadline = Instant::now() + PATIENCE;
    while seen.len() < 100 {
        assert!(
            Instant::now() < deadline,
            "only {} of 100 tokens arrived",
            seen.len()
        );
        poll.poll(&mut events, Some(QUIET)).unwrap();
        for event in events.iter() {
            let i = event.token().0.checked_sub(1000).filter(|i| *i < 100);
            let i = i.unwrap_or_else(|| panic!("a token we never registered: {event:?}"));
            // The token names the socket that really has the data.
            assert_eq!(drain(&mut pairs[i].1), [i as u8], "token {i}");
            seen.insert(i);
        }
    }
}

#[test]
fn a_waker_wakes_a_poll_from_the_same_thread() {
    let (mut poll, mut events) = setup();
    let waker = Waker::new(poll.registry(), Token(99)).unwrap();
    waker.wake().unwrap();
    expect_event(&mut poll, &mut events, Token(99), |_| true);
}

#[test]
fn a_waker_wakes_a_poll_from_another_thread() {
    let (mut poll, mut events) = setup();
    let waker = std::sync::Arc::new(Waker::new(poll.registry(), Token(99)).unwrap());
    let remote = std::sync::Arc::clone(&waker);
    let thread = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(50));
        remote.wake().unwrap();
    });
    let started = Instant::now();
    poll.poll(&mut events, None).unwrap(); // forever, unless the other thread wakes us
    assert!(events.iter().any(|event| event.token() == Token(99)));
    assert!(started.elapsed() < PATIENCE);
    thread.join().unwrap();
}

#[test]
fn many_wakes_before_a_poll_arrive_as_one_event() {
    let (mut poll, mut events) = setup();
    let waker = Waker::new(poll.registry(), Token(99)).unwrap();
    for _ in 0..100 {
        waker.wake().unwrap();
    }
    poll.poll(&mut events, Some(PATIENCE)).unwrap();
    assert_eq!(
        events
            .iter()
            .filter(|event| event.token() == Token(99))
            .count(),
        1
    );
    // Reported once: the next poll is quiet until the next wake, which is reported again.
    expect_no_events(&mut poll, &mut events);
    waker.wake().unwrap();
    expect_event(&mut poll, &mut events, Token(99), |_| true);
}

#[test]
fn the_queue_types_can_cross_threads() {
    fn send_and_sync<T: Send + Sync>() {}
    send_and_sync::<Waker>();
    send_and_sync::<crate::queue::Registry>();
    fn send<T: Send>() {}
    send::<Poll>();
}
