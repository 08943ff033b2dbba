//! What a delay server's answer must be, checked the same way against every server: lesson
//! 03's (`tests/server.rs`), and lesson 08's and 10's (lesson 08's `suite/protocol.rs`; the
//! test files that run it include this one with
//! `#[path = "../../03-nonblocking/tests/answer/mod.rs"]` rather than copying it).

use nonblocking::http::Response;

/// Checks that `response` answers a request for `message`: `200 OK`, the message as its body,
/// and the headers that say its type (`text/plain; charset=utf-8`) and its length.
pub fn assert_answers(response: &Response, message: &str) {
    assert_eq!(response.status, 200);
    assert_eq!(response.text(), message);
    assert_eq!(
        response.header("Content-Type"),
        Some("text/plain; charset=utf-8")
    );
    assert_eq!(
        response.header("Content-Length"),
        Some(response.body.len().to_string().as_str())
    );
}
