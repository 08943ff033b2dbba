//! Lesson 02: the same `write`, through the operating system's own library.
//!
//! Lesson 01 talked to the kernel directly. Real programs almost never do: on Unix they call
//! the C library (`libc`, which wraps each syscall in a C function), and on Windows they must
//! call `kernel32.dll`, because Windows keeps its syscall numbers private. Calling a C function
//! from Rust is *FFI* (foreign function interface): we declare the function's C signature in an
//! `unsafe extern "C"` block (`extern "system"` on Windows) and the linker finds it.
//!
//! Getting the declaration right is our job, and the compiler cannot check it: the C types
//! must match exactly (`int` is `c_int`, `ssize_t` is `isize`, `size_t` is `usize`), or the
//! call reads garbage.
//!
//! Errors come back differently from lesson 01 too: the C function returns `-1` and leaves the
//! reason in `errno`, a *thread-local* variable that we read through a function the C library
//! exports (its name differs per OS). On Windows it is `GetLastError()`.

// One file per OS family, chosen here and nowhere else.
#[cfg(unix)]
#[path = "unix.rs"]
mod os;
#[cfg(windows)]
#[path = "windows.rs"]
mod os;

pub use os::*;
