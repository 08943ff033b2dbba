//! Where there is no IOCP: say so, and which lesson to run instead.

use std::process::ExitCode;

/// The lesson that shows this machine's own queue.
#[cfg(any(target_os = "macos", target_os = "freebsd"))]
const INSTEAD: &str = "kqueue";
#[cfg(not(any(target_os = "macos", target_os = "freebsd")))]
const INSTEAD: &str = "epoll";

pub fn main() -> ExitCode {
    eprintln!(
        "iocp: this lesson needs Windows, whose kernel has I/O completion ports; \
         run `cargo run -p {INSTEAD}` instead."
    );
    ExitCode::from(2)
}
