//! Lesson 08's delay server, on io_uring: one thread, one ring, every connection.
//!
//! ```text
//! arm a multishot ACCEPT on the listener
//! loop {
//!     io_uring_enter(submit everything written, wait for >= 1 completion)   // the only syscall
//!     now = Instant::now()                                                   // (vDSO: no syscall)
//!     for each completion:
//!         ACCEPT   -> a new connection: write a RECV for it (and its idle timer)
//!         RECV     -> parse the requests in the pool buffer, give the buffer back;
//!                     format what is due, write a SEND; write the next RECV
//!         SEND     -> what is left, or nothing
//!         TIMEOUT  -> a delay is over: format what is due, write a SEND
//!         ...
//!     publish the buffers given back
//! }
//! ```
//!
//! Compared with lesson 08's loop over epoll, there is no "readable, so read until
//! `WouldBlock`" and no "write, and ask for `WRITABLE` if it was short": each completion says
//! an operation is *done*, and the loop only decides what to start next. Everything it starts
//! is written into the submission ring and handed over at the top of the loop, so one
//! `io_uring_enter` carries the work of every connection that had something happen.

mod connection;
mod context;
mod token;

use std::io;
use std::net::SocketAddrV4;
use std::os::fd::{AsFd, FromRawFd, OwnedFd};
use std::time::{Duration, Instant};

use delay_server::config::{ACCEPT_RETRY, Config};
use delay_server::protocol::Env;
use delay_server::say;
use delay_server::slab::Slab;
use nonblocking::TcpListener;

use crate::buffers::BufferRing;
use crate::entry;
use crate::ring::{Options, Ring};
use crate::sys::{
    Cqe, IORING_CQE_F_MORE, IORING_SETUP_DEFER_TASKRUN, IORING_SETUP_SINGLE_ISSUER,
    IORING_SETUP_SUBMIT_ALL,
};
use connection::Connection;
use context::{Context, SpareBuffers};
use delay_server::Cause;
/// What a server did: lesson 08's counters (`polls` counts the waits in `io_uring_enter`).
pub use delay_server::stats::Stats;
use token::{LISTENER, Op};

/// Submission slots: the most entries written between two `io_uring_enter` calls before an
/// extra one is needed to make room.
const SQ_ENTRIES: u32 = 1024;
/// Completion slots: room for a burst of completions between two batches (with
/// `IORING_FEAT_NODROP`, more wait in the kernel rather than being lost).
const CQ_ENTRIES: u32 = 4096;
/// The provided-buffer pool: how many receives can hold data at once, server-wide, and the
/// most one receive takes. 256 KiB in all, however many connections there are: every buffer
/// is touched as they cycle through the ring, so the pool is resident memory (issue 18: 128
/// buffers hold the 10,000-connection burst as well as 1024 did, retried on `ENOBUFS`, and
/// 500 connections on `/0/x` as fast as 256 did).
const POOL_BUFFERS: u16 = 128;
const BUFFER_SIZE: u32 = 2048;
/// The pool's group id, which every receive names.
const POOL_GROUP: u16 = 1;
/// How long dropping a server waits for its cancelled requests to come back.
const DRAIN: Duration = Duration::from_secs(1);

/// A single-threaded delay server on io_uring.
///
/// Not `Send`: the ring is made with `IORING_SETUP_SINGLE_ISSUER` where the kernel has it, so
/// the thread that binds must be the one that runs.
pub struct Server {
    cx: Context,
    listener: TcpListener,
    connections: Slab<Connection>,
    /// Whether the multishot accept is in flight (else its retry timer is).
    accepting: bool,
}

impl Server {
    /// Listens on `addr` (port 0: any free port), and sets up the ring and the buffer pool.
    pub fn bind(addr: SocketAddrV4, config: Config) -> io::Result<Server> {
        let listener = TcpListener::bind(addr)?;
        let ring = new_ring()?;
        let pool = BufferRing::new(&ring, POOL_GROUP, POOL_BUFFERS, BUFFER_SIZE)?;
        Ok(Server {
            cx: Context {
                ring,
                pool,
                env: Env::new(config),
                starved: Vec::new(),
                spare: SpareBuffers::default(),
            },
            listener,
            connections: Slab::new(),
            accepting: false,
        })
    }

    /// The address it listens on, with the real port.
    pub fn local_addr(&self) -> io::Result<SocketAddrV4> {
        self.listener.local_addr()
    }

    /// The ring and the pool, in words.
    pub fn describe(&self) -> String {
        let ring = &self.cx.ring;
        let deferred = ring.setup_flags() & IORING_SETUP_DEFER_TASKRUN != 0;
        format!(
            "a ring of {} submission and {} completion entries{}, {} receive buffers of {} bytes",
            ring.sq_entries(),
            ring.cq_entries(),
            if deferred { " (DEFER_TASKRUN)" } else { "" },
            self.cx.pool.count(),
            self.cx.pool.buffer_size()
        )
    }

    /// Serves on the calling thread; returns only if the ring fails.
    pub fn run(mut self) -> io::Result<Stats> {
        self.cx.env.start_log();
        self.arm_accept()?;
        loop {
            self.cx.ring.submit_and_wait(1, None)?;
            // Only the completions posted before the clock is read are handled this turn, so
            // none is stamped with a time before it arrived (a delay that started early).
            // Without DEFER_TASKRUN the kernel may post more while this batch runs; they
            // wait for the next turn, whose wait returns at once.
            let posted = self.cx.ring.ready();
            self.cx.env.now = Instant::now();
            self.cx.env.stats.polls += 1;
            for _ in 0..posted {
                let Some(cqe) = self.cx.ring.next_completion() else {
                    break;
                };
                self.dispatch(cqe)?;
            }
            // Every buffer given back in this batch, published with one store.
            self.cx.pool.publish();
            for key in std::mem::take(&mut self.cx.starved) {
                if let Some(connection) = self.connections.get_mut(key) {
                    connection.on_buffers(&mut self.cx)?;
                }
            }
        }
    }

