//! The answers waiting out their delay, earliest first: a binary min-heap over two tables.
//!
//! Each turn of the loop needs the earliest deadline (how long `epoll_pwait` may sleep) and
//! then every timer that is due, in deadline order. Scanning every connection for that costs a
//! turn as much as there are connections; a heap costs `O(1)` to look at the earliest and
//! `O(log n)` to add or take one: 14 steps for 10,000 waiting connections.
//!
//! The heap is an array where the entry at `i` is due no later than those at `2i + 1` and
//! `2i + 2`, so the earliest is at 0. A connection that closes while it waits must leave the
//! heap from wherever it is, so a second table says, for each descriptor, where its entry is:
//! every move in the heap updates it. A descriptor has at most one timer (a connection waits
//! for one answer at a time), so both tables have one place per descriptor, and are full only
//! when every connection waits.

use crate::table::Zeroed;

/// One waiting answer: when it is due (ns on the monotonic clock), and for which descriptor.
#[derive(Clone, Copy, Debug)]
#[repr(C)]
pub struct Timer {
    /// When the answer is due.
    pub due: u64,
    /// The connection's descriptor, its index in the connection table.
    pub fd: u32,
}

// SAFETY: two integers (and padding, which has no validity requirement).
unsafe impl Zeroed for Timer {}

/// The timers, earliest first.
pub struct Timers<'a> {
    /// `heap[..len]` is the heap.
    heap: &'a mut [Timer],
    len: usize,
    /// For each descriptor, 1 + the index of its entry in `heap`, or 0 if it has none (so a
    /// zeroed table says "no timers").
    place: &'a mut [u32],
}

