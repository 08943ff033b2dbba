//! A connection's I/O, the completion way: what each completion means, then what to ask the
//! kernel for next (`settle`). Nothing here makes a system call: every request is an entry
//! written into the submission ring, handed over with everyone else's at the next
//! `io_uring_enter`.
//!
//! Per keep-alive request that is one receive and one send, two entries and two completions:
//! the receive completes with the request already copied into a pool buffer (no "readable,
//! now read" step), and the send with the response already handed to the kernel.

use std::io;
use std::os::fd::AsFd;
use std::time::{Duration, Instant};

use nonblocking::http::{self, BadRequest, BorrowedRequest, MAX_HEAD_BYTES, Parse};

use super::{Connection, Phase};
use crate::buffers::Taken;
use crate::entry;
use crate::server::Stats;
use crate::server::context::{Context, say};
use crate::server::token::{self, Op};
use crate::sys::{Cqe, ECANCELED, IORING_CQE_F_MORE, MSG_DONTWAIT, SHUT_WR, Sqe};
use delay_server::config::{Config, LINGER_BYTES};

/// `IORING_CQE_F_SOCK_NONEMPTY`: after a receive, the socket still had data.
const SOCK_NONEMPTY: u32 = 1 << 2;
/// `IORING_RECVSEND_POLL_FIRST` (`ioprio` of a receive): wait for data before trying, for a
/// socket known to be empty.
const POLL_FIRST: u16 = 1 << 0;
/// `EAGAIN`, `ENOBUFS`: a `MSG_DONTWAIT` receive found nothing; the buffer pool was empty.
const EAGAIN: i32 = raw_syscall::Errno::EAGAIN.raw();
const ENOBUFS: i32 = raw_syscall::Errno::ENOBUFS.raw();

/// Why a connection was closed: the same reasons as lesson 08's server.
pub use delay_server::Cause;

/// What parsing needs of the context: not the ring or the pool, so that it can run on bytes
/// still in a pool buffer.
struct Parsing<'a> {
    config: &'a Config,
    now: Instant,
    stats: &'a mut Stats,
    log: bool,
}

impl<'a> Parsing<'a> {
    fn of(config: &'a Config, now: Instant, stats: &'a mut Stats, log: bool) -> Parsing<'a> {
        Parsing {
            config,
            now,
            stats,
            log,
        }
    }
}

impl Connection {
    /// Handles one completion of this connection, then asks for what comes next. `Err` only
    /// if the ring refused an entry (the server cannot go on then).
    pub fn on_completion(&mut self, cx: &mut Context, op: Op, cqe: Cqe) -> io::Result<()> {
        if cqe.flags & IORING_CQE_F_MORE == 0 {
            self.ops.count -= 1;
        }
        match op {
            Op::Recv => {
                self.ops.recv = false;
                self.on_recv(cx, cqe);
            }
            // -ETIME: the receive it guarded was cancelled, and says so in its own completion;
            // `settle` then finds the deadline passed. -ECANCELED: the receive finished first.
            Op::RecvTimeout => {}
            Op::Send => {
                self.ops.send = false;
                self.on_send(cx, cqe);
            }
            // Fired or cancelled: either way `settle` looks at the clock.
            Op::Delay => self.ops.delay = None,
            Op::Deadline => self.ops.deadline = None,
            Op::Shutdown => {
                self.ops.shutdown = false;
                if cqe.res < 0 {
                    self.close(cx, Cause::Failed(io::Error::from_raw_os_error(-cqe.res)))?;
                }
            }
            Op::Close => {
                self.ops.close = false;
                self.fd = None; // (it was given to the kernel already)
            }
            Op::Cancel | Op::Accept | Op::AcceptRetry => {}
        }
        self.settle(cx)
    }

    /// A new connection's first requests: a receive, and the idle timer.
    pub fn start(&mut self, cx: &mut Context) -> io::Result<()> {
        self.settle(cx)
    }

    /// Carries on after a pause: the buffer pool has buffers again.
    pub fn on_buffers(&mut self, cx: &mut Context) -> io::Result<()> {
        self.starved = false;
        self.settle(cx)
    }

