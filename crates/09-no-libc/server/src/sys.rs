//! The socket and clock calls the server makes, by lesson 01's raw syscalls.
//!
//! These are what the C library's `socket`, `setsockopt`, `bind`, `listen`, `getsockname`,
//! `accept4`, `send`, `clock_gettime`, `getrlimit`/`setrlimit`, `prctl` and `mmap` would be:
//! each puts its arguments in registers, makes the syscall, and decodes `-errno`, with no
//! `errno` variable in between. The epoll calls are
//! lesson 04's (`epoll::sys::raw`), and `read`, `write`, `close` and `exit` lesson 01's.
//!
//! The numbers are the same on x86_64 and aarch64 (the kernel's asm-generic headers); only the
//! syscall numbers differ, and those are lesson 01's, per CPU.

use core::mem::{offset_of, size_of};

use epoll::sys::Timespec;
use raw_syscall::Errno;
use raw_syscall::arch::{nr, syscall2, syscall3, syscall4, syscall5, syscall6};

pub use raw_syscall::{close, exit, read, write};

/// `AF_INET`: IPv4.
pub const AF_INET: u16 = 2;
/// `SOCK_STREAM`: TCP, for `AF_INET`.
pub const SOCK_STREAM: usize = 1;
/// `SOCK_NONBLOCK` (= `O_NONBLOCK`): the new socket never blocks; epoll says when to try.
pub const SOCK_NONBLOCK: usize = 0o4000;
/// `SOCK_CLOEXEC` (= `O_CLOEXEC`): closed in any program this one might `exec`.
pub const SOCK_CLOEXEC: usize = 0o2000000;
/// `SOL_SOCKET`: the level of the socket options below.
pub const SOL_SOCKET: usize = 1;
/// `SO_REUSEADDR`: allow binding a port that old connections still hold in `TIME_WAIT`, so the
/// server can be restarted on the same port at once.
pub const SO_REUSEADDR: usize = 2;
/// `MSG_NOSIGNAL`: a send to a connection the peer has closed fails with `EPIPE` instead of
/// raising `SIGPIPE`, whose default action kills the process. (A Rust program with `std` sets
/// `SIGPIPE` to "ignore" before `main`; we have no such start-up code, and need none.)
pub const MSG_NOSIGNAL: usize = 0x4000;
/// `CLOCK_MONOTONIC`: time that only goes forward, unlike the wall clock.
pub const CLOCK_MONOTONIC: usize = 1;
/// `PR_SET_TIMERSLACK` (`<linux/prctl.h>`): set the calling thread's timer slack, in ns.
pub const PR_SET_TIMERSLACK: usize = 29;
/// `RLIMIT_NOFILE`: the resource "open descriptors" of `prlimit64`.
pub const RLIMIT_NOFILE: usize = 7;
/// `PROT_READ | PROT_WRITE`: memory we read and write, never run.
pub const PROT_READ_WRITE: usize = 0x1 | 0x2;
/// `MAP_PRIVATE | MAP_ANONYMOUS`: memory of our own, backed by no file, zero-filled by the
/// kernel page by page on first touch; `MAP_NORESERVE`: reserve no swap for all of it up front.
pub const MAP_PRIVATE_ANONYMOUS_NORESERVE: usize = 0x02 | 0x20 | 0x4000;

/// `struct sockaddr_in` from `<netinet/in.h>`: an IPv4 address and port, both big-endian.
/// Aligned as C's is (4, for `sin_addr`'s `uint32_t`), though the kernel copies it byte by byte.
#[doc(hidden)] // pub, with its fields, for the facts check (scripts/facts.sh) only
#[repr(C, align(4))]
pub struct SockaddrIn {
    pub family: u16,
    pub port_be: u16,
    pub addr: [u8; 4],
    pub zero: [u8; 8],
}
const _: () = {
    assert!(size_of::<SockaddrIn>() == 16);
    assert!(offset_of!(SockaddrIn, port_be) == 2);
    assert!(offset_of!(SockaddrIn, addr) == 4);
    assert!(offset_of!(SockaddrIn, zero) == 8);
};

impl SockaddrIn {
    /// `127.0.0.1:port`.
    const fn loopback(port: u16) -> SockaddrIn {
        SockaddrIn {
            family: AF_INET,
            port_be: port.to_be(),
            addr: [127, 0, 0, 1],
            zero: [0; 8],
        }
    }
}

/// `struct rlimit` from `<sys/resource.h>` (as `prlimit64` takes it): the soft limit, which is
/// enforced, and the hard one, the ceiling a process may raise its soft limit to.
#[doc(hidden)] // pub, with its fields, for the facts check (scripts/facts.sh) only
#[repr(C)]
pub struct Rlimit {
    pub soft: u64,
    pub hard: u64,
}
const _: () = {
    assert!(size_of::<Rlimit>() == 16);
    assert!(offset_of!(Rlimit, hard) == 8);
};

