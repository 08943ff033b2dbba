//! The load client's response parser: only what it needs, and no allocation.
//!
//! Lesson 03's `parse_response` builds a `Response` with every header as a `String`; at a
//! hundred thousand responses a second that would be most of the client's work. The client
//! needs three things: where the response ends, its status, and whether the server will close.
//! The head's end and the status line are lesson 03's ([`find_head_end`], [`parse_status_line`]);
//! the two headers it needs are read here, in place.

use nonblocking::http::{MAX_HEAD_BYTES, find_head_end, parse_status_line};

/// What a whole response told us.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Head {
    /// The status code.
    pub status: u16,
    /// The length of the whole response, head and body.
    pub length: usize,
    /// Whether it said `Connection: close`.
    pub closes: bool,
}

/// Looks for a whole response at the start of `bytes`: `Ok(None)` if more must arrive.
pub fn parse(bytes: &[u8]) -> Result<Option<Head>, &'static str> {
    let Some(head_length) = find_head_end(bytes) else {
        return if bytes.len() > MAX_HEAD_BYTES {
            Err("a response head longer than 8 KiB")
        } else {
            Ok(None)
        };
    };
    let head = &bytes[..head_length];
    let mut lines = head
        .split(|&b| b == b'\n')
        .map(|line| line.strip_suffix(b"\r").unwrap_or(line));
    let status_line = lines.next().unwrap_or_default();
    let status = parse_status_line(status_line).ok_or("not an HTTP/1.x status line")?;
    let mut length = None;
    let mut closes = false;
    for line in lines {
        let Some(colon) = line.iter().position(|&b| b == b':') else {
            continue;
        };
        let (name, value) = (&line[..colon], line[colon + 1..].trim_ascii());
        if name.eq_ignore_ascii_case(b"content-length") {
            length = parse_decimal(value);
            if length.is_none() {
                return Err("a bad Content-Length");
            }
        } else if name.eq_ignore_ascii_case(b"connection") {
            closes = value
                .split(|&b| b == b',')
                .any(|option| option.trim_ascii().eq_ignore_ascii_case(b"close"));
        }
    }
    let length = head_length + length.ok_or("no Content-Length")?;
    Ok((bytes.len() >= length).then_some(Head {
        status,
        length,
        closes,
    }))
}

fn parse_decimal(digits: &[u8]) -> Option<usize> {
    if digits.is_empty() || digits.len() > 12 {
        return None;
    }
    digits.iter().try_fold(0usize, |n, &d| {
        d.is_ascii_digit().then(|| n * 10 + usize::from(d - b'0'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use nonblocking::http::{self, BadRequest, Request};

    #[test]
    fn the_servers_responses_parse_piece_by_piece() {
        let request = Request {
            delay_ms: 0,
            message: "héllo".into(),
            keep_alive: true,
        };
        let bytes = http::ok_response(&request);
        for end in 0..bytes.len() {
            assert_eq!(parse(&bytes[..end]), Ok(None), "{end}");
        }
        let mut two = bytes.clone();
        two.extend_from_slice(&bytes);
        let expected = Head {
            status: 200,
            length: bytes.len(),
            closes: false,
        };
        assert_eq!(parse(&two), Ok(Some(expected)));
        let error = http::error_response(BadRequest::TimedOut);
        let head = parse(&error).unwrap().unwrap();
        assert_eq!((head.status, head.closes), (408, true));
    }

    #[test]
    fn malformed_responses_are_errors() {
        assert!(parse(b"HTTP/1.1 200 OK\r\n\r\n").is_err());
        assert!(parse(b"HTTP/1.1 2x0 OK\r\nContent-Length: 0\r\n\r\n").is_err());
        assert!(parse(b"SMTP 200\r\n\r\n").is_err());
        assert!(parse(b"HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n").is_err());
        assert!(parse(&[b'x'; 9000]).is_err());
        assert_eq!(
            parse(b"HTTP/1.0 204\r\nContent-length: 0\r\n\r\n"),
            Ok(Some(Head {
                status: 204,
                length: 35,
                closes: false
            }))
        );
    }
}
