//! The calls through the C library, declared by hand from `<sys/epoll.h>`, `<sys/eventfd.h>`
//! and `<unistd.h>`, as in lesson 02. A failing C function returns `-1` and leaves the reason
//! in the thread's `errno`, which lesson 02's `last_errno` reads.
//!
//! The same six functions as `raw.rs`, with the same signatures.

use core::ffi::{c_int, c_uint, c_void};
use core::mem::MaybeUninit;

use ffi_syscall::check;
use raw_syscall::Errno;

use super::{EpollEvent, MAX_EVENTS};

/// Where this lesson's epoll calls go, for the lesson's output.
pub const BACKEND: &str = "the C library (hand-declared FFI, as in lesson 02)";

mod c {
    use core::ffi::{c_int, c_uint, c_void};

    use super::EpollEvent;

    unsafe extern "C" {
        /// `int epoll_create1(int flags);`
        pub fn epoll_create1(flags: c_int) -> c_int;
        /// `int epoll_ctl(int epfd, int op, int fd, struct epoll_event *event);`
        pub fn epoll_ctl(epfd: c_int, op: c_int, fd: c_int, event: *const EpollEvent) -> c_int;
        /// `int epoll_wait(int epfd, struct epoll_event *events, int maxevents, int timeout);`
        pub fn epoll_wait(
            epfd: c_int,
            events: *mut EpollEvent,
            maxevents: c_int,
            timeout: c_int,
        ) -> c_int;
        /// `int eventfd(unsigned int initval, int flags);`
        pub fn eventfd(initval: c_uint, flags: c_int) -> c_int;
        /// `ssize_t read(int fd, void *buf, size_t count);`
        pub fn read(fd: c_int, buf: *mut c_void, count: usize) -> isize;
        /// `ssize_t write(int fd, const void *buf, size_t count);`
        pub fn write(fd: c_int, buf: *const c_void, count: usize) -> isize;
    }
}

/// `epoll_create1(flags)`: a new, empty interest list.
pub fn epoll_create1(flags: i32) -> Result<i32, Errno> {
    // SAFETY: takes only an integer; writes no memory of ours.
    check(unsafe { c::epoll_create1(flags) })
}

/// `epoll_ctl(epfd, op, fd, event)`: add, change or remove `fd` in the interest list.
pub fn epoll_ctl(epfd: i32, op: i32, fd: i32, event: &EpollEvent) -> Result<(), Errno> {
    // SAFETY: the kernel reads one `EpollEvent` from `event`, a live value of the layout it
    // expects (asserted in `mod.rs`), and copies it into the interest list; it keeps no pointer.
    check(unsafe { c::epoll_ctl(epfd, op, fd, event) }).map(drop)
}

/// `epoll_wait`: waits until something is ready or `timeout_ms` passes (`-1`: forever), writes
/// up to `events.len()` events into `events`, and returns how many it wrote: those are then
/// initialised.
pub fn epoll_wait(
    epfd: i32,
    events: &mut [MaybeUninit<EpollEvent>],
    timeout_ms: i32,
) -> Result<usize, Errno> {
    let max = events.len().min(MAX_EVENTS) as c_int;
    // SAFETY: the kernel writes at most `max` events into `events`, which has room for at least
    // that many; it keeps no pointer after returning.
    check(unsafe { c::epoll_wait(epfd, events.as_mut_ptr().cast(), max, timeout_ms) })
        .map(|ready| ready as usize)
}

/// `eventfd(initval, flags)`: a new kernel counter.
pub fn eventfd(initval: u32, flags: i32) -> Result<i32, Errno> {
    // SAFETY: takes only integers; writes no memory of ours.
    check(unsafe { c::eventfd(initval as c_uint, flags) })
}

/// `read(fd, buf, count)`.
///
/// # Safety
/// `fd` must be open and owned or borrowed by the caller for the call (I/O safety).
pub unsafe fn read(fd: i32, buf: &mut [u8]) -> Result<usize, Errno> {
    // SAFETY: the kernel writes at most `buf.len()` bytes into `buf`, which is ours to write;
    // the caller vouches for `fd`.
    check(unsafe { c::read(fd, buf.as_mut_ptr().cast::<c_void>(), buf.len()) }).map(|n| n as usize)
}

/// `write(fd, buf, count)`.
///
/// # Safety
/// `fd` must be open and owned or borrowed by the caller for the call (I/O safety).
pub unsafe fn write(fd: i32, buf: &[u8]) -> Result<usize, Errno> {
    // SAFETY: the kernel reads `buf.len()` bytes from `buf`, which is ours to read; the caller
    // vouches for `fd`.
    check(unsafe { c::write(fd, buf.as_ptr().cast::<c_void>(), buf.len()) }).map(|n| n as usize)
}
