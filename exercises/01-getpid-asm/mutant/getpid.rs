//! A known-wrong answer, for the course's own CI: the book's bug, `syscall` without its
//! clobbers. It returns the right pid, and passes in a debug build; the check must still
//! reject it, in release, where the optimiser keeps values in `rcx` and `r11`.
//!
//! Never a model to copy: see `solution/getpid.rs`.

use core::arch::asm;
use raw_syscall::arch::nr;

/// The calling process's id, from one `getpid` syscall, with a clobber list that is wrong.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
pub fn getpid() -> u32 {
    let pid: usize;
    // SAFETY: not sound, on purpose: `syscall` destroys rcx and r11 and this block does not
    // say so. This file exists to show that the check catches exactly this.
    unsafe {
        asm!(
            "syscall",
            inlateout("rax") nr::GETPID => pid,
            options(nostack, preserves_flags),
        );
    }
    pid as u32
}

/// aarch64 has no register to forget (`svc` changes only x0): the same as the solution.
#[cfg(target_arch = "aarch64")]
#[inline(always)]
pub fn getpid() -> u32 {
    let pid: usize;
    // SAFETY: `getpid` reads and writes no memory; `svc 0` changes only x0, declared.
    unsafe {
        asm!("svc 0", in("x8") nr::GETPID, lateout("x0") pid, options(nostack, preserves_flags));
    }
    pid as u32
}
