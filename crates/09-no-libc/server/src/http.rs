//! The delay protocol's HTTP/1.1, without an allocator.
//!
//! The same protocol and answers as lesson 03's parser (`GET /{delay_ms}/{message} HTTP/1.1`,
//! answered with the message, URL-decoded, as a `text/plain` body), reduced to what fits with
//! no heap: that parser returns the decoded message as a `Cow<str>`, which may need a `String`.
//! Here the message stays a slice of the connection's buffer until the response is written,
//! and is decoded straight into the response buffer.

use crate::text::{Buf, parse_decimal};

/// The longest delay accepted, in milliseconds: one minute, as in lesson 03.
pub const MAX_DELAY_MS: u64 = 60_000;

/// What the bytes received so far are.
#[derive(Debug, PartialEq)]
pub enum Parse<'a> {
    /// The start of a request: read more, then parse everything again.
    Incomplete,
    /// A whole request, and how many bytes of the buffer it took (what follows is the next).
    Complete(Request<'a>, usize),
    /// Not a request we accept, however many more bytes come: answer and close.
    Bad(Bad),
}

/// A valid delay request.
#[derive(Debug, PartialEq)]
pub struct Request<'a> {
    /// How long to wait before answering.
    pub delay_ms: u64,
    /// The message to send back, still URL-encoded (`%20` for a space).
    pub message: &'a [u8],
    /// Whether the connection stays open afterwards: HTTP/1.1's default unless the request
    /// says `Connection: close`; for HTTP/1.0, only with `Connection: keep-alive`.
    pub keep_alive: bool,
}

/// Why a request is refused; [`write_error`] answers with its status and explanation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Bad {
    /// The head does not fit in the connection's buffer (status 431).
    TooLarge,
    /// The first line is not `METHOD TARGET VERSION`.
    RequestLine,
    /// A method other than `GET`.
    Method,
    /// A version other than HTTP/1.1 or HTTP/1.0.
    Version,
    /// The target is not `/{delay_ms}/{message}`.
    Path,
    /// The delay is not a number of milliseconds up to [`MAX_DELAY_MS`].
    Delay,
    /// The message has a bad `%` escape, or is not UTF-8 once decoded.
    Encoding,
    /// A header line is not `Name: value`.
    Header,
    /// The request announces a body.
    Body,
}

impl Bad {
    /// The status line.
    fn status(self) -> &'static [u8] {
        match self {
            Bad::TooLarge => b"431 Request Header Fields Too Large",
            _ => b"400 Bad Request",
        }
    }

    /// The body: what was wrong, in one line.
    fn explanation(self) -> &'static [u8] {
        match self {
            Bad::TooLarge => b"the request head is too long for this server\n",
            Bad::RequestLine => b"the first line is not `GET /{delay_ms}/{message} HTTP/1.1`\n",
            Bad::Method => b"only GET is supported\n",
            Bad::Version => b"only HTTP/1.1 and HTTP/1.0 are supported\n",
            Bad::Path => b"the path must be /{delay_ms}/{message}\n",
            Bad::Delay => b"the delay must be a number of milliseconds, at most 60000\n",
            Bad::Encoding => b"the message has a bad %-escape or is not UTF-8\n",
            Bad::Header => b"a header line is not `Name: value`\n",
            Bad::Body => b"a GET request must not have a body\n",
        }
    }
}

/// Parses the request at the start of `buffer`. `full`: the buffer has no room left, so an
/// incomplete head can never complete.
pub fn parse(buffer: &[u8], full: bool) -> Parse<'_> {
    // Empty lines before a request are allowed (a client may send one after the previous).
    let start = buffer.iter().position(|&b| b != b'\r' && b != b'\n');
    let Some(start) = start else {
        return Parse::Incomplete;
    };
    let Some(head_len) = head_length(&buffer[start..]) else {
        return if full {
            Parse::Bad(Bad::TooLarge)
        } else {
            Parse::Incomplete
        };
    };
    match parse_head(&buffer[start..start + head_len]) {
        Ok(request) => Parse::Complete(request, start + head_len),
        Err(bad) => Parse::Bad(bad),
    }
}

/// The length of the head at the start of `bytes`, through the empty line that ends it.
fn head_length(bytes: &[u8]) -> Option<usize> {
    let mut line_start = 0;
    while let Some(newline) = bytes[line_start..].iter().position(|&b| b == b'\n') {
        let line = &bytes[line_start..line_start + newline];
        if line.is_empty() || line == b"\r" {
            return Some(line_start + newline + 1);
        }
        line_start += newline + 1;
    }
    None
}

/// A line without its line end (`\r\n` or `\n`); a `\r` anywhere else is refused.
fn strip_cr(line: &[u8]) -> Option<&[u8]> {
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    (!line.contains(&b'\r')).then_some(line)
}

