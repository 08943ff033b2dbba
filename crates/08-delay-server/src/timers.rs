//! Timers: a min-heap of deadlines, the earliest of which sets how long `poll` may sleep.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::time::Instant;

use crate::slab::Key;

/// One deadline: when, and whose. Ordered by time first; equal times are ordered by key,
/// which is as good as any order, because every timer that is due fires in the same turn of
/// the loop, before any new I/O.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Timer {
    /// When it fires.
    pub at: Instant,
    /// The connection it belongs to (or the listener's key, for accept retries). The key's
    /// generation makes a timer of a closed connection harmless: it finds nobody.
    pub key: Key,
}

/// The pending timers. Nothing is ever removed early: a timer that is no longer needed (its
/// connection closed, its response went out another way) simply fires and finds nothing to
/// do. That keeps every operation O(log n) with no bookkeeping, and connections only push a
/// timer when their next deadline is earlier than the one they already have (see
/// `Connection::arm_timers`), so stale ones stay few.
#[derive(Default)]
pub struct Timers {
    heap: BinaryHeap<Reverse<Timer>>,
}

impl Timers {
    /// No timers.
    pub fn new() -> Timers {
        Timers::default()
    }

    /// Adds a timer.
    pub fn push(&mut self, at: Instant, key: Key) {
        self.heap.push(Reverse(Timer { at, key }));
    }

    /// When the earliest timer fires.
    pub fn next(&self) -> Option<Instant> {
        self.heap.peek().map(|Reverse(timer)| timer.at)
    }

    /// Takes the earliest timer if it is due at `now`.
    pub fn pop_due(&mut self, now: Instant) -> Option<Timer> {
        if self.next()? <= now {
            self.heap.pop().map(|Reverse(timer)| timer)
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn timers_fire_earliest_first_and_only_when_due() {
        let start = Instant::now();
        let key = |slot| Key {
            slot,
            generation: 0,
        };
        let mut timers = Timers::new();
        for (ms, slot) in [(30, 3), (10, 1), (20, 2), (10, 0)] {
            timers.push(start + Duration::from_millis(ms), key(slot));
        }
        assert_eq!(timers.next(), Some(start + Duration::from_millis(10)));
        assert_eq!(timers.pop_due(start), None, "nothing is due yet");
        let due = start + Duration::from_millis(20);
        let fired: Vec<u32> = std::iter::from_fn(|| timers.pop_due(due))
            .map(|timer| timer.key.slot)
            .collect();
        assert_eq!(fired, [0, 1, 2]);
        assert_eq!(timers.next(), Some(start + Duration::from_millis(30)));
    }
}
