//! A closed-loop load client on the same queue as the server.
//!
//! N connections, each sending one request, waiting for its answer, and sending the next
//! (keep-alive), until M answers have come back; like `wrk`, on one thread. It reports
//! requests per second and latency percentiles, with a progress line every second on stderr.
//!
//! It must not be the bottleneck of the benchmark it drives, so it does per request what the
//! server does: one `write`, one `read` (a short read means drained), a share of one `poll`,
//! no allocation (the request is formatted once, responses are parsed in place by
//! `load/response.rs`, latencies go into a fixed histogram).

use std::io::{self, IsTerminal, Read, Write};
use std::time::{Duration, Instant};

use event_queue::{Event, Events, Interest, Poll, Registry, Token};
use nonblocking::TcpStream;

use crate::slab::{Key, Slab};

mod histogram;
mod report;
mod response;

pub use histogram::Histogram;
pub use report::{Options, Report};

/// How long the client waits with no answer at all before it gives up: longer than the
/// longest delay a delay server grants (60 s).
const PATIENCE: Duration = Duration::from_secs(65);

/// One connection of the client.
struct Client {
    stream: TcpStream,
    /// When the request in flight was written; `None` while connecting.
    sent: Option<Instant>,
    /// The start of an answer that arrived in pieces (rare: an answer is ~110 bytes).
    partial: Vec<u8>,
}

/// The client's state while it runs.
struct Load<'a> {
    options: &'a Options,
    /// The request, formatted once.
    request: Vec<u8>,
    clients: Slab<Client>,
    /// Requests sent, or reserved by a connection still connecting.
    issued: u64,
    report: Report,
    read_buffer: Vec<u8>,
    now: Instant,
}

/// Runs the load and returns what it measured. Fails only if no connection at all could be
/// made, or nothing was answered for 65 s (longer than the longest delay a server grants).
pub fn run(options: &Options) -> io::Result<Report> {
    let mut poll = Poll::new()?;
    let mut events = Events::with_capacity(1024);
    let started = Instant::now();
    let mut load = Load {
        options,
        request: format!(
            "GET {} HTTP/1.1\r\nHost: {}\r\n\r\n",
            options.path, options.addr
        )
        .into_bytes(),
        clients: Slab::new(),
        issued: 0,
        report: Report {
            connections: options.connections,
            path: options.path.clone(),
            ok: 0,
            errors: 0,
            first_error: None,
            elapsed: Duration::ZERO,
            latency: Histogram::default(),
        },
        read_buffer: vec![0; 64 * 1024],
        now: started,
    };
    let first = (options.connections as u64).min(options.requests);
    for _ in 0..first {
        load.open(poll.registry());
    }
    let mut progress = Progress::new(options.progress, started);
    let mut last_answer = started;
    while load.done() < options.requests && !load.nothing_works(first) {
        let timeout = progress.next_tick.saturating_duration_since(Instant::now());
        poll.poll(&mut events, Some(timeout))?;
        load.now = Instant::now();
        let done_before = load.done();
        for event in events.iter() {
            load.handle(poll.registry(), &event);
        }
        if load.done() > done_before {
            last_answer = load.now;
        } else if load.now - last_answer > PATIENCE {
            return Err(io::Error::new(
                io::ErrorKind::TimedOut,
                format!("no answer for {} s", PATIENCE.as_secs()),
            ));
        }
        progress.tick(load.now, load.done(), load.report.errors);
    }
    progress.finish();
    if load.nothing_works(first) {
        let error = load.report.first_error.take().unwrap_or_default();
        return Err(io::Error::other(format!(
            "no answer from {}: {error}",
            options.addr
        )));
    }
    load.report.elapsed = load.now - started;
    Ok(load.report)
}

