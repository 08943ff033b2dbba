//! The calls on Linux with their errors decoded, the same on every CPU: only the `arch` file
//! differs. `write`, `read` and `close` are `unsafe fn`s (they take bare descriptor numbers);
//! `exit` is safe.

use crate::Errno;
use crate::arch::{nr, syscall1, syscall1_noreturn, syscall3};

/// How this kernel reports a failed syscall, for the lesson's output.
pub const ERROR_CONVENTION: &str =
    "Linux returns `-errno` in the result register: any value in -4095..=-1 is an error.";

/// Writes `bytes` to descriptor `fd` with one `write` syscall; returns how many bytes the
/// kernel took (possibly fewer than asked, as with any `write`).
///
/// # Safety
/// `fd` is a plain number, as the kernel sees it, so the caller must make sure it names what
/// it means to: a descriptor that is open and that the caller owns or borrows for the call,
/// or a number that is never a descriptor (such as -1, to see an error). A number that was
/// closed and reused could name someone else's file, even a file mapped into this process's
/// memory, which is why Rust's I/O safety makes this `unsafe`. (Code with `std` takes a
/// `BorrowedFd` instead: lesson 02.)
pub unsafe fn write(fd: i32, bytes: &[u8]) -> Result<usize, Errno> {
    // The kernel takes the descriptor as an `int`; sign-extending keeps -1 as -1.
    let fd = fd as isize as usize;
    // SAFETY: the kernel reads `bytes.len()` bytes from `bytes.as_ptr()`, which the slice
    // guarantees are readable; it writes no memory of ours. The caller vouches for `fd`.
    let raw = unsafe { syscall3(nr::WRITE, fd, bytes.as_ptr() as usize, bytes.len()) };
    Errno::from_linux_return(raw)
}

/// Reads up to `buf.len()` bytes from descriptor `fd` with one `read` syscall; returns how
/// many arrived (0: end of file, or the peer closed its side).
///
/// # Safety
/// As for [`write()`]: `fd` must be open and owned or borrowed by the caller for the call.
pub unsafe fn read(fd: i32, buf: &mut [u8]) -> Result<usize, Errno> {
    let fd = fd as isize as usize;
    // SAFETY: the kernel writes at most `buf.len()` bytes at `buf.as_mut_ptr()`, which the
    // slice guarantees are ours to write; it keeps no pointer after returning.
    let raw = unsafe { syscall3(nr::READ, fd, buf.as_mut_ptr() as usize, buf.len()) };
    Errno::from_linux_return(raw)
}

/// Closes descriptor `fd`. The number is free again afterwards, even if this fails (Linux
/// always releases it), so a failed `close` must never be retried.
///
/// # Safety
/// The caller must own `fd` and never use the number again: once closed, the kernel may hand
/// it to the next `open` or `socket`, and a stale use would act on that new file. (`std`'s
/// `OwnedFd` is this rule as a type.)
pub unsafe fn close(fd: i32) -> Result<(), Errno> {
    // SAFETY: `close` takes only an integer and touches no memory of ours; the caller owns
    // `fd` and gives it up here.
    let raw = unsafe { syscall1(nr::CLOSE, fd as isize as usize) };
    Errno::from_linux_return(raw).map(drop)
}

/// Ends the whole process at once with `status`, by `exit_group`. Nothing runs afterwards: no
/// destructors, no flushing of buffered output.
pub fn exit(status: i32) -> ! {
    // SAFETY: `exit_group` never returns and reads only its integer argument.
    unsafe { syscall1_noreturn(nr::EXIT_GROUP, status as isize as usize) }
}
