//! The shared acceptance suite (`crates/04-epoll/tests/suite/`), run against whichever
//! backend this OS has: epoll natively and under qemu, IOCP under Wine, kqueue compiled.
#![cfg(any(
    target_os = "linux",
    target_os = "macos",
    target_os = "freebsd",
    windows
))]

use event_queue as queue;

#[path = "../../04-epoll/tests/suite/mod.rs"]
mod suite;

#[test]
fn the_backend_is_the_one_this_os_has() {
    let expected = if cfg!(target_os = "linux") {
        "epoll"
    } else if cfg!(windows) {
        "IOCP (AFD poll)"
    } else {
        "kqueue"
    };
    assert_eq!(event_queue::BACKEND, Some(expected));
}
