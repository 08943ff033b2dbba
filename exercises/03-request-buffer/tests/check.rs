//! The check of exercise `request-buffer`: `cargo run -p course -- check request-buffer`.
//!
//! No sockets: the reads are played by hand, so that every way TCP may cut a stream of
//! requests into reads can be tried, byte boundary by byte boundary.

use exercise_request_buffer::Connection;
use nonblocking::http::{BadRequest, Request, request_bytes};

/// The bytes of `GET /{delay_ms}/{message}`, keep-alive, as lesson 03's client sends them.
fn get(delay_ms: u64, message: &str) -> Vec<u8> {
    request_bytes(delay_ms, message, true)
}

/// The request those bytes mean.
fn request(delay_ms: u64, message: &str) -> Result<Request, BadRequest> {
    Ok(Request {
        delay_ms,
        message: message.to_owned(),
        keep_alive: true,
    })
}

/// Feeds `reads` to a new connection one after another; returns every request, in order,
/// and the connection.
fn feed(reads: &[&[u8]]) -> (Vec<Result<Request, BadRequest>>, Connection) {
    let mut connection = Connection::new();
    let mut requests = Vec::new();
    for read in reads {
        requests.extend(connection.received(read));
    }
    (requests, connection)
}

#[test]
fn one_request_in_one_read() {
    let (requests, connection) = feed(&[&get(500, "hello")]);
    assert_eq!(requests, [request(500, "hello")]);
    assert_eq!(connection.buffered(), 0, "nothing is left over");
}

#[test]
fn a_head_split_in_two_at_every_byte_boundary() {
    let bytes = get(250, "split");
    for at in 1..bytes.len() {
        let mut connection = Connection::new();
        let first = connection.received(&bytes[..at]);
        assert!(
            first.is_empty(),
            "after the first {at} of {} bytes the head is not complete, yet received returned \
             {first:?}",
            bytes.len()
        );
        assert_eq!(
            connection.buffered(),
            at,
            "split after byte {at}: every byte of the unfinished head must be kept"
        );
        assert_eq!(
            connection.received(&bytes[at..]),
            [request(250, "split")],
            "split after byte {at}: the second read completes the request"
        );
    }
}

#[test]
fn a_head_one_byte_per_read() {
    let bytes = get(7, "slowly");
    let mut connection = Connection::new();
    for (i, byte) in bytes.iter().enumerate() {
        let requests = connection.received(std::slice::from_ref(byte));
        if i + 1 < bytes.len() {
            assert!(
                requests.is_empty(),
                "complete after {} bytes of {}?",
                i + 1,
                bytes.len()
            );
        } else {
            assert_eq!(
                requests,
                [request(7, "slowly")],
                "the last byte completes it"
            );
        }
    }
}

#[test]
fn two_request_buffer_in_one_read() {
    let bytes = [get(300, "first"), get(100, "second")].concat();
    let (requests, connection) = feed(&[&bytes]);
    assert_eq!(
        requests,
        [request(300, "first"), request(100, "second")],
        "one read brought two requests: parse again after the first, and keep the bytes after \
         its `used` (they are the second)"
    );
    assert_eq!(connection.buffered(), 0);
}

#[test]
fn three_request_buffer_split_at_every_byte_boundary() {
    let bytes = [get(1, "a"), get(22, "bb"), get(333, "ccc")].concat();
    for at in 1..bytes.len() {
        let (requests, connection) = feed(&[&bytes[..at], &bytes[at..]]);
        assert_eq!(
            requests,
            [request(1, "a"), request(22, "bb"), request(333, "ccc")],
            "three pipelined requests, read in two pieces split after byte {at}"
        );
        assert_eq!(connection.buffered(), 0);
    }
}

#[test]
fn the_start_of_the_next_request_is_kept() {
    let next = get(40, "next");
    let bytes = [get(30, "now"), next[..10].to_vec()].concat();
    let mut connection = Connection::new();
    assert_eq!(connection.received(&bytes), [request(30, "now")]);
    assert_eq!(
        connection.buffered(),
        10,
        "the 10 bytes after the first request are the start of the next: keep them"
    );
    assert_eq!(connection.received(&next[10..]), [request(40, "next")]);
}

#[test]
fn a_bad_request_after_a_good_one_ends_the_connection() {
    let bytes = [get(5, "fine"), b"POST /5/no HTTP/1.1\r\n\r\n".to_vec()].concat();
    let mut connection = Connection::new();
    assert_eq!(
        connection.received(&bytes),
        [request(5, "fine"), Err(BadRequest::Method)],
        "the good request first, then the bad one, as Err"
    );
    assert_eq!(
        connection.received(&get(6, "ignored")),
        [],
        "after a bad request the connection is closing: nothing more is parsed"
    );
}

#[test]
fn garbage_is_refused_before_its_head_ends() {
    let mut connection = Connection::new();
    assert_eq!(
        connection.received(b"\x16\x03\x01\x02"),
        [Err(BadRequest::RequestLine)],
        "a TLS hello is no request line, however many bytes follow: refuse at once"
    );
}

#[test]
fn empty_lines_between_requests_are_skipped() {
    let bytes = [get(1, "one"), b"\r\n".to_vec(), get(2, "two")].concat();
    let (requests, _) = feed(&[&bytes]);
    assert_eq!(requests, [request(1, "one"), request(2, "two")]);
}

#[test]
fn closing_between_requests_is_fine_and_in_the_middle_is_not() {
    let (_, connection) = feed(&[&get(1, "done")]);
    assert_eq!(connection.closed(), Ok(()), "closed after a whole request");
    let (_, connection) = feed(&[&get(1, "done"), b"\r\n"]);
    assert_eq!(
        connection.closed(),
        Ok(()),
        "an empty line after a request is no request"
    );
    let bytes = get(1, "cut off");
    let (requests, connection) = feed(&[&bytes[..bytes.len() - 3]]);
    assert_eq!(requests, []);
    assert_eq!(
        connection.closed(),
        Err(BadRequest::EndedEarly),
        "the client closed with part of a request in the buffer"
    );
}
