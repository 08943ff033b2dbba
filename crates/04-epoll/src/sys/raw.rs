//! The calls by raw syscalls: lesson 01's inline assembly, no C library in the path.
//!
//! The same six functions as `libc.rs`, with the same names and signatures. Writing them shows
//! what the C library did under those names: the kernel has no `epoll_wait` or `eventfd` on
//! aarch64, only `epoll_pwait` and `eventfd2` (glibc calls those on every CPU), and a failure
//! comes back as `-errno` in the result register, not in a thread-local `errno`.
//!
//! It needs only `core` and lesson 01, so a `no_std` program (lesson 09's server) calls these
//! directly: build this crate with `default-features = false, features = ["raw"]`.

use core::mem::MaybeUninit;

use raw_syscall::Errno;
use raw_syscall::arch::{nr, syscall1, syscall2, syscall4, syscall6};

use super::{EpollEvent, MAX_EVENTS};

/// Where this lesson's epoll calls go, for the lesson's output.
pub const BACKEND: &str = "raw syscalls (lesson 01's inline assembly), no C library";

/// The kernel's `sizeof(sigset_t)` (8 bytes), defined beside the kernel's other types.
#[doc(hidden)] // pub for the facts check (scripts/facts.sh) only
pub use super::KERNEL_SIGSET_SIZE;

/// An `int` argument (a descriptor, flags, a timeout) as a register: sign-extended, as the C
/// compiler would, so that `-1` stays `-1` in the 32 bits the kernel reads.
fn int(value: i32) -> usize {
    value as isize as usize
}

/// A new descriptor, from a raw result.
fn fd(raw: usize) -> Result<i32, Errno> {
    Errno::from_linux_return(raw).map(|fd| fd as i32)
}

/// `epoll_create1(flags)`: a new, empty interest list.
pub fn epoll_create1(flags: i32) -> Result<i32, Errno> {
    // SAFETY: takes only an integer; writes no memory of ours.
    fd(unsafe { syscall1(nr::EPOLL_CREATE1, int(flags)) })
}

/// `epoll_ctl(epfd, op, fd, event)`: add, change or remove `fd` in the interest list.
pub fn epoll_ctl(epfd: i32, op: i32, fd: i32, event: &EpollEvent) -> Result<(), Errno> {
    let event = event as *const EpollEvent as usize;
    // SAFETY: the kernel reads one `EpollEvent` from `event`, a live value of the layout it
    // expects (asserted in `mod.rs`), and copies it into the interest list; it keeps no pointer.
    let raw = unsafe { syscall4(nr::EPOLL_CTL, int(epfd), int(op), int(fd), event) };
    Errno::from_linux_return(raw).map(drop)
}

/// `epoll_wait`, made as the syscall `epoll_pwait` with no signal mask (what glibc does, and
/// the only form aarch64 has): waits until something is ready or `timeout_ms` passes (`-1`:
/// forever), writes up to `events.len()` events into `events`, and returns how many it wrote:
/// those are then initialised.
pub fn epoll_wait(
    epfd: i32,
    events: &mut [MaybeUninit<EpollEvent>],
    timeout_ms: i32,
) -> Result<usize, Errno> {
    let max = events.len().min(MAX_EVENTS);
    let buffer = events.as_mut_ptr() as usize;
    // SAFETY: the kernel writes at most `max` events into `events`, which has room for at least
    // that many, and keeps no pointer after returning. The signal mask pointer is null, so it
    // reads no mask (and the size beside it is only checked).
    let raw = unsafe {
        syscall6(
            nr::EPOLL_PWAIT,
            int(epfd),
            buffer,
            max,
            int(timeout_ms),
            0,
            KERNEL_SIGSET_SIZE,
        )
    };
    Errno::from_linux_return(raw)
}

/// `eventfd(initval, flags)`, made as the syscall `eventfd2` (plain `eventfd` has no flags, and
/// aarch64 does not have it at all).
pub fn eventfd(initval: u32, flags: i32) -> Result<i32, Errno> {
    // SAFETY: takes only integers; writes no memory of ours.
    fd(unsafe { syscall2(nr::EVENTFD2, initval as usize, int(flags)) })
}

/// `read(fd, buf, count)`: lesson 01's.
///
/// # Safety
/// `fd` must be open and owned or borrowed by the caller for the call (I/O safety).
pub unsafe fn read(fd: i32, buf: &mut [u8]) -> Result<usize, Errno> {
    // SAFETY: the caller vouches for `fd`; lesson 01's `read` checks the rest.
    unsafe { raw_syscall::read(fd, buf) }
}

/// `write(fd, buf, count)`: lesson 01's.
///
/// # Safety
/// `fd` must be open and owned or borrowed by the caller for the call (I/O safety).
pub unsafe fn write(fd: i32, buf: &[u8]) -> Result<usize, Errno> {
    // SAFETY: the caller vouches for `fd`; lesson 01's `write` checks the rest.
    unsafe { raw_syscall::write(fd, buf) }
}
