//! Worked solution: the trigger mode, seen from the code that reads.
//!
//! Level-triggered readiness is a *state*: "there is something to read", reported by every
//! poll for as long as it is true. Edge-triggered readiness is a *change*: "something new
//! arrived", reported once. With edge-triggered events the reader must therefore drain the
//! socket, reading until `WouldBlock`, after every event: bytes left behind bring no further
//! event, and a reader that waits for one waits forever.

use std::io::{self, Read};
use std::net::TcpStream;
use std::time::Duration;

use epoll::{Events, Poll, Token};

/// Polls `polls` times, each for at most `each`, without reading anything, and returns in
/// how many of those polls an event for `token` was reported.
pub fn events_while_unread(poll: &mut Poll, token: Token, polls: usize, each: Duration) -> usize {
    // One buffer, reused by every poll: the queue fills it in place.
    let mut events = Events::with_capacity(8);
    let mut reported = 0;
    for _ in 0..polls {
        poll.poll(&mut events, Some(each)).expect("poll");
        // Count the poll, not the events: one poll reports a source at most once.
        if events.iter().any(|event| event.token() == token) {
            reported += 1;
        }
    }
    // Level-triggered: every poll (the data is still there). Edge-triggered: the first only.
    reported
}

/// Reads everything the peer sends on `stream` until it closes its side, and returns it.
/// `stream` is non-blocking and registered with `poll`, *edge-triggered*, under `token`.
pub fn receive_all(poll: &mut Poll, stream: &mut TcpStream, token: Token) -> io::Result<Vec<u8>> {
    let mut events = Events::with_capacity(8);
    let mut received = Vec::new();
    let mut buffer = [0u8; 4096];
    loop {
        // Sleep until something changes. No timeout: an event will come, because we never
        // leave bytes behind (below), so every new arrival is a new edge.
        poll.poll(&mut events, None)?;
        if !events.iter().any(|event| event.token() == token) {
            continue; // spurious, or someone else's: nothing to do
        }
        // The event says "something arrived", not how much. Read until the kernel says there is
        // nothing left (`WouldBlock`): only then is the next edge guaranteed to be reported.
        loop {
            match stream.read(&mut buffer) {
                // End of file: the peer closed its side, and everything it sent has been read.
                Ok(0) => return Ok(received),
                Ok(n) => received.extend_from_slice(&buffer[..n]),
                // Drained: go back to waiting for the next edge.
                Err(error) if error.kind() == io::ErrorKind::WouldBlock => break,
                // A signal arrived during the read: just read again.
                Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
                Err(error) => return Err(error),
            }
        }
    }
}
