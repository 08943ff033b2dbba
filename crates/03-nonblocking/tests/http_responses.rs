//! The response bytes the server writes, read back by the client's response parser.

use nonblocking::http::{
    BadRequest, Parse, Request, error_response, ok_response, parse_response, write_ok_response,
};

#[test]
fn responses_parse_byte_by_byte() {
    let request = Request {
        delay_ms: 0,
        message: "héllo".into(),
        keep_alive: true,
    };
    let mut bytes = ok_response(&request);
    let length = bytes.len();
    bytes.extend_from_slice(b"HTTP/1.1 200");
    for end in 0..length {
        assert_eq!(parse_response(&bytes[..end]), Parse::Incomplete, "{end}");
    }
    let Parse::Complete(response, used) = parse_response(&bytes) else {
        panic!("{bytes:?}")
    };
    assert_eq!(used, length);
    assert_eq!(response.status, 200);
    assert_eq!(response.text(), "héllo");
    assert_eq!(response.header("content-length"), Some("6"));
    assert_eq!(
        response.header("Content-Type"),
        Some("text/plain; charset=utf-8")
    );
    assert!(!response.closes_connection());
}

#[test]
fn responses_are_appended_in_place() {
    let mut out = b"earlier".to_vec();
    write_ok_response(&mut out, b"hi", false);
    let expected = "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\n\
                    Content-Length: 2\r\nConnection: close\r\n\r\nhi";
    assert_eq!(String::from_utf8_lossy(&out[7..]), expected);
    let mut long = Vec::new();
    write_ok_response(&mut long, &[b'x'; 1234], true);
    assert!(String::from_utf8_lossy(&long).contains("Content-Length: 1234\r\n"));
}

#[test]
fn error_responses_carry_status_reason_and_close() {
    let bytes = error_response(BadRequest::HeadTooLarge);
    let Parse::Complete(response, _) = parse_response(&bytes) else {
        panic!()
    };
    assert!(bytes.starts_with(b"HTTP/1.1 431 Request Header Fields Too Large\r\n"));
    assert_eq!(response.status, 431);
    assert!(response.closes_connection());
    assert_eq!(
        response.text(),
        "the request head is longer than 8192 bytes\n"
    );
    let bytes = error_response(BadRequest::Method);
    assert!(bytes.starts_with(b"HTTP/1.1 400 Bad Request\r\n"));
    let bytes = error_response(BadRequest::TimedOut);
    assert!(bytes.starts_with(b"HTTP/1.1 408 Request Timeout\r\n"));
}

#[test]
fn bad_responses_are_refused() {
    let bad = |bytes: &[u8]| matches!(parse_response(bytes), Parse::Bad(_));
    assert!(bad(b"HTTP/1.1 200 OK\r\n\r\n")); // no Content-Length
    assert!(bad(b"HTTP/1.1 2x0 OK\r\nContent-Length: 0\r\n\r\n"));
    assert!(bad(b"SMTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"));
    assert!(bad(b"HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n"));
    assert!(bad(b"HTTP/1.1 200 OK\r\nContent-Length: 99999999\r\n\r\n"));
    assert!(!bad(b"HTTP/1.0 204\r\nContent-Length: 0\r\n\r\n"));
}
