//! Deadlines out: when the next answer is due, when the connection's deadline passes and what
//! that means, and the linger after the last answer.

use std::time::Instant;

use nonblocking::http::BadRequest;

use super::{Cause, Env, Expiry, Phase, Session};
use crate::config::Config;

impl Session {
    /// When the request at the front of the queue is due.
    pub fn next_due(&self) -> Option<Instant> {
        self.queue.front().map(|front| front.due)
    }

    /// When a request head under way must be complete: only while reading.
    pub fn header_deadline(&self, config: &Config) -> Option<Instant> {
        let reading = self.phase == Phase::Open && !self.paused;
        let started = self.head_started.filter(|_| reading)?;
        Some(started + config.header_timeout)
    }

    /// The next deadline, and what it is for. While responses wait for the client, that is
    /// the stalled deadline; a head under way then still has its
    /// [`header_deadline`](Self::header_deadline), which [`expire`](Self::expire) checks too.
    pub fn deadline(&self, config: &Config) -> Option<(Instant, Expiry)> {
        if let Phase::Lingering { until, .. } = self.phase {
            return Some((until, Expiry::Linger));
        }
        if self.unsent > 0 {
            return Some((self.last_activity + config.idle_timeout, Expiry::Stalled));
        }
        if let Some(at) = self.header_deadline(config) {
            return Some((at, Expiry::Header));
        }
        let idle = self.phase == Phase::Open && !self.paused && self.queue.is_empty();
        idle.then_some((self.last_activity + config.idle_timeout, Expiry::Idle))
    }

    /// Acts on every deadline that has passed at `env.now`: a late request head is answered
    /// `408` (queued, for [`take_due`](Self::take_due)); `Err` for the others: close.
    pub fn expire(&mut self, env: &mut Env) -> Result<(), Cause> {
        if self
            .header_deadline(&env.config)
            .is_some_and(|at| at <= env.now)
        {
            say!(
                env,
                "connection {}: no whole request head after {} ms: 408",
                self.id,
                env.config.header_timeout.as_millis()
            );
            self.queue_error(env, BadRequest::TimedOut);
        }
        match self.deadline(&env.config) {
            Some((at, expiry)) if at <= env.now => match expiry {
                Expiry::Header => Ok(()), // answered above
                Expiry::Idle => Err(Cause::Idle),
                Expiry::Stalled => Err(Cause::Stalled),
                Expiry::Linger => Err(Cause::LingerOver),
            },
            _ => Ok(()),
        }
    }

    /// Everything is answered, and the connection was closing: the server has shut down its
    /// side. From now on, what the client sends is read and thrown away, until it closes too.
    pub fn start_linger(&mut self, env: &Env) {
        if let Phase::Closing { linger } = self.phase {
            self.phase = Phase::Lingering {
                until: env.now + env.config.linger,
                discarded: 0,
                must_wait: linger,
            };
        }
    }

    /// Whether a lingering connection can close at once, having found nothing unread: the
    /// request asked to close, so the client has no reason to send more.
    pub fn may_close_now(&self) -> bool {
        matches!(
            self.phase,
            Phase::Lingering {
                discarded: 0,
                must_wait: false,
                ..
            }
        )
    }
}
