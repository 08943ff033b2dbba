//! HTTP/1.1, the small part the delay server speaks, parsed incrementally.
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

use std::borrow::Cow;
use std::fmt;
use std::time::Duration;

/// The longest request head accepted (request line, headers and the empty line), in bytes:
/// 8 KiB, like nginx's default. A longer one is answered `431 Request Header Fields Too Large`.
pub const MAX_HEAD_BYTES: usize = 8 * 1024;

/// The longest delay accepted, in milliseconds: one minute. A longer one is a `400`.
pub const MAX_DELAY_MS: u64 = 60_000;

/// The longest response body [`parse_response`] accepts: 1 MiB.
pub const MAX_RESPONSE_BODY: usize = 1024 * 1024;

/// What a parser made of the bytes received so far.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Parse<T, E> {
    /// Not a whole message yet: read more, then parse everything again.
    Incomplete,
    /// A whole message, and how many bytes of the buffer it took (drop those; what follows
    /// belongs to the next message).
    Complete(T, usize),
    /// Not valid, however many more bytes come: answer with an error and close.
    Bad(E),
}

/// A valid delay request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// How long to wait before answering, in milliseconds (at most [`MAX_DELAY_MS`]).
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
/// [`parse_request_borrowed`] returns. The same fields as [`Request`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BorrowedRequest<'a> {
    /// How long to wait before answering, in milliseconds (at most [`MAX_DELAY_MS`]).
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

/// Why a request was refused. Each has an HTTP status ([`status`](Self::status)) and a short
/// explanation ([`Display`](fmt::Display)), which the server sends as the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BadRequest {
    /// The head is longer than [`MAX_HEAD_BYTES`] (status 431).
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
    /// The delay is above [`MAX_DELAY_MS`].
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

/// Parses the request at the start of `buffer`: everything received on the connection since
/// the previous request ended.
///
/// Empty lines before the request line are skipped (a client may send one after a request).
/// A request that is bad from its first bytes (garbage, a method other than `GET`) is `Bad`
/// at once, without waiting for the rest of its head.
pub fn parse_request(buffer: &[u8]) -> Parse<Request, BadRequest> {
    match parse_request_borrowed(buffer) {
        Parse::Complete(request, used) => Parse::Complete(request.into_owned(), used),
        Parse::Incomplete => Parse::Incomplete,
        Parse::Bad(bad) => Parse::Bad(bad),
    }
}

/// [`parse_request`] without allocating: the message borrows from `buffer` unless it has to
/// be decoded. An event loop answering a hundred thousand requests a second (lesson 08) parses
/// this way and formats the answer with [`write_ok_response`], so a request costs no
/// allocation at all.
pub fn parse_request_borrowed(buffer: &[u8]) -> Parse<BorrowedRequest<'_>, BadRequest> {
    let start = skip_empty_lines(buffer);
    let Some(head_len) = find_head_end(&buffer[start..]) else {
        if buffer.len() > MAX_HEAD_BYTES {
            return Parse::Bad(BadRequest::HeadTooLarge);
        }
        return match check_start_of_request(&buffer[start..]) {
            Err(bad) => Parse::Bad(bad),
            Ok(()) => Parse::Incomplete,
        };
    };
    let end = start + head_len;
    if end > MAX_HEAD_BYTES {
        return Parse::Bad(BadRequest::HeadTooLarge);
    }
    match parse_request_head(&buffer[start..end]) {
        Ok(request) => Parse::Complete(request, end),
        Err(bad) => Parse::Bad(bad),
    }
}

/// How many bytes of empty lines (`\r\n` or `\n`) `buffer` starts with.
fn skip_empty_lines(buffer: &[u8]) -> usize {
    let mut at = 0;
    loop {
        if buffer[at..].starts_with(b"\r\n") {
            at += 2;
        } else if buffer[at..].starts_with(b"\n") {
            at += 1;
        } else {
            return at;
        }
    }
}

/// The length of the head at the start of `bytes`, up to and including the empty line that
/// ends it, if it is all there.
fn find_head_end(bytes: &[u8]) -> Option<usize> {
    let mut line_start = 0;
    while let Some(newline) = bytes[line_start..].iter().position(|&b| b == b'\n') {
        let line = &bytes[line_start..line_start + newline];
        if line.is_empty() || line == b"\r" {
            // An empty line ends the head, unless it is the first line: `bytes` never starts
            // with one (they were skipped), so this is always after the request line.
            return Some(line_start + newline + 1);
        }
        line_start += newline + 1;
    }
    None
}

