//! `_start` on x86_64.
//!
//! The kernel enters with `rsp` pointing at `argc` and 16-byte aligned. A function compiled by
//! rustc expects `rsp` to be 16-byte aligned *before* the `call` that entered it, so entering
//! a Rust function directly leaves every stack slot misaligned by 8, and the first aligned SSE
//! store would fault. So `_start` is a naked function: it marks the outermost frame
//! (`rbp = 0`), aligns the stack and `call`s into Rust.

use core::arch::naked_asm;

/// The ELF entry point.
#[unsafe(naked)]
#[unsafe(no_mangle)]
extern "C" fn _start() -> ! {
    naked_asm!(
        "xor ebp, ebp",   // no caller frame: debuggers stop unwinding here
        "and rsp, -16",   // align the stack to 16 bytes
        "call {main}",    // pushes 8 bytes, exactly what a Rust function expects
        "ud2",            // `main_without_libc` never returns
        main = sym super::main_without_libc,
    )
}
