//! One connection, as one `async fn`: wait for whatever the protocol core needs next (bytes
//! to read, room to write, a deadline), then feed it what happened, until it says "close".
//!
//! The core is lesson 08's `Session`, unchanged; so are the rules around it (read until
//! drained, one write per batch of answers, the shutdown and linger that end a connection,
//! the pause for backpressure), written here a second time because lesson 08's are welded
//! to its event loop. What is gone is the bookkeeping of the loop: no token, no slab entry,
//! no interest to keep in step, no timer to arm by hand. The wait is three futures raced in
//! one `poll_fn`: readable, writable, the next deadline; the two that lose are dropped, and
//! take back their wakers as they go.

use std::future::{Future, poll_fn};
use std::io;
use std::net::Shutdown;
use std::pin::{Pin, pin};
use std::rc::Rc;
use std::task::Poll;
use std::time::Instant;

use async_runtime::{Sleep, TcpStream, sleep_until, yield_now};
use delay_server::config::RESUMES_PER_TURN;
use delay_server::protocol::{Cause, Env, Phase, Session, answers};
use delay_server::say;

use super::Shared;

/// What ended a wait.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Woke {
    Readable,
    Writable,
    Deadline,
    /// The connection yielded to the others (see [`RESUMES_PER_TURN`]) and goes on.
    Resumed,
}

/// One client connection: its socket, its conversation, what the kernel has not taken yet.
struct Connection {
    stream: TcpStream,
    session: Session,
    /// Answers the kernel did not take (its send buffer was full): they go when the socket
    /// is writable, and new answers wait behind them. Empty, with no memory, almost always.
    output: Vec<u8>,
    /// One timer for the connection's whole life, moved to each next deadline.
    timer: Sleep,
    /// The last turn ended at `RESUMES_PER_TURN`: yield, then go on.
    must_yield: bool,
}

/// Serves one connection until it closes.
pub async fn serve(stream: TcpStream, id: u64, shared: Rc<Shared>) {
    let now = Instant::now();
    let mut connection = Connection {
        stream,
        session: Session::new(id, now),
        output: Vec::new(),
        timer: sleep_until(now),
        must_yield: false,
    };
    // A new connection's request may be there already: read before waiting.
    let mut woke = Woke::Readable;
    let cause = loop {
        if let Err(cause) = connection.handle(woke, &shared) {
            break cause;
        }
        woke = match connection.next_wake(&shared).await {
            Ok(woke) => woke,
            Err(error) => break Cause::Failed(error),
        };
    };
    let env = &mut *shared.env.borrow_mut();
    env.stats.closed += 1;
    say!(env, "connection {id} closed: {cause}");
}

/// The size of [`serve`]'s future: the memory of one connection's state machine.
pub fn future_size() -> usize {
    fn size_of_output<A, B, C, F: Future>(_: &impl Fn(A, B, C) -> F) -> usize {
        size_of::<F>()
    }
    size_of_output(&serve)
}

impl Connection {
    /// Waits for the next thing the core needs: bytes (while it reads or lingers), room to
    /// write (while output is stuck), its next deadline.
    async fn next_wake(&mut self, shared: &Shared) -> io::Result<Woke> {
        if std::mem::take(&mut self.must_yield) {
            yield_now().await;
            return Ok(Woke::Resumed);
        }
        let read = self.session.reading() || self.session.lingering();
        let write = !self.output.is_empty();
        let deadline = {
            let config = &shared.env.borrow().config;
            let deadline = self.session.deadline(config).map(|(at, _)| at);
            match (self.session.next_due(), deadline) {
                (Some(due), Some(deadline)) => due.min(deadline),
                (due, deadline) => due
                    .or(deadline)
                    .unwrap_or_else(|| Instant::now() + config.idle_timeout),
            }
        };
        self.timer.reset(deadline);
        let mut readable = pin!(self.stream.readable());
        let mut writable = pin!(self.stream.writable());
        let timer = &mut self.timer;
        poll_fn(|cx| {
            if read && let Poll::Ready(result) = readable.as_mut().poll(cx) {
                return Poll::Ready(result.map(|()| Woke::Readable));
            }
            if write && let Poll::Ready(result) = writable.as_mut().poll(cx) {
                return Poll::Ready(result.map(|()| Woke::Writable));
            }
            Pin::new(&mut *timer).poll(cx).map(|()| Ok(Woke::Deadline))
        })
        .await
    }

