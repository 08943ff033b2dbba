//! The safe functions on Linux, the same on every CPU: only the `arch` file differs.

use crate::Errno;
use crate::arch::{nr, syscall1_noreturn, syscall3};

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

/// Ends the whole process at once with `status`, by `exit_group`. Nothing runs afterwards: no
/// destructors, no flushing of buffered output.
pub fn exit(status: i32) -> ! {
    // SAFETY: `exit_group` never returns and reads only its integer argument.
    unsafe { syscall1_noreturn(nr::EXIT_GROUP, status as isize as usize) }
}
