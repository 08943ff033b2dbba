//! The kernel's side: `kqueue`, `kevent` and `fcntl`, declared by hand from `<sys/event.h>`,
//! `<time.h>` and `<fcntl.h>`, and wrapped so that each returns an `io::Result`.
//!
//! macOS and FreeBSD share kqueue's design and almost all of its numbers, but not
//! `struct kevent` (FreeBSD 12 widened it) nor the value of `EVFILT_USER`: those live in one
//! file per OS, chosen here and nowhere else. Every number below was checked against the
//! headers as the `libc` crate transcribes them (`src/unix/bsd/apple/mod.rs`,
//! `src/unix/bsd/freebsdlike/freebsd/mod.rs`, `.../freebsdlike/mod.rs`) and, for macOS, against
//! XNU's own `bsd/sys/event.h`.

use std::ffi::{c_int, c_long};
use std::io;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::ptr;

use ffi_syscall::check_io;

#[cfg(target_os = "macos")]
#[path = "macos.rs"]
mod os;
#[cfg(target_os = "freebsd")]
#[path = "freebsd.rs"]
mod os;

pub use os::{EVFILT_USER, Kevent, TimeT};

// The layouts declared in this lesson are the 64-bit ones (x86_64 and aarch64 macOS, x86_64
// FreeBSD); a 32-bit target would need other offsets, and silently wrong ones are worse than
// no build at all.
#[cfg(not(target_pointer_width = "64"))]
compile_error!("lesson 05 declares `struct kevent` for 64-bit targets only");

/// Readable: data to read, or the read side closed (`data` says how many bytes wait).
pub const EVFILT_READ: i16 = -1;
/// Writable: room in the send buffer (`data` says how much).
pub const EVFILT_WRITE: i16 = -2;

/// Action: add the filter for this ident, or change it if it is there already.
pub const EV_ADD: u16 = 0x0001;
/// Action: remove the filter for this ident.
pub const EV_DELETE: u16 = 0x0002;
/// Report once, then *delete* the filter (not used here: see [`EV_DISPATCH`]).
pub const EV_ONESHOT: u16 = 0x0010;
/// Edge-triggered: reset the filter's state once its event is delivered.
pub const EV_CLEAR: u16 = 0x0020;
/// Answer every change with a receipt in the event list, and return without waiting.
pub const EV_RECEIPT: u16 = 0x0040;
/// Report once, then *disable* the filter until it is changed again: epoll's `EPOLLONESHOT`.
pub const EV_DISPATCH: u16 = 0x0080;
/// Output: this entry is a receipt (or a failed change); `data` is its errno, 0 for success.
pub const EV_ERROR: u16 = 0x4000;
/// Output: end of file, the peer shut its side (`fflags` may hold the socket's error).
pub const EV_EOF: u16 = 0x8000;
/// `fflags` for an `EVFILT_USER` change: fire the event.
pub const NOTE_TRIGGER: u32 = 0x0100_0000;

/// `fcntl` command: read the descriptor's flags.
#[doc(hidden)] // pub for the facts check (scripts/facts.sh) only
pub const F_GETFD: c_int = 1;
/// `fcntl` command: set the descriptor's flags.
#[doc(hidden)] // pub for the facts check (scripts/facts.sh) only
pub const F_SETFD: c_int = 2;
/// The one descriptor flag: close this descriptor when the process calls `exec`.
#[doc(hidden)] // pub for the facts check (scripts/facts.sh) only
pub const FD_CLOEXEC: c_int = 1;

/// `struct timespec` from `<time.h>`: how long `kevent` may wait, to the nanosecond.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(C)]
pub struct Timespec {
    /// Whole seconds (`time_t`).
    pub tv_sec: TimeT,
    /// Nanoseconds, `0..1_000_000_000` (`long`).
    pub tv_nsec: c_long,
}

// The same on every target of this lesson: two 64-bit fields.
const _: () = {
    assert!(size_of::<Timespec>() == 16);
    assert!(align_of::<Timespec>() == 8);
    assert!(core::mem::offset_of!(Timespec, tv_nsec) == 8);
};

impl Kevent {
    /// The errno in a receipt, if its change failed: `EV_ERROR` is set on *every* receipt, so
    /// only a non-zero `data` means failure.
    pub fn receipt_error(&self) -> Option<i32> {
        // Copies: a field of a packed struct (macOS) cannot be borrowed.
        let (flags, data) = (self.flags, self.data);
        if flags & EV_ERROR != 0 && data != 0 {
            Some(data as i32) // errnos are small; `data` is only wide for other filters
        } else {
            None
        }
    }
}

mod c {
    use std::ffi::c_int;

    use super::{Kevent, Timespec};

