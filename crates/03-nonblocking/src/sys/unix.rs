//! Unix: TCP sockets through the C library, every function declared by hand.
//!
//! POSIX gives Linux, macOS and FreeBSD the same socket functions with the same C prototypes,
//! so they are declared once, here. What differs is small and lives in one file per OS,
//! chosen below: the numbers behind some constants, the layout of `sockaddr_in` (the BSDs
//! start it with a length byte) and `timeval`, how a new descriptor becomes close-on-exec and
//! non-blocking, and how a write to a closed connection is kept from raising `SIGPIPE`.
//!
//! Every failing call returns `-1` and leaves the reason in `errno`, which lesson 02's
//! [`last_errno`] reads; it becomes a `std::io::Error` with `from_raw_os_error`, so callers can
//! match on `ErrorKind::WouldBlock` (`EAGAIN`) like with std's sockets.

use core::ffi::{c_int, c_long, c_void};
use core::mem::{offset_of, size_of};
use std::io;
use std::net::{Ipv4Addr, Shutdown, SocketAddrV4};
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, FromRawFd, IntoRawFd, RawFd};
use std::time::Duration;

use ffi_syscall::{Errno, last_errno};

use crate::net::{TcpListener, TcpStream};

// What differs per OS, chosen here and nowhere else.
#[cfg(target_os = "linux")]
#[path = "unix/linux.rs"]
mod os;
#[cfg(target_os = "macos")]
#[path = "unix/macos.rs"]
mod os;
#[cfg(target_os = "freebsd")]
#[path = "unix/freebsd.rs"]
mod os;
#[cfg(not(any(target_os = "linux", target_os = "macos", target_os = "freebsd")))]
compile_error!("lesson 03 knows the socket constants of Linux, macOS and FreeBSD only");

use os::{sockaddr_in, timeval};

/// The name of `EAGAIN`, for the lesson's output.
pub const WOULD_BLOCK_NAME: &str = "EAGAIN";
/// Where `cpu_time` comes from, for the lesson's output.
pub const CPU_TIME_SOURCE: &str = "getrusage";

// --- C types and constants shared by the three OSes --------------------------------------

/// `socklen_t`: the byte length of a socket address, `unsigned int` on all three.
#[allow(non_camel_case_types)]
type socklen_t = u32;

/// `AF_INET`: IPv4 addresses. 2 on all three (and on Windows).
const AF_INET: c_int = 2;
/// `SOCK_STREAM`: a reliable byte stream, which for IPv4 means TCP.
const SOCK_STREAM: c_int = 1;
/// `getrusage(RUSAGE_SELF, ..)`: this process, all its threads.
const RUSAGE_SELF: c_int = 0;
/// `shutdown`'s `how`.
const SHUT_RD: c_int = 0;
const SHUT_WR: c_int = 1;
const SHUT_RDWR: c_int = 2;

/// `struct sockaddr`: C's "a socket address of some family". Functions take a pointer to
/// one and read its family field to learn what it really points to; we always pass a
/// `sockaddr_in`, so this type is never built, only pointed at.
#[allow(non_camel_case_types)]
#[repr(C)]
struct sockaddr {
    _opaque: [u8; 0],
}

/// `struct in_addr`: an IPv4 address, in network byte order (big-endian), on all three.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Clone, Copy, Default)]
struct in_addr {
    s_addr: u32,
}
const _: () = assert!(size_of::<in_addr>() == 4);

