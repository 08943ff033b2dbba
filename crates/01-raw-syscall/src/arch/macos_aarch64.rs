//! macOS on aarch64 (Apple silicon): `svc 0x80`. **A learning exercise, not for real programs.**
//!
//! Apple documents no syscall ABI and changes it between releases; only `libSystem` (lesson
//! 02's FFI path) is supported. This file shows the difference from Linux. Our CI only
//! compiles it (there is no Mac to run it on); on a reader's Mac, lessons 01 and 02 run it,
//! labelled as this exercise.
//!
//! The contract, from XNU's `bsd/dev/arm/systemcalls.c`:
//!
//! | register | going in | coming out |
//! |---|---|---|
//! | `x16` | the syscall number | unchanged |
//! | `x0` to `x5` | arguments 1 to 6 | `x0`: the result or a positive errno; `x1`: a second result |
//! | carry flag (`C` in `NZCV`) | - | **set on error** |
//!
//! Linux on the same CPU uses `svc 0`, `x8`, and `-errno`: same instruction set, other kernel,
//! other conventions.

use core::arch::asm;

/// The platform this file implements, for the lesson's output.
pub const PLATFORM: &str = "macOS aarch64 (`svc 0x80`, a learning exercise: no stable ABI)";

/// BSD syscall numbers from XNU's `bsd/kern/syscalls.master`.
pub mod nr {
    /// `write(fd, buf, count)`
    pub const WRITE: usize = 4;
    /// `exit(status)`: on XNU this ends the whole process.
    pub const EXIT: usize = 1;
}

/// A syscall with three arguments. Returns the value in `x0` and whether the carry flag said
/// it is an errno.
///
/// # Safety
/// The arguments must be valid for syscall `nr`: every pointer among them must point to memory
/// the kernel may read or write as that syscall's documentation says, for the given length.
#[inline]
pub unsafe fn syscall3(nr: usize, a1: usize, a2: usize, a3: usize) -> (usize, bool) {
    let value: usize;
    let failed: u32;
    // SAFETY: the caller guarantees the kernel may read and write what the arguments point to.
    // The kernel writes `x0`, `x1` (second result) and the flags, all declared; `cset` copies
    // the carry flag at once. No stack is used.
    unsafe {
        asm!(
            "svc 0x80",
            "cset {failed:w}, cs",
            failed = lateout(reg) failed,
            in("x16") nr,
            inlateout("x0") a1 => value,
            inlateout("x1") a2 => _,
            in("x2") a3,
            options(nostack),
        );
    }
    (value, failed != 0)
}

/// A syscall with one argument that does not return (`exit`).
///
/// # Safety
/// Syscall `nr` must be one that never returns; the argument must be valid for it.
#[inline]
pub unsafe fn syscall1_noreturn(nr: usize, a1: usize) -> ! {
    // SAFETY: the caller guarantees `nr` ends the process; the kernel reads only `x16`, `x0`.
    unsafe {
        asm!(
            "svc 0x80",
            // If the kernel ever returned (a seccomp filter can make `exit_group` fail), falling
            // off a `noreturn` block would be undefined behaviour: trap instead.
            "brk #0x1",
            in("x16") nr, in("x0") a1,
            options(nostack, noreturn),
        )
    }
}
