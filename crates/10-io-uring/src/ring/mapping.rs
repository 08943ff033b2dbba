//! `Mapping`: memory from `mmap`, given back by `munmap` when dropped.

use core::ptr::NonNull;
use std::io;
use std::os::fd::BorrowedFd;

use crate::sys::{
    self, MAP_ANONYMOUS, MAP_POPULATE, MAP_PRIVATE, MAP_SHARED, PROT_READ, PROT_WRITE,
};

/// A range of mapped memory, readable and writable, unmapped when dropped.
///
/// Two kinds are made here: a part of a ring (shared with the kernel, which made the pages;
/// unmapping only removes *our* view of them, the kernel keeps its own until the ring's
/// descriptor is closed), and anonymous memory of ours that the kernel may be handed
/// (provided buffers). The second kind must outlive every request that can write into it: its
/// owner calls [`leak`](Self::leak) instead of dropping it if requests may still be running.
pub struct Mapping {
    ptr: NonNull<u8>,
    len: usize,
}

impl Mapping {
    /// Maps `len` bytes of the ring `fd`, starting at one of the `IORING_OFF_*` offsets.
    /// `MAP_POPULATE` makes the kernel fill in the page tables now: the first request does not
    /// pay for page faults.
    pub fn ring_part(fd: BorrowedFd<'_>, len: usize, offset: u64) -> io::Result<Mapping> {
        let flags = MAP_SHARED | MAP_POPULATE;
        let ptr = sys::mmap(len, PROT_READ | PROT_WRITE, flags, Some(fd), offset)
            .map_err(|errno| io::Error::from_raw_os_error(errno.raw()))?;
        Ok(Mapping { ptr, len })
    }

    /// `len` bytes of fresh, zeroed, page-aligned memory of our own.
    pub fn anonymous(len: usize) -> io::Result<Mapping> {
        let flags = MAP_PRIVATE | MAP_ANONYMOUS;
        let ptr = sys::mmap(len, PROT_READ | PROT_WRITE, flags, None, 0)
            .map_err(|errno| io::Error::from_raw_os_error(errno.raw()))?;
        Ok(Mapping { ptr, len })
    }

    /// The first byte.
    pub fn as_ptr(&self) -> *mut u8 {
        self.ptr.as_ptr()
    }

    /// A pointer to a `T` at byte `offset`, which must lie inside the mapping and be aligned
    /// for `T` (the kernel's offsets are).
    pub fn at<T>(&self, offset: u32) -> *mut T {
        let offset = offset as usize;
        assert!(
            offset + size_of::<T>() <= self.len,
            "offset {offset} outside the mapping"
        );
        // SAFETY: `offset` is inside the mapping (checked above), so the result points into
        // the same allocation.
        let ptr = unsafe { self.ptr.as_ptr().add(offset) };
        assert!(ptr.cast::<T>().is_aligned(), "offset {offset} misaligned");
        ptr.cast()
    }

    /// Keeps the memory mapped for the rest of the process: for memory a request still in
    /// the kernel may write into, where unmapping could let it write into whatever is mapped
    /// there next.
    pub fn leak(self) {
        std::mem::forget(self);
    }
}

impl Drop for Mapping {
    fn drop(&mut self) {
        // SAFETY: the range came from `mmap` in a constructor above. Its owner drops it only
        // when nothing uses it any more: the ring's parts when the ring goes (the kernel keeps
        // its own view), our own memory when no request can reach it (otherwise it is leaked).
        let _ = unsafe { sys::munmap(self.ptr, self.len) };
    }
}
