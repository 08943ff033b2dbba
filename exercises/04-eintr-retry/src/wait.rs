//! Your exercise: the two pieces of `Poll::poll` that every backend needs and the book gets
//! wrong.
//!
//! 1. `millis_rounded_up`: epoll counts in whole milliseconds. A timeout of 300 µs must wait
//!    1 ms, not 0 (a poll of 0 ms returns at once, and a loop around it spins). `None` is
//!    "forever", `-1` to epoll. Anything longer than `i32::MAX` ms is capped there.
//! 2. `wait_retrying`: a signal (Ctrl-Z then `fg`, a profiler's timer) makes the wait fail
//!    with `EINTR` (`io::ErrorKind::Interrupted`). Wait again, for the time that is *left*,
//!    not the whole timeout again (or a stream of signals would make it wait forever).
//!
//! The check calls `wait_retrying` with fake waits that record what they were given, then with
//! real `epoll_wait`s interrupted by real signals.

use std::io;
use std::time::Duration;

/// `epoll_wait`'s timeout: `-1` for `None` (forever), else whole milliseconds rounded up,
/// capped at `i32::MAX`.
pub fn millis_rounded_up(timeout: Option<Duration>) -> i32 {
    let _ = timeout;
    todo!(
        "None is -1; otherwise the nanoseconds divided by 1_000_000 rounding up, capped at i32::MAX"
    )
}

/// Calls `wait(milliseconds)` (a kernel wait, such as `epoll_wait`) until it reports
/// something, and returns its count. If it is interrupted (`ErrorKind::Interrupted`), or
/// returns 0 before `timeout` has passed, it is called again with the time that is left. After
/// the whole `timeout` it returns `Ok(0)`. Any other error is returned at once.
pub fn wait_retrying(
    timeout: Option<Duration>,
    mut wait: impl FnMut(i32) -> io::Result<usize>,
) -> io::Result<usize> {
    let _ = (timeout, &mut wait);
    todo!(
        "compute the deadline once (Instant::now() + timeout), then loop: call wait with \
         millis_rounded_up(time left); return a count above 0, retry on Interrupted or an \
         early 0, return Ok(0) once the deadline has passed"
    )
}
