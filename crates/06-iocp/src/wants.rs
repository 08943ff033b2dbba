//! What the caller of one registration asked for, and what it has been told: the rules of
//! edge, level and oneshot over AFD polls (see "Edge-triggered on IOCP" on `Poll`).
//!
//! Plain data, no kernel: `SockState` asks it which events to poll for, and hands it each
//! poll's answer to turn into the event the caller sees (or none).

use epoll::{Interest, Mode, Token};

use crate::events::{Event, afd_events};
use crate::sys::afd::{
    AFD_POLL_ABORT, AFD_POLL_CONNECT_FAIL, AFD_POLL_DISCONNECT, AFD_POLL_LOCAL_CLOSE,
};

/// The events that happen at most once in a connection's life.
const ONCE_ONLY: u32 = AFD_POLL_DISCONNECT | AFD_POLL_ABORT | AFD_POLL_CONNECT_FAIL;

/// One registration's token and interest, and what has been reported since it was made.
pub(crate) struct Wants {
    token: Token,
    interest: Interest,
    /// A oneshot registration has reported its event: silent until reregistered.
    fired: bool,
    /// Edge-triggered: the once-only events already reported (a peer's shutdown, a reset, a
    /// failed connect), not asked for again until reregistered.
    reported_once: u32,
}

impl Wants {
    /// A new registration: nothing reported yet.
    pub(crate) fn new(token: Token, interest: Interest) -> Wants {
        Wants {
            token,
            interest,
            fired: false,
            reported_once: 0,
        }
    }

    /// The AFD events to poll for now. `LOCAL_CLOSE` always (wepoll's trick): a socket closed
    /// without deregister then completes its poll and leaves the registry.
    pub(crate) fn poll_for(&self) -> u32 {
        if self.fired {
            AFD_POLL_LOCAL_CLOSE
        } else {
            (afd_events(self.interest) & !self.reported_once) | AFD_POLL_LOCAL_CLOSE
        }
    }

    /// The event a poll's answer (`happened`, AFD bits) gives the caller, if any: only what
    /// is wanted now, and remembered so that oneshot and edge do not report it again.
    pub(crate) fn report(&mut self, happened: u32) -> Option<Event> {
        let reported = happened & self.poll_for();
        if reported == 0 {
            return None;
        }
        match self.interest.mode() {
            Mode::Oneshot => self.fired = true,
            // These cannot happen twice on one connection, so not asking again loses nothing.
            Mode::Edge => self.reported_once |= reported & ONCE_ONLY,
            Mode::Level => {}
        }
        Some(Event {
            token: self.token,
            afd: reported,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sys::afd::{AFD_POLL_RECEIVE, AFD_POLL_SEND};

    #[test]
    fn oneshot_reports_once_then_waits_only_for_the_close() {
        let mut wants = Wants::new(Token(1), Interest::READABLE.oneshot());
        assert!(wants.report(AFD_POLL_RECEIVE).is_some());
        assert_eq!(wants.poll_for(), AFD_POLL_LOCAL_CLOSE);
        assert!(wants.report(AFD_POLL_RECEIVE).is_none());
        // Reregistering starts afresh.
        wants = Wants::new(Token(1), Interest::READABLE.oneshot());
        assert!(wants.report(AFD_POLL_RECEIVE).is_some());
    }

    #[test]
    fn edge_reports_once_only_events_once_and_data_every_time() {
        let mut wants = Wants::new(Token(2), Interest::READABLE);
        let shutdown = wants.report(AFD_POLL_DISCONNECT).expect("an event");
        assert!(shutdown.is_read_closed());
        assert_eq!(wants.poll_for() & AFD_POLL_DISCONNECT, 0, "not asked again");
        assert!(wants.report(AFD_POLL_DISCONNECT).is_none());
        assert!(wants.report(AFD_POLL_RECEIVE).is_some());
        assert!(wants.report(AFD_POLL_RECEIVE).is_some());
    }

    #[test]
    fn level_reports_everything_every_time() {
        let mut wants = Wants::new(Token(3), Interest::READABLE.level());
        for _ in 0..3 {
            assert!(wants.report(AFD_POLL_DISCONNECT).is_some());
        }
    }

    #[test]
    fn only_what_is_wanted_is_reported() {
        let mut wants = Wants::new(Token(4), Interest::READABLE);
        assert!(
            wants.report(AFD_POLL_SEND).is_none(),
            "writable was not asked for"
        );
        let event = wants
            .report(AFD_POLL_SEND | AFD_POLL_RECEIVE)
            .expect("an event");
        assert!(event.is_readable() && !event.is_writable(), "{event:?}");
        assert_eq!(event.token(), Token(4));
    }
}
