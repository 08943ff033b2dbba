//! A valid delay request: owned ([`Request`]) or borrowing from the buffer it was parsed
//! from ([`BorrowedRequest`]).

use std::borrow::Cow;
use std::time::Duration;

/// A valid delay request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// How long to wait before answering, in milliseconds (at most
    /// [`MAX_DELAY_MS`](super::MAX_DELAY_MS)).
    pub delay_ms: u64,
    /// The message to send back: the path after the delay, URL-decoded.
    pub message: String,
    /// Whether the client wants the connection kept open for another request: HTTP/1.1's
    /// default, unless it sent `Connection: close`; for HTTP/1.0, only with
    /// `Connection: keep-alive`.
    pub keep_alive: bool,
}

impl Request {
    /// The delay as a `Duration`.
    pub fn delay(&self) -> Duration {
        Duration::from_millis(self.delay_ms)
    }
}

/// A valid delay request that borrows from the buffer it was parsed from: what
/// [`parse_request_borrowed`](super::parse_request_borrowed) returns. The same fields as
/// [`Request`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BorrowedRequest<'a> {
    /// How long to wait before answering, in milliseconds (at most
    /// [`MAX_DELAY_MS`](super::MAX_DELAY_MS)).
    pub delay_ms: u64,
    /// The message, URL-decoded: borrowed from the buffer when it has no `%` escape (the
    /// common case, no allocation), decoded into a new `String` when it has.
    pub message: Cow<'a, str>,
    /// As [`Request::keep_alive`].
    pub keep_alive: bool,
}

impl BorrowedRequest<'_> {
    /// The same request, owning its message.
    pub fn into_owned(self) -> Request {
        Request {
            delay_ms: self.delay_ms,
            message: self.message.into_owned(),
            keep_alive: self.keep_alive,
        }
    }
}