/// `struct rusage` from `<sys/resource.h>`: what a process has used. The same fields on all
/// three (only `timeval` differs, in the OS file); we read the first two.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Default)]
struct rusage {
    /// Time spent running this program's own code.
    ru_utime: timeval,
    /// Time the kernel spent working for it (system calls).
    ru_stime: timeval,
    /// `ru_maxrss`, `ru_ixrss`, `ru_idrss`, `ru_isrss`, `ru_minflt`, `ru_majflt`, `ru_nswap`,
    /// `ru_inblock`, `ru_oublock`, `ru_msgsnd`, `ru_msgrcv`, `ru_nsignals`, `ru_nvcsw`,
    /// `ru_nivcsw`: fourteen `long`s we do not use.
    _rest: [c_long; 14],
}
// 2 * 16 + 14 * 8 on Linux, macOS and FreeBSD (64-bit).
const _: () = assert!(size_of::<rusage>() == 144);
const _: () = assert!(offset_of!(rusage, ru_stime) == 16);
const _: () = assert!(offset_of!(rusage, _rest) == 32);

/// The functions every Unix here has, from their C prototypes (`<sys/socket.h>`,
/// `<sys/ioctl.h>`, `<sys/resource.h>`). `close`, `accept`, `accept4` and `fcntl` are declared
/// in the OS files: which ones are needed, or under which name, differs.
/// The type of `ioctl`'s request argument in this C library.
#[cfg(target_env = "musl")]
type IoctlRequest = c_int;
#[cfg(not(target_env = "musl"))]
type IoctlRequest = core::ffi::c_ulong;

mod c {
    use super::{rusage, sockaddr, socklen_t};
    use core::ffi::{c_int, c_void};

    unsafe extern "C" {
        /// `int socket(int domain, int type, int protocol);`
        pub fn socket(domain: c_int, ty: c_int, protocol: c_int) -> c_int;
        /// `int bind(int fd, const struct sockaddr *addr, socklen_t len);`
        pub fn bind(fd: c_int, addr: *const sockaddr, len: socklen_t) -> c_int;
        /// `int listen(int fd, int backlog);`
        pub fn listen(fd: c_int, backlog: c_int) -> c_int;
        /// `int connect(int fd, const struct sockaddr *addr, socklen_t len);`
        pub fn connect(fd: c_int, addr: *const sockaddr, len: socklen_t) -> c_int;
        /// `ssize_t recv(int fd, void *buf, size_t len, int flags);`
        pub fn recv(fd: c_int, buf: *mut c_void, len: usize, flags: c_int) -> isize;
        /// `ssize_t send(int fd, const void *buf, size_t len, int flags);`
        pub fn send(fd: c_int, buf: *const c_void, len: usize, flags: c_int) -> isize;
        /// `int shutdown(int fd, int how);`
        pub fn shutdown(fd: c_int, how: c_int) -> c_int;
        /// `int getsockname(int fd, struct sockaddr *addr, socklen_t *len);`
        pub fn getsockname(fd: c_int, addr: *mut sockaddr, len: *mut socklen_t) -> c_int;
        /// `int getpeername(int fd, struct sockaddr *addr, socklen_t *len);`
        pub fn getpeername(fd: c_int, addr: *mut sockaddr, len: *mut socklen_t) -> c_int;
        /// `int setsockopt(int fd, int level, int name, const void *value, socklen_t len);`
        pub fn setsockopt(
            fd: c_int,
            level: c_int,
            name: c_int,
            value: *const c_void,
            len: socklen_t,
        ) -> c_int;
        /// `int getsockopt(int fd, int level, int name, void *value, socklen_t *len);`
        pub fn getsockopt(
            fd: c_int,
            level: c_int,
            name: c_int,
            value: *mut c_void,
            len: *mut socklen_t,
        ) -> c_int;
        /// `int ioctl(int fd, unsigned long request, ...);`: variadic in C, so variadic here
        /// too (on arm64 macOS variadic arguments travel on the stack, not in registers).
        /// musl declares the request as `int`, glibc and the BSDs as `unsigned long`.
        pub fn ioctl(fd: c_int, request: super::IoctlRequest, ...) -> c_int;
        /// `int getrusage(int who, struct rusage *usage);`
        pub fn getrusage(who: c_int, usage: *mut rusage) -> c_int;
    }
}

// --- errors ------------------------------------------------------------------------------

