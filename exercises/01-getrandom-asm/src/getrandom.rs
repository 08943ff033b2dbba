//! Your exercise: `getrandom(buf, buflen, flags)` by one system call, written with `asm!`.
//!
//! Unlike `getpid` this call takes arguments (a pointer, a length, flags), writes into your
//! memory, and can fail, which Linux reports as `-errno` in the result register. Lesson 01's
//! `Errno::from_linux_return` decodes that; the register contract is in lesson 01's arch
//! files. The number is not in lesson 01's table: it is 318 on x86_64 and 278 on aarch64
//! (`syscall_64.tbl`, `asm-generic/unistd.h`). Write the `asm!` block yourself; do not call
//! lesson 01's `syscall3`.

#[allow(unused_imports)] // you will use these
use core::arch::asm;
use raw_syscall::Errno;

/// `GRND_NONBLOCK` (`<linux/random.h>`): fail with `EAGAIN` instead of waiting, if the
/// kernel's generator is not seeded yet (only ever early at boot).
pub const GRND_NONBLOCK: u32 = 0x0001;

/// Fills `buf` with random bytes from the kernel; returns how many it wrote (all of them, for
/// up to 256 bytes). Unknown `flags` fail with `EINVAL`.
#[inline(always)]
pub fn getrandom(buf: &mut [u8], flags: u32) -> Result<usize, Errno> {
    let _ = (buf, flags);
    todo!(
        "make the getrandom syscall with asm!: the number in rax (x86_64) or x8 (aarch64), the \
         buffer's address, its length and the flags as the three arguments; decode the result \
         with Errno::from_linux_return"
    )
}
