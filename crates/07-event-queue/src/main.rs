//! `cargo run -p event-queue [HOST:PORT] [--step MS]`: the chapter-4 client once more, now
//! portable: the same source runs over epoll, kqueue or IOCP, whichever this OS has.

use std::process::ExitCode;

#[cfg(any(
    target_os = "linux",
    target_os = "macos",
    target_os = "freebsd",
    windows
))]
use event_queue as queue;

// The client of lesson 04, written against `crate::queue`: here that is this crate, so the
// very same source now runs on every backend.
#[cfg(any(
    target_os = "linux",
    target_os = "macos",
    target_os = "freebsd",
    windows
))]
#[path = "../../04-epoll/src/chapter4.rs"]
mod chapter4;

#[cfg(any(
    target_os = "linux",
    target_os = "macos",
    target_os = "freebsd",
    windows
))]
fn main() -> ExitCode {
    let backend = event_queue::BACKEND.unwrap_or("?");
    let args: Vec<String> = std::env::args().skip(1).collect();
    match chapter4::Options::parse(&args) {
        Ok(options) => chapter4::run("Lesson 07", backend, &options),
        Err(message) => {
            eprintln!("event-queue: {message}\n{}", chapter4::USAGE);
            ExitCode::from(2)
        }
    }
}

#[cfg(not(any(
    target_os = "linux",
    target_os = "macos",
    target_os = "freebsd",
    windows
)))]
fn main() -> ExitCode {
    eprintln!(
        "event-queue: this OS has none of the queues this course covers (epoll, kqueue, IOCP); \
         run `cargo run -p nonblocking` to see the busy loop instead."
    );
    ExitCode::from(2)
}
