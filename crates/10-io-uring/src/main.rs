//! `cargo run -p io-uring`: the book's chapter-4 client, the completion way (Linux io_uring).
//!
//! `io-uring serve [ADDR]`: lesson 08's delay server on io_uring. `--help` for the rest.

// What differs: the programs where io_uring can exist, one sentence elsewhere. Chosen here only.
#[cfg(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
))]
#[path = "main_linux.rs"]
mod os;
#[cfg(not(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
)))]
#[path = "main_other.rs"]
mod os;

#[cfg(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
))]
mod cli;
#[cfg(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
))]
mod client;

fn main() -> std::process::ExitCode {
    os::main()
}
