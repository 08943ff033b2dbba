//! The kernel's side of io_uring: its structures, declared by hand from
//! `include/uapi/linux/io_uring.h`, its numbers (`constants.rs`), and the six system calls it
//! takes (`calls.rs`).
//!
//! Everything here is the same on x86_64 and aarch64: the structures use fixed-size fields
//! only, and io_uring's syscall numbers (425 to 427) were added after Linux 5.1 unified the
//! tables. The layout assertions below pin every structure the kernel reads or writes in our
//! memory, so a wrong field breaks the build, not a request.

mod calls;
mod constants;
pub use calls::*;
pub use constants::*;

use core::mem::{offset_of, size_of};

/// `struct io_sqring_offsets`: where, inside the mapped submission ring, each of its fields
/// lives. The kernel fills it in during `io_uring_setup`; the offsets are not fixed by the ABI,
/// which is how the kernel stays free to rearrange the ring.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct SqringOffsets {
    /// The head index (`u32`): the next entry the kernel will take. Written by the kernel.
    pub head: u32,
    /// The tail index (`u32`): one past the last entry we published. Written by us.
    pub tail: u32,
    /// `entries - 1`: an index masked with it is a slot number.
    pub ring_mask: u32,
    /// The number of slots.
    pub ring_entries: u32,
    /// Flags the kernel sets for us (`IORING_SQ_*`).
    pub flags: u32,
    /// Entries the kernel dropped as invalid.
    pub dropped: u32,
    /// The index array (`u32` per slot): slot `i` of the ring names SQE `array[i]`.
    pub array: u32,
    /// Reserved.
    pub resv1: u32,
    /// With `IORING_SETUP_NO_MMAP` only (not used here): where our own memory is.
    pub user_addr: u64,
}

/// `struct io_cqring_offsets`: the same for the completion ring.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct CqringOffsets {
    /// The head index: the next completion we will read. Written by us.
    pub head: u32,
    /// The tail index: one past the last completion the kernel posted. Written by the kernel.
    pub tail: u32,
    /// `entries - 1`.
    pub ring_mask: u32,
    /// The number of slots.
    pub ring_entries: u32,
    /// Completions lost because the ring was full (only without `IORING_FEAT_NODROP`).
    pub overflow: u32,
    /// The array of `struct io_uring_cqe`.
    pub cqes: u32,
    /// Flags we may set (`IORING_CQ_EVENTFD_DISABLED`).
    pub flags: u32,
    /// Reserved.
    pub resv1: u32,
    /// With `IORING_SETUP_NO_MMAP` only.
    pub user_addr: u64,
}

/// `struct io_uring_params`: what we ask of `io_uring_setup`, and what it answers.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct IoUringParams {
    /// Submission slots; the kernel rounds up to a power of two.
    pub sq_entries: u32,
    /// Completion slots: twice `sq_entries` unless `IORING_SETUP_CQSIZE` asks for more.
    pub cq_entries: u32,
    /// `IORING_SETUP_*`.
    pub flags: u32,
    /// For a kernel polling thread (`IORING_SETUP_SQPOLL`, not used here).
    pub sq_thread_cpu: u32,
    /// The same.
    pub sq_thread_idle: u32,
    /// Filled in by the kernel: `IORING_FEAT_*`, what this kernel can do.
    pub features: u32,
    /// With `IORING_SETUP_ATTACH_WQ`: another ring whose worker threads to share.
    pub wq_fd: u32,
    /// Reserved, zero.
    pub resv: [u32; 3],
    /// Filled in by the kernel.
    pub sq_off: SqringOffsets,
    /// Filled in by the kernel.
    pub cq_off: CqringOffsets,
}

/// `struct io_uring_sqe`: one submission queue entry, 64 bytes: *what* to do.
///
/// In C most fields are unions whose meaning depends on the opcode; here each field has the
/// name of its most common use, and `entry.rs` fills them per operation. The kernel copies
/// the whole entry when it takes it from the ring, so the entry itself is ours again then;
/// only what it *points to* (a buffer, a `timespec`) may stay lent for longer.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct Sqe {
    /// `IORING_OP_*`: the operation.
    pub opcode: u8,
    /// `IOSQE_*`: link to the next entry, pick a provided buffer, ...
    pub flags: u8,
    /// Operation flags of some opcodes: `IORING_ACCEPT_MULTISHOT`, `IORING_RECVSEND_*`.
    pub ioprio: u16,
    /// The descriptor to act on.
    pub fd: i32,
    /// `off` (file offset, or a timeout's completion count), or `addr2` (accept's address
    /// length pointer).
    pub off: u64,
    /// `addr`: a buffer, a `timespec`, the `user_data` to cancel.
    pub addr: u64,
    /// `len`: a buffer's length, or 1 for a timeout's one `timespec`.
    pub len: u32,
    /// The union of per-operation flags: `msg_flags` of send/recv, `timeout_flags`,
    /// `accept_flags`, `cancel_flags`, ...
    pub op_flags: u32,
    /// Ours: copied into this entry's completion unchanged. The kernel never looks at it.
    pub user_data: u64,
    /// `buf_index`, or `buf_group` with `IOSQE_BUFFER_SELECT`: which provided buffers to use.
    pub buf_group: u16,
    /// `personality`: credentials to act with (0: ours).
    pub personality: u16,
    /// `splice_fd_in` / `file_index` / `optlen`.
    pub file_index: u32,
    /// `addr3`.
    pub addr3: u64,
    /// `__pad2`.
    pub pad: u64,
}

