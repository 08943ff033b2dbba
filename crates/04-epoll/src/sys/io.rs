//! The calls as the queue uses them: `io::Result`s, and descriptors owned by `OwnedFd` so that
//! each is closed exactly once. Written once, over whichever backend `mod.rs` chose.

use std::ffi::c_int;
use std::io;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use raw_syscall::Errno;

use super::{EFD_CLOEXEC, EFD_NONBLOCK, EPOLL_CLOEXEC, EpollEvent, Timespec};
use super::{EPOLL_CTL_ADD, EPOLL_CTL_DEL, EPOLL_CTL_MOD};
use super::{backend, pwait2};

pub use backend::BACKEND;

/// Lesson 01's `Errno` (both backends return it) as an `io::Error`, so that callers match on
/// `ErrorKind` as with std's own calls.
fn io_error(errno: Errno) -> io::Error {
    io::Error::from_raw_os_error(errno.raw())
}

/// Wraps a descriptor the kernel just created, so that it is closed when dropped.
fn owned(fd: i32) -> OwnedFd {
    // SAFETY: `fd` was returned by a successful create call a moment ago and nothing else
    // owns it; `OwnedFd` closes it exactly once.
    unsafe { OwnedFd::from_raw_fd(fd) }
}

/// `epoll_create1(EPOLL_CLOEXEC)`: a new, empty interest list. Close-on-exec, so that a child
/// process started later does not inherit it.
pub fn epoll_create() -> io::Result<OwnedFd> {
    backend::epoll_create1(EPOLL_CLOEXEC)
        .map(owned)
        .map_err(io_error)
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

fn control(epoll: &OwnedFd, op: i32, fd: RawFd, events: u32, token: u64) -> io::Result<()> {
    let event = EpollEvent {
        events,
        data: token,
    };
    backend::epoll_ctl(epoll.as_raw_fd(), op, fd, &event).map_err(io_error)
}

/// `epoll_wait`: waits until at least one watched descriptor is ready or `timeout_ms` passes
/// (`-1`: forever), and writes up to `buffer.capacity()` events into `buffer`.
pub fn epoll_wait(
    epoll: &OwnedFd,
    buffer: &mut Vec<EpollEvent>,
    timeout_ms: c_int,
) -> io::Result<()> {
    buffer.clear();
    let ready = backend::epoll_wait(epoll.as_raw_fd(), buffer.spare_capacity_mut(), timeout_ms)
        .map_err(io_error)?;
    // SAFETY: the kernel initialised exactly the first `ready` events of the spare capacity,
    // which starts at index 0 since the vector is empty, and `ready <= capacity`.
    unsafe { buffer.set_len(ready) };
    Ok(())
}

/// Whether this kernel said `ENOSYS` to `epoll_pwait2` (older than Linux 5.11, or an emulator
/// such as an older qemu-user that does not know it): asked once per process, then remembered,
/// so that an old kernel costs one failed call, not one per wait.
static NO_PWAIT2: AtomicBool = AtomicBool::new(false);

/// A timeout as the kernel's `timespec`: seconds beyond `i64::MAX` (about 292 billion years)
/// are capped there.
fn timespec(timeout: Duration) -> Timespec {
    Timespec {
        tv_sec: i64::try_from(timeout.as_secs()).unwrap_or(i64::MAX),
        tv_nsec: i64::from(timeout.subsec_nanos()),
    }
}

/// Waits until at least one watched descriptor is ready or `timeout` passes (`None`: forever),
/// to the nanosecond: `epoll_pwait2` (Linux 5.11). Where the kernel does not have it
/// (`ENOSYS`), `epoll_wait` with the timeout rounded *up* to whole milliseconds, so that a
/// short wait still sleeps, never spins. Writes up to `buffer.capacity()` events into
/// `buffer`.
pub fn epoll_wait_for(
    epoll: &OwnedFd,
    buffer: &mut Vec<EpollEvent>,
    timeout: Option<Duration>,
) -> io::Result<()> {
    if !NO_PWAIT2.load(Ordering::Relaxed) {
        buffer.clear();
        let timeout = timeout.map(timespec);
        match pwait2::epoll_pwait2(
            epoll.as_raw_fd(),
            buffer.spare_capacity_mut(),
            timeout.as_ref(),
        ) {
            Ok(ready) => {
                // SAFETY: as in `epoll_wait` below: the kernel initialised exactly the first
                // `ready` events of the spare capacity, which starts at index 0.
                unsafe { buffer.set_len(ready) };
                return Ok(());
            }
            Err(errno) => {
                let error = io_error(errno);
                // std maps `ENOSYS` (and only it, on Linux) to `Unsupported`.
                if error.kind() != io::ErrorKind::Unsupported {
                    return Err(error);
                }
                NO_PWAIT2.store(true, Ordering::Relaxed);
            }
        }
    }
    let millis = crate::deadline::millis_rounded_up(timeout).unwrap_or(-1); // -1: forever
    epoll_wait(epoll, buffer, millis)
}

/// `eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)`: a kernel counter that is readable while it is
/// above zero; the waker's way to make `epoll_wait` return.
pub fn eventfd() -> io::Result<OwnedFd> {
    backend::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)
        .map(owned)
        .map_err(io_error)
}

/// Adds `value` to an eventfd's counter.
pub fn eventfd_add(fd: &OwnedFd, value: u64) -> io::Result<()> {
    // SAFETY: `fd` is an open `OwnedFd`, borrowed for the call.
    unsafe { backend::write(fd.as_raw_fd(), &value.to_ne_bytes()) }
        .map(drop)
        .map_err(io_error)
}

/// Reads an eventfd's counter and resets it to zero.
pub fn eventfd_take(fd: &OwnedFd) -> io::Result<u64> {
    let mut bytes = [0u8; 8];
    // SAFETY: `fd` is an open `OwnedFd`, borrowed for the call.
    unsafe { backend::read(fd.as_raw_fd(), &mut bytes) }.map_err(io_error)?;
    Ok(u64::from_ne_bytes(bytes))
}
