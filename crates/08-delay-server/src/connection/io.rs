//! A connection's I/O: reading and parsing requests, writing responses, and deciding what
//! comes next. All of it runs on the server's one thread, and none of it ever waits.
//!
//! The rules that keep a keep-alive request at one `read` and one `write`:
//!
//! - **A short read means drained.** The socket is registered edge-triggered, so after an
//!   event we must read until the kernel has nothing left. A `read` that returns less than
//!   the buffer's room has taken everything there was, so the `read` that would only say
//!   `WouldBlock` is skipped, as tokio does. (Not when the event said the peer closed: then
//!   the end of file is still to be read.)
//! - **All due responses go out in one `write`**, formatted into one shared buffer. If the
//!   kernel takes only part, the rest is kept here and `WRITABLE` is asked for; a short write
//!   likewise means "full", so no second `write` is tried until the queue says there is room.

use std::io::{self, Read, Write};
use std::net::Shutdown;

use event_queue::{Event, Registry, Token};
use nonblocking::TcpStream;
use nonblocking::http::{self, BadRequest, BorrowedRequest, Parse};

use super::{Connection, Expiry, Phase};
use crate::config::LINGER_BYTES;
use crate::context::Context;

/// How many times one turn may read more after a pause, before it lets the other connections
/// have theirs (a client pipelining without pause could otherwise keep the thread forever).
const RESUMES_PER_TURN: usize = 8;

/// Why a connection must be closed.
#[derive(Debug)]
pub enum Cause {
    /// The client closed its side and everything it asked for was answered.
    ClientClosed,
    /// The last answer is sent, and the request asked to close.
    Answered,
    /// The connection was closing, and the client closed too.
    BothClosed,
    /// The connection was closing, and the client did not close within `linger`, or sent
    /// more than we are willing to read and throw away.
    LingerOver,
    /// Reading, writing or registering failed: a reset, a broken pipe.
    Failed(io::Error),
    /// Nothing happened for `idle_timeout`.
    Idle,
    /// The client did not take our responses for `idle_timeout`.
    Stalled,
    /// The server is shutting down and the connection had nothing under way.
    Shutdown,
}

impl std::fmt::Display for Cause {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Cause::ClientClosed => f.write_str("the client closed it"),
            Cause::Answered => f.write_str("last answer sent, as the request asked"),
            Cause::BothClosed => f.write_str("the client closed its side too"),
            Cause::LingerOver => f.write_str("the client did not close its side in time"),
            Cause::Failed(error) => write!(f, "{error}"),
            Cause::Idle => f.write_str("idle for too long"),
            Cause::Stalled => f.write_str("the client stopped reading"),
            Cause::Shutdown => f.write_str("the server is shutting down"),
        }
    }
}

impl Connection {
    /// Handles an event of this connection's socket. `Err` means: close it.
    pub fn on_event(
        &mut self,
        cx: &mut Context,
        registry: &Registry,
        event: &Event,
    ) -> Result<(), Cause> {
        cx.clear_batch();
        // Remembered: a read paused now must still go on to the end of file later, and no new
        // event will come to say it is there.
        self.peer_closed |= event.is_read_closed();
        if event.is_writable() && !self.output.is_empty() {
            self.write_output(cx)?;
        }
        // An error or a hang-up shows as readable too: the read says what happened.
        if event.is_readable() || event.is_read_closed() || event.is_error() {
            match self.phase {
                Phase::Open if !self.paused => self.read_requests(cx)?,
                Phase::Lingering { .. } => self.linger(cx)?,
                _ => {}
            }
        }
        self.settle(cx, registry)
    }

