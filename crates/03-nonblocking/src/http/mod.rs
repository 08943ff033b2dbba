//! HTTP/1.1, the small part the delay server speaks, parsed incrementally.
//!
//! Read in this order: [`Parse`] and the limits (`parse.rs`), the request types
//! (`request.rs`, `bad_request.rs`), the request parser (`parse_request.rs`, on the line
//! helpers of `head.rs` and the URL decoding of `url.rs`), then the bytes that go out
//! (`write.rs`) and the client's response parser (`response.rs`).
//!
//! A request is a *head* (a request line, header lines, an empty line) and, for a `GET`, no
//! body. Bytes arrive from a socket in pieces of any size, so [`parse_request`] takes whatever
//! has arrived so far and says one of three things ([`Parse`]): not enough yet (read more and
//! call again with everything), a complete request and how many bytes it used (the rest may be
//! the start of the next request on the same connection), or "this is not a request we accept"
//! with the reason. It never keeps state between calls and never blocks, so the same function
//! serves a thread that blocks on one socket (this lesson's server) and an event loop that
//! holds a buffer per connection (lesson 08). [`parse_response`] is the same for responses.
//!
//! The protocol: `GET /{delay_ms}/{message} HTTP/1.1` is answered after `delay_ms`
//! milliseconds with `200 OK` and the message, URL-decoded, as a `text/plain` body. Lines may
//! end in `\r\n` or a bare `\n` (RFC 9112 allows accepting both).
//!
//! ```
//! use nonblocking::http::{Parse, parse_request};
//!
//! let bytes = b"GET /500/hello%20world HTTP/1.1\r\nHost: x\r\n\r\nGET /0/next";
//! assert!(matches!(parse_request(&bytes[..20]), Parse::Incomplete));
//! let Parse::Complete(request, used) = parse_request(bytes) else { panic!() };
//! assert_eq!((request.delay_ms, request.message.as_str()), (500, "hello world"));
//! assert_eq!(&bytes[used..], b"GET /0/next"); // the next request starts here
//! ```

mod bad_request;
mod head;
mod parse;
mod parse_request;
mod request;
mod response;
mod url;
mod write;

pub use bad_request::BadRequest;
pub use head::find_head_end;
pub use parse::{MAX_DELAY_MS, MAX_HEAD_BYTES, Parse};
pub use parse_request::{parse_request, parse_request_borrowed};
pub use request::{BorrowedRequest, Request};
pub use response::{BadResponse, MAX_RESPONSE_BODY, Response, parse_response, parse_status_line};
pub use url::{url_decode, url_encode};
pub use write::{
    error_response, ok_response, request_bytes, write_error_response, write_ok_response,
};
