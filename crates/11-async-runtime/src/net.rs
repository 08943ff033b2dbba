//! Async TCP: lesson 03's non-blocking sockets, each with a [`Registration`] in the reactor.
//!
//! Every method is the same three lines in a different shape: wait until the socket may be
//! ready (at once the first time), try the non-blocking call, and on `WouldBlock` go back to
//! waiting. The sockets stay usable from several tasks at once (`&self` everywhere, as for
//! std's sockets): put one in an `Rc` and each task waits in its own place in the reactor's
//! list.

use std::fmt;
use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddrV4};
use std::rc::Rc;

use crate::io::Registration;
use crate::reactor::Direction;
use crate::trace::trace;

/// A listening socket whose [`accept`](Self::accept) is a future.
pub struct TcpListener {
    // Field order is drop order: deregistered first, then closed.
    registration: Registration,
    socket: Rc<nonblocking::TcpListener>,
}

impl TcpListener {
    /// Listens on `addr` (port 0: any free port). Inside [`Runtime::block_on`] only.
    ///
    /// [`Runtime::block_on`]: crate::Runtime::block_on
    pub fn bind(addr: SocketAddrV4) -> io::Result<TcpListener> {
        let socket = nonblocking::TcpListener::bind(addr)?;
        socket.set_nonblocking(true)?;
        let socket = Rc::new(socket);
        let registration = Registration::new(socket.clone(), [true, false])?;
        Ok(TcpListener {
            registration,
            socket,
        })
    }

    /// The next connection, non-blocking and registered with this runtime.
    pub async fn accept(&self) -> io::Result<(TcpStream, SocketAddrV4)> {
        let (socket, peer) = self
            .registration
            .run(
                Direction::Read,
                || self.socket.accept_nonblocking(),
                |_| false,
            )
            .await?;
        // A new connection may have bytes waiting already: try reading before waiting.
        Ok((TcpStream::register(socket, [true, true])?, peer))
    }

    /// The address it listens on.
    pub fn local_addr(&self) -> io::Result<SocketAddrV4> {
        self.socket.local_addr()
    }
}

/// A connected TCP stream whose reads and writes are futures.
pub struct TcpStream {
    registration: Registration,
    socket: Rc<nonblocking::TcpStream>,
}

impl TcpStream {
    /// Connects to `addr`: starts a non-blocking connect, then waits until the socket is
    /// writable, which is when the kernel has the answer.
    pub async fn connect(addr: SocketAddrV4) -> io::Result<TcpStream> {
        let stream = TcpStream::register(
            nonblocking::TcpStream::connect_nonblocking(addr)?,
            [true, false],
        )?;
        trace!("token {}: connecting to {addr}", stream.token());
        loop {
            stream.registration.ready(Direction::Write).await?;
            if let Some(error) = stream.socket.take_error()? {
                return Err(error);
            }
            // Writable with no error is connected, except after a spurious event: then the
            // peer is still unknown, and we wait again.
            match stream.socket.peer_addr() {
                Ok(_) => return Ok(stream),
                Err(error) if error.kind() == io::ErrorKind::NotConnected => {
                    stream.registration.clear_write();
                }
                Err(error) => return Err(error),
            }
        }
    }

    /// Wraps an already connected socket (from lesson 03, or std by `into_raw`/`from_raw`):
    /// switched to non-blocking and added to this thread's runtime.
    pub fn from_connected(socket: nonblocking::TcpStream) -> io::Result<TcpStream> {
        socket.set_nonblocking(true)?;
        TcpStream::register(socket, [true, true])
    }

    fn register(socket: nonblocking::TcpStream, ready: [bool; 2]) -> io::Result<TcpStream> {
        let socket = Rc::new(socket);
        let registration = Registration::new(socket.clone(), ready)?;
        Ok(TcpStream {
            registration,
            socket,
        })
    }

    /// The token of this socket's events in the reactor (for traces and tests).
    pub fn token(&self) -> usize {
        self.registration.token()
    }

    /// Reads some bytes: `Ok(0)` is the end of file.
    pub async fn read(&self, buffer: &mut [u8]) -> io::Result<usize> {
        let asked = buffer.len();
        let mut socket = &*self.socket;
        self.registration
            .run(
                Direction::Read,
                || socket.read(buffer),
                |n| (1..asked).contains(n),
            )
            .await
    }

    /// Writes some bytes, as many as the kernel takes now (at least one, unless `bytes` is
    /// empty).
    pub async fn write(&self, bytes: &[u8]) -> io::Result<usize> {
        let mut socket = &*self.socket;
        self.registration
            .run(
                Direction::Write,
                || socket.write(bytes),
                |n| *n < bytes.len(),
            )
            .await
    }

    /// Writes all of `bytes`, waiting whenever the send buffer is full.
    pub async fn write_all(&self, mut bytes: &[u8]) -> io::Result<()> {
        while !bytes.is_empty() {
            match self.write(bytes).await? {
                0 => return Err(io::ErrorKind::WriteZero.into()),
                n => bytes = &bytes[n..],
            }
        }
        Ok(())
    }

    /// Waits until the socket may be readable; then [`try_read`](Self::try_read). Lets a
    /// server read into one buffer shared by every connection, borrowed only between two
    /// awaits, instead of a buffer per connection held across them.
    pub async fn readable(&self) -> io::Result<()> {
        self.registration.ready(Direction::Read).await
    }

    /// Waits until the socket may be writable.
    pub async fn writable(&self) -> io::Result<()> {
        self.registration.ready(Direction::Write).await
    }

    /// One non-blocking read, now: `WouldBlock` if nothing is there (then wait for
    /// [`readable`](Self::readable)).
    pub fn try_read(&self, buffer: &mut [u8]) -> io::Result<usize> {
        let asked = buffer.len();
        let mut socket = &*self.socket;
        self.registration.attempt(
            Direction::Read,
            || socket.read(buffer),
            |n| (1..asked).contains(n),
        )
    }

    /// One non-blocking write, now: as many bytes as the kernel takes (0 if none: it is full,
    /// and [`writable`](Self::writable) says when it has room).
    pub fn try_write(&self, bytes: &[u8]) -> io::Result<usize> {
        let mut socket = &*self.socket;
        let written = self.registration.attempt(
            Direction::Write,
            || socket.write(bytes),
            |n| *n < bytes.len(),
        );
        match written {
            Err(error) if error.kind() == io::ErrorKind::WouldBlock => Ok(0),
            other => other,
        }
    }

    /// Shuts down reading, writing or both (see lesson 03's `TcpStream::shutdown`).
    pub fn shutdown(&self, how: Shutdown) -> io::Result<()> {
        self.socket.shutdown(how)
    }

    /// The other end's address.
    pub fn peer_addr(&self) -> io::Result<SocketAddrV4> {
        self.socket.peer_addr()
    }

    /// This end's address.
    pub fn local_addr(&self) -> io::Result<SocketAddrV4> {
        self.socket.local_addr()
    }
}

impl fmt::Debug for TcpListener {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TcpListener")
            .field("token", &self.registration.token())
            .field("socket", &self.socket)
            .finish()
    }
}

impl fmt::Debug for TcpStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TcpStream")
            .field("token", &self.token())
            .field("socket", &self.socket)
            .finish()
    }
}
