//! Socket options and modes: `setsockopt`, `getsockopt` and `ioctl(FIONBIO)`.

use core::ffi::{c_int, c_void};
use std::io;
use std::os::fd::{AsRawFd, OwnedFd};
use std::time::Duration;

use ffi_syscall::check_io;

use super::c::{self, socklen_t};
use super::os::{FIONBIO, SO_ERROR, SO_RCVTIMEO, SO_REUSEADDR, SOL_SOCKET};
use super::timeval::timeval;

/// What a listening socket needs before `bind`: `SO_REUSEADDR`, so that a restarted server
/// can bind the port its previous run left in `TIME_WAIT`.
pub fn prepare_listener(socket: &OwnedFd) -> io::Result<()> {
    set_int_option(socket, SOL_SOCKET, SO_REUSEADDR, 1)
}

/// `ioctl(FIONBIO)`: non-blocking mode on or off, in one call (an `fcntl` would need two:
/// read the file status flags, then write them back with `O_NONBLOCK` changed).
pub fn set_nonblocking(socket: &OwnedFd, nonblocking: bool) -> io::Result<()> {
    let mut on = c_int::from(nonblocking);
    // SAFETY: `FIONBIO` reads one `int` through the pointer, which points to `on`, a live
    // local; nothing is written. The descriptor is open: `socket` owns it.
    check_io(unsafe { c::ioctl(socket.as_raw_fd(), FIONBIO, &raw mut on) }).map(drop)
}

/// `SO_RCVTIMEO`: how long a blocking `recv` waits (`None`, a zero `timeval`: forever).
pub fn set_read_timeout(socket: &OwnedFd, timeout: Option<Duration>) -> io::Result<()> {
    let value = timeout.map(timeval::timeout).unwrap_or_default();
    set_option(socket, SOL_SOCKET, SO_RCVTIMEO, &value)
}

/// `getsockopt(SO_ERROR)`: the pending error, which reading also clears.
pub fn take_error(socket: &OwnedFd) -> io::Result<Option<io::Error>> {
    let mut value: c_int = 0;
    let mut len = size_of::<c_int>() as socklen_t;
    // SAFETY: `getsockopt` writes at most `len` bytes (one `int`) into `value`, a live local,
    // and the length it wrote into `len`, another.
    let result = unsafe {
        c::getsockopt(
            socket.as_raw_fd(),
            SOL_SOCKET,
            SO_ERROR,
            (&raw mut value).cast::<c_void>(),
            &raw mut len,
        )
    };
    check_io(result)?;
    Ok((value != 0).then(|| io::Error::from_raw_os_error(value)))
}

/// An `int` socket option, such as `SO_REUSEADDR` (1 = on).
pub fn set_int_option(socket: &OwnedFd, level: c_int, name: c_int, value: c_int) -> io::Result<()> {
    set_option(socket, level, name, &value)
}

/// `setsockopt` with `value`, whose type must be the one the option `name` expects (`int` for
/// most, `timeval` for `SO_RCVTIMEO`).
fn set_option<T>(socket: &OwnedFd, level: c_int, name: c_int, value: &T) -> io::Result<()> {
    // SAFETY: `setsockopt` reads `size_of::<T>()` bytes from `value`, a live reference; the
    // callers above pass the type each option expects (`timeval`'s layout is checked in
    // `timeval.rs`), so the kernel reads exactly one such value.
    let result = unsafe {
        c::setsockopt(
            socket.as_raw_fd(),
            level,
            name,
            (value as *const T).cast::<c_void>(),
            size_of::<T>() as socklen_t,
        )
    };
    check_io(result).map(drop)
}