/// C's convention: `-1` means "failed, the reason is in errno".
fn check(result: c_int) -> io::Result<c_int> {
    if result == -1 {
        Err(last_error())
    } else {
        Ok(result)
    }
}

/// The same for the `ssize_t` that `recv` and `send` return.
fn check_size(result: isize) -> io::Result<usize> {
    usize::try_from(result).map_err(|_| last_error())
}

/// The calling thread's `errno` (lesson 02), as the `std::io::Error` the public API returns.
fn last_error() -> io::Error {
    io::Error::from_raw_os_error(last_errno().raw())
}

/// Whether `error` is this errno.
fn is(error: &io::Error, errno: Errno) -> bool {
    error.raw_os_error() == Some(errno.raw())
}

/// Runs `call` again while it fails with `EINTR`: a signal arrived while it was blocked (a
/// handler ran; or, on Linux, the process was stopped and continued while a socket with a
/// read timeout was waiting), and nothing is wrong.
fn retry_interrupted<T>(mut call: impl FnMut() -> io::Result<T>) -> io::Result<T> {
    loop {
        match call() {
            Err(error) if is(&error, Errno::EINTR) => continue,
            result => return result,
        }
    }
}

// --- the owned socket --------------------------------------------------------------------

/// An open socket descriptor that this program owns: closed exactly once, when dropped.
pub struct Socket {
    /// Invariant: an open descriptor that nothing else closes.
    fd: c_int,
}

impl Socket {
    /// Takes ownership of `fd`.
    ///
    /// # Safety
    ///
    /// `fd` must be an open socket descriptor that nothing else owns: this `Socket` closes it
    /// when dropped, and no other code may close it or use it after that.
    pub unsafe fn from_raw(fd: c_int) -> Socket {
        Socket { fd }
    }

    /// The descriptor number, still owned by `self`.
    pub fn as_raw(&self) -> c_int {
        self.fd
    }

    /// Gives up ownership: the caller must close the descriptor.
    pub fn into_raw(self) -> c_int {
        let fd = self.fd;
        core::mem::forget(self); // no Drop, so no close
        fd
    }

    /// A new IPv4 TCP socket, close-on-exec, blocking or not.
    pub fn new_stream(nonblocking: bool) -> io::Result<Socket> {
        os::new_socket(nonblocking)
    }

    /// What a listening socket needs before `bind`: `SO_REUSEADDR`, so that a restarted
    /// server can bind the port its previous run left in `TIME_WAIT`.
    pub fn prepare_listener(&self) -> io::Result<()> {
        self.set_int_option(os::SOL_SOCKET, os::SO_REUSEADDR, 1)
    }

    /// `bind`: gives the socket its local address.
    pub fn bind(&self, addr: SocketAddrV4) -> io::Result<()> {
        let raw = os::sockaddr_in(addr);
        // SAFETY: `bind` reads `size_of::<sockaddr_in>()` bytes from `raw`, a live local of
        // that type, and writes nothing of ours.
        let result = unsafe {
            c::bind(
                self.fd,
                (&raw const raw).cast::<sockaddr>(),
                size_of::<sockaddr_in>() as socklen_t,
            )
        };
        check(result).map(drop)
    }

    /// `listen`: turns a bound socket into one that accepts connections.
    pub fn listen(&self, backlog: i32) -> io::Result<()> {
        // SAFETY: `listen` takes two integers and touches no memory of ours.
        check(unsafe { c::listen(self.fd, backlog) }).map(drop)
    }

    /// `accept` (or `accept4`): the next connection, as a close-on-exec socket, non-blocking
    /// if asked.
    pub fn accept(&self, nonblocking: bool) -> io::Result<(Socket, SocketAddrV4)> {
        let mut raw = sockaddr_in::default();
        let mut len = size_of::<sockaddr_in>() as socklen_t;
        let socket = retry_interrupted(|| os::accept(self, &mut raw, &mut len, nonblocking))?;
        Ok((socket, socket_addr(&raw, len)?))
    }

