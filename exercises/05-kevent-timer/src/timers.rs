//! Your exercise: timers that the kernel keeps, with `EVFILT_TIMER`.
//!
//! epoll needs a separate descriptor per timer (`timerfd`); kqueue has a filter for it. A
//! change with filter `EVFILT_TIMER` (-7 on macOS and FreeBSD), ident = your timer's id,
//! `EV_ADD | EV_ONESHOT` and `data` = the delay in milliseconds (the default unit, with
//! `fflags` 0) starts a timer that fires once and is then deleted; `EV_DELETE` cancels it.
//! Its event comes back from `kevent` like any other, with the same ident.
//!
//! Use lesson 05's `kqueue::sys`: `kqueue()`, `Kevent::new`, `apply` (which answers each change
//! with a receipt: `Kevent::receipt_error`) and `wait`. Its numbers are in
//! `crates/05-kqueue/src/sys/mod.rs`; `EVFILT_TIMER` is not there yet: declare it here.

use std::io;
use std::time::Duration;

/// A kqueue that holds timers, each named by an id of your choice.
pub struct Timers {
    // Replace with the kqueue, an `OwnedFd` from `kqueue::sys::kqueue()`.
    _kq: (),
}

impl Timers {
    /// A queue with no timers.
    pub fn new() -> io::Result<Timers> {
        todo!("make a kqueue with kqueue::sys::kqueue()")
    }

    /// Starts timer `id`, to fire once after `after` (rounded up to whole milliseconds).
    pub fn start(&self, id: usize, after: Duration) -> io::Result<()> {
        let _ = (id, after);
        todo!("apply one change: EVFILT_TIMER, EV_ADD | EV_ONESHOT, data = milliseconds rounded up")
    }

    /// Cancels timer `id` before it fires. Fails with `NotFound` if there is no such timer.
    pub fn cancel(&self, id: usize) -> io::Result<()> {
        let _ = id;
        todo!("apply one change: EVFILT_TIMER, EV_DELETE; a receipt's errno is its error")
    }

    /// Waits up to `timeout` for timers to fire; returns the ids of those that did (none
    /// after the timeout).
    pub fn wait(&self, timeout: Duration) -> io::Result<Vec<usize>> {
        let _ = timeout;
        todo!("kqueue::sys::wait with a Timespec, then the ident of every EVFILT_TIMER event")
    }
}
