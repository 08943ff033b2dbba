//! A known-wrong answer, for the course's own CI: the book's bug again, `syscall` without its
//! clobbers, in a call with arguments. It fills the buffer and decodes errors correctly, and
//! passes in a debug build; the check must still reject it, in release.
//!
//! Never a model to copy: see `solution/getrandom.rs`.

use core::arch::asm;
use raw_syscall::Errno;

/// `GRND_NONBLOCK` (`<linux/random.h>`): fail with `EAGAIN` instead of waiting, if the
/// kernel's generator is not seeded yet (only ever early at boot).
pub const GRND_NONBLOCK: u32 = 0x0001;

/// `__NR_getrandom`: x86_64's own table (`arch/x86/entry/syscalls/syscall_64.tbl`).
#[cfg(target_arch = "x86_64")]
const NR_GETRANDOM: usize = 318;
/// `__NR_getrandom`: the generic table aarch64 uses (`include/uapi/asm-generic/unistd.h`).
#[cfg(target_arch = "aarch64")]
const NR_GETRANDOM: usize = 278;

/// Fills `buf` with random bytes from the kernel; returns how many it wrote (all of them, for
/// up to 256 bytes). Unknown `flags` fail with `EINVAL`.
#[inline(always)]
pub fn getrandom(buf: &mut [u8], flags: u32) -> Result<usize, Errno> {
    // The kernel takes `unsigned int flags`: zero-extended into the 64-bit register.
    let raw = syscall3(
        NR_GETRANDOM,
        buf.as_mut_ptr() as usize,
        buf.len(),
        flags as usize,
    );
    // `-4095..=-1` is `-errno`; anything else is the count of bytes written.
    Errno::from_linux_return(raw)
}

/// One three-argument syscall on x86_64: number in rax, arguments in rdi, rsi, rdx.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn syscall3(nr: usize, a1: usize, a2: usize, a3: usize) -> usize {
    let ret;
    // SAFETY: not sound, on purpose: `syscall` destroys rcx and r11 and this block does not say
    // so. This file exists to show that the check catches exactly this.
    unsafe {
        asm!(
            "syscall",
            inlateout("rax") nr => ret,
            in("rdi") a1,
            in("rsi") a2,
            in("rdx") a3,
            options(nostack, preserves_flags), // wrong: rcx and r11 are destroyed
        );
    }
    ret
}

/// One three-argument syscall on aarch64: number in x8, arguments in x0, x1, x2.
#[cfg(target_arch = "aarch64")]
#[inline(always)]
fn syscall3(nr: usize, a1: usize, a2: usize, a3: usize) -> usize {
    let ret;
    // SAFETY: as above, the kernel writes at most `a2` bytes at `a1` (our slice). `svc 0`
    // changes only x0, which carries the first argument in and the result out.
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
