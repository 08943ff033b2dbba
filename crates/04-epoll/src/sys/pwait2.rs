//! `epoll_pwait2`: `epoll_pwait` with a `struct timespec` timeout, to the nanosecond (Linux
//! 5.11). Made by lesson 01's raw syscall on both paths, the C library's included: glibc
//! declares `epoll_pwait2` only from 2.35, and calling it through the C library would tie the
//! lesson to that version. An older kernel answers `ENOSYS`; `io.rs` then falls back to
//! `epoll_wait` and its whole milliseconds, and remembers that it did.
//!
//! It needs only `core` and lesson 01, like `raw.rs`.

use core::mem::MaybeUninit;

use raw_syscall::Errno;
use raw_syscall::arch::{nr, syscall6};

use super::{EpollEvent, KERNEL_SIGSET_SIZE, MAX_EVENTS, Timespec};

/// `epoll_pwait2(epfd, events, maxevents, timeout, NULL, 8)`: waits until something is ready
/// or `timeout` passes (`None`: forever, a null pointer), writes up to `events.len()` events
/// into `events`, and returns how many it wrote: those are then initialised.
pub fn epoll_pwait2(
    epfd: i32,
    events: &mut [MaybeUninit<EpollEvent>],
    timeout: Option<&Timespec>,
) -> Result<usize, Errno> {
    let max = events.len().min(MAX_EVENTS);
    let buffer = events.as_mut_ptr() as usize;
    let timeout = timeout.map_or(0, |timeout| timeout as *const Timespec as usize);
    // SAFETY: the kernel reads one `Timespec` from `timeout` if it is not null (a live value
    // of the layout it expects, asserted in `mod.rs`), writes at most `max` events into
    // `events`, which has room for at least that many, and keeps no pointer after returning.
    // The signal mask pointer is null, so it reads no mask (the size beside it is only
    // checked).
    let raw = unsafe {
        syscall6(
            nr::EPOLL_PWAIT2,
            epfd as isize as usize,
            buffer,
            max,
            timeout,
            0,
            KERNEL_SIGSET_SIZE,
        )
    };
    Errno::from_linux_return(raw)
}
