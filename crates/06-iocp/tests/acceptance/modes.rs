//! Edge, level and oneshot over AFD poll: the behaviour `Poll`'s documentation promises
//! ("Edge-triggered on IOCP"), where it differs from epoll's. Part of the acceptance test
//! binary, so that it uses the shared suite's helpers rather than copies of them.

use std::io::{self, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::time::{Duration, Instant};

use crate::queue::{Event, Events, Interest, Poll, Token};
use crate::suite::{drain, expect_no_events, tcp_pair};

const PATIENCE: Duration = Duration::from_secs(5);
const QUIET: Duration = Duration::from_millis(100);

/// One poll that must report `token` (and may report nothing else): its events for `token`.
fn one_poll(poll: &mut Poll, events: &mut Events, token: Token) -> Vec<Event> {
    let deadline = Instant::now() + PATIENCE;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        assert!(!left.is_zero(), "no event for {token:?}");
        poll.poll(events, Some(left)).unwrap();
        let mine: Vec<Event> = events.iter().filter(|e| e.token() == token).collect();
        assert_eq!(
            mine.len(),
            events.len(),
            "{:?}",
            events.iter().collect::<Vec<_>>()
        );
        if !mine.is_empty() {
            return mine;
        }
    }
}

#[test]
fn edge_unread_data_is_reported_again_by_the_next_poll_once_and_not_after_draining() {
    let mut poll = Poll::new().unwrap();
    let mut events = Events::with_capacity(8);
    let (mut client, mut server) = tcp_pair();
    poll.registry()
        .register(&server, Token(1), Interest::READABLE)
        .unwrap();
    client.write_all(b"x").unwrap();
    // Not read: each later poll reports it again, once per call (epoll would stay quiet).
    for _ in 0..3 {
        let mine = one_poll(&mut poll, &mut events, Token(1));
        assert_eq!(mine.len(), 1, "never twice in one poll: {mine:?}");
        assert!(mine[0].is_readable());
    }
    assert_eq!(drain(&mut server), b"x");
    expect_no_events(&mut poll, &mut events);
    // New data after the drain is a new event, as with epoll.
    client.write_all(b"y").unwrap();
    one_poll(&mut poll, &mut events, Token(1));
}

#[test]
fn edge_writable_is_reported_on_every_poll_while_asked_for() {
    let mut poll = Poll::new().unwrap();
    let mut events = Events::with_capacity(8);
    let (_client, server) = tcp_pair();
    poll.registry()
        .register(&server, Token(2), Interest::WRITABLE)
        .unwrap();
    for _ in 0..3 {
        assert!(one_poll(&mut poll, &mut events, Token(2))[0].is_writable());
    }
    // The remedy: ask for WRITABLE only while there is something to write.
    poll.registry()
        .reregister(&server, Token(2), Interest::READABLE)
        .unwrap();
    expect_no_events(&mut poll, &mut events);
}

#[test]
fn edge_reports_a_peers_shutdown_once_and_level_on_every_poll() {
    let mut poll = Poll::new().unwrap();
    let mut events = Events::with_capacity(8);
    let (edge_client, mut edge_server) = tcp_pair();
    let (level_client, mut level_server) = tcp_pair();
    let registry = poll.registry();
    registry
        .register(&edge_server, Token(3), Interest::READABLE)
        .unwrap();
    registry
        .register(&level_server, Token(4), Interest::READABLE.level())
        .unwrap();
    edge_client.shutdown(Shutdown::Write).unwrap();
    level_client.shutdown(Shutdown::Write).unwrap();
    // Read to the end of file first, then see what each mode reports from then on.
    let deadline = Instant::now() + PATIENCE;
    let mut seen = Vec::new();
    while seen.len() < 2 {
        assert!(Instant::now() < deadline, "{seen:?}");
        poll.poll(&mut events, Some(QUIET)).unwrap();
        for event in events.iter().filter(Event::is_read_closed) {
            if !seen.contains(&event.token()) {
                seen.push(event.token());
            }
        }
    }
    assert_eq!(drain(&mut edge_server), b"");
    assert_eq!(drain(&mut level_server), b"");
    for _ in 0..3 {
        let mine = one_poll(&mut poll, &mut events, Token(4));
        assert!(mine[0].is_read_closed(), "{mine:?}");
    }
}

