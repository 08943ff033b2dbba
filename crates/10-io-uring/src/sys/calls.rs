//! The six system calls, by lesson 01's raw syscalls.
//!
//! Why not the C library, as lesson 02 would? Because there is nothing there to call: glibc
//! and musl have no `io_uring_setup` or `io_uring_enter` (liburing, the C helper library,
//! makes them with the generic `syscall(2)` itself). Going through libc would mean declaring
//! the variadic `long syscall(long number, ...)`, a raw syscall with extra steps and C's
//! `errno` to read back. io_uring's real interface is the kernel's: three syscalls and memory
//! shared with it, so this lesson talks to the kernel directly, with the registers lesson 01
//! set up, and decodes `-errno` the way lesson 01 does.

use core::ffi::c_void;
use core::ptr::NonNull;
use std::os::fd::{AsRawFd, BorrowedFd, FromRawFd, OwnedFd};

use raw_syscall::Errno;
use raw_syscall::arch::{nr, syscall2, syscall4, syscall6};

use super::{CLOCK_MONOTONIC, GeteventsArg, IoUringParams, Timespec};

/// An `int` argument as a register: sign-extended, as the C compiler would.
fn int(value: i32) -> usize {
    value as isize as usize
}

/// `io_uring_setup(entries, params)`: makes a ring of at least `entries` submission slots and
/// returns its descriptor; the kernel fills in the rest of `params` (sizes, features, and the
/// offsets to map).
pub fn io_uring_setup(entries: u32, params: &mut IoUringParams) -> Result<OwnedFd, Errno> {
    // SAFETY: the kernel reads and writes the 120 bytes of `params`, a live, exclusively
    // borrowed `io_uring_params` of the kernel's layout (asserted in `mod.rs`).
    let raw = unsafe {
        syscall2(
            nr::IO_URING_SETUP,
            entries as usize,
            params as *mut IoUringParams as usize,
        )
    };
    let fd = Errno::from_linux_return(raw)?;
    // SAFETY: a successful `io_uring_setup` returns a new descriptor that nothing else owns.
    Ok(unsafe { OwnedFd::from_raw_fd(fd as i32) })
}

/// `io_uring_enter(fd, to_submit, min_complete, flags, arg, argsz)`: hands the kernel up to
/// `to_submit` published entries and, with `IORING_ENTER_GETEVENTS`, waits until at least
/// `min_complete` completions are in the ring (or `arg`'s timeout passes). Returns how many
/// entries the kernel took.
///
/// # Safety
///
/// Every entry between the ring's head and its published tail must be valid to execute: the
/// buffers and descriptors it names must stay valid for as long as `Ring::push` requires.
pub unsafe fn io_uring_enter(
    ring: BorrowedFd<'_>,
    to_submit: u32,
    min_complete: u32,
    flags: u32,
    arg: Option<&GeteventsArg>,
) -> Result<u32, Errno> {
    let (arg, size) = match arg {
        Some(arg) => (
            arg as *const GeteventsArg as usize,
            size_of::<GeteventsArg>(),
        ),
        None => (0, 0),
    };
    // SAFETY: the kernel reads the entries the caller vouches for, and at most one
    // `GeteventsArg` from `arg` (a live reference, or null with size 0) and the `Timespec` it
    // points to, which the caller keeps alive for this call.
    let raw = unsafe {
        syscall6(
            nr::IO_URING_ENTER,
            int(ring.as_raw_fd()),
            to_submit as usize,
            min_complete as usize,
            flags as usize,
            arg,
            size,
        )
    };
    Errno::from_linux_return(raw).map(|taken| taken as u32)
}

/// `clock_gettime(CLOCK_MONOTONIC, ts)`, by the real system call (the C library would take
/// the vDSO's faster path; this is read once per ring, to line `Instant` up with the kernel's
/// clock).
pub fn clock_gettime_monotonic() -> Result<Timespec, Errno> {
    let mut ts = Timespec::default();
    // SAFETY: the kernel writes one `__kernel_timespec` (16 bytes, asserted in `mod.rs`) to
    // `ts`, a live, exclusively borrowed local.
    let raw = unsafe {
        syscall2(
            nr::CLOCK_GETTIME,
            CLOCK_MONOTONIC,
            &mut ts as *mut Timespec as usize,
        )
    };
    Errno::from_linux_return(raw).map(|_| ts)
}

/// `io_uring_register(fd, opcode, arg, nr_args)`: registers resources with the ring, or asks
/// it questions (`IORING_REGISTER_PROBE`).
///
/// # Safety
///
/// `arg` must point to what `opcode` expects, `nr_args` of it, valid for reading and
/// writing for the call, and for longer if the opcode keeps it (a provided-buffer ring is used
/// until it is unregistered).
pub unsafe fn io_uring_register(
    ring: BorrowedFd<'_>,
    opcode: u32,
    arg: *mut c_void,
    nr_args: u32,
) -> Result<usize, Errno> {
    // SAFETY: the caller guarantees `arg` is what `opcode` reads and writes.
    let raw = unsafe {
        syscall4(
            nr::IO_URING_REGISTER,
            int(ring.as_raw_fd()),
            opcode as usize,
            arg as usize,
            nr_args as usize,
        )
    };
    Errno::from_linux_return(raw)
}

/// `mmap(NULL, len, prot, flags, fd, offset)`: new memory at an address the kernel picks:
/// `fd`'s (a ring's parts, at the `IORING_OFF_*` offsets) or, with `None`, anonymous memory.
///
/// Safe, because a new mapping at a free address changes no memory of ours. Using the
/// pointer is another matter, and so is giving the memory back ([`munmap`]).
pub fn mmap(
    len: usize,
    prot: usize,
    flags: usize,
    fd: Option<BorrowedFd<'_>>,
    offset: u64,
) -> Result<NonNull<u8>, Errno> {
    let fd = fd.map_or(-1, |fd| fd.as_raw_fd());
    // SAFETY: address 0 without MAP_FIXED: the kernel chooses an unused range, so no existing
    // memory of ours is replaced; it reads and writes nothing of ours.
    let raw = unsafe { syscall6(nr::MMAP, 0, len, prot, flags, int(fd), offset as usize) };
    let address = Errno::from_linux_return(raw)?;
    NonNull::new(address as *mut u8).ok_or(Errno::EFAULT)
}

/// `munmap(addr, len)`: gives a mapping back.
///
/// # Safety
///
/// `addr` and `len` must be a mapping made by [`mmap`], and nothing (neither this program nor
/// a request in the kernel) may use that memory afterwards.
pub unsafe fn munmap(addr: NonNull<u8>, len: usize) -> Result<(), Errno> {
    // SAFETY: the caller guarantees the range is a mapping nothing uses any more.
    let raw = unsafe { syscall2(nr::MUNMAP, addr.as_ptr() as usize, len) };
    Errno::from_linux_return(raw).map(drop)
}
