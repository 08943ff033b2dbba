//! A connection's completions: what each one means, handed to the protocol core; then
//! `settle` (in `submit.rs`) asks the kernel for what comes next. Nothing here makes a system
//! call.
//!
//! Per keep-alive request that is one receive and one send, two entries and two completions:
//! the receive completes with the request already copied into a pool buffer (no "readable,
//! now read" step), and the send with the response already handed to the kernel.

use std::io;

use super::Connection;
use crate::buffers::Taken;
use crate::server::context::Context;
use crate::server::token::Op;
use crate::sys::{Cqe, ECANCELED, IORING_CQE_F_MORE, IORING_CQE_F_SOCK_NONEMPTY};
use delay_server::Cause;

/// `EAGAIN`, `ENOBUFS`: a `MSG_DONTWAIT` receive found nothing; the buffer pool was empty.
const EAGAIN: i32 = raw_syscall::Errno::EAGAIN.raw();
const ENOBUFS: i32 = raw_syscall::Errno::ENOBUFS.raw();

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
            Op::Delay => self.ops.delay = false,
            Op::Deadline => self.ops.deadline = false,
            Op::Shutdown => {
                self.ops.shutdown = false;
                if cqe.res < 0 {
                    self.fail(io::Error::from_raw_os_error(-cqe.res));
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

    /// Notes why the connection must close (the first reason wins); `settle` closes it.
    fn fail(&mut self, error: io::Error) {
        self.cause.get_or_insert(Cause::Failed(error));
    }

    /// A receive completed: bytes in a pool buffer, end of file, or an error.
    fn on_recv(&mut self, cx: &mut Context, cqe: Cqe) {
        self.more_waiting = cqe.flags & IORING_CQE_F_SOCK_NONEMPTY != 0;
        let received = usize::try_from(cqe.res).unwrap_or(0);
        // Whatever the result, a buffer the completion names is ours now, and goes back below.
        let taken = cx.pool.take(cqe.flags, received);
        let result = match cqe.res {
            1.. => match &taken {
                Some(taken) => self.on_bytes(cx, taken),
                None => Err(Cause::Failed(io::Error::other(
                    "a receive completed without its buffer",
                ))),
            },
            0 => self.session.end_of_file(&mut cx.env, &mut self.pending),
            _ if -cqe.res == ENOBUFS => {
                self.starved = true;
                cx.starved.push(self.key);
                Ok(())
            }
            // Its link timeout fired (`settle` finds the deadline passed), or we cancelled it.
            _ if -cqe.res == ECANCELED => Ok(()),
            // A `MSG_DONTWAIT` receive after our shutdown found nothing unread: close now,
            // unless the client may still be sending.
            _ if -cqe.res == EAGAIN && self.session.may_close_now() => Err(Cause::Answered),
            _ if -cqe.res == EAGAIN => Ok(()),
            error => Err(Cause::Failed(io::Error::from_raw_os_error(-error))),
        };
        if let Err(cause) = result {
            self.cause.get_or_insert(cause);
        }
        if let Some(taken) = taken {
            cx.pool.give_back(taken);
        }
    }

    /// Bytes received into a pool buffer: to the core, parsed where the kernel put them (no
    /// copy unless a part is left over). If more is waiting in the socket, they are held to be
    /// parsed with it instead, as lesson 08's one 64 KiB read would take them together.
    fn on_bytes(&mut self, cx: &mut Context, taken: &Taken) -> Result<(), Cause> {
        let bytes = cx.pool.bytes(taken);
        if self.more_waiting && self.session.hold(cx.env.now, bytes) {
            return Ok(());
        }
        self.session.receive(&mut cx.env, &mut self.pending, bytes)
    }

    /// A send completed: some or all of `lent` has gone.
    fn on_send(&mut self, cx: &mut Context, cqe: Cqe) {
        match cqe.res {
            0 if self.sent < self.lent.len() => self.fail(io::ErrorKind::WriteZero.into()),
            0.. => {
                let count = cqe.res as usize;
                self.session.sent(cx.env.now, count);
                self.sent += count;
                if self.sent >= self.lent.len() {
                    // All gone, and the kernel reads it no more: back to the spares.
                    cx.spare.give_back(std::mem::take(&mut self.lent));
                    self.sent = 0;
                }
            }
            _ if -cqe.res == ECANCELED => {}
            error => self.fail(io::Error::from_raw_os_error(-error)),
        }
    }
}
