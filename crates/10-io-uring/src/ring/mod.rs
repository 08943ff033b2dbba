//! `Ring`: one io_uring instance, its two queues mapped into our memory.
//!
//! `io_uring_setup` makes the instance and answers with a descriptor and a list of offsets.
//! Three pieces of memory are then mapped from that descriptor:
//!
//! | `mmap` offset | what | who writes what |
//! |---|---|---|
//! | `IORING_OFF_SQ_RING` | submission ring: head, tail, flags, an index per slot | we: tail, indexes; kernel: head, flags |
//! | `IORING_OFF_CQ_RING` | completion ring: head, tail, the CQEs themselves | we: head; kernel: tail, CQEs |
//! | `IORING_OFF_SQES` | the SQE array, 64 bytes per slot | we |
//!
//! With `IORING_FEAT_SINGLE_MMAP` (Linux 5.4 and later) the two rings are one mapping, so
//! two `mmap` calls suffice. After that, a request costs no system call to *describe* (we
//! write an SQE into shared memory) and none to *collect* (we read a CQE from shared memory).
//! The only call left is `io_uring_enter`, which hands the kernel every entry written since
//! the last one and, if asked, waits for completions: one call for any number of requests.

mod clock;
mod completion;
mod mapping;
mod setup;
mod submission;

pub use clock::MonotonicClock;
pub use mapping::Mapping;
pub use submission::Full;

use std::collections::VecDeque;
use std::io;
use std::os::fd::{AsFd, BorrowedFd, OwnedFd};
use std::time::{Duration, Instant};

use raw_syscall::Errno;

use crate::sys::{
    self, Cqe, GeteventsArg, IORING_CQE_F_MORE, IORING_ENTER_EXT_ARG, IORING_ENTER_GETEVENTS,
    IORING_OP_LINK_TIMEOUT, IORING_OP_TIMEOUT, IORING_TIMEOUT_ABS, Sqe, Timespec,
};
use completion::CompletionQueue;
use submission::SubmissionQueue;

/// What to ask `io_uring_setup` for.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Submission slots (rounded up to a power of two by the kernel).
    pub sq_entries: u32,
    /// Completion slots (0: the kernel's default, twice `sq_entries`).
    pub cq_entries: u32,
    /// Extra `IORING_SETUP_*` flags.
    pub flags: u32,
}

/// What a ring has done, for the lesson's output and the benchmark.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// `io_uring_enter` calls.
    pub enters: u64,
    /// Entries the kernel took.
    pub submitted: u64,
    /// Completions read.
    pub completed: u64,
    /// Completions that ended their request (without `IORING_CQE_F_MORE`).
    pub finished: u64,
}

/// One io_uring instance: the descriptor, the mapped rings, and our side of both queues.
///
/// Single-threaded by construction (it holds raw pointers into the rings, so it is neither
/// `Send` nor `Sync`): each queue has exactly one writer on our side, which is what makes
/// the lock-free protocol in `submission.rs` and `completion.rs` correct.
pub struct Ring {
    sq: SubmissionQueue,
    cq: CompletionQueue,
    /// Completions moved out of the completion ring before the caller asked for them, to let
    /// a submission through (see `submit_for_room`); handed out before the ring's own. Empty
    /// but for that rare case.
    stash: VecDeque<Cqe>,
    features: u32,
    flags: u32,
    stats: Stats,
    /// `Instant` and `CLOCK_MONOTONIC` read together at setup, for absolute timeouts.
    clock: MonotonicClock,
    // The mappings, then the descriptor: unmapped first, closed last.
    _rings: Mapping,
    _cq_ring: Option<Mapping>,
    _sqes: Mapping,
    fd: OwnedFd,
}

impl Ring {
    /// A ring with `entries` submission slots and the default completion ring.
    pub fn new(entries: u32) -> io::Result<Ring> {
        Ring::with_options(Options {
            sq_entries: entries,
            cq_entries: 0,
            flags: 0,
        })
    }

    /// `io_uring_setup`, then the mappings (`setup.rs`).
    pub fn with_options(options: Options) -> io::Result<Ring> {
        setup::setup(options)
    }

    /// The kernel's `IORING_FEAT_*` bits.
    pub fn features(&self) -> u32 {
        self.features
    }

    /// The `IORING_SETUP_*` flags the ring was made with.
    pub fn setup_flags(&self) -> u32 {
        self.flags
    }

    /// Submission slots.
    pub fn sq_entries(&self) -> u32 {
        self.sq.entries
    }

    /// Completion slots.
    pub fn cq_entries(&self) -> u32 {
        self.cq.entries
    }

    /// How many `mmap` calls the rings took: 2 with `IORING_FEAT_SINGLE_MMAP`, else 3.
    pub fn mappings(&self) -> usize {
        if self._cq_ring.is_some() { 3 } else { 2 }
    }

    /// What the ring has done so far.
    pub fn stats(&self) -> Stats {
        self.stats
    }

