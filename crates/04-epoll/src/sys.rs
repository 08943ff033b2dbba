//! The kernel's side: the epoll and eventfd calls, declared by hand from `<sys/epoll.h>` and
//! `<sys/eventfd.h>`, and wrapped so that each returns an `io::Result`.
//!
//! They go through the C library as in lesson 02. Each wrapper is the whole story of one
//! call: what the kernel reads, what it writes, and how failure is reported (`-1` and `errno`).

use std::ffi::{c_int, c_void};
use std::io;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};

/// `struct epoll_event` from `<sys/epoll.h>`: what we want to hear about, and our token.
///
/// On x86_64 the kernel's struct is **packed** (12 bytes: a `u32` then a `u64` with no gap),
/// because the first 64-bit kernels had to match the 32-bit layout; on every other CPU it is
/// naturally aligned (16 bytes). The book declares it packed everywhere, so on aarch64 its
/// tokens come back shifted by four bytes. The layout assertions below pin both.
#[derive(Clone, Copy)]
#[cfg_attr(target_arch = "x86_64", repr(C, packed))]
#[cfg_attr(not(target_arch = "x86_64"), repr(C))]
pub struct EpollEvent {
    /// `EPOLLIN | EPOLLOUT | ...`: interest going in, readiness coming out.
    pub events: u32,
    /// `epoll_data_t`, a union in C; we always use its `u64` member, to carry a token.
    pub data: u64,
}

#[cfg(target_arch = "x86_64")]
const _: () = {
    assert!(size_of::<EpollEvent>() == 12);
    assert!(align_of::<EpollEvent>() == 1);
    assert!(core::mem::offset_of!(EpollEvent, data) == 4);
};
#[cfg(target_arch = "aarch64")]
const _: () = {
    assert!(size_of::<EpollEvent>() == 16);
    assert!(align_of::<EpollEvent>() == 8);
    assert!(core::mem::offset_of!(EpollEvent, data) == 8);
};

// Flag values, the same on every Linux CPU (`include/uapi/linux/eventpoll.h`).
/// Readable (interest and event).
pub const EPOLLIN: u32 = 0x001;
/// Urgent (out-of-band) data to read.
pub const EPOLLPRI: u32 = 0x002;
/// Writable (interest and event).
pub const EPOLLOUT: u32 = 0x004;
/// An error is pending (always reported, never asked for).
pub const EPOLLERR: u32 = 0x008;
/// Hung up: both directions closed (always reported).
pub const EPOLLHUP: u32 = 0x010;
/// The peer shut down its writing side (asked for with readability).
pub const EPOLLRDHUP: u32 = 0x2000;
/// Report once, then disable until `EPOLL_CTL_MOD`.
pub const EPOLLONESHOT: u32 = 1 << 30;
/// Edge-triggered: report changes, not states.
pub const EPOLLET: u32 = 1 << 31;

const EPOLL_CTL_ADD: c_int = 1;
const EPOLL_CTL_DEL: c_int = 2;
const EPOLL_CTL_MOD: c_int = 3;

/// `O_CLOEXEC`, which `EPOLL_CLOEXEC` and `EFD_CLOEXEC` equal (asm-generic `fcntl.h`).
const O_CLOEXEC: c_int = 0o2000000;
/// `O_NONBLOCK`, which `EFD_NONBLOCK` equals.
const O_NONBLOCK: c_int = 0o4000;

mod c {
    use std::ffi::{c_int, c_uint, c_void};

    use super::EpollEvent;

