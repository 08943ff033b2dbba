//! `Registry`: the interest list, kept by you, since `poll(2)` keeps none.

use std::io;
use std::os::fd::AsRawFd;

use crate::{Interest, Token};

/// Adds, changes and removes the sources a [`Poll`](super::Poll) watches. It must be `Sync`
/// (its methods take `&self`): keep the list behind a `Mutex`.
pub struct Registry {
    // Your interest list: for each source its descriptor, token and interest, and for oneshot
    // whether it is armed.
    _list: (),
}

impl Registry {
    /// Starts watching `source`. Fails with `AlreadyExists` if it is already registered here.
    pub fn register<S: AsRawFd + ?Sized>(
        &self,
        source: &S,
        token: Token,
        interest: Interest,
    ) -> io::Result<()> {
        let _ = (source.as_raw_fd(), token, interest);
        todo!("add the source to your list, or fail with io::ErrorKind::AlreadyExists")
    }

    /// Replaces the token and interest of a registered `source` (and re-arms a oneshot one).
    /// Fails with `NotFound` if it is not registered here.
    pub fn reregister<S: AsRawFd + ?Sized>(
        &self,
        source: &S,
        token: Token,
        interest: Interest,
    ) -> io::Result<()> {
        let _ = (source.as_raw_fd(), token, interest);
        todo!("update the source's entry (re-arming it), or fail with io::ErrorKind::NotFound")
    }

    /// Stops watching `source`. Fails with `NotFound` if it is not registered here.
    pub fn deregister<S: AsRawFd + ?Sized>(&self, source: &S) -> io::Result<()> {
        let _ = source.as_raw_fd();
        todo!("remove the source's entry, or fail with io::ErrorKind::NotFound")
    }
}
