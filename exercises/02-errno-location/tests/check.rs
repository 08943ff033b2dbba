//! The check of exercise `errno-location`: `cargo run -p course -- check errno-location`.
#![cfg(any(target_os = "linux", target_os = "macos", target_os = "freebsd"))]

use std::ffi::c_int;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use exercise_errno_location::{last_errno, set_errno};

/// `EBADF`: 9 on Linux, macOS and FreeBSD alike.
const EBADF: i32 = 9;
/// `ENOENT`: 2 everywhere too.
const ENOENT: i32 = 2;

unsafe extern "C" {
    /// `int close(int fd);`: with -1, fails with EBADF and touches nothing.
    safe fn close(fd: c_int) -> c_int;
    /// `int chdir(const char *path);`: with a missing folder, fails with ENOENT.
    fn chdir(path: *const std::ffi::c_char) -> c_int;
}

#[test]
fn a_failed_call_leaves_its_reason_in_errno() {
    assert_eq!(close(-1), -1);
    assert_eq!(last_errno(), EBADF, "close(-1) fails with EBADF (9)");
}

#[test]
fn errno_can_be_cleared_and_set() {
    set_errno(0);
    assert_eq!(last_errno(), 0);
    set_errno(ENOENT);
    assert_eq!(last_errno(), ENOENT);
}

/// Says "I have failed" and waits until the other thread has too, with atomics only: a lock
/// or a sleep would make system calls of its own, which may leave something in errno.
fn meet(mine: &AtomicBool, theirs: &AtomicBool) {
    mine.store(true, Ordering::Release);
    while !theirs.load(Ordering::Acquire) {
        std::hint::spin_loop();
    }
}

#[test]
fn each_thread_has_its_own_errno() {
    // Both threads fail, with different reasons, before either reads: each must read its own.
    let failed = Arc::new([AtomicBool::new(false), AtomicBool::new(false)]);
    let other = {
        let failed = Arc::clone(&failed);
        std::thread::spawn(move || {
            // SAFETY: `chdir` reads the C string, which is valid and ends in a 0.
            let result = unsafe { chdir(c"/this/folder/does/not/exist".as_ptr()) };
            assert_eq!(result, -1);
            meet(&failed[1], &failed[0]);
            last_errno()
        })
    };
    assert_eq!(close(-1), -1);
    meet(&failed[0], &failed[1]);
    assert_eq!(
        last_errno(),
        EBADF,
        "this thread's errno was overwritten by the other's"
    );
    assert_eq!(
        other.join().unwrap(),
        ENOENT,
        "the other thread read the wrong errno"
    );
}
