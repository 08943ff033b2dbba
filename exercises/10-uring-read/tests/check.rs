//! The check of exercise `uring-read`: `cargo run -p course -- check uring-read`.
//!
//! First the entries, field by field (no kernel needed); then real reads and writes through a
//! ring, on pipes and a file. Those are skipped (loudly: `SKIPPED name: why`) where io_uring
//! cannot run, by lesson 10's own rule (`crates/10-io-uring/tests/uring/mod.rs`): with
//! `COURSE_REQUIRE_TOOLS` set, as CI sets it, a missing io_uring fails instead.
#![cfg(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
))]

#[path = "../../../crates/10-io-uring/tests/uring/mod.rs"]
mod uring;

use std::fs::File;
use std::io::{Read, Write};
use std::os::fd::AsFd;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use exercise_uring_read::{read, read_now, write, write_now};
use io_uring::ring::Ring;
use io_uring::sys::Sqe;

/// `EBADF`: a descriptor not open for the operation.
const EBADF: i32 = 9;

/// The entry every field of which the check expects.
fn expected(opcode: u8, fd: i32, addr: u64, len: u32, off: u64, user_data: u64) -> Sqe {
    Sqe {
        opcode,
        fd,
        addr,
        len,
        off,
        user_data,
        ..Sqe::default()
    }
}

/// Compares two entries field by field: `Sqe` has no `PartialEq`, and a message naming the
/// field says more anyway.
fn same(actual: &Sqe, expected: &Sqe, what: &str) {
    let fields = |sqe: &Sqe| {
        [
            ("opcode", u64::from(sqe.opcode)),
            ("flags", u64::from(sqe.flags)),
            ("ioprio", u64::from(sqe.ioprio)),
            ("fd", sqe.fd as u64),
            ("off", sqe.off),
            ("addr", sqe.addr),
            ("len", u64::from(sqe.len)),
            ("op_flags (rw_flags)", u64::from(sqe.op_flags)),
            ("user_data", sqe.user_data),
            ("buf_group", u64::from(sqe.buf_group)),
            ("personality", u64::from(sqe.personality)),
            ("file_index", u64::from(sqe.file_index)),
            ("addr3", sqe.addr3),
            ("pad", sqe.pad),
        ]
    };
    for ((name, got), (_, want)) in fields(actual).into_iter().zip(fields(expected)) {
        assert_eq!(
            got, want,
            "{what}: field `{name}` is {got:#x}, expected {want:#x}"
        );
    }
}

/// A ring of 8 entries, or `None` (the test then says SKIPPED) where io_uring cannot run.
fn ring(test: &str) -> Option<Ring> {
    uring::or_skip(test).then(|| Ring::new(8).expect("Ring::new"))
}

/// A file of its own for one test, removed when dropped.
struct TempFile(PathBuf);

impl TempFile {
    fn new(test: &str, contents: &[u8]) -> TempFile {
        let path = std::env::temp_dir().join(format!("uring-read-{}-{test}", std::process::id()));
        std::fs::write(&path, contents).expect("write the test file");
        TempFile(path)
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

#[test]
fn a_read_entry_has_the_arguments_of_pread() {
    let file = File::open("/dev/null").unwrap();
    let mut buffer = [0u8; 16];
    let fd = file.as_fd();
    let entry = read(fd, buffer.as_mut_ptr(), 16, Some(4096), 77);
    let raw = std::os::fd::AsRawFd::as_raw_fd(&file);
    let want = expected(22, raw, buffer.as_mut_ptr() as u64, 16, 4096, 77);
    same(&entry, &want, "read(fd, buf, 16, Some(4096), 77)");
}

#[test]
fn a_write_entry_is_the_same_with_opcode_23() {
    let file = File::open("/dev/null").unwrap();
    let buffer = *b"bytes";
    let entry = write(file.as_fd(), buffer.as_ptr(), 5, Some(0), 78);
    let raw = std::os::fd::AsRawFd::as_raw_fd(&file);
    let want = expected(23, raw, buffer.as_ptr() as u64, 5, 0, 78);
    same(&entry, &want, "write(fd, buf, 5, Some(0), 78)");
}

#[test]
fn no_offset_means_the_current_position_minus_one() {
    let file = File::open("/dev/null").unwrap();
    let mut buffer = [0u8; 1];
    let entry = read(file.as_fd(), buffer.as_mut_ptr(), 1, None, 0);
    assert_eq!(
        entry.off,
        u64::MAX,
        "offset None: `off` must be -1 (u64::MAX), io_uring's \"the current position\"; 0 is \
         byte 0 of the file"
    );
    let entry = write(file.as_fd(), buffer.as_ptr(), 1, None, 0);
    assert_eq!(entry.off, u64::MAX, "the same for a write");
}

#[test]
fn a_pipe_read_through_the_ring() {
    let Some(mut ring) = ring("a_pipe_read_through_the_ring") else {
        return;
    };
    let (reader, mut writer) = std::io::pipe().unwrap();
    writer.write_all(b"hello").unwrap();
    let mut buffer = [0u8; 64];
    let n = read_now(&mut ring, reader.as_fd(), &mut buffer, None).expect("read_now");
    assert_eq!(&buffer[..n], b"hello", "read_now returned {n}");
}

#[test]
fn a_read_of_an_empty_pipe_waits_for_the_writer() {
    let Some(mut ring) = ring("a_read_of_an_empty_pipe_waits_for_the_writer") else {
        return;
    };
    let (reader, mut writer) = std::io::pipe().unwrap();
    let started = Instant::now();
    let late = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(100));
        writer.write_all(b"late").unwrap();
        writer // kept open until joined: the read must end with the bytes, not end of file
    });
    let mut buffer = [0u8; 64];
    let n = read_now(&mut ring, reader.as_fd(), &mut buffer, None).expect("read_now");
    let waited = started.elapsed();
    drop(late.join().unwrap());
    assert_eq!(&buffer[..n], b"late");
    assert!(
        waited >= Duration::from_millis(90),
        "returned after {waited:?}, before the writer wrote (at 100 ms): wait for the \
         completion, not just for the submission"
    );
}

