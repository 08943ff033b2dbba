//! Why a connection closes: the reasons both servers give (lesson 10's too), and log.

use std::io;

/// Why a connection must be closed.
#[derive(Debug)]
pub enum Cause {
    /// The client closed its side and everything it asked for was answered.
    ClientClosed,
    /// The last answer is sent, and the request asked to close.
    Answered,
    /// The connection was closing, and the client closed too.
    BothClosed,
    /// The connection was closing, and the client did not close within `linger`, or sent
    /// more than we are willing to read and throw away.
    LingerOver,
    /// Reading, writing or registering failed: a reset, a broken pipe.
    Failed(io::Error),
    /// Nothing happened for `idle_timeout`.
    Idle,
    /// The client did not take our responses for `idle_timeout`.
    Stalled,
    /// The server is shutting down and the connection had nothing under way.
    Shutdown,
}

impl std::fmt::Display for Cause {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Cause::ClientClosed => f.write_str("the client closed it"),
            Cause::Answered => f.write_str("last answer sent, as the request asked"),
            Cause::BothClosed => f.write_str("the client closed its side too"),
            Cause::LingerOver => f.write_str("the client did not close its side in time"),
            Cause::Failed(error) => write!(f, "{error}"),
            Cause::Idle => f.write_str("idle for too long"),
            Cause::Stalled => f.write_str("the client stopped reading"),
            Cause::Shutdown => f.write_str("the server is shutting down"),
        }
    }
}
