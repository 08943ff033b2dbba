//! One connection's state: what it has received, what it owes, and what the kernel has not
//! taken yet. The I/O that changes it is in `connection/io.rs`.
//!
//! A connection answers its requests *in order*, as HTTP/1.1 requires of pipelined requests:
//! `GET /3000/a` then `GET /0/b` on one connection are answered `a` after 3 s, then `b` at
//! once after it. So every request that cannot be answered right away waits in a queue with
//! its due time, and only the front of the queue matters: when it is due, it and every due
//! request behind it are formatted into one buffer and sent with one `write`.

use std::collections::VecDeque;
use std::time::Instant;

use event_queue::Interest;
use nonblocking::TcpStream;
use nonblocking::http::{self, BadRequest};

use crate::config::Config;
use crate::slab::Key;
use crate::timers::Timers;

mod io;
mod read;
mod write;
pub use io::Cause;

/// Where a connection is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// Reading requests and answering them.
    Open,
    /// The client shut down its sending side (end of file): answer what it asked for, then
    /// close.
    ReadClosed,
    /// A response that ends the connection is queued (`Connection: close`, or an error):
    /// read nothing more, send what is owed, then close.
    Closing {
        /// Whether to linger after the last answer: after an error response, the client may
        /// well be sending still (we stopped reading in the middle of its bytes).
        linger: bool,
    },
    /// Everything is sent and our side is shut down: reading and discarding what the client
    /// still sends until it closes too, or `until`.
    Lingering {
        /// When to stop waiting for the client.
        until: Instant,
        /// Bytes thrown away so far.
        discarded: usize,
    },
}

/// What a queued request will be answered with.
#[derive(Clone, Copy, Debug)]
enum Reply {
    /// `200 OK`; the message is the next `len` bytes of `Connection::messages`.
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

/// One client connection.
pub struct Connection {
    /// The socket, non-blocking.
    pub stream: TcpStream,
    /// Where it lives in the server's table, which is also its token and its timers' name.
    pub key: Key,
    /// Its number, counting from 1 since the server started (for the log).
    pub id: u64,
    /// Where it is in its life.
    pub phase: Phase,
    /// Bytes received and not yet parsed: part of a request head cut by the network, or whole
    /// requests left while reading is paused. Empty, with no allocation, almost always.
    input: Vec<u8>,
    /// Response bytes the kernel did not take (its send buffer was full). Empty almost always.
    output: Vec<u8>,
    /// Requests not answered yet, oldest first.
    queue: VecDeque<Queued>,
    /// The decoded messages of the queued requests, back to back, from `messages_start`.
    messages: Vec<u8>,
    messages_start: usize,
    /// When the first byte of the request head now being received arrived.
    head_started: Option<Instant>,
    /// When the client last sent us bytes or took some of ours.
    last_activity: Instant,
    /// Reading stopped because too much is waiting to be sent (backpressure).
    paused: bool,
    /// An event said the client shut down its side: the end of file is there to be read,
    /// after whatever came before it.
    peer_closed: bool,
    /// What the connection is registered for in the queue (`None`: not registered).
    pub registered: Option<Interest>,
    /// The earliest timer this connection has pending for its queue's front, and for its
    /// deadline (see [`arm_timers`](Self::arm_timers)).
    due_timer: Option<Instant>,
    deadline_timer: Option<Instant>,
}

impl Connection {
    /// A new connection, registered for `registered`.
    pub fn new(
        stream: TcpStream,
        key: Key,
        id: u64,
        now: Instant,
        registered: Interest,
    ) -> Connection {
        Connection {
            stream,
            key,
            id,
            phase: Phase::Open,
            input: Vec::new(),
            output: Vec::new(),
            queue: VecDeque::new(),
            messages: Vec::new(),
            messages_start: 0,
            head_started: None,
            last_activity: now,
            paused: false,
            peer_closed: false,
            registered: Some(registered),
            due_timer: None,
            deadline_timer: None,
        }
    }

    /// Whether the connection has nothing under way: no request being received, nothing to
    /// answer, nothing unsent. Such a connection can be closed at any time without loss.
    pub fn is_idle(&self) -> bool {
        self.phase == Phase::Open
            && self.head_started.is_none()
            && self.queue.is_empty()
            && self.output.is_empty()
    }

    /// Bytes held for this connection: unsent output (plus `batch`, the responses formatted
    /// for it in this turn and not yet written) and queued messages.
    fn buffered(&self, batch: usize) -> usize {
        self.output.len() + batch + (self.messages.len() - self.messages_start)
    }

    /// Whether to stop reading: too much is waiting.
    fn over_limit(&self, config: &Config, batch: usize) -> bool {
        self.buffered(batch) > config.max_buffered || self.queue.len() >= config.max_queued
    }

    /// Whether a paused connection has drained enough to read again: to half of each limit,
    /// so that it does not flip between paused and reading on every response.
    fn may_resume(&self, config: &Config) -> bool {
        self.buffered(0) <= config.max_buffered / 2 && self.queue.len() <= config.max_queued / 2
    }

