//! `server-with-std [PORT]`: the same server as `no-libc-server`, started by `std`.
//!
//! The same library code, so the difference between the two binaries is exactly what `std`
//! and the C library add: glibc's start-up and the dynamic loader, Rust's runtime (arguments,
//! `SIGPIPE` ignored, a guard page for stack overflow), panics that print and unwind, and the
//! formatting machinery. Lesson 09's demo compares their sizes and start-up syscalls.

use std::os::unix::ffi::OsStrExt;

fn main() {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let status = no_libc_server::main(args.iter().map(|arg| arg.as_bytes()));
    std::process::exit(status);
}