/// A descriptor or other `int` as a register: sign-extended, as a C compiler passes it.
fn int(value: i32) -> usize {
    value as isize as usize
}

/// A new descriptor, from a raw syscall result.
fn new_fd(raw: usize) -> Result<i32, Errno> {
    Errno::from_linux_return(raw).map(|fd| fd as i32)
}

/// Which step of [`listen_on`] failed, and why.
pub type ListenError = (&'static str, Errno);

/// A non-blocking TCP socket listening on `127.0.0.1:port` (0: any free port), with room for
/// `backlog` connections the kernel has accepted and we have not.
pub fn listen_on(port: u16, backlog: u32) -> Result<i32, ListenError> {
    let kind = SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC;
    // SAFETY: `socket` takes three integers and touches no memory of ours.
    let fd = new_fd(unsafe { syscall3(nr::SOCKET, AF_INET.into(), kind, 0) })
        .map_err(|errno| ("socket", errno))?;
    let configured = set_reuse_address(fd)
        .map_err(|errno| ("setsockopt", errno))
        .and_then(|()| bind(fd, port).map_err(|errno| ("bind", errno)))
        .and_then(|()| {
            // SAFETY: `listen` takes two integers.
            let raw = unsafe { syscall2(nr::LISTEN, int(fd), backlog as usize) };
            Errno::from_linux_return(raw)
                .map(drop)
                .map_err(|errno| ("listen", errno))
        });
    match configured {
        Ok(()) => Ok(fd),
        Err(error) => {
            // SAFETY: `fd` was made above by `socket` and is given up here.
            let _ = unsafe { close(fd) }; // nothing more to do if even that fails
            Err(error)
        }
    }
}

/// A socket that is never connected: a descriptor kept spare. When the descriptors run out,
/// closing it lets the server accept one more client, to tell it `503`, before making it anew.
pub fn spare_descriptor() -> Result<i32, Errno> {
    // SAFETY: `socket` takes three integers and touches no memory of ours.
    new_fd(unsafe { syscall3(nr::SOCKET, AF_INET.into(), SOCK_STREAM | SOCK_CLOEXEC, 0) })
}

fn set_reuse_address(fd: i32) -> Result<(), Errno> {
    let on: i32 = 1;
    let (level, option, value) = (SOL_SOCKET, SO_REUSEADDR, &raw const on as usize);
    // SAFETY: the kernel reads 4 bytes (the last argument) from `on`, a live `i32`.
    let raw = unsafe { syscall5(nr::SETSOCKOPT, int(fd), level, option, value, 4) };
    Errno::from_linux_return(raw).map(drop)
}

fn bind(fd: i32, port: u16) -> Result<(), Errno> {
    let address = SockaddrIn::loopback(port);
    let (pointer, len) = (&raw const address as usize, size_of::<SockaddrIn>());
    // SAFETY: the kernel reads `len` (16) bytes from `address`, a live `sockaddr_in`.
    let raw = unsafe { syscall3(nr::BIND, int(fd), pointer, len) };
    Errno::from_linux_return(raw).map(drop)
}

/// The port socket `fd` is bound to: the one the kernel chose, after binding port 0.
///
/// # Safety
/// `fd` must be a socket this program owns and has not closed (I/O safety).
pub unsafe fn local_port(fd: i32) -> Result<u16, Errno> {
    let mut address = SockaddrIn::loopback(0);
    let mut len = size_of::<SockaddrIn>() as u32;
    let (pointer, len_pointer) = (&raw mut address as usize, &raw mut len as usize);
    // SAFETY: the kernel writes at most `len` (16) bytes into `address`, a live `sockaddr_in`,
    // and the address's real length into `len`, a live `u32`; the caller owns `fd`.
    let raw = unsafe { syscall3(nr::GETSOCKNAME, int(fd), pointer, len_pointer) };
    Errno::from_linux_return(raw)?;
    Ok(u16::from_be(address.port_be))
}

/// The next connection the kernel accepted on `listener`, non-blocking and close-on-exec from
/// its first instant; `EAGAIN` when there is none.
///
/// # Safety
/// `listener` must be a listening socket this program owns and has not closed.
pub unsafe fn accept(listener: i32) -> Result<i32, Errno> {
    // SAFETY: null address pointers: the kernel writes no peer address anywhere; the caller
    // owns `listener`.
    new_fd(unsafe {
        syscall4(
            nr::ACCEPT4,
            int(listener),
            0,
            0,
            SOCK_NONBLOCK | SOCK_CLOEXEC,
        )
    })
}

/// Sends what it can of `bytes` on a connected socket; returns how many bytes it took.
/// `EAGAIN` if none fit now; `EPIPE` (never `SIGPIPE`) if the peer has gone.
///
/// # Safety
/// `fd` must be a socket this program owns and has not closed.
pub unsafe fn send(fd: i32, bytes: &[u8]) -> Result<usize, Errno> {
    let (pointer, len) = (bytes.as_ptr() as usize, bytes.len());
    // SAFETY: the kernel reads `len` bytes from `bytes`, which the slice guarantees are
    // readable; there is no destination address (null, length 0) on a connected socket; the
    // caller owns `fd`.
    let raw = unsafe { syscall6(nr::SENDTO, int(fd), pointer, len, MSG_NOSIGNAL, 0, 0) };
    Errno::from_linux_return(raw)
}

/// Nanoseconds on the monotonic clock since some fixed point (the machine's boot).
///
/// glibc answers `clock_gettime` without entering the kernel, from the vDSO, a page of code
/// the kernel maps into every process; finding it means parsing the auxiliary vector and an
/// ELF image. We make the real syscall instead: a fraction of a microsecond, once or twice per
/// turn of the loop. The `timespec` is lesson 04's (`epoll_pwait2` takes the same one).
pub fn now_ns() -> u64 {
    let mut now = Timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: the kernel writes one `__kernel_timespec` (16 bytes, layout asserted in lesson
    // 04's `sys/mod.rs`) into `now`, a live local.
    let raw = unsafe { syscall2(nr::CLOCK_GETTIME, CLOCK_MONOTONIC, &raw mut now as usize) };
    // CLOCK_MONOTONIC always exists and `now` is valid: this cannot fail.
    let _ = Errno::from_linux_return(raw);
    (now.tv_sec as u64)
        .wrapping_mul(1_000_000_000)
        .wrapping_add(now.tv_nsec as u64)
}

/// `prctl(PR_SET_TIMERSLACK, 1)`: the kernel may delay this thread's timers by at most 1 ns
/// (for a wait in epoll, the larger of that and 0.1% of the wait: 1 us for 1 ms) to merge
/// wake-ups, instead of 50 us (lesson 08's `timer_slack.rs` says why a server of 1 ms delays
/// wants that).
pub fn set_timer_slack_to_1ns() -> Result<(), Errno> {
    // SAFETY: PR_SET_TIMERSLACK reads only its second argument, by value, and writes no memory
    // of ours (the registers of arguments 3 to 5 are left as they are: this option ignores
    // them).
    let raw = unsafe { syscall2(nr::PRCTL, PR_SET_TIMERSLACK, 1) };
    Errno::from_linux_return(raw).map(drop)
}

/// This process's limit on open descriptors, after raising the soft limit to the hard one as
/// lesson 08 does (`crates/08-delay-server/src/fd_limit`): `(before, now)`. If raising fails,
/// `now` is the old soft limit: serving fewer connections is no reason to stop.
pub fn raise_descriptor_limit() -> Result<(u64, u64), Errno> {
    let mut limit = Rlimit { soft: 0, hard: 0 };
    // SAFETY: pid 0 is this process; a null new limit changes nothing; the kernel writes one
    // `struct rlimit` (16 bytes, layout checked above) into `limit`, a live local.
    let raw = unsafe { syscall4(nr::PRLIMIT64, 0, RLIMIT_NOFILE, 0, &raw mut limit as usize) };
    Errno::from_linux_return(raw)?;
    let before = limit.soft;
    if limit.soft < limit.hard {
        limit.soft = limit.hard;
        // SAFETY: the kernel reads one `struct rlimit` from `limit`, a live local, and writes
        // no old value (null).
        let raw = unsafe {
            syscall4(
                nr::PRLIMIT64,
                0,
                RLIMIT_NOFILE,
                &raw const limit as usize,
                0,
            )
        };
        if Errno::from_linux_return(raw).is_err() {
            return Ok((before, before));
        }
    }
    Ok((before, limit.soft))
}

/// `bytes` of fresh memory (rounded up to whole pages), all zero, readable and writable, at an
/// address the kernel picks, page-aligned. It costs address space at once and memory only as
/// its pages are first touched. Nothing else refers to it; it is never unmapped.
pub fn map_zeroed(bytes: usize) -> Result<*mut u8, Errno> {
    let (protection, flags) = (PROT_READ_WRITE, MAP_PRIVATE_ANONYMOUS_NORESERVE);
    // SAFETY: address 0: the kernel picks a range that overlaps nothing mapped, so no memory
    // of ours changes; descriptor -1 and offset 0: no file. It reads and writes none of ours.
    let raw = unsafe { syscall6(nr::MMAP, 0, bytes, protection, flags, int(-1), 0) };
    Errno::from_linux_return(raw).map(|address| address as *mut u8)
}
