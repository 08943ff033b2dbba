//! The request parser, against the requests of the delay protocol: byte by byte, pipelined,
//! with every kind of bad request; and the client's requests and URL coding.

use std::borrow::Cow;

use nonblocking::http::{
    BadRequest, MAX_HEAD_BYTES, Parse, Request, parse_request, parse_request_borrowed,
    request_bytes, url_decode, url_encode,
};

fn complete(bytes: &[u8]) -> (Request, usize) {
    match parse_request(bytes) {
        Parse::Complete(request, used) => (request, used),
        other => panic!("{:?}: {other:?}", String::from_utf8_lossy(bytes)),
    }
}

fn bad(bytes: &[u8]) -> BadRequest {
    match parse_request(bytes) {
        Parse::Bad(bad) => bad,
        other => panic!("{:?}: {other:?}", String::from_utf8_lossy(bytes)),
    }
}

#[test]
fn a_request_parses_byte_by_byte() {
    let bytes = b"GET /250/hi%21 HTTP/1.1\r\nHost: localhost\r\n\r\n";
    for end in 0..bytes.len() {
        assert_eq!(
            parse_request(&bytes[..end]),
            Parse::Incomplete,
            "after {end} bytes"
        );
    }
    let expected = Request {
        delay_ms: 250,
        message: "hi!".into(),
        keep_alive: true,
    };
    assert_eq!(parse_request(bytes), Parse::Complete(expected, bytes.len()));
}

#[test]
fn pipelined_requests_are_taken_one_at_a_time() {
    let bytes = b"GET /1/a HTTP/1.1\r\n\r\nGET /2/b HTTP/1.1\r\n\r\nGET /3";
    let (first, used) = complete(bytes);
    assert_eq!((first.delay_ms, first.message.as_str()), (1, "a"));
    let (second, used_2) = complete(&bytes[used..]);
    assert_eq!((second.delay_ms, second.message.as_str()), (2, "b"));
    assert_eq!(&bytes[used + used_2..], b"GET /3");
    assert_eq!(parse_request(&bytes[used + used_2..]), Parse::Incomplete);
}

#[test]
fn bare_newlines_and_leading_empty_lines_are_accepted() {
    let (request, used) = complete(b"\r\n\nGET /0/x HTTP/1.1\nHost: y\n\nrest");
    assert_eq!(request.message, "x");
    assert_eq!(used, b"\r\n\nGET /0/x HTTP/1.1\nHost: y\n\n".len());
    assert_eq!(parse_request(b"\r\n"), Parse::Incomplete);
    assert_eq!(parse_request(b"\r"), Parse::Incomplete);
}

#[test]
fn connection_header_and_version_decide_keep_alive() {
    let keep = |head: &str| complete(head.as_bytes()).0.keep_alive;
    assert!(keep("GET /0/a HTTP/1.1\r\n\r\n"));
    assert!(!keep("GET /0/a HTTP/1.1\r\nConnection: close\r\n\r\n"));
    assert!(!keep(
        "GET /0/a HTTP/1.1\r\nconnection:  Upgrade, CLOSE \r\n\r\n"
    ));
    assert!(!keep("GET /0/a HTTP/1.0\r\n\r\n"));
    assert!(keep("GET /0/a HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n"));
    assert!(!keep(
        "GET /0/a HTTP/1.0\r\nConnection: keep-alive, close\r\n\r\n"
    ));
}

#[test]
fn the_message_is_url_decoded_and_may_hold_slashes() {
    let message = |head: &str| complete(head.as_bytes()).0.message;
    assert_eq!(message("GET /0/hello%20world HTTP/1.1\n\n"), "hello world");
    assert_eq!(message("GET /0/a/b%2Fc HTTP/1.1\n\n"), "a/b/c");
    assert_eq!(message("GET /0/caf%C3%a9+x HTTP/1.1\n\n"), "café+x");
    assert_eq!(message("GET /0/ HTTP/1.1\n\n"), "");
    assert_eq!(message("GET /007/x HTTP/1.1\n\n"), "x");
}

