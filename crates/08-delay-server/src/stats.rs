//! What a server counts: the figures [`Server::run`](crate::server::Server::run) returns, and
//! lesson 10's server too. Its own module, below both the protocol core that counts requests
//! and the servers that count connections, so that neither imports the other for it.

/// What a server did, returned when it stops.
#[derive(Debug, Clone, Default)]
pub struct Stats {
    /// Connections accepted.
    pub accepted: u64,
    /// Connections closed.
    pub closed: u64,
    /// The most connections open at once.
    pub peak_connections: usize,
    /// Valid requests received.
    pub requests: u64,
    /// Responses formatted for sending (written, or handed to the kernel), errors included.
    pub responses: u64,
    /// Error responses: bad requests (400, 431) and timeouts (408).
    pub errors: u64,
    /// Times the server waited for the kernel: calls to `poll` (lesson 10: `io_uring_enter`).
    pub polls: u64,
}
