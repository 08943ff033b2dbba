//! `_start` on aarch64.
//!
//! The kernel enters with `sp` pointing at `argc` and already 16-byte aligned, which is all a
//! Rust function needs on aarch64 (`bl` keeps the return address in `x30`, not on the stack).
//! `_start` clears the frame pointer and the link register so that debuggers know this is the
//! outermost frame, passes the stack pointer as the first argument (`x0`), and branches into
//! Rust.

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
                "mov x29, xzr", // no caller frame
                "mov x30, xzr", // no return address
                "mov x0, sp",   // argument 1: where the kernel left argc, argv, envp
                "bl {main}",
                "brk #1", // `$main` never returns
                main = sym $main,
            )
        }
    };
}
