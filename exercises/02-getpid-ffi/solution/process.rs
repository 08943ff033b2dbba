//! Worked solution: `getpid()` and `getppid()` through the C library, declared by hand.
//!
//! The declaration is the whole of FFI: the compiler cannot see the C header, so it believes
//! whatever signature we write. Get `pid_t` wrong (say, `i64`) and on x86_64 the upper half of
//! the result register is whatever was there before: a wrong pid that looks plausible.

use core::ffi::c_int;

/// `pid_t` from `<sys/types.h>`: a C `int` (32-bit signed) on Linux, macOS and FreeBSD.
pub type Pid = c_int;

// The prototypes from `<unistd.h>`, copied by hand. `unsafe extern`: we vouch that they are
// right. Both are marked `safe fn`: they take no pointers, touch no memory of ours and cannot
// fail, so a caller needs no `unsafe` block (the declaration's correctness is on us, here).
unsafe extern "C" {
    /// `pid_t getpid(void);`
    safe fn getpid() -> Pid;
    /// `pid_t getppid(void);`
    safe fn getppid() -> Pid;
}

/// This process's id, from the C library's `getpid()`.
pub fn process_id() -> u32 {
    // A pid is always positive, so the conversion to std's `u32` never changes its value.
    getpid() as u32
}

/// The parent process's id, from the C library's `getppid()`.
pub fn parent_process_id() -> u32 {
    // 0 or 1 if the parent has already exited and we were adopted, never negative.
    getppid() as u32
}
