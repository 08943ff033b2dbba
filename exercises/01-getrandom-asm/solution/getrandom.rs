//! Worked solution: `getrandom(buf, buflen, flags)` by one system call, written with `asm!`.
//!
//! Three things beyond `getpid`: arguments go in the registers the kernel reads them from
//! (not the C calling convention's, on x86_64 the fourth differs), the kernel *writes* into
//! our memory, which the `asm!` block must be allowed to let happen (no `readonly`/`nomem`
//! option), and the result may be `-errno`, decoded by lesson 01's `Errno::from_linux_return`.

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
    // SAFETY: only ever called above with `getrandom`'s arguments: the kernel writes at most
    // `a2` bytes at `a1`, which is our `&mut [u8]` of exactly that length, and keeps no pointer.
    // `syscall` writes rax (the result), rcx and r11 (return address, saved flags): declared.
    // No `nomem`: the compiler must assume memory changed, since the kernel wrote `buf`.
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
