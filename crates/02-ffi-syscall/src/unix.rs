//! Unix: `write` from the C library, and `errno`.

use core::ffi::c_void;
use std::io;
use std::os::fd::{AsFd, AsRawFd, BorrowedFd};

pub use raw_syscall::Errno;

// Where `errno` lives: the C library exports a function returning its address for the
// calling thread, under a name that differs per OS. One file per OS.
#[cfg(target_os = "linux")]
#[path = "sys/linux.rs"]
mod errno_location;
#[cfg(any(target_os = "macos", target_os = "freebsd"))]
#[path = "sys/bsd.rs"]
mod errno_location;

/// The C library's functions, declared by hand from their C prototypes.
mod c {
    use core::ffi::{c_int, c_void};

    unsafe extern "C" {
        /// `ssize_t write(int fd, const void *buf, size_t count);` from `<unistd.h>`.
        pub fn write(fd: c_int, buf: *const c_void, count: usize) -> isize;
    }
}

/// What names an open file here: a descriptor, borrowed for as long as the call needs it.
///
/// A plain `int` would do for the kernel, but not for Rust's I/O safety: a number that was
/// closed and reused may name someone else's file (even memory mapped into this process), so
/// a safe function must not act on an arbitrary number. `BorrowedFd` proves the descriptor is
/// open while we use it.
pub type Descriptor<'a> = BorrowedFd<'a>;

/// Writes `bytes` to descriptor `fd` through the C library's `write`; returns how many bytes
/// the kernel took.
pub fn write(fd: Descriptor<'_>, bytes: &[u8]) -> Result<usize, Errno> {
    // SAFETY: `write` reads `bytes.len()` bytes from `bytes.as_ptr()`, valid for the slice's
    // lifetime, and writes no memory of ours; `fd` is open for the whole call (it is borrowed).
    // The declaration above matches `<unistd.h>`.
    let written = unsafe { c::write(fd.as_raw_fd(), bytes.as_ptr().cast::<c_void>(), bytes.len()) };
    check(written).map(|count| count as usize) // not -1, so not negative
}

/// C's convention, checked: a call returns `-1` when it failed and leaves the reason in
/// `errno`; any other value is its result (a count, a descriptor, or 0 for "done").
///
/// `T` is the C function's return type: `int` (`c_int`) or `ssize_t` (`isize`). Read right
/// after the call, before anything else can overwrite `errno`. Later lessons use this too.
pub fn check<T: PartialEq + From<i8>>(result: T) -> Result<T, Errno> {
    if result == T::from(-1) {
        Err(last_errno())
    } else {
        Ok(result)
    }
}

/// [`check`], with the failure as the [`std::io::Error`] that std's I/O traits use (its
/// `raw_os_error()` is the errno, and its `kind()` says `WouldBlock` for `EAGAIN`).
pub fn check_io<T: PartialEq + From<i8>>(result: T) -> io::Result<T> {
    check(result).map_err(|errno| io::Error::from_raw_os_error(errno.raw()))
}

/// Writes to standard output (the portable name the lesson's program uses).
pub fn write_stdout(bytes: &[u8]) -> Result<usize, Errno> {
    write(std::io::stdout().as_fd(), bytes)
}

/// The calling thread's `errno`, as the last failed C library call left it.
///
/// Read it right after the failing call: any later call may overwrite it (even a successful
/// one may). Each thread has its own, which is why it is behind a function, not a plain
/// global variable.
pub fn last_errno() -> Errno {
    // SAFETY: the C library returns the address of the calling thread's `errno`, an `int` that
    // is valid for as long as the thread lives; we only read it.
    Errno::new(unsafe { *errno_location::errno_location() })
}

/// Which function gives the address of `errno` here, for the lesson's output.
pub const ERRNO_FUNCTION: &str = errno_location::NAME;
