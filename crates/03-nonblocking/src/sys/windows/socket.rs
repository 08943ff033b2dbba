//! The socket calls: `WSASocketW`, `bind`, `listen`, `accept`, `connect`, `recv`, `send`,
//! `shutdown`.
//!
//! Each takes the `OwnedSocket` that owns the socket, so the handle is open for the whole
//! call. Winsock has no `EINTR`: nothing here is retried.

use core::ffi::c_void;
use std::io;
use std::net::{Shutdown, SocketAddrV4};
use std::os::windows::io::{FromRawSocket, OwnedSocket, RawSocket};

use super::addr::{sockaddr_in, socket_addr};
use super::options::set_nonblocking;
use super::startup::start_winsock;
use super::ws2_32::{self, AF_INET, INVALID_SOCKET, IPPROTO_TCP, SD_BOTH, SD_RECEIVE, SD_SEND};
use super::ws2_32::{SOCK_STREAM, SOCKET, check, last_error, raw};

/// `WSASocketW` flags: usable with overlapped I/O (IOCP, lesson 06), and not inherited by
/// child processes (the Windows form of close-on-exec).
pub const WSA_FLAG_OVERLAPPED: u32 = 0x01;
pub const WSA_FLAG_NO_HANDLE_INHERIT: u32 = 0x80;
/// `WSAEINVAL`: what Windows 7 before SP1 says to `WSA_FLAG_NO_HANDLE_INHERIT`.
pub const WSAEINVAL: i32 = 10022;
/// `HANDLE_FLAG_INHERIT`: the one handle flag we change.
pub const HANDLE_FLAG_INHERIT: u32 = 0x1;

#[link(name = "kernel32")]
unsafe extern "system" {
    /// `BOOL SetHandleInformation(HANDLE hObject, DWORD dwMask, DWORD dwFlags);`
    fn SetHandleInformation(object: *mut c_void, mask: u32, flags: u32) -> i32;
}

/// Owns a handle Winsock has just returned, unless it is `INVALID_SOCKET` (then the error).
fn own(raw: SOCKET) -> io::Result<OwnedSocket> {
    if raw == INVALID_SOCKET {
        return Err(last_error());
    }
    // SAFETY: `raw` was just created and nothing else owns it; `OwnedSocket` closes it once.
    Ok(unsafe { OwnedSocket::from_raw_socket(raw as RawSocket) })
}

/// Clears `HANDLE_FLAG_INHERIT`, so child processes do not inherit the socket.
fn set_no_inherit(socket: &OwnedSocket) -> io::Result<()> {
    // SAFETY: `SetHandleInformation` takes the handle value and two integers, and touches no
    // memory of ours; a socket is a kernel handle, open while `socket` owns it.
    ffi_syscall::check_io(unsafe {
        SetHandleInformation(raw(socket) as *mut c_void, HANDLE_FLAG_INHERIT, 0)
    })
}

/// A new IPv4 TCP socket, overlapped-capable and not inheritable, blocking or not.
pub fn new_stream(nonblocking: bool) -> io::Result<OwnedSocket> {
    start_winsock()?;
    let create = |flags| {
        // SAFETY: `WSASocketW` takes integers and a null protocol-info pointer (which means
        // "from the first three arguments"), and touches no memory of ours.
        own(unsafe {
            ws2_32::WSASocketW(
                AF_INET,
                SOCK_STREAM,
                IPPROTO_TCP,
                core::ptr::null_mut(),
                0,
                flags,
            )
        })
    };
    let socket = match create(WSA_FLAG_OVERLAPPED | WSA_FLAG_NO_HANDLE_INHERIT) {
        // Windows 7 before SP1 does not know the flag: create, then clear the flag.
        Err(error) if error.raw_os_error() == Some(WSAEINVAL) => {
            let socket = create(WSA_FLAG_OVERLAPPED)?;
            set_no_inherit(&socket)?;
            socket
        }
        result => result?,
    };
    if nonblocking {
        set_nonblocking(&socket, true)?;
    }
    Ok(socket)
}

