//! The socket calls: `bind`, `listen`, `accept`, `connect`, `recv`, `send`, `shutdown`.
//!
//! Each takes the `OwnedFd` that owns the socket, so the descriptor is open for the whole
//! call. `EINTR` (a signal arrived while the call was blocked) is handled here: most calls
//! simply run again, `connect` cannot.

use core::ffi::c_void;
use std::io;
use std::net::{Shutdown, SocketAddrV4};
use std::os::fd::{AsRawFd, OwnedFd};
use std::time::Duration;

use ffi_syscall::{Errno, check_io};

use super::addr::socket_addr;
use super::c::{self, SHUT_RD, SHUT_RDWR, SHUT_WR, sockaddr, socklen_t};
use super::open;
use super::os::{SEND_FLAGS, sockaddr_in};

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

/// A new IPv4 TCP socket, close-on-exec, blocking or not (`open_*.rs`: how differs per OS).
pub fn new_stream(nonblocking: bool) -> io::Result<OwnedFd> {
    open::new_socket(nonblocking)
}

/// `bind`: gives the socket its local address.
pub fn bind(socket: &OwnedFd, addr: SocketAddrV4) -> io::Result<()> {
    let raw = sockaddr_in::from(addr);
    // SAFETY: `bind` reads `size_of::<sockaddr_in>()` bytes from `raw`, a live local of that
    // type, and writes nothing of ours.
    let result = unsafe {
        c::bind(
            socket.as_raw_fd(),
            (&raw const raw).cast::<sockaddr>(),
            size_of::<sockaddr_in>() as socklen_t,
        )
    };
    check_io(result).map(drop)
}

/// `listen`: turns a bound socket into one that accepts connections.
pub fn listen(socket: &OwnedFd, backlog: i32) -> io::Result<()> {
    // SAFETY: `listen` takes two integers and touches no memory of ours.
    check_io(unsafe { c::listen(socket.as_raw_fd(), backlog) }).map(drop)
}

/// `accept` (or `accept4`): the next connection, as a close-on-exec socket, non-blocking if
/// asked, and the client's address.
pub fn accept(listener: &OwnedFd, nonblocking: bool) -> io::Result<(OwnedFd, SocketAddrV4)> {
    let mut raw = sockaddr_in::default();
    let mut len = size_of::<sockaddr_in>() as socklen_t;
    let socket = retry_interrupted(|| open::accept(listener, &mut raw, &mut len, nonblocking))?;
    Ok((socket, socket_addr(&raw, len)?))
}

/// One `connect` call, as C reports it.
fn connect_once(socket: &OwnedFd, raw: &sockaddr_in) -> io::Result<()> {
    // SAFETY: `connect` reads `size_of::<sockaddr_in>()` bytes from `raw`, a live reference to
    // that type, and writes nothing of ours.
    let result = unsafe {
        c::connect(
            socket.as_raw_fd(),
            (raw as *const sockaddr_in).cast::<sockaddr>(),
            size_of::<sockaddr_in>() as socklen_t,
        )
    };
    check_io(result).map(drop)
}

/// `connect` on a blocking socket: returns when connected or refused.
///
/// A signal can interrupt it (`EINTR`), but the kernel goes on connecting in the background,
/// so simply calling again is wrong: the second call says `EALREADY` while the first attempt
/// is in progress and `EISCONN` once it has succeeded. This waits it out (rare: it needs a
/// signal with a handler during a connect).
pub fn connect(socket: &OwnedFd, addr: SocketAddrV4) -> io::Result<()> {
    let raw = sockaddr_in::from(addr);
    let mut interrupted = false;
    loop {
        match connect_once(socket, &raw) {
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
pub fn start_connect(socket: &OwnedFd, addr: SocketAddrV4) -> io::Result<()> {
    match connect_once(socket, &sockaddr_in::from(addr)) {
        // EINTR here too means the connection goes on in the background.
        Err(error) if is(&error, Errno::EINPROGRESS) || is(&error, Errno::EINTR) => Ok(()),
        result => result,
    }
}

/// `recv`: up to `buffer.len()` bytes; `Ok(0)` is end of file (the peer shut down).
pub fn recv(socket: &OwnedFd, buffer: &mut [u8]) -> io::Result<usize> {
    retry_interrupted(|| {
        // SAFETY: `recv` writes at most `buffer.len()` bytes into `buffer`, a live mutable
        // slice, and returns how many it wrote.
        let received = unsafe {
            c::recv(
                socket.as_raw_fd(),
                buffer.as_mut_ptr().cast::<c_void>(),
                buffer.len(),
                0,
            )
        };
        check_io(received).map(|count| count as usize) // not -1, so not negative
    })
}

/// `send`, with this OS's way of getting `EPIPE` instead of a `SIGPIPE` (`SEND_FLAGS`).
pub fn send(socket: &OwnedFd, bytes: &[u8]) -> io::Result<usize> {
    retry_interrupted(|| {
        // SAFETY: `send` reads at most `bytes.len()` bytes from `bytes`, a live slice, and
        // writes nothing of ours.
        let sent = unsafe {
            c::send(
                socket.as_raw_fd(),
                bytes.as_ptr().cast::<c_void>(),
                bytes.len(),
                SEND_FLAGS,
            )
        };
        check_io(sent).map(|count| count as usize) // not -1, so not negative
    })
}

/// `shutdown`.
pub fn shutdown(socket: &OwnedFd, how: Shutdown) -> io::Result<()> {
    let how = match how {
        Shutdown::Read => SHUT_RD,
        Shutdown::Write => SHUT_WR,
        Shutdown::Both => SHUT_RDWR,
    };
    // SAFETY: `shutdown` takes two integers and touches no memory of ours.
    check_io(unsafe { c::shutdown(socket.as_raw_fd(), how) }).map(drop)
}