/// Checks what has arrived of an incomplete head: can it still become a valid request?
fn check_start_of_request(bytes: &[u8]) -> Result<(), BadRequest> {
    match bytes.iter().position(|&b| b == b'\n') {
        // The whole request line is here: check all of it now.
        Some(newline) => {
            let line = strip_cr(&bytes[..newline]).ok_or(BadRequest::RequestLine)?;
            parse_request_line(line).map(drop)
        }
        // Part of the request line: the method so far must be a token, and start like GET.
        None => {
            let (method, method_complete) = match bytes.iter().position(|&b| b == b' ') {
                Some(space) => (&bytes[..space], true),
                None => (bytes.strip_suffix(b"\r").unwrap_or(bytes), false),
            };
            if !method.iter().all(|&b| is_token_char(b)) || method_complete && method.is_empty() {
                Err(BadRequest::RequestLine)
            } else if method_complete && method != b"GET" || !b"GET".starts_with(method) {
                Err(BadRequest::Method)
            } else {
                Ok(())
            }
        }
    }
}

/// Parses a whole head: request line, then headers, then the empty line.
fn parse_request_head(head: &[u8]) -> Result<BorrowedRequest<'_>, BadRequest> {
    let mut lines = head.split(|&b| b == b'\n');
    let request_line = strip_cr(lines.next().unwrap_or_default()).ok_or(BadRequest::RequestLine)?;
    let (delay_ms, message, http_1_1) = parse_request_line(request_line)?;

    let mut close = false;
    let mut keep_alive = false;
    for line in lines {
        let line = strip_cr(line).ok_or(BadRequest::Header)?;
        if line.is_empty() {
            break; // the end of the head
        }
        let (name, value) = split_header(line).ok_or(BadRequest::Header)?;
        if name.eq_ignore_ascii_case(b"connection") {
            for option in value.split(|&b| b == b',') {
                let option = option.trim_ascii();
                close |= option.eq_ignore_ascii_case(b"close");
                keep_alive |= option.eq_ignore_ascii_case(b"keep-alive");
            }
        } else if (name.eq_ignore_ascii_case(b"content-length") && value != b"0")
            || name.eq_ignore_ascii_case(b"transfer-encoding")
        {
            // A body we would not read would be taken for the next request.
            return Err(BadRequest::Body);
        }
    }
    Ok(BorrowedRequest {
        delay_ms,
        message,
        keep_alive: !close && (http_1_1 || keep_alive),
    })
}

/// Parses `GET /{delay_ms}/{message} HTTP/1.x`: the delay, the decoded message, and whether
/// the version is 1.1.
fn parse_request_line(line: &[u8]) -> Result<(u64, Cow<'_, str>, bool), BadRequest> {
    let mut parts = line.split(|&b| b == b' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(BadRequest::RequestLine);
    };
    if method.is_empty() || !method.iter().all(|&b| is_token_char(b)) {
        return Err(BadRequest::RequestLine);
    }
    if target.is_empty() || !target.iter().all(|&b| b.is_ascii_graphic()) {
        return Err(BadRequest::RequestLine);
    }
    if method != b"GET" {
        return Err(BadRequest::Method);
    }
    let http_1_1 = match version {
        b"HTTP/1.1" => true,
        b"HTTP/1.0" => false,
        _ => return Err(BadRequest::Version),
    };
    let (delay_ms, message) = parse_target(target)?;
    Ok((delay_ms, message, http_1_1))
}

/// Parses `/{delay_ms}/{message}`. The message is everything after the second `/` (it may
/// contain more `/`, and may be empty), URL-decoded.
fn parse_target(target: &[u8]) -> Result<(u64, Cow<'_, str>), BadRequest> {
    let rest = target.strip_prefix(b"/").ok_or(BadRequest::Path)?;
    let slash = rest
        .iter()
        .position(|&b| b == b'/')
        .ok_or(BadRequest::Path)?;
    let (digits, message) = (&rest[..slash], &rest[slash + 1..]);
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return Err(BadRequest::Delay);
    }
    let mut delay_ms: u64 = 0;
    for &digit in digits {
        delay_ms = delay_ms
            .checked_mul(10)
            .and_then(|d| d.checked_add(u64::from(digit - b'0')))
            .filter(|&d| d <= MAX_DELAY_MS)
            .ok_or(BadRequest::DelayTooLong)?;
    }
    if !message.contains(&b'%') {
        // Nothing to decode, and the caller checked every byte is printable ASCII: valid UTF-8.
        let message = std::str::from_utf8(message).map_err(|_| BadRequest::Encoding)?;
        return Ok((delay_ms, Cow::Borrowed(message)));
    }
    let message = url_decode(message).ok_or(BadRequest::Encoding)?;
    let message = String::from_utf8(message).map_err(|_| BadRequest::Encoding)?;
    Ok((delay_ms, Cow::Owned(message)))
}

