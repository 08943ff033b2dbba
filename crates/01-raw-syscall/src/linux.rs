//! The safe functions on Linux, the same on every CPU: only the `arch` file differs.

use crate::Errno;
use crate::arch::{nr, syscall1, syscall1_noreturn, syscall3};

/// How this kernel reports a failed syscall, for the lesson's output.
pub const ERROR_CONVENTION: &str =
    "Linux returns `-errno` in the result register: any value in -4095..=-1 is an error.";

/// Writes `bytes` to descriptor `fd` with one `write` syscall; returns how many bytes the
/// kernel took (possibly fewer than asked, as with any `write`).
///
/// `fd` is a plain number, as the kernel sees it. Writing to a descriptor this program does
/// not own is a logic error but not a memory error, which is why this function is safe.
pub fn write(fd: i32, bytes: &[u8]) -> Result<usize, Errno> {
    // The kernel takes the descriptor as an `int`; sign-extending keeps -1 as -1.
    let fd = fd as isize as usize;
    // SAFETY: the kernel reads `bytes.len()` bytes from `bytes.as_ptr()`, which the slice
    // guarantees are readable; it writes no memory of ours.
    let raw = unsafe { syscall3(nr::WRITE, fd, bytes.as_ptr() as usize, bytes.len()) };
    Errno::from_linux_return(raw)
}

/// Reads up to `buf.len()` bytes from descriptor `fd` with one `read` syscall; returns how
/// many arrived (0: end of file, or the peer closed its side).
pub fn read(fd: i32, buf: &mut [u8]) -> Result<usize, Errno> {
    let fd = fd as isize as usize;
    // SAFETY: the kernel writes at most `buf.len()` bytes at `buf.as_mut_ptr()`, which the
    // slice guarantees are ours to write; it keeps no pointer after returning.
    let raw = unsafe { syscall3(nr::READ, fd, buf.as_mut_ptr() as usize, buf.len()) };
    Errno::from_linux_return(raw)
}

/// Closes descriptor `fd`. The number is free again afterwards, even if this fails (Linux
/// always releases it), so a failed `close` must never be retried.
///
/// Safe for the same reason as [`write()`]: closing a descriptor someone else owns is a logic
/// error, not a memory error. (That is why `std` has `OwnedFd`, for code that has std.)
pub fn close(fd: i32) -> Result<(), Errno> {
    // SAFETY: `close` takes only an integer and touches no memory of ours.
    let raw = unsafe { syscall1(nr::CLOSE, fd as isize as usize) };
    Errno::from_linux_return(raw).map(drop)
}

/// Ends the whole process at once with `status`, by `exit_group`. Nothing runs afterwards: no
/// destructors, no flushing of buffered output.
pub fn exit(status: i32) -> ! {
    // SAFETY: `exit_group` never returns and reads only its integer argument.
    unsafe { syscall1_noreturn(nr::EXIT_GROUP, status as isize as usize) }
}
