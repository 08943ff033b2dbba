//! What requests and responses share: a head of lines, ended by an empty line, with
//! `Name: value` headers. Lines may end in `\r\n` or a bare `\n` (RFC 9112 allows accepting
//! both).

/// How many bytes of empty lines (`\r\n` or `\n`) `buffer` starts with.
pub(super) fn skip_empty_lines(buffer: &[u8]) -> usize {
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

/// The length of the head (of a request or a response) at the start of `bytes`, up to and
/// including the empty line that ends it, if it is all there.
pub fn find_head_end(bytes: &[u8]) -> Option<usize> {
    let mut line_start = 0;
    while let Some(newline) = bytes[line_start..].iter().position(|&b| b == b'\n') {
        let line = &bytes[line_start..line_start + newline];
        if line.is_empty() || line == b"\r" {
            // An empty line ends the head. A request's parser skips empty lines before its
            // request line, so there this is always after it; a response that starts with one
            // has no status line, and its parser says so.
            return Some(line_start + newline + 1);
        }
        line_start += newline + 1;
    }
    None
}

/// A line without its `\r` (lines may end in `\r\n` or `\n`). A `\r` anywhere else is refused:
/// RFC 9112 says a lone CR must not be taken for a line end.
pub(super) fn strip_cr(line: &[u8]) -> Option<&[u8]> {
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    (!line.contains(&b'\r')).then_some(line)
}

/// Splits `Name: value`, trimming the spaces around the value. The name must be a token, with
/// no space before the colon; a line starting with a space (the obsolete "line folding") is
/// refused too.
pub(super) fn split_header(line: &[u8]) -> Option<(&[u8], &[u8])> {
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
pub(super) fn is_token_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}
