//! Linux on aarch64: the `svc 0` instruction (supervisor call).
//!
//! The register contract, from the kernel's `arch/arm64/kernel/entry.S` (rustix's
//! `arch/aarch64.rs` spells out the same):
//!
//! | register | going in | coming out |
//! |---|---|---|
//! | `x8` | the syscall number | unchanged |
//! | `x0` | argument 1 | the result, or `-errno` |
//! | `x1` to `x5` | arguments 2 to 6 | unchanged |
//!
//! Unlike x86_64, the kernel restores every other register and the flags: only `x0` changes.
//! The syscall numbers are not x86_64's either (`write` is 64 here, 1 there): aarch64 uses the
//! kernel's newer generic table, which is also why it has no plain `epoll_wait` or `open`.

use core::arch::asm;

/// The platform this file implements, for the lesson's output.
pub const PLATFORM: &str = "Linux aarch64 (`svc 0` instruction)";

/// Syscall numbers, from `include/uapi/asm-generic/unistd.h`.
pub mod nr {
    /// `write(fd, buf, count)`
    pub const WRITE: usize = 64;
    /// `exit_group(status)`: ends every thread of the process (`exit`, 93, ends only one).
    pub const EXIT_GROUP: usize = 94;
}

/// A syscall with three arguments. Returns the raw `x0`: a value, or `-errno` in
/// `-4095..=-1` (decode it with [`crate::Errno::from_linux_return`]).
///
/// # Safety
/// The arguments must be valid for syscall `nr`: every pointer among them must point to memory
/// the kernel may read or write as that syscall's documentation says, for the given length.
#[inline]
pub unsafe fn syscall3(nr: usize, a1: usize, a2: usize, a3: usize) -> usize {
    let ret;
    // SAFETY: the caller guarantees the kernel may read and write what the arguments point to.
    // The kernel writes only `x0` (the result), declared here, keeps the flags, and does not
    // touch our stack.
    unsafe {
        asm!(
            "svc 0",
            in("x8") nr,
            inlateout("x0") a1 => ret,
            in("x1") a2,
            in("x2") a3,
            options(nostack, preserves_flags),
        );
    }
    ret
}

/// A syscall with one argument that does not return (`exit_group`).
///
/// # Safety
/// Syscall `nr` must be one that never returns; the argument must be valid for it.
#[inline]
pub unsafe fn syscall1_noreturn(nr: usize, a1: usize) -> ! {
    // SAFETY: the caller guarantees `nr` ends the process; the kernel reads only `x8` and `x0`.
    unsafe { asm!("svc 0", in("x8") nr, in("x0") a1, options(nostack, noreturn)) }
}
