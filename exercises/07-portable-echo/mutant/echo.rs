//! Worked solution: an echo server on lesson 07's portable queue, in one thread.
//!
//! The shape every readiness server has (lesson 08's is the same, grown up): a table of
//! connections keyed by token, and for every event one step of the connection's work, each
//! step running until the kernel says `WouldBlock`. Nothing here names a backend, and nothing
//! depends on how many events one readiness change produces: each event just means "look
//! again", which is why the same code is right over epoll, kqueue and IOCP.

use std::collections::HashMap;
use std::io::{self, Read, Write};
use std::net::{TcpListener, TcpStream};

use event_queue::{Events, Interest, Poll, Registry, Token};

/// The listener's token; clients get 0, 1, 2... and never this one.
const LISTENER: Token = Token(usize::MAX);

/// Echoes every client on `listener` until `connections` clients have closed.
pub fn echo(listener: TcpListener, connections: usize) -> io::Result<()> {
    listener.set_nonblocking(true)?;
    let mut poll = Poll::new()?;
    let mut events = Events::with_capacity(64);
    poll.registry()
        .register(&listener, LISTENER, Interest::READABLE)?;
    let mut clients: HashMap<Token, Client> = HashMap::new();
    let mut next_token = 0;
    let mut finished = 0;
    while finished < connections {
        poll.poll(&mut events, None)?;
        for event in events.iter() {
            let token = event.token();
            if token == LISTENER {
                // Edge-triggered: accept every waiting connection now, or hear of them never.
                loop {
                    match listener.accept() {
                        Ok((stream, _)) => {
                            stream.set_nonblocking(true)?;
                            let token = Token(next_token);
                            next_token += 1;
                            poll.registry()
                                .register(&stream, token, Interest::READABLE)?;
                            clients.insert(token, Client::new(stream));
                        }
                        Err(error) if error.kind() == io::ErrorKind::WouldBlock => break,
                        Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
                        Err(error) => return Err(error),
                    }
                }
                continue;
            }
            // A token we no longer know: a second event (kqueue's other filter, or a spurious
            // one) for a client closed earlier in this very batch. Nothing to do.
            let Some(client) = clients.get_mut(&token) else {
                continue;
            };
            if client.step(poll.registry(), token)? == State::Done {
                let client = clients.remove(&token).expect("looked up above");
                poll.registry().deregister(&client.stream)?;
                finished += 1;
            }
        }
    }
    Ok(())
}

/// Whether a connection goes on.
#[derive(PartialEq, Eq)]
enum State {
    Open,
    Done,
}

/// One client: its socket, the bytes read but not yet written back, and what we told the
/// queue we wait for.
struct Client {
    stream: TcpStream,
    owed: Vec<u8>,
    peer_closed: bool,
    watching_writable: bool,
}

impl Client {
    fn new(stream: TcpStream) -> Client {
        Client {
            stream,
            owed: Vec::new(),
            peer_closed: false,
            watching_writable: false,
        }
    }

    /// Everything this connection can do now: read until `WouldBlock`, write back until
    /// `WouldBlock`, then tell the queue whether we also wait to write.
    fn step(&mut self, registry: &Registry, token: Token) -> io::Result<State> {
        let mut buffer = [0u8; 16 * 1024];
        while !self.peer_closed {
            match self.stream.read(&mut buffer) {
                Ok(0) => self.peer_closed = true, // the client sent everything
                Ok(n) => self.owed.extend_from_slice(&buffer[..n]),
                Err(error) if error.kind() == io::ErrorKind::WouldBlock => break,
                Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
                Err(_) => return Ok(State::Done), // reset by the peer: nothing left to do
            }
        }
        while !self.owed.is_empty() {
            match self.stream.write(&self.owed) {
                Ok(n) => {
                    self.owed.drain(..n);
                }
                // The send buffer is full: the client reads slower than it writes. Keep the
                // rest, and ask to hear when there is room (below).
                Err(error) if error.kind() == io::ErrorKind::WouldBlock => break,
                Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
                Err(_) => return Ok(State::Done),
            }
        }
        if self.peer_closed && self.owed.is_empty() {
            return Ok(State::Done); // all echoed; dropping the socket closes our side
        }
        // Wrong: never asks for writability, so bytes owed to a slow reader wait for a read
        // event that may never come.
        let _ = (registry, token, self.watching_writable);
        Ok(State::Open)
    }
}