    /// One `connect` call, as C reports it.
    fn connect_once(&self, raw: &sockaddr_in) -> io::Result<()> {
        // SAFETY: `connect` reads `size_of::<sockaddr_in>()` bytes from `raw`, a live
        // reference to that type, and writes nothing of ours.
        let result = unsafe {
            c::connect(
                self.fd,
                (raw as *const sockaddr_in).cast::<sockaddr>(),
                size_of::<sockaddr_in>() as socklen_t,
            )
        };
        check(result).map(drop)
    }

    /// `connect` on a blocking socket: returns when connected or refused.
    ///
    /// A signal can interrupt it (`EINTR`), but the kernel goes on connecting in the
    /// background, so simply calling again is wrong: the second call says `EALREADY` while
    /// the first attempt is in progress and `EISCONN` once it has succeeded. This waits it
    /// out (rare: it needs a signal with a handler during a connect).
    pub fn connect(&self, addr: SocketAddrV4) -> io::Result<()> {
        let raw = os::sockaddr_in(addr);
        let mut interrupted = false;
        loop {
            match self.connect_once(&raw) {
                Ok(()) => return Ok(()),
                Err(error) if is(&error, Errno::EINTR) => interrupted = true,
                Err(error) if interrupted && is(&error, Errno::EISCONN) => return Ok(()),
                Err(error) if interrupted && is(&error, Errno::EALREADY) => {
                    std::thread::sleep(Duration::from_millis(1));
                }
                Err(error) => return Err(error),
            }
        }
    }

    /// `connect` on a non-blocking socket: `EINPROGRESS` means "started", which is success.
    pub fn start_connect(&self, addr: SocketAddrV4) -> io::Result<()> {
        match self.connect_once(&os::sockaddr_in(addr)) {
            // EINTR here too means the connection goes on in the background.
            Err(error) if is(&error, Errno::EINPROGRESS) || is(&error, Errno::EINTR) => Ok(()),
            result => result,
        }
    }

    /// `recv`: up to `buffer.len()` bytes; `Ok(0)` is end of file (the peer shut down).
    pub fn recv(&self, buffer: &mut [u8]) -> io::Result<usize> {
        retry_interrupted(|| {
            // SAFETY: `recv` writes at most `buffer.len()` bytes into `buffer`, a live mutable
            // slice, and returns how many it wrote.
            let received = unsafe {
                c::recv(
                    self.fd,
                    buffer.as_mut_ptr().cast::<c_void>(),
                    buffer.len(),
                    0,
                )
            };
            check_size(received)
        })
    }

    /// `send`, with this OS's way of getting `EPIPE` instead of a `SIGPIPE`.
    pub fn send(&self, bytes: &[u8]) -> io::Result<usize> {
        retry_interrupted(|| {
            // SAFETY: `send` reads at most `bytes.len()` bytes from `bytes`, a live slice, and
            // writes nothing of ours.
            let sent = unsafe {
                c::send(
                    self.fd,
                    bytes.as_ptr().cast::<c_void>(),
                    bytes.len(),
                    os::SEND_FLAGS,
                )
            };
            check_size(sent)
        })
    }

    /// `shutdown`.
    pub fn shutdown(&self, how: Shutdown) -> io::Result<()> {
        let how = match how {
            Shutdown::Read => SHUT_RD,
            Shutdown::Write => SHUT_WR,
            Shutdown::Both => SHUT_RDWR,
        };
        // SAFETY: `shutdown` takes two integers and touches no memory of ours.
        check(unsafe { c::shutdown(self.fd, how) }).map(drop)
    }

