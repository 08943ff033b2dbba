//! The kernel's side: `poll`, `statx`, `eventfd`, `read` and `write`, declared by hand from
//! `<poll.h>`, `<sys/stat.h>`, `<sys/eventfd.h>` and `<unistd.h>`, each wrapped to return an
//! `io::Result`.

use std::ffi::{c_int, c_short, c_uint, c_ulong, c_void};
use std::io;
use std::mem::MaybeUninit;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};

/// `struct pollfd`: one entry of the array `poll` reads and writes.
#[derive(Clone, Copy, Debug)]
#[repr(C)]
pub struct PollFd {
    /// The descriptor to check. A negative one is skipped (its `revents` is set to 0).
    pub fd: c_int,
    /// What we ask about: `POLLIN`, `POLLOUT`, `POLLRDHUP`.
    pub events: c_short,
    /// What the kernel found (written by `poll`): those bits, plus `POLLERR`, `POLLHUP` and
    /// `POLLNVAL`, which are always reported.
    pub revents: c_short,
}

// The same on every Linux CPU: an int and two shorts, 8 bytes.
const _: () = {
    assert!(size_of::<PollFd>() == 8);
    assert!(align_of::<PollFd>() == 4);
    assert!(core::mem::offset_of!(PollFd, events) == 4);
    assert!(core::mem::offset_of!(PollFd, revents) == 6);
};

// `<asm-generic/poll.h>`: the same values on x86_64 and aarch64.
/// There is data to read.
pub const POLLIN: c_short = 0x001;
/// There is urgent (out-of-band) data to read.
pub const POLLPRI: c_short = 0x002;
/// Writing will not block.
pub const POLLOUT: c_short = 0x004;
/// An error is pending (always reported).
pub const POLLERR: c_short = 0x008;
/// Hung up: both directions closed (always reported).
pub const POLLHUP: c_short = 0x010;
/// The descriptor is not open (always reported).
pub const POLLNVAL: c_short = 0x020;
/// The peer shut down its writing side (Linux only, asked for with `POLLIN`).
pub const POLLRDHUP: c_short = 0x2000;

/// `struct statx` (`<linux/stat.h>`), declared only as far as we read it: the inode and the
/// device. Unlike `struct stat`, its layout is the same on every CPU: 256 bytes.
#[repr(C)]
pub struct Statx {
    /// `stx_mask` to `stx_mode` and a spare field: not read here.
    head: [u32; 8],
    /// `stx_ino`: the file's inode number.
    pub ino: u64,
    /// `stx_size` to `stx_rdev_minor`: not read here.
    middle: [u32; 24],
    /// `stx_dev_major`, `stx_dev_minor`: the device the file is on.
    pub dev: [u32; 2],
    /// The rest, reserved for later kernels.
    tail: [u64; 14],
}

const _: () = {
    assert!(size_of::<Statx>() == 256);
    assert!(core::mem::offset_of!(Statx, ino) == 32);
    assert!(core::mem::offset_of!(Statx, dev) == 136);
};

/// `statx` flag: no path, describe `dirfd` itself.
const AT_EMPTY_PATH: c_int = 0x1000;
/// `statx` mask: we need the inode (the device always comes with it).
const STATX_INO: c_uint = 0x100;

/// `EFD_CLOEXEC | EFD_NONBLOCK` for `eventfd` (= `O_CLOEXEC | O_NONBLOCK`).
const EFD_CLOEXEC_NONBLOCK: c_int = 0o2000000 | 0o4000;

mod c {
    use std::ffi::{c_char, c_int, c_uint, c_ulong, c_void};

    use super::{PollFd, Statx};

    unsafe extern "C" {
        /// `int poll(struct pollfd *fds, nfds_t nfds, int timeout);` (`nfds_t`: unsigned long)
        pub fn poll(fds: *mut PollFd, nfds: c_ulong, timeout: c_int) -> c_int;
        /// `int statx(int dirfd, const char *pathname, int flags, unsigned int mask,
        ///            struct statx *statxbuf);`
        pub fn statx(
            dirfd: c_int,
            pathname: *const c_char,
            flags: c_int,
            mask: c_uint,
            statxbuf: *mut Statx,
        ) -> c_int;
        /// `int eventfd(unsigned int initval, int flags);`
        pub safe fn eventfd(initval: c_uint, flags: c_int) -> c_int;
        /// `ssize_t read(int fd, void *buf, size_t count);`
        pub fn read(fd: c_int, buf: *mut c_void, count: usize) -> isize;
        /// `ssize_t write(int fd, const void *buf, size_t count);`
        pub fn write(fd: c_int, buf: *const c_void, count: usize) -> isize;
    }
}

