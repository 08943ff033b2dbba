//! The protocol core, sans I/O: one connection's conversation, with no socket in sight.
//!
//! Bytes go in ([`Session::receive`], [`Session::end_of_file`]); responses come out, appended
//! to a buffer the server gives ([`Session::take_due`]); the server says how many of them the
//! kernel took ([`Session::sent`]) and asks when the next deadline is ([`Session::deadline`])
//! and what to do next ([`Session::phase`], [`Session::reading`]). Lesson 08's server drives
//! it by readiness (`connection/`), lesson 10's by completions; the difference between the two
//! servers is then exactly the I/O model.
//!
//! A connection answers its requests *in order*, as HTTP/1.1 requires of pipelined requests:
//! `GET /3000/a` then `GET /0/b` on one connection are answered `a` after 3 s, then `b` at
//! once after it. So every request that cannot be answered right away waits in a queue with
//! its due time, and only the front of the queue matters: when it is due, it and every due
//! request behind it are formatted, back to back, for one write.

use std::collections::VecDeque;
use std::time::Instant;

use nonblocking::http::BadRequest;

use crate::config::Config;
use crate::log::Log;
use crate::stats::Stats;

mod cause;
mod deadline;
mod input;
mod output;
#[cfg(test)]
mod tests;
pub use cause::Cause;
pub use output::answers;

/// The largest [`Config::max_buffered`]: a session counts its messages in 32 bits.
pub const MAX_BUFFERED: usize = 1 << 30;

/// What every connection of one server shares, lent to the core on each call: the limits, the
/// clock, the counters, the log.
pub struct Env {
    /// The limits.
    pub config: Config,
    /// The time, read once per turn of the server's loop: every deadline in a turn is measured
    /// from the same instant, and the clock is read once, not per request.
    pub now: Instant,
    /// Counters.
    pub stats: Stats,
    /// The log, if lines are printed.
    pub log: Option<Log>,
}

impl Env {
    /// The shared state of a server with these limits, with no log yet: the log names the
    /// thread that serves, so [`start_log`](Self::start_log) is called on that thread.
    pub fn new(config: Config) -> Env {
        assert!(
            config.max_buffered <= MAX_BUFFERED,
            "max_buffered is at most 1 GiB"
        );
        Env {
            config,
            now: Instant::now(),
            stats: Stats::default(),
            log: None,
        }
    }

    /// Starts the log on the calling thread, if the limits ask for one.
    pub fn start_log(&mut self) {
        if self.config.log {
            self.log = Some(Log::for_this_thread());
        }
    }
}

/// Where a connection is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// Reading requests and answering them.
    Open,
    /// The client shut down its sending side (end of file): answer what it asked for, then
    /// close.
    ReadClosed,
    /// A response that ends the connection is queued (`Connection: close`, or an error):
    /// read nothing more, send what is owed, then shut down our side.
    Closing {
        /// Whether to linger after the last answer even if the client sends nothing more:
        /// after an error response it may well be sending still (we stopped reading in the
        /// middle of its bytes).
        linger: bool,
    },
    /// Everything is sent and our side is shut down: reading and discarding what the client
    /// still sends until it closes too, or `until`.
    Lingering {
        /// When to stop waiting for the client.
        until: Instant,
        /// Bytes thrown away so far (at most [`LINGER_BYTES`](crate::config::LINGER_BYTES)
        /// and one read more: 32 bits are plenty, and keep every connection 8 bytes smaller).
        discarded: u32,
        /// `Closing`'s `linger`: wait for the client's end of file even if nothing is there.
        must_wait: bool,
    },
}

/// Which of a connection's deadlines is the next one, and so what happens when it passes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expiry {
    /// A request head is taking longer than `header_timeout`: answer `408`.
    Header,
    /// Nothing has happened for `idle_timeout`: close.
    Idle,
    /// The client has not taken our responses for `idle_timeout`: close.
    Stalled,
    /// A closing connection's client has not closed within `linger`: close.
    Linger,
}