impl Load<'_> {
    /// Requests finished, answered or failed.
    fn done(&self) -> u64 {
        self.report.ok + self.report.errors
    }

    /// Whether every connection so far failed without a single answer (nothing listens
    /// there, say): then there is nothing to measure.
    fn nothing_works(&self, first: u64) -> bool {
        self.report.latency.is_empty() && self.report.errors >= first
    }

    /// Starts a new connection for the next request.
    fn open(&mut self, registry: &Registry) {
        self.issued += 1;
        let key = self.clients.next_key();
        let stream = match TcpStream::connect_nonblocking(self.options.addr) {
            Ok(stream) => stream,
            Err(error) => return self.fail(None, &error.to_string()),
        };
        // Connecting: writable means done (or failed). Only then is READABLE asked for, so a
        // backend where edge behaves as level does not report a writable socket on every poll.
        if let Err(error) = registry.register(&stream, Token(key.to_bits()), Interest::WRITABLE) {
            return self.fail(None, &error.to_string());
        }
        self.clients.insert(Client {
            stream,
            sent: None,
            partial: Vec::new(),
        });
    }

    /// Counts a failed request, closes its connection (if any), and opens another if more
    /// requests are to be made.
    fn fail(&mut self, key: Option<(Key, &Registry)>, error: &str) {
        self.report.errors += 1;
        if self.report.first_error.is_none() {
            self.report.first_error = Some(error.to_string());
        }
        if let Some((key, registry)) = key {
            self.close(registry, key);
            if self.issued < self.options.requests {
                self.open(registry);
            }
        }
    }

    fn close(&mut self, registry: &Registry, key: Key) {
        if let Some(client) = self.clients.remove(key) {
            let _ = registry.deregister(&client.stream);
        }
    }

    fn handle(&mut self, registry: &Registry, event: &Event) {
        let key = Key::from_bits(event.token().0);
        let Some(client) = self.clients.get_mut(key) else {
            return;
        };
        if client.sent.is_none() {
            // The connect finished one way or the other; the write of the first request says
            // which.
            if let Err(error) =
                registry.reregister(&client.stream, event.token(), Interest::READABLE)
            {
                return self.fail(Some((key, registry)), &error.to_string());
            }
            self.send(registry, key);
            return;
        }
        self.receive(registry, key, event.is_read_closed());
    }

    /// Writes the request (the one reserved for this connection).
    fn send(&mut self, registry: &Registry, key: Key) {
        let Some(client) = self.clients.get_mut(key) else {
            return;
        };
        match (&client.stream).write(&self.request) {
            Ok(written) if written == self.request.len() => client.sent = Some(self.now),
            Ok(_) => self.fail(
                Some((key, registry)),
                "the request did not fit in one write",
            ),
            Err(error) => self.fail(Some((key, registry)), &error.to_string()),
        }
    }

    /// Reads what arrived; for a whole answer, records it and sends the next request.
    fn receive(&mut self, registry: &Registry, key: Key, peer_closed: bool) {
        let Some(client) = self.clients.get_mut(key) else {
            return;
        };
        let buffer = &mut self.read_buffer;
        let mut filled = client.partial.len();
        buffer[..filled].copy_from_slice(&client.partial);
        client.partial.clear();
        let failure = loop {
            let room = buffer.len() - filled;
            match (&client.stream).read(&mut buffer[filled..]) {
                Ok(0) => break Some("the server closed the connection before answering".into()),
                Ok(received) => {
                    filled += received;
                    if received < room && !peer_closed {
                        break None; // drained
                    }
                    if filled == buffer.len() {
                        break Some("an answer larger than 64 KiB".into());
                    }
                }
                Err(error) if error.kind() == io::ErrorKind::WouldBlock => break None,
                Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
                Err(error) => break Some(error.to_string()),
            }
        };
        let answer = match response::parse(&buffer[..filled]) {
            Ok(Some(head)) if head.length == filled => Some(head),
            Ok(Some(_)) => return self.fail(Some((key, registry)), "bytes after the answer"),
            Ok(None) => {
                client.partial.extend_from_slice(&buffer[..filled]);
                None
            }
            Err(error) => return self.fail(Some((key, registry)), error),
        };
        let Some(head) = answer else {
            if let Some(error) = failure {
                self.fail(Some((key, registry)), &error);
            }
            return;
        };
        let sent = client.sent.unwrap_or(self.now);
        self.report.latency.record(self.now - sent);
        if head.status == 200 {
            self.report.ok += 1;
        } else {
            self.report.errors += 1;
            if self.report.first_error.is_none() {
                self.report.first_error = Some(format!("status {}", head.status));
            }
        }
        let more = self.issued < self.options.requests;
        if head.closes || failure.is_some() {
            // The server closes after this answer: a new connection for the next request.
            self.close(registry, key);
            if more {
                self.open(registry);
            }
        } else if more {
            self.issued += 1;
            self.send(registry, key);
        } else {
            self.close(registry, key);
        }
    }
}

/// The progress line: once a second, on stderr; rewritten in place (`\r`) on a terminal,
/// one line per second in a log.
struct Progress {
    enabled: bool,
    terminal: bool,
    started: Instant,
    next_tick: Instant,
    last_done: u64,
    last_tick: Instant,
}

impl Progress {
    fn new(enabled: bool, started: Instant) -> Progress {
        Progress {
            enabled,
            terminal: io::stderr().is_terminal(),
            started,
            next_tick: started + Duration::from_secs(1),
            last_done: 0,
            last_tick: started,
        }
    }

    fn tick(&mut self, now: Instant, done: u64, errors: u64) {
        if now < self.next_tick {
            return;
        }
        let rate = (done - self.last_done) as f64 / (now - self.last_tick).as_secs_f64();
        if self.enabled {
            let line = format!(
                "load: {:.0} s, {done} answers, {rate:.0}/s, {errors} errors",
                (now - self.started).as_secs_f64()
            );
            let mut err = io::stderr().lock();
            let _ = if self.terminal {
                write!(err, "\r{line}   ")
            } else {
                writeln!(err, "{line}")
            };
        }
        self.last_done = done;
        self.last_tick = now;
        self.next_tick = now + Duration::from_secs(1);
    }

    fn finish(&self) {
        if self.enabled && self.terminal && self.last_tick > self.started {
            let _ = writeln!(io::stderr());
        }
    }
}