/// A line without its `\r` (lines may end in `\r\n` or `\n`). A `\r` anywhere else is refused:
/// RFC 9112 says a lone CR must not be taken for a line end.
fn strip_cr(line: &[u8]) -> Option<&[u8]> {
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    (!line.contains(&b'\r')).then_some(line)
}

/// Splits `Name: value`, trimming the spaces around the value. The name must be a token, with
/// no space before the colon; a line starting with a space (the obsolete "line folding") is
/// refused too.
fn split_header(line: &[u8]) -> Option<(&[u8], &[u8])> {
    let colon = line.iter().position(|&b| b == b':')?;
    let name = &line[..colon];
    if name.is_empty() || !name.iter().all(|&b| is_token_char(b)) {
        return None;
    }
    let value = line[colon + 1..].trim_ascii();
    if value.iter().any(|&b| b.is_ascii_control() && b != b'\t') {
        return None;
    }
    Some((name, value))
}

/// A `tchar` of RFC 9110: the characters a method or header name may use.
fn is_token_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// Decodes `%XX` escapes (`%20` is a space). `None` for a `%` not followed by two hex digits.
/// A `+` stays a `+`: it means a space only in HTML form data, not in a path.
pub fn url_decode(text: &[u8]) -> Option<Vec<u8>> {
    let mut decoded = Vec::with_capacity(text.len());
    let mut bytes = text.iter();
    while let Some(&byte) = bytes.next() {
        if byte == b'%' {
            let high = hex_value(*bytes.next()?)?;
            let low = hex_value(*bytes.next()?)?;
            decoded.push((high << 4) | low);
        } else {
            decoded.push(byte);
        }
    }
    Some(decoded)
}

fn hex_value(digit: u8) -> Option<u8> {
    match digit {
        b'0'..=b'9' => Some(digit - b'0'),
        b'a'..=b'f' => Some(digit - b'a' + 10),
        b'A'..=b'F' => Some(digit - b'A' + 10),
        _ => None,
    }
}

/// Encodes `text` for a path segment: every byte but letters, digits and `-._~` becomes
/// `%XX`, so `/` and spaces survive the trip through [`url_decode`].
pub fn url_encode(text: &str) -> String {
    let mut encoded = String::with_capacity(text.len());
    for &byte in text.as_bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

/// The request a client sends for `message` after `delay_ms`: `GET /{delay_ms}/{message}`
/// with the message URL-encoded, and `Connection: close` unless `keep_alive`.
pub fn request_bytes(delay_ms: u64, message: &str, keep_alive: bool) -> Vec<u8> {
    let connection = if keep_alive { "keep-alive" } else { "close" };
    format!(
        "GET /{delay_ms}/{} HTTP/1.1\r\nHost: localhost\r\nConnection: {connection}\r\n\r\n",
        url_encode(message)
    )
    .into_bytes()
}

/// The server's answer to a valid request: `200 OK`, the message as a `text/plain` body, and
/// `Connection: keep-alive` or `close` as the request asked.
pub fn ok_response(request: &Request) -> Vec<u8> {
    let mut bytes = Vec::new();
    write_ok_response(&mut bytes, request.message.as_bytes(), request.keep_alive);
    bytes
}

/// [`ok_response`] appended to `out`, for a server that gathers several responses into one
/// buffer and one `write` (and allocates nothing once `out` has grown to its working size).
pub fn write_ok_response(out: &mut Vec<u8>, message: &[u8], keep_alive: bool) {
    write_response(out, 200, "OK", message, keep_alive);
}

/// The server's answer to a bad request: its status, the reason as the body, and
/// `Connection: close` (after a bad request the server cannot tell where the next one would
/// start).
pub fn error_response(bad: BadRequest) -> Vec<u8> {
    let mut bytes = Vec::new();
    write_error_response(&mut bytes, bad);
    bytes
}

/// [`error_response`] appended to `out`.
pub fn write_error_response(out: &mut Vec<u8>, bad: BadRequest) {
    let body = format!("{bad}\n");
    write_response(out, bad.status(), bad.reason(), body.as_bytes(), false);
}

/// Appends a whole response. Built from pieces rather than with `format!`: this runs once per
/// request in lesson 08's server, where the formatting machinery would be a visible cost.
fn write_response(out: &mut Vec<u8>, status: u16, reason: &str, body: &[u8], keep_alive: bool) {
    out.extend_from_slice(b"HTTP/1.1 ");
    push_decimal(out, u64::from(status));
    out.push(b' ');
    out.extend_from_slice(reason.as_bytes());
    out.extend_from_slice(b"\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ");
    push_decimal(out, body.len() as u64);
    out.extend_from_slice(if keep_alive {
        b"\r\nConnection: keep-alive\r\n\r\n".as_slice()
    } else {
        b"\r\nConnection: close\r\n\r\n".as_slice()
    });
    out.extend_from_slice(body);
}

/// Appends `n` in decimal.
fn push_decimal(out: &mut Vec<u8>, mut n: u64) {
    let mut digits = [0u8; 20]; // u64::MAX has 20 digits
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[at..]);
}

