//! Worked solution: timers that the kernel keeps, with `EVFILT_TIMER`.
//!
//! A timer is one more filter: its ident is our id (not a descriptor: kqueue's idents mean
//! what the filter says they mean), its `data` the delay. `EV_ONESHOT` fits a timer exactly:
//! it fires once and the kernel deletes it, so nothing is left to clean up. Lesson 05's `apply`
//! sends every change with `EV_RECEIPT`, so a failure (cancelling a timer that is not there)
//! comes back as that change's receipt rather than as the call's error.

use std::io;
use std::os::fd::OwnedFd;
use std::time::Duration;

use kqueue::sys::{self, EV_ADD, EV_DELETE, EV_ONESHOT, Kevent, Timespec};

/// `EVFILT_TIMER` (`<sys/event.h>`): the same on macOS and FreeBSD.
const EVFILT_TIMER: i16 = -7;

/// A kqueue that holds timers, each named by an id of your choice.
pub struct Timers {
    kq: OwnedFd,
}

impl Timers {
    /// A queue with no timers.
    pub fn new() -> io::Result<Timers> {
        Ok(Timers { kq: sys::kqueue()? })
    }

    /// Starts timer `id`, to fire once after `after` (rounded up to whole milliseconds).
    pub fn start(&self, id: usize, after: Duration) -> io::Result<()> {
        // fflags 0: `data` counts milliseconds (NOTE_USECONDS and friends would change that,
        // with different values on macOS and FreeBSD). Rounded up: never "fire at once" by
        // accident.
        let mut change = Kevent::new(id, EVFILT_TIMER, EV_ADD | EV_ONESHOT, 0, 0);
        let millis = after.as_nanos().div_ceil(1_000_000);
        // `data` is an `intptr_t` on macOS and an `int64_t` on FreeBSD: `try_into` and `as _`
        // fit either. A delay past ~24.8 days is capped there (i32::MAX ms).
        change.data = millis.try_into().unwrap_or(i32::MAX as _);
        self.apply(change)
    }

    /// Cancels timer `id` before it fires. Fails with `NotFound` if there is no such timer.
    pub fn cancel(&self, id: usize) -> io::Result<()> {
        self.apply(Kevent::new(id, EVFILT_TIMER, EV_DELETE, 0, 0))
    }

    /// Sends one change and turns its receipt into a `Result` (`ENOENT` becomes `NotFound`).
    fn apply(&self, change: Kevent) -> io::Result<()> {
        let mut changes = [change];
        sys::apply(&self.kq, &mut changes)?;
        match changes[0].receipt_error() {
            None => Ok(()),
            Some(errno) => Err(io::Error::from_raw_os_error(errno)),
        }
    }

    /// Waits up to `timeout` for timers to fire; returns the ids of those that did (none
    /// after the timeout).
    pub fn wait(&self, timeout: Duration) -> io::Result<Vec<usize>> {
        let mut buffer = Vec::with_capacity(16);
        // kevent's timeout is exact to the nanosecond: nothing to round.
        let limit = Timespec {
            tv_sec: timeout.as_secs() as sys::TimeT,
            tv_nsec: timeout.subsec_nanos().into(),
        };
        sys::wait(&self.kq, &mut buffer, Some(&limit))?;
        // Copies: a field of the packed macOS struct cannot be borrowed.
        Ok(buffer
            .iter()
            .filter(|event| {
                let filter = event.filter;
                filter == EVFILT_TIMER
            })
            .map(|event| event.ident)
            .collect())
    }
}