    /// `ioctl(FIONBIO)`: non-blocking mode on or off, in one call (an `fcntl` would need two:
    /// read the file status flags, then write them back with `O_NONBLOCK` changed).
    pub fn set_nonblocking(&self, nonblocking: bool) -> io::Result<()> {
        let mut on = c_int::from(nonblocking);
        // SAFETY: `FIONBIO` reads one `int` through the pointer, which points to `on`, a live
        // local; nothing is written.
        let result = unsafe { c::ioctl(self.fd, os::FIONBIO, &raw mut on) };
        check(result).map(drop)
    }

    /// `SO_RCVTIMEO`: how long a blocking `recv` waits. A zero `timeval` means forever.
    pub fn set_read_timeout(&self, timeout: Option<Duration>) -> io::Result<()> {
        let value = match timeout {
            None => timeval::default(),
            Some(timeout) => {
                let seconds = c_long::try_from(timeout.as_secs()).unwrap_or(c_long::MAX);
                // Round a non-zero timeout shorter than 1 µs up, so it does not become 0.
                let micros = timeout.subsec_micros().max(u32::from(seconds == 0));
                timeval::new(seconds, micros)
            }
        };
        // SAFETY: `setsockopt` reads `size_of::<timeval>()` bytes from `value`, a live local
        // of the type this OS's `SO_RCVTIMEO` expects (layout checked in the OS file).
        let result = unsafe {
            c::setsockopt(
                self.fd,
                os::SOL_SOCKET,
                os::SO_RCVTIMEO,
                (&raw const value).cast::<c_void>(),
                size_of::<timeval>() as socklen_t,
            )
        };
        check(result).map(drop)
    }

    /// `getsockopt(SO_ERROR)`: the pending error, which reading also clears.
    pub fn take_error(&self) -> io::Result<Option<io::Error>> {
        let mut value: c_int = 0;
        let mut len = size_of::<c_int>() as socklen_t;
        // SAFETY: `getsockopt` writes at most `len` bytes (one `int`) into `value`, a live
        // local, and the length it wrote into `len`, another.
        let result = unsafe {
            c::getsockopt(
                self.fd,
                os::SOL_SOCKET,
                os::SO_ERROR,
                (&raw mut value).cast::<c_void>(),
                &raw mut len,
            )
        };
        check(result)?;
        Ok((value != 0).then(|| io::Error::from_raw_os_error(value)))
    }

    /// An `int` socket option, such as `SO_REUSEADDR` (1 = on).
    fn set_int_option(&self, level: c_int, name: c_int, value: c_int) -> io::Result<()> {
        // SAFETY: `setsockopt` reads `size_of::<c_int>()` bytes from `value`, a live local.
        let result = unsafe {
            c::setsockopt(
                self.fd,
                level,
                name,
                (&raw const value).cast::<c_void>(),
                size_of::<c_int>() as socklen_t,
            )
        };
        check(result).map(drop)
    }

    /// `getsockname`: this end's address.
    pub fn local_addr(&self) -> io::Result<SocketAddrV4> {
        self.address_with(c::getsockname)
    }

    /// `getpeername`: the other end's address.
    pub fn peer_addr(&self) -> io::Result<SocketAddrV4> {
        self.address_with(c::getpeername)
    }

    fn address_with(
        &self,
        call: unsafe extern "C" fn(c_int, *mut sockaddr, *mut socklen_t) -> c_int,
    ) -> io::Result<SocketAddrV4> {
        let mut raw = sockaddr_in::default();
        let mut len = size_of::<sockaddr_in>() as socklen_t;
        // SAFETY: `getsockname` and `getpeername` write at most `len` bytes into `raw`, a live
        // `sockaddr_in` of exactly that size, and the address's real length into `len`.
        let result = unsafe { call(self.fd, (&raw mut raw).cast::<sockaddr>(), &raw mut len) };
        check(result)?;
        socket_addr(&raw, len)
    }
}

impl Drop for Socket {
    fn drop(&mut self) {
        // Errors are ignored, and EINTR is not retried: Linux and FreeBSD release the
        // descriptor even then, so a second `close` could close another thread's new file
        // that got the same number.
        // SAFETY: `close` takes an integer; `self.fd` is open and owned by this value, which
        // is being dropped, so nothing uses the number after this.
        unsafe { os::close(self.fd) };
    }
}

