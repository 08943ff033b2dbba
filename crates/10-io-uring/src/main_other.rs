//! Where there is no io_uring: say so, and which lesson to run instead.

use std::process::ExitCode;

/// The lesson that shows this machine's own queue.
#[cfg(windows)]
const INSTEAD: &str = "iocp";
#[cfg(any(target_os = "macos", target_os = "freebsd"))]
const INSTEAD: &str = "kqueue";
#[cfg(not(any(windows, target_os = "macos", target_os = "freebsd")))]
const INSTEAD: &str = "epoll";

pub fn main() -> ExitCode {
    eprintln!(
        "io-uring: this lesson needs Linux (on x86_64 or aarch64), whose kernel has io_uring; \
         run `cargo run -p {INSTEAD}` instead."
    );
    ExitCode::from(2)
}
