//! `Registry`: the table of registered sockets, over the port and the AFD helper handle.

use std::collections::HashMap;
use std::io;
use std::os::windows::io::{AsRawSocket, RawSocket};
use std::sync::{Arc, Mutex};

use epoll::sync::lock;
use epoll::{Interest, Token};

use crate::afd::Afd;
use crate::base_socket::base_socket;
use crate::port::Port;
use crate::sock_state::SockState;
use crate::sys::SOCKET;

/// Adds, changes and removes the sockets a [`Poll`](crate::Poll) watches. Borrow it from the
/// `Poll` with [`Poll::registry`](crate::Poll::registry); a [`Waker`](crate::Waker) made from
/// it can then be moved to any thread.
///
/// Registration is by the socket's raw handle value, and this table (not the kernel) is what
/// says `AlreadyExists` and `NotFound`. Deregister before closing: a socket closed while
/// registered leaves the table only when a poll sees its `AFD_POLL_LOCAL_CLOSE`, and until
/// then a new socket given the same handle value would be refused as `AlreadyExists`.
pub struct Registry {
    /// Shared with the wakers, which post their packets to it.
    port: Arc<Port>,
    afd: Afd,
    table: Mutex<HashMap<RawSocket, Arc<SockState>>>,
}

impl Registry {
    /// A completion port with an AFD helper joined to it, and an empty table.
    pub(crate) fn new() -> io::Result<Registry> {
        let port = Port::new()?;
        let afd = Afd::open(&port)?;
        Ok(Registry {
            port: Arc::new(port),
            afd,
            table: Mutex::new(HashMap::new()),
        })
    }

    /// Starts watching `source`. Fails with `AlreadyExists` if it is already registered here.
    pub fn register<S: AsRawSocket + ?Sized>(
        &self,
        source: &S,
        token: Token,
        interest: Interest,
    ) -> io::Result<()> {
        let key = source.as_raw_socket();
        let mut table = lock(&self.table);
        if table.contains_key(&key) {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                "this socket is already registered with this Poll",
            ));
        }
        let base = base_socket(key as SOCKET)?;
        let state = Arc::new(SockState::new(key, base, token, interest));
        state.update(&self.afd)?;
        table.insert(key, state);
        Ok(())
    }

    /// Replaces the token and interest of a registered `source` (and re-arms a oneshot one).
    /// Fails with `NotFound` if it is not registered here.
    pub fn reregister<S: AsRawSocket + ?Sized>(
        &self,
        source: &S,
        token: Token,
        interest: Interest,
    ) -> io::Result<()> {
        let state = self.find(source)?;
        state.set(token, interest);
        state.update(&self.afd)
    }

    /// Stops watching `source`. Fails with `NotFound` if it is not registered here.
    ///
    /// Its poll in flight is cancelled; the memory of that poll stays allocated until the
    /// cancelled poll's completion is taken from the port by a later `poll` (or when the
    /// `Poll` is dropped).
    pub fn deregister<S: AsRawSocket + ?Sized>(&self, source: &S) -> io::Result<()> {
        let key = source.as_raw_socket();
        let state = lock(&self.table).remove(&key).ok_or_else(not_registered)?;
        state.delete(&self.afd)
    }

    fn find<S: AsRawSocket + ?Sized>(&self, source: &S) -> io::Result<Arc<SockState>> {
        let table = lock(&self.table);
        table
            .get(&source.as_raw_socket())
            .cloned()
            .ok_or_else(not_registered)
    }

    /// The completion port, which the wakers share.
    pub(crate) fn port(&self) -> &Arc<Port> {
        &self.port
    }

    /// The AFD helper handle every poll is started on.
    pub(crate) fn afd(&self) -> &Afd {
        &self.afd
    }

    /// Forgets `state` if the table still maps its socket to it (not to a newer registration
    /// of a socket that got the same handle value).
    pub(crate) fn forget(&self, state: &Arc<SockState>) {
        let mut table = lock(&self.table);
        if table
            .get(&state.key)
            .is_some_and(|current| Arc::ptr_eq(current, state))
        {
            table.remove(&state.key);
        }
    }

    /// Deregisters everything (the `Poll` is going away): each poll in flight is cancelled,
    /// and its memory lives on until its packet is taken.
    pub(crate) fn clear(&self) {
        for state in lock(&self.table).drain().map(|(_, state)| state) {
            let _ = state.delete(&self.afd);
        }
    }
}

fn not_registered() -> io::Error {
    io::Error::new(
        io::ErrorKind::NotFound,
        "this socket is not registered with this Poll",
    )
}
