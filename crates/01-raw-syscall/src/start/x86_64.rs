//! `_start` on x86_64.
//!
//! The kernel enters with `rsp` pointing at `argc` and 16-byte aligned. A function compiled by
//! rustc expects `rsp` to be 16-byte aligned *before* the `call` that entered it, so entering
//! a Rust function directly would leave every stack slot misaligned by 8, and the first aligned
//! SSE store would fault. So `_start` is a naked function: it marks the outermost frame
//! (`rbp = 0`), passes the stack pointer as the first argument (`rdi`), aligns the stack and
//! `call`s into Rust.

/// Defines the program's ELF entry point, `_start`, which calls `$main` with the
/// [`InitialStack`](crate::start::InitialStack). `$main` must be an
/// `extern "C" fn(InitialStack) -> !`. See [`start`](crate::start) for how to use it.
#[macro_export]
macro_rules! entry_point {
    ($main:path) => {
        // The check the assembly cannot make: `$main` takes the stack pointer and never returns.
        const _: extern "C" fn($crate::start::InitialStack) -> ! = $main;

        /// The ELF entry point, from `raw_syscall::entry_point!`.
        #[unsafe(naked)]
        #[unsafe(no_mangle)]
        // `unsafe`: only the kernel may call it, with the stack it builds for a new program.
        unsafe extern "C" fn _start() -> ! {
            ::core::arch::naked_asm!(
                "xor ebp, ebp", // no caller frame: debuggers stop unwinding here
                "mov rdi, rsp", // argument 1: where the kernel left argc, argv, envp
                "and rsp, -16", // align the stack to 16 bytes
                "call {main}",  // pushes 8 bytes, exactly what a Rust function expects
                "ud2",          // `$main` never returns
                main = sym $main,
            )
        }
    };
}
