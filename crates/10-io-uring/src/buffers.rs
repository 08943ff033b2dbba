//! Provided buffers: receive buffers the *kernel* picks, when data arrives.
//!
//! The completion model has a cost the readiness model does not: a receive must be given its
//! buffer when it starts, so ten thousand idle connections, each with a receive waiting,
//! hold ten thousand buffers doing nothing (lesson 06's IOCP client lends one per socket).
//! io_uring's answer (Linux 5.19) is a *provided-buffer ring*: we hand the kernel a pool of
//! buffers up front, and a receive started with `IOSQE_BUFFER_SELECT` takes one from the pool
//! only at the moment its data arrives. Its completion says which one (`flags >> 16`); we
//! read it and put it back. Memory then grows with the data in flight, not with connections.
//!
//! The pool's ring is a third shared ring, with the same discipline as the submission queue:
//! we write entries (address, length, id) at our tail and publish the tail with a release
//! store; the kernel takes entries from its head, which it keeps to itself.

use std::io;
use std::mem::ManuallyDrop;
use std::os::fd::AsFd;
use std::ptr::addr_of_mut;
use std::sync::atomic::{AtomicU16, Ordering};

use crate::ring::{Mapping, Ring, os_error};
use crate::sys::{
    self, BUF_RING_TAIL_OFFSET, Buf, BufReg, IORING_CQE_BUFFER_SHIFT, IORING_CQE_F_BUFFER,
    IORING_REGISTER_PBUF_RING, IORING_UNREGISTER_PBUF_RING,
};

/// A buffer the kernel filled and handed to us with a completion: ours until
/// [`BufferRing::give_back`]. Not `Clone`: only one owner can give it back.
#[derive(Debug, PartialEq, Eq)]
pub struct Taken {
    id: u16,
    len: usize,
}

/// A provided-buffer ring registered with a `Ring`, and the buffers it hands out.
///
/// Dropping it **leaks** its memory: the kernel keeps the addresses of the buffers for as
/// long as the group is registered, and a receive in flight could write into them. Only
/// [`unregister`](Self::unregister) frees it.
pub struct BufferRing {
    /// `count` entries of `struct io_uring_buf`; the tail overlays entry 0's `resv`.
    entries: ManuallyDrop<Mapping>,
    /// `count` buffers of `size` bytes, back to back.
    memory: ManuallyDrop<Mapping>,
    group: u16,
    count: u16,
    size: u32,
    /// Our tail: entries written, published or not.
    local_tail: u16,
    /// Which buffers are ours right now (taken from a completion, not given back).
    ours: Vec<bool>,
}

impl BufferRing {
    /// Registers a ring of `count` buffers of `size` bytes as buffer group `group` of `ring`,
    /// all of them given to the kernel. `count` must be a power of two (at most 32768).
    pub fn new(ring: &Ring, group: u16, count: u16, size: u32) -> io::Result<BufferRing> {
        assert!(count.is_power_of_two() && count <= 32768);
        let entries = Mapping::anonymous(usize::from(count) * size_of::<Buf>())?;
        let memory = Mapping::anonymous(usize::from(count) * size as usize)?;
        let mut reg = BufReg {
            ring_addr: entries.as_ptr() as u64,
            ring_entries: u32::from(count),
            bgid: group,
            ..BufReg::default()
        };
        // SAFETY: the kernel reads one `io_uring_buf_reg` from `reg`, a live local, and from
        // then on reads the entry array at `ring_addr`: page-aligned memory (`mmap`) of
        // `count` entries, which the value made below owns and never frees while registered.
        // The entries are all empty (tail 0) until `give_back`. (If this fails, the kernel
        // kept nothing, and the mappings are simply dropped.)
        unsafe {
            sys::io_uring_register(
                ring.as_fd(),
                IORING_REGISTER_PBUF_RING,
                (&raw mut reg).cast(),
                1,
            )
        }
        .map_err(os_error)?;
        let mut buffers = BufferRing {
            entries: ManuallyDrop::new(entries),
            memory: ManuallyDrop::new(memory),
            group,
            count,
            size,
            local_tail: 0,
            ours: vec![true; usize::from(count)],
        };
        for id in 0..count {
            buffers.give_back(Taken { id, len: 0 });
        }
        buffers.publish();
        Ok(buffers)
    }

    /// The group id a receive names in `buf_group`.
    pub fn group(&self) -> u16 {
        self.group
    }

    /// Each buffer's size: the most one receive can take.
    pub fn buffer_size(&self) -> u32 {
        self.size
    }

    /// How many buffers there are.
    pub fn count(&self) -> u16 {
        self.count
    }