/// A `sockaddr_in` the kernel wrote, as std's address type.
fn socket_addr(raw: &sockaddr_in, len: socklen_t) -> io::Result<SocketAddrV4> {
    if c_int::from(raw.sin_family) != AF_INET || (len as usize) < size_of::<sockaddr_in>() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "the kernel returned an address that is not IPv4",
        ));
    }
    Ok(SocketAddrV4::new(
        Ipv4Addr::from(u32::from_be(raw.sin_addr.s_addr)),
        u16::from_be(raw.sin_port),
    ))
}

/// Ports and addresses travel in network byte order (big-endian) inside a `sockaddr_in`.
fn in_addr_of(addr: &SocketAddrV4) -> in_addr {
    in_addr {
        s_addr: u32::from(*addr.ip()).to_be(),
    }
}

// --- CPU time --------------------------------------------------------------------------

/// `getrusage(RUSAGE_SELF)`: user plus system CPU time of the whole process.
pub fn cpu_time() -> io::Result<Duration> {
    let mut usage = rusage::default();
    // SAFETY: `getrusage` writes one `struct rusage` into `usage`, a live local whose layout
    // matches the C header's (size checked above, `timeval` in the OS file).
    check(unsafe { c::getrusage(RUSAGE_SELF, &raw mut usage) })?;
    Ok(usage.ru_utime.to_duration() + usage.ru_stime.to_duration())
}

// --- std's descriptor traits -----------------------------------------------------------

/// `AsRawFd`, `AsFd`, `FromRawFd` and `IntoRawFd` for a type that wraps a `Socket`.
macro_rules! fd_traits {
    ($type:ident) => {
        impl AsRawFd for $type {
            fn as_raw_fd(&self) -> RawFd {
                self.socket.as_raw()
            }
        }

        impl AsFd for $type {
            fn as_fd(&self) -> BorrowedFd<'_> {
                // SAFETY: the descriptor stays open as long as `self` lives, and the borrow
                // cannot outlive `self`.
                unsafe { BorrowedFd::borrow_raw(self.socket.as_raw()) }
            }
        }

        impl FromRawFd for $type {
            /// Takes ownership of a descriptor, which must be an open IPv4 TCP socket that
            /// nothing else owns (the trait's contract). It is closed on drop.
            unsafe fn from_raw_fd(fd: RawFd) -> $type {
                $type {
                    // SAFETY: the caller promises `fd` is an open socket nobody else owns.
                    socket: unsafe { Socket::from_raw(fd) },
                }
            }
        }

        impl IntoRawFd for $type {
            fn into_raw_fd(self) -> RawFd {
                self.socket.into_raw()
            }
        }
    };
}

fd_traits!(TcpListener);
fd_traits!(TcpStream);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sockaddr_in_holds_port_and_address_big_endian() {
        let raw = os::sockaddr_in(SocketAddrV4::new(Ipv4Addr::new(127, 0, 0, 1), 0x1f90));
        // SAFETY: `sockaddr_in` is plain bytes (integers and arrays, no padding: checked by
        // the size assertions), so viewing it as a byte slice of its size is valid.
        let bytes: &[u8] = unsafe {
            core::slice::from_raw_parts((&raw const raw).cast::<u8>(), size_of::<sockaddr_in>())
        };
        let port = offset_of!(sockaddr_in, sin_port);
        let addr = offset_of!(sockaddr_in, sin_addr);
        assert_eq!(&bytes[port..port + 2], &[0x1f, 0x90]);
        assert_eq!(&bytes[addr..addr + 4], &[127, 0, 0, 1]);
        assert_eq!(socket_addr(&raw, 16).unwrap().to_string(), "127.0.0.1:8080");
    }
}
