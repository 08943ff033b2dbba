//! How long a wait may take: the deadline-and-`EINTR` loop every backend's `poll` runs, and
//! the millisecond rounding of the kernels that count in milliseconds.
//!
//! Written once, here, and used by lessons 04 (epoll), 05 (kqueue) and 06 (IOCP), so that the
//! three backends cannot drift apart on the corner cases: a signal in the middle of a wait, a
//! timeout too large for the clock, a kernel whose longest wait is shorter than the caller's.
//! It is plain `std`, built on every OS.

use std::io;
use std::time::{Duration, Instant};

/// Calls `wait_once` until it reports something ready or `timeout` has passed (`None`:
/// forever), and returns `Ok(())` in both cases, or the first error that is not `EINTR`.
///
/// `wait_once(left)` makes one kernel wait of at most `left` (`None`: no limit) and returns
/// whether it found anything for the caller. When it finds nothing, or a signal interrupts it
/// (`io::ErrorKind::Interrupted`: a Ctrl-Z then `fg`, a profiler's timer), it is called again
/// with the time that is left, so a wait never ends early and never fails because of a signal.
/// Finding nothing early happens when a kernel caps a single wait (epoll at about 24.8 days)
/// or when a backend takes a packet that is not the caller's (IOCP's internal re-polls).
///
/// A `timeout` so large that `Instant` cannot express its end is, for any practical purpose,
/// forever: it is waited as `None` would be, rather than given up at the first interruption.
pub fn wait_until_deadline(
    timeout: Option<Duration>,
    mut wait_once: impl FnMut(Option<Duration>) -> io::Result<bool>,
) -> io::Result<()> {
    let deadline = timeout.and_then(|timeout| Instant::now().checked_add(timeout));
    // Past `Instant`'s range: forever (see above).
    let mut left = deadline.and(timeout);
    loop {
        match wait_once(left) {
            Ok(true) => return Ok(()),
            Ok(false) => {}
            Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
            Err(error) => return Err(error),
        }
        if let Some(deadline) = deadline {
            match deadline.checked_duration_since(Instant::now()) {
                Some(rest) if !rest.is_zero() => left = Some(rest),
                _ => return Ok(()),
            }
        }
    }
}

/// A timeout for a kernel that counts in whole milliseconds (`epoll_wait`,
/// `GetQueuedCompletionStatusEx`): `None` for forever, else the milliseconds rounded *up*, so
/// that 1 µs waits 1 ms rather than not at all, capped at `i32::MAX` (about 24.8 days; a
/// longer wait ends early and [`wait_until_deadline`] waits again).
///
/// Each backend turns `None` into its own "infinite" (`-1` for epoll, `INFINITE` for IOCP).
pub fn millis_rounded_up(timeout: Option<Duration>) -> Option<i32> {
    timeout.map(|timeout| {
        let millis = timeout.as_nanos().div_ceil(1_000_000);
        i32::try_from(millis).unwrap_or(i32::MAX)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timeouts_round_up_to_whole_milliseconds() {
        assert_eq!(millis_rounded_up(None), None);
        assert_eq!(millis_rounded_up(Some(Duration::ZERO)), Some(0));
        assert_eq!(millis_rounded_up(Some(Duration::from_nanos(1))), Some(1));
        assert_eq!(
            millis_rounded_up(Some(Duration::from_micros(1500))),
            Some(2)
        );
        assert_eq!(millis_rounded_up(Some(Duration::from_millis(7))), Some(7));
        assert_eq!(millis_rounded_up(Some(Duration::MAX)), Some(i32::MAX));
    }

    fn interrupted() -> io::Error {
        io::Error::from(io::ErrorKind::Interrupted)
    }

    #[test]
    fn an_interrupted_wait_waits_again_for_what_is_left() {
        let timeout = Duration::from_millis(200);
        let mut asked = Vec::new();
        wait_until_deadline(Some(timeout), |left| {
            asked.push(left);
            match asked.len() {
                1 => Err(interrupted()),
                _ => Ok(true),
            }
        })
        .unwrap();
        assert_eq!(asked.len(), 2);
        assert_eq!(asked[0], Some(timeout));
        let second = asked[1].expect("a finite wait");
        assert!(second <= timeout, "the second wait is for what is left");
    }

    #[test]
    fn a_timeout_too_large_for_the_clock_is_forever_and_survives_signals() {
        // `Instant::now() + Duration::MAX` overflows: such a wait must be forever, not "no
        // deadline, so return after the first empty or interrupted wait".
        let mut calls = 0;
        wait_until_deadline(Some(Duration::MAX), |left| {
            calls += 1;
            assert_eq!(left, None, "waited as forever");
            match calls {
                1..=3 => Err(interrupted()),
                4 => Ok(false), // a kernel's capped wait ended empty: still not the end
                _ => Ok(true),
            }
        })
        .unwrap();
        assert_eq!(calls, 5);
    }

    #[test]
    fn forever_waits_until_something_is_ready() {
        let mut calls = 0;
        wait_until_deadline(None, |left| {
            assert_eq!(left, None);
            calls += 1;
            Ok(calls == 3)
        })
        .unwrap();
        assert_eq!(calls, 3);
    }

    #[test]
    fn an_empty_wait_past_the_deadline_returns() {
        let mut calls = 0;
        wait_until_deadline(Some(Duration::ZERO), |_| {
            calls += 1;
            Ok(false)
        })
        .unwrap();
        assert_eq!(calls, 1, "a zero timeout asks the kernel once");
    }

    #[test]
    fn other_errors_end_the_wait() {
        let error = wait_until_deadline(None, |_| Err(io::Error::other("broken"))).unwrap_err();
        assert_eq!(error.to_string(), "broken");
    }
}
