//! What a connection asks the kernel for next (`settle`): a send of what the core has
//! answered, a receive while it reads, timers for its deadlines; once everything is answered,
//! a shutdown or the close. Every request is an entry written into the submission ring,
//! handed over with everyone else's at the next `io_uring_enter`.

use std::io;
use std::os::fd::AsFd;
use std::time::Instant;

use super::Connection;
use crate::entry;
use crate::server::context::Context;
use crate::server::token::{self, Op};
use crate::sys::{IORING_RECVSEND_POLL_FIRST, MSG_DONTWAIT, SHUT_WR, Sqe};
use delay_server::Cause;
use delay_server::protocol::{Expiry, Phase};
use delay_server::say;

impl Connection {
    /// After anything happened: have the core answer what is due and act on its deadlines,
    /// then make sure the kernel has every request this connection needs in flight.
    pub(super) fn settle(&mut self, cx: &mut Context) -> io::Result<()> {
        if let Some(cause) = self.cause.take() {
            return self.close(cx, cause);
        }
        if self.closed {
            return self.close_when_quiet(cx);
        }
        if self.pending.capacity() == 0 {
            self.pending = cx.spare.take();
        }
        let (env, session) = (&mut cx.env, &mut self.session);
        session.take_due(env, &mut self.pending);
        if session.can_resume(&env.config) {
            // What arrived while paused first, then the socket again.
            session.resume(env, &mut self.pending);
        }
        if let Err(cause) = session.expire(env) {
            return self.close(cx, cause);
        }
        session.take_due(env, &mut self.pending);
        self.send_owed(cx)?;
        if self.pending.is_empty() {
            // Nothing more to send for now: the buffer goes back for another connection.
            cx.spare.give_back(std::mem::take(&mut self.pending));
        }
        if self.session.answered() && !self.ops.send {
            match self.session.phase() {
                Phase::Closing { .. } if !self.ops.recv => self.shut_down(cx)?,
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
            // The formatted responses become the send's (the empty `lent` has no memory: it
            // went back to the spares when its send finished).
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
        say!(
            cx.env,
            "connection {}: SEND of {} bytes",
            self.session.id(),
            rest.len()
        );
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
    fn shut_down(&mut self, cx: &mut Context) -> io::Result<()> {
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
        self.session.start_linger(&cx.env);
        Ok(())
    }

    /// A receive, if the connection is reading (or lingering) and has none in flight; with a
    /// link timeout if a deadline rides on it (a request head under way, or the linger).
    fn receive(&mut self, cx: &mut Context) -> io::Result<()> {
        if self.ops.recv || self.ops.shutdown || self.starved {
            return Ok(());
        }
        let deadline = if self.session.reading() {
            self.session.header_deadline(&cx.env.config)
        } else if let Some((until, Expiry::Linger)) = self.session.deadline(&cx.env.config) {
            Some(until)
        } else {
            return Ok(());
        };
        let Some(fd) = self.fd.as_ref() else {
            return Ok(());
        };
        let pool = (cx.pool.group(), cx.pool.buffer_size());
        let user_data = token::encode(self.key, Op::Recv);
        let mut recv = entry::recv_select(fd.as_fd(), pool.0, pool.1, 0, user_data);
        if !self.more_waiting {
            // The last receive drained the socket: skip the attempt that would find it empty,
            // and go straight to waiting for data.
            recv.ioprio |= IORING_RECVSEND_POLL_FIRST;
        }
        match deadline {
            Some(at) => {
                let timer = entry::link_timeout(token::encode(self.key, Op::RecvTimeout));
                cx.ring.reserve(2)?;
                self.push(cx, &entry::linked(recv), None)?;
                self.push(cx, &timer, Some(at))?;
            }
            None => self.push(cx, &recv, None)?,
        }
        self.ops.recv = true;
        Ok(())
    }

    /// A timer for the next due answer and one for the idle (or stalled) deadline, if they
    /// are needed and not already set. A timer that turns out not to be needed when it fires
    /// does nothing.
    fn arm_timers(&mut self, cx: &mut Context) -> io::Result<()> {
        let now = cx.env.now;
        if !self.ops.delay
            && let Some(due) = self.session.next_due().filter(|due| *due > now)
        {
            let timer = entry::timeout(token::encode(self.key, Op::Delay));
            self.push(cx, &timer, Some(due))?;
            self.ops.delay = true;
        }
        if !self.ops.deadline
            && let Some((at, Expiry::Idle | Expiry::Stalled)) =
                self.session.deadline(&cx.env.config)
        {
            let timer = entry::timeout(token::encode(self.key, Op::Deadline));
            self.push(cx, &timer, Some(at))?;
            self.ops.deadline = true;
        }
        Ok(())
    }

    /// Closes the connection: cancels its requests in flight; once every one has come back,
    /// `close_when_quiet` closes the descriptor.
    pub fn close(&mut self, cx: &mut Context, cause: Cause) -> io::Result<()> {
        if self.closed {
            return self.close_when_quiet(cx);
        }
        say!(cx.env, "connection {} closing: {cause}", self.session.id());
        self.closed = true;
        let armed = [
            (self.ops.recv, Op::Recv),
            (self.ops.send, Op::Send),
            (self.ops.delay, Op::Delay),
            (self.ops.deadline, Op::Deadline),
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

    /// Pushes one of this connection's entries (with the time it fires, for a timer), and
    /// counts it in flight. Timers are absolute: a delay measured from the loop's clock ends
    /// when it says, however many entries the kernel takes before this one.
    fn push(&mut self, cx: &mut Context, entry: &Sqe, timeout: Option<Instant>) -> io::Result<()> {
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
                Some(at) => cx.ring.push_timeout_at(entry, at)?,
                None => cx.ring.push(entry)?,
            }
        }
        self.ops.count += 1;
        Ok(())
    }
}