    unsafe extern "C" {
        /// `int kqueue(void);`
        pub fn kqueue() -> c_int;
        /// `int kevent(int kq, const struct kevent *changelist, int nchanges,
        ///             struct kevent *eventlist, int nevents, const struct timespec *timeout);`
        pub fn kevent(
            kq: c_int,
            changelist: *const Kevent,
            nchanges: c_int,
            eventlist: *mut Kevent,
            nevents: c_int,
            timeout: *const Timespec,
        ) -> c_int;
        /// `int fcntl(int fd, int cmd, ...);`. Variadic in C, so variadic here: on
        /// aarch64 macOS variadic arguments go on the stack, not in registers, and a
        /// non-variadic declaration would pass the flag where `fcntl` never looks.
        pub fn fcntl(fd: c_int, cmd: c_int, ...) -> c_int;
    }
}

/// `kqueue()`, then `fcntl(F_SETFD, FD_CLOEXEC)`: a new, empty queue that a program started
/// later with `exec` does not inherit.
///
/// macOS has no way to ask for close-on-exec at creation (FreeBSD 14 has `kqueuex`), so it is
/// set a moment later. The gap is harmless for `fork`: per kqueue(2), a child created with
/// `fork` does not inherit kqueues at all.
pub fn kqueue() -> io::Result<OwnedFd> {
    // SAFETY: takes no arguments and writes no memory of ours.
    let fd = check_io(unsafe { c::kqueue() })?;
    // SAFETY: `fd` was returned by a successful `kqueue()` a moment ago and nothing else owns
    // it; `OwnedFd` closes it exactly once, also if `fcntl` fails below.
    let kq = unsafe { OwnedFd::from_raw_fd(fd) };
    // SAFETY: `F_SETFD` reads one `int` argument, passed here; no memory of ours is touched.
    check_io(unsafe { c::fcntl(kq.as_raw_fd(), F_SETFD, FD_CLOEXEC) })?;
    Ok(kq)
}

/// Whether `fd` is close-on-exec (`fcntl(F_GETFD)`), for the tests.
pub fn is_close_on_exec(fd: RawFd) -> io::Result<bool> {
    // SAFETY: `F_GETFD` takes no argument and writes no memory of ours.
    let flags = check_io(unsafe { c::fcntl(fd, F_GETFD) })?;
    Ok(flags & FD_CLOEXEC != 0)
}

/// Applies all `changes` in one `kevent` call and overwrites each with its receipt: afterwards
/// [`Kevent::receipt_error`] tells, change by change, whether it worked.
///
/// Every change gets `EV_RECEIPT`, and the event list is the change list itself, with exactly
/// room for one receipt per change. So the kernel writes receipts only, never a pending event
/// (none is lost), and returns at once without waiting.
pub fn apply(kq: &OwnedFd, changes: &mut [Kevent]) -> io::Result<()> {
    for change in changes.iter_mut() {
        change.flags |= EV_RECEIPT;
    }
    // Callers pass at most four changes.
    let count = c_int::try_from(changes.len()).unwrap_or(c_int::MAX);
    let list = changes.as_mut_ptr();
    let no_wait = Timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: the kernel reads `count` changes from `list` and writes at most `count` receipts
    // back into the same `count` slots, each after the change it answers has been read
    // (FreeBSD copies changes in by eight before applying them, macOS one at a time), so no
    // receipt overwrites an unread change. `list` is our live slice of the asserted layout;
    // `no_wait` is read only; nothing is kept after the call.
    let result = unsafe { c::kevent(kq.as_raw_fd(), list, count, list, count, &no_wait) };
    match check_io(result) {
        // kevent(2) on FreeBSD: after EINTR, every change has been applied.
        Err(error) if error.kind() == io::ErrorKind::Interrupted => Ok(()),
        other => other.map(drop),
    }
}

/// `kevent` with no changes: waits until at least one filter fires or `timeout` passes (`None`:
/// forever), and writes up to `buffer.capacity()` events into `buffer`.
pub fn wait(kq: &OwnedFd, buffer: &mut Vec<Kevent>, timeout: Option<&Timespec>) -> io::Result<()> {
    buffer.clear();
    let capacity = c_int::try_from(buffer.capacity()).unwrap_or(c_int::MAX);
    // A null pointer is how kevent spells "no timeout".
    let timeout = timeout.map_or(ptr::null(), ptr::from_ref);
    // SAFETY: the kernel reads no changes (count 0), writes at most `capacity` events into the
    // vector's spare capacity, which is allocated and at least that long, and reads `timeout`
    // if it is not null (a live borrow); it keeps no pointer after returning.
    let ready = check_io(unsafe {
        c::kevent(
            kq.as_raw_fd(),
            ptr::null(),
            0,
            buffer.as_mut_ptr(),
            capacity,
            timeout,
        )
    })?;
    // SAFETY: the kernel initialised exactly the first `ready` events, `ready <= capacity`.
    unsafe { buffer.set_len(ready as usize) };
    Ok(())
}
