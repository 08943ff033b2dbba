//! `no-libc-server [PORT]`: the delay server with no C library.
//!
//! `#![no_std]`: no standard library. `#![no_main]`: no Rust runtime and no C `main`. The
//! kernel starts it at `_start`, which lesson 01's `entry_point!` defines; that calls `start`
//! below with the stack pointer, where the arguments are. Linked statically with no C library
//! (see `build.rs`): the file is all there is, with no dynamic loader and nothing to load.
#![no_std]
#![no_main]

// memcpy and friends: the compiler calls them, and there is no C library to provide them.
use no_libc_mem as _;
use no_libc_server::text::{STDERR, print};
use raw_syscall::exit;
use raw_syscall::start::InitialStack;

raw_syscall::entry_point!(start);

/// Called by `_start`. Never returns: there is nobody to return to.
extern "C" fn start(stack: InitialStack) -> ! {
    exit(no_libc_server::main(stack.args()))
}

/// With no `std` there is no unwinder and no formatting of panic messages: say where, then end
/// the process with the status `std` would use.
#[panic_handler]
fn panic(info: &core::panic::PanicInfo) -> ! {
    let (file, line) = info
        .location()
        .map_or(("?", 0), |at| (at.file(), at.line()));
    let mut digits = [0u8; 20];
    let line = no_libc_server::text::decimal(line.into(), &mut digits);
    print(
        STDERR,
        &[
            b"no-libc-server: panicked at ",
            file.as_bytes(),
            b":",
            line,
            b"\n",
        ],
    );
    exit(101)
}

/// The unwinder's personality routine, which the prebuilt `core` still names in unoptimised
/// builds. With `panic = "abort"` nothing calls it; it exists only so that a debug build links.
#[unsafe(no_mangle)]
extern "C" fn rust_eh_personality() {}
