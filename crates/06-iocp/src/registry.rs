//! `Registry`: the table of registered sockets, and what a `Poll` shares with its wakers.

use std::collections::HashMap;
use std::io;
use std::os::windows::io::{AsRawSocket, RawSocket};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use epoll::{Interest, Token};

use crate::afd::{self, Afd};
use crate::port::Port;
use crate::sock_state::SockState;
use crate::sys::SOCKET;
use crate::sys::kernel32::OVERLAPPED_ENTRY;
use crate::waker::WakerState;

/// The completion key of every AFD poll's packet.
pub(crate) const AFD_KEY: usize = 1;
/// The completion key of every waker's packet.
pub(crate) const WAKER_KEY: usize = 2;

/// Adds, changes and removes the sockets a [`Poll`](crate::Poll) watches. Borrow it from the
/// `Poll` with [`Poll::registry`](crate::Poll::registry); a [`Waker`](crate::Waker) made from
/// it can then be moved to any thread.
///
/// Registration is by the socket's raw handle value, and this table (not the kernel) is what
/// says `AlreadyExists` and `NotFound`. Deregister before closing: a socket closed while
/// registered leaves the table only when a poll sees its `AFD_POLL_LOCAL_CLOSE`, and until
/// then a new socket given the same handle value would be refused as `AlreadyExists`.
pub struct Registry {
    pub(crate) shared: Arc<Shared>,
}

/// What a `Poll`, its `Registry` and its `Waker`s share: they keep the port open.
pub(crate) struct Shared {
    pub(crate) port: Port,
    pub(crate) afd: Afd,
    table: Mutex<HashMap<RawSocket, Arc<SockState>>>,
    /// Waker states, kept alive while the port may still carry their packets.
    pub(crate) wakers: Mutex<Vec<Arc<WakerState>>>,
    /// AFD polls started and not yet taken from the port (whose `SockState`s are kept alive by
    /// the reference each packet carries).
    pub(crate) in_flight: AtomicUsize,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // Each update under these locks is one insert or remove: a panic cannot leave them torn.
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Registry {
    /// A completion port with an AFD helper joined to it, and an empty table.
    pub(crate) fn new() -> io::Result<Registry> {
        let port = Port::new()?;
        let afd = Afd::open(&port, AFD_KEY)?;
        Ok(Registry {
            shared: Arc::new(Shared {
                port,
                afd,
                table: Mutex::new(HashMap::new()),
                wakers: Mutex::new(Vec::new()),
                in_flight: AtomicUsize::new(0),
            }),
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
        let mut table = lock(&self.shared.table);
        if table.contains_key(&key) {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                "this socket is already registered with this Poll",
            ));
        }
        let base = afd::base_socket(key as SOCKET)?;
        let state = Arc::new(SockState::new(key, base, token, interest));
        state.update(&self.shared)?;
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
        state.update(&self.shared)
    }

    /// Stops watching `source`. Fails with `NotFound` if it is not registered here.
    ///
    /// Its poll in flight is cancelled; the memory of that poll stays allocated until the
    /// cancelled poll's completion is taken from the port by a later `poll` (or when the
    /// `Poll` is dropped).
    pub fn deregister<S: AsRawSocket + ?Sized>(&self, source: &S) -> io::Result<()> {
        let key = source.as_raw_socket();
        let state = lock(&self.shared.table)
            .remove(&key)
            .ok_or_else(not_registered)?;
        state.delete(&self.shared)
    }

    fn find<S: AsRawSocket + ?Sized>(&self, source: &S) -> io::Result<Arc<SockState>> {
        let table = lock(&self.shared.table);
        table
            .get(&source.as_raw_socket())
            .cloned()
            .ok_or_else(not_registered)
    }
}

fn not_registered() -> io::Error {
    io::Error::new(
        io::ErrorKind::NotFound,
        "this socket is not registered with this Poll",
    )
}

impl Shared {
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

    /// Turns the packet of an AFD poll back into the reference it carried.
    ///
    /// # Safety
    ///
    /// `entry` must have been taken from this port and carry [`AFD_KEY`]: then its
    /// `lpOverlapped` is the `Arc::into_raw` of a `SockState` whose poll is now complete.
    pub(crate) unsafe fn take(&self, entry: &OVERLAPPED_ENTRY) -> Arc<SockState> {
        self.in_flight.fetch_sub(1, Ordering::AcqRel);
        // SAFETY: by the caller's promise, the pointer is one reference made by
        // `Arc::into_raw` in `SockState::start`, used here exactly once.
        unsafe { Arc::from_raw(entry.lpOverlapped.cast_const().cast::<SockState>()) }
    }
}

impl Drop for Shared {
    /// The last `Poll`, `Registry` or `Waker` is gone: end every poll, and take back the
    /// memory of each as its completion arrives. A poll that does not complete within a
    /// second keeps its memory forever (leaked): the kernel may still write into it.
    fn drop(&mut self) {
        for state in lock(&self.table).drain().map(|(_, state)| state) {
            let _ = state.delete(self);
        }
        let deadline = Instant::now() + Duration::from_secs(1);
        let mut entries = [OVERLAPPED_ENTRY::zeroed(); 64];
        while self.in_flight.load(Ordering::Acquire) > 0 {
            let left = deadline.saturating_duration_since(Instant::now());
            let Ok(taken) = self.port.wait(&mut entries, Some(left)) else {
                return;
            };
            if taken == 0 {
                return; // out of time: leave the rest leaked
            }
            for entry in &entries[..taken] {
                if entry.lpCompletionKey == AFD_KEY {
                    // SAFETY: dequeued from this port with AFD_KEY, so its OVERLAPPED pointer is
                    // the `Arc` a completed AFD poll lent the kernel; the kernel writes it no more.
                    drop(unsafe { self.take(entry) });
                }
            }
        }
    }
}
