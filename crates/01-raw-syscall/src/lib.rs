//! Lesson 01: talking to the kernel with nothing but a CPU instruction.
//!
//! A system call is a function call into the kernel. There is no library in between: the
//! program puts a number that names the call in one register, the arguments in others, and
//! executes one instruction (`syscall` on x86_64, `svc` on aarch64). The kernel does the work
//! and leaves the result in a register. This crate does exactly that with `asm!`, and decodes
//! the kernel's error convention into an [`Errno`].
//!
//! The crate is `#![no_std]`: it needs nothing from Rust's standard library or from C, which
//! is why the no-libc program of this lesson (`no-libc/`) can use it.
//!
//! Platforms: Linux x86_64 and aarch64 (a stable, documented ABI), and macOS x86_64 and
//! aarch64 as a **learning exercise only**: Apple does not promise a stable syscall ABI, and
//! real macOS programs must go through `libSystem` (lesson 02). Other targets build this crate
//! with no syscall path at all.
#![no_std]

pub mod errno;
pub use errno::Errno;

// One file per OS and CPU, chosen here and nowhere else. Each file provides the same two
// things: `write` and `exit` by raw syscall; the Linux ones also the general `syscall0..6`.
#[cfg(all(target_os = "linux", target_arch = "x86_64"))]
#[path = "arch/linux_x86_64.rs"]
pub mod arch;
#[cfg(all(target_os = "linux", target_arch = "aarch64"))]
#[path = "arch/linux_aarch64.rs"]
pub mod arch;
#[cfg(all(target_os = "macos", target_arch = "x86_64"))]
#[path = "arch/macos_x86_64.rs"]
pub mod arch;
#[cfg(all(target_os = "macos", target_arch = "aarch64"))]
#[path = "arch/macos_aarch64.rs"]
pub mod arch;

// `write` and `exit` on top of the arch file, with errors decoded (`write` is an `unsafe fn`:
// it takes a bare descriptor number, which only the caller can vouch for). One file per OS,
// since Linux and macOS report errors differently.
#[cfg(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
))]
#[path = "linux.rs"]
mod os;
#[cfg(all(
    target_os = "macos",
    any(target_arch = "x86_64", target_arch = "aarch64")
))]
#[path = "macos.rs"]
mod os;

#[cfg(all(
    any(target_os = "linux", target_os = "macos"),
    any(target_arch = "x86_64", target_arch = "aarch64")
))]
pub use {
    arch::PLATFORM,
    os::{ERROR_CONVENTION, exit, write},
};

// Linux only: `read` and `close`, and what a program without a C library needs to start
// (its own `_start`, and its arguments from the stack the kernel built).
#[cfg(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
))]
pub use os::{close, read};
#[cfg(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
))]
pub mod start;
