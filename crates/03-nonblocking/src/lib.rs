//! Lesson 03: sockets by hand, and the two simple ways to wait for them.
//!
//! A TCP socket is a descriptor like a file (a `SOCKET` handle on Windows), made and driven
//! by a handful of calls: `socket`, `bind` + `listen` + `accept` on the server side, `connect`
//! on the client side, then `recv`/`send` and finally `close`. This crate declares those calls
//! by hand, as lesson 02 did for `write`, for Unix (the C library) and Windows (Winsock 2), and
//! wraps them in two types that own their socket the way std does, and so close it when
//! dropped: [`TcpListener`] and [`TcpStream`].
//!
//! A socket is *blocking* by default: `recv` with no data puts the thread to sleep until some
//! arrives. Switched to *non-blocking* ([`TcpStream::set_nonblocking`]), the same call returns
//! at once with [`std::io::ErrorKind::WouldBlock`] (`EAGAIN` on Unix, `WSAEWOULDBLOCK` on
//! Windows). The lesson's program (`cargo run -p nonblocking`) measures both against the
//! [`server`] in this crate: blocking calls wait for one socket at a time; a loop over
//! non-blocking sockets waits for all of them at once but burns a CPU core doing it. The next
//! lessons replace that loop with an OS event queue.
//!
//! Later lessons import from here:
//!
//! - [`TcpListener`], [`TcpStream`]: IPv4 TCP sockets, each owning std's `OwnedFd`
//!   (`OwnedSocket` on Windows), with std's traits (`AsFd`, `AsRawFd`, `FromRawFd`,
//!   `IntoRawFd`, `From<OwnedFd>`; `AsSocket`, `AsRawSocket`, ... on Windows) so an event queue
//!   can watch them;
//! - [`http`]: an incremental HTTP/1.1 request and response parser for the delay protocol;
//! - [`server`]: the thread-per-connection delay server, startable in-process;
//! - [`client`]: a small blocking client;
//! - [`cpu_time`]: the CPU time this process has used, to show what busy waiting costs.
//!
//! ```
//! use std::io::{Read, Write};
//! use std::net::{Ipv4Addr, SocketAddrV4};
//! use nonblocking::{TcpListener, TcpStream};
//!
//! # fn main() -> std::io::Result<()> {
//! let listener = TcpListener::bind(SocketAddrV4::new(Ipv4Addr::LOCALHOST, 0))?;
//! let mut client = TcpStream::connect(listener.local_addr()?)?;
//! let (mut accepted, _peer) = listener.accept()?;
//! client.write_all(b"ping")?;
//! let mut buffer = [0; 4];
//! accepted.read_exact(&mut buffer)?;
//! assert_eq!(&buffer, b"ping");
//!
//! accepted.set_nonblocking(true)?; // nothing more to read: no waiting, an error instead
//! let error = accepted.read(&mut buffer).unwrap_err();
//! assert_eq!(error.kind(), std::io::ErrorKind::WouldBlock);
//! # Ok(())
//! # }
//! ```

// The kernel structures of this lesson (`timeval`, `rusage`, `WSADATA`) are declared with
// their 64-bit layouts only, and each is checked against the C headers' sizes at compile time.
#[cfg(not(target_pointer_width = "64"))]
compile_error!("lesson 03 declares the 64-bit layouts of its kernel structures only");

// One folder per OS family, chosen here and nowhere else. Each provides the same things:
// `Socket` (std's owner of a descriptor or handle), the socket calls as functions on it,
// `cpu_time`, and std's descriptor traits for the public types.
#[cfg(unix)]
#[path = "sys/unix/mod.rs"]
mod sys;
#[cfg(windows)]
#[path = "sys/windows/mod.rs"]
mod sys;
#[doc(hidden)] // for the facts check (scripts/facts.sh) only
pub use sys::facts as sys_facts;

pub mod client;
pub mod http;
mod net;
pub mod server;

pub use net::{TcpListener, TcpStream, resolve_ipv4};
pub use std::net::Shutdown;

/// The name of the error a non-blocking call reports when it would have to wait: `EAGAIN`
/// on Unix, `WSAEWOULDBLOCK` on Windows. Rust calls it [`std::io::ErrorKind::WouldBlock`].
pub const WOULD_BLOCK_NAME: &str = sys::WOULD_BLOCK_NAME;

/// Where [`cpu_time`] gets its number: `getrusage` on Unix, `GetProcessTimes` on Windows.
pub const CPU_TIME_SOURCE: &str = sys::CPU_TIME_SOURCE;

/// The CPU time this process has used so far, in user mode and in the kernel together, on
/// all its threads.
///
/// Wall-clock time says how long something took; CPU time says how long a core was busy
/// doing it. A thread asleep in a blocking call uses none; a thread spinning in a loop uses
/// all of its wall-clock time. The OS counts in ticks, so small values are coarse (Windows
/// counts in steps of 15.6 ms on many machines).
pub fn cpu_time() -> std::io::Result<std::time::Duration> {
    sys::cpu_time()
}
