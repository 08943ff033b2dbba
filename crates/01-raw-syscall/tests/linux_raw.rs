//! Linux only: the raw register value, before decoding, and pointers the kernel refuses.
#![cfg(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
))]

use raw_syscall::Errno;
use raw_syscall::arch::{nr, syscall3};

#[test]
fn a_failing_syscall_returns_minus_errno() {
    let buf = [0u8; 1];
    // SAFETY: the kernel reads 1 byte at `buf`, a live local; fd -1 makes it fail before that.
    let raw = unsafe { syscall3(nr::WRITE, -1isize as usize, buf.as_ptr() as usize, 1) };
    assert_eq!(raw as isize, -9);
    assert_eq!(Errno::from_linux_return(raw), Err(Errno::EBADF));
}

#[test]
fn a_bad_pointer_is_efault_not_a_crash() {
    let (_reader, writer) = std::io::pipe().expect("pipe");
    let fd = std::os::fd::AsRawFd::as_raw_fd(&writer) as usize;
    // SAFETY: address 8 is never mapped, so the kernel cannot read it and fails with EFAULT;
    // it writes nothing of ours.
    let raw = unsafe { syscall3(nr::WRITE, fd, 8, 5) };
    assert_eq!(Errno::from_linux_return(raw), Err(Errno::EFAULT));
}
