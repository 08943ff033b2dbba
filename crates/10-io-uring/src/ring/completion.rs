//! The completion queue: the kernel writes completions, we take them.
//!
//! The mirror image of the submission queue: here the kernel owns the tail (it posts a
//! completion, then moves the tail past it) and we own the head (we read a completion, then
//! move the head past it, which gives the slot back to the kernel).

use std::sync::atomic::{AtomicU32, Ordering};

use crate::sys::Cqe;

/// Our side of the completion ring, made by `Ring::new` from the mapped memory.
pub struct CompletionQueue {
    /// Ours: the next completion to read.
    pub(super) head: *const AtomicU32,
    /// The kernel's: one past the last completion posted.
    pub(super) tail: *const AtomicU32,
    /// The CQE array, inside the ring mapping.
    pub(super) cqes: *const Cqe,
    /// `entries - 1`.
    pub(super) mask: u32,
    /// How many slots.
    pub(super) entries: u32,
    /// Our head. Only we change it.
    pub(super) local_head: u32,
}

impl CompletionQueue {
    /// The kernel's tail. **Acquire**: it pairs with the kernel's release store of the tail
    /// (`io_commit_cqring`), which comes after it wrote the completions before it. After this
    /// load the contents of those slots are visible to us, whole.
    fn tail(&self) -> u32 {
        // SAFETY: `tail` points into the mapped ring, alive as long as `self`; the kernel only
        // ever stores to it atomically.
        unsafe { (*self.tail).load(Ordering::Acquire) }
    }

    /// How many completions are waiting to be read.
    pub fn ready(&self) -> u32 {
        self.tail().wrapping_sub(self.local_head)
    }

    /// Takes the next completion, if there is one: copies it out, then gives its slot back.
    pub fn pop(&mut self) -> Option<Cqe> {
        if self.ready() == 0 {
            return None;
        }
        let slot = (self.local_head & self.mask) as usize;
        // SAFETY: `slot` < `entries`, inside the mapping. The slot is between our head and the
        // kernel's tail: the kernel wrote it before its release of the tail, which our
        // acquire load in `ready` saw, and it will not write the slot again until we move the
        // head past it (below).
        let cqe = unsafe { self.cqes.add(slot).read() };
        self.local_head = self.local_head.wrapping_add(1);
        // **Release**: our read of the slot (above) happens before the kernel can see the
        // slot as free and overwrite it. It pairs with the kernel's read of the head before
        // it posts a completion (a control dependency there, the kernel's comment says).
        // SAFETY: as in `tail`: a live index in the mapped ring; only we store to it.
        unsafe { (*self.head).store(self.local_head, Ordering::Release) };
        Some(cqe)
    }
}
