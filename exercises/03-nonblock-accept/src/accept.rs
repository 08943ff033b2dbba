//! Your exercise: the loop below, without the waiting.
//!
//! `receive_one_blocking` is the loop lesson 03's thread-per-connection server is made of:
//! `accept` sleeps until a client connects, `read` sleeps until bytes arrive. It works, and
//! it is stuck for as long as the client is slow. Write `receive_one`, the same loop on
//! non-blocking sockets: every `accept` and every `read` returns at once, with
//! `io::ErrorKind::WouldBlock` when it would have had to wait. Count those, and give up when
//! `patience` has passed (a blocking loop cannot: it sleeps inside the call).
//!
//! The check connects a real client on loopback, late and slowly, and expects your loop to have
//! seen `WouldBlock` while waiting for each. Lesson 03's sockets are in
//! `crates/03-nonblocking/src/net.rs`.

use std::io::{self, Read};
use std::time::Duration;

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
    let _ = (listener, patience, Counts::default());
    todo!(
        "make the listener non-blocking and accept in a loop, counting each WouldBlock; make \
         the accepted stream non-blocking too (it starts blocking), and read until Ok(0) the \
         same way; give up with ErrorKind::TimedOut after `patience`"
    )
}
