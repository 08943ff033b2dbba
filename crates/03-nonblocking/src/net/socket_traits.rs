//! std's socket traits for the public types, so that std and the event queues of the next
//! lessons can borrow their socket, and a socket can move in and out of them.
//!
//! Each type holds an `OwnedSocket`, so every trait hands over to it: `OwnedSocket` closes the
//! socket exactly once, when dropped, and `into_raw_socket` gives it up without closing it.

use std::os::windows::io::{
    AsRawSocket, AsSocket, BorrowedSocket, FromRawSocket, IntoRawSocket, OwnedSocket, RawSocket,
};

use super::{TcpListener, TcpStream};

impl AsSocket for TcpListener {
    fn as_socket(&self) -> BorrowedSocket<'_> {
        self.socket.as_socket()
    }
}

impl AsRawSocket for TcpListener {
    fn as_raw_socket(&self) -> RawSocket {
        self.socket.as_raw_socket()
    }
}

impl From<OwnedSocket> for TcpListener {
    /// Takes an open IPv4 TCP socket that is listening (anything else makes its calls fail).
    fn from(socket: OwnedSocket) -> TcpListener {
        TcpListener { socket }
    }
}

impl From<TcpListener> for OwnedSocket {
    fn from(listener: TcpListener) -> OwnedSocket {
        listener.socket
    }
}

impl FromRawSocket for TcpListener {
    /// Takes ownership of `raw`, which is closed on drop.
    ///
    /// # Safety
    ///
    /// `raw` must be an open socket that nothing else owns (the trait's contract).
    unsafe fn from_raw_socket(raw: RawSocket) -> TcpListener {
        // SAFETY: the caller promises `raw` is an open socket nobody else owns.
        TcpListener::from(unsafe { OwnedSocket::from_raw_socket(raw) })
    }
}

impl IntoRawSocket for TcpListener {
    fn into_raw_socket(self) -> RawSocket {
        self.socket.into_raw_socket()
    }
}

impl AsSocket for TcpStream {
    fn as_socket(&self) -> BorrowedSocket<'_> {
        self.socket.as_socket()
    }
}

impl AsRawSocket for TcpStream {
    fn as_raw_socket(&self) -> RawSocket {
        self.socket.as_raw_socket()
    }
}

impl From<OwnedSocket> for TcpStream {
    /// Takes an open IPv4 TCP socket (anything else makes its calls fail).
    fn from(socket: OwnedSocket) -> TcpStream {
        TcpStream { socket }
    }
}

impl From<TcpStream> for OwnedSocket {
    fn from(stream: TcpStream) -> OwnedSocket {
        stream.socket
    }
}

impl FromRawSocket for TcpStream {
    /// Takes ownership of `raw`, which is closed on drop.
    ///
    /// # Safety
    ///
    /// `raw` must be an open socket that nothing else owns (the trait's contract).
    unsafe fn from_raw_socket(raw: RawSocket) -> TcpStream {
        // SAFETY: the caller promises `raw` is an open socket nobody else owns.
        TcpStream::from(unsafe { OwnedSocket::from_raw_socket(raw) })
    }
}

impl IntoRawSocket for TcpStream {
    fn into_raw_socket(self) -> RawSocket {
        self.socket.into_raw_socket()
    }
}
