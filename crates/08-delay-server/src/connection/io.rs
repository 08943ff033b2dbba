//! A connection's events: what a readiness event or a timer does to it, and what comes next
//! (pause, resume, close, linger, what to watch). The reading is in `read.rs`, the writing in
//! `write.rs`; between them a keep-alive request costs one `read` and one `write`. All of it
//! runs on the server's one thread, and none of it ever waits.

use std::io::{self, Read};
use std::net::Shutdown;

use event_queue::{Event, Registry, Token};
use nonblocking::http::BadRequest;

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

    /// Reads and throws away what a closing connection's client still sends, until it
    /// closes too: `Err(BothClosed)` once it has, `Err(LingerOver)` if it sends too much.
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