#[test]
fn end_of_file_is_a_read_of_zero() {
    let Some(mut ring) = ring("end_of_file_is_a_read_of_zero") else {
        return;
    };
    let (reader, writer) = std::io::pipe().unwrap();
    drop(writer);
    let mut buffer = [0u8; 8];
    assert_eq!(
        read_now(&mut ring, reader.as_fd(), &mut buffer, None).unwrap(),
        0
    );
}

#[test]
fn a_pipe_write_through_the_ring() {
    let Some(mut ring) = ring("a_pipe_write_through_the_ring") else {
        return;
    };
    let (mut reader, writer) = std::io::pipe().unwrap();
    let n = write_now(&mut ring, writer.as_fd(), b"through the ring", None).expect("write_now");
    assert_eq!(n, 16);
    drop(writer);
    let mut received = String::new();
    reader.read_to_string(&mut received).unwrap();
    assert_eq!(received, "through the ring");
}

#[test]
fn a_file_read_at_an_offset() {
    let Some(mut ring) = ring("a_file_read_at_an_offset") else {
        return;
    };
    let temp = TempFile::new("offset", b"hello, world");
    let file = File::open(&temp.0).unwrap();
    let mut buffer = [0u8; 5];
    let n = read_now(&mut ring, file.as_fd(), &mut buffer, Some(7)).expect("read_now");
    assert_eq!(
        &buffer[..n],
        b"world",
        "pread at offset 7 of \"hello, world\""
    );
}

#[test]
fn reads_at_the_current_position_move_it() {
    let Some(mut ring) = ring("reads_at_the_current_position_move_it") else {
        return;
    };
    let temp = TempFile::new("position", b"hello, world");
    let mut file = File::open(&temp.0).unwrap();
    let mut first = [0u8; 5];
    let mut second = [0u8; 5];
    let n1 = read_now(&mut ring, file.as_fd(), &mut first, None).expect("read_now");
    let n2 = read_now(&mut ring, file.as_fd(), &mut second, None).expect("read_now");
    assert_eq!(
        [&first[..n1], &second[..n2]],
        [b"hello".as_slice(), b", wor".as_slice()],
        "two reads at the current position read one after the other, as read(2) does; the \
         same bytes twice means `off` was 0 (byte 0), not -1"
    );
    let mut rest = String::new();
    file.read_to_string(&mut rest).unwrap();
    assert_eq!(rest, "ld", "the file's position moved by the two reads");
}

#[test]
fn a_write_at_an_offset_leaves_the_rest() {
    let Some(mut ring) = ring("a_write_at_an_offset_leaves_the_rest") else {
        return;
    };
    let temp = TempFile::new("write", b"hello, world");
    let file = File::options().write(true).open(&temp.0).unwrap();
    let n = write_now(&mut ring, file.as_fd(), b"WORLD", Some(7)).expect("write_now");
    assert_eq!(n, 5);
    assert_eq!(std::fs::read(&temp.0).unwrap(), b"hello, WORLD");
}

#[test]
fn a_failed_read_is_its_errno() {
    let Some(mut ring) = ring("a_failed_read_is_its_errno") else {
        return;
    };
    let (_reader, writer) = std::io::pipe().unwrap();
    let mut buffer = [0u8; 8];
    let error = read_now(&mut ring, writer.as_fd(), &mut buffer, None)
        .expect_err("read from a pipe's write end succeeded");
    assert_eq!(
        error.raw_os_error(),
        Some(EBADF),
        "the completion's res is -EBADF: {error}"
    );
}