    /// Queues a `200 OK` with `message`, due at `due`.
    fn queue_ok(&mut self, due: Instant, message: &[u8], keep_alive: bool) {
        self.messages.extend_from_slice(message);
        // A message fits in a request head, which is at most 8 KiB.
        let len = message.len() as u32;
        self.queue.push_back(Queued {
            due,
            reply: Reply::Ok { len, keep_alive },
        });
    }

    /// Queues an error response, due at once (but still after every earlier answer), and
    /// stops reading: after a bad request nobody can tell where the next one would start.
    fn queue_error(&mut self, now: Instant, bad: BadRequest) {
        self.queue.push_back(Queued {
            due: now,
            reply: Reply::Error(bad),
        });
        self.phase = Phase::Closing { linger: true };
    }

    /// Formats every response that is due, front first, after the earlier output: into
    /// `batch` (this turn's shared write buffer), or behind the stuck output if there is some.
    /// Returns how many.
    fn take_due(&mut self, now: Instant, batch: &mut Vec<u8>) -> usize {
        let out = if self.output.is_empty() {
            batch
        } else {
            &mut self.output
        };
        let mut count = 0;
        while let Some(front) = self.queue.front().copied() {
            if front.due > now {
                break;
            }
            self.queue.pop_front();
            count += 1;
            match front.reply {
                Reply::Ok { len, keep_alive } => {
                    let start = self.messages_start;
                    let end = start + len as usize;
                    http::write_ok_response(out, &self.messages[start..end], keep_alive);
                    self.messages_start = end;
                }
                Reply::Error(bad) => http::write_error_response(out, bad),
            }
        }
        if self.queue.is_empty() {
            // Nothing queued: forget the messages, keeping the memory unless a long burst of
            // pipelined requests made it large.
            self.messages.clear();
            self.messages_start = 0;
            if self.messages.capacity() > 4096 {
                self.messages = Vec::new();
                self.queue = VecDeque::new();
            }
        }
        count
    }

    /// The next deadline, and what it is for.
    pub fn deadline(&self, config: &Config) -> Option<(Instant, Expiry)> {
        if let Phase::Lingering { until, .. } = self.phase {
            return Some((until, Expiry::Linger));
        }
        if !self.output.is_empty() {
            return Some((self.last_activity + config.idle_timeout, Expiry::Stalled));
        }
        match (self.phase, self.paused, self.head_started) {
            (Phase::Open, false, Some(started)) => {
                Some((started + config.header_timeout, Expiry::Header))
            }
            (Phase::Open, false, None) if self.queue.is_empty() => {
                Some((self.last_activity + config.idle_timeout, Expiry::Idle))
            }
            _ => None,
        }
    }

    /// What the connection needs to hear about: readable while it reads (or lingers),
    /// writable while output is stuck; `None` when neither (it waits for its own timers).
    ///
    /// Interest changes cost an `epoll_ctl` each, but happen only when a write is partial or a
    /// client misbehaves; a keep-alive connection stays registered for `READABLE` alone its
    /// whole life. Asking for `WRITABLE` all the time (as tokio does over epoll) would save
    /// those calls, but on a backend where "edge" behaves as "level" (lesson 06's IOCP) an
    /// always-writable socket would be reported on every poll.
    pub fn wanted_interest(&self) -> Option<Interest> {
        let read = match self.phase {
            Phase::Open => !self.paused,
            Phase::Lingering { .. } => true,
            Phase::ReadClosed | Phase::Closing { .. } => false,
        };
        match (read, !self.output.is_empty()) {
            (true, true) => Some(Interest::READABLE | Interest::WRITABLE),
            (true, false) => Some(Interest::READABLE),
            (false, true) => Some(Interest::WRITABLE),
            (false, false) => None,
        }
    }

    /// Makes sure a timer is pending for the queue's front and for the deadline.
    ///
    /// A timer is pushed only if it is *earlier* than the one already pending; a later one
    /// waits until the pending one fires, which then finds the deadline moved and pushes the
    /// new one. So a busy keep-alive connection, whose idle deadline moves with every request,
    /// pushes one timer per `idle_timeout`, not one per request.
    pub fn arm_timers(&mut self, config: &Config, timers: &mut Timers) {
        if let Some(front) = self.queue.front()
            && self.due_timer.is_none_or(|at| at > front.due)
        {
            timers.push(front.due, self.key);
            self.due_timer = Some(front.due);
        }
        if let Some((deadline, _)) = self.deadline(config)
            && self.deadline_timer.is_none_or(|at| at > deadline)
        {
            timers.push(deadline, self.key);
            self.deadline_timer = Some(deadline);
        }
    }

    /// Notes that the timer for `at` fired; returns whether it was one this connection was
    /// waiting for (else it is stale and there is nothing to do).
    fn timer_fired(&mut self, at: Instant) -> bool {
        let mut ours = false;
        if self.due_timer == Some(at) {
            self.due_timer = None;
            ours = true;
        }
        if self.deadline_timer == Some(at) {
            self.deadline_timer = None;
            ours = true;
        }
        ours
    }
}
