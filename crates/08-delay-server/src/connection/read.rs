//! Reading: from the socket into the shared buffer, every whole request parsed out of it, and
//! each one answered at once or queued.
//!
//! **A short read means drained.** The socket is registered edge-triggered, so after an event
//! we must read until the kernel has nothing left. A `read` that returns less than the buffer's
//! room has taken everything there was, so the `read` that would only say `WouldBlock` is
//! skipped, as tokio does: one system call per request saved. (Not when an event said the peer
//! closed: then the end of file is still to be read.)

use std::io::{self, Read};

use nonblocking::http::{self, BadRequest, BorrowedRequest, Parse};

use super::{Cause, Connection, Phase};
use crate::context::Context;

impl Connection {
    /// Reads and parses until the socket is drained, the connection pauses, or it closes.
    pub(super) fn read_requests(&mut self, cx: &mut Context) -> Result<(), Cause> {
        // The shared read buffer, taken out of the context for the time of this call so that
        // the context can be lent to the parser at the same time.
        let mut buffer = std::mem::take(&mut cx.read_buffer);
        let result = self.read_into(cx, &mut buffer);
        cx.read_buffer = buffer;
        result
    }

    fn read_into(&mut self, cx: &mut Context, buffer: &mut [u8]) -> Result<(), Cause> {
        // Bytes kept from last time go first.
        let mut filled = self.input.len();
        buffer[..filled].copy_from_slice(&self.input);
        self.input.clear();
        let mut parsed_any = false;
        let mut drained = false;
        let mut end_of_file = false;
        loop {
            let used = self.parse_requests(cx, &buffer[..filled], &mut parsed_any);
            buffer.copy_within(used..filled, 0);
            filled -= used;
            if self.phase != Phase::Open || self.paused || drained || filled == buffer.len() {
                break;
            }
            let room = buffer.len() - filled;
            match (&self.stream).read(&mut buffer[filled..]) {
                Ok(0) => {
                    end_of_file = true;
                    break;
                }
                Ok(received) => {
                    filled += received;
                    self.last_activity = cx.now;
                    drained = received < room && !self.peer_closed;
                }
                Err(error) if error.kind() == io::ErrorKind::WouldBlock => break,
                Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
                Err(error) => return Err(Cause::Failed(error)),
            }
        }
        self.input.extend_from_slice(&buffer[..filled]);
        if filled == 0 {
            self.input = Vec::new(); // nothing kept: give the memory back
        }
        // The header timeout runs from the first byte of the head now being received.
        if parsed_any || filled == 0 {
            self.head_started = (filled > 0).then_some(cx.now);
        } else if self.head_started.is_none() {
            self.head_started = Some(cx.now);
        }
        if end_of_file {
            self.head_started = None;
            if self.input.iter().any(|byte| !byte.is_ascii_whitespace()) {
                say!(cx, "connection {}: closed in mid-request: 400", self.id);
                cx.stats.errors += 1;
                self.queue_error(cx.now, BadRequest::EndedEarly);
            } else if self.phase == Phase::Open {
                self.phase = Phase::ReadClosed;
            }
            self.input = Vec::new();
        }
        Ok(())
    }

    /// Takes every whole request at the start of `bytes`; returns how many bytes that was.
    /// Stops at an incomplete request, a bad one, one that closes the connection, or when
    /// the connection is over its limits.
    fn parse_requests(&mut self, cx: &mut Context, bytes: &[u8], parsed_any: &mut bool) -> usize {
        let mut used = 0;
        while self.phase == Phase::Open {
            let batch = if self.output.is_empty() {
                cx.batch.len()
            } else {
                0
            };
            if self.over_limit(&cx.config, batch) {
                self.paused = true;
                break;
            }
            match http::parse_request_borrowed(&bytes[used..]) {
                Parse::Complete(request, length) => {
                    used += length;
                    *parsed_any = true;
                    self.take_request(cx, request);
                }
                Parse::Incomplete => break,
                Parse::Bad(bad) => {
                    say!(
                        cx,
                        "connection {}: bad request ({}: {bad})",
                        self.id,
                        bad.status()
                    );
                    cx.stats.errors += 1;
                    used = bytes.len(); // the rest cannot be parsed: drop it
                    self.queue_error(cx.now, bad);
                }
            }
        }
        used
    }

    /// A valid request: answered at once if it has no delay and nothing is ahead of it,
    /// else queued until its due time.
    fn take_request(&mut self, cx: &mut Context, request: BorrowedRequest<'_>) {
        cx.stats.requests += 1;
        say!(
            cx,
            "connection {}: GET /{}/{}: {}",
            self.id,
            request.delay_ms,
            request.message.escape_debug(),
            if request.delay_ms == 0 {
                "answer now".to_string()
            } else {
                format!("timer set for {} ms", request.delay_ms)
            }
        );
        if request.delay_ms == 0 && self.queue.is_empty() {
            // The fast path: no queue, no copy of the message; format straight into the
            // buffer this turn's write will send.
            if self.output.is_empty() {
                http::write_ok_response(
                    &mut cx.batch,
                    request.message.as_bytes(),
                    request.keep_alive,
                );
                cx.batched += 1;
            } else {
                http::write_ok_response(
                    &mut self.output,
                    request.message.as_bytes(),
                    request.keep_alive,
                );
            }
            cx.stats.responses += 1;
        } else {
            let due = cx.now + std::time::Duration::from_millis(request.delay_ms);
            self.queue_ok(due, request.message.as_bytes(), request.keep_alive);
        }
        if !request.keep_alive {
            self.phase = Phase::Closing { linger: false }; // nothing after it is read
        }
    }
}