    /// Feeds the core what happened, then settles: `Err` means close, for that reason.
    fn handle(&mut self, woke: Woke, shared: &Shared) -> Result<(), Cause> {
        let mut env = shared.env.borrow_mut();
        env.now = Instant::now();
        let (mut buffer, mut batch) = (shared.read_buffer.borrow_mut(), shared.batch.borrow_mut());
        // Answers from a connection that then failed must never go out on the next one.
        batch.clear();
        let turn = &mut Turn {
            env: &mut env,
            buffer: &mut buffer,
            batch: &mut batch,
        };
        match woke {
            Woke::Readable => self.read(turn)?,
            Woke::Writable => self.write_stuck(turn.env)?,
            Woke::Deadline => {
                if self
                    .session
                    .next_due()
                    .is_some_and(|due| due <= turn.env.now)
                {
                    say!(turn.env, "connection {}: timer fired", self.session.id());
                }
                self.session.expire(turn.env)?;
            }
            Woke::Resumed => {}
        }
        self.settle(turn)
    }

    /// After anything happened (lesson 08's `settle`): send what is due, read more if a pause
    /// is over, shut down and linger, or close, once everything is answered.
    fn settle(&mut self, turn: &mut Turn<'_>) -> Result<(), Cause> {
        let mut resumes = 0;
        loop {
            self.send_due(turn)?;
            if !self.session.can_resume(&turn.env.config) {
                break;
            }
            if resumes == RESUMES_PER_TURN {
                self.must_yield = true;
                break;
            }
            resumes += 1;
            let out = answers(&mut self.output, turn.batch);
            self.session.resume(turn.env, out);
            self.read(turn)?; // bytes that came while paused raised no event
        }
        if self.session.answered() {
            match self.session.phase() {
                Phase::Closing { .. } => {
                    // Our side is done; what the client still sends is read and thrown away
                    // (closing with unread bytes would send a reset, which can destroy the
                    // answer before the client reads it), until it closes too, or `linger`.
                    self.stream
                        .shutdown(Shutdown::Write)
                        .map_err(Cause::Failed)?;
                    self.session.start_linger(turn.env);
                    self.read(turn)?;
                    if self.session.may_close_now() {
                        return Err(Cause::Answered);
                    }
                }
                Phase::ReadClosed => return Err(Cause::ClientClosed),
                Phase::Open | Phase::Lingering { .. } => {}
            }
        }
        Ok(())
    }

    /// Reads until drained, or the core stops reading; every whole request goes to the core,
    /// answers due at once into the batch. A short read means drained: the runtime clears the
    /// socket's readiness, unless the peer has closed (then the end of file is still to read,
    /// and the next wait returns at once for it).
    fn read(&mut self, turn: &mut Turn<'_>) -> Result<(), Cause> {
        while self.session.reading() || self.session.lingering() {
            match self.stream.try_read(turn.buffer) {
                Ok(0) => {
                    let out = answers(&mut self.output, turn.batch);
                    return self.session.end_of_file(turn.env, out);
                }
                Ok(received) => {
                    let out = answers(&mut self.output, turn.batch);
                    self.session
                        .receive(turn.env, out, &turn.buffer[..received])?;
                    if received < turn.buffer.len() {
                        return Ok(());
                    }
                }
                Err(error) if error.kind() == io::ErrorKind::WouldBlock => return Ok(()),
                Err(error) => return Err(Cause::Failed(error)),
            }
        }
        Ok(())
    }

    /// Has the core format what is due, and sends the batch in one write; what the kernel
    /// does not take stays on the connection, to go when the socket is writable.
    fn send_due(&mut self, turn: &mut Turn<'_>) -> Result<(), Cause> {
        let out = answers(&mut self.output, turn.batch);
        let count = self.session.take_due(turn.env, out);
        if !self.output.is_empty() || turn.batch.is_empty() {
            return Ok(());
        }
        say!(
            turn.env,
            "connection {}: sending {count} response(s), {} bytes, in one write",
            self.session.id(),
            turn.batch.len()
        );
        let written = self.stream.try_write(turn.batch).map_err(Cause::Failed)?;
        self.session.sent(turn.env.now, written);
        if written < turn.batch.len() {
            say!(
                turn.env,
                "connection {}: the kernel took {written} of {} bytes; the rest waits for \
                 writable",
                self.session.id(),
                turn.batch.len()
            );
            self.output.extend_from_slice(&turn.batch[written..]);
        }
        turn.batch.clear();
        Ok(())
    }

    /// The socket is writable again: sends what an earlier write left.
    fn write_stuck(&mut self, env: &Env) -> Result<(), Cause> {
        let written = self.stream.try_write(&self.output).map_err(Cause::Failed)?;
        self.session.sent_stuck(env, &mut self.output, written);
        Ok(())
    }
}

/// What one turn of a connection borrows from the server: the core's environment, the read
/// buffer and the batch of answers, all shared by every connection.
struct Turn<'a> {
    env: &'a mut Env,
    buffer: &'a mut [u8],
    batch: &'a mut Vec<u8>,
}
