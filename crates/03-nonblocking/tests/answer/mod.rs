//! What a delay server's answer must be, checked the same way against every server: lesson
//! 03's (`tests/server.rs`), and every server lesson 08's `suite/protocol.rs` runs against
//! (08's, 10's, 11's), which includes this file with `#[path]` rather than copying it.

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
