//! One connection's state: what it has received, what it owes, and which of its requests are
//! in the kernel. What happens when one of those requests completes is in `connection/io.rs`.
//!
//! The protocol rules are lesson 08's, so that the two servers pass the same tests: requests
//! are answered in order (pipelining), each after its delay; at most `max_buffered` bytes and
//! `max_queued` requests are held per connection, beyond which reading stops; a request head
//! must arrive within `header_timeout`; an idle connection closes after `idle_timeout`; after
//! an error, the server lingers to read what the client still sends before it closes.

use std::collections::VecDeque;
use std::os::fd::OwnedFd;
use std::time::Instant;

use delay_server::config::Config;
use nonblocking::http::{self, BadRequest};

use super::token::Key;

mod io;
pub use io::Cause;

/// Where a connection is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// Reading requests and answering them.
    Open,
    /// The client shut down its side: answer what it asked for, then close.
    ReadClosed,
    /// A response that ends the connection is queued: read nothing more, send what is owed,
    /// then shut down our side (and linger, after an error).
    Closing {
        /// Whether to wait for the client's end of file even if it has sent nothing more.
        linger: bool,
    },
    /// Our side is shut down: reading and discarding until the client closes too, or `until`.
    Lingering {
        /// When to stop waiting for the client.
        until: Instant,
        /// Bytes thrown away so far.
        discarded: usize,
        /// Whether to wait for the client's end of file even if it sent nothing more (after
        /// an error: it may still be sending what we stopped reading).
        must_wait: bool,
    },
    /// Closing: its requests are being cancelled; when none is left, the descriptor is closed.
    Closed,
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

/// Which of a connection's requests are in the kernel. Each is counted in `count` until its
/// last completion arrives; the connection (and its slot) can go only when `count` is 0.
#[derive(Debug, Default)]
pub struct InFlight {
    /// Every request in flight, of any kind.
    pub count: u32,
    /// A receive (with or without its link timeout).
    pub recv: bool,
    /// A send of `Connection::lent`.
    pub send: bool,
    /// The delay timer, and the due time it was set for.
    pub delay: Option<Instant>,
    /// The idle/stalled deadline timer, and when it fires.
    pub deadline: Option<Instant>,
    /// `shutdown` and the receive linked after it.
    pub shutdown: bool,
    /// The final `close`.
    pub close: bool,
}

/// One client connection.
pub struct Connection {
    /// Its place in the table, which every one of its `user_data` carries.
    pub key: Key,
    /// Its number, counting from 1 since the server started (for the log).
    pub id: u64,
    /// The socket, until the `close` request takes it.
    pub fd: Option<OwnedFd>,
    /// Where it is in its life.
    pub phase: Phase,
    /// Its requests in the kernel.
    pub ops: InFlight,
    /// Why it is closing, once it is.
    pub cause: Option<Cause>,
    /// Bytes received and not yet parsed: part of a request head, or whole requests left
    /// while reading is paused. Empty, with no allocation, almost always.
    input: Vec<u8>,
    /// Requests not answered yet, oldest first, and their decoded messages back to back.
    queue: VecDeque<Queued>,
    messages: Vec<u8>,
    messages_start: usize,
    /// Responses formatted and not yet handed to a send.
    pending: Vec<u8>,
    /// The bytes the send in flight is sending: the kernel reads them until it completes, so
    /// nothing here touches them meanwhile. `sent` of them have gone already (a stream send
    /// may take only part: the rest goes in the next send).
    lent: Vec<u8>,
    sent: usize,
    /// When the first byte of the request head now being received arrived.
    head_started: Option<Instant>,
    /// When the client last sent us bytes or took some of ours.
    last_activity: Instant,
    /// Reading stopped because too much is waiting to be sent (backpressure).
    paused: bool,
    /// The last receive found the buffer pool empty: receive again once buffers come back.
    pub starved: bool,
    /// The last receive said the socket had more data (`IORING_CQE_F_SOCK_NONEMPTY`).
    more_waiting: bool,
    /// A receive found the client's end of file (kept across a pause: the bytes before it
    /// are answered first).
    peer_closed: bool,
}