/// `bind`.
pub fn bind(socket: &OwnedSocket, addr: SocketAddrV4) -> io::Result<()> {
    let addr = sockaddr_in::from(addr);
    // SAFETY: `bind` reads `size_of::<sockaddr_in>()` bytes from `addr`, a live local of that
    // type, and writes nothing of ours.
    check(unsafe {
        ws2_32::bind(
            raw(socket),
            (&raw const addr).cast(),
            size_of::<sockaddr_in>() as i32,
        )
    })
}

/// `listen`.
pub fn listen(socket: &OwnedSocket, backlog: i32) -> io::Result<()> {
    // SAFETY: `listen` takes the handle and an integer and touches no memory of ours.
    check(unsafe { ws2_32::listen(raw(socket), backlog) })
}

/// `accept`, then the new socket made non-inheritable, and blocking or not as asked (Windows
/// copies the listener's non-blocking mode into it, so it is always set).
pub fn accept(
    listener: &OwnedSocket,
    nonblocking: bool,
) -> io::Result<(OwnedSocket, SocketAddrV4)> {
    let mut addr = sockaddr_in::default();
    let mut len = size_of::<sockaddr_in>() as i32;
    // SAFETY: `accept` writes at most `len` bytes into `addr`, a live `sockaddr_in` of that
    // size, and the address's real length into `len`, a live `i32`.
    let socket =
        own(unsafe { ws2_32::accept(raw(listener), (&raw mut addr).cast(), &raw mut len) })?;
    set_no_inherit(&socket)?;
    set_nonblocking(&socket, nonblocking)?;
    Ok((socket, socket_addr(&addr, len)?))
}

/// `connect` on a blocking socket: returns when connected or refused.
pub fn connect(socket: &OwnedSocket, addr: SocketAddrV4) -> io::Result<()> {
    let addr = sockaddr_in::from(addr);
    // SAFETY: `connect` reads `size_of::<sockaddr_in>()` bytes from `addr`, a live local of
    // that type, and writes nothing of ours.
    check(unsafe {
        ws2_32::connect(
            raw(socket),
            (&raw const addr).cast(),
            size_of::<sockaddr_in>() as i32,
        )
    })
}

/// `connect` on a non-blocking socket: `WSAEWOULDBLOCK` means "started", success.
pub fn start_connect(socket: &OwnedSocket, addr: SocketAddrV4) -> io::Result<()> {
    match connect(socket, addr) {
        Err(error) if error.kind() == io::ErrorKind::WouldBlock => Ok(()),
        result => result,
    }
}

/// `recv`: up to `buffer.len()` bytes (at most `i32::MAX`); `Ok(0)` is end of file.
pub fn recv(socket: &OwnedSocket, buffer: &mut [u8]) -> io::Result<usize> {
    let len = i32::try_from(buffer.len()).unwrap_or(i32::MAX);
    // SAFETY: `recv` writes at most `len` bytes into `buffer`, a live mutable slice at least
    // that long, and returns how many it wrote.
    let received = unsafe { ws2_32::recv(raw(socket), buffer.as_mut_ptr(), len, 0) };
    usize::try_from(received).map_err(|_| last_error())
}

/// `send`: at most `i32::MAX` bytes at a time.
pub fn send(socket: &OwnedSocket, bytes: &[u8]) -> io::Result<usize> {
    let len = i32::try_from(bytes.len()).unwrap_or(i32::MAX);
    // SAFETY: `send` reads at most `len` bytes from `bytes`, a live slice at least that long,
    // and writes nothing of ours.
    let sent = unsafe { ws2_32::send(raw(socket), bytes.as_ptr(), len, 0) };
    usize::try_from(sent).map_err(|_| last_error())
}

/// `shutdown`.
pub fn shutdown(socket: &OwnedSocket, how: Shutdown) -> io::Result<()> {
    let how = match how {
        Shutdown::Read => SD_RECEIVE,
        Shutdown::Write => SD_SEND,
        Shutdown::Both => SD_BOTH,
    };
    // SAFETY: `shutdown` takes the handle and an integer and touches no memory of ours.
    check(unsafe { ws2_32::shutdown(raw(socket), how) })
}
