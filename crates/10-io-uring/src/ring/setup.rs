//! `io_uring_setup` and the three mappings: how a `Ring` comes to be.
//!
//! The kernel answers `io_uring_setup` with a descriptor and, in `io_uring_params`, the real
//! sizes and the offsets of every field inside the memory it shares; the offsets are not part
//! of the ABI, so they are read here, never assumed.

use std::collections::VecDeque;
use std::io;
use std::os::fd::AsFd;
use std::sync::atomic::AtomicU32;

use crate::sys::{
    self, Cqe, IORING_FEAT_SINGLE_MMAP, IORING_OFF_CQ_RING, IORING_OFF_SQ_RING, IORING_OFF_SQES,
    IORING_SETUP_CLAMP, IORING_SETUP_CQSIZE, IoUringParams, Sqe, Timespec,
};

use super::completion::CompletionQueue;
use super::submission::SubmissionQueue;
use super::{Mapping, MonotonicClock, Options, Ring, Stats, os_error};

/// `io_uring_setup(options)`, then the mappings.
pub(super) fn setup(options: Options) -> io::Result<Ring> {
    let mut params = IoUringParams {
        flags: options.flags | IORING_SETUP_CLAMP,
        ..IoUringParams::default()
    };
    if options.cq_entries > 0 {
        params.flags |= IORING_SETUP_CQSIZE;
        params.cq_entries = options.cq_entries;
    }
    let fd = sys::io_uring_setup(options.sq_entries, &mut params).map_err(os_error)?;
    let (sq_off, cq_off) = (params.sq_off, params.cq_off);
    // The rings end with their arrays: one u32 index per SQ slot, one CQE per CQ slot.
    let sq_len = sq_off.array as usize + params.sq_entries as usize * size_of::<u32>();
    let cq_len = cq_off.cqes as usize + params.cq_entries as usize * size_of::<Cqe>();
    let single = params.features & IORING_FEAT_SINGLE_MMAP != 0;
    let rings = if single {
        Mapping::ring_part(fd.as_fd(), sq_len.max(cq_len), IORING_OFF_SQ_RING)?
    } else {
        Mapping::ring_part(fd.as_fd(), sq_len, IORING_OFF_SQ_RING)?
    };
    let cq_ring = if single {
        None
    } else {
        Some(Mapping::ring_part(fd.as_fd(), cq_len, IORING_OFF_CQ_RING)?)
    };
    let sqe_len = params.sq_entries as usize * size_of::<Sqe>();
    let sqes = Mapping::ring_part(fd.as_fd(), sqe_len, IORING_OFF_SQES)?;
    let cq_map = cq_ring.as_ref().unwrap_or(&rings);

    let entries = params.sq_entries;
    let sq = SubmissionQueue {
        head: rings.at::<AtomicU32>(sq_off.head),
        tail: rings.at::<AtomicU32>(sq_off.tail),
        flags: rings.at::<AtomicU32>(sq_off.flags),
        sqes: sqes.at::<Sqe>(0),
        mask: read_constant(&rings, sq_off.ring_mask),
        entries: read_constant(&rings, sq_off.ring_entries),
        local_tail: read_constant(&rings, sq_off.tail),
        timespecs: vec![Timespec::default(); entries as usize].into_boxed_slice(),
    };
    // The index array maps ring slot i to SQE i, once and for all (as liburing does):
    // then the SQE for the entry at tail t is simply SQE t & mask.
    let array = rings.at::<u32>(sq_off.array);
    for i in 0..entries {
        // SAFETY: `array` has `entries` u32s (its length is part of `sq_len`, which the
        // mapping covers); no entry is published yet, so the kernel reads none of them now.
        unsafe { array.add(i as usize).write(i) };
    }
    let cq = CompletionQueue {
        head: cq_map.at::<AtomicU32>(cq_off.head),
        tail: cq_map.at::<AtomicU32>(cq_off.tail),
        cqes: cq_map.at::<Cqe>(cq_off.cqes),
        mask: read_constant(cq_map, cq_off.ring_mask),
        entries: read_constant(cq_map, cq_off.ring_entries),
        local_head: read_constant(cq_map, cq_off.head),
    };
    assert!(sq.mask + 1 == sq.entries && cq.mask + 1 == cq.entries);
    Ok(Ring {
        sq,
        cq,
        stash: VecDeque::new(),
        features: params.features,
        flags: params.flags,
        stats: Stats::default(),
        clock: MonotonicClock::read().map_err(os_error)?,
        _rings: rings,
        _cq_ring: cq_ring,
        _sqes: sqes,
        fd,
    })
}

/// A value the kernel wrote once at setup (a mask, a size, an initial index), read once.
fn read_constant(map: &Mapping, offset: u32) -> u32 {
    // SAFETY: `at` checked the offset is inside the mapping and aligned; the value is an
    // index or constant the kernel stores atomically, read here before any request exists.
    unsafe { (*map.at::<AtomicU32>(offset)).load(std::sync::atomic::Ordering::Acquire) }
}