impl<'a> Timers<'a> {
    /// No timers, for descriptors below `place.len()`. `heap` needs as many entries, and
    /// `place` must be all zero.
    pub fn new(heap: &'a mut [Timer], place: &'a mut [u32]) -> Timers<'a> {
        assert!(heap.len() >= place.len() && place.len() <= u32::MAX as usize);
        Timers {
            heap,
            len: 0,
            place,
        }
    }

    /// How many are waiting.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether none is.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// When the earliest is due.
    pub fn next_due(&self) -> Option<u64> {
        self.heap[..self.len].first().map(|timer| timer.due)
    }

    /// Whether `fd` has a timer.
    pub fn contains(&self, fd: usize) -> bool {
        self.place[fd] != 0
    }

    /// Sets `fd`'s timer to `due` (replacing the one it had, if any).
    pub fn insert(&mut self, fd: usize, due: u64) {
        self.remove(fd);
        let at = self.len;
        self.heap[at] = Timer { due, fd: fd as u32 };
        self.len += 1;
        self.place[fd] = at as u32 + 1;
        self.sift_up(at);
    }

    /// Takes the earliest timer if it is due at `now` or before: its descriptor.
    pub fn pop_due(&mut self, now: u64) -> Option<usize> {
        let first = *self.heap[..self.len].first()?;
        if first.due > now {
            return None;
        }
        self.take(0);
        Some(first.fd as usize)
    }

    /// Removes `fd`'s timer, if it has one.
    pub fn remove(&mut self, fd: usize) {
        if let Some(at) = self.place[fd].checked_sub(1) {
            self.take(at as usize);
        }
    }

    /// Removes the entry at `at`: the last entry takes its place, then moves up or down to
    /// where its deadline belongs.
    fn take(&mut self, at: usize) {
        let gone = self.heap[at].fd as usize;
        self.place[gone] = 0;
        self.len -= 1;
        if at == self.len {
            return;
        }
        self.heap[at] = self.heap[self.len];
        self.place[self.heap[at].fd as usize] = at as u32 + 1;
        self.sift_up(at);
        self.sift_down(at);
    }

    /// Moves the entry at `at` up while it is due before its parent.
    fn sift_up(&mut self, mut at: usize) {
        while at > 0 {
            let parent = (at - 1) / 2;
            if self.heap[parent].due <= self.heap[at].due {
                return;
            }
            self.swap(at, parent);
            at = parent;
        }
    }

    /// Moves the entry at `at` down while a child is due before it.
    fn sift_down(&mut self, mut at: usize) {
        loop {
            let (left, right) = (2 * at + 1, 2 * at + 2);
            let mut earliest = at;
            if left < self.len && self.heap[left].due < self.heap[earliest].due {
                earliest = left;
            }
            if right < self.len && self.heap[right].due < self.heap[earliest].due {
                earliest = right;
            }
            if earliest == at {
                return;
            }
            self.swap(at, earliest);
            at = earliest;
        }
    }

    fn swap(&mut self, a: usize, b: usize) {
        self.heap.swap(a, b);
        self.place[self.heap[a].fd as usize] = a as u32 + 1;
        self.place[self.heap[b].fd as usize] = b as u32 + 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A pseudo-random sequence (a linear congruential generator): the same every run.
    struct Lcg(u64);
    impl Lcg {
        fn next(&mut self, below: u64) -> u64 {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (self.0 >> 33) % below
        }
    }

    fn with_timers(n: usize, test: impl FnOnce(&mut Timers<'_>)) {
        let (mut heap, mut place) = (vec![Timer { due: 0, fd: 0 }; n], vec![0u32; n]);
        test(&mut Timers::new(&mut heap, &mut place));
    }

    #[test]
    fn timers_come_out_in_deadline_order() {
        with_timers(10_000, |timers| {
            let mut random = Lcg(9);
            let due_of: Vec<u64> = (0..10_000).map(|_| random.next(60_000)).collect();
            for (fd, &due) in due_of.iter().enumerate() {
                timers.insert(fd, due);
            }
            assert_eq!(timers.next_due(), due_of.iter().min().copied());
            let mut out = Vec::new();
            while let Some(fd) = timers.pop_due(u64::MAX) {
                out.push(due_of[fd]);
            }
            assert_eq!(out.len(), 10_000);
            assert!(out.is_sorted(), "not in deadline order");
            assert!(timers.is_empty() && timers.next_due().is_none());
        });
    }

    #[test]
    fn only_what_is_due_comes_out() {
        with_timers(4, |timers| {
            timers.insert(0, 300);
            timers.insert(1, 100);
            timers.insert(2, 200);
            assert_eq!(timers.pop_due(99), None);
            assert_eq!(timers.pop_due(250), Some(1));
            assert_eq!(timers.pop_due(250), Some(2));
            assert_eq!(timers.pop_due(250), None);
            assert_eq!(timers.next_due(), Some(300));
        });
    }

    #[test]
    fn removed_and_replaced_timers_keep_the_rest_in_order() {
        // Against a plain list, through random inserts, replacements, removals and pops.
        const FDS: usize = 500;
        with_timers(FDS, |timers| {
            let mut random = Lcg(42);
            let mut model: Vec<Option<u64>> = vec![None; FDS];
            for step in 0..50_000u64 {
                let fd = random.next(FDS as u64) as usize;
                match random.next(4) {
                    0 | 1 => {
                        let due = step + random.next(1_000);
                        timers.insert(fd, due);
                        model[fd] = Some(due);
                    }
                    2 => {
                        timers.remove(fd);
                        model[fd] = None;
                    }
                    _ => {
                        let now = step;
                        while let Some(fd) = timers.pop_due(now) {
                            let due = model[fd].take().expect("a timer it had");
                            assert!(due <= now);
                        }
                        assert!(model.iter().flatten().all(|&due| due > now));
                    }
                }
                assert_eq!(timers.next_due(), model.iter().flatten().min().copied());
                assert_eq!(timers.len(), model.iter().flatten().count());
                assert_eq!(timers.contains(fd), model[fd].is_some());
            }
        });
    }
}
