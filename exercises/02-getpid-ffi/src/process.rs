//! Your exercise: `getpid()` and `getppid()` through the C library, declared by hand.
//!
//! In lesson 01 you made `getpid` with one instruction. Here the C library does it: declare the
//! two functions in an `unsafe extern "C"` block, with the C types of `<unistd.h>`, and call
//! them. `pid_t` is a C `int` on Linux, macOS and FreeBSD: define `Pid` as the Rust type that
//! matches (`core::ffi` has it), then use it in the declarations. Neither function can fail, so
//! there is no errno here (the next exercise has one).

/// `pid_t` from `<sys/types.h>`. Replace `()` with the type that matches a C `int`.
pub type Pid = ();

/// This process's id, from the C library's `getpid()`.
pub fn process_id() -> u32 {
    todo!("declare `fn getpid() -> Pid;` in an `unsafe extern \"C\"` block and call it")
}

/// The parent process's id, from the C library's `getppid()`.
pub fn parent_process_id() -> u32 {
    todo!("declare `fn getppid() -> Pid;` beside getpid and call it")
}
