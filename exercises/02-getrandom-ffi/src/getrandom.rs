//! Your exercise: `getrandom` through the C library, declared by hand, with errno.
//!
//! The prototype, from `<sys/random.h>` (Linux and FreeBSD alike):
//!
//! ```c
//! ssize_t getrandom(void *buf, size_t buflen, unsigned int flags);
//! ```
//!
//! Declare it with the Rust types that match (`core::ffi` has `c_void` and `c_uint`;
//! `size_t` is `usize`, `ssize_t` is `isize`), call it, and turn C's convention ("-1, and the
//! reason is in `errno`") into a `Result`: lesson 02's `ffi_syscall::last_errno()` reads errno.

use ffi_syscall::Errno;

/// `GRND_NONBLOCK`: the same value on Linux and FreeBSD.
pub const GRND_NONBLOCK: u32 = 0x0001;

/// Fills `buf` with random bytes; returns how many were written. Unknown `flags` fail with
/// `EINVAL`, read from `errno`.
pub fn getrandom(buf: &mut [u8], flags: u32) -> Result<usize, Errno> {
    let _ = (buf, flags);
    todo!(
        "declare `fn getrandom(buf: *mut c_void, buflen: usize, flags: c_uint) -> isize;` in an \
         `unsafe extern \"C\"` block, call it, and on -1 return Err(ffi_syscall::last_errno())"
    )
}