    /// Requests the kernel has taken and not finished: each ends with exactly one completion
    /// without `IORING_CQE_F_MORE`.
    pub fn in_flight(&self) -> u64 {
        self.stats.submitted - self.stats.finished
    }

    /// Entries written and not taken by the kernel yet.
    pub fn unsubmitted(&self) -> u32 {
        self.sq.pending()
    }

    /// Free submission slots.
    pub fn space(&self) -> u32 {
        self.sq.space()
    }

    /// Makes sure `n` entries can be written without a submission in between (for linked
    /// entries, which must arrive together: a chain cut at the end of one submission ends
    /// there, and a lone `LINK_TIMEOUT` in the next fails with `EINVAL`).
    ///
    /// Submits what is there, as often as it takes, until there is room: one submission may
    /// free fewer slots than it was handed, since the kernel stops at the first entry it
    /// cannot start (that one completes with an error; the rest stay in the ring). Fails with
    /// `WouldBlock` only if the kernel takes nothing at all, and with `InvalidInput` if `n` is
    /// more than the ring holds.
    pub fn reserve(&mut self, n: u32) -> io::Result<()> {
        if n > self.sq.entries {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "more entries reserved than the submission ring holds",
            ));
        }
        while self.sq.space() < n {
            let before = self.sq.space();
            self.submit_for_room()?;
            if self.sq.space() == before {
                return Err(io::Error::new(
                    io::ErrorKind::WouldBlock,
                    "the submission ring is full and the kernel took nothing",
                ));
            }
        }
        Ok(())
    }

    /// One submit-only `io_uring_enter`, to free submission slots; returns how many entries
    /// the kernel took.
    ///
    /// `EBUSY` and `EAGAIN` here are transient: the kernel will take entries once completions
    /// are read (`EBUSY`: completions wait in the kernel for room in the completion ring, on
    /// kernels that refuse new work until then) or once it has the memory (`EAGAIN`). Neither
    /// may end a server, so the completions ready now are moved from the ring into `stash`
    /// (where [`next_completion`](Self::next_completion) hands them out first, in order), and
    /// the submission is tried once more.
    fn submit_for_room(&mut self) -> io::Result<u32> {
        match self.enter(0, None) {
            Err(error) if is_transient(&error) => {
                self.stash.extend(std::iter::from_fn(|| self.cq.pop()));
                match self.enter(0, None) {
                    Err(error) if is_transient(&error) => Ok(0),
                    taken => taken,
                }
            }
            taken => taken,
        }
    }

    /// Writes `entry` into the submission ring, to be taken by the next `io_uring_enter`. If
    /// the ring is full, submits what is there first (one `io_uring_enter` that does not
    /// wait). No system call otherwise.
    ///
    /// # Safety
    ///
    /// The kernel acts on the entry *later*, after this call returns, so what it names must
    /// stay valid for that long:
    ///
    /// - a descriptor in `fd` must stay open until the request's completion is read;
    /// - memory it points to (a buffer in `addr`) must stay allocated, and must not be
    ///   written (for a send) or read or written (for a receive) by this program, until then;
    /// - its `user_data` must let the caller recognise the completion.
    ///
    /// If the ring is dropped before the completion is read, "until then" means for ever:
    /// closing a ring cancels its requests, but not before `close` returns.
    pub unsafe fn push(&mut self, entry: &Sqe) -> io::Result<()> {
        // SAFETY: the caller's guarantees, passed on.
        unsafe { self.push_inner(entry, None) }
    }

    /// [`push`](Self::push) for a timeout entry (`IORING_OP_TIMEOUT`, `IORING_OP_LINK_TIMEOUT`):
    /// the `timespec` it needs is kept by the ring for as long as the kernel may read it, and
    /// the entry's `addr` is set to point to it.
    ///
    /// # Safety
    ///
    /// As for [`push`](Self::push).
    pub unsafe fn push_timeout(&mut self, entry: &Sqe, after: Duration) -> io::Result<()> {
        // SAFETY: the caller's guarantees, passed on; the timespec is the ring's.
        unsafe { self.push_inner(entry, Some(Timespec::from_duration(after))) }
    }

    /// [`push_timeout`](Self::push_timeout) with a time instead of a duration: the entry gets
    /// `IORING_TIMEOUT_ABS`, and the timer fires at `at` however late the kernel takes it (a
    /// relative one starts only then: see `clock.rs`). A time already past fires at once.
    ///
    /// # Safety
    ///
    /// As for [`push`](Self::push).
    pub unsafe fn push_timeout_at(&mut self, entry: &Sqe, at: Instant) -> io::Result<()> {
        // Bit 0 of `op_flags` is `IORING_TIMEOUT_ABS` only for a timeout: on a send it would
        // be `MSG_OOB`.
        debug_assert!(matches!(
            entry.opcode,
            IORING_OP_TIMEOUT | IORING_OP_LINK_TIMEOUT
        ));
        let entry = Sqe {
            op_flags: entry.op_flags | IORING_TIMEOUT_ABS,
            ..*entry
        };
        let at = self.clock.timespec(at);
        // SAFETY: the caller's guarantees, passed on; the timespec is the ring's.
        unsafe { self.push_inner(&entry, Some(at)) }
    }

    /// # Safety
    ///
    /// As for [`push`](Self::push).
    unsafe fn push_inner(&mut self, entry: &Sqe, timeout: Option<Timespec>) -> io::Result<()> {
        self.reserve(1)?;
        self.sq
            .push(entry, timeout)
            .map_err(|Full| unreachable!("reserve(1) made room"))
    }

    /// Hands the kernel every entry written so far, without waiting. Returns how many it took
    /// (0, not an error, if the kernel can take none for now: see `submit_for_room`).
    pub fn submit(&mut self) -> io::Result<u32> {
        self.submit_for_room()
    }

    /// Hands the kernel every entry written so far, and waits until at least `want`
    /// completions are ready or `timeout` passes (`None`: no limit): one `io_uring_enter`.
    ///
    /// Returns early, with fewer completions, if the timeout passes (`ETIME`), a signal
    /// interrupts the wait (`EINTR`), or the kernel asks us to read completions first
    /// (`EAGAIN`, `EBUSY`): callers look at the completion ring and loop anyway.
    pub fn submit_and_wait(&mut self, want: u32, timeout: Option<Duration>) -> io::Result<()> {
        match self.enter(want, timeout) {
            Ok(_) => Ok(()),
            Err(error) if returns_early(&error) => Ok(()),
            Err(error) => Err(error),
        }
    }

    /// Takes the next completion, if one is ready (no system call).
    pub fn next_completion(&mut self) -> Option<Cqe> {
        let cqe = self.stash.pop_front().or_else(|| self.cq.pop())?;
        self.stats.completed += 1;
        if cqe.flags & IORING_CQE_F_MORE == 0 {
            self.stats.finished += 1;
        }
        Some(cqe)
    }

    /// Completions ready to be taken.
    pub fn ready(&self) -> u32 {
        // The stash holds at most one completion ring's worth at a time: it fits a u32.
        self.stash.len() as u32 + self.cq.ready()
    }

    /// The submission ring's `IORING_SQ_*` flags.
    pub fn sq_flags(&self) -> u32 {
        self.sq.flags()
    }

    /// Publishes the written entries, then one `io_uring_enter`: submit them, and with
    /// `want > 0` wait for that many completions (at most `timeout`).
    fn enter(&mut self, want: u32, timeout: Option<Duration>) -> io::Result<u32> {
        self.sq.publish();
        let to_submit = self.sq.pending();
        let mut flags = if want > 0 { IORING_ENTER_GETEVENTS } else { 0 };
        let ts = timeout.map(Timespec::from_duration);
        let arg = ts.as_ref().map(|ts| GeteventsArg {
            ts: ts as *const Timespec as u64,
            ..GeteventsArg::default()
        });
        if arg.is_some() {
            flags |= IORING_ENTER_EXT_ARG;
        }
        self.stats.enters += 1;
        // SAFETY: every published entry was written by `push`, whose callers guarantee what
        // it names stays valid; `arg` and the timespec it points to live until this returns.
        let taken =
            unsafe { sys::io_uring_enter(self.fd.as_fd(), to_submit, want, flags, arg.as_ref()) }
                .map_err(os_error)?;
        self.stats.submitted += u64::from(taken);
        Ok(taken)
    }
}

