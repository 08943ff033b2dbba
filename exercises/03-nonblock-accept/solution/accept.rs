//! Worked solution: the blocking accept-and-read loop, made non-blocking.
//!
//! A blocking call answers "not yet" by sleeping: the thread is stuck in `accept` or `read`
//! until the kernel has something, and can do nothing else, not even give up. A non-blocking
//! call answers "not yet" with an error, `WouldBlock` (`EAGAIN` on Unix, `WSAEWOULDBLOCK` on
//! Windows), and returns at once. The loop gets its thread back after every call: it can keep
//! a deadline, look at other sockets, or (as here) count how often it asked in vain. What it
//! pays is the spinning: with nothing to do it asks again at once, which keeps a CPU core
//! busy. That is the cost lesson 04's event queue removes.

use std::io::{self, Read};
use std::time::{Duration, Instant};

use nonblocking::TcpListener;

/// How often each call said "not yet".
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    /// `accept` calls that returned `WouldBlock`: nobody had connected yet.
    pub accept_would_block: u64,
    /// `read` calls that returned `WouldBlock`: connected, but no bytes waiting.
    pub read_would_block: u64,
}

/// The blocking loop, for reference (the check does not call it): accepts one connection and
/// reads from it until the client closes its side; returns everything it sent.
pub fn receive_one_blocking(listener: &TcpListener) -> io::Result<Vec<u8>> {
    let (mut stream, _peer) = listener.accept()?; // sleeps until a client connects
    let mut received = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        match stream.read(&mut chunk)? {
            // sleeps until bytes arrive
            0 => return Ok(received), // the client closed
            n => received.extend_from_slice(&chunk[..n]),
        }
    }
}

/// The same, never blocking: accepts one connection and reads from it until the client
/// closes; returns everything it sent, and how many calls said `WouldBlock`. Fails with
/// `io::ErrorKind::TimedOut` once `patience` (from the call) has passed without a close.
pub fn receive_one(listener: &TcpListener, patience: Duration) -> io::Result<(Vec<u8>, Counts)> {
    // One deadline for the whole call, fixed now: each "not yet" compares against it, so the
    // time spent accepting counts against the time left for reading.
    let deadline = Instant::now() + patience;
    let mut counts = Counts::default();

    // Step 1: `accept` on a non-blocking listener takes a connection if one is queued, and
    // otherwise fails with WouldBlock instead of sleeping.
    listener.set_nonblocking(true)?;
    let (mut stream, _peer) = loop {
        match listener.accept() {
            Ok(accepted) => break accepted,
            Err(error) if error.kind() == io::ErrorKind::WouldBlock => {
                counts.accept_would_block += 1;
                give_up_after(deadline, "nobody connected")?;
            }
            // A signal arrived during the call: it did nothing, so just ask again.
            Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
            Err(error) => return Err(error),
        }
    };

    // Step 2: the new stream is *blocking*, whatever the listener's mode. That is Linux's rule
    // (macOS, FreeBSD and Windows would copy the listener's mode; lesson 03 makes them all
    // behave like Linux). Forget this line and the first `read` below sleeps until the client
    // sends, and the deadline is never looked at. (`listener.accept_nonblocking()` would have
    // done both in one call on Linux: `accept4` with `SOCK_NONBLOCK`.)
    stream.set_nonblocking(true)?;

    // Step 3: the read loop, the same shape as the accept loop.
    let mut received = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        match stream.read(&mut chunk) {
            // End of file: the client closed its side, and everything it sent has been read.
            Ok(0) => return Ok((received, counts)),
            Ok(n) => received.extend_from_slice(&chunk[..n]),
            // Connected, but nothing has arrived since the last read: not an error, a "not yet".
            Err(error) if error.kind() == io::ErrorKind::WouldBlock => {
                counts.read_would_block += 1;
                give_up_after(deadline, "the client did not close")?;
            }
            Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
            Err(error) => return Err(error),
        }
    }
}

/// `Ok` while `deadline` is still ahead; a `TimedOut` error saying `what` once it has passed.
fn give_up_after(deadline: Instant, what: &str) -> io::Result<()> {
    if Instant::now() >= deadline {
        return Err(io::Error::new(
            io::ErrorKind::TimedOut,
            format!("{what} in time"),
        ));
    }
    // Ask again at once: this is the busy loop of lesson 03, and why it costs a CPU core.
    Ok(())
}
