//! Worked solution: how long to wait, and waiting again after a signal.
//!
//! Two rules, both about time. Round a timeout *up* to the kernel's unit, never down to zero
//! by accident. And fix the deadline *once*, at the start: after an interruption, what is left
//! is "deadline minus now", which shrinks with every retry, so a stream of signals cannot
//! stretch the wait. Lesson 04's `Poll::poll` (`crates/04-epoll/src/poll.rs`) is this code.

use std::io;
use std::time::{Duration, Instant};

/// `epoll_wait`'s timeout: `-1` for `None` (forever), else whole milliseconds rounded up,
/// capped at `i32::MAX`.
pub fn millis_rounded_up(timeout: Option<Duration>) -> i32 {
    match timeout {
        None => -1,
        Some(timeout) => {
            // Nanoseconds, rounded up to whole milliseconds: 1 ns is 1 ms, 1.5 ms is 2 ms.
            // `as_millis` would round down, and 300 µs would become 0: "do not wait at all".
            let millis = timeout.as_nanos().div_ceil(1_000_000);
            // About 24.8 days at most; a longer wait ends early and is waited again (below).
            i32::try_from(millis).unwrap_or(i32::MAX)
        }
    }
}

/// Calls `wait(milliseconds)` (a kernel wait, such as `epoll_wait`) until it reports
/// something, and returns its count. If it is interrupted (`ErrorKind::Interrupted`), or
/// returns 0 before `timeout` has passed, it is called again with the time that is left. After
/// the whole `timeout` it returns `Ok(0)`. Any other error is returned at once.
pub fn wait_retrying(
    timeout: Option<Duration>,
    mut wait: impl FnMut(i32) -> io::Result<usize>,
) -> io::Result<usize> {
    // The deadline, fixed once. `checked_add`: a timeout too long for the clock to express its
    // end (`Duration::MAX`) is forever for every practical purpose.
    let deadline = timeout.and_then(|timeout| Instant::now().checked_add(timeout));
    let mut left = deadline.and(timeout);
    loop {
        match wait(millis_rounded_up(left)) {
            Ok(ready) if ready > 0 => return Ok(ready),
            // Nothing ready: the timeout, or a capped wait that ended early. Decided below.
            Ok(_) => {}
            // A signal handler ran: not an error of ours, wait again.
            Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
            Err(error) => return Err(error),
        }
        // Forever stays forever (`left` stays `None`); otherwise, whatever is left, if any.
        if let Some(deadline) = deadline {
            match deadline.checked_duration_since(Instant::now()) {
                Some(rest) if !rest.is_zero() => left = Some(rest),
                _ => return Ok(0), // the whole timeout has passed
            }
        }
    }
}
