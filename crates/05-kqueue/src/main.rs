//! `cargo run -p kqueue [HOST:PORT] [--step MS]`: the book's chapter-4 client over kqueue.
//!
//! The client is lesson 04's `chapter4.rs`, included rather than copied: it is written against
//! `crate::queue`, which this program names kqueue.

use std::process::ExitCode;

#[cfg(any(target_os = "macos", target_os = "freebsd"))]
use kqueue as queue;

#[cfg(any(target_os = "macos", target_os = "freebsd"))]
#[path = "../../04-epoll/src/chapter4.rs"]
mod chapter4;

#[cfg(any(target_os = "macos", target_os = "freebsd"))]
fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match chapter4::Options::parse(&args) {
        Ok(options) => chapter4::run("Lesson 05", "kqueue", &options),
        Err(message) => {
            eprintln!("kqueue: {message}\n{}", chapter4::USAGE);
            ExitCode::from(2)
        }
    }
}

#[cfg(not(any(target_os = "macos", target_os = "freebsd")))]
fn main() -> ExitCode {
    let instead = if cfg!(windows) { "iocp" } else { "epoll" };
    eprintln!(
        "kqueue: this lesson needs macOS or a BSD, whose kernels have kqueue; \
         run `cargo run -p {instead}` instead."
    );
    ExitCode::from(2)
}
