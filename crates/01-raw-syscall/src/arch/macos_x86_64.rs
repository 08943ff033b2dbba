//! macOS on x86_64: the `syscall` instruction. **A learning exercise, not for real programs.**
//!
//! Apple documents no syscall ABI and changes syscall numbers and behaviour between releases;
//! only `libSystem` (lesson 02's FFI path) is supported. Go's runtime once made raw syscalls on
//! macOS and had to switch to `libSystem` after OS updates broke it. This file exists so the
//! difference from Linux can be seen. Our CI only compiles it (there is no Mac to run it on);
//! on a reader's Mac, lessons 01 and 02 run it, labelled as this exercise.
//!
//! The contract, from XNU's `osfmk/i386/bsd_i386.c` (`unix_syscall64`):
//!
//! | register | going in | coming out |
//! |---|---|---|
//! | `rax` | `0x2000000` (the BSD class) + the syscall number | the result, or a positive errno |
//! | `rdi`, `rsi`, `rdx`, `r10`, `r8`, `r9` | arguments 1 to 6 | `rdx`: a second result (destroyed) |
//! | `rcx`, `r11` | - | destroyed by the `syscall` instruction, as on Linux |
//! | carry flag | - | **set on error**: the errno is then in `rax` |
//!
//! So the error convention differs from Linux: not `-errno` in the result, but a flag.

use core::arch::asm;

/// The platform this file implements, for the lesson's output.
pub const PLATFORM: &str = "macOS x86_64 (`syscall`, a learning exercise: no stable ABI)";

/// BSD syscall numbers from XNU's `bsd/kern/syscalls.master`, already in the BSD class.
pub mod nr {
    const BSD_CLASS: usize = 0x200_0000;
    /// `write(fd, buf, count)`
    pub const WRITE: usize = BSD_CLASS + 4;
    /// `exit(status)`: on XNU this ends the whole process.
    pub const EXIT: usize = BSD_CLASS + 1;
}

/// A syscall with three arguments. Returns the value in `rax` and whether the carry flag said
/// it is an errno.
///
/// # Safety
/// The arguments must be valid for syscall `nr`: every pointer among them must point to memory
/// the kernel may read or write as that syscall's documentation says, for the given length.
#[inline]
pub unsafe fn syscall3(nr: usize, a1: usize, a2: usize, a3: usize) -> (usize, bool) {
    let value: usize;
    let failed: u8;
    // SAFETY: the caller guarantees the kernel may read and write what the arguments point to.
    // The kernel writes `rax`, `rdx` (second result), `rcx`, `r11` and the flags, all declared;
    // `setc` copies the carry flag before anything else can change it. No stack is used.
    unsafe {
        asm!(
            "syscall",
            "setc {failed}",
            failed = lateout(reg_byte) failed,
            inlateout("rax") nr => value,
            in("rdi") a1,
            in("rsi") a2,
            inlateout("rdx") a3 => _,
            lateout("rcx") _,
            lateout("r11") _,
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
    // SAFETY: the caller guarantees `nr` ends the process; the kernel reads only `rax`, `rdi`.
    unsafe {
        asm!(
            "syscall",
            // If the kernel ever returned (a seccomp filter can make `exit_group` fail), falling
            // off a `noreturn` block would be undefined behaviour: trap instead.
            "ud2",
            in("rax") nr, in("rdi") a1,
            options(nostack, noreturn),
        )
    }
}
