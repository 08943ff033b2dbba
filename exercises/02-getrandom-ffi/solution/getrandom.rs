//! Worked solution: `getrandom` through the C library, declared by hand, with errno.
//!
//! The same call as the raw-syscall exercise, one level up: the C library puts the arguments
//! in the right registers and makes the syscall, and instead of `-errno` in a register it
//! returns `-1` and stores the reason in the calling thread's `errno`. Read errno right after
//! the failing call, before anything else can overwrite it.

use core::ffi::{c_uint, c_void};

use ffi_syscall::{Errno, last_errno};

/// `GRND_NONBLOCK`: the same value on Linux and FreeBSD.
pub const GRND_NONBLOCK: u32 = 0x0001;

// The prototype from `<sys/random.h>`, copied by hand. Not a `safe fn`: it writes through a
// raw pointer, so each call site says why that pointer is valid. The Rust name `getrandom` is
// the safe wrapper's, so the C function gets another Rust name, linked to the C symbol.
unsafe extern "C" {
    /// `ssize_t getrandom(void *buf, size_t buflen, unsigned int flags);`
    #[link_name = "getrandom"]
    fn getrandom_c(buf: *mut c_void, buflen: usize, flags: c_uint) -> isize;
}

/// Fills `buf` with random bytes; returns how many were written. Unknown `flags` fail with
/// `EINVAL`, read from `errno`.
pub fn getrandom(buf: &mut [u8], flags: u32) -> Result<usize, Errno> {
    // SAFETY: the C library (and the kernel behind it) writes at most `buf.len()` bytes at
    // `buf.as_mut_ptr()`, which the `&mut [u8]` lets us write, and keeps no pointer after
    // returning. `flags` is passed as the `unsigned int` the prototype says.
    let written = unsafe { getrandom_c(buf.as_mut_ptr().cast::<c_void>(), buf.len(), flags) };
    if written == -1 {
        // The reason is in errno, for this thread, until the next C call: read it now.
        Err(last_errno())
    } else {
        // Never negative otherwise, and at most `buf.len()`.
        Ok(written as usize)
    }
}
