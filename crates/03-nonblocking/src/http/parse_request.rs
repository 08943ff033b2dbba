//! The request parser: bytes received so far in, [`Parse`] out, no state kept between calls.

use std::borrow::Cow;

use super::bad_request::BadRequest;
use super::head::{find_head_end, is_token_char, skip_empty_lines, split_header, strip_cr};
use super::parse::{MAX_DELAY_MS, MAX_HEAD_BYTES, Parse};
use super::request::{BorrowedRequest, Request};
use super::url::url_decode;

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
/// this way and formats the answer with [`write_ok_response`](super::write_ok_response), so a
/// request costs no allocation at all.
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
