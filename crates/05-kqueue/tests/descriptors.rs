//! Descriptors: the queue's is close-on-exec, none is leaked, and kqueue forgets a closed one.
//! (Its own test binary, run one test at a time: each relies on the kernel handing out the
//! lowest free descriptor number, which other tests running in parallel would disturb.)
#![cfg(any(target_os = "macos", target_os = "freebsd"))]

use std::io::{ErrorKind, Write};
use std::net::{TcpListener, TcpStream};
use std::os::fd::AsRawFd;
use std::sync::Mutex;
use std::time::Duration;

use kqueue::{Events, Interest, Poll, Token, Waker, sys};

static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// A connected pair of non-blocking sockets: (client, server side).
fn tcp_pair() -> (TcpStream, TcpStream) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let client = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
    let (server, _) = listener.accept().unwrap();
    client.set_nonblocking(true).unwrap();
    server.set_nonblocking(true).unwrap();
    (client, server)
}

/// The number the kernel would hand out next: the lowest free one.
fn next_descriptor() -> i32 {
    TcpListener::bind("127.0.0.1:0").unwrap().as_raw_fd()
}

#[test]
fn the_queue_is_close_on_exec() {
    let _alone = ONE_AT_A_TIME.lock().unwrap();
    let poll = Poll::new().unwrap();
    assert!(sys::is_close_on_exec(poll.as_raw_fd()).unwrap());
}

#[test]
fn creating_and_dropping_2000_queues_leaks_no_descriptor() {
    let _alone = ONE_AT_A_TIME.lock().unwrap();
    let before = next_descriptor();
    for _ in 0..2000 {
        let poll = Poll::new().unwrap();
        let _waker = Waker::new(poll.registry(), Token(0)).unwrap();
    }
    assert_eq!(next_descriptor(), before);
}

#[test]
fn a_closed_descriptor_whose_number_is_reused_registers_again() {
    let _alone = ONE_AT_A_TIME.lock().unwrap();
    let poll = Poll::new().unwrap();
    let (_client, server) = tcp_pair();
    let number = server.as_raw_fd();
    poll.registry()
        .register(&server, Token(1), Interest::READABLE)
        .unwrap();
    drop(server); // never deregistered: still in the registry's set
    let reused = TcpListener::bind("127.0.0.1:0").unwrap();
    assert_eq!(
        reused.as_raw_fd(),
        number,
        "the kernel reuses the lowest free number"
    );
    // The registry asks the kernel, which has forgotten the old socket: not AlreadyExists.
    poll.registry()
        .register(&reused, Token(2), Interest::READABLE)
        .unwrap();
    let error = poll
        .registry()
        .register(&reused, Token(3), Interest::READABLE)
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::AlreadyExists);
}

#[test]
fn a_reused_number_that_was_never_registered_is_not_found() {
    let _alone = ONE_AT_A_TIME.lock().unwrap();
    let mut poll = Poll::new().unwrap();
    let (_client, server) = tcp_pair();
    let number = server.as_raw_fd();
    poll.registry()
        .register(&server, Token(1), Interest::READABLE | Interest::WRITABLE)
        .unwrap();
    drop(server);
    let reused = TcpListener::bind("127.0.0.1:0").unwrap();
    assert_eq!(reused.as_raw_fd(), number);
    let error = poll
        .registry()
        .reregister(&reused, Token(2), Interest::READABLE)
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::NotFound);
    // The failed reregister left nothing behind, in the kernel or in the set.
    let error = poll.registry().deregister(&reused).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::NotFound);
    let mut events = Events::with_capacity(8);
    poll.poll(&mut events, Some(Duration::from_millis(100)))
        .unwrap();
    assert!(events.is_empty(), "{:?}", events.iter().collect::<Vec<_>>());
}

#[test]
fn a_oneshot_source_that_fired_is_still_registered() {
    // EV_DISPATCH keeps the filter (disabled) after its event; EV_ONESHOT would delete it, and
    // the registry would then take the fired source for a closed one.
    let _alone = ONE_AT_A_TIME.lock().unwrap();
    let mut poll = Poll::new().unwrap();
    let (mut client, server) = tcp_pair();
    poll.registry()
        .register(&server, Token(1), Interest::READABLE.oneshot())
        .unwrap();
    client.write_all(b"x").unwrap();
    let mut events = Events::with_capacity(8);
    poll.poll(&mut events, Some(Duration::from_secs(5)))
        .unwrap();
    assert_eq!(events.len(), 1);
    let error = poll
        .registry()
        .register(&server, Token(2), Interest::READABLE)
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::AlreadyExists);
    poll.registry().deregister(&server).unwrap();
}

#[test]
fn one_descriptor_registered_both_ways_gives_two_events() {
    let _alone = ONE_AT_A_TIME.lock().unwrap();
    let mut poll = Poll::new().unwrap();
    let (mut client, server) = tcp_pair();
    client.write_all(b"x").unwrap();
    std::thread::sleep(Duration::from_millis(50)); // let the byte arrive
    poll.registry()
        .register(&server, Token(7), Interest::READABLE | Interest::WRITABLE)
        .unwrap();
    let mut events = Events::with_capacity(8);
    poll.poll(&mut events, Some(Duration::from_secs(5)))
        .unwrap();
    let seen: Vec<_> = events.iter().collect();
    assert_eq!(seen.len(), 2, "{seen:?}");
    assert!(
        seen.iter().all(|event| event.token() == Token(7)),
        "{seen:?}"
    );
    assert!(
        seen.iter()
            .any(|event| event.is_readable() && !event.is_writable())
    );
    assert!(
        seen.iter()
            .any(|event| event.is_writable() && !event.is_readable())
    );
}
