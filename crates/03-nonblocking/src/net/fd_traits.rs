//! std's descriptor traits for the public types, so that std and the event queues of the next
//! lessons can borrow their descriptor, and a descriptor can move in and out of them.
//!
//! Each type holds an `OwnedFd`, so every trait hands over to it: `OwnedFd` closes the
//! descriptor exactly once, when dropped, and `into_raw_fd` gives it up without closing it.

use std::os::fd::{AsFd, AsRawFd, BorrowedFd, FromRawFd, IntoRawFd, OwnedFd, RawFd};

use super::{TcpListener, TcpStream};

impl AsFd for TcpListener {
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.socket.as_fd()
    }
}

impl AsRawFd for TcpListener {
    fn as_raw_fd(&self) -> RawFd {
        self.socket.as_raw_fd()
    }
}

impl From<OwnedFd> for TcpListener {
    /// Takes an open IPv4 TCP socket that is listening (anything else makes its calls fail).
    fn from(socket: OwnedFd) -> TcpListener {
        TcpListener { socket }
    }
}

impl From<TcpListener> for OwnedFd {
    fn from(listener: TcpListener) -> OwnedFd {
        listener.socket
    }
}

impl FromRawFd for TcpListener {
    /// Takes ownership of `fd`, which is closed on drop.
    ///
    /// # Safety
    ///
    /// `fd` must be an open socket that nothing else owns (the trait's contract).
    unsafe fn from_raw_fd(fd: RawFd) -> TcpListener {
        // SAFETY: the caller promises `fd` is an open socket nobody else owns.
        TcpListener::from(unsafe { OwnedFd::from_raw_fd(fd) })
    }
}

impl IntoRawFd for TcpListener {
    fn into_raw_fd(self) -> RawFd {
        self.socket.into_raw_fd()
    }
}

impl AsFd for TcpStream {
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.socket.as_fd()
    }
}

impl AsRawFd for TcpStream {
    fn as_raw_fd(&self) -> RawFd {
        self.socket.as_raw_fd()
    }
}

impl From<OwnedFd> for TcpStream {
    /// Takes an open IPv4 TCP socket (anything else makes its calls fail).
    fn from(socket: OwnedFd) -> TcpStream {
        TcpStream { socket }
    }
}

impl From<TcpStream> for OwnedFd {
    fn from(stream: TcpStream) -> OwnedFd {
        stream.socket
    }
}

impl FromRawFd for TcpStream {
    /// Takes ownership of `fd`, which is closed on drop.
    ///
    /// # Safety
    ///
    /// `fd` must be an open socket that nothing else owns (the trait's contract).
    unsafe fn from_raw_fd(fd: RawFd) -> TcpStream {
        // SAFETY: the caller promises `fd` is an open socket nobody else owns.
        TcpStream::from(unsafe { OwnedFd::from_raw_fd(fd) })
    }
}

impl IntoRawFd for TcpStream {
    fn into_raw_fd(self) -> RawFd {
        self.socket.into_raw_fd()
    }
}
