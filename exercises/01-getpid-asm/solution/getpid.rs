//! Worked solution: `getpid` by one system call, written with `asm!`.
//!
//! The whole answer is one `asm!` block per CPU. What matters is not the instruction but the
//! *contract* around it: which registers go in, which come out, and which the instruction
//! destroys. The compiler trusts that list completely; a register missing from it is a
//! register the optimiser may keep one of your values in across the syscall.

use core::arch::asm;
use raw_syscall::arch::nr;

/// The calling process's id, from one `getpid` syscall.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
pub fn getpid() -> u32 {
    let pid: usize;
    // SAFETY: `getpid` takes no arguments, reads and writes no memory of ours and cannot fail.
    // The `syscall` instruction writes `rax` (the result), `rcx` (the return address) and
    // `r11` (the saved flags): all three are declared below, so no value of ours lives there.
    unsafe {
        asm!(
            "syscall",
            // rax in: which call (39 on x86_64); rax out: its result. `inlateout` lets the
            // compiler reuse the same register for both, which it must anyway.
            inlateout("rax") nr::GETPID => pid,
            // The CPU saves the return address in rcx and rflags in r11 before jumping into
            // the kernel. Declaring them as outputs we throw away (`_`) tells the compiler
            // they are destroyed. Leave these two out and a release build breaks: the check's
            // register-pressure test is the proof.
            lateout("rcx") _,
            lateout("r11") _,
            // `nostack`: the block pushes nothing, so no stack alignment is needed.
            // `preserves_flags`: the kernel restores rflags from r11 on the way back.
            options(nostack, preserves_flags),
        );
    }
    // `getpid` cannot fail, so there is no `-errno` to decode; a pid is a positive `pid_t`
    // (a C `int`), so it fits a `u32`, which is what `std::process::id` returns too.
    pid as u32
}

/// The calling process's id, from one `getpid` syscall.
#[cfg(target_arch = "aarch64")]
#[inline(always)]
pub fn getpid() -> u32 {
    let pid: usize;
    // SAFETY: `getpid` takes no arguments, reads and writes no memory of ours and cannot fail.
    // `svc 0` changes only x0 (the result): the kernel restores every other register and the
    // flags, so x0 is the only output to declare.
    unsafe {
        asm!(
            "svc 0",
            // x8 holds the call's number on aarch64 (172 here: not x86_64's 39).
            in("x8") nr::GETPID,
            // x0 carries argument 1 in and the result out; getpid has no argument, so it is an
            // output only. `lateout`: written after every input has been read.
            lateout("x0") pid,
            options(nostack, preserves_flags),
        );
    }
    pid as u32
}
