//! The event loop: one thread, one `Poll`, every connection.
//!
//! ```text
//! loop {
//!     poll(events, timeout = until the earliest timer)   // the only place the thread sleeps
//!     now = Instant::now()
//!     for each event:
//!         listener   -> accept until WouldBlock, register each new socket READABLE
//!         connection -> read + parse all whole requests, answer what is due, one write
//!     for each timer that is due:
//!         its connection -> answer what is due now, or 408 / close for a passed deadline
//! }
//! ```

use std::io;
use std::net::SocketAddrV4;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use event_queue::{Event, Events, Interest, Poll, Registry, Token, Waker};
use nonblocking::{TcpListener, TcpStream};

use crate::config::{ACCEPT_RETRY, Config, EVENTS_CAPACITY};
use crate::connection::Connection;
use crate::context::Context;
use crate::protocol::Cause;
use crate::slab::{Key, Slab};
/// What a server did, returned by [`Server::run`] when it stops (its own module, shared with
/// lesson 10's server).
pub use crate::stats::Stats;

/// The listener's token. Connection tokens are slab keys, whose slot never gets this high.
const LISTENER: Token = Token(usize::MAX);
/// The waker's token, for [`Handle::shutdown`].
const WAKER: Token = Token(usize::MAX - 1);
/// The key of the listener's own timer (retrying `accept` after it ran out of descriptors).
const LISTENER_KEY: Key = Key {
    slot: u32::MAX,
    generation: u32::MAX,
};

/// A single-threaded delay server: a listener, a `Poll`, and a table of connections.
///
/// Make it on the thread that will run it: it is not `Send` on every OS (on Windows, lesson
/// 06's event buffer holds pointers the kernel writes through). [`Handle`] is `Send`, to stop
/// it from elsewhere.
pub struct Server {
    poll: Poll,
    events: Events,
    state: State,
}

/// Everything but the queue and its event buffer, so that a method can borrow it mutably
/// while the events are being iterated.
struct State {
    listener: TcpListener,
    /// Whether new connections are accepted (not after [`Handle::shutdown`]).
    listening: bool,
    /// `accept` failed for lack of resources; it is retried by a timer or when a connection
    /// closes.
    accept_paused: bool,
    connections: Slab<Connection>,
    cx: Context,
    stop: Arc<AtomicBool>,
    waker: Arc<Waker>,
}

/// Stops a running server from another thread.
#[derive(Clone)]
pub struct Handle {
    stop: Arc<AtomicBool>,
    waker: Arc<Waker>,
}

impl Handle {
    /// Asks the server to stop: it stops accepting, closes connections that have nothing
    /// under way, lets the others finish, and then [`Server::run`] returns.
    pub fn shutdown(&self) -> io::Result<()> {
        self.stop.store(true, Ordering::Release);
        self.waker.wake()
    }
}

impl Server {
    /// Listens on `addr` (port 0: any free port), with a backlog of 1024 (lesson 03's), and
    /// registers the listener with a new queue.
    pub fn bind(addr: SocketAddrV4, config: Config) -> io::Result<Server> {
        let listener = TcpListener::bind(addr)?;
        listener.set_nonblocking(true)?;
        let poll = Poll::new()?;
        poll.registry()
            .register(&listener, LISTENER, Interest::READABLE)?;
        let waker = Arc::new(Waker::new(poll.registry(), WAKER)?);
        Ok(Server {
            poll,
            events: Events::with_capacity(EVENTS_CAPACITY),
            state: State {
                listener,
                listening: true,
                accept_paused: false,
                connections: Slab::new(),
                cx: Context::new(config),
                stop: Arc::new(AtomicBool::new(false)),
                waker,
            },
        })
    }

    /// The address it listens on, with the real port.
    pub fn local_addr(&self) -> io::Result<SocketAddrV4> {
        self.state.listener.local_addr()
    }

    /// A handle to stop it with, usable from any thread.
    pub fn handle(&self) -> Handle {
        Handle {
            stop: Arc::clone(&self.state.stop),
            waker: Arc::clone(&self.state.waker),
        }
    }

    /// Serves on the calling thread until [`Handle::shutdown`], or until `poll` fails.
    pub fn run(mut self) -> io::Result<Stats> {
        let state = &mut self.state;
        state.cx.env.start_log();
        loop {
            let timeout = if state.cx.resume.is_empty() {
                let next = state.cx.timers.next();
                next.map(|at| at.saturating_duration_since(Instant::now()))
            } else {
                Some(Duration::ZERO) // connections are waiting for their next turn
            };
            self.poll.poll(&mut self.events, timeout)?;
            state.cx.env.now = Instant::now();
            state.cx.env.stats.polls += 1;
            let registry = self.poll.registry();
            for event in self.events.iter() {
                state.dispatch(registry, &event);
            }
            state.fire_timers(registry);
            state.resume_paused(registry);
            if !state.listening && state.connections.is_empty() {
                say!(state.cx.env, "stopped: every connection is closed");
                return Ok(state.cx.env.stats.clone());
            }
        }
    }
}

