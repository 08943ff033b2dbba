//! A connection's events: what a readiness event or a timer does to it, and what comes next
//! (resume, close, linger, what to watch). The reading is in `read.rs`, the writing in
//! `write.rs`; between them a keep-alive request costs one `read` and one `write`. All of it
//! runs on the server's one thread, and none of it ever waits.

use std::net::Shutdown;

use event_queue::{Event, Registry, Token};

use super::Connection;
use crate::config::RESUMES_PER_TURN;
use crate::context::Context;
use crate::protocol::{Cause, Phase, answers};

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
            self.read(cx)?;
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
        if self.session.next_due().is_some_and(|due| due <= cx.env.now) {
            say!(cx.env, "connection {}: timer fired", self.session.id());
        }
        self.session.expire(&mut cx.env)?;
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
            if !self.session.can_resume(&cx.env.config) {
                break;
            }
            if resumes == RESUMES_PER_TURN {
                cx.resume.push(self.key); // later in this turn of the loop, after the others
                break;
            }
            resumes += 1;
            let out = answers(&mut self.output, &mut cx.batch);
            self.session.resume(&mut cx.env, out);
            // Edge-triggered: bytes that arrived while paused raised no new event. Read now.
            self.read(cx)?;
        }
        if self.session.answered() {
            match self.session.phase() {
                Phase::Closing { .. } => {
                    // Our side is done: the client reads end of file after the last answer.
                    self.stream
                        .shutdown(Shutdown::Write)
                        .map_err(Cause::Failed)?;
                    self.session.start_linger(&cx.env);
                    // Closing with unread bytes would send a reset, which can destroy the
                    // answer before the client reads it. So read what is there (no new edge
                    // would say so); if there is nothing and the request asked to close, the
                    // client has no reason to send more: close now. Otherwise wait for the
                    // client's own end of file, for at most `linger`.
                    self.read(cx)?;
                    if self.session.may_close_now() {
                        return Err(Cause::Answered);
                    }
                }
                Phase::ReadClosed => return Err(Cause::ClientClosed),
                Phase::Open | Phase::Lingering { .. } => {}
            }
        }
        self.update_interest(registry)?;
        self.arm_timers(&cx.env.config, &mut cx.timers);
        Ok(())
    }

    /// Registers, reregisters or deregisters so the queue watches what
    /// [`wanted_interest`](Self::wanted_interest) says, if that changed.
    fn update_interest(&mut self, registry: &Registry) -> Result<(), Cause> {
        let wanted = self.wanted_interest();
        if wanted == self.registered {
            return Ok(());
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
