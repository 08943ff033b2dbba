//! Linux on x86_64: the `syscall` instruction.
//!
//! The register contract, from the kernel's `arch/x86/entry/entry_64.S` (rustix's
//! `arch/x86_64.rs` spells out the same):
//!
//! | register | going in | coming out |
//! |---|---|---|
//! | `rax` | the syscall number | the result, or `-errno` |
//! | `rdi`, `rsi`, `rdx`, `r10`, `r8`, `r9` | arguments 1 to 6 | unchanged |
//! | `rcx` | - | **destroyed**: the CPU saves the return address here |
//! | `r11` | - | **destroyed**: the CPU saves `rflags` here |
//!
//! The fourth argument goes in `r10`, not `rcx` as in a C call, because `syscall` itself
//! overwrites `rcx`. Forgetting to declare `rcx` and `r11` as clobbered is the book's bug: in a
//! debug build nothing lives in those registers across the `asm!` block, so it works; in a
//! release build the optimiser keeps a value there and finds it replaced.

use core::arch::asm;

/// The platform this file implements, for the lesson's output.
pub const PLATFORM: &str = "Linux x86_64 (`syscall` instruction)";

/// Syscall numbers, from `arch/x86/entry/syscalls/syscall_64.tbl`. They differ per CPU, except
/// for calls added since Linux 5.1 (numbers 424 and up, such as io_uring's), which every CPU
/// shares.
///
/// Only the calls this course makes. x86_64 also has older calls that aarch64 lacks
/// (`epoll_wait`, `epoll_create`, `eventfd`, `accept`): the course uses their newer forms,
/// which both CPUs have, so that one piece of code serves both.
pub mod nr {
    /// `read(fd, buf, count)`
    pub const READ: usize = 0;
    /// `write(fd, buf, count)`
    pub const WRITE: usize = 1;
    /// `close(fd)`
    pub const CLOSE: usize = 3;
    /// `mmap(addr, length, prot, flags, fd, offset)`
    pub const MMAP: usize = 9;
    /// `munmap(addr, length)`
    pub const MUNMAP: usize = 11;
    /// `getpid()`
    pub const GETPID: usize = 39;
    /// `socket(domain, type, protocol)`
    pub const SOCKET: usize = 41;
    /// `sendto(fd, buf, len, flags, dest_addr, addrlen)`
    pub const SENDTO: usize = 44;
    /// `recvfrom(fd, buf, len, flags, src_addr, addrlen)`
    pub const RECVFROM: usize = 45;
    /// `bind(fd, addr, addrlen)`
    pub const BIND: usize = 49;
    /// `listen(fd, backlog)`
    pub const LISTEN: usize = 50;
    /// `getsockname(fd, addr, addrlen)`
    pub const GETSOCKNAME: usize = 51;
    /// `setsockopt(fd, level, optname, optval, optlen)`
    pub const SETSOCKOPT: usize = 54;
    /// `prctl(option, arg2, arg3, arg4, arg5)`: process and thread settings (lesson 09: the
    /// timer slack).
    pub const PRCTL: usize = 157;
    /// `clock_gettime(clockid, tp)`
    pub const CLOCK_GETTIME: usize = 228;
    /// `exit_group(status)`: ends every thread of the process (`exit`, 60, ends only one).
    pub const EXIT_GROUP: usize = 231;
    /// `epoll_ctl(epfd, op, fd, event)`
    pub const EPOLL_CTL: usize = 233;
    /// `epoll_pwait(epfd, events, maxevents, timeout, sigmask, sigsetsize)`
    pub const EPOLL_PWAIT: usize = 281;
    /// `accept4(fd, addr, addrlen, flags)`
    pub const ACCEPT4: usize = 288;
    /// `eventfd2(initval, flags)`
    pub const EVENTFD2: usize = 290;
    /// `epoll_create1(flags)`
    pub const EPOLL_CREATE1: usize = 291;
    /// `prlimit64(pid, resource, new_limit, old_limit)`: read or raise a limit (lesson 09).
    pub const PRLIMIT64: usize = 302;
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
    // The kernel writes only `rax`, `rcx` and `r11`, all declared, and not our stack.
    unsafe {
        asm!(
            "syscall",
            inlateout("rax") nr => ret,
            lateout("rcx") _,
            lateout("r11") _,
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
    // The kernel writes only `rax`, `rcx` and `r11`, all declared, and not our stack.
    unsafe {
        asm!(
            "syscall",
            inlateout("rax") nr => ret,
            in("rdi") a1,
            lateout("rcx") _,
            lateout("r11") _,
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
    // The kernel writes only `rax`, `rcx` and `r11`, all declared, and not our stack.
    unsafe {
        asm!(
            "syscall",
            inlateout("rax") nr => ret,
            in("rdi") a1,
            in("rsi") a2,
            lateout("rcx") _,
            lateout("r11") _,
            options(nostack, preserves_flags),
        );
    }
    ret
}

/// A syscall with three arguments. Returns the raw `rax`: a value, or `-errno` in
/// `-4095..=-1` (decode it with [`crate::Errno::from_linux_return`]).
///
/// # Safety
/// The arguments must be valid for syscall `nr`: every pointer among them must point to memory
/// the kernel may read or write as that syscall's documentation says, for the given length.
#[inline]
pub unsafe fn syscall3(nr: usize, a1: usize, a2: usize, a3: usize) -> usize {
    let ret;
    // SAFETY: the caller guarantees the kernel may read and write what the arguments point to.
    // The kernel writes only `rax` (the result), `rcx` and `r11`, all declared here, and does
    // not touch our stack (`nostack`); the flags are restored from `r11` on return.
    unsafe {
        asm!(
            "syscall",
            inlateout("rax") nr => ret,
            in("rdi") a1,
            in("rsi") a2,
            in("rdx") a3,
            lateout("rcx") _,
            lateout("r11") _,
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
    // The kernel writes only `rax`, `rcx` and `r11`, all declared, and not our stack.
    unsafe {
        asm!(
            "syscall",
            inlateout("rax") nr => ret,
            in("rdi") a1,
            in("rsi") a2,
            in("rdx") a3,
            in("r10") a4, // not `rcx`, which `syscall` overwrites
            lateout("rcx") _,
            lateout("r11") _,
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
    // The kernel writes only `rax`, `rcx` and `r11`, all declared, and not our stack.
    unsafe {
        asm!(
            "syscall",
            inlateout("rax") nr => ret,
            in("rdi") a1,
            in("rsi") a2,
            in("rdx") a3,
            in("r10") a4,
            in("r8") a5,
            lateout("rcx") _,
            lateout("r11") _,
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
    // The kernel writes only `rax`, `rcx` and `r11`, all declared, and not our stack.
    unsafe {
        asm!(
            "syscall",
            inlateout("rax") nr => ret,
            in("rdi") a1,
            in("rsi") a2,
            in("rdx") a3,
            in("r10") a4,
            in("r8") a5,
            in("r9") a6,
            lateout("rcx") _,
            lateout("r11") _,
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
    // SAFETY: the caller guarantees `nr` ends the process, so no register or memory we could
    // observe afterwards exists; the kernel reads only `rax` and `rdi`.
    unsafe {
        asm!(
            "syscall",
            // If the kernel ever returned (a seccomp filter can make `exit_group` fail), falling
            // off a `noreturn` block would be undefined behaviour: trap instead.
            "ud2",
            in("rax") nr, in("rdi") a1,
            options(nostack, noreturn),
        )
    }
}
