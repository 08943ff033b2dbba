//! The numbers io_uring takes: setup, enter and register flags, the operations we use and
//! their flags, and the few from other headers, each with the kernel version that added it.
//! Checked against the real headers by `scripts/facts.sh`.

// --- io_uring_setup ---------------------------------------------------------------------------

/// `IORING_SETUP_CQSIZE`: `cq_entries` says how big the completion ring is (Linux 5.5).
pub const IORING_SETUP_CQSIZE: u32 = 1 << 3;
/// `IORING_SETUP_CLAMP`: sizes above the kernel's maximum are lowered to it, not refused.
pub const IORING_SETUP_CLAMP: u32 = 1 << 4;
/// `IORING_SETUP_SUBMIT_ALL`: an entry that fails to start does not stop the ones after it
/// from being taken (Linux 5.18).
pub const IORING_SETUP_SUBMIT_ALL: u32 = 1 << 7;
/// `IORING_SETUP_SINGLE_ISSUER`: only the thread that made the ring submits (Linux 6.0).
pub const IORING_SETUP_SINGLE_ISSUER: u32 = 1 << 12;
/// `IORING_SETUP_DEFER_TASKRUN`: finish completions only when we ask for them, in
/// `io_uring_enter` with `GETEVENTS` (Linux 6.1; needs `SINGLE_ISSUER`).
pub const IORING_SETUP_DEFER_TASKRUN: u32 = 1 << 13;

/// `IORING_FEAT_SINGLE_MMAP`: both rings in one mapping (Linux 5.4).
pub const IORING_FEAT_SINGLE_MMAP: u32 = 1 << 0;
/// `IORING_FEAT_NODROP`: completions that find the ring full wait in the kernel instead of
/// being lost (Linux 5.5).
pub const IORING_FEAT_NODROP: u32 = 1 << 1;
/// `IORING_FEAT_FAST_POLL`: a socket operation that cannot finish yet waits on the socket
/// inside the kernel instead of blocking a worker thread (Linux 5.7).
pub const IORING_FEAT_FAST_POLL: u32 = 1 << 5;
/// `IORING_FEAT_EXT_ARG`: `io_uring_enter` takes a [`GeteventsArg`](super::GeteventsArg) (Linux 5.11).
pub const IORING_FEAT_EXT_ARG: u32 = 1 << 8;

/// `mmap` offsets naming which part of the ring to map.
pub const IORING_OFF_SQ_RING: u64 = 0;
/// The completion ring (the same mapping as the submission ring with `FEAT_SINGLE_MMAP`).
pub const IORING_OFF_CQ_RING: u64 = 0x800_0000;
/// The array of SQEs.
pub const IORING_OFF_SQES: u64 = 0x1000_0000;

/// `sq_ring->flags`: completions are waiting in the kernel because the ring was full.
pub const IORING_SQ_CQ_OVERFLOW: u32 = 1 << 1;

// --- io_uring_enter ---------------------------------------------------------------------------

/// Wait for `min_complete` completions.
pub const IORING_ENTER_GETEVENTS: u32 = 1 << 0;
/// The fifth argument is a [`GeteventsArg`](super::GeteventsArg).
pub const IORING_ENTER_EXT_ARG: u32 = 1 << 3;

// --- io_uring_register ------------------------------------------------------------------------

/// Which opcodes does this kernel know? (Linux 5.6)
pub const IORING_REGISTER_PROBE: u32 = 8;
/// Register a ring of provided buffers (Linux 5.19).
pub const IORING_REGISTER_PBUF_RING: u32 = 22;
/// Unregister it.
pub const IORING_UNREGISTER_PBUF_RING: u32 = 23;
/// [`ProbeOp::flags`](super::ProbeOp::flags): the opcode is supported.
pub const IO_URING_OP_SUPPORTED: u16 = 1 << 0;

// --- operations (`enum io_uring_op`) --------------------------------------------------------

