//! Why a request was refused, with the status and the sentence the server answers with.

use std::fmt;

/// Why a request was refused. Each has an HTTP status ([`status`](Self::status)) and a short
/// explanation ([`Display`](fmt::Display)), which the server sends as the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BadRequest {
    /// The head is longer than [`MAX_HEAD_BYTES`](super::MAX_HEAD_BYTES) (status 431).
    HeadTooLarge,
    /// The first line is not `METHOD TARGET VERSION` (binary garbage, say).
    RequestLine,
    /// A method other than `GET`.
    Method,
    /// A version other than `HTTP/1.1` or `HTTP/1.0`.
    Version,
    /// The target is not `/{delay_ms}/{message}`.
    Path,
    /// The delay is not a decimal number.
    Delay,
    /// The delay is above [`MAX_DELAY_MS`](super::MAX_DELAY_MS).
    DelayTooLong,
    /// The message has a bad `%` escape, or is not UTF-8 once decoded.
    Encoding,
    /// A header line is not `Name: value`.
    Header,
    /// The request announces a body (`Content-Length` above 0, or `Transfer-Encoding`).
    Body,
    /// The connection ended in the middle of a request (the parser never says this; a server
    /// that reads end of file with a partial request does).
    EndedEarly,
    /// A request head did not arrive in time (status 408; the parser never says this either: a
    /// server that gives up on a slow client, such as lesson 08's, does).
    TimedOut,
}

impl BadRequest {
    /// The HTTP status code to answer with: 431 for [`HeadTooLarge`](Self::HeadTooLarge), 408
    /// for [`TimedOut`](Self::TimedOut), 400 for everything else.
    pub fn status(self) -> u16 {
        match self {
            BadRequest::HeadTooLarge => 431,
            BadRequest::TimedOut => 408,
            _ => 400,
        }
    }

    /// The status line's reason phrase for [`status`](Self::status).
    pub fn reason(self) -> &'static str {
        match self.status() {
            431 => "Request Header Fields Too Large",
            408 => "Request Timeout",
            _ => "Bad Request",
        }
    }

    fn explanation(self) -> &'static str {
        match self {
            BadRequest::HeadTooLarge => "the request head is longer than 8192 bytes",
            BadRequest::RequestLine => "the first line is not `GET /{delay_ms}/{message} HTTP/1.1`",
            BadRequest::Method => "only GET is supported",
            BadRequest::Version => "only HTTP/1.1 and HTTP/1.0 are supported",
            BadRequest::Path => "the path must be /{delay_ms}/{message}",
            BadRequest::Delay => "the delay must be a number of milliseconds",
            BadRequest::DelayTooLong => "the delay must be at most 60000 ms",
            BadRequest::Encoding => "the message has a bad %-escape or is not UTF-8",
            BadRequest::Header => "a header line is not `Name: value`",
            BadRequest::Body => "a GET request must not have a body",
            BadRequest::EndedEarly => "the connection ended in the middle of a request",
            BadRequest::TimedOut => "the request head did not arrive in time",
        }
    }
}

impl fmt::Display for BadRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.explanation())
    }
}

impl std::error::Error for BadRequest {}
