//! The socket types over real loopback connections, on every OS (Windows: under Wine in the
//! cross-platform stage).

use std::io::{ErrorKind, Read, Write};
use std::net::{Ipv4Addr, Shutdown, SocketAddrV4};
use std::thread;
use std::time::{Duration, Instant};

use nonblocking::{TcpListener, TcpStream};

fn any_port() -> SocketAddrV4 {
    SocketAddrV4::new(Ipv4Addr::LOCALHOST, 0)
}

/// A connected pair: (the client's stream, the server's accepted stream).
fn connected_pair() -> (TcpStream, TcpStream) {
    let listener = TcpListener::bind(any_port()).expect("bind");
    let client = TcpStream::connect(listener.local_addr().unwrap()).expect("connect");
    let (server, peer) = listener.accept().expect("accept");
    assert_eq!(peer, client.local_addr().unwrap());
    (client, server)
}

/// Calls `attempt` until it returns `Some`, for at most 5 s (for things the kernel finishes
/// in the background, like a handshake).
fn eventually<T>(what: &str, mut attempt: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        if let Some(value) = attempt() {
            return value;
        }
        assert!(
            Instant::now() < deadline,
            "{what}: still not done after 5 s"
        );
        thread::sleep(Duration::from_millis(1));
    }
}

#[test]
fn a_listener_on_port_0_gets_a_real_port() {
    let listener = TcpListener::bind(any_port()).unwrap();
    let addr = listener.local_addr().unwrap();
    assert_eq!(*addr.ip(), Ipv4Addr::LOCALHOST);
    assert_ne!(addr.port(), 0);
    assert!(format!("{listener:?}").contains(&addr.to_string()));
}

#[test]
fn both_ends_agree_on_the_addresses() {
    let (client, server) = connected_pair();
    assert_eq!(client.peer_addr().unwrap(), server.local_addr().unwrap());
    assert_eq!(server.peer_addr().unwrap(), client.local_addr().unwrap());
}

#[test]
fn bytes_go_both_ways_and_shutdown_is_end_of_file() {
    let (client, server) = connected_pair();
    // More than the socket buffers hold, so writer and reader must take turns.
    let sent: Vec<u8> = (0..=255u8).cycle().take(1 << 20).collect();
    thread::scope(|scope| {
        scope.spawn(|| {
            (&client).write_all(&sent).unwrap();
            client.shutdown(Shutdown::Write).unwrap();
        });
        let mut received = Vec::new();
        (&server).read_to_end(&mut received).unwrap();
        assert!(received == sent, "{} bytes came back wrong", received.len());
    });
    (&server).write_all(b"and back").unwrap();
    drop(server);
    let mut reply = Vec::new();
    (&client).read_to_end(&mut reply).unwrap();
    assert_eq!(reply, b"and back");
}

#[test]
fn a_nonblocking_read_with_nothing_to_read_is_would_block() {
    let (client, server) = connected_pair();
    server.set_nonblocking(true).unwrap();
    let mut buffer = [0u8; 16];
    let error = (&server).read(&mut buffer).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::WouldBlock, "{error}");

    // Once bytes arrive, the same call returns them.
    (&client).write_all(b"now").unwrap();
    let received = eventually("the bytes arrive", || match (&server).read(&mut buffer) {
        Ok(received) => Some(received),
        Err(error) if error.kind() == ErrorKind::WouldBlock => None,
        Err(error) => panic!("{error}"),
    });
    assert_eq!(&buffer[..received], b"now");
}

#[test]
fn a_nonblocking_accept_with_nobody_connecting_is_would_block() {
    let listener = TcpListener::bind(any_port()).unwrap();
    listener.set_nonblocking(true).unwrap();
    let error = listener.accept().unwrap_err();
    assert_eq!(error.kind(), ErrorKind::WouldBlock, "{error}");

    // Then someone connects, and the accepted stream is blocking again.
    let _client = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
    let (accepted, _) = eventually("the connection is queued", || match listener.accept() {
        Ok(accepted) => Some(accepted),
        Err(error) if error.kind() == ErrorKind::WouldBlock => None,
        Err(error) => panic!("{error}"),
    });
    accepted
        .set_read_timeout(Some(Duration::from_millis(100)))
        .unwrap();
    let start = Instant::now();
    let error = (&accepted).read(&mut [0u8; 1]).unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut),
        "{error}"
    );
    // A non-blocking socket would have failed at once; this one waited for the timeout.
    assert!(
        start.elapsed() >= Duration::from_millis(90),
        "{:?}",
        start.elapsed()
    );
}

