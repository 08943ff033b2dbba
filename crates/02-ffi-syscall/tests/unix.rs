//! The C library's `write` and `errno`, against real descriptors.
#![cfg(unix)]

use std::io::Read;
use std::os::fd::{AsFd, AsRawFd};

use ffi_syscall::{Errno, last_errno, write};

#[test]
fn bytes_written_through_a_pipe_come_back_exact() {
    let (mut reader, writer) = std::io::pipe().expect("pipe");
    let sent: Vec<u8> = (0..=255u8).rev().cycle().take(30_000).collect();
    let mut rest = &sent[..];
    while !rest.is_empty() {
        let taken = write(writer.as_fd(), rest).expect("write to a pipe");
        rest = &rest[taken..];
    }
    drop(writer);
    let mut received = Vec::new();
    reader.read_to_end(&mut received).expect("read");
    assert_eq!(received, sent);
}

#[test]
fn a_read_only_descriptor_is_ebadf_and_errno_says_so() {
    let file = std::fs::File::open("/dev/null").expect("open /dev/null");
    assert_eq!(write(file.as_fd(), b"x"), Err(Errno::EBADF));
    // The error came from errno, and errno still holds it.
    assert_eq!(last_errno(), Errno::EBADF);
}

#[test]
fn a_pipe_with_no_reader_is_epipe() {
    let (reader, writer) = std::io::pipe().expect("pipe");
    drop(reader);
    assert_eq!(write(writer.as_fd(), b"x"), Err(Errno::EPIPE));
}

#[test]
fn each_thread_has_its_own_errno() {
    // Two threads fail over and over with different errors, each reading errno right after
    // its own failure, with no other call in between. If errno were one shared variable, the
    // other thread's failures would show up here within a few thousand rounds.
    let read_only = std::fs::File::open("/dev/null").expect("open /dev/null");
    let (reader, broken) = std::io::pipe().expect("pipe");
    drop(reader);
    let start = std::sync::Barrier::new(2);
    let fail_repeatedly = |fd: std::os::fd::BorrowedFd<'_>, expected: Errno| {
        start.wait();
        for round in 0..20_000 {
            let _ = write(fd, b"x");
            let errno = last_errno();
            assert_eq!(
                errno, expected,
                "round {round}: another thread's errno leaked in"
            );
        }
    };
    std::thread::scope(|scope| {
        scope.spawn(|| fail_repeatedly(read_only.as_fd(), Errno::EBADF));
        scope.spawn(|| fail_repeatedly(broken.as_fd(), Errno::EPIPE));
    });
}

// Where lesson 01 has a raw path: the C library makes the very same syscall.
#[cfg(all(
    any(target_os = "linux", target_os = "macos"),
    any(target_arch = "x86_64", target_arch = "aarch64")
))]
#[test]
fn ffi_and_raw_syscall_agree() {
    let (_reader, writer) = std::io::pipe().expect("pipe");
    let read_only = std::fs::File::open("/dev/null").expect("open /dev/null");
    for fd in [writer.as_fd(), read_only.as_fd()] {
        // SAFETY: `fd` is borrowed from a live pipe end or file for the call.
        let raw = unsafe { raw_syscall::write(fd.as_raw_fd(), b"abc") };
        assert_eq!(write(fd, b"abc"), raw);
    }
}