    /// Handles one of this connection's timers, set for `at`. `Err` means: close it.
    pub fn on_timer(
        &mut self,
        cx: &mut Context,
        registry: &Registry,
        at: std::time::Instant,
    ) -> Result<(), Cause> {
        cx.clear_batch();
        if !self.timer_fired(at) {
            return Ok(()); // stale: a deadline that has moved since
        }
        if self.queue.front().is_some_and(|front| front.due <= cx.now) {
            say!(cx, "connection {}: timer fired", self.id);
        }
        if let Some((deadline, expiry)) = self.deadline(&cx.config)
            && deadline <= cx.now
        {
            match expiry {
                Expiry::Header => {
                    say!(
                        cx,
                        "connection {}: no whole request head after {} ms: 408",
                        self.id,
                        cx.config.header_timeout.as_millis()
                    );
                    cx.stats.errors += 1;
                    self.input = Vec::new();
                    self.head_started = None;
                    self.queue_error(cx.now, BadRequest::TimedOut);
                }
                Expiry::Idle => return Err(Cause::Idle),
                Expiry::Stalled => return Err(Cause::Stalled),
                Expiry::Linger => return Err(Cause::LingerOver),
            }
        }
        self.settle(cx, registry)
    }

    /// Continues a connection paused in an earlier turn (see [`RESUMES_PER_TURN`]).
    pub fn on_resume(&mut self, cx: &mut Context, registry: &Registry) -> Result<(), Cause> {
        cx.clear_batch();
        self.settle(cx, registry)
    }

    /// After anything happened: send what is due, read more if a pause is over, close or
    /// linger if done, then tell the queue what to watch and the timers when to wake us.
    fn settle(&mut self, cx: &mut Context, registry: &Registry) -> Result<(), Cause> {
        let mut resumes = 0;
        loop {
            self.send_due(cx)?;
            let resume = self.paused && self.phase == Phase::Open && self.may_resume(&cx.config);
            if !resume {
                break;
            }
            if resumes == RESUMES_PER_TURN {
                cx.resume.push(self.key); // later in this turn of the loop, after the others
                break;
            }
            resumes += 1;
            self.paused = false;
            // Edge-triggered: bytes that arrived while paused raised no new event. Read now.
            self.read_requests(cx)?;
        }
        if self.queue.is_empty() && self.output.is_empty() {
            match self.phase {
                Phase::Closing { linger } => {
                    // Our side is done: the client reads end of file after the last answer.
                    self.stream
                        .shutdown(Shutdown::Write)
                        .map_err(Cause::Failed)?;
                    self.phase = Phase::Lingering {
                        until: cx.now + cx.config.linger,
                        discarded: 0,
                    };
                    // Closing with unread bytes would send a reset, which can destroy the
                    // answer before the client reads it. So read what is there (no new edge
                    // would say so); if there is nothing and the request asked to close, the
                    // client has no reason to send more: close now. Otherwise wait for the
                    // client's own end of file, for at most `linger`.
                    self.linger(cx)?;
                    if !linger && matches!(self.phase, Phase::Lingering { discarded: 0, .. }) {
                        return Err(Cause::Answered);
                    }
                }
                Phase::ReadClosed => return Err(Cause::ClientClosed),
                _ => {}
            }
        }
        self.update_interest(cx, registry)?;
        self.arm_timers(&cx.config, &mut cx.timers);
        Ok(())
    }

