//! `cargo run -p no-libc`: the delay server with no C library, built, started, asked, measured
//! and stopped.

#[cfg(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
))]
mod client;
#[cfg(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
))]
mod demo;
#[cfg(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
))]
mod server;

use std::process::ExitCode;

#[cfg(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
))]
fn main() -> ExitCode {
    if std::env::args_os().len() > 1 {
        eprintln!(
            "no-libc: takes no arguments (the server itself takes a port: see docs/09-no-libc.md)"
        );
        return ExitCode::from(2);
    }
    match demo::run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("no-libc: {error}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(not(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
)))]
fn main() -> ExitCode {
    eprintln!(
        "no-libc: a program with no C library speaks to the kernel directly, and only Linux on \
         x86_64 or aarch64 is covered; run `cargo run -p delay-server` (lesson 08) instead."
    );
    ExitCode::from(2)
}
