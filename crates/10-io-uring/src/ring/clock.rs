//! Absolute timeouts: from an `Instant` to a time on the kernel's `CLOCK_MONOTONIC`.
//!
//! A relative timeout (`IORING_OP_TIMEOUT` with a duration) starts when the kernel *takes* the
//! entry, in the next `io_uring_enter`, not when we wrote it. The server writes a batch's
//! entries in the order its completions came, and the kernel takes them in that order, running
//! each send before the entries after it: with fifty connections in one batch, a timer written
//! after twenty sends starts that much after the clock its delay was measured from, and fires
//! that much late (traced for issue 18: 89 us on average at 50 connections).
//!
//! With `IORING_TIMEOUT_ABS` the `timespec` is a time on `CLOCK_MONOTONIC`, and the timer fires
//! then, whenever the kernel took it. `CLOCK_MONOTONIC` is the clock `Instant::now` reads on
//! Linux (the table in std's documentation of `Instant`), but an `Instant` does not show its
//! seconds and nanoseconds: so the ring reads both clocks once, at setup, and converts every
//! later `Instant` by its distance from that pair. (So what the conversion needs is only that
//! the two clocks advance together, which `instant_and_clock_monotonic_advance_together`
//! checks.)

use std::time::{Duration, Instant};

use raw_syscall::Errno;

use crate::sys::{self, Timespec};

const NANOS_PER_SEC: i128 = 1_000_000_000;

/// How many times [`MonotonicClock::read`] tries for a tight pair.
const TRIES: u32 = 8;
/// A pair read this close together is taken at once.
const CLOSE_ENOUGH: Duration = Duration::from_micros(5);

/// One moment read on both clocks: an `Instant`, and `CLOCK_MONOTONIC` just after it.
#[derive(Debug, Clone, Copy)]
pub struct MonotonicClock {
    instant: Instant,
    kernel: Timespec,
}

impl MonotonicClock {
    /// Reads `Instant::now()`, then the kernel's clock. Read in that order, the kernel's time is
    /// at or after the instant's, so a converted time is never early: a timer fires at or after
    /// the instant it was given, never before. It is late by the time between the two reads,
    /// for the ring's whole life: one system call, a microsecond or so, unless the thread was
    /// preempted in between. So the pair is read again (`Instant`, kernel, `Instant`) until the
    /// two `Instant`s are within a few microseconds, or eight times, and the tightest is kept.
    pub fn read() -> Result<MonotonicClock, Errno> {
        let (mut gap, mut best) = MonotonicClock::read_once()?;
        for _ in 1..TRIES {
            if gap <= CLOSE_ENOUGH {
                break;
            }
            let (next_gap, next) = MonotonicClock::read_once()?;
            if next_gap < gap {
                (gap, best) = (next_gap, next);
            }
        }
        Ok(best)
    }

    /// One pair, and how long its reading took (from the `Instant` to just after the kernel's).
    fn read_once() -> Result<(Duration, MonotonicClock), Errno> {
        let instant = Instant::now();
        let kernel = sys::clock_gettime_monotonic()?;
        Ok((instant.elapsed(), MonotonicClock { instant, kernel }))
    }

    /// `at` on `CLOCK_MONOTONIC` (0 for a time before the clock's start: an `Instant` that far
    /// back can be made, by subtracting, but no deadline is one).
    pub fn timespec(&self, at: Instant) -> Timespec {
        let offset = match at.checked_duration_since(self.instant) {
            Some(after) => after.as_nanos() as i128,
            None => -((self.instant - at).as_nanos() as i128),
        };
        let base = i128::from(self.kernel.tv_sec) * NANOS_PER_SEC + i128::from(self.kernel.tv_nsec);
        let nanos = (base + offset).max(0);
        Timespec {
            tv_sec: i64::try_from(nanos / NANOS_PER_SEC).unwrap_or(i64::MAX),
            tv_nsec: (nanos % NANOS_PER_SEC) as i64,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nanos(ts: Timespec) -> i128 {
        i128::from(ts.tv_sec) * NANOS_PER_SEC + i128::from(ts.tv_nsec)
    }

    #[test]
    fn instants_convert_by_their_distance_from_the_pair_read_at_setup() {
        let clock = MonotonicClock::read().unwrap();
        let base = nanos(clock.timespec(clock.instant));
        assert_eq!(clock.timespec(clock.instant), clock.kernel);
        let later = clock.timespec(clock.instant + Duration::from_millis(1500));
        assert_eq!(nanos(later) - base, 1_500_000_000);
        assert!((0..NANOS_PER_SEC).contains(&i128::from(later.tv_nsec)));
        if let Some(earlier) = clock.instant.checked_sub(Duration::from_micros(250)) {
            assert_eq!(base - nanos(clock.timespec(earlier)), 250_000);
        }
    }

    #[test]
    fn instant_and_clock_monotonic_advance_together() {
        // The conversion cancels any fixed distance between the two clocks; what it needs is
        // that they advance together, as they do if `Instant` is CLOCK_MONOTONIC (or a clock
        // that ticks with it). After 20 ms, a converted "now" must still match the kernel's
        // clock; 100 ms leaves room for a preempted test thread.
        let clock = MonotonicClock::read().unwrap();
        std::thread::sleep(Duration::from_millis(20));
        let converted = nanos(clock.timespec(Instant::now()));
        let kernel = nanos(sys::clock_gettime_monotonic().unwrap());
        let apart = (kernel - converted).abs();
        assert!(apart < 100_000_000, "{apart} ns apart");
    }
}