/// Do nothing; complete with 0.
pub const IORING_OP_NOP: u8 = 0;
/// A timer; completes with `-ETIME` when it fires (Linux 5.4).
pub const IORING_OP_TIMEOUT: u8 = 11;
/// `accept4` (Linux 5.5; multishot 5.19).
pub const IORING_OP_ACCEPT: u8 = 13;
/// Cancel requests in flight (Linux 5.5).
pub const IORING_OP_ASYNC_CANCEL: u8 = 14;
/// A timer for the entry linked before it: cancels that one if it fires first (Linux 5.5).
pub const IORING_OP_LINK_TIMEOUT: u8 = 15;
/// `close` (Linux 5.6).
pub const IORING_OP_CLOSE: u8 = 19;
/// `send` (Linux 5.6).
pub const IORING_OP_SEND: u8 = 26;
/// `recv` (Linux 5.6).
pub const IORING_OP_RECV: u8 = 27;
/// `shutdown` (Linux 5.11).
pub const IORING_OP_SHUTDOWN: u8 = 34;

/// `Sqe::op_flags` of a timeout or link timeout: its `timespec` is a time on the clock
/// (`CLOCK_MONOTONIC` unless another clock flag is set), not a duration from when the kernel
/// takes the entry (Linux 5.5).
pub const IORING_TIMEOUT_ABS: u32 = 1 << 0;

/// `Sqe::flags`: the next entry starts only after this one succeeds.
pub const IOSQE_IO_LINK: u8 = 1 << 2;
/// `Sqe::flags`: take a buffer from group `buf_group` when data arrives.
pub const IOSQE_BUFFER_SELECT: u8 = 1 << 5;

/// `Sqe::ioprio` of an accept: keep accepting, one completion per connection.
pub const IORING_ACCEPT_MULTISHOT: u16 = 1 << 0;
/// `Sqe::ioprio` of a receive: wait for data before trying, for a socket known to be empty
/// (Linux 5.19).
pub const IORING_RECVSEND_POLL_FIRST: u16 = 1 << 0;
/// `Sqe::op_flags` of a cancel: every request that matches.
pub const IORING_ASYNC_CANCEL_ALL: u32 = 1 << 0;
/// `Sqe::op_flags` of a cancel: any request at all (no `user_data` to match).
pub const IORING_ASYNC_CANCEL_ANY: u32 = 1 << 2;

/// `Cqe::flags`: the completion used a provided buffer; its id is `flags >> 16`.
pub const IORING_CQE_F_BUFFER: u32 = 1 << 0;
/// `Cqe::flags`: the request goes on: more completions will carry its `user_data`.
pub const IORING_CQE_F_MORE: u32 = 1 << 1;
/// `Cqe::flags` of a receive: the socket still had data after it (Linux 5.19).
pub const IORING_CQE_F_SOCK_NONEMPTY: u32 = 1 << 2;
/// Where a provided buffer's id is in `Cqe::flags`.
pub const IORING_CQE_BUFFER_SHIFT: u32 = 16;

// --- from other headers, the same on x86_64 and aarch64 ---------------------------------------

/// `CLOCK_MONOTONIC` (`linux/time.h`): the clock of absolute timeouts, and of `Instant`.
pub const CLOCK_MONOTONIC: usize = 1;
/// `ETIME` (`asm-generic/errno.h`): a timeout request fired.
pub const ETIME: i32 = 62;
/// `ECANCELED`: the request was cancelled.
pub const ECANCELED: i32 = 125;
/// `MSG_DONTWAIT`: a recv that must not wait: `-EAGAIN` if nothing is there.
pub const MSG_DONTWAIT: u32 = 0x40;
/// `MSG_NOSIGNAL`: a send to a closed connection fails with `EPIPE` instead of raising
/// `SIGPIPE`.
pub const MSG_NOSIGNAL: u32 = 0x4000;
/// `SHUT_WR`: shut down the sending side.
pub const SHUT_WR: i32 = 1;
/// `SOCK_CLOEXEC` (= `O_CLOEXEC`): an accepted socket is not inherited by child programs.
pub const SOCK_CLOEXEC: u32 = 0o2000000;
/// `PROT_READ` (`asm-generic/mman-common.h`).
pub const PROT_READ: usize = 0x1;
/// `PROT_WRITE`.
pub const PROT_WRITE: usize = 0x2;
/// `MAP_SHARED`: we and the kernel see the same pages.
pub const MAP_SHARED: usize = 0x01;
/// `MAP_PRIVATE`.
pub const MAP_PRIVATE: usize = 0x02;
/// `MAP_ANONYMOUS`: memory not backed by a file.
pub const MAP_ANONYMOUS: usize = 0x20;
/// `MAP_POPULATE`: fault the pages in now, not on first touch.
pub const MAP_POPULATE: usize = 0x8000;
