//! Your exercise: read (and write) the C library's `errno` yourself, as lesson 02's
//! `last_errno` does, without using it.
//!
//! `errno` is not a plain global variable: each thread has its own, so that one thread's
//! failure cannot overwrite the reason for another's. The C library therefore exports a
//! function that returns the address of the *calling thread's* `errno`, and its name differs
//! per OS:
//!
//! ```c
//! int *__errno_location(void);   // glibc and musl (Linux)
//! int *__error(void);            // macOS's libSystem, FreeBSD's libc
//! ```
//!
//! Declare the right one for each OS (one `cfg` in one place; `#[link_name]` lets both have the
//! same Rust name), then read and write through the pointer it returns.

/// The calling thread's `errno`, as the last failed C call left it.
pub fn last_errno() -> i32 {
    todo!(
        "declare __errno_location (Linux) / __error (macOS, FreeBSD) and read the int it points to"
    )
}

/// Sets the calling thread's `errno` (C code sometimes clears it to 0 before a call whose only
/// failure report is errno itself, such as `readdir`).
pub fn set_errno(value: i32) {
    let _ = value;
    todo!("write `value` through the same pointer")
}
