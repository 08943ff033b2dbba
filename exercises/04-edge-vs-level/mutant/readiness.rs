//! A known-wrong answer, for the course's own CI: `receive_all` reads once per event, as a
//! level-triggered reader may. The check must reject it: with edge-triggered events, the
//! bytes left behind after the peer's last write bring no further event.
//!
//! Never a model to copy: see `solution/readiness.rs`.

use std::io::{self, Read};
use std::net::TcpStream;
use std::time::Duration;

use epoll::{Events, Poll, Token};

/// As in the solution.
pub fn events_while_unread(poll: &mut Poll, token: Token, polls: usize, each: Duration) -> usize {
    let mut events = Events::with_capacity(8);
    (0..polls)
        .filter(|_| {
            poll.poll(&mut events, Some(each)).expect("poll");
            events.iter().any(|event| event.token() == token)
        })
        .count()
}

/// Wrong: one read per event.
pub fn receive_all(poll: &mut Poll, stream: &mut TcpStream, token: Token) -> io::Result<Vec<u8>> {
    let mut events = Events::with_capacity(8);
    let mut received = Vec::new();
    let mut buffer = [0u8; 4096];
    loop {
        poll.poll(&mut events, None)?;
        if events.iter().any(|event| event.token() == token) {
            match stream.read(&mut buffer) {
                Ok(0) => return Ok(received),
                Ok(n) => received.extend_from_slice(&buffer[..n]),
                Err(error) if error.kind() == io::ErrorKind::WouldBlock => {}
                Err(error) => return Err(error),
            }
        }
    }
}