    /// Reads and parses until the socket is drained, the connection pauses, or it closes.
    fn read_requests(&mut self, cx: &mut Context) -> Result<(), Cause> {
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

    /// Formats what is due and sends it, with whatever this turn already formatted, in one
    /// `write` (unless earlier output is still stuck, in which case it waits its turn).
    fn send_due(&mut self, cx: &mut Context) -> Result<(), Cause> {
        let released = self.take_due(cx.now, &mut cx.batch);
        cx.stats.responses += released as u64;
        if self.output.is_empty() {
            cx.batched += released;
        }
        if !self.output.is_empty() || cx.batch.is_empty() {
            return Ok(());
        }
        let (length, count) = (cx.batch.len(), cx.batched);
        // Said before the write, so that the log line comes before anything the client
        // prints about the answer.
        say!(
            cx,
            "connection {}: sending {count} response(s), {length} bytes, in one write",
            self.id
        );
        let sent = send(&self.stream, &cx.batch);
        if let Ok(written) = sent
            && written < length
        {
            // The kernel's send buffer is full: keep the rest, and ask for WRITABLE.
            self.output.extend_from_slice(&cx.batch[written..]);
            say!(
                cx,
                "connection {}: the kernel took {written} of {length} bytes; the rest waits \
                 for WRITABLE",
                self.id
            );
        }
        cx.clear_batch();
        if sent? > 0 {
            self.last_activity = cx.now;
        }
        Ok(())
    }

    /// Sends output that an earlier write left behind, now that the socket is writable.
    fn write_output(&mut self, cx: &mut Context) -> Result<(), Cause> {
        let written = send(&self.stream, &self.output)?;
        if written > 0 {
            self.last_activity = cx.now;
        }
        say!(
            cx,
            "connection {}: writable again; the kernel took {written} of {} waiting bytes",
            self.id,
            self.output.len()
        );
        if written == self.output.len() {
            self.output = Vec::new(); // drained: give the memory back
        } else {
            self.output.drain(..written);
        }
        Ok(())
    }

    /// Reads and throws away what a closing connection's client still sends, until it
    /// closes too. `Err(Finished)` once it has (or has sent too much).
    fn linger(&mut self, cx: &mut Context) -> Result<(), Cause> {
        let Phase::Lingering { discarded, .. } = &mut self.phase else {
            return Ok(());
        };
        loop {
            match (&self.stream).read(&mut cx.read_buffer) {
                Ok(0) => return Err(Cause::BothClosed),
                Ok(received) => {
                    *discarded += received;
                    if *discarded > LINGER_BYTES {
                        return Err(Cause::LingerOver);
                    }
                    if received < cx.read_buffer.len() {
                        return Ok(()); // drained
                    }
                }
                Err(error) if error.kind() == io::ErrorKind::WouldBlock => return Ok(()),
                Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
                Err(error) => return Err(Cause::Failed(error)),
            }
        }
    }

    /// Registers, reregisters or deregisters so the queue watches what
    /// [`wanted_interest`](Self::wanted_interest) says, if that changed.
    fn update_interest(&mut self, cx: &Context, registry: &Registry) -> Result<(), Cause> {
        let wanted = self.wanted_interest();
        if wanted == self.registered {
            return Ok(());
        }
        if self.paused
            && self
                .registered
                .is_some_and(|interest| interest.is_readable())
        {
            say!(
                cx,
                "connection {}: {} bytes and {} requests wait for the client: \
                 stopped reading it (backpressure)",
                self.id,
                self.buffered(0),
                self.queue.len()
            );
        }
        let token = Token(self.key.to_bits());
        let result = match (self.registered, wanted) {
            (None, Some(interest)) => registry.register(&self.stream, token, interest),
            (Some(_), Some(interest)) => registry.reregister(&self.stream, token, interest),
            (Some(_), None) => registry.deregister(&self.stream),
            (None, None) => Ok(()),
        };
        result.map_err(Cause::Failed)?;
        self.registered = wanted;
        Ok(())
    }
}

/// One `write` of as much of `bytes` as the kernel takes. A short count means its buffer is
/// full: no second call just to hear `WouldBlock`.
fn send(stream: &TcpStream, bytes: &[u8]) -> Result<usize, Cause> {
    loop {
        match (&*stream).write(bytes) {
            Ok(0) if !bytes.is_empty() => {
                return Err(Cause::Failed(io::ErrorKind::WriteZero.into()));
            }
            Ok(written) => return Ok(written),
            Err(error) if error.kind() == io::ErrorKind::WouldBlock => return Ok(0),
            Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
            Err(error) => return Err(Cause::Failed(error)),
        }
    }
}