impl Connection {
    /// A new connection on socket `fd`.
    pub fn new(key: Key, id: u64, fd: OwnedFd, now: Instant) -> Connection {
        Connection {
            key,
            id,
            fd: Some(fd),
            phase: Phase::Open,
            ops: InFlight::default(),
            cause: None,
            input: Vec::new(),
            queue: VecDeque::new(),
            messages: Vec::new(),
            messages_start: 0,
            pending: Vec::new(),
            lent: Vec::new(),
            sent: 0,
            head_started: None,
            last_activity: now,
            paused: false,
            starved: false,
            more_waiting: false,
            peer_closed: false,
        }
    }

    /// Whether the connection is gone from the kernel's point of view: closed, and no request
    /// of it left in flight. Its slot can be reused.
    pub fn is_finished(&self) -> bool {
        self.phase == Phase::Closed && self.ops.count == 0 && self.fd.is_none()
    }

    /// Bytes held for this connection: formatted output, the part of the send in flight not
    /// yet sent, and queued messages.
    fn buffered(&self) -> usize {
        self.pending.len()
            + (self.lent.len() - self.sent)
            + (self.messages.len() - self.messages_start)
    }

    /// Whether to stop reading: too much is waiting.
    fn over_limit(&self, config: &Config) -> bool {
        self.buffered() > config.max_buffered || self.queue.len() >= config.max_queued
    }

    /// Whether a paused connection has drained enough to read again: to half of each limit,
    /// so that it does not flip between paused and reading on every response.
    fn may_resume(&self, config: &Config) -> bool {
        self.buffered() <= config.max_buffered / 2 && self.queue.len() <= config.max_queued / 2
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

    /// Queues an error response, due at once (but after every earlier answer), and stops
    /// reading: after a bad request nobody can tell where the next one would start.
    fn queue_error(&mut self, now: Instant, bad: BadRequest) {
        self.queue.push_back(Queued {
            due: now,
            reply: Reply::Error(bad),
        });
        self.phase = Phase::Closing { linger: true };
        self.input = Vec::new();
        self.head_started = None;
    }

    /// Formats every response that is due, front first, into `pending`. Returns how many.
    fn take_due(&mut self, now: Instant) -> usize {
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
                    http::write_ok_response(
                        &mut self.pending,
                        &self.messages[start..end],
                        keep_alive,
                    );
                    self.messages_start = end;
                }
                Reply::Error(bad) => http::write_error_response(&mut self.pending, bad),
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

    /// When the request at the front of the queue is due, if it is not yet.
    fn next_due(&self, now: Instant) -> Option<Instant> {
        self.queue
            .front()
            .map(|front| front.due)
            .filter(|due| *due > now)
    }

    /// The idle or stalled deadline, if one applies now (lesson 08's rules): a connection
    /// with output the client does not take (stalled), or one with nothing under way (idle),
    /// is closed `idle_timeout` after the client last did anything.
    fn idle_deadline(&self, config: &Config) -> Option<(Instant, Cause)> {
        let at = self.last_activity + config.idle_timeout;
        if self.ops.send {
            return Some((at, Cause::Stalled));
        }
        let idle = self.phase == Phase::Open
            && !self.paused
            && self.head_started.is_none()
            && self.queue.is_empty()
            && self.pending.is_empty();
        idle.then_some((at, Cause::Idle))
    }

    /// The header deadline, if a request head is under way.
    fn header_deadline(&self, config: &Config) -> Option<Instant> {
        let reading = self.phase == Phase::Open && !self.paused;
        self.head_started
            .filter(|_| reading)
            .map(|started| started + config.header_timeout)
    }
}