    /// A receive completed: bytes in a pool buffer, end of file, or an error.
    fn on_recv(&mut self, cx: &mut Context, cqe: Cqe) {
        self.more_waiting = cqe.flags & SOCK_NONEMPTY != 0;
        let received = usize::try_from(cqe.res).unwrap_or(0);
        // Whatever the result, a buffer the completion names is ours now, and goes back below.
        let taken = cx.pool.take(cqe.flags, received);
        match cqe.res {
            1.. => match &taken {
                Some(taken) => self.on_bytes(cx, taken),
                None => {
                    let error = io::Error::other("a receive completed without its buffer");
                    self.cause.get_or_insert(Cause::Failed(error));
                }
            },
            0 => self.end_of_file(cx),
            _ if -cqe.res == ENOBUFS => {
                self.starved = true;
                cx.starved.push(self.key);
            }
            // Its link timeout fired (`settle` finds the deadline passed), or we cancelled it.
            _ if -cqe.res == ECANCELED => {}
            // A `MSG_DONTWAIT` receive after our shutdown found nothing unread.
            _ if -cqe.res == EAGAIN => {
                if let Phase::Lingering {
                    must_wait: false,
                    discarded: 0,
                    ..
                } = self.phase
                {
                    self.cause.get_or_insert(Cause::Answered);
                }
            }
            error => {
                let error = io::Error::from_raw_os_error(-error);
                self.cause.get_or_insert(Cause::Failed(error));
            }
        }
        if let Some(taken) = taken {
            cx.pool.give_back(taken);
        }
    }

    /// Bytes received into a pool buffer.
    fn on_bytes(&mut self, cx: &mut Context, taken: &Taken) {
        self.last_activity = cx.now;
        if self.phase == Phase::Open {
            let bytes = cx.pool.bytes(taken);
            if self.more_waiting && self.input.len() + bytes.len() <= MAX_HEAD_BYTES {
                // More is waiting in the socket: take that too before judging what arrived (a
                // 20 KB head is "too large" before it is "garbage"), as lesson 08's one 64 KiB
                // read would; bounded by the largest head.
                self.input.extend_from_slice(bytes);
                self.head_started.get_or_insert(cx.now);
            } else {
                // Parsed where the kernel put it: no copy unless a part is left over.
                let mut parsing = Parsing::of(&cx.config, cx.now, &mut cx.stats, cx.log);
                self.received(&mut parsing, bytes);
            }
        } else if let Phase::Lingering { discarded, .. } = &mut self.phase {
            *discarded += cx.pool.bytes(taken).len();
            if *discarded > LINGER_BYTES {
                self.cause.get_or_insert(Cause::LingerOver);
            }
        }
        // (In any other phase reading had stopped: these bytes came with the last receive,
        // and are ignored.)
    }

    /// The client shut down its side.
    fn end_of_file(&mut self, cx: &mut Context) {
        match self.phase {
            Phase::Open => {
                self.peer_closed = true;
                self.take_input(cx);
            }
            Phase::Lingering { .. } => {
                self.cause.get_or_insert(Cause::BothClosed);
            }
            _ => {}
        }
    }

    /// Parses the bytes kept in `input` (put aside while more was arriving, or left while
    /// paused); then, if the client has closed its side and reading is not paused, judges
    /// what is left: nothing (the client is done) or half a request (a 400).
    fn take_input(&mut self, cx: &mut Context) {
        if self.paused || self.phase != Phase::Open {
            return;
        }
        if !self.input.is_empty() {
            let input = std::mem::take(&mut self.input);
            self.received(
                &mut Parsing::of(&cx.config, cx.now, &mut cx.stats, cx.log),
                &input,
            );
        }
        if self.peer_closed && self.phase == Phase::Open && !self.paused {
            self.head_started = None;
            if self.input.iter().any(|byte| !byte.is_ascii_whitespace()) {
                say!(cx, "connection {}: closed in mid-request: 400", self.id);
                cx.stats.errors += 1;
                self.queue_error(cx.now, BadRequest::EndedEarly);
            } else {
                self.phase = Phase::ReadClosed;
            }
            self.input = Vec::new();
        }
    }