impl State {
    /// One event: the listener's, the waker's, or a connection's.
    fn dispatch(&mut self, registry: &Registry, event: &Event) {
        match event.token() {
            LISTENER => self.accept_all(registry),
            WAKER => {
                if self.stop.load(Ordering::Acquire) && self.listening {
                    self.shut_down(registry);
                }
            }
            token => {
                let key = Key::from_bits(token.0);
                // A token is only a number: an event for a connection closed earlier in this
                // turn (whose slot may already be reused) finds nobody, or someone else's
                // generation, and is ignored.
                let Some(connection) = self.connections.get_mut(key) else {
                    return;
                };
                if let Err(cause) = connection.on_event(&mut self.cx, registry, event) {
                    self.close(registry, key, cause);
                }
            }
        }
    }

    /// Accepts every waiting connection: with an edge-triggered listener, one event may stand
    /// for many clients, and no new event comes for those already waiting.
    fn accept_all(&mut self, registry: &Registry) {
        while self.listening && !self.accept_paused {
            match self.listener.accept_nonblocking() {
                Ok((stream, peer)) => self.add(registry, stream, peer),
                Err(error) if error.kind() == io::ErrorKind::WouldBlock => return,
                // The client gave up while waiting in the backlog: next.
                Err(error)
                    if matches!(
                        error.kind(),
                        io::ErrorKind::ConnectionAborted
                            | io::ErrorKind::ConnectionReset
                            | io::ErrorKind::Interrupted
                    ) => {}
                // Out of descriptors or memory: the clients wait in the kernel's backlog until
                // a connection closes or the retry timer fires.
                Err(error) => {
                    say!(
                        self.cx.env,
                        "accept failed ({error}); trying again in {} ms",
                        ACCEPT_RETRY.as_millis()
                    );
                    self.accept_paused = true;
                    self.cx
                        .timers
                        .push(self.cx.env.now + ACCEPT_RETRY, LISTENER_KEY);
                }
            }
        }
    }

    /// Registers a new connection and puts it in the table.
    fn add(&mut self, registry: &Registry, stream: TcpStream, peer: SocketAddrV4) {
        let key = self.connections.next_key();
        if let Err(error) = registry.register(&stream, Token(key.to_bits()), Interest::READABLE) {
            say!(
                self.cx.env,
                "cannot register a connection from {peer}: {error}"
            );
            return; // dropping `stream` closes it
        }
        self.cx.env.stats.accepted += 1;
        let id = self.cx.env.stats.accepted;
        say!(self.cx.env, "connection {id} accepted from {peer}");
        let mut connection = Connection::new(stream, key, id, self.cx.env.now, Interest::READABLE);
        connection.arm_timers(&self.cx.env.config, &mut self.cx.timers);
        self.connections.insert(connection);
        let stats = &mut self.cx.env.stats;
        stats.peak_connections = stats.peak_connections.max(self.connections.len());
    }

    /// Fires every timer that is due.
    fn fire_timers(&mut self, registry: &Registry) {
        while let Some(timer) = self.cx.timers.pop_due(self.cx.env.now) {
            if timer.key == LISTENER_KEY {
                self.accept_paused = false;
                self.accept_all(registry);
                continue;
            }
            // A timer of a connection that has closed since finds nobody.
            let Some(connection) = self.connections.get_mut(timer.key) else {
                continue;
            };
            if let Err(cause) = connection.on_timer(&mut self.cx, registry, timer.at) {
                self.close(registry, timer.key, cause);
            }
        }
    }

    /// Gives the connections that yielded in the last turn their next one.
    fn resume_paused(&mut self, registry: &Registry) {
        for key in std::mem::take(&mut self.cx.resume) {
            let Some(connection) = self.connections.get_mut(key) else {
                continue;
            };
            if let Err(cause) = connection.on_resume(&mut self.cx, registry) {
                self.close(registry, key, cause);
            }
        }
    }

    /// Removes a connection from the queue and the table, and closes its socket.
    fn close(&mut self, registry: &Registry, key: Key, cause: Cause) {
        let Some(connection) = self.connections.remove(key) else {
            return;
        };
        // Closing the socket would remove it from an epoll or kqueue set by itself, but not
        // from the IOCP backend's table: deregistering first is right on all three.
        if connection.registered.is_some() {
            let _ = registry.deregister(&connection.stream);
        }
        self.cx.env.stats.closed += 1;
        say!(
            self.cx.env,
            "connection {} closed: {cause}",
            connection.session.id()
        );
        drop(connection);
        if self.accept_paused {
            // A descriptor was freed: clients may be waiting in the backlog.
            self.accept_paused = false;
            self.accept_all(registry);
        }
    }

    /// Stops accepting, and closes the connections with nothing under way; the others finish.
    fn shut_down(&mut self, registry: &Registry) {
        say!(self.cx.env, "shutting down: no more connections accepted");
        self.listening = false;
        let _ = registry.deregister(&self.listener);
        for key in self.connections.keys() {
            if self
                .connections
                .get_mut(key)
                .is_some_and(|connection| connection.session.is_idle())
            {
                self.close(registry, key, Cause::Shutdown);
            }
        }
    }
}