    /// How many buffers are ours at the moment (taken and not given back).
    pub fn taken(&self) -> usize {
        self.ours.iter().filter(|&&ours| ours).count()
    }

    /// The buffer a receive's completion carries (`flags` with `IORING_CQE_F_BUFFER`), with
    /// the `len` bytes the kernel wrote into it: ours from now on. `None` if the completion
    /// carries no buffer, or one we already have (which would be a bug).
    pub fn take(&mut self, cqe_flags: u32, len: usize) -> Option<Taken> {
        if cqe_flags & IORING_CQE_F_BUFFER == 0 {
            return None;
        }
        let id = (cqe_flags >> IORING_CQE_BUFFER_SHIFT) as u16;
        let ours = self.ours.get_mut(usize::from(id))?;
        if *ours || len > self.size as usize {
            return None;
        }
        *ours = true;
        Some(Taken { id, len })
    }

    /// The bytes the kernel received into `taken`.
    pub fn bytes(&self, taken: &Taken) -> &[u8] {
        let start = usize::from(taken.id) * self.size as usize;
        // SAFETY: `taken` came from `take`, which checked that the id is inside the pool and
        // that `len` fits the buffer, and marked it ours: the kernel gave it up with the
        // completion and will not write it again until `give_back` returns it. The kernel wrote
        // those `len` bytes (and mmap zeroed the memory to begin with).
        unsafe { std::slice::from_raw_parts(self.memory.as_ptr().add(start), taken.len) }
    }

    /// Gives a buffer back to the kernel (unpublished until [`publish`](Self::publish)).
    pub fn give_back(&mut self, taken: Taken) {
        let id = usize::from(taken.id);
        // Only a buffer of this pool that we hold may go back: a second entry for a buffer
        // the kernel already has could let two receives fill it at once.
        assert!(
            self.ours.get(id) == Some(&true),
            "buffer {id} is not ours to give back"
        );
        self.ours[id] = false;
        let slot = usize::from(self.local_tail & (self.count - 1));
        let entry = self.entries.at::<Buf>((slot * size_of::<Buf>()) as u32);
        // SAFETY: the slot is inside the entry array (`at` checks). The kernel reads entries
        // only between its head and our published tail; this slot is at or past our tail, so
        // it does not read it now. At most `count` buffers exist, so the ring never holds more
        // than `count` entries and our tail never laps the kernel's head. The fields are
        // written one by one: entry 0's `resv` is the ring's tail, which only `publish` writes.
        unsafe {
            addr_of_mut!((*entry).addr)
                .write(self.memory.as_ptr().add(id * self.size as usize) as u64);
            addr_of_mut!((*entry).len).write(self.size);
            addr_of_mut!((*entry).bid).write(taken.id);
        }
        self.local_tail = self.local_tail.wrapping_add(1);
    }

    /// Publishes the buffers given back so far. **Release**: our writes of their entries come
    /// before the tail that makes them visible, pairing with the kernel's acquire load of the
    /// tail when it selects a buffer, exactly like the submission queue's tail.
    pub fn publish(&mut self) {
        let tail = self.entries.at::<AtomicU16>(BUF_RING_TAIL_OFFSET as u32);
        // SAFETY: the tail is a u16 inside the entry array, aligned (offset 14); the kernel
        // only reads it, atomically.
        unsafe { (*tail).store(self.local_tail, Ordering::Release) };
    }

    /// Unregisters the group from `ring`, after which the kernel no longer reads the entries
    /// or writes the buffers; then the memory is freed. Only call it with no receive that
    /// names the group in flight.
    pub fn unregister(mut self, ring: &Ring) -> io::Result<()> {
        let mut reg = BufReg {
            bgid: self.group,
            ..BufReg::default()
        };
        // SAFETY: the kernel reads one `io_uring_buf_reg` (only its group id) from a live local.
        unsafe {
            sys::io_uring_register(
                ring.as_fd(),
                IORING_UNREGISTER_PBUF_RING,
                (&raw mut reg).cast(),
                1,
            )
        }
        .map_err(os_error)?; // still registered: `self` is dropped, which leaks the memory
        // SAFETY: the group is unregistered, so the kernel holds neither address any more;
        // `self` is consumed and its `Drop` does not touch these fields.
        unsafe {
            ManuallyDrop::drop(&mut self.entries);
            ManuallyDrop::drop(&mut self.memory);
        }
        Ok(())
    }
}

impl std::fmt::Debug for BufferRing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BufferRing")
            .field("group", &self.group)
            .field("count", &self.count)
            .field("size", &self.size)
            .field("taken", &self.taken())
            .finish()
    }
}