/// `struct io_uring_cqe`: one completion, 16 bytes: *what happened*.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Cqe {
    /// The `user_data` of the entry this completes.
    pub user_data: u64,
    /// The result, as the syscall would have returned it: a count or a descriptor, or
    /// `-errno`.
    pub res: i32,
    /// `IORING_CQE_F_*`: more to come, which provided buffer, ...
    pub flags: u32,
}

/// `struct __kernel_timespec`: 64-bit seconds and nanoseconds on every CPU (unlike C's
/// `struct timespec`, whose `long` is 32 bits on 32-bit systems).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Timespec {
    /// Seconds.
    pub tv_sec: i64,
    /// Nanoseconds, 0 to 999,999,999.
    pub tv_nsec: i64,
}

impl Timespec {
    /// `duration`, saturated at `i64::MAX` seconds.
    pub fn from_duration(duration: core::time::Duration) -> Timespec {
        Timespec {
            tv_sec: i64::try_from(duration.as_secs()).unwrap_or(i64::MAX),
            tv_nsec: i64::from(duration.subsec_nanos()),
        }
    }
}

/// `struct io_uring_getevents_arg`: with `IORING_ENTER_EXT_ARG`, `io_uring_enter`'s fifth
/// argument points to this instead of to a signal mask, so that a wait can have a timeout.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct GeteventsArg {
    /// A signal mask to wait with (0: keep ours).
    pub sigmask: u64,
    /// Its size.
    pub sigmask_sz: u32,
    /// `min_wait_usec` (Linux 6.12; 0 before, where the field was padding).
    pub min_wait_usec: u32,
    /// A pointer to a [`Timespec`]: how long to wait at most (0: forever).
    pub ts: u64,
}

/// `struct io_uring_probe_op`: one opcode in the answer of `IORING_REGISTER_PROBE`.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct ProbeOp {
    /// The opcode.
    pub op: u8,
    /// Reserved.
    pub resv: u8,
    /// `IO_URING_OP_SUPPORTED` if this kernel knows it.
    pub flags: u16,
    /// Reserved.
    pub resv2: u32,
}

/// `struct io_uring_probe` with room for every opcode a `u8` can name: the kernel fills in
/// `ops[..ops_len]`.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct Probe {
    /// The highest opcode this kernel knows.
    pub last_op: u8,
    /// How many of `ops` it filled in.
    pub ops_len: u8,
    /// Reserved.
    pub resv: u16,
    /// Reserved.
    pub resv2: [u32; 3],
    /// One entry per opcode, from 0.
    pub ops: [ProbeOp; 256],
}

/// `struct io_uring_buf`: one entry of a provided-buffer ring: a buffer the kernel may fill.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct Buf {
    /// The buffer's address.
    pub addr: u64,
    /// Its length.
    pub len: u32,
    /// Its id, which the completion that used it carries back (`flags >> 16`).
    pub bid: u16,
    /// Reserved, except in entry 0, where these two bytes are the ring's tail.
    pub resv: u16,
}

/// Where the tail of a provided-buffer ring lives: in the reserved field of its first entry,
/// so that the ring needs no header (`struct io_uring_buf_ring`).
pub const BUF_RING_TAIL_OFFSET: usize = offset_of!(Buf, resv);

/// `struct io_uring_buf_reg`: the argument of `IORING_REGISTER_PBUF_RING`.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct BufReg {
    /// The ring's address: page-aligned memory of ours, `ring_entries` [`Buf`]s long.
    pub ring_addr: u64,
    /// A power of two, at most 32768.
    pub ring_entries: u32,
    /// The group id that `IOSQE_BUFFER_SELECT` entries name in `buf_group`.
    pub bgid: u16,
    /// `IOU_PBUF_RING_*` (none here: our memory, whole buffers).
    pub flags: u16,
    /// Reserved, zero.
    pub resv: [u64; 3],
}

// The layouts, as the kernel's header defines them (checked on every target that builds this).
const _: () = {
    assert!(size_of::<SqringOffsets>() == 40);
    assert!(offset_of!(SqringOffsets, array) == 24);
    assert!(offset_of!(SqringOffsets, user_addr) == 32);
    assert!(size_of::<CqringOffsets>() == 40);
    assert!(offset_of!(CqringOffsets, cqes) == 20);
    assert!(offset_of!(CqringOffsets, user_addr) == 32);
    assert!(size_of::<IoUringParams>() == 120);
    assert!(offset_of!(IoUringParams, features) == 20);
    assert!(offset_of!(IoUringParams, sq_off) == 40);
    assert!(offset_of!(IoUringParams, cq_off) == 80);
    assert!(size_of::<Sqe>() == 64);
    assert!(offset_of!(Sqe, fd) == 4);
    assert!(offset_of!(Sqe, off) == 8);
    assert!(offset_of!(Sqe, addr) == 16);
    assert!(offset_of!(Sqe, len) == 24);
    assert!(offset_of!(Sqe, op_flags) == 28);
    assert!(offset_of!(Sqe, user_data) == 32);
    assert!(offset_of!(Sqe, buf_group) == 40);
    assert!(offset_of!(Sqe, file_index) == 44);
    assert!(offset_of!(Sqe, addr3) == 48);
    assert!(size_of::<Cqe>() == 16);
    assert!(offset_of!(Cqe, res) == 8);
    assert!(offset_of!(Cqe, flags) == 12);
    assert!(size_of::<Timespec>() == 16);
    assert!(size_of::<GeteventsArg>() == 24);
    assert!(offset_of!(GeteventsArg, ts) == 16);
    assert!(size_of::<ProbeOp>() == 8);
    assert!(offset_of!(Probe, ops) == 16);
    assert!(size_of::<Buf>() == 16);
    assert!(BUF_RING_TAIL_OFFSET == 14);
    assert!(size_of::<BufReg>() == 40);
};
