//! Your exercise: an echo server on lesson 07's portable queue, in one thread.
//!
//! It accepts connections on `listener` and sends every byte each client sends straight back,
//! until that client closes its side and has all its bytes back; after `connections` clients
//! have come and gone, it returns. Write it against `event_queue` only, and it runs over epoll,
//! kqueue or IOCP, whichever this OS has, if you respect what lesson 07 says leaks:
//!
//! - registrations are edge-triggered: after each event, read until `WouldBlock` *and* write
//!   what you owe until `WouldBlock`;
//! - kqueue may report one socket twice in a poll (readable, then writable), and after you
//!   close a client a second event may still name its token: look tokens up, ignore unknown ones;
//! - events may be spurious: `WouldBlock` just means "wait";
//! - a client that reads slowly fills its socket's send buffer: keep what you could not write,
//!   and ask for `Interest::WRITABLE` too until it is gone (`reregister`).
//!
//! `std::net` sockets work with every backend (set them non-blocking). The check starts three
//! clients that each send a megabyte while reading the echo back.

use std::io;
use std::net::TcpListener;

/// Echoes every client on `listener` until `connections` clients have closed.
pub fn echo(listener: TcpListener, connections: usize) -> io::Result<()> {
    let _ = (listener, connections);
    todo!(
        "make a Poll, register the (non-blocking) listener, then loop: poll, accept until \
         WouldBlock, and for each client event read and write until WouldBlock"
    )
}
