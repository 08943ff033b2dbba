//! Raising the limit on open descriptors, so one process can hold ten thousand connections.
//!
//! Every socket is a descriptor, and a Unix process may have only `RLIMIT_NOFILE` of them open
//! at once. The limit has two values: the *soft* one, which is enforced (often 1024, a default
//! from the days of `select`), and the *hard* one, the ceiling a process may raise its own soft
//! limit to without privileges. A server raises soft to hard at start, as nginx's
//! `worker_rlimit_nofile` and tokio's users do. Windows has no such per-process count for
//! sockets, so there is nothing to raise there.

use std::io;

#[cfg(unix)]
#[path = "fd_limit/unix.rs"]
#[doc(hidden)] // pub for the facts check (scripts/facts.sh) only
pub mod sys;
#[cfg(windows)]
#[path = "fd_limit/windows.rs"]
mod sys;

/// What [`raise`] found and did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FdLimit {
    /// The soft limit was raised from the first number to the second.
    Raised(u64, u64),
    /// The soft limit already was as high as allowed.
    Unchanged(u64),
    /// This OS has no such limit; the text says why.
    NotApplicable(&'static str),
}

impl FdLimit {
    /// How many descriptors this process may now have open, if the OS counts them.
    pub fn limit(self) -> Option<u64> {
        match self {
            FdLimit::Raised(_, now) | FdLimit::Unchanged(now) => Some(now),
            FdLimit::NotApplicable(_) => None,
        }
    }
}

impl std::fmt::Display for FdLimit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FdLimit::Raised(from, to) => write!(f, "descriptor limit raised from {from} to {to}"),
            FdLimit::Unchanged(limit) => write!(f, "descriptor limit {limit}"),
            FdLimit::NotApplicable(why) => f.write_str(why),
        }
    }
}

/// Raises this process's soft descriptor limit to its hard limit.
pub fn raise() -> io::Result<FdLimit> {
    sys::raise()
}
