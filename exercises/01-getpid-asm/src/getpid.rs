//! Your exercise: `getpid` by one system call, written with `asm!`.
//!
//! Lesson 01 made `write` and `exit`; `getpid` is the simplest call there is: no arguments,
//! cannot fail, returns the process id. The register contract is in lesson 01's arch files
//! (`crates/01-raw-syscall/src/arch/linux_x86_64.rs` and `linux_aarch64.rs`); the number is
//! `nr::GETPID` there. Do not call lesson 01's `syscall0`: write the `asm!` block yourself.
//!
//! Keep `#[inline(always)]`: the check inlines your block into a loop that keeps many values
//! in registers, which is how a register the kernel destroys, and you did not declare, shows.
//! The check runs in release too, where that happens.

#[allow(unused_imports)] // you will use these
use core::arch::asm;
#[allow(unused_imports)]
use raw_syscall::arch::nr;

/// The calling process's id, from one `getpid` syscall.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
pub fn getpid() -> u32 {
    todo!(
        "x86_64: write an asm! block that puts nr::GETPID in rax, executes `syscall`, and takes \
         the pid back from rax; declare every register the instruction destroys"
    )
}

/// The calling process's id, from one `getpid` syscall.
#[cfg(target_arch = "aarch64")]
#[inline(always)]
pub fn getpid() -> u32 {
    todo!(
        "aarch64: write an asm! block that puts nr::GETPID in x8, executes `svc 0`, and takes \
         the pid back from x0"
    )
}
