//! The public socket types: the same code on every OS, on top of `sys`'s calls. Each owns a
//! `sys::Socket`, which is std's `OwnedFd` (`OwnedSocket` on Windows): it closes the socket
//! exactly once, when dropped.

use std::fmt;
use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, SocketAddrV4, ToSocketAddrs};
use std::time::Duration;

use crate::sys::{self, Socket};

// std's traits for the two types: for descriptors on Unix, for sockets on Windows.
#[cfg(unix)]
mod fd_traits;
#[cfg(windows)]
mod socket_traits;

/// How many finished connections the kernel keeps waiting for `accept` before it turns new
/// ones away. The OS may cap it lower (Linux: `net.core.somaxconn`).
const BACKLOG: i32 = 1024;

/// A TCP socket listening for connections on an IPv4 address. Closed when dropped.
///
/// Like every socket of this crate it is created close-on-exec (not inheritable on Windows),
/// so a child process started with `std::process::Command` never holds it open.
pub struct TcpListener {
    socket: Socket,
}

impl TcpListener {
    /// Creates a listening socket on `addr`: `socket`, `bind`, `listen`.
    ///
    /// Port 0 asks the OS for any free port; [`local_addr`](Self::local_addr) tells which one
    /// it chose. On Unix the socket gets `SO_REUSEADDR` first, so a server can be restarted
    /// at once on the port it just used (without it, connections of the old process still in
    /// `TIME_WAIT` hold the port for a minute or more). On Windows that option means something
    /// else (sharing a port another program is using), so it is not set there.
    pub fn bind(addr: SocketAddrV4) -> io::Result<TcpListener> {
        let socket = sys::new_stream(false)?;
        sys::prepare_listener(&socket)?;
        sys::bind(&socket, addr)?;
        sys::listen(&socket, BACKLOG)?;
        Ok(TcpListener { socket })
    }

    /// Takes the next connection from the queue: the connected stream and the client's address.
    ///
    /// A blocking listener waits for one; a non-blocking one returns
    /// [`io::ErrorKind::WouldBlock`] if nobody is waiting. The new stream is blocking whatever
    /// the listener's mode (Linux's rule; macOS, FreeBSD's `accept` and Windows would copy the
    /// listener's mode, so this crate sets it explicitly there).
    pub fn accept(&self) -> io::Result<(TcpStream, SocketAddrV4)> {
        let (socket, peer) = sys::accept(&self.socket, false)?;
        Ok((TcpStream { socket }, peer))
    }

    /// Like [`accept`](Self::accept), but the new stream is non-blocking, ready for an event
    /// queue.
    ///
    /// On Linux and FreeBSD this is one `accept4` call with `SOCK_NONBLOCK | SOCK_CLOEXEC`,
    /// where `accept` + [`TcpStream::set_nonblocking`] would be two; a server accepting ten
    /// thousand connections saves ten thousand system calls. macOS and Windows have no such
    /// flag, so there it is the same two calls inside.
    pub fn accept_nonblocking(&self) -> io::Result<(TcpStream, SocketAddrV4)> {
        let (socket, peer) = sys::accept(&self.socket, true)?;
        Ok((TcpStream { socket }, peer))
    }

    /// The address this listener is bound to, with the real port if it was bound to port 0.
    pub fn local_addr(&self) -> io::Result<SocketAddrV4> {
        sys::local_addr(&self.socket)
    }

    /// Switches [`accept`](Self::accept) between waiting (`false`, the default) and returning
    /// [`io::ErrorKind::WouldBlock`] at once (`true`).
    pub fn set_nonblocking(&self, nonblocking: bool) -> io::Result<()> {
        sys::set_nonblocking(&self.socket, nonblocking)
    }
}

impl fmt::Debug for TcpListener {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut debug = f.debug_struct("TcpListener");
        debug.field("socket", &self.socket);
        if let Ok(addr) = self.local_addr() {
            debug.field("addr", &addr);
        }
        debug.finish()
    }
}

/// A connected TCP socket (IPv4). Closed when dropped.
///
/// Read and write it through [`std::io::Read`] and [`std::io::Write`], on `TcpStream` or on
/// `&TcpStream` (a socket can be read and written at the same time, so a shared reference is
/// enough, as with `std::net::TcpStream`). Both retry by themselves when a signal interrupts a
/// blocking call (`EINTR`). Writing to a connection the peer has closed is an error
/// ([`io::ErrorKind::BrokenPipe`]), never a `SIGPIPE` that kills the process.
pub struct TcpStream {
    socket: Socket,
}