    unsafe extern "C" {
        /// `int epoll_create1(int flags);`
        pub fn epoll_create1(flags: c_int) -> c_int;
        /// `int epoll_ctl(int epfd, int op, int fd, struct epoll_event *event);`
        pub fn epoll_ctl(epfd: c_int, op: c_int, fd: c_int, event: *mut EpollEvent) -> c_int;
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

/// Turns C's "-1 means look at errno" into an `io::Result`.
fn check(result: c_int) -> io::Result<c_int> {
    if result == -1 {
        Err(last_os_error())
    } else {
        Ok(result)
    }
}

/// The calling thread's errno, read through lesson 02, as an `io::Error`.
fn last_os_error() -> io::Error {
    io::Error::from_raw_os_error(ffi_syscall::last_errno().raw())
}

/// Wraps a descriptor the kernel just created, so that it is closed when dropped.
fn owned(fd: c_int) -> OwnedFd {
    // SAFETY: `fd` was returned by a successful create call a moment ago and nothing else
    // owns it; `OwnedFd` closes it exactly once.
    unsafe { OwnedFd::from_raw_fd(fd) }
}

/// `epoll_create1(EPOLL_CLOEXEC)`: a new, empty interest list. Close-on-exec, so that a child
/// process started later does not inherit it.
pub fn epoll_create() -> io::Result<OwnedFd> {
    // SAFETY: takes only an integer; writes no memory of ours.
    check(unsafe { c::epoll_create1(O_CLOEXEC) }).map(owned)
}

/// `epoll_ctl(ADD)`: start watching `fd` for `events`, reporting `token`.
pub fn epoll_add(epoll: &OwnedFd, fd: RawFd, events: u32, token: u64) -> io::Result<()> {
    control(epoll, EPOLL_CTL_ADD, fd, events, token)
}

/// `epoll_ctl(MOD)`: replace what `fd` is watched for, and its token.
pub fn epoll_modify(epoll: &OwnedFd, fd: RawFd, events: u32, token: u64) -> io::Result<()> {
    control(epoll, EPOLL_CTL_MOD, fd, events, token)
}

/// `epoll_ctl(DEL)`: stop watching `fd`.
pub fn epoll_delete(epoll: &OwnedFd, fd: RawFd) -> io::Result<()> {
    // Kernels before 2.6.9 wanted a non-null event even for DEL; passing one costs nothing.
    control(epoll, EPOLL_CTL_DEL, fd, 0, 0)
}

fn control(epoll: &OwnedFd, op: c_int, fd: RawFd, events: u32, token: u64) -> io::Result<()> {
    let mut event = EpollEvent {
        events,
        data: token,
    };
    // SAFETY: the kernel reads one `EpollEvent` from `event`, a live local of the layout it
    // expects (asserted above), and copies it into the interest list; it keeps no pointer.
    check(unsafe { c::epoll_ctl(epoll.as_raw_fd(), op, fd, &mut event) }).map(drop)
}

/// `epoll_wait`: waits until at least one watched descriptor is ready or `timeout_ms` passes
/// (`-1`: forever), and writes up to `buffer.capacity()` events into `buffer`.
pub fn epoll_wait(
    epoll: &OwnedFd,
    buffer: &mut Vec<EpollEvent>,
    timeout_ms: c_int,
) -> io::Result<()> {
    buffer.clear();
    let capacity = c_int::try_from(buffer.capacity()).unwrap_or(c_int::MAX);
    // SAFETY: the kernel writes at most `capacity` events into the vector's spare capacity,
    // which is allocated and at least that long; it keeps no pointer after returning.
    let ready = check(unsafe {
        c::epoll_wait(epoll.as_raw_fd(), buffer.as_mut_ptr(), capacity, timeout_ms)
    })?;
    // SAFETY: the kernel initialised exactly the first `ready` events, `ready <= capacity`.
    unsafe { buffer.set_len(ready as usize) };
    Ok(())
}

/// `eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)`: a kernel counter that is readable while it is
/// above zero; the waker's way to make `epoll_wait` return.
pub fn eventfd() -> io::Result<OwnedFd> {
    // SAFETY: takes only integers; writes no memory of ours.
    check(unsafe { c::eventfd(0, O_CLOEXEC | O_NONBLOCK) }).map(owned)
}

/// Adds `value` to an eventfd's counter.
pub fn eventfd_add(fd: &OwnedFd, value: u64) -> io::Result<()> {
    let bytes = value.to_ne_bytes();
    // SAFETY: the kernel reads the 8 bytes of `bytes`, a live local.
    let written = unsafe { c::write(fd.as_raw_fd(), bytes.as_ptr().cast::<c_void>(), 8) };
    if written == -1 {
        Err(last_os_error())
    } else {
        Ok(())
    }
}

/// Reads an eventfd's counter and resets it to zero.
pub fn eventfd_take(fd: &OwnedFd) -> io::Result<u64> {
    let mut bytes = [0u8; 8];
    // SAFETY: the kernel writes at most 8 bytes into `bytes`, a live local of that size.
    let read = unsafe { c::read(fd.as_raw_fd(), bytes.as_mut_ptr().cast::<c_void>(), 8) };
    if read == -1 {
        Err(last_os_error())
    } else {
        Ok(u64::from_ne_bytes(bytes))
    }
}
