//! A known-wrong answer, for the course's own CI: after each request, the whole buffer is
//! cleared instead of the `used` bytes only. A head split across reads still works, so the
//! mistake hides until a client pipelines: the next request's bytes are thrown away with
//! the first. The check must reject it.
//!
//! Never a model to copy: see `solution/connection.rs`.

use nonblocking::http::{BadRequest, Parse, Request, parse_request};

/// As in the solution.
#[derive(Debug, Default)]
pub struct Connection {
    buffer: Vec<u8>,
    failed: bool,
}

impl Connection {
    /// As in the solution.
    pub fn new() -> Connection {
        Connection::default()
    }

    /// Wrong: `clear()` where `drain(..used)` belongs.
    pub fn received(&mut self, bytes: &[u8]) -> Vec<Result<Request, BadRequest>> {
        let mut requests = Vec::new();
        if self.failed {
            return requests;
        }
        self.buffer.extend_from_slice(bytes);
        loop {
            match parse_request(&self.buffer) {
                Parse::Complete(request, _used) => {
                    requests.push(Ok(request));
                    self.buffer.clear();
                }
                Parse::Incomplete => break,
                Parse::Bad(bad) => {
                    requests.push(Err(bad));
                    self.failed = true;
                    break;
                }
            }
        }
        requests
    }

    /// As in the solution.
    pub fn closed(&self) -> Result<(), BadRequest> {
        if self.buffer.iter().all(u8::is_ascii_whitespace) {
            Ok(())
        } else {
            Err(BadRequest::EndedEarly)
        }
    }

    /// As in the solution.
    pub fn buffered(&self) -> usize {
        self.buffer.len()
    }
}