impl TcpStream {
    /// Connects to `addr`, waiting until the connection is made or refused.
    pub fn connect(addr: SocketAddrV4) -> io::Result<TcpStream> {
        let socket = sys::new_stream(false)?;
        sys::connect(&socket, addr)?;
        Ok(TcpStream { socket })
    }

    /// Starts connecting to `addr` and returns at once, with a non-blocking stream.
    ///
    /// The connection is made in the background: the stream becomes *writable* when it is
    /// done (an event queue can say when), and then [`take_error`](Self::take_error) tells
    /// whether it succeeded. Reading or writing before that fails, typically with
    /// [`io::ErrorKind::WouldBlock`] or [`io::ErrorKind::NotConnected`].
    pub fn connect_nonblocking(addr: SocketAddrV4) -> io::Result<TcpStream> {
        let socket = sys::new_stream(true)?;
        sys::start_connect(&socket, addr)?;
        Ok(TcpStream { socket })
    }

    /// Switches reads and writes between waiting (`false`, the default) and returning
    /// [`io::ErrorKind::WouldBlock`] at once when they would have to wait (`true`).
    pub fn set_nonblocking(&self, nonblocking: bool) -> io::Result<()> {
        sys::set_nonblocking(&self.socket, nonblocking)
    }

    /// Makes a blocking read give up after `timeout` (`None`: wait forever, the default).
    ///
    /// A read that times out fails with [`io::ErrorKind::WouldBlock`] on Unix and
    /// [`io::ErrorKind::TimedOut`] on Windows. A zero timeout is refused
    /// ([`io::ErrorKind::InvalidInput`]): the OS would read it as "no timeout".
    pub fn set_read_timeout(&self, timeout: Option<Duration>) -> io::Result<()> {
        if timeout == Some(Duration::ZERO) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "a zero read timeout would mean no timeout",
            ));
        }
        sys::set_read_timeout(&self.socket, timeout)
    }

    /// Shuts down reading, writing or both. After `Shutdown::Write` the peer reads end of file
    /// (`0` bytes) once it has read everything sent before; the socket stays open until drop.
    pub fn shutdown(&self, how: Shutdown) -> io::Result<()> {
        sys::shutdown(&self.socket, how)
    }

    /// This end's address.
    pub fn local_addr(&self) -> io::Result<SocketAddrV4> {
        sys::local_addr(&self.socket)
    }

    /// The other end's address.
    pub fn peer_addr(&self) -> io::Result<SocketAddrV4> {
        sys::peer_addr(&self.socket)
    }

    /// The socket's pending error (`SO_ERROR`), clearing it: after
    /// [`connect_nonblocking`](Self::connect_nonblocking), `Ok(None)` once writable means
    /// connected.
    pub fn take_error(&self) -> io::Result<Option<io::Error>> {
        sys::take_error(&self.socket)
    }
}

impl Read for &TcpStream {
    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        sys::recv(&self.socket, buffer)
    }
}

impl Read for TcpStream {
    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        sys::recv(&self.socket, buffer)
    }
}

impl Write for &TcpStream {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        sys::send(&self.socket, bytes)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(()) // nothing is buffered in this process: `send` hands every byte to the kernel
    }
}

impl Write for TcpStream {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        sys::send(&self.socket, bytes)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl fmt::Debug for TcpStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut debug = f.debug_struct("TcpStream");
        debug.field("socket", &self.socket);
        if let Ok(addr) = self.local_addr() {
            debug.field("addr", &addr);
        }
        if let Ok(peer) = self.peer_addr() {
            debug.field("peer", &peer);
        }
        debug.finish()
    }
}

/// `HOST:PORT` (`127.0.0.1:8080`, `localhost:8080`) to the first IPv4 address it names: these
/// sockets are IPv4. The error is a sentence for a command line's user.
pub fn resolve_ipv4(text: &str) -> Result<SocketAddrV4, String> {
    let addrs = text
        .to_socket_addrs()
        .map_err(|error| format!("`{text}` is not an address such as 127.0.0.1:8080 ({error})"))?;
    addrs
        .filter_map(|addr| match addr {
            SocketAddr::V4(v4) => Some(v4),
            SocketAddr::V6(_) => None,
        })
        .next()
        .ok_or(format!("`{text}` has no IPv4 address"))
}