impl AsFd for Ring {
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.fd.as_fd()
    }
}

impl std::fmt::Debug for Ring {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Ring")
            .field("sq_entries", &self.sq.entries)
            .field("cq_entries", &self.cq.entries)
            .field("features", &format_args!("{:#x}", self.features))
            .field("stats", &self.stats)
            .finish()
    }
}

/// A kernel error as `io::Error`, which knows its name and text.
pub fn os_error(errno: Errno) -> io::Error {
    io::Error::from_raw_os_error(errno.raw())
}

/// Whether a submission failed only for now: `EBUSY` (completions wait in the kernel for room
/// in the completion ring) or `EAGAIN` (out of resources until completions are read).
fn is_transient(error: &io::Error) -> bool {
    let (eagain, ebusy) = (Errno::EAGAIN.raw(), Errno::EBUSY.raw());
    matches!(error.raw_os_error(), Some(code) if code == eagain || code == ebusy)
}

/// Whether `io_uring_enter` only returned before `want` completions: the timeout passed
/// (`ETIME`), a signal interrupted it (`EINTR`), it is out of resources until completions are
/// read (`EAGAIN`), or completions wait in the kernel for room in the ring (`EBUSY`).
fn returns_early(error: &io::Error) -> bool {
    const ETIME: i32 = crate::sys::ETIME;
    let (eintr, eagain, ebusy) = (Errno::EINTR.raw(), Errno::EAGAIN.raw(), Errno::EBUSY.raw());
    matches!(error.raw_os_error(), Some(code) if [ETIME, eintr, eagain, ebusy].contains(&code))
}
