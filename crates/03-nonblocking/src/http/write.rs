//! The bytes that go out: a client's request, and the server's responses, each appended to a
//! buffer or as a new one.

use super::bad_request::BadRequest;
use super::request::Request;
use super::url::url_encode;

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

#[cfg(test)]
mod tests {
    use super::push_decimal;

    #[test]
    fn decimals_are_pushed_whole() {
        let mut digits = Vec::new();
        push_decimal(&mut digits, u64::MAX);
        push_decimal(&mut digits, 0);
        assert_eq!(digits, b"184467440737095516150");
    }
}