/// A response, as [`parse_response`] read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    /// The status code, such as 200.
    pub status: u16,
    /// The headers, in order, names as sent.
    pub headers: Vec<(String, String)>,
    /// The body: exactly `Content-Length` bytes.
    pub body: Vec<u8>,
}

impl Response {
    /// The value of the first header called `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(header, _)| header.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    /// The body as text (invalid UTF-8 shows as `�`).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// Whether the server said it will close the connection (`Connection: close`).
    pub fn closes_connection(&self) -> bool {
        self.header("connection").is_some_and(|value| {
            value
                .split(',')
                .any(|option| option.trim().eq_ignore_ascii_case("close"))
        })
    }
}

/// Why a response could not be parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BadResponse(pub &'static str);

impl fmt::Display for BadResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "bad HTTP response: {}", self.0)
    }
}

impl std::error::Error for BadResponse {}

/// Parses the response at the start of `buffer`, as [`parse_request`] does requests. It must
/// have a `Content-Length` (the delay server always sends one) of at most
/// [`MAX_RESPONSE_BODY`].
pub fn parse_response(buffer: &[u8]) -> Parse<Response, BadResponse> {
    let Some(head_len) = find_head_end(buffer) else {
        return if buffer.len() > MAX_HEAD_BYTES {
            Parse::Bad(BadResponse("the head is too long"))
        } else {
            Parse::Incomplete
        };
    };
    let (status, headers) = match parse_response_head(&buffer[..head_len]) {
        Ok(head) => head,
        Err(bad) => return Parse::Bad(bad),
    };
    let Some((_, length)) = headers
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case("content-length"))
    else {
        return Parse::Bad(BadResponse("no Content-Length"));
    };
    let Some(length) = length
        .parse::<usize>()
        .ok()
        .filter(|&n| n <= MAX_RESPONSE_BODY)
    else {
        return Parse::Bad(BadResponse("a bad or too large Content-Length"));
    };
    let end = head_len + length;
    if buffer.len() < end {
        return Parse::Incomplete;
    }
    let body = buffer[head_len..end].to_vec();
    Parse::Complete(
        Response {
            status,
            headers,
            body,
        },
        end,
    )
}

/// The status line `HTTP/1.x NNN reason`, then the headers.
fn parse_response_head(head: &[u8]) -> Result<(u16, Vec<(String, String)>), BadResponse> {
    let bad_header = BadResponse("a header line is not `Name: value`");
    let mut lines = head.split(|&b| b == b'\n');
    let status_line = lines.next().unwrap_or_default();
    let status_line = strip_cr(status_line).ok_or(bad_header)?;
    let status = match status_line {
        [
            b'H',
            b'T',
            b'T',
            b'P',
            b'/',
            b'1',
            b'.',
            b'0' | b'1',
            b' ',
            d1,
            d2,
            d3,
            rest @ ..,
        ] if [d1, d2, d3].iter().all(|d| d.is_ascii_digit())
            && (rest.is_empty() || rest[0] == b' ') =>
        {
            [d1, d2, d3]
                .iter()
                .fold(0u16, |n, &&d| n * 10 + u16::from(d - b'0'))
        }
        _ => return Err(BadResponse("the status line is not `HTTP/1.1 NNN reason`")),
    };
    let mut headers = Vec::new();
    for line in lines {
        let line = strip_cr(line).ok_or(bad_header)?;
        if line.is_empty() {
            break;
        }
        let (name, value) = split_header(line).ok_or(bad_header)?;
        headers.push((
            String::from_utf8_lossy(name).into_owned(),
            String::from_utf8_lossy(value).into_owned(),
        ));
    }
    Ok((status, headers))
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn the_borrowed_parse_allocates_only_to_decode() {
        let Parse::Complete(plain, _) = parse_request_borrowed(b"GET /5/plain HTTP/1.1\n\n") else {
            panic!()
        };
        assert!(matches!(plain.message, Cow::Borrowed("plain")));
        let Parse::Complete(escaped, _) = parse_request_borrowed(b"GET /5/a%20b HTTP/1.1\n\n")
        else {
            panic!()
        };
        assert!(matches!(escaped.message, Cow::Owned(ref text) if text == "a b"));
        assert_eq!(escaped.into_owned().message, "a b");
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
        let mut digits = Vec::new();
        push_decimal(&mut digits, u64::MAX);
        push_decimal(&mut digits, 0);
        assert_eq!(digits, b"184467440737095516150");
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
}
