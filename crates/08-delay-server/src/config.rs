//! The server's limits, each with its value and the reason for it.

use std::time::Duration;

/// How many bytes one `read` may take from a socket: the size of the one read buffer the whole
/// server shares (64 KiB). A connection keeps its own copy only of bytes left over (a request
/// cut in two by the network), so ten thousand idle connections cost no buffers at all.
pub const READ_BUFFER: usize = 64 * 1024;

/// How many events one `poll` can report. More ready sources simply wait for the next poll.
pub const EVENTS_CAPACITY: usize = 1024;

/// After `accept` fails for lack of descriptors or memory (`EMFILE`, `ENFILE`, `ENOBUFS`), how
/// long to wait before trying again. The waiting clients stay in the kernel's backlog.
pub const ACCEPT_RETRY: Duration = Duration::from_millis(100);

/// How much a closing connection reads and throws away at most while it lingers (see
/// [`Config::linger`]).
pub const LINGER_BYTES: usize = 64 * 1024;

/// How many times one turn may read more after a pause, before it lets the other connections
/// have theirs (a client pipelining without pause could otherwise keep the thread forever).
/// Lesson 11's server keeps the same rule.
pub const RESUMES_PER_TURN: usize = 8;

/// What a server may spend on each connection, and how long it waits for each.
///
/// The request limits themselves are lesson 03's parser's: a request head of at most
/// [`MAX_HEAD_BYTES`](nonblocking::http::MAX_HEAD_BYTES) (8 KiB, else `431`) and a delay of at
/// most [`MAX_DELAY_MS`](nonblocking::http::MAX_DELAY_MS) (60 s, else `400`).
#[derive(Debug, Clone)]
pub struct Config {
    /// How long a client may take to send one whole request head, from its first byte: 10 s.
    /// A slower one (a "slowloris", one byte a second) is answered `408 Request Timeout` and
    /// closed, so it cannot hold a connection open forever for the price of a few bytes.
    pub header_timeout: Duration,
    /// How long a connection may sit with nothing happening: no request under way and nothing
    /// to answer, or a response the client is not reading: 60 s. Then it is closed.
    pub idle_timeout: Duration,
    /// After the last response of a connection that is closing, how long to keep reading (and
    /// discarding) what the client still sends before closing: 2 s. Closing with unread bytes
    /// would make the kernel send a reset, which can destroy the response before the client
    /// has read it.
    pub linger: Duration,
    /// Response bytes a connection may hold that the client has not taken yet, plus the
    /// messages of requests still waiting for their delay: 64 KiB. Above that the server stops
    /// reading the connection (backpressure: the client's own sends then block) until it has
    /// drained to half. At most 1 GiB.
    pub max_buffered: usize,
    /// Requests a connection may have waiting for an answer (pipelined): 256. Above that,
    /// reading stops the same way.
    pub max_queued: usize,
    /// Whether to print a line for every connection, request, timer and response (on stderr).
    pub log: bool,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            header_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(60),
            linger: Duration::from_secs(2),
            max_buffered: 64 * 1024,
            max_queued: 256,
            log: false,
        }
    }
}