#[test]
fn each_kind_of_bad_request_is_named() {
    use BadRequest::*;
    let cases: &[(&[u8], BadRequest)] = &[
        (b"POST /1/a HTTP/1.1\r\n\r\n", Method),
        (b"get /1/a HTTP/1.1\r\n\r\n", Method),
        (b"GET /1/a HTTP/2.0\r\n\r\n", Version),
        (b"GET /1/a\r\n\r\n", RequestLine),
        (b"GET  /1/a HTTP/1.1\r\n\r\n", RequestLine),
        (b"GET /1/a HTTP/1.1 x\r\n\r\n", RequestLine),
        (b"GET http://x/1/a HTTP/1.1\r\n\r\n", Path),
        (b"GET /1 HTTP/1.1\r\n\r\n", Path),
        (b"GET / HTTP/1.1\r\n\r\n", Path),
        (b"GET /1x/a HTTP/1.1\r\n\r\n", Delay),
        (b"GET //a HTTP/1.1\r\n\r\n", Delay),
        (b"GET /-1/a HTTP/1.1\r\n\r\n", Delay),
        (b"GET /60001/a HTTP/1.1\r\n\r\n", DelayTooLong),
        (
            b"GET /99999999999999999999999/a HTTP/1.1\r\n\r\n",
            DelayTooLong,
        ),
        (b"GET /1/%zz HTTP/1.1\r\n\r\n", Encoding),
        (b"GET /1/ab%4 HTTP/1.1\r\n\r\n", Encoding),
        (b"GET /1/%FF HTTP/1.1\r\n\r\n", Encoding),
        (b"GET /1/a HTTP/1.1\r\nno colon\r\n\r\n", Header),
        (b"GET /1/a HTTP/1.1\r\nName : v\r\n\r\n", Header),
        (b"GET /1/a HTTP/1.1\r\nA: b\r\n folded\r\n\r\n", Header),
        (b"GET /1/a HTTP/1.1\r\nA: b\rc\r\n\r\n", Header),
        (b"GET /1/a HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello", Body),
        (
            b"GET /1/a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n",
            Body,
        ),
    ];
    for &(bytes, expected) in cases {
        assert_eq!(bad(bytes), expected, "{:?}", String::from_utf8_lossy(bytes));
    }
    assert_eq!(
        complete(b"GET /60000/a HTTP/1.1\r\nContent-Length: 0\r\n\r\n")
            .0
            .delay_ms,
        60_000
    );
}

#[test]
fn garbage_and_wrong_methods_are_refused_before_the_head_ends() {
    assert_eq!(bad(b"\x16\x03\x01\x02\x00"), BadRequest::RequestLine); // a TLS hello
    assert_eq!(bad(b"POST"), BadRequest::Method);
    assert_eq!(bad(b"GETX"), BadRequest::Method);
    assert_eq!(bad(b"GET /x/y HTTP/1.1\r\nHost"), BadRequest::Delay);
    assert_eq!(parse_request(b"GE"), Parse::Incomplete);
    assert_eq!(parse_request(b"GET /1/a HTTP/1.1\r\nHo"), Parse::Incomplete);
}

#[test]
fn the_head_size_limit_is_exact() {
    let head = |total: usize| {
        let start = b"GET /0/a HTTP/1.1\r\nX: ".to_vec();
        let filler = total - start.len() - 4;
        let mut bytes = start;
        bytes.extend(std::iter::repeat_n(b'x', filler));
        bytes.extend_from_slice(b"\r\n\r\n");
        bytes
    };
    assert_eq!(complete(&head(MAX_HEAD_BYTES)).1, MAX_HEAD_BYTES);
    assert_eq!(bad(&head(MAX_HEAD_BYTES + 1)), BadRequest::HeadTooLarge);
    // With no end in sight, the limit applies to what has arrived.
    let endless = head(MAX_HEAD_BYTES + 100);
    assert_eq!(parse_request(&endless[..MAX_HEAD_BYTES]), Parse::Incomplete);
    assert_eq!(
        bad(&endless[..MAX_HEAD_BYTES + 1]),
        BadRequest::HeadTooLarge
    );
}

#[test]
fn url_encoding_round_trips() {
    let text = "a b/c%d?é~-._";
    assert_eq!(url_encode(text), "a%20b%2Fc%25d%3F%C3%A9~-._");
    assert_eq!(
        url_decode(url_encode(text).as_bytes()).unwrap(),
        text.as_bytes()
    );
    assert_eq!(url_decode(b"%"), None);
    assert_eq!(url_decode(b"%4g"), None);
}

#[test]
fn the_client_request_is_what_the_server_parses() {
    let bytes = request_bytes(123, "x / y", false);
    let (request, used) = complete(&bytes);
    assert_eq!(used, bytes.len());
    assert_eq!(
        request,
        Request {
            delay_ms: 123,
            message: "x / y".into(),
            keep_alive: false
        }
    );
    assert!(complete(&request_bytes(0, "", true)).0.keep_alive);
}

#[test]
fn the_borrowed_parse_allocates_only_to_decode() {
    let Parse::Complete(plain, _) = parse_request_borrowed(b"GET /5/plain HTTP/1.1\n\n") else {
        panic!()
    };
    assert!(matches!(plain.message, Cow::Borrowed("plain")));
    let Parse::Complete(escaped, _) = parse_request_borrowed(b"GET /5/a%20b HTTP/1.1\n\n") else {
        panic!()
    };
    assert!(matches!(escaped.message, Cow::Owned(ref text) if text == "a b"));
    assert_eq!(escaped.into_owned().message, "a b");
}
