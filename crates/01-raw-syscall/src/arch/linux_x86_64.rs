//! Linux on x86_64: the `syscall` instruction.
//!
//! The register contract, from the kernel's `arch/x86/entry/entry_64.S` (rustix's
//! `arch/x86_64.rs` spells out the same):
//!
//! | register | going in | coming out |
//! |---|---|---|
//! | `rax` | the syscall number | the result, or `-errno` |
//! | `rdi`, `rsi`, `rdx`, `r10`, `r8`, `r9` | arguments 1 to 6 | unchanged |
//! | `rcx` | - | **destroyed**: the CPU saves the return address here |
//! | `r11` | - | **destroyed**: the CPU saves `rflags` here |
//!
//! The fourth argument goes in `r10`, not `rcx` as in a C call, because `syscall` itself
//! overwrites `rcx`. Forgetting to declare `rcx` and `r11` as clobbered is the book's bug: in a
//! debug build nothing lives in those registers across the `asm!` block, so it works; in a
//! release build the optimiser keeps a value there and finds it replaced.

use core::arch::asm;

/// The platform this file implements, for the lesson's output.
pub const PLATFORM: &str = "Linux x86_64 (`syscall` instruction)";

/// Syscall numbers, from `arch/x86/entry/syscalls/syscall_64.tbl`. They differ per CPU.
pub mod nr {
    /// `write(fd, buf, count)`
    pub const WRITE: usize = 1;
    /// `exit_group(status)`: ends every thread of the process (`exit`, 60, ends only one).
    pub const EXIT_GROUP: usize = 231;
}

/// A syscall with three arguments. Returns the raw `rax`: a value, or `-errno` in
/// `-4095..=-1` (decode it with [`crate::Errno::from_linux_return`]).
///
/// # Safety
/// The arguments must be valid for syscall `nr`: every pointer among them must point to memory
/// the kernel may read or write as that syscall's documentation says, for the given length.
#[inline]
pub unsafe fn syscall3(nr: usize, a1: usize, a2: usize, a3: usize) -> usize {
    let ret;
    // SAFETY: the caller guarantees the kernel may read and write what the arguments point to.
    // The kernel writes only `rax` (the result), `rcx` and `r11`, all declared here, and does
    // not touch our stack (`nostack`); the flags are restored from `r11` on return.
    unsafe {
        asm!(
            "syscall",
            inlateout("rax") nr => ret,
            in("rdi") a1,
            in("rsi") a2,
            in("rdx") a3,
            lateout("rcx") _,
            lateout("r11") _,
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
    // SAFETY: the caller guarantees `nr` ends the process, so no register or memory we could
    // observe afterwards exists; the kernel reads only `rax` and `rdi`.
    unsafe { asm!("syscall", in("rax") nr, in("rdi") a1, options(nostack, noreturn)) }
}
