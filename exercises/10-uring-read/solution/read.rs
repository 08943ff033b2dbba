//! Worked solution: `IORING_OP_READ` and `IORING_OP_WRITE`, the ring's `read(2)` and
//! `write(2)`.
//!
//! An entry is only 64 bytes of data; which fields mean what depends on the opcode. For a
//! read or a write they are the arguments of `pread(2)`/`pwrite(2)`: `fd`, the buffer in
//! `addr`, its length in `len`, the file offset in `off`. Two rules make them right:
//!
//! - **the offset**: `off` is an offset in the file, so `0` means "at byte 0" every time. To
//!   read where the file's position is, and move it, as `read(2)` does, `off` is `-1`
//!   (`u64::MAX`, Linux 5.6, `IORING_FEAT_RW_CUR_POS`). On a pipe or a socket there is no
//!   position and the offset is ignored, which is how a wrong `0` hides until the first file.
//! - **the buffer**: the kernel writes into it *after* `push` returns, whenever the read
//!   completes. A borrowed buffer is therefore only sound if the function does not return
//!   (ending the borrow) while the request may still run: `read_now` waits for the completion,
//!   and if the ring itself fails after the submission it aborts the process rather than
//!   hand back a buffer the kernel may yet write into.

use std::io;
use std::os::fd::{AsRawFd, BorrowedFd};

use io_uring::ring::Ring;
use io_uring::sys::Sqe;

/// `IORING_OP_READ` (`enum io_uring_op` in `include/uapi/linux/io_uring.h`).
const IORING_OP_READ: u8 = 22;
/// `IORING_OP_WRITE`, the next one.
const IORING_OP_WRITE: u8 = 23;

/// `off` for "the file's current position": `-1` as an unsigned 64-bit number.
const CURRENT_POSITION: u64 = u64::MAX;

/// The `user_data` of the one request `read_now`/`write_now` run.
const ONE_REQUEST: u64 = 0x5245_4144; // "READ"

/// An `IORING_OP_READ` entry: read up to `len` bytes from `fd` into `buf`, at `offset`, or at
/// the file's current position (moving it) if `offset` is `None`.
pub fn read(
    fd: BorrowedFd<'_>,
    buf: *mut u8,
    len: u32,
    offset: Option<u64>,
    user_data: u64,
) -> Sqe {
    Sqe {
        opcode: IORING_OP_READ,
        // A descriptor in an entry is only a number: the caller's `BorrowedFd` says it is
        // open now, and `Ring::push`'s contract makes it stay open until the completion.
        fd: fd.as_raw_fd(),
        addr: buf as u64,
        len,
        off: offset.unwrap_or(CURRENT_POSITION),
        user_data,
        // No flags (no link, no provided buffer), rw_flags 0 (no RWF_NOWAIT, ...), and the
        // other fields unused: zero, as the kernel checks for some of them.
        ..Sqe::default()
    }
}

/// An `IORING_OP_WRITE` entry: write `len` bytes from `buf` to `fd`, at `offset` or at the
/// current position.
pub fn write(
    fd: BorrowedFd<'_>,
    buf: *const u8,
    len: u32,
    offset: Option<u64>,
    user_data: u64,
) -> Sqe {
    Sqe {
        opcode: IORING_OP_WRITE,
        ..read(fd, buf.cast_mut(), len, offset, user_data)
    }
}

/// Reads into `buf` from `fd` through `ring` (which has nothing else in flight), and waits
/// for the read to complete: the count read (0 at end of file), or the error.
pub fn read_now(
    ring: &mut Ring,
    fd: BorrowedFd<'_>,
    buf: &mut [u8],
    offset: Option<u64>,
) -> io::Result<usize> {
    // A longer buffer is read in part, as any read may be.
    let len = u32::try_from(buf.len()).unwrap_or(u32::MAX);
    let entry = read(fd, buf.as_mut_ptr(), len, offset, ONE_REQUEST);
    // SAFETY: the kernel writes up to `len` bytes at `buf`, a live mutable slice at least that
    // long, and reads `fd`, open for as long as its borrow lasts. Both borrows outlive the
    // request: `run_one` returns only once its completion is taken (or never, if the ring
    // fails), so the kernel is done with both before the borrows end.
    unsafe { run_one(ring, &entry) }
}

/// Writes `buf` to `fd` through `ring` (which has nothing else in flight), and waits for the
/// write to complete: the count written, or the error.
pub fn write_now(
    ring: &mut Ring,
    fd: BorrowedFd<'_>,
    buf: &[u8],
    offset: Option<u64>,
) -> io::Result<usize> {
    let len = u32::try_from(buf.len()).unwrap_or(u32::MAX);
    let entry = write(fd, buf.as_ptr(), len, offset, ONE_REQUEST);
    // SAFETY: as in `read_now`; the kernel only reads the `len` bytes at `buf`.
    unsafe { run_one(ring, &entry) }
}

/// Pushes `entry`, submits it, and waits for its completion: its result as a count or an
/// error.
///
/// # Safety
///
/// What `entry` names (its descriptor, its buffer) must stay valid until this returns, as
/// `Ring::push` requires; this function does not return before the kernel is done with them.
unsafe fn run_one(ring: &mut Ring, entry: &Sqe) -> io::Result<usize> {
    // Step 1: the entry into the submission ring. If this fails (no room, and the kernel took
    // nothing), the kernel never saw the entry, and returning the error is safe.
    // SAFETY: the caller keeps what the entry names valid until we return, and we return
    // only after its completion.
    unsafe { ring.push(entry)? };
    // Step 2: submit, and sleep until a completion is ready: one `io_uring_enter`. It may return
    // early (a signal, `EINTR`), so look at the completion ring and go round again.
    loop {
        if let Err(error) = ring.submit_and_wait(1, None) {
            // The entry may be in the kernel already, reading into the caller's buffer.
            // Returning would end its borrow while the kernel may still write: the one safe
            // way out is not to return at all.
            eprintln!("uring-read: the ring failed with a read in flight ({error}): aborting");
            std::process::abort();
        }
        // Step 3: the completion carries the entry's `user_data` back; on a ring with nothing
        // else in flight it is ours, but a completion of someone else's must not be taken for it.
        while let Some(cqe) = ring.next_completion() {
            if cqe.user_data != ONE_REQUEST {
                continue;
            }
            // Step 4: `res` is what the system call would have returned: a count, or -errno.
            return if cqe.res < 0 {
                Err(io::Error::from_raw_os_error(-cqe.res))
            } else {
                Ok(cqe.res as usize)
            };
        }
    }
}