fn parse_head(head: &[u8]) -> Result<Request<'_>, Bad> {
    let mut lines = head.split(|&b| b == b'\n');
    let first = lines.next().and_then(strip_cr).ok_or(Bad::RequestLine)?;
    let mut parts = first.split(|&b| b == b' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(Bad::RequestLine);
    };
    if method != b"GET" {
        return Err(if method.is_empty() {
            Bad::RequestLine
        } else {
            Bad::Method
        });
    }
    let http_1_1 = match version {
        b"HTTP/1.1" => true,
        b"HTTP/1.0" => false,
        _ => return Err(Bad::Version),
    };
    if !target.iter().all(u8::is_ascii_graphic) {
        return Err(Bad::RequestLine);
    }
    let rest = target.strip_prefix(b"/").ok_or(Bad::Path)?;
    let slash = rest.iter().position(|&b| b == b'/').ok_or(Bad::Path)?;
    let delay_ms = parse_decimal(&rest[..slash], MAX_DELAY_MS).ok_or(Bad::Delay)?;

    let (mut close, mut keep_alive) = (false, false);
    for line in lines {
        let line = strip_cr(line).ok_or(Bad::Header)?;
        if line.is_empty() {
            break; // the end of the head
        }
        let colon = line.iter().position(|&b| b == b':').ok_or(Bad::Header)?;
        let (name, value) = (&line[..colon], line[colon + 1..].trim_ascii());
        if name.is_empty() || name.contains(&b' ') || name.contains(&b'\t') {
            return Err(Bad::Header);
        }
        if name.eq_ignore_ascii_case(b"connection") {
            for option in value.split(|&b| b == b',') {
                close |= option.trim_ascii().eq_ignore_ascii_case(b"close");
                keep_alive |= option.trim_ascii().eq_ignore_ascii_case(b"keep-alive");
            }
        } else if (name.eq_ignore_ascii_case(b"content-length") && value != b"0")
            || name.eq_ignore_ascii_case(b"transfer-encoding")
        {
            return Err(Bad::Body); // a body we do not read would be taken for the next request
        }
    }
    Ok(Request {
        delay_ms,
        message: &rest[slash + 1..],
        keep_alive: !close && (http_1_1 || keep_alive),
    })
}

/// URL-decodes `encoded` into the start of `out`; returns the decoded length, or `None` for a
/// bad `%` escape, text that is not UTF-8 once decoded, or too little room in `out`.
fn url_decode(encoded: &[u8], out: &mut [u8]) -> Option<usize> {
    let (mut from, mut to) = (0, 0);
    while from < encoded.len() {
        let byte = match encoded[from] {
            b'%' => {
                let high = hex_digit(*encoded.get(from + 1)?)?;
                let low = hex_digit(*encoded.get(from + 2)?)?;
                from += 2;
                high << 4 | low
            }
            other => other,
        };
        *out.get_mut(to)? = byte;
        (from, to) = (from + 1, to + 1);
    }
    core::str::from_utf8(&out[..to]).ok().map(|text| text.len())
}

