//! The reactor's timers: a min-heap of deadlines, and the waker of each live timer.
//!
//! The heap cannot remove an entry from its middle, so cancelling a timer (its `Sleep` was
//! dropped) removes only its waker; the heap entry stays until it reaches the top and is
//! thrown away there, finding nobody. The slab key's generation makes sure that a reused slot
//! is never mistaken for the cancelled timer that had it. A server whose connections move
//! their idle deadline with every request cancels a timer per request, so once the heap holds
//! more cancelled entries than live ones it is rebuilt without them: O(n) now and then, for
//! O(1) per cancel on average (tokio's timer wheel cancels in O(1) every time).

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::task::Waker;
use std::time::Instant;

use delay_server::slab::{Key, Slab};

/// The pending timers.
#[derive(Default)]
pub(crate) struct Timers {
    /// Deadlines, earliest on top; equal deadlines fire in the order of their keys.
    heap: BinaryHeap<Reverse<(Instant, Key)>>,
    /// The waker of every timer not yet fired or cancelled.
    live: Slab<Waker>,
    /// Heap entries whose timer was cancelled.
    cancelled: usize,
}

impl Timers {
    /// Adds a timer for `at` that will wake `waker`; returns its key.
    pub(crate) fn add(&mut self, at: Instant, waker: Waker) -> Key {
        let key = self.live.insert(waker);
        self.heap.push(Reverse((at, key)));
        key
    }

    /// Replaces the waker of a live timer (a task polled its `Sleep` with a new waker).
    /// Returns `false` if the timer has fired or was cancelled.
    pub(crate) fn update(&mut self, key: Key, waker: &Waker) -> bool {
        match self.live.get_mut(key) {
            Some(stored) => {
                // `will_wake` saves a clone when it is the same task, as it nearly always is.
                if !stored.will_wake(waker) {
                    stored.clone_from(waker);
                }
                true
            }
            None => false,
        }
    }

    /// Cancels a timer: it will never wake anyone.
    pub(crate) fn cancel(&mut self, key: Key) {
        if self.live.remove(key).is_none() {
            return; // fired already: its heap entry is gone
        }
        self.cancelled += 1;
        if self.cancelled > 64 && self.cancelled > self.live.len() {
            let live = &mut self.live;
            self.heap
                .retain(|Reverse((_, key))| live.get_mut(*key).is_some());
            self.cancelled = 0;
        }
    }

    /// Entries in the heap, cancelled ones included (for tests).
    #[cfg(test)]
    fn heap_len(&self) -> usize {
        self.heap.len()
    }

    /// How many timers are live.
    pub(crate) fn len(&self) -> usize {
        self.live.len()
    }

    /// When the earliest live timer is due. Cancelled entries found on top are dropped here.
    pub(crate) fn next(&mut self) -> Option<Instant> {
        while let Some(Reverse((at, key))) = self.heap.peek().copied() {
            if self.live.get_mut(key).is_some() {
                return Some(at);
            }
            self.heap.pop();
            self.cancelled = self.cancelled.saturating_sub(1);
        }
        None
    }

    /// Moves the waker of every timer due at `now` to `woken`, earliest first. Returns how
    /// many fired.
    pub(crate) fn fire_due(&mut self, now: Instant, woken: &mut Vec<Waker>) -> usize {
        let mut fired = 0;
        while let Some(Reverse((at, key))) = self.heap.peek().copied() {
            if at > now {
                break;
            }
            self.heap.pop();
            match self.live.remove(key) {
                Some(waker) => {
                    woken.push(waker);
                    fired += 1;
                }
                None => self.cancelled = self.cancelled.saturating_sub(1),
            }
        }
        fired
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::task::Wake;
    use std::time::Duration;

    struct Nobody;
    impl Wake for Nobody {
        fn wake(self: Arc<Self>) {}
    }

    #[test]
    fn cancelled_timers_do_not_pile_up_in_the_heap() {
        let waker = Waker::from(Arc::new(Nobody));
        let mut timers = Timers::default();
        let start = Instant::now();
        let keep = timers.add(start + Duration::from_secs(60), waker.clone());
        // A connection moving its idle deadline with each of 10,000 requests.
        for i in 0..10_000 {
            let key = timers.add(start + Duration::from_millis(60_000 + i), waker.clone());
            timers.cancel(key);
        }
        assert_eq!(timers.len(), 1);
        assert!(timers.heap_len() < 200, "{} entries", timers.heap_len());
        assert_eq!(timers.next(), Some(start + Duration::from_secs(60)));
        let mut woken = Vec::new();
        assert_eq!(
            timers.fire_due(start + Duration::from_secs(61), &mut woken),
            1
        );
        assert!(!timers.update(keep, &waker), "fired");
    }
}
