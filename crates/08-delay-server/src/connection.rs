//! One connection's socket and its readiness: what the queue should watch for it and when its
//! timers should wake it. What it says to the client is the protocol core's ([`Session`]); the
//! I/O that feeds the core is in `connection/io.rs` (events), `read.rs` and `write.rs`.

use std::time::Instant;

use event_queue::Interest;
use nonblocking::TcpStream;

use crate::config::Config;
use crate::protocol::Session;
use crate::slab::Key;
use crate::timers::Timers;

mod io;
mod read;
mod write;

/// One client connection.
pub struct Connection {
    /// The socket, non-blocking.
    pub stream: TcpStream,
    /// Where it lives in the server's table, which is also its token and its timers' name.
    pub key: Key,
    /// The conversation: requests in, responses and deadlines out.
    pub session: Session,
    /// Response bytes the kernel did not take (its send buffer was full). Empty almost always.
    output: Vec<u8>,
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
    /// A new connection, number `id`, registered for `registered`.
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
            session: Session::new(id, now),
            output: Vec::new(),
            peer_closed: false,
            registered: Some(registered),
            due_timer: None,
            deadline_timer: None,
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
        let read = self.session.reading() || self.session.lingering();
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
        if let Some(due) = self.session.next_due()
            && self.due_timer.is_none_or(|at| at > due)
        {
            timers.push(due, self.key);
            self.due_timer = Some(due);
        }
        if let Some((deadline, _)) = self.session.deadline(config)
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
