//! Bytes in: every whole request parsed out of what the client sent, and each one answered at
//! once or queued; the client's end of file; a pause for backpressure, and its end.

use std::time::Duration;

use nonblocking::http::{self, BadRequest, BorrowedRequest, MAX_HEAD_BYTES, Parse};

use super::{Cause, Env, Phase, Session};
use crate::config::LINGER_BYTES;

impl Session {
    /// Bytes the client sent. While open, every whole request among them (after any kept from
    /// before) is parsed; answers due at once go onto `out`, the others are queued, and the
    /// rest is kept for next time. While lingering, they are counted and thrown away (`Err`
    /// past [`LINGER_BYTES`]). In any other phase reading had stopped, and they are ignored.
    pub fn receive(&mut self, env: &mut Env, out: &mut Vec<u8>, bytes: &[u8]) -> Result<(), Cause> {
        self.last_activity = env.now;
        match &mut self.phase {
            Phase::Open => self.parse(env, out, bytes),
            Phase::Lingering { discarded, .. } => {
                let received = u32::try_from(bytes.len()).unwrap_or(u32::MAX);
                *discarded = discarded.saturating_add(received);
                if *discarded as usize > LINGER_BYTES {
                    return Err(Cause::LingerOver);
                }
            }
            Phase::ReadClosed | Phase::Closing { .. } => {}
        }
        Ok(())
    }

    /// Keeps `bytes` unparsed, for a server that knows more follow at once: lesson 10's
    /// receives are 2 KiB, and a 20 KB head must be judged "too large" before "garbage", as
    /// lesson 08's one 64 KiB read judges it. Returns `false`, keeping nothing, when they would
    /// not fit in a request head or the connection is not open: then [`receive`] them.
    ///
    /// [`receive`]: Self::receive
    pub fn hold(&mut self, now: std::time::Instant, bytes: &[u8]) -> bool {
        if self.phase != Phase::Open || self.input.len() + bytes.len() > MAX_HEAD_BYTES {
            return false;
        }
        self.last_activity = now;
        self.input.extend_from_slice(bytes);
        self.head_started.get_or_insert(now);
        true
    }

    /// The client shut down its side. While open, what is left is judged once reading is not
    /// paused: nothing (the client is done: [`Phase::ReadClosed`]) or half a request (a `400`).
    /// While lingering, `Err`: the client has closed too.
    pub fn end_of_file(&mut self, env: &mut Env, out: &mut Vec<u8>) -> Result<(), Cause> {
        match self.phase {
            Phase::Open => {
                self.ended = true;
                self.take_input(env, out);
                Ok(())
            }
            Phase::Lingering { .. } => Err(Cause::BothClosed),
            Phase::ReadClosed | Phase::Closing { .. } => Ok(()),
        }
    }

    /// Ends a pause (once [`can_resume`](Self::can_resume) says so): parses the requests kept
    /// meanwhile, then the server reads again.
    pub fn resume(&mut self, env: &mut Env, out: &mut Vec<u8>) {
        self.paused = false;
        self.take_input(env, out);
    }

    /// Parses the bytes kept in `input`; then, if the client has closed its side and reading
    /// is not paused, judges what is left.
    fn take_input(&mut self, env: &mut Env, out: &mut Vec<u8>) {
        if self.paused || self.phase != Phase::Open {
            return;
        }
        if !self.input.is_empty() {
            let input = std::mem::take(&mut self.input);
            self.parse(env, out, &input);
        }
        if self.ended && self.phase == Phase::Open && !self.paused {
            self.head_started = None;
            if self.input.iter().any(|byte| !byte.is_ascii_whitespace()) {
                say!(env, "connection {}: closed in mid-request: 400", self.id);
                self.queue_error(env, BadRequest::EndedEarly);
            } else {
                self.phase = Phase::ReadClosed;
            }
            self.input = Vec::new();
        }
    }

    /// Parses `bytes` after what was kept; keeps what is left. Where nothing was kept (almost
    /// always), the requests are parsed where they are: no copy unless a part is left over.
    fn parse(&mut self, env: &mut Env, out: &mut Vec<u8>, bytes: &[u8]) {
        let mut input = std::mem::take(&mut self.input);
        let (used, parsed_any) = if input.is_empty() {
            let (used, parsed_any) = self.parse_requests(env, out, bytes);
            input.extend_from_slice(&bytes[used..]);
            (0, parsed_any)
        } else {
            input.extend_from_slice(bytes);
            self.parse_requests(env, out, &input)
        };
        input.drain(..used);
        // The header timeout runs from the first byte of the head now being received.
        if parsed_any || input.is_empty() {
            self.head_started = (!input.is_empty()).then_some(env.now);
        } else if self.head_started.is_none() {
            self.head_started = Some(env.now);
        }
        if input.is_empty() {
            input = Vec::new(); // nothing kept: give the memory back
        }
        self.input = input;
    }

    /// Takes every whole request at the start of `bytes`; returns how many bytes that was,
    /// and whether there was any. Stops at an incomplete request, a bad one, one that closes
    /// the connection, or when the connection is over its limits (then it pauses).
    fn parse_requests(&mut self, env: &mut Env, out: &mut Vec<u8>, bytes: &[u8]) -> (usize, bool) {
        let (mut used, mut parsed_any) = (0, false);
        while self.phase == Phase::Open {
            if self.over_limit(&env.config) {
                if !self.paused {
                    say!(
                        env,
                        "connection {}: {} bytes and {} requests wait for the client: \
                         stopped reading it (backpressure)",
                        self.id,
                        self.buffered(),
                        self.queue.len()
                    );
                }
                self.paused = true;
                break;
            }
            match http::parse_request_borrowed(&bytes[used..]) {
                Parse::Complete(request, length) => {
                    used += length;
                    parsed_any = true;
                    self.take_request(env, out, request);
                }
                Parse::Incomplete => break,
                Parse::Bad(bad) => {
                    let status = bad.status();
                    say!(env, "connection {}: bad request ({status}: {bad})", self.id);
                    used = bytes.len(); // the rest cannot be parsed: drop it
                    self.queue_error(env, bad);
                }
            }
        }
        (used, parsed_any)
    }

    /// A valid request: answered at once if it has no delay and nothing is ahead of it,
    /// else queued until its due time.
    fn take_request(&mut self, env: &mut Env, out: &mut Vec<u8>, request: BorrowedRequest<'_>) {
        env.stats.requests += 1;
        say!(
            env,
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
        let message = request.message.as_bytes();
        if request.delay_ms == 0 && self.queue.is_empty() {
            // The fast path: no queue, no copy of the message; formatted straight into the
            // buffer the next write will send.
            let before = out.len();
            http::write_ok_response(out, message, request.keep_alive);
            self.unsent += out.len() - before;
            env.stats.responses += 1;
        } else {
            let due = env.now + Duration::from_millis(request.delay_ms);
            self.queue_ok(due, message, request.keep_alive);
        }
        if !request.keep_alive {
            self.phase = Phase::Closing { linger: false }; // nothing after it is read
        }
    }
}