#[test]
fn a_listener_is_reported_until_its_connection_is_accepted() {
    let mut poll = Poll::new().unwrap();
    let mut events = Events::with_capacity(8);
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    poll.registry()
        .register(&listener, Token(5), Interest::READABLE)
        .unwrap();
    let _client = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
    one_poll(&mut poll, &mut events, Token(5));
    one_poll(&mut poll, &mut events, Token(5)); // not accepted yet: again
    while listener.accept().is_ok() {}
    expect_no_events(&mut poll, &mut events);
}

#[test]
fn oneshot_reports_once_even_while_the_data_stays() {
    let mut poll = Poll::new().unwrap();
    let mut events = Events::with_capacity(8);
    let (mut client, server) = tcp_pair();
    poll.registry()
        .register(&server, Token(6), Interest::READABLE.oneshot())
        .unwrap();
    client.write_all(b"x").unwrap();
    one_poll(&mut poll, &mut events, Token(6));
    expect_no_events(&mut poll, &mut events);
    expect_no_events(&mut poll, &mut events);
}

#[test]
fn a_refused_connect_is_an_error_and_writable() {
    let mut poll = Poll::new().unwrap();
    let mut events = Events::with_capacity(8);
    // A port nobody listens on: bind one, then close it.
    let address = match TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
    {
        SocketAddr::V4(address) => address,
        SocketAddr::V6(_) => unreachable!("bound to an IPv4 address"),
    };
    let stream = nonblocking::TcpStream::connect_nonblocking(address).unwrap();
    poll.registry()
        .register(&stream, Token(7), Interest::WRITABLE)
        .unwrap();
    let mine = one_poll(&mut poll, &mut events, Token(7));
    assert!(mine[0].is_error() && mine[0].is_writable(), "{mine:?}");
    let error = stream.take_error().unwrap().expect("a pending error");
    assert_eq!(error.kind(), io::ErrorKind::ConnectionRefused, "{error}");
    // Reported once in edge mode: it cannot happen twice.
    expect_no_events(&mut poll, &mut events);
}

#[test]
fn a_socket_closed_while_registered_leaves_the_registry() {
    let mut poll = Poll::new().unwrap();
    let mut events = Events::with_capacity(8);
    let (_client, server) = tcp_pair();
    poll.registry()
        .register(&server, Token(8), Interest::READABLE)
        .unwrap();
    drop(server);
    expect_no_events(&mut poll, &mut events); // the poll sees AFD_POLL_LOCAL_CLOSE and forgets it
    // A hundred new sockets: handle values are reused, and none may be refused as a duplicate.
    let pairs: Vec<_> = (0..100).map(|_| tcp_pair()).collect();
    for (i, (_, server)) in pairs.iter().enumerate() {
        poll.registry()
            .register(server, Token(100 + i), Interest::READABLE)
            .unwrap();
    }
}

#[test]
fn many_sockets_deregistered_with_polls_in_flight_then_the_poll_dropped() {
    // Each deregistered socket's poll memory stays alive until its cancelled poll completes;
    // dropping the Poll takes those completions back. Nothing may crash or hang.
    let poll = Poll::new().unwrap();
    let pairs: Vec<_> = (0..50).map(|_| tcp_pair()).collect();
    for (i, (_, server)) in pairs.iter().enumerate() {
        poll.registry()
            .register(server, Token(i), Interest::READABLE | Interest::WRITABLE)
            .unwrap();
    }
    for (_, server) in pairs.iter().step_by(2) {
        poll.registry().deregister(server).unwrap();
    }
    let started = Instant::now();
    drop(poll);
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
}
