//! `memcpy`, `memmove`, `memset`, `memcmp`, `bcmp` and `strlen`, for a program with no C
//! library.
//!
//! Rust code never calls these by name, yet the compiler does: copying an array, filling a
//! buffer or comparing two slices becomes a call to one of them, and so does a loop that
//! looks for a NUL byte (lesson 01's reading of `argv` becomes `strlen`). LLVM assumes that
//! *something* provides them, normally the C library. Without one the link fails with
//! `undefined symbol: memset`. (Rust's `compiler_builtins` has them too, but the prebuilt one
//! that rustup ships for Linux leaves them out, since glibc is expected; `-Zbuild-std` with
//! `compiler-builtins-mem` puts them back, on a nightly-only path.)
//!
//! They are simple loops, byte by byte: our buffers are at most a few KiB. glibc's are hand-
//! written assembly per CPU, moving 32 or 64 bytes per instruction.
//!
//! They are the set Rust's `compiler_builtins` provides when asked to. One trap: LLVM
//! recognises a byte-copying loop and replaces it with... a call to `memcpy`. Inside `memcpy`
//! that is infinite recursion. `#![no_builtins]` turns that recognition off for this crate,
//! which is why these six live in a crate of their own.
#![no_std]
#![no_builtins]

/// Copies `n` bytes from `src` to `dest`, which must not overlap; returns `dest`.
///
/// # Safety
/// `src` must be readable and `dest` writable for `n` bytes, and the two must not overlap.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn memcpy(dest: *mut u8, src: *const u8, n: usize) -> *mut u8 {
    for i in 0..n {
        // SAFETY: `i < n`, and the caller guarantees both ranges are valid for `n` bytes.
        unsafe { *dest.add(i) = *src.add(i) };
    }
    dest
}

/// Copies `n` bytes from `src` to `dest`, which may overlap; returns `dest`.
///
/// # Safety
/// `src` must be readable and `dest` writable for `n` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn memmove(dest: *mut u8, src: *const u8, n: usize) -> *mut u8 {
    if (dest as usize) < (src as usize) {
        // Forwards: each byte is read before the copy reaches it.
        for i in 0..n {
            // SAFETY: `i < n`; both ranges are valid for `n` bytes (the caller's promise).
            unsafe { *dest.add(i) = *src.add(i) };
        }
    } else {
        // Backwards, for the same reason when `dest` is above `src`.
        for i in (0..n).rev() {
            // SAFETY: as above.
            unsafe { *dest.add(i) = *src.add(i) };
        }
    }
    dest
}

/// Sets `n` bytes at `dest` to the byte `value` (C passes it as an `int`); returns `dest`.
///
/// # Safety
/// `dest` must be writable for `n` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn memset(dest: *mut u8, value: i32, n: usize) -> *mut u8 {
    for i in 0..n {
        // SAFETY: `i < n`, and `dest` is writable for `n` bytes.
        unsafe { *dest.add(i) = value as u8 };
    }
    dest
}

/// Compares `n` bytes: negative, zero or positive as `a` sorts before, equal to or after `b`
/// (bytes compared as unsigned).
///
/// # Safety
/// `a` and `b` must be readable for `n` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn memcmp(a: *const u8, b: *const u8, n: usize) -> i32 {
    for i in 0..n {
        // SAFETY: `i < n`, and both are readable for `n` bytes.
        let (x, y) = unsafe { (*a.add(i), *b.add(i)) };
        if x != y {
            return i32::from(x) - i32::from(y);
        }
    }
    0
}

/// Whether `n` bytes differ: zero if equal, non-zero otherwise. What `==` on slices calls.
///
/// # Safety
/// `a` and `b` must be readable for `n` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bcmp(a: *const u8, b: *const u8, n: usize) -> i32 {
    // SAFETY: the same contract as `memcmp`.
    unsafe { memcmp(a, b, n) }
}

/// The length of the NUL-terminated string at `s`, without the NUL.
///
/// # Safety
/// `s` must point to a NUL-terminated string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn strlen(s: *const u8) -> usize {
    let mut len = 0;
    // SAFETY: every byte up to and including the NUL belongs to the string.
    while unsafe { *s.add(len) } != 0 {
        len += 1;
    }
    len
}
