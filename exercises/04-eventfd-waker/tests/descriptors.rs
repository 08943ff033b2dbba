//! Every waker closes its eventfd: a test binary of its own, so that no other test opens
//! descriptors while this one counts them.
#![cfg(target_os = "linux")]

use epoll::{Poll, Token};
use exercise_eventfd_waker::Waker;

fn open_descriptors() -> usize {
    std::fs::read_dir("/proc/self/fd")
        .expect("/proc/self/fd")
        .count()
}

#[test]
fn a_thousand_wakers_leave_no_descriptor_open() {
    let poll = Poll::new().unwrap();
    let before = open_descriptors();
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
