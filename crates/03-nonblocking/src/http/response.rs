//! The client's side: a response parser, as incremental as the request parser.

use std::fmt;

use super::head::{find_head_end, split_header, strip_cr};
use super::parse::{MAX_HEAD_BYTES, Parse};

/// The longest response body [`parse_response`] accepts: 1 MiB.
pub const MAX_RESPONSE_BODY: usize = 1024 * 1024;

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

/// Parses the response at the start of `buffer`, as [`parse_request`](super::parse_request)
/// does requests. It must have a `Content-Length` (the delay server always sends one) of at
/// most [`MAX_RESPONSE_BODY`].
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
    let status = parse_status_line(status_line)
        .ok_or(BadResponse("the status line is not `HTTP/1.1 NNN reason`"))?;
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

/// The status code of a status line (without its line end): `HTTP/1.0` or `HTTP/1.1`, a space,
/// three digits, then nothing or a space and a reason. `Some(200)` for `HTTP/1.1 200 OK`.
pub fn parse_status_line(line: &[u8]) -> Option<u16> {
    match line {
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
            Some(
                [d1, d2, d3]
                    .iter()
                    .fold(0u16, |n, &&d| n * 10 + u16::from(d - b'0')),
            )
        }
        _ => None,
    }
}
