//! The raw `write` against real descriptors: exact bytes through a pipe, and each error the
//! kernel can give, decoded. Run in release too (`cargo test --release`): the book's missing
//! `rcx`/`r11` clobber only breaks optimised code.
#![cfg(all(
    any(target_os = "linux", target_os = "macos"),
    any(target_arch = "x86_64", target_arch = "aarch64")
))]

use std::io::Read;
use std::os::fd::{AsFd, AsRawFd, BorrowedFd};

use raw_syscall::Errno;

/// Lesson 01's `write` on a descriptor the test holds open: borrowing it is what makes the
/// call sound (lesson 01's `write` takes a bare number, so it is `unsafe`).
fn write(fd: BorrowedFd<'_>, bytes: &[u8]) -> Result<usize, Errno> {
    // SAFETY: a `BorrowedFd` is open for the whole call.
    unsafe { raw_syscall::write(fd.as_raw_fd(), bytes) }
}

#[test]
fn bytes_written_through_a_pipe_come_back_exact() {
    let (mut reader, writer) = std::io::pipe().expect("pipe");
    // Every byte value, several times over, but less than a pipe's 64 KiB buffer so the
    // write cannot block with nobody reading yet.
    let sent: Vec<u8> = (0..=255u8).cycle().take(40_000).collect();
    let mut rest = &sent[..];
    while !rest.is_empty() {
        let taken = write(writer.as_fd(), rest).expect("write to a pipe");
        assert!(
            taken > 0 && taken <= rest.len(),
            "write took {taken} of {}",
            rest.len()
        );
        rest = &rest[taken..];
    }
    drop(writer);
    let mut received = Vec::new();
    reader.read_to_end(&mut received).expect("read");
    assert_eq!(received, sent);
}

#[test]
fn an_empty_write_takes_nothing() {
    let (_reader, writer) = std::io::pipe().expect("pipe");
    assert_eq!(write(writer.as_fd(), b""), Ok(0));
}

#[test]
fn values_live_across_the_syscall_survive() {
    // Many values live across each `asm!` block and no function is called in the loop, so the
    // optimiser keeps them in registers, any register it believes the syscall leaves alone. If
    // one the CPU overwrites (x86_64: rcx, r11) were not declared clobbered, a sum would come
    // out wrong in a release build. (Checked: without the clobbers this test fails.)
    let (mut reader, writer) = std::io::pipe().expect("pipe");
    let fd = writer.as_fd();
    let rounds = 2000u64; // 2000 one-byte writes fit in a pipe's buffer: no write blocks
    let mut failed_writes = 0u64;
    let [mut a, mut b, mut c, mut d, mut e, mut f] = [1u64, 2, 3, 5, 8, 13];
    for i in 0..rounds {
        failed_writes += u64::from(write(fd, &[i as u8]) != Ok(1));
        a = a.wrapping_add(i);
        b = b.wrapping_mul(3).wrapping_add(a);
        c ^= b.rotate_left(7);
        d = d.wrapping_add(c >> 3);
        e = e.wrapping_sub(d).wrapping_add(i * i);
        f = f.wrapping_add(a ^ e);
    }
    assert_eq!(failed_writes, 0);
    // The same arithmetic with no syscalls in between.
    let [mut a2, mut b2, mut c2, mut d2, mut e2, mut f2] = [1u64, 2, 3, 5, 8, 13];
    for i in 0..std::hint::black_box(rounds) {
        a2 = a2.wrapping_add(i);
        b2 = b2.wrapping_mul(3).wrapping_add(a2);
        c2 ^= b2.rotate_left(7);
        d2 = d2.wrapping_add(c2 >> 3);
        e2 = e2.wrapping_sub(d2).wrapping_add(i * i);
        f2 = f2.wrapping_add(a2 ^ e2);
    }
    assert_eq!([a, b, c, d, e, f], [a2, b2, c2, d2, e2, f2]);
    drop(writer);
    let mut received = Vec::new();
    reader.read_to_end(&mut received).expect("read");
    let expected: Vec<u8> = (0..rounds).map(|i| i as u8).collect();
    assert_eq!(received, expected);
}

#[test]
fn a_number_that_is_no_descriptor_is_ebadf() {
    // -1 is never a descriptor. (A number that was open a moment ago would do too, but other
    // tests run in parallel threads and could be handed that number in the meantime.)
    // SAFETY: -1 names no file, so the kernel refuses without touching anything.
    assert_eq!(unsafe { raw_syscall::write(-1, b"x") }, Err(Errno::EBADF));
}

#[test]
fn a_descriptor_opened_read_only_is_ebadf() {
    let file = std::fs::File::open("/dev/null").expect("open /dev/null");
    assert_eq!(write(file.as_fd(), b"x"), Err(Errno::EBADF));
}

#[test]
fn a_pipe_with_no_reader_is_epipe() {
    // Rust's runtime ignores SIGPIPE, so the kernel's answer arrives as an error, not a signal.
    let (reader, writer) = std::io::pipe().expect("pipe");
    drop(reader);
    assert_eq!(write(writer.as_fd(), b"x"), Err(Errno::EPIPE));
}

#[test]
fn errors_print_their_name_and_meaning() {
    assert_eq!(Errno::EBADF.to_string(), "EBADF: bad file descriptor");
    assert_eq!(Errno::EPIPE.to_string(), "EPIPE: broken pipe");
    assert_eq!(Errno::new(4000).to_string(), "errno 4000");
    assert_eq!(format!("{:?}", Errno::EBADF), "Errno(EBADF = 9)");
}

#[test]
fn our_numbers_match_the_ones_std_knows() {
    // std's `io::Error` maps raw OS errors to kinds with its own (libc) constants: if our table
    // had a wrong number for one of these, the kinds would disagree.
    use std::io::{Error, ErrorKind};
    let expected = [
        (Errno::ENOENT, ErrorKind::NotFound),
        (Errno::EACCES, ErrorKind::PermissionDenied),
        (Errno::EINTR, ErrorKind::Interrupted),
        (Errno::EAGAIN, ErrorKind::WouldBlock),
        (Errno::EEXIST, ErrorKind::AlreadyExists),
        (Errno::EINVAL, ErrorKind::InvalidInput),
        (Errno::EPIPE, ErrorKind::BrokenPipe),
        (Errno::EADDRINUSE, ErrorKind::AddrInUse),
        (Errno::EADDRNOTAVAIL, ErrorKind::AddrNotAvailable),
        (Errno::ECONNREFUSED, ErrorKind::ConnectionRefused),
        (Errno::ECONNRESET, ErrorKind::ConnectionReset),
        (Errno::ECONNABORTED, ErrorKind::ConnectionAborted),
        (Errno::ENOTCONN, ErrorKind::NotConnected),
        (Errno::ETIMEDOUT, ErrorKind::TimedOut),
        (Errno::ENOSYS, ErrorKind::Unsupported),
        (Errno::ENOMEM, ErrorKind::OutOfMemory),
    ];
    for (errno, kind) in expected {
        assert_eq!(
            Error::from_raw_os_error(errno.raw()).kind(),
            kind,
            "{errno}"
        );
    }
}
