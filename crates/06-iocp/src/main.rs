//! `cargo run -p iocp`: the book's chapter-4 client, the completion way (Windows).
//!
//! `cargo run -p iocp -- SERVER`: the same against the delay server at SERVER.

// What differs: the demo where IOCP exists, one sentence elsewhere. Chosen here only.
#[cfg(windows)]
#[path = "main_windows.rs"]
mod os;
#[cfg(not(windows))]
#[path = "main_other.rs"]
mod os;

#[cfg(windows)]
mod client;

fn main() -> std::process::ExitCode {
    os::main()
}