/// C's "-1, and the reason is in errno", as an `io::Result`.
fn check(result: isize) -> io::Result<usize> {
    if result == -1 {
        Err(io::Error::from_raw_os_error(
            ffi_syscall::last_errno().raw(),
        ))
    } else {
        Ok(result as usize)
    }
}

/// `poll(fds, len, timeout_ms)`: waits until an entry is ready or `timeout_ms` passes (`-1`:
/// forever), sets every entry's `revents`, and returns how many entries have a non-zero one.
pub fn poll(fds: &mut [PollFd], timeout_ms: c_int) -> io::Result<usize> {
    // SAFETY: the kernel reads and writes `fds.len()` entries at `fds.as_mut_ptr()`, our live
    // slice of the layout asserted above, and keeps no pointer after returning.
    check(unsafe { c::poll(fds.as_mut_ptr(), fds.len() as c_ulong, timeout_ms) } as isize)
}

/// Which file descriptor number `fd` names now: (device major, device minor, inode). Sockets
/// and pipes each have an inode of their own; every eventfd shares one.
///
/// It takes a bare number, yet is safe: it only reads the metadata of whatever `fd` names (or
/// fails with `EBADF`), which can harm no one, even if the number was closed and reused.
pub fn file_id(fd: c_int) -> io::Result<(u32, u32, u64)> {
    let mut statx = MaybeUninit::<Statx>::uninit();
    // SAFETY: the kernel reads the empty C string `c""` (flags say: describe `fd` itself) and
    // writes one `struct statx` into `statx`, which has room for it (layout asserted above).
    let result = unsafe {
        c::statx(
            fd,
            c"".as_ptr(),
            AT_EMPTY_PATH,
            STATX_INO,
            statx.as_mut_ptr(),
        )
    };
    check(result as isize)?;
    // SAFETY: `statx` succeeded, so the kernel filled the whole struct.
    let statx = unsafe { statx.assume_init() };
    Ok((statx.dev[0], statx.dev[1], statx.ino))
}

/// A new eventfd, close-on-exec and non-blocking: a kernel counter, readable while above 0.
pub fn eventfd() -> io::Result<OwnedFd> {
    let fd = check(c::eventfd(0, EFD_CLOEXEC_NONBLOCK) as isize)?;
    // SAFETY: `fd` was returned by a successful `eventfd` a moment ago and nothing else owns
    // it; `OwnedFd` closes it exactly once.
    Ok(unsafe { OwnedFd::from_raw_fd(fd as c_int) })
}

/// Adds 1 to an eventfd's counter. A full counter (`EAGAIN`) is readable already: fine.
pub fn eventfd_add_one(counter: &OwnedFd) -> io::Result<()> {
    let one = 1u64.to_ne_bytes();
    // SAFETY: the kernel reads the 8 bytes of `one`, a live local array; `counter` is open.
    let written = unsafe { c::write(counter.as_raw_fd(), one.as_ptr().cast::<c_void>(), 8) };
    match check(written) {
        Err(error) if error.kind() == io::ErrorKind::WouldBlock => Ok(()),
        result => result.map(drop),
    }
}

/// Resets an eventfd's counter to 0 (an empty counter, `EAGAIN`, is fine too).
pub fn eventfd_take(counter: &OwnedFd) -> io::Result<()> {
    let mut value = [0u8; 8];
    // SAFETY: the kernel writes at most 8 bytes into `value`, a live local array of 8; `counter`
    // is open.
    let read = unsafe { c::read(counter.as_raw_fd(), value.as_mut_ptr().cast::<c_void>(), 8) };
    match check(read) {
        Err(error) if error.kind() == io::ErrorKind::WouldBlock => Ok(()),
        result => result.map(drop),
    }
}
