//! Your exercise: the request buffer of one connection.
//!
//! TCP delivers a stream of bytes, not messages. One `read` may return half a request head
//! (the client's bytes crossed a packet boundary, or it types slowly), exactly one, or one and
//! a half: an HTTP/1.1 client may *pipeline*, sending its next request before the first is
//! answered. Lesson 03's `parse_request` is stateless: it looks at the bytes received so far
//! and says `Incomplete`, `Complete(request, used)` or `Bad`. The state, the bytes kept between
//! reads, is yours: keep them here, and turn every read into the requests it completes.
//!
//! The check splits requests at every byte boundary, pipelines two and three in one read,
//! and ends connections in the middle of one. Lesson 03's parser is in
//! `crates/03-nonblocking/src/http/parse_request.rs`.

use nonblocking::http::{BadRequest, Request};

/// One connection's bytes received and not yet parsed into a request.
#[derive(Debug, Default)]
pub struct Connection {
    /// Received, not yet part of a whole request. Add fields as you need them.
    buffer: Vec<u8>,
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
        let _ = (bytes, &self.buffer);
        todo!(
            "append `bytes` to the buffer, then call nonblocking::http::parse_request on it in a \
             loop: Complete(request, used) -> keep the request and remove only the first `used` \
             bytes; Incomplete -> stop; Bad -> keep the error and stop for good"
        )
    }

    /// The client closed its side (a read returned 0): fine if no part of a request is waiting,
    /// `BadRequest::EndedEarly` if one was cut off.
    pub fn closed(&self) -> Result<(), BadRequest> {
        todo!("Err(BadRequest::EndedEarly) if anything but empty lines is still in the buffer")
    }

    /// How many bytes are kept, waiting for the rest of a request.
    pub fn buffered(&self) -> usize {
        self.buffer.len()
    }
}
