//! The submission queue: we write entries, the kernel takes them.
//!
//! ```text
//!             head (kernel writes)           tail (we write)
//!               v                              v
//!   slots:  [ taken | taken | NEW | NEW | NEW | free | free | taken ]   (a ring: indexes wrap)
//! ```
//!
//! Two indexes that only grow (wrapping at 2^32) and a power-of-two number of slots: an
//! index masked with `entries - 1` is a slot. Slots from `head` to `tail` are the kernel's to
//! read; the others are ours to write. Each side writes one index and only reads the other,
//! so no lock is needed, only the right memory ordering on those two indexes (below).

use std::sync::atomic::{AtomicU32, Ordering};

use crate::sys::{Sqe, Timespec};

/// The entries could not be written: every slot holds an entry the kernel has not taken yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Full;

/// Our side of the submission ring, made by `Ring::new` from the mapped memory.
pub struct SubmissionQueue {
    /// The kernel's head: advanced (release) once it has read the entries before it.
    pub(super) head: *const AtomicU32,
    /// The tail we publish.
    pub(super) tail: *const AtomicU32,
    /// `IORING_SQ_*` flags the kernel sets.
    pub(super) flags: *const AtomicU32,
    /// The SQE array (a mapping of its own).
    pub(super) sqes: *mut Sqe,
    /// `entries - 1`.
    pub(super) mask: u32,
    /// How many slots.
    pub(super) entries: u32,
    /// Our tail: entries written, published or not. Only we change the tail, so there is no
    /// need to read the shared one back.
    pub(super) local_tail: u32,
    /// One `timespec` per slot, for the timeout entries written into that slot. The kernel
    /// reads a timeout's `timespec` when it takes the entry (in `io_uring_enter`), not later,
    /// so it must stay valid exactly as long as the slot is the kernel's: keeping one per slot
    /// gives every timeout that lifetime with no bookkeeping.
    pub(super) timespecs: Box<[Timespec]>,
}

impl SubmissionQueue {
    /// The kernel's head. **Acquire**: it pairs with the kernel's release store of the head
    /// (`io_commit_sqring`), which comes after the kernel has finished reading the entries
    /// before it. After this load we may overwrite those slots without racing the kernel's
    /// reads of them.
    fn head(&self) -> u32 {
        // SAFETY: `head` points into the mapped ring, alive as long as `self` (the `Ring`
        // owns the mapping); the kernel only ever stores to it atomically.
        unsafe { (*self.head).load(Ordering::Acquire) }
    }

    /// How many slots are free to write.
    pub fn space(&self) -> u32 {
        self.entries - self.local_tail.wrapping_sub(self.head())
    }

    /// How many entries are written (published or not) and not yet taken by the kernel.
    pub fn pending(&self) -> u32 {
        self.local_tail.wrapping_sub(self.head())
    }

    /// Writes `entry` into the next free slot, unpublished. With `timeout`, the slot's own
    /// `timespec` is set to it and the entry's `addr` points there.
    pub fn push(&mut self, entry: &Sqe, timeout: Option<Timespec>) -> Result<(), Full> {
        if self.space() == 0 {
            return Err(Full);
        }
        let slot = (self.local_tail & self.mask) as usize;
        let mut entry = *entry;
        if let Some(timeout) = timeout {
            // The slot is ours (checked above), and so is its timespec: the kernel read the
            // previous one when it took the previous entry of this slot.
            self.timespecs[slot] = timeout;
            entry.addr = &raw const self.timespecs[slot] as u64;
        }
        // SAFETY: `slot` < `entries`, so this is inside the SQE mapping. The slot is between
        // tail and head + entries: the kernel took its previous entry (the acquire load of
        // the head in `space` orders that read before this write) and will not read it
        // again until we publish a tail past it.
        unsafe { self.sqes.add(slot).write(entry) };
        self.local_tail = self.local_tail.wrapping_add(1);
        Ok(())
    }

    /// Publishes every entry written so far: the kernel sees them from its next look at the
    /// tail. **Release**: it orders our writes of those entries (and of their timespecs)
    /// before the tail that makes them visible; it pairs with the kernel's acquire load of
    /// the tail (`io_get_sqring`). Without it, on aarch64 the kernel could see the new tail
    /// and read a half-written entry.
    pub fn publish(&mut self) {
        // SAFETY: as in `head`: a live, atomically accessed index in the mapped ring.
        unsafe { (*self.tail).store(self.local_tail, Ordering::Release) };
    }

    /// The ring's `IORING_SQ_*` flags. Relaxed: a hint we act on with a syscall, which orders
    /// everything else.
    pub fn flags(&self) -> u32 {
        // SAFETY: as in `head`.
        unsafe { (*self.flags).load(Ordering::Relaxed) }
    }
}