    /// A send completed: some or all of `lent` has gone.
    fn on_send(&mut self, cx: &mut Context, cqe: Cqe) {
        match cqe.res {
            0 if self.sent < self.lent.len() => {
                let error = io::Error::from(io::ErrorKind::WriteZero);
                self.cause.get_or_insert(Cause::Failed(error));
            }
            0.. => {
                self.sent += cqe.res as usize;
                if cqe.res > 0 {
                    self.last_activity = cx.now;
                }
                if self.sent >= self.lent.len() {
                    self.lent.clear();
                    self.sent = 0;
                }
            }
            _ if -cqe.res == ECANCELED => {}
            error => {
                let error = io::Error::from_raw_os_error(-error);
                self.cause.get_or_insert(Cause::Failed(error));
            }
        }
    }

    /// Bytes received while open: parse every whole request; keep the rest.
    fn received(&mut self, cx: &mut Parsing<'_>, bytes: &[u8]) {
        let mut input = std::mem::take(&mut self.input);
        let (used, parsed_any) = if input.is_empty() {
            let (used, parsed_any) = self.parse_requests(cx, bytes);
            input.extend_from_slice(&bytes[used..]);
            (0, parsed_any)
        } else {
            input.extend_from_slice(bytes);
            self.parse_requests(cx, &input)
        };
        input.drain(..used);
        // The header timeout runs from the first byte of the head now being received.
        if parsed_any || input.is_empty() {
            self.head_started = (!input.is_empty()).then_some(cx.now);
        } else if self.head_started.is_none() {
            self.head_started = Some(cx.now);
        }
        if input.is_empty() {
            input = Vec::new(); // nothing kept: give the memory back
        }
        self.input = input;
    }