/// What a queued request will be answered with.
#[derive(Clone, Copy, Debug)]
enum Reply {
    /// `200 OK`; the message is the next `len` bytes of `Session::messages`.
    Ok { len: u32, keep_alive: bool },
    /// An error response, after which the connection closes.
    Error(BadRequest),
}

/// A request waiting for its answer.
#[derive(Clone, Copy, Debug)]
struct Queued {
    due: Instant,
    reply: Reply,
}

/// One connection's conversation: what it has received, what it owes, what the kernel has not
/// taken yet.
pub struct Session {
    /// The connection's number, counting from 1 since the server started (for the log).
    id: u64,
    phase: Phase,
    /// Bytes received and not yet parsed: part of a request head cut by the network, or whole
    /// requests left while reading is paused. Empty, with no allocation, almost always.
    input: Vec<u8>,
    /// Requests not answered yet, oldest first.
    queue: VecDeque<Queued>,
    /// The decoded messages of the queued requests, back to back, from `messages_start` (32
    /// bits: fewer than twice `max_buffered`, which is at most 1 GiB, plus a head are kept).
    messages: Vec<u8>,
    messages_start: u32,
    /// Response bytes formatted and not yet taken by the kernel (see [`Session::sent`]).
    unsent: usize,
    /// When the first byte of the request head now being received arrived.
    head_started: Option<Instant>,
    /// When the client last sent us bytes or took some of ours.
    last_activity: Instant,
    /// Reading stopped because too much is waiting to be sent (backpressure).
    paused: bool,
    /// The client's end of file has arrived (it is judged once reading is not paused).
    ended: bool,
}

impl Session {
    /// A new connection's conversation, number `id`, accepted at `now`.
    pub fn new(id: u64, now: Instant) -> Session {
        Session {
            id,
            phase: Phase::Open,
            input: Vec::new(),
            queue: VecDeque::new(),
            messages: Vec::new(),
            messages_start: 0,
            unsent: 0,
            head_started: None,
            last_activity: now,
            paused: false,
            ended: false,
        }
    }

    /// The connection's number (for the log).
    pub fn id(&self) -> u64 {
        self.id
    }

    /// Where the connection is in its life.
    pub fn phase(&self) -> Phase {
        self.phase
    }

    /// Whether the server should read (receive) requests: open, not paused, not at end of file.
    pub fn reading(&self) -> bool {
        self.phase == Phase::Open && !self.paused && !self.ended
    }

    /// Whether the server should read and throw away what the client still sends.
    pub fn lingering(&self) -> bool {
        matches!(self.phase, Phase::Lingering { .. })
    }

    /// Whether everything asked for is answered and taken by the kernel.
    pub fn answered(&self) -> bool {
        self.queue.is_empty() && self.unsent == 0
    }

    /// Whether the connection has nothing under way: no request being received, nothing to
    /// answer, nothing unsent. Such a connection can be closed at any time without loss.
    pub fn is_idle(&self) -> bool {
        self.phase == Phase::Open && self.head_started.is_none() && self.answered()
    }

    /// Bytes held for this connection: unsent responses and queued messages.
    pub fn buffered(&self) -> usize {
        self.unsent + (self.messages.len() - self.messages_start as usize)
    }

    /// Whether to stop reading: too much is waiting.
    fn over_limit(&self, config: &Config) -> bool {
        self.buffered() > config.max_buffered || self.queue.len() >= config.max_queued
    }

    /// Whether a paused connection has drained enough to read again (then call
    /// [`resume`](Self::resume)): to half of each limit, so that it does not flip between
    /// paused and reading on every response.
    pub fn can_resume(&self, config: &Config) -> bool {
        self.paused
            && self.phase == Phase::Open
            && self.buffered() <= config.max_buffered / 2
            && self.queue.len() <= config.max_queued / 2
    }
}
