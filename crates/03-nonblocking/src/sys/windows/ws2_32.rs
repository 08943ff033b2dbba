//! The functions of `ws2_32.dll` (Winsock 2), from their documented prototypes, the types and
//! numbers they take, and Winsock's way of reporting failure.

#![allow(non_snake_case, clippy::upper_case_acronyms)]

use core::ffi::c_void;
use std::io;
use std::os::windows::io::{AsRawSocket, OwnedSocket};

/// `SOCKET`: a `UINT_PTR` handle.
pub type SOCKET = usize;

/// `INVALID_SOCKET`, `(SOCKET)(~0)`: what `socket` and `accept` return on failure.
pub const INVALID_SOCKET: SOCKET = !0;
/// `SOCKET_ERROR`: what the other calls return on failure.
pub const SOCKET_ERROR: i32 = -1;
/// `AF_INET`: IPv4 addresses (2, as on Unix).
pub const AF_INET: i32 = 2;
/// `SOCK_STREAM`, `IPPROTO_TCP`: a TCP socket.
pub const SOCK_STREAM: i32 = 1;
pub const IPPROTO_TCP: i32 = 6;
/// `SOL_SOCKET` and its options (the BSD values).
pub const SOL_SOCKET: i32 = 0xffff;
pub const SO_RCVTIMEO: i32 = 0x1006;
pub const SO_ERROR: i32 = 0x1007;
/// `FIONBIO` = `_IOW('f', 126, u_long)`, as the `long` that `ioctlsocket` takes.
pub const FIONBIO: i32 = 0x8004_667e_u32 as i32;
/// `shutdown`'s `how`: no more receiving, no more sending, neither.
pub const SD_RECEIVE: i32 = 0;
pub const SD_SEND: i32 = 1;
pub const SD_BOTH: i32 = 2;

/// `struct sockaddr`: "a socket address of some family"; only ever pointed at (as on Unix).
#[allow(non_camel_case_types)]
#[repr(C)]
pub struct sockaddr {
    _opaque: [u8; 0],
}

#[link(name = "ws2_32")]
unsafe extern "system" {
    /// `int WSAGetLastError(void);`
    pub fn WSAGetLastError() -> i32;
    /// `SOCKET WSASocketW(int af, int type, int protocol, LPWSAPROTOCOL_INFOW info,
    /// GROUP g, DWORD dwFlags);`
    pub fn WSASocketW(
        af: i32,
        ty: i32,
        protocol: i32,
        info: *mut c_void,
        group: u32,
        flags: u32,
    ) -> SOCKET;
    /// `int bind(SOCKET s, const struct sockaddr *name, int namelen);`
    pub fn bind(s: SOCKET, name: *const sockaddr, len: i32) -> i32;
    /// `int listen(SOCKET s, int backlog);`
    pub fn listen(s: SOCKET, backlog: i32) -> i32;
    /// `SOCKET accept(SOCKET s, struct sockaddr *addr, int *addrlen);`
    pub fn accept(s: SOCKET, addr: *mut sockaddr, len: *mut i32) -> SOCKET;
    /// `int connect(SOCKET s, const struct sockaddr *name, int namelen);`
    pub fn connect(s: SOCKET, name: *const sockaddr, len: i32) -> i32;
    /// `int recv(SOCKET s, char *buf, int len, int flags);`
    pub fn recv(s: SOCKET, buf: *mut u8, len: i32, flags: i32) -> i32;
    /// `int send(SOCKET s, const char *buf, int len, int flags);`
    pub fn send(s: SOCKET, buf: *const u8, len: i32, flags: i32) -> i32;
    /// `int shutdown(SOCKET s, int how);`
    pub fn shutdown(s: SOCKET, how: i32) -> i32;
    /// `int ioctlsocket(SOCKET s, long cmd, u_long *argp);` (`long` is 32-bit on Windows)
    pub fn ioctlsocket(s: SOCKET, cmd: i32, argp: *mut u32) -> i32;
    /// `int getsockname(SOCKET s, struct sockaddr *name, int *namelen);`
    pub fn getsockname(s: SOCKET, name: *mut sockaddr, len: *mut i32) -> i32;
    /// `int getpeername(SOCKET s, struct sockaddr *name, int *namelen);`
    pub fn getpeername(s: SOCKET, name: *mut sockaddr, len: *mut i32) -> i32;
    /// `int setsockopt(SOCKET s, int level, int optname, const char *optval, int optlen);`
    pub fn setsockopt(s: SOCKET, level: i32, name: i32, value: *const u8, len: i32) -> i32;
    /// `int getsockopt(SOCKET s, int level, int optname, char *optval, int *optlen);`
    pub fn getsockopt(s: SOCKET, level: i32, name: i32, value: *mut u8, len: *mut i32) -> i32;
}

/// The handle value of `socket`, for a call that borrows it (`socket` stays its owner).
pub fn raw(socket: &OwnedSocket) -> SOCKET {
    socket.as_raw_socket() as SOCKET
}

/// The calling thread's last Winsock error, as a `std::io::Error` (which knows the `WSAE...`
/// codes: 10035 has kind `WouldBlock`).
pub fn last_error() -> io::Error {
    // SAFETY: `WSAGetLastError` takes nothing and reads the calling thread's error slot.
    io::Error::from_raw_os_error(unsafe { WSAGetLastError() })
}

/// Winsock's convention for most calls: `SOCKET_ERROR` means "failed, ask WSAGetLastError".
pub fn check(result: i32) -> io::Result<()> {
    if result == SOCKET_ERROR {
        Err(last_error())
    } else {
        Ok(())
    }
}
