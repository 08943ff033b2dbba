//! `cargo run -p epoll [HOST:PORT] [--step MS]`: the book's chapter-4 client over epoll.

use std::process::ExitCode;

#[cfg(target_os = "linux")]
use epoll as queue;

#[cfg(target_os = "linux")]
mod chapter4;

#[cfg(target_os = "linux")]
fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match chapter4::Options::parse(&args) {
        Ok(options) => chapter4::run("Lesson 04", "epoll", &options),
        Err(message) => {
            eprintln!("epoll: {message}\n{}", chapter4::USAGE);
            ExitCode::from(2)
        }
    }
}

#[cfg(not(target_os = "linux"))]
fn main() -> ExitCode {
    let instead = if cfg!(windows) { "iocp" } else { "kqueue" };
    eprintln!(
        "epoll: epoll is Linux's event queue; on this OS run `cargo run -p {instead}` instead."
    );
    ExitCode::from(2)
}
