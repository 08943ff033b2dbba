//! Linux on aarch64: the `svc 0` instruction (supervisor call).
//!
//! The register contract, from the kernel's `arch/arm64/kernel/entry.S` (rustix's
//! `arch/aarch64.rs` spells out the same):
//!
//! | register | going in | coming out |
//! |---|---|---|
//! | `x8` | the syscall number | unchanged |
//! | `x0` | argument 1 | the result, or `-errno` |
//! | `x1` to `x5` | arguments 2 to 6 | unchanged |
//!
//! Unlike x86_64, the kernel restores every other register and the flags: only `x0` changes.
//! The syscall numbers are not x86_64's either (`write` is 64 here, 1 there): aarch64 uses the
//! kernel's newer generic table, which is also why it has no plain `epoll_wait` or `open`.

use core::arch::asm;

/// The platform this file implements, for the lesson's output.
pub const PLATFORM: &str = "Linux aarch64 (`svc 0` instruction)";

/// Syscall numbers, from `include/uapi/asm-generic/unistd.h`.
///
/// Only the calls this course makes. The generic table has no `epoll_wait`, `epoll_create`,
/// `eventfd` or `accept`, only their newer forms (`epoll_pwait`, `epoll_create1`, `eventfd2`,
/// `accept4`): the course uses those on x86_64 too, so one piece of code serves both CPUs.
pub mod nr {
    /// `eventfd2(initval, flags)`
    pub const EVENTFD2: usize = 19;
    /// `epoll_create1(flags)`
    pub const EPOLL_CREATE1: usize = 20;
    /// `epoll_ctl(epfd, op, fd, event)`
    pub const EPOLL_CTL: usize = 21;
    /// `epoll_pwait(epfd, events, maxevents, timeout, sigmask, sigsetsize)`
    pub const EPOLL_PWAIT: usize = 22;
    /// `close(fd)`
    pub const CLOSE: usize = 57;
    /// `read(fd, buf, count)`
    pub const READ: usize = 63;
    /// `write(fd, buf, count)`
    pub const WRITE: usize = 64;
    /// `exit_group(status)`: ends every thread of the process (`exit`, 93, ends only one).
    pub const EXIT_GROUP: usize = 94;
    /// `clock_gettime(clockid, tp)`
    pub const CLOCK_GETTIME: usize = 113;
    /// `prctl(option, arg2, arg3, arg4, arg5)`: process and thread settings (lesson 09: the
    /// timer slack).
    pub const PRCTL: usize = 167;
    /// `getpid()`
    pub const GETPID: usize = 172;
    /// `socket(domain, type, protocol)`
    pub const SOCKET: usize = 198;
    /// `bind(fd, addr, addrlen)`
    pub const BIND: usize = 200;
    /// `listen(fd, backlog)`
    pub const LISTEN: usize = 201;
    /// `getsockname(fd, addr, addrlen)`
    pub const GETSOCKNAME: usize = 204;
    /// `sendto(fd, buf, len, flags, dest_addr, addrlen)`
    pub const SENDTO: usize = 206;
    /// `recvfrom(fd, buf, len, flags, src_addr, addrlen)`
    pub const RECVFROM: usize = 207;
    /// `setsockopt(fd, level, optname, optval, optlen)`
    pub const SETSOCKOPT: usize = 208;
    /// `munmap(addr, length)`
    pub const MUNMAP: usize = 215;
    /// `mmap(addr, length, prot, flags, fd, offset)` (`__NR3264_mmap` in the generic table)
    pub const MMAP: usize = 222;
    /// `accept4(fd, addr, addrlen, flags)`
    pub const ACCEPT4: usize = 242;
    /// `prlimit64(pid, resource, new_limit, old_limit)`: read or raise a limit (lesson 09).
    pub const PRLIMIT64: usize = 261;
    /// `io_uring_setup(entries, params)`: the same number on every CPU.
    pub const IO_URING_SETUP: usize = 425;
    /// `io_uring_enter(fd, to_submit, min_complete, flags, arg, argsz)`
    pub const IO_URING_ENTER: usize = 426;
    /// `io_uring_register(fd, opcode, arg, nr_args)`
    pub const IO_URING_REGISTER: usize = 427;
    /// `epoll_pwait2(epfd, events, maxevents, timeout, sigmask, sigsetsize)`: `epoll_pwait`
    /// with a `struct timespec` timeout, to the nanosecond (Linux 5.11; lesson 04). The same
    /// number on every CPU.
    pub const EPOLL_PWAIT2: usize = 441;
}

/// A syscall with no arguments; see [`syscall3`] for the result and the contract.
///
/// # Safety
/// Syscall `nr` must be one that is sound to make with no arguments (`getpid`, say).
#[inline]
pub unsafe fn syscall0(nr: usize) -> usize {
    let ret;
    // SAFETY: the caller guarantees the kernel may read and write what the arguments point to.
    // The kernel writes only `x0`, declared, keeps the flags and does not touch our stack.
    unsafe {
        asm!(
            "svc 0",
            in("x8") nr,
            lateout("x0") ret,
            options(nostack, preserves_flags),
        );
    }
    ret
}

