//! The calls on macOS with their errors decoded (a learning exercise: see the `arch` file).
//! `write` is an `unsafe fn` (it takes a bare descriptor number); `exit` is safe.

use crate::Errno;
use crate::arch::{nr, syscall1_noreturn, syscall3};

/// How this kernel reports a failed syscall, for the lesson's output.
pub const ERROR_CONVENTION: &str =
    "macOS sets the carry flag and returns the errno itself in the result register.";

/// Writes `bytes` to descriptor `fd` with one `write` syscall; returns how many bytes the
/// kernel took.
///
/// # Safety
/// `fd` must be open and owned or borrowed by the caller for the call, or a number that is
/// never a descriptor (see the Linux `write` for why).
pub unsafe fn write(fd: i32, bytes: &[u8]) -> Result<usize, Errno> {
    let fd = fd as isize as usize;
    // SAFETY: the kernel reads `bytes.len()` bytes from `bytes.as_ptr()`, which the slice
    // guarantees are readable; it writes no memory of ours.
    let (value, failed) = unsafe { syscall3(nr::WRITE, fd, bytes.as_ptr() as usize, bytes.len()) };
    // XNU flags an error with the carry flag and puts a positive errno in the result.
    if failed {
        Err(Errno::new(value as i32))
    } else {
        Ok(value)
    }
}

/// Ends the whole process at once with `status`. Nothing runs afterwards.
pub fn exit(status: i32) -> ! {
    // SAFETY: `exit` never returns and reads only its integer argument.
    unsafe { syscall1_noreturn(nr::EXIT, status as isize as usize) }
}
