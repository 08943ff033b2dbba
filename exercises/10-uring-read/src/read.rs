//! Your exercise: two opcodes lesson 10 does not use, `IORING_OP_READ` and `IORING_OP_WRITE`,
//! the ring's `read(2)` and `write(2)`. They work on any descriptor: pipes, files, sockets.
//!
//! Build the entries (`read`, `write`), then run one to its completion (`read_now`,
//! `write_now`). The one thing `recv` and `send` do not have is the *offset*: `pread(2)` reads
//! at a given one, `read(2)` at the file's current position, and moves it. One entry does both:
//! its `off` field is the offset, and `-1` (`u64::MAX`) means "the current position".
//!
//! The check builds entries and compares them field by field (no kernel needed), then runs
//! them on pipes and a file, where io_uring runs (else it says SKIPPED). Lesson 10's entries are
//! in `crates/10-io-uring/src/entry.rs`, its ring in `crates/10-io-uring/src/ring/mod.rs`.

use std::io;
use std::os::fd::BorrowedFd;

use io_uring::ring::Ring;
use io_uring::sys::Sqe;

/// An `IORING_OP_READ` entry: read up to `len` bytes from `fd` into `buf`, at `offset`, or at
/// the file's current position (moving it) if `offset` is `None`.
pub fn read(
    fd: BorrowedFd<'_>,
    buf: *mut u8,
    len: u32,
    offset: Option<u64>,
    user_data: u64,
) -> Sqe {
    let _ = (fd, buf, len, offset, user_data, Sqe::default());
    todo!(
        "an Sqe with opcode IORING_OP_READ (22), fd, addr = buf, len, off = the offset or \
         u64::MAX for the current position, user_data; every other field zero"
    )
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
    let _ = (fd, buf, len, offset, user_data);
    todo!("the same as `read`, with opcode IORING_OP_WRITE (23)")
}

/// Reads into `buf` from `fd` through `ring` (which has nothing else in flight), and waits
/// for the read to complete: the count read (0 at end of file), or the error.
pub fn read_now(
    ring: &mut Ring,
    fd: BorrowedFd<'_>,
    buf: &mut [u8],
    offset: Option<u64>,
) -> io::Result<usize> {
    let _ = (ring, fd, buf, offset);
    todo!(
        "push a `read` entry (unsafe: say why the buffer outlives the request), then \
         submit_and_wait and next_completion until its completion comes; res < 0 is -errno"
    )
}

/// Writes `buf` to `fd` through `ring` (which has nothing else in flight), and waits for the
/// write to complete: the count written, or the error.
pub fn write_now(
    ring: &mut Ring,
    fd: BorrowedFd<'_>,
    buf: &[u8],
    offset: Option<u64>,
) -> io::Result<usize> {
    let _ = (ring, fd, buf, offset);
    todo!("as `read_now`, with a `write` entry")
}
