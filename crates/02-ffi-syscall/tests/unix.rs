//! The C library's `write` and `errno`, against real descriptors.
#![cfg(unix)]

use std::io::Read;
use std::os::fd::AsRawFd;

use ffi_syscall::{Errno, last_errno, write};

#[test]
fn bytes_written_through_a_pipe_come_back_exact() {
    let (mut reader, writer) = std::io::pipe().expect("pipe");
    let sent: Vec<u8> = (0..=255u8).rev().cycle().take(30_000).collect();
    let mut rest = &sent[..];
    while !rest.is_empty() {
        let taken = write(writer.as_raw_fd(), rest).expect("write to a pipe");
        rest = &rest[taken..];
    }
    drop(writer);
    let mut received = Vec::new();
    reader.read_to_end(&mut received).expect("read");
    assert_eq!(received, sent);
}

#[test]
fn a_closed_descriptor_is_ebadf_and_errno_says_so() {
    let file = std::fs::File::open("/dev/null").expect("open /dev/null");
    let fd = file.as_raw_fd();
    drop(file);
    assert_eq!(write(fd, b"x"), Err(Errno::EBADF));
    // The error came from errno, and errno still holds it.
    assert_eq!(last_errno(), Errno::EBADF);
}

#[test]
fn a_pipe_with_no_reader_is_epipe() {
    let (reader, writer) = std::io::pipe().expect("pipe");
    drop(reader);
    assert_eq!(write(writer.as_raw_fd(), b"x"), Err(Errno::EPIPE));
}

#[test]
fn each_thread_has_its_own_errno() {
    // Two threads fail with different errors at the same moment; each reads back its own.
    let barrier = std::sync::Barrier::new(2);
    std::thread::scope(|scope| {
        let ebadf = scope.spawn(|| {
            barrier.wait();
            let _ = write(-1, b"x");
            barrier.wait(); // the other thread has failed too before we read
            last_errno()
        });
        let epipe = scope.spawn(|| {
            let (reader, writer) = std::io::pipe().expect("pipe");
            drop(reader);
            barrier.wait();
            let _ = write(writer.as_raw_fd(), b"x");
            barrier.wait();
            last_errno()
        });
        assert_eq!(ebadf.join().unwrap(), Errno::EBADF);
        assert_eq!(epipe.join().unwrap(), Errno::EPIPE);
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
    let fd = writer.as_raw_fd();
    assert_eq!(write(fd, b"abc"), raw_syscall::write(fd, b"abc"));
    assert_eq!(write(-1, b"abc"), raw_syscall::write(-1, b"abc"));
}
