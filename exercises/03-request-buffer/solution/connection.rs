//! Worked solution: the request buffer of one connection.
//!
//! The parser keeps no state, so the connection must: the bytes that arrived but are not yet
//! part of a whole request. Two mistakes hide in a loop this short, and the check has a test
//! for each:
//!
//! - **parsing once per read**: a read that holds two pipelined requests yields one, and the
//!   second waits for a read that may never come (the client is waiting for its answer);
//! - **clearing the buffer after a request**: the bytes after `used` are the start of the
//!   next request, and throwing them away leaves a tail that never parses (or, cut at the
//!   wrong place, parses as garbage).

use nonblocking::http::{BadRequest, Parse, Request, parse_request};

/// One connection's bytes received and not yet parsed into a request.
#[derive(Debug, Default)]
pub struct Connection {
    /// Received, not yet part of a whole request.
    buffer: Vec<u8>,
    /// A bad request was seen: the server answers it and closes, so nothing more is parsed.
    failed: bool,
}

impl Connection {
    /// A connection on which nothing has arrived yet.
    pub fn new() -> Connection {
        Connection::default()
    }

    /// Takes the bytes of one read and returns every request they complete, in order: none
    /// if the head is not all there yet, several if they were pipelined.
    ///
    /// A bad request ends the connection (the server answers it and closes: after garbage it
    /// cannot tell where a next request would start), so it comes last, as `Err`, and every
    /// later call returns nothing.
    pub fn received(&mut self, bytes: &[u8]) -> Vec<Result<Request, BadRequest>> {
        let mut requests = Vec::new();
        if self.failed {
            return requests; // the connection is being closed: its bytes mean nothing now
        }
        // Step 1: keep what arrived. The parser always starts from the first byte of the
        // request, so a head split across reads is parsed whole once its last byte is here.
        self.buffer.extend_from_slice(bytes);
        // Step 2: take out as many requests as the buffer holds, not just one.
        loop {
            match parse_request(&self.buffer) {
                Parse::Complete(request, used) => {
                    requests.push(Ok(request));
                    // Step 3: drop exactly the bytes this request used. The rest, if any, is
                    // the next request (or its beginning): parse again from there.
                    self.buffer.drain(..used);
                }
                // Not a whole request yet: wait for the next read, keeping every byte.
                Parse::Incomplete => break,
                // Bad however many bytes follow. It is the last thing this connection says.
                Parse::Bad(bad) => {
                    requests.push(Err(bad));
                    self.failed = true;
                    self.buffer.clear();
                    break;
                }
            }
        }
        requests
    }

    /// The client closed its side (a read returned 0): fine if no part of a request is waiting,
    /// `BadRequest::EndedEarly` if one was cut off.
    pub fn closed(&self) -> Result<(), BadRequest> {
        // Empty lines between requests are allowed (the parser skips them), so a client that
        // sent one after its last request and closed did nothing wrong.
        if self.buffer.iter().all(u8::is_ascii_whitespace) {
            Ok(())
        } else {
            Err(BadRequest::EndedEarly)
        }
    }

    /// How many bytes are kept, waiting for the rest of a request.
    pub fn buffered(&self) -> usize {
        self.buffer.len()
    }
}
