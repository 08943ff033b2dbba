//! The delay server's protocol, over real connections to a server started in this process.

use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddrV4};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use nonblocking::client::{self, read_response};
use nonblocking::http::{self, MAX_HEAD_BYTES, Parse, Response, request_bytes};
use nonblocking::{TcpStream, server};

mod answer;

/// One server for all the tests of this file (each connection has its own thread anyway).
fn server() -> SocketAddrV4 {
    static ADDR: OnceLock<SocketAddrV4> = OnceLock::new();
    *ADDR.get_or_init(|| server::start_delay_server().expect("start the delay server"))
}

/// A connection whose reads give up after 5 s, so a broken server fails a test, never hangs it.
fn connect() -> TcpStream {
    let stream = TcpStream::connect(server()).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    stream
}

/// Sends `bytes` (then shuts down sending, if asked) and reads until the server closes.
fn exchange(bytes: &[u8], then_shut_down: bool) -> Vec<u8> {
    let stream = connect();
    (&stream).write_all(bytes).unwrap();
    if then_shut_down {
        stream.shutdown(Shutdown::Write).unwrap();
    }
    let mut everything = Vec::new();
    (&stream)
        .read_to_end(&mut everything)
        .expect("the server closes the connection");
    everything
}

/// The one response in `bytes`, which must be all of them.
fn only_response(bytes: &[u8]) -> Response {
    match http::parse_response(bytes) {
        Parse::Complete(response, used) => {
            assert_eq!(used, bytes.len(), "bytes after the response");
            response
        }
        other => panic!("{other:?}: {:?}", String::from_utf8_lossy(bytes)),
    }
}

#[test]
fn a_request_is_answered_with_the_url_decoded_message() {
    let response = client::get(server(), 0, "hello world / déjà vu%").unwrap();
    answer::assert_answers(&response, "hello world / déjà vu%");
}

#[test]
fn the_answer_comes_after_the_delay() {
    let start = Instant::now();
    let response = client::get(server(), 200, "late").unwrap();
    assert!(
        start.elapsed() >= Duration::from_millis(200),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(response.text(), "late");
}

#[test]
fn keep_alive_serves_several_requests_on_one_connection() {
    let stream = connect();
    let mut buffer = Vec::new();
    for message in ["first", "second"] {
        (&stream)
            .write_all(&request_bytes(0, message, true))
            .unwrap();
        let response = read_response(&stream, &mut buffer).unwrap();
        assert_eq!((response.status, response.text().as_str()), (200, message));
        assert_eq!(response.header("Connection"), Some("keep-alive"));
    }
    // Two requests in one write (pipelined): two answers, in order.
    let mut both = request_bytes(20, "third", true);
    both.extend(request_bytes(0, "fourth", true));
    (&stream).write_all(&both).unwrap();
    for message in ["third", "fourth"] {
        assert_eq!(read_response(&stream, &mut buffer).unwrap().text(), message);
    }
    assert!(buffer.is_empty());
}

#[test]
fn connection_close_is_honoured() {
    let bytes = exchange(&request_bytes(0, "bye", false), false);
    let response = only_response(&bytes);
    assert_eq!(response.text(), "bye");
    assert!(response.closes_connection());
}

#[test]
fn http_1_0_closes_unless_asked_to_keep_alive() {
    let bytes = exchange(b"GET /0/old HTTP/1.0\r\n\r\n", false);
    assert!(only_response(&bytes).closes_connection());

    let stream = connect();
    (&stream)
        .write_all(b"GET /0/old HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        .unwrap();
    let response = read_response(&stream, &mut Vec::new()).unwrap();
    assert!(!response.closes_connection());
}

/// Checks that `bytes` got one error response with `status`, then the connection closed.
fn assert_refused(bytes: &[u8], then_shut_down: bool, status: u16) {
    let what = String::from_utf8_lossy(&bytes[..bytes.len().min(60)]).into_owned();
    let response = only_response(&exchange(bytes, then_shut_down));
    assert_eq!(response.status, status, "{what:?}: {}", response.text());
    assert!(response.closes_connection(), "{what:?}");
}

#[test]
fn malformed_requests_get_400_then_close() {
    let cases: &[&[u8]] = &[
        b"POST /0/a HTTP/1.1\r\n\r\n",                           // bad method
        b"GET /hello HTTP/1.1\r\n\r\n",                          // bad path
        b"GET /abc/x HTTP/1.1\r\n\r\n",                          // delay not a number
        b"GET /60001/x HTTP/1.1\r\n\r\n",                        // delay above the cap
        b"GET /0/%zz HTTP/1.1\r\n\r\n",                          // bad escape
        b"GET /0/a HTTP/3\r\n\r\n",                              // bad version
        b"GET /0/a HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc",    // a body
        b"GET /0/a HTTP/1.1\r\nbroken header\r\n\r\n",           // bad header
        b"\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03\xff\x00", // garbage (a TLS hello)
    ];
    for &bytes in cases {
        assert_refused(bytes, false, 400);
    }
    // After all that, the server still answers.
    assert_eq!(
        client::get(server(), 0, "still here").unwrap().text(),
        "still here"
    );
}

#[test]
fn an_oversized_head_gets_431() {
    // Complete but too long, and endless (no empty line yet, more than the limit sent).
    let mut complete = b"GET /0/a HTTP/1.1\r\nX-Filler: ".to_vec();
    complete.extend(std::iter::repeat_n(b'x', MAX_HEAD_BYTES + 200));
    complete.extend_from_slice(b"\r\n\r\n");
    assert_refused(&complete, false, 431);
    let endless = &complete[..MAX_HEAD_BYTES + 100];
    assert_refused(endless, false, 431);
}

#[test]
fn a_request_cut_short_by_the_client_gets_400() {
    assert_refused(b"GET /0/a HTTP/1.1\r\nHost: loc", true, 400);
    // Closing with nothing sent, or between requests, is normal: no answer, just a close.
    assert!(exchange(b"", true).is_empty());
    let bytes = exchange(&request_bytes(0, "one", true), true);
    assert_eq!(only_response(&bytes).text(), "one");
}

#[test]
fn a_client_leaving_during_the_delay_does_not_hurt_the_server() {
    for _ in 0..3 {
        let stream = connect();
        (&stream)
            .write_all(&request_bytes(50, "nobody reads this", true))
            .unwrap();
        drop(stream);
    }
    std::thread::sleep(Duration::from_millis(100)); // the server writes to closed sockets
    assert_eq!(client::get(server(), 0, "fine").unwrap().text(), "fine");
}