/// A syscall with one argument; see [`syscall3`] for the result and the contract.
///
/// # Safety
/// As for [`syscall3`]: the arguments must be valid for syscall `nr`.
#[inline]
pub unsafe fn syscall1(nr: usize, a1: usize) -> usize {
    let ret;
    // SAFETY: the caller guarantees the kernel may read and write what the arguments point to.
    // The kernel writes only `x0`, declared, keeps the flags and does not touch our stack.
    unsafe {
        asm!(
            "svc 0",
            in("x8") nr,
            inlateout("x0") a1 => ret,
            options(nostack, preserves_flags),
        );
    }
    ret
}

/// A syscall with two arguments; see [`syscall3`] for the result and the contract.
///
/// # Safety
/// As for [`syscall3`]: the arguments must be valid for syscall `nr`.
#[inline]
pub unsafe fn syscall2(nr: usize, a1: usize, a2: usize) -> usize {
    let ret;
    // SAFETY: the caller guarantees the kernel may read and write what the arguments point to.
    // The kernel writes only `x0`, declared, keeps the flags and does not touch our stack.
    unsafe {
        asm!(
            "svc 0",
            in("x8") nr,
            inlateout("x0") a1 => ret,
            in("x1") a2,
            options(nostack, preserves_flags),
        );
    }
    ret
}

/// A syscall with three arguments. Returns the raw `x0`: a value, or `-errno` in
/// `-4095..=-1` (decode it with [`crate::Errno::from_linux_return`]).
///
/// # Safety
/// The arguments must be valid for syscall `nr`: every pointer among them must point to memory
/// the kernel may read or write as that syscall's documentation says, for the given length.
#[inline]
pub unsafe fn syscall3(nr: usize, a1: usize, a2: usize, a3: usize) -> usize {
    let ret;
    // SAFETY: the caller guarantees the kernel may read and write what the arguments point to.
    // The kernel writes only `x0` (the result), declared here, keeps the flags, and does not
    // touch our stack.
    unsafe {
        asm!(
            "svc 0",
            in("x8") nr,
            inlateout("x0") a1 => ret,
            in("x1") a2,
            in("x2") a3,
            options(nostack, preserves_flags),
        );
    }
    ret
}

/// A syscall with four arguments; see [`syscall3`] for the result and the contract.
///
/// # Safety
/// As for [`syscall3`]: the arguments must be valid for syscall `nr`.
#[inline]
pub unsafe fn syscall4(nr: usize, a1: usize, a2: usize, a3: usize, a4: usize) -> usize {
    let ret;
    // SAFETY: the caller guarantees the kernel may read and write what the arguments point to.
    // The kernel writes only `x0`, declared, keeps the flags and does not touch our stack.
    unsafe {
        asm!(
            "svc 0",
            in("x8") nr,
            inlateout("x0") a1 => ret,
            in("x1") a2,
            in("x2") a3,
            in("x3") a4,
            options(nostack, preserves_flags),
        );
    }
    ret
}

/// A syscall with five arguments; see [`syscall3`] for the result and the contract.
///
/// # Safety
/// As for [`syscall3`]: the arguments must be valid for syscall `nr`.
#[inline]
pub unsafe fn syscall5(nr: usize, a1: usize, a2: usize, a3: usize, a4: usize, a5: usize) -> usize {
    let ret;
    // SAFETY: the caller guarantees the kernel may read and write what the arguments point to.
    // The kernel writes only `x0`, declared, keeps the flags and does not touch our stack.
    unsafe {
        asm!(
            "svc 0",
            in("x8") nr,
            inlateout("x0") a1 => ret,
            in("x1") a2,
            in("x2") a3,
            in("x3") a4,
            in("x4") a5,
            options(nostack, preserves_flags),
        );
    }
    ret
}

/// A syscall with six arguments; see [`syscall3`] for the result and the contract.
///
/// # Safety
/// As for [`syscall3`]: the arguments must be valid for syscall `nr`.
#[inline]
pub unsafe fn syscall6(
    nr: usize,
    a1: usize,
    a2: usize,
    a3: usize,
    a4: usize,
    a5: usize,
    a6: usize,
) -> usize {
    let ret;
    // SAFETY: the caller guarantees the kernel may read and write what the arguments point to.
    // The kernel writes only `x0`, declared, keeps the flags and does not touch our stack.
    unsafe {
        asm!(
            "svc 0",
            in("x8") nr,
            inlateout("x0") a1 => ret,
            in("x1") a2,
            in("x2") a3,
            in("x3") a4,
            in("x4") a5,
            in("x5") a6,
            options(nostack, preserves_flags),
        );
    }
    ret
}

/// A syscall with one argument that does not return (`exit_group`).
///
/// # Safety
/// Syscall `nr` must be one that never returns; the argument must be valid for it.
#[inline]
pub unsafe fn syscall1_noreturn(nr: usize, a1: usize) -> ! {
    // SAFETY: the caller guarantees `nr` ends the process; the kernel reads only `x8` and `x0`.
    unsafe {
        asm!(
            "svc 0",
            // If the kernel ever returned (a seccomp filter can make `exit_group` fail), falling
            // off a `noreturn` block would be undefined behaviour: trap instead.
            "brk #0x1",
            in("x8") nr, in("x0") a1,
            options(nostack, noreturn),
        )
    }
}
