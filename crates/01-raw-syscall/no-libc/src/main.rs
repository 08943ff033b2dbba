//! A program with no C library at all: no `std`, no `main`, no libc, no dynamic loader.
//!
//! The kernel starts a program at its ELF entry point, the symbol `_start`. Normally that is
//! glibc's, which sets up the C runtime and then calls Rust's runtime, which calls `main`.
//! Here `_start` is ours, and the only two things the program does are lesson 01's raw
//! `write` and `exit_group`. `scripts/trace.sh` or `strace` shows exactly those two syscalls.
#![no_std]
#![no_main]

use raw_syscall::start::InitialStack;
use raw_syscall::{exit, write};

// The entry point, `_start`, in assembly because no Rust function may start with the stack the
// kernel gives us. Lesson 01 keeps it, one file per CPU, for every program without a C library;
// it calls this function with the stack pointer, where the arguments are (unused here).
raw_syscall::entry_point!(main_without_libc);

/// Called by `_start` with a stack aligned as Rust expects. Never returns: there is nobody
/// to return to.
extern "C" fn main_without_libc(_stack: InitialStack) -> ! {
    let message = b"Hello from a program with no C library at all.\n";
    // SAFETY: descriptor 1 is the standard output the kernel handed this process; nothing in
    // this program closes it.
    match unsafe { write(1, message) } {
        Ok(_) => exit(0),
        Err(errno) => exit(errno.raw()),
    }
}

/// With no `std`, a panic has no unwinder and nobody to print a message: end the process
/// with the status `std` would use.
#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    exit(101)
}

/// The unwinder's personality routine, which the prebuilt `core` (compiled for unwinding)
/// still names in unoptimised builds. With `panic = "abort"` nothing ever unwinds, so nothing
/// calls it; it exists only so that a debug build links. Release builds optimise the reference
/// away.
#[unsafe(no_mangle)]
extern "C" fn rust_eh_personality() {}
