//! A known-wrong answer, for the course's own CI: the listener is made non-blocking, but the
//! stream `accept` returns is left blocking, as it comes (Linux's rule, which lesson 03 keeps
//! on every OS). So the first `read` sleeps until the client sends: no `WouldBlock` is ever
//! counted while reading, and a client that sends nothing and never closes holds the loop
//! forever, deadline or not. The check must reject it.
//!
//! Never a model to copy: see `solution/accept.rs`.

use std::io::{self, Read};
use std::time::{Duration, Instant};

use nonblocking::TcpListener;

/// As in the solution.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    /// `accept` calls that returned `WouldBlock`.
    pub accept_would_block: u64,
    /// `read` calls that returned `WouldBlock`.
    pub read_would_block: u64,
}

/// As in the solution.
pub fn receive_one_blocking(listener: &TcpListener) -> io::Result<Vec<u8>> {
    let (mut stream, _peer) = listener.accept()?;
    let mut received = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        match stream.read(&mut chunk)? {
            0 => return Ok(received),
            n => received.extend_from_slice(&chunk[..n]),
        }
    }
}

/// Wrong: the accepted stream stays blocking.
pub fn receive_one(listener: &TcpListener, patience: Duration) -> io::Result<(Vec<u8>, Counts)> {
    let deadline = Instant::now() + patience;
    let mut counts = Counts::default();
    listener.set_nonblocking(true)?;
    let (mut stream, _peer) = loop {
        match listener.accept() {
            Ok(accepted) => break accepted,
            Err(error) if error.kind() == io::ErrorKind::WouldBlock => {
                counts.accept_would_block += 1;
                if Instant::now() >= deadline {
                    return Err(io::ErrorKind::TimedOut.into());
                }
            }
            Err(error) => return Err(error),
        }
    };
    let mut received = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        match stream.read(&mut chunk) {
            Ok(0) => return Ok((received, counts)),
            Ok(n) => received.extend_from_slice(&chunk[..n]),
            Err(error) if error.kind() == io::ErrorKind::WouldBlock => {
                counts.read_would_block += 1;
                if Instant::now() >= deadline {
                    return Err(io::ErrorKind::TimedOut.into());
                }
            }
            Err(error) => return Err(error),
        }
    }
}
