//! The kernel's side: epoll's and eventfd's types and numbers, and the calls, by one of two
//! paths.
//!
//! This file is plain data, the same whichever way the calls are made: `struct epoll_event`
//! with its layout pinned per CPU, and the flag values from the kernel's headers. It needs
//! nothing but `core`, so a program with no standard library (lesson 09's server) uses these
//! very types.
//!
//! The calls themselves go one of two ways, chosen below and nowhere else:
//!
//! - through the C library, declared by hand as in lesson 02 (`libc.rs`, the default);
//! - by raw syscalls, lesson 01's inline assembly, with the cargo feature `raw` (`raw.rs`):
//!   then the Linux queue needs no C library at all. `raw.rs` needs no `std` either.
//!
//! Both files offer the same six functions, named and shaped like the C library's (a
//! descriptor is an `i32`, a failure is lesson 01's `Errno`); `io.rs`, built with `std`, wraps
//! whichever was chosen into the `io::Result` and `OwnedFd` functions the queue calls. So the
//! queue, and every test of this lesson, runs unchanged both ways:
//! `cargo test -p epoll` and `cargo test -p epoll --features raw`.

use core::mem::{offset_of, size_of};

/// `struct epoll_event` from `<sys/epoll.h>`: what we want to hear about, and our token.
///
/// On x86_64 the kernel's struct is **packed** (12 bytes: a `u32` then a `u64` with no gap),
/// because the first 64-bit kernels had to match the 32-bit layout; on every other CPU it is
/// naturally aligned (16 bytes). The book declares it packed everywhere, so on aarch64 its
/// tokens come back shifted by four bytes. The layout assertions below pin both.
#[derive(Clone, Copy)]
#[cfg_attr(target_arch = "x86_64", repr(C, packed))]
#[cfg_attr(not(target_arch = "x86_64"), repr(C))]
pub struct EpollEvent {
    /// `EPOLLIN | EPOLLOUT | ...`: interest going in, readiness coming out.
    pub events: u32,
    /// `epoll_data_t`, a union in C; we always use its `u64` member, to carry a token.
    pub data: u64,
}

#[cfg(target_arch = "x86_64")]
const _: () = {
    assert!(size_of::<EpollEvent>() == 12);
    assert!(align_of::<EpollEvent>() == 1);
    assert!(offset_of!(EpollEvent, data) == 4);
};
// Every other CPU (aarch64, riscv64...): natural alignment, the token at offset 8.
#[cfg(not(target_arch = "x86_64"))]
const _: () = {
    assert!(size_of::<EpollEvent>() == 16);
    assert!(align_of::<EpollEvent>() == 8);
    assert!(offset_of!(EpollEvent, data) == 8);
};

// Flag values, the same on every Linux CPU (`include/uapi/linux/eventpoll.h`).
/// Readable (interest and event).
pub const EPOLLIN: u32 = 0x001;
/// Urgent (out-of-band) data to read.
pub const EPOLLPRI: u32 = 0x002;
/// Writable (interest and event).
pub const EPOLLOUT: u32 = 0x004;
/// An error is pending (always reported, never asked for).
pub const EPOLLERR: u32 = 0x008;
/// Hung up: both directions closed (always reported).
pub const EPOLLHUP: u32 = 0x010;
/// The peer shut down its writing side (asked for with readability).
pub const EPOLLRDHUP: u32 = 0x2000;
/// Report once, then disable until `EPOLL_CTL_MOD`.
pub const EPOLLONESHOT: u32 = 1 << 30;
/// Edge-triggered: report changes, not states.
pub const EPOLLET: u32 = 1 << 31;

/// `epoll_ctl`'s operations.
pub const EPOLL_CTL_ADD: i32 = 1;
/// Stop watching a descriptor.
pub const EPOLL_CTL_DEL: i32 = 2;
/// Change what a descriptor is watched for.
pub const EPOLL_CTL_MOD: i32 = 3;

/// `EPOLL_CLOEXEC` for `epoll_create1` (= `O_CLOEXEC`, asm-generic `fcntl.h`): the queue is
/// closed in a child process started later, instead of leaking into it.
pub const EPOLL_CLOEXEC: i32 = 0o2000000;
/// `EFD_CLOEXEC` for `eventfd` (= `O_CLOEXEC`).
pub const EFD_CLOEXEC: i32 = 0o2000000;
/// `EFD_NONBLOCK` for `eventfd` (= `O_NONBLOCK`).
pub const EFD_NONBLOCK: i32 = 0o4000;

/// `struct __kernel_timespec` from `<linux/time_types.h>`: `epoll_pwait2`'s timeout. Two
/// 64-bit fields on every Linux CPU (the kernel's own type, not the C library's `timespec`,
/// whose `tv_sec` is 32 bits on some 32-bit targets).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(C)]
pub struct Timespec {
    /// Whole seconds.
    pub tv_sec: i64,
    /// Nanoseconds, below 1,000,000,000.
    pub tv_nsec: i64,
}

const _: () = {
    assert!(size_of::<Timespec>() == 16);
    assert!(align_of::<Timespec>() == 8);
    assert!(offset_of!(Timespec, tv_nsec) == 8);
};

/// The kernel's `sizeof(sigset_t)`: 64 signals, 8 bytes, on every Linux CPU we build for.
/// (glibc's `sigset_t` is 128 bytes; the kernel's is not.)
#[doc(hidden)] // pub for the facts check (scripts/facts.sh) only
pub const KERNEL_SIGSET_SIZE: usize = 8;

/// The most events one wait may ask for: the kernel refuses more than
/// `INT_MAX / sizeof(struct epoll_event)` (`EP_MAX_EVENTS`) with `EINVAL`.
pub const MAX_EVENTS: usize = i32::MAX as usize / size_of::<EpollEvent>();

// --- the calls: C library or raw syscalls, chosen here and nowhere else ---------------------

#[cfg(all(feature = "std", not(feature = "raw")))]
mod libc;
#[cfg(feature = "raw")]
pub mod raw;
// The nanosecond wait: a raw syscall on both paths (see the file).
pub mod pwait2;

#[cfg(all(feature = "std", not(feature = "raw")))]
use self::libc as backend;
#[cfg(all(feature = "std", feature = "raw"))]
use raw as backend;

#[cfg(feature = "std")]
mod io;
#[cfg(feature = "std")]
pub use io::*;

#[cfg(all(test, feature = "std"))]
mod tests {
    #[test]
    fn the_backend_is_the_one_the_features_chose() {
        assert_eq!(super::BACKEND.starts_with("raw"), cfg!(feature = "raw"));
    }
}
