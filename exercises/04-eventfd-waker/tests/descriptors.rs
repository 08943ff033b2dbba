//! The waker's descriptor: close-on-exec and non-blocking, and closed with the waker. A test
//! binary of its own, with one test, so that nothing else opens descriptors while it looks.
#![cfg(target_os = "linux")]

use std::collections::BTreeSet;

use epoll::{Poll, Token};
use exercise_eventfd_waker::Waker;

/// `O_NONBLOCK` and `O_CLOEXEC` as `/proc/self/fdinfo` shows a descriptor's flags (octal).
const O_NONBLOCK: u32 = 0o4000;
const O_CLOEXEC: u32 = 0o2000000;

/// The descriptors open now. Listing `/proc/self/fd` opens one of its own, closed again once
/// the listing is read: only those still open afterwards count.
fn open_descriptors() -> BTreeSet<u32> {
    let listed: Vec<u32> = std::fs::read_dir("/proc/self/fd")
        .expect("/proc/self/fd")
        .filter_map(|entry| entry.ok()?.file_name().to_str()?.parse().ok())
        .collect();
    listed
        .into_iter()
        .filter(|fd| std::path::Path::new(&format!("/proc/self/fdinfo/{fd}")).exists())
        .collect()
}

/// The `flags:` line of `/proc/self/fdinfo/FD`.
fn flags(fd: u32) -> u32 {
    let info = std::fs::read_to_string(format!("/proc/self/fdinfo/{fd}")).expect("fdinfo");
    let line = info
        .lines()
        .find(|line| line.starts_with("flags:"))
        .expect("flags line");
    u32::from_str_radix(line["flags:".len()..].trim(), 8).expect("octal flags")
}

#[test]
fn the_counter_is_close_on_exec_non_blocking_and_closed_with_the_waker() {
    let poll = Poll::new().unwrap();
    let before = open_descriptors();
    {
        let _waker = Waker::new(poll.registry(), Token(1)).expect("Waker::new");
        let new: Vec<u32> = open_descriptors().difference(&before).copied().collect();
        assert_eq!(
            new.len(),
            1,
            "a waker should open exactly one descriptor, opened {new:?}"
        );
        let flags = flags(new[0]);
        assert!(
            flags & O_CLOEXEC != 0,
            "the eventfd is not close-on-exec: a program this one starts would inherit it (EFD_CLOEXEC)"
        );
        assert!(
            flags & O_NONBLOCK != 0,
            "the eventfd is blocking: a wake on a full counter would block the waking thread \
             (EFD_NONBLOCK)"
        );
    } // the waker is dropped here
    for _ in 0..1000 {
        let waker = Waker::new(poll.registry(), Token(1)).expect("Waker::new");
        waker.wake().expect("wake");
        // Dropped here: its eventfd must be closed (and so leave the epoll set).
    }
    assert_eq!(
        open_descriptors(),
        before,
        "wakers left descriptors open: own the fd in an OwnedFd"
    );
}
