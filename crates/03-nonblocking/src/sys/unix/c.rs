//! The C library's socket functions, declared by hand from their C prototypes
//! (`<sys/socket.h>`, `<sys/ioctl.h>`), and the C types and numbers that Linux, macOS and
//! FreeBSD share. What differs per OS is in the OS files; `accept4` and `fcntl` are declared
//! in the files that use them (`open_linux_freebsd.rs`, `open_macos.rs`), `getrusage` in
//! `cpu_time.rs`.

#![allow(non_camel_case_types)]

use core::ffi::{c_int, c_void};
use std::net::Ipv4Addr;

/// `socklen_t`: the byte length of a socket address, `unsigned int` on all three.
pub type socklen_t = u32;

/// `AF_INET`: IPv4 addresses. 2 on all three (and on Windows).
pub const AF_INET: c_int = 2;
/// `SOCK_STREAM`: a reliable byte stream, which for IPv4 means TCP.
pub const SOCK_STREAM: c_int = 1;
/// `shutdown`'s `how`: no more reading.
pub const SHUT_RD: c_int = 0;
/// No more writing: the peer reads end of file.
pub const SHUT_WR: c_int = 1;
/// Both.
pub const SHUT_RDWR: c_int = 2;

/// `struct sockaddr`: C's "a socket address of some family". Functions take a pointer to
/// one and read its family field to learn what it really points to; we always pass a
/// `sockaddr_in`, so this type is never built, only pointed at.
#[repr(C)]
pub struct sockaddr {
    _opaque: [u8; 0],
}

/// `struct in_addr`: an IPv4 address, in network byte order (big-endian), on all three.
#[repr(C)]
#[derive(Clone, Copy, Default)]
pub struct in_addr {
    pub s_addr: u32,
}
const _: () = assert!(size_of::<in_addr>() == 4);

impl From<Ipv4Addr> for in_addr {
    /// Addresses travel in network byte order (big-endian) inside a `sockaddr_in`.
    fn from(ip: Ipv4Addr) -> in_addr {
        in_addr {
            s_addr: u32::from(ip).to_be(),
        }
    }
}

/// The type of `ioctl`'s request argument in this C library: musl declares it `int`, glibc
/// and the BSDs `unsigned long`.
#[cfg(target_env = "musl")]
pub type IoctlRequest = c_int;
/// The type of `ioctl`'s request argument in this C library: musl declares it `int`, glibc
/// and the BSDs `unsigned long`.
#[cfg(not(target_env = "musl"))]
pub type IoctlRequest = core::ffi::c_ulong;

// The functions every Unix here has, with the same prototypes.
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
    pub fn ioctl(fd: c_int, request: IoctlRequest, ...) -> c_int;
}