    /// Takes every whole request at the start of `bytes`; returns how many bytes that was,
    /// and whether there was any. Stops at an incomplete request, a bad one, one that closes
    /// the connection, or when the connection is over its limits (then it pauses).
    fn parse_requests(&mut self, cx: &mut Parsing<'_>, bytes: &[u8]) -> (usize, bool) {
        let mut used = 0;
        let mut parsed_any = false;
        while self.phase == Phase::Open {
            if self.over_limit(cx.config) {
                if !self.paused {
                    say!(
                        cx,
                        "connection {}: {} bytes and {} requests wait for the client: stopped \
                         receiving (backpressure)",
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
        (used, parsed_any)
    }

    /// A valid request: answered at once if it has no delay and nothing is ahead of it,
    /// else queued until its due time.
    fn take_request(&mut self, cx: &mut Parsing<'_>, request: BorrowedRequest<'_>) {
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
                format!("a TIMEOUT request for {} ms", request.delay_ms)
            }
        );
        if request.delay_ms == 0 && self.queue.is_empty() {
            http::write_ok_response(
                &mut self.pending,
                request.message.as_bytes(),
                request.keep_alive,
            );
            cx.stats.responses += 1;
        } else {
            let due = cx.now + Duration::from_millis(request.delay_ms);
            self.queue_ok(due, request.message.as_bytes(), request.keep_alive);
        }
        if !request.keep_alive {
            self.phase = Phase::Closing { linger: false }; // nothing after it is read
        }
    }

    /// After anything happened: answer what is due, check the deadlines, then make sure the
    /// kernel has every request this connection needs in flight: a send of what is owed, a
    /// receive while reading, a timer for the next due answer and for the idle deadline; or,
    /// once everything is answered, a shutdown or the close.
    fn settle(&mut self, cx: &mut Context) -> io::Result<()> {
        if let Some(cause) = self.cause.take() {
            return self.close(cx, cause);
        }
        if self.phase == Phase::Closed {
            return self.close_when_quiet(cx);
        }
        let now = cx.now;
        cx.stats.responses += self.take_due(now) as u64;
        if self.paused && self.phase == Phase::Open && self.may_resume(&cx.config) {
            self.paused = false;
            // What arrived while paused first, then the socket again.
            self.take_input(cx);
            cx.stats.responses += self.take_due(now) as u64;
        }
        if self.header_deadline(&cx.config).is_some_and(|at| at <= now) {
            say!(
                cx,
                "connection {}: no whole request head after {} ms: 408",
                self.id,
                cx.config.header_timeout.as_millis()
            );
            cx.stats.errors += 1;
            self.queue_error(now, BadRequest::TimedOut);
            cx.stats.responses += self.take_due(now) as u64;
        }
        if let Some((at, cause)) = self.idle_deadline(&cx.config)
            && at <= now
        {
            return self.close(cx, cause);
        }
        self.send_owed(cx)?;
        let answered = self.queue.is_empty() && self.pending.is_empty() && self.lent.is_empty();
        if answered && !self.ops.send {
            match self.phase {
                Phase::Closing { linger } if !self.ops.recv => self.shut_down(cx, linger)?,
                Phase::ReadClosed => return self.close(cx, Cause::ClientClosed),
                _ => {}
            }
        }
        self.receive(cx)?;
        self.arm_timers(cx)
    }

    /// Hands what is owed to a send, unless one is in flight (then it waits its turn).
    fn send_owed(&mut self, cx: &mut Context) -> io::Result<()> {
        if self.ops.send {
            return Ok(());
        }
        if self.lent.is_empty() && !self.pending.is_empty() {
            // The formatted responses become the send's; the old buffer is kept for the next.
            std::mem::swap(&mut self.lent, &mut self.pending);
            self.sent = 0;
        }
        if self.sent == self.lent.len() {
            return Ok(());
        }
        let Some(fd) = self.fd.as_ref() else {
            return Ok(());
        };
        let rest = &self.lent[self.sent..];
        say!(cx, "connection {}: SEND of {} bytes", self.id, rest.len());
        let len = u32::try_from(rest.len()).unwrap_or(u32::MAX);
        let send = entry::send(
            fd.as_fd(),
            rest.as_ptr(),
            len,
            token::encode(self.key, Op::Send),
        );
        self.push(cx, &send, None)?;
        self.ops.send = true;
        Ok(())
    }

    /// Everything is answered and the connection is closing: shut down our side, and look
    /// (without waiting) for bytes the client sent that we have not read.
    fn shut_down(&mut self, cx: &mut Context, linger: bool) -> io::Result<()> {
        let Some(fd) = self.fd.as_ref() else {
            return Ok(());
        };
        let fd = fd.as_fd();
        let shutdown = entry::shutdown(fd, SHUT_WR, token::encode(self.key, Op::Shutdown));
        // Closing with unread bytes would make the kernel send a reset, which can destroy the
        // answer before the client reads it. So after the shutdown (linked: only once it is
        // done) one receive that does not wait: if it finds nothing and no linger is needed,
        // the connection closes at once; otherwise it lingers until the client closes.
        let look = entry::recv_select(
            fd,
            cx.pool.group(),
            cx.pool.buffer_size(),
            MSG_DONTWAIT,
            token::encode(self.key, Op::Recv),
        );
        cx.ring.reserve(2)?;
        self.push(cx, &entry::linked(shutdown), None)?;
        self.push(cx, &look, None)?;
        self.ops.shutdown = true;
        self.ops.recv = true;
        self.phase = Phase::Lingering {
            until: cx.now + cx.config.linger,
            discarded: 0,
            must_wait: linger,
        };
        Ok(())
    }

    /// A receive, if the connection is reading and has none in flight; with a link timeout
    /// if a deadline rides on it (a request head under way, or lingering).
    fn receive(&mut self, cx: &mut Context) -> io::Result<()> {
        if self.ops.recv || self.ops.shutdown || self.starved {
            return Ok(());
        }
        let deadline = match self.phase {
            Phase::Open if !self.paused && !self.peer_closed => self.header_deadline(&cx.config),
            Phase::Lingering { until, .. } => {
                if until <= cx.now {
                    return self.close(cx, Cause::LingerOver);
                }
                Some(until)
            }
            _ => return Ok(()),
        };
        let Some(fd) = self.fd.as_ref() else {
            return Ok(());
        };
        let mut recv = entry::recv_select(
            fd.as_fd(),
            cx.pool.group(),
            cx.pool.buffer_size(),
            0,
            token::encode(self.key, Op::Recv),
        );
        if !self.more_waiting {
            // The last receive drained the socket: skip the attempt that would find it empty,
            // and go straight to waiting for data.
            recv.ioprio |= POLL_FIRST;
        }
        match deadline {
            Some(at) => {
                let timer = entry::link_timeout(token::encode(self.key, Op::RecvTimeout));
                cx.ring.reserve(2)?;
                self.push(cx, &entry::linked(recv), None)?;
                self.push(cx, &timer, Some(at.saturating_duration_since(cx.now)))?;
            }
            None => self.push(cx, &recv, None)?,
        }
        self.ops.recv = true;
        Ok(())
    }

    /// A timer for the next due answer and one for the idle deadline, if they are needed and
    /// not already set. A timer that turns out not to be needed when it fires does nothing.
    fn arm_timers(&mut self, cx: &mut Context) -> io::Result<()> {
        if self.ops.delay.is_none()
            && let Some(due) = self.next_due(cx.now)
        {
            let timer = entry::timeout(token::encode(self.key, Op::Delay));
            self.push(cx, &timer, Some(due - cx.now))?;
            self.ops.delay = Some(due);
        }
        if self.ops.deadline.is_none()
            && let Some((at, _)) = self.idle_deadline(&cx.config)
        {
            let timer = entry::timeout(token::encode(self.key, Op::Deadline));
            self.push(cx, &timer, Some(at.saturating_duration_since(cx.now)))?;
            self.ops.deadline = Some(at);
        }
        Ok(())
    }

    /// Closes the connection: cancels its requests in flight; once every one has come back,
    /// `close_when_quiet` closes the descriptor.
    pub fn close(&mut self, cx: &mut Context, cause: Cause) -> io::Result<()> {
        if self.phase == Phase::Closed {
            return self.close_when_quiet(cx);
        }
        say!(cx, "connection {} closing: {cause}", self.id);
        self.phase = Phase::Closed;
        let armed = [
            (self.ops.recv, Op::Recv),
            (self.ops.send, Op::Send),
            (self.ops.delay.is_some(), Op::Delay),
            (self.ops.deadline.is_some(), Op::Deadline),
        ];
        for (_, op) in armed.into_iter().filter(|(armed, _)| *armed) {
            let target = token::encode(self.key, op);
            let cancel = entry::cancel(target, token::encode(self.key, Op::Cancel));
            self.push(cx, &cancel, None)?;
        }
        self.close_when_quiet(cx)
    }

    /// Closes the descriptor by a `close` request once no other request of the connection is
    /// in flight: every request that names the descriptor has then been issued and finished,
    /// so the number cannot be closed under one of them and reused by another socket.
    fn close_when_quiet(&mut self, cx: &mut Context) -> io::Result<()> {
        if self.ops.count > 0 {
            return Ok(());
        }
        let Some(fd) = self.fd.take() else {
            return Ok(());
        };
        // The descriptor goes to the kernel with the request: it is closed when the request
        // runs, so it is no longer ours to close (or to drop) from here on.
        let close = entry::close(fd, token::encode(self.key, Op::Close));
        self.push(cx, &close, None)?;
        self.ops.close = true;
        Ok(())
    }

    /// Pushes one of this connection's entries (with its timer's duration, for a timeout),
    /// and counts it in flight.
    fn push(&mut self, cx: &mut Context, entry: &Sqe, timeout: Option<Duration>) -> io::Result<()> {
        // SAFETY: what a connection's entries name stays valid until their completions:
        // - the descriptor: `self.fd` owns it until `close_when_quiet` gives it to a close
        //   request, which it does only when no other request of this connection is in flight;
        //   a connection is dropped only once its close has completed (`is_finished`);
        // - a send's bytes: `self.lent[self.sent..]`, which nothing changes while `ops.send` is
        //   set (new responses go to `pending`), and whose heap memory does not move when the
        //   connection moves within the table;
        // - a receive's buffer: the kernel picks it from `cx.pool`, registered for the life of
        //   the server, and hands it over with the completion;
        // - a timer's timespec: the ring's own, kept until the kernel has read it;
        // - a cancel: only a `user_data` of this connection.
        unsafe {
            match timeout {
                Some(after) => cx.ring.push_timeout(entry, after)?,
                None => cx.ring.push(entry)?,
            }
        }
        self.ops.count += 1;
        Ok(())
    }
}
