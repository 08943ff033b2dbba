//! Worked solution: read (and write) the C library's `errno` yourself.
//!
//! One declaration per OS family, chosen by `cfg` in one place and given one Rust name with
//! `#[link_name]`, so the code that uses it is the same everywhere. The pointer it returns is
//! the calling thread's own `errno`: valid for as long as the thread lives, and touched by no
//! other thread, which is what makes reading and writing it sound.

use core::ffi::c_int;

unsafe extern "C" {
    /// `int *__errno_location(void);`: glibc's and musl's name.
    #[cfg(target_os = "linux")]
    #[link_name = "__errno_location"]
    safe fn errno_location() -> *mut c_int;

    /// `int *__error(void);`: macOS's and FreeBSD's name for the same thing.
    #[cfg(any(target_os = "macos", target_os = "freebsd"))]
    #[link_name = "__error"]
    safe fn errno_location() -> *mut c_int;
}

/// The calling thread's `errno`, as the last failed C call left it.
pub fn last_errno() -> i32 {
    // SAFETY: the library returns the address of this thread's `errno`, an `int` that lives as
    // long as the thread and that no other thread touches; we read it once.
    unsafe { *errno_location() }
}

/// Sets the calling thread's `errno` (C code sometimes clears it to 0 before a call whose only
/// failure report is errno itself, such as `readdir`).
pub fn set_errno(value: i32) {
    // SAFETY: as above, the pointer is this thread's own `errno`; we write one `int` to it.
    unsafe { *errno_location() = value };
}