#[test]
fn accept_nonblocking_gives_a_stream_that_never_waits() {
    // Whatever the listener's own mode: here it is blocking, and so would `accept`'s stream be.
    let listener = TcpListener::bind(any_port()).unwrap();
    let client = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
    let (accepted, peer) = listener.accept_nonblocking().unwrap();
    assert_eq!(peer, client.local_addr().unwrap());
    let error = (&accepted).read(&mut [0u8; 1]).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::WouldBlock, "{error}");
    (&client).write_all(b"x").unwrap();
    let byte = eventually("the byte arrives", || {
        match (&accepted).read(&mut [0u8; 1]) {
            Ok(received) => Some(received),
            Err(error) if error.kind() == ErrorKind::WouldBlock => None,
            Err(error) => panic!("{error}"),
        }
    });
    assert_eq!(byte, 1);
}

#[test]
fn a_read_timeout_waits_at_least_that_long() {
    let (_client, server) = connected_pair();
    server
        .set_read_timeout(Some(Duration::from_millis(150)))
        .unwrap();
    let start = Instant::now();
    let error = (&server).read(&mut [0u8; 1]).unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut),
        "{error}"
    );
    assert!(
        start.elapsed() >= Duration::from_millis(140),
        "{:?}",
        start.elapsed()
    );
    let zero = server.set_read_timeout(Some(Duration::ZERO)).unwrap_err();
    assert_eq!(zero.kind(), ErrorKind::InvalidInput);
    server.set_read_timeout(None).unwrap();
}

#[test]
fn dropping_a_stream_closes_the_connection() {
    let (client, server) = connected_pair();
    drop(client);
    assert_eq!((&server).read(&mut [0u8; 8]).unwrap(), 0, "end of file");
}

#[test]
fn a_dropped_listener_refuses_connections() {
    let listener = TcpListener::bind(any_port()).unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let error = TcpStream::connect(addr).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::ConnectionRefused, "{error}");
}

#[test]
fn writing_to_a_closed_connection_is_an_error() {
    let (client, server) = connected_pair();
    drop(server);
    // The first writes may still be taken into the send buffer; the peer's reset makes a
    // later one fail.
    let error = eventually("a write fails", || (&client).write(b"x").err());
    assert!(
        matches!(
            error.kind(),
            ErrorKind::BrokenPipe | ErrorKind::ConnectionReset | ErrorKind::ConnectionAborted
        ),
        "{error}"
    );
}

#[test]
fn a_nonblocking_connect_finishes_in_the_background() {
    let listener = TcpListener::bind(any_port()).unwrap();
    let client = TcpStream::connect_nonblocking(listener.local_addr().unwrap()).unwrap();
    let (server, _) = listener.accept().unwrap();
    // Writable once connected: until then a write fails with WouldBlock or NotConnected.
    eventually("the connection is made", || match (&client).write(b"!") {
        Ok(written) => Some(written),
        Err(error)
            if matches!(
                error.kind(),
                ErrorKind::WouldBlock | ErrorKind::NotConnected
            ) =>
        {
            None
        }
        Err(error) => panic!("{error}"),
    });
    assert!(client.take_error().unwrap().is_none());
    let mut byte = [0u8; 1];
    (&server).read_exact(&mut byte).unwrap();
    assert_eq!(&byte, b"!");
}

#[test]
fn a_refused_nonblocking_connect_reports_through_take_error() {
    let listener = TcpListener::bind(any_port()).unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    // The refusal may come at once, or later as the socket's pending error.
    let error = match TcpStream::connect_nonblocking(addr) {
        Err(error) => error,
        Ok(client) => eventually("the refusal", || client.take_error().unwrap()),
    };
    assert_eq!(error.kind(), ErrorKind::ConnectionRefused, "{error}");
}

#[test]
fn our_sockets_talk_to_std_sockets() {
    // Our listener, std's client.
    let listener = TcpListener::bind(any_port()).unwrap();
    let mut std_client = std::net::TcpStream::connect(listener.local_addr().unwrap()).unwrap();
    let (ours, _) = listener.accept().unwrap();
    std_client.write_all(b"from std").unwrap();
    let mut buffer = [0u8; 8];
    (&ours).read_exact(&mut buffer).unwrap();
    assert_eq!(&buffer, b"from std");

    // std's listener, our client.
    let std_listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let std::net::SocketAddr::V4(addr) = std_listener.local_addr().unwrap() else {
        panic!("not IPv4")
    };
    let ours = TcpStream::connect(addr).unwrap();
    let (mut std_server, _) = std_listener.accept().unwrap();
    (&ours).write_all(b"from us!").unwrap();
    std_server.read_exact(&mut buffer).unwrap();
    assert_eq!(&buffer, b"from us!");
}
