//! `_start` on aarch64.
//!
//! The kernel enters with `sp` pointing at `argc` and already 16-byte aligned, which is all a
//! Rust function needs on aarch64 (`bl` keeps the return address in `x30`, not on the stack).
//! `_start` only clears the frame pointer and the link register so that debuggers know this
//! is the outermost frame, then branches into Rust.

use core::arch::naked_asm;

/// The ELF entry point.
#[unsafe(naked)]
#[unsafe(no_mangle)]
extern "C" fn _start() -> ! {
    naked_asm!(
        "mov x29, xzr",   // no caller frame
        "mov x30, xzr",   // no return address
        "bl {main}",
        "brk #1",         // `main_without_libc` never returns
        main = sym super::main_without_libc,
    )
}