    /// One completion: the listener's, or a connection's.
    fn dispatch(&mut self, cqe: Cqe) -> io::Result<()> {
        let Some((key, op)) = token::decode(cqe.user_data) else {
            return Ok(()); // not a number we made
        };
        if key == LISTENER {
            return self.on_listener(op, cqe);
        }
        // The generation makes sure a completion finds only its own connection.
        let Some(connection) = self.connections.get_mut(key) else {
            return Ok(());
        };
        connection.on_completion(&mut self.cx, op, cqe)?;
        if connection.is_finished() {
            self.connections.remove(key);
            self.cx.env.stats.closed += 1;
        }
        Ok(())
    }

    /// The listener's accept (or its retry timer) completed.
    fn on_listener(&mut self, op: Op, cqe: Cqe) -> io::Result<()> {
        match op {
            Op::Accept if cqe.res >= 0 => {
                // SAFETY: a successful accept's result is a new descriptor, which nothing else
                // owns: from here the connection does.
                let fd = unsafe { OwnedFd::from_raw_fd(cqe.res) };
                self.add(fd)?;
            }
            Op::Accept => {
                let error = io::Error::from_raw_os_error(-cqe.res);
                say!(self.cx.env, "accept failed: {error}");
            }
            Op::AcceptRetry => {
                self.accepting = false;
                return self.arm_accept();
            }
            _ => {}
        }
        if cqe.flags & IORING_CQE_F_MORE == 0 {
            // The multishot accept has ended (an error ends it): start another. If that error
            // was a lack of descriptors or memory, wait a little first: the clients wait in the
            // kernel's backlog meanwhile.
            self.accepting = false;
            if resource_shortage(cqe.res) {
                say!(
                    self.cx.env,
                    "trying accept again in {} ms",
                    ACCEPT_RETRY.as_millis()
                );
                let timer = entry::timeout(token::encode(LISTENER, Op::AcceptRetry));
                // SAFETY: a timeout names no descriptor and no memory but its timespec, which
                // the ring keeps.
                unsafe { self.cx.ring.push_timeout(&timer, ACCEPT_RETRY)? };
                self.accepting = true;
            } else {
                self.arm_accept()?;
            }
        }
        Ok(())
    }

    /// Starts the multishot accept, if it is not running.
    fn arm_accept(&mut self) -> io::Result<()> {
        if self.accepting {
            return Ok(());
        }
        let accept =
            entry::accept_multishot(self.listener.as_fd(), token::encode(LISTENER, Op::Accept));
        // SAFETY: the listener is owned by the server, which keeps it open until the server is
        // dropped; dropping waits for every request (or leaks what they use).
        unsafe { self.cx.ring.push(&accept)? };
        self.accepting = true;
        Ok(())
    }

    /// A new connection: into the table, and its first receive and timer into the ring.
    fn add(&mut self, fd: OwnedFd) -> io::Result<()> {
        let stats = &mut self.cx.env.stats;
        stats.accepted += 1;
        let id = stats.accepted;
        say!(self.cx.env, "connection {id} accepted");
        let key = self.connections.next_key();
        let connection = Connection::new(key, id, fd, self.cx.env.now);
        self.connections.insert(connection);
        let stats = &mut self.cx.env.stats;
        stats.peak_connections = stats.peak_connections.max(self.connections.len());
        match self.connections.get_mut(key) {
            Some(connection) => connection.start(&mut self.cx),
            None => Ok(()),
        }
    }
}

impl Drop for Server {
    /// Cancels every request still in flight and waits (at most a second) for them. If some
    /// do not come back, the connections (whose send buffers they may read) are leaked, and
    /// the buffer pool always is: a server lives as long as its process here.
    fn drop(&mut self) {
        for key in self.connections.keys() {
            if let Some(connection) = self.connections.get_mut(key) {
                let _ = connection.close(&mut self.cx, Cause::Shutdown);
            }
        }
        // SAFETY: a cancel names no descriptor and no memory.
        let _ = unsafe { self.cx.ring.push(&entry::cancel_any(0)) };
        let deadline = Instant::now() + DRAIN;
        while self.cx.ring.in_flight() + u64::from(self.cx.ring.unsubmitted()) > 0 {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() || self.cx.ring.submit_and_wait(1, Some(left)).is_err() {
                break;
            }
            while self.cx.ring.next_completion().is_some() {}
        }
        if self.cx.ring.in_flight() > 0 {
            std::mem::forget(std::mem::take(&mut self.connections));
        }
    }
}

/// The server's ring: deferred task work on a kernel that has it (Linux 6.1), so that the
/// kernel finishes completions only when the loop asks for them, in one batch.
fn new_ring() -> io::Result<Ring> {
    let mut options = Options {
        sq_entries: SQ_ENTRIES,
        cq_entries: CQ_ENTRIES,
        flags: IORING_SETUP_SUBMIT_ALL | IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN,
    };
    match Ring::with_options(options) {
        Err(error) if error.kind() == io::ErrorKind::InvalidInput => {
            options.flags = IORING_SETUP_SUBMIT_ALL;
            Ring::with_options(options)
        }
        ring => ring,
    }
}

/// `EMFILE`, `ENFILE`, `ENOBUFS`, `ENOMEM`: accept failed for lack of descriptors or memory.
fn resource_shortage(res: i32) -> bool {
    matches!(-res, 24 | 23 | 105 | 12)
}