fn hex_digit(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

/// The room a response needs beyond its body: the longest status line and headers.
pub const HEAD_ROOM: usize = 160;

/// Writes the answer to `request` into `out`: `200 OK` with the decoded message, or `400` if
/// the message does not decode. Returns whether the connection stays open afterwards.
/// `out` must be empty, with room for [`HEAD_ROOM`] bytes plus the message.
pub fn write_answer<const N: usize>(out: &mut Buf<N>, request: &Request<'_>) -> bool {
    // Every `%XY` becomes one byte: the body's length is known before decoding, so the head,
    // which states it, is written first and the body decoded straight behind it.
    let escapes = request.message.iter().filter(|&&b| b == b'%').count();
    let body_len = request.message.len().saturating_sub(2 * escapes);
    write_head(out, b"200 OK", body_len, request.keep_alive);
    match url_decode(request.message, out.spare()) {
        Some(decoded) if decoded == body_len => {
            out.grow(decoded);
            request.keep_alive
        }
        _ => {
            out.clear();
            write_error(out, Bad::Encoding);
            false
        }
    }
}

/// Writes the answer to a bad request into `out` (which must be empty): its status, what was
/// wrong, and `Connection: close`, since after a bad request the server cannot tell where the
/// next one would start.
pub fn write_error<const N: usize>(out: &mut Buf<N>, bad: Bad) {
    write_whole(out, bad.status(), bad.explanation());
}

/// The answer to a connection the server has no room for (`503`): sent once, then closed.
pub fn write_busy<const N: usize>(out: &mut Buf<N>) {
    write_whole(
        out,
        b"503 Service Unavailable",
        b"too many connections: try again later\n",
    );
}

fn write_whole<const N: usize>(out: &mut Buf<N>, status: &[u8], body: &[u8]) {
    write_head(out, status, body.len(), false);
    out.push(body);
}

/// The status line and headers, as lesson 03's server writes them.
fn write_head<const N: usize>(out: &mut Buf<N>, status: &[u8], body_len: usize, keep_alive: bool) {
    out.push(b"HTTP/1.1 ");
    out.push(status);
    out.push(b"\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ");
    out.push_decimal(body_len as u64);
    out.push(if keep_alive {
        b"\r\nConnection: keep-alive\r\n\r\n".as_slice()
    } else {
        b"\r\nConnection: close\r\n\r\n".as_slice()
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(request: &[u8]) -> (String, bool) {
        let Parse::Complete(request, _) = parse(request, false) else {
            panic!("not a complete request")
        };
        let mut out = Buf::<512>::new();
        let keep_alive = write_answer(&mut out, &request);
        (
            String::from_utf8(out.as_bytes().to_vec()).unwrap(),
            keep_alive,
        )
    }

    #[test]
    fn a_request_is_parsed_and_what_follows_is_left() {
        let bytes = b"\r\nGET /250/hi%20there HTTP/1.1\r\nHost: x\r\n\r\nGET /0/next";
        let Parse::Complete(request, used) = parse(bytes, false) else {
            panic!()
        };
        assert_eq!(request.delay_ms, 250);
        assert_eq!(request.message, b"hi%20there");
        assert!(request.keep_alive);
        assert_eq!(&bytes[used..], b"GET /0/next");
        assert_eq!(parse(&bytes[used..], false), Parse::Incomplete);
    }

    #[test]
    fn the_answer_has_the_decoded_message_and_its_length() {
        let (text, keep_alive) = answer(b"GET /0/caf%C3%A9%21 HTTP/1.1\n\n");
        assert_eq!(
            text,
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\n\
             Content-Length: 6\r\nConnection: keep-alive\r\n\r\ncafé!"
        );
        assert!(keep_alive);
    }

    #[test]
    fn connection_close_and_http_1_0_end_the_connection() {
        let (text, keep_alive) = answer(b"GET /0/x HTTP/1.1\r\nConnection: Close\r\n\r\n");
        assert!(text.contains("Connection: close\r\n") && !keep_alive);
        let (_, keep_alive) = answer(b"GET /0/x HTTP/1.0\r\n\r\n");
        assert!(!keep_alive);
        let (_, keep_alive) = answer(b"GET /0/x HTTP/1.0\r\nconnection: keep-alive\r\n\r\n");
        assert!(keep_alive);
    }

    #[test]
    fn bad_requests_say_why() {
        let bad = |bytes: &[u8]| match parse(bytes, false) {
            Parse::Bad(bad) => bad,
            other => panic!("{other:?}"),
        };
        assert_eq!(bad(b"POST /0/x HTTP/1.1\r\n\r\n"), Bad::Method);
        assert_eq!(bad(b"GET /0/x HTTP/2\r\n\r\n"), Bad::Version);
        assert_eq!(bad(b"GET /x HTTP/1.1\r\n\r\n"), Bad::Path);
        assert_eq!(bad(b"GET /abc/x HTTP/1.1\r\n\r\n"), Bad::Delay);
        assert_eq!(bad(b"GET /60001/x HTTP/1.1\r\n\r\n"), Bad::Delay);
        assert_eq!(bad(b"GET /0/x HTTP/1.1\r\nno colon\r\n\r\n"), Bad::Header);
        assert_eq!(
            bad(b"GET /0/x HTTP/1.1\r\nContent-Length: 3\r\n\r\n"),
            Bad::Body
        );
        assert_eq!(bad(b"GET /0/x\r\n\r\n"), Bad::RequestLine);
        // Too long: the buffer is full and the head has not ended.
        assert_eq!(parse(b"GET /0/xxxxxxxx", true), Parse::Bad(Bad::TooLarge));
    }

    #[test]
    fn a_bad_escape_is_answered_400() {
        for message in [&b"%zz"[..], b"%4", b"%ff"] {
            let mut request = b"GET /0/".to_vec();
            request.extend_from_slice(message);
            request.extend_from_slice(b" HTTP/1.1\r\n\r\n");
            let (text, keep_alive) = answer(&request);
            assert!(text.starts_with("HTTP/1.1 400 Bad Request\r\n"), "{text}");
            assert!(text.ends_with("bad %-escape or is not UTF-8\n") && !keep_alive);
        }
    }

    #[test]
    fn the_longest_answer_fits() {
        // A message as long as a whole request buffer still fits in an answer buffer.
        let mut request = b"GET /60000/".to_vec();
        request.resize(crate::MAX_REQUEST - 15, b'm');
        request.extend_from_slice(b" HTTP/1.0\r\n\r\n");
        let Parse::Complete(request, _) = parse(&request, false) else {
            panic!()
        };
        let mut out = Buf::<{ crate::MAX_REQUEST + HEAD_ROOM }>::new();
        write_answer(&mut out, &request);
        assert!(out.as_bytes().ends_with(b"mmmm"));
        let mut out = Buf::<512>::new();
        write_busy(&mut out);
        assert!(
            out.as_bytes()
                .starts_with(b"HTTP/1.1 503 Service Unavailable\r\n")
        );
    }
}
