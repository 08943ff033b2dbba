//! `Registry`: adds, changes and removes what the queue watches, and remembers what it added.
//!
//! # Why a registration set, and why it may be stale
//!
//! kqueue keeps no "registered descriptors" list we could ask about: adding a filter that
//! exists just changes it, so a second `register` would silently succeed. To report
//! `AlreadyExists` and `NotFound` as lesson 04 does, the registry remembers each descriptor it
//! registered, with its token and interest.
//!
//! That memory can go stale. Closing a descriptor makes the kernel drop its filters at once
//! (kqueue keys them by descriptor *number*), without telling us; the next socket may get the
//! same number. So an entry is only a hint, and the kernel is asked before it is trusted:
//!
//! - `register` of a remembered descriptor sends a *probe*: a change with no action flag that
//!   carries the values the filter already has (same token and mode, no `fflags` or `data`).
//!   If the filter exists, the kernel rewrites those values unchanged (at worst it re-reports
//!   a ready source: a spurious event, which callers tolerate) and the answer is
//!   `AlreadyExists`. If it is gone (`ENOENT`), the old descriptor was closed: the entry is
//!   dropped and the new source registers normally.
//! - `reregister` and `deregister` delete the remembered filters anyway; an `ENOENT` in their
//!   receipts is the same news, answered with `NotFound`, as epoll would.
//!
//! This needs one thing from the modes: a registered filter must stay in the kernel until
//! deregistered or closed. So `Mode::Oneshot` uses `EV_DISPATCH` (disable after one event,
//! which is exactly epoll's `EPOLLONESHOT`), not `EV_ONESHOT` (delete after one event, after
//! which "gone" would no longer mean "closed").

use std::collections::HashMap;
use std::io;
use std::os::fd::{AsRawFd, OwnedFd, RawFd};
use std::sync::{Mutex, MutexGuard};

use ffi_syscall::Errno;

use crate::sys::{self, EV_ADD, EV_CLEAR, EV_DELETE, EV_DISPATCH, EVFILT_READ, EVFILT_WRITE};
use crate::{Interest, Mode, Token};

/// Adds, changes and removes the sources a [`Poll`](crate::Poll) watches. It can be used while
/// another thread waits in `poll`, which is how a [`Waker`](crate::Waker) is made.
pub struct Registry {
    pub(crate) kq: OwnedFd,
    /// What each descriptor was registered with: a hint, checked with the kernel before it
    /// is trusted (see the module docs).
    registered: Mutex<HashMap<RawFd, Registration>>,
}

/// One remembered registration.
#[derive(Clone, Copy)]
struct Registration {
    token: Token,
    interest: Interest,
}

impl Registry {
    pub(crate) fn new(kq: OwnedFd) -> Registry {
        Registry {
            kq,
            registered: Mutex::new(HashMap::new()),
        }
    }

    /// Starts watching `source`: one kqueue filter per direction asked for, so a source
    /// registered for both can give two events per poll. Fails with `AlreadyExists` if it is
    /// already registered here.
    pub fn register<S: AsRawFd + ?Sized>(
        &self,
        source: &S,
        token: Token,
        interest: Interest,
    ) -> io::Result<()> {
        let fd = source.as_raw_fd();
        // Held for the whole call, so that two threads cannot interleave changes to one fd.
        let mut registered = self.registered();
        if let Some(&old) = registered.get(&fd) {
            if self.still_registered(fd, old)? {
                return Err(io::Error::new(
                    io::ErrorKind::AlreadyExists,
                    "this source is already registered with this queue",
                ));
            }
            registered.remove(&fd); // closed since; the number now names a new source
        }
        let mut changes = Changes::new(fd);
        changes.add(token, interest);
        changes
            .apply(&self.kq)
            .and_then(Outcome::into_result)
            .inspect_err(|_| self.forget(fd))?;
        registered.insert(fd, Registration { token, interest });
        Ok(())
    }

    /// Replaces the token and interest of a registered `source` (and re-arms a oneshot one).
    /// Fails with `NotFound` if it is not registered here.
    ///
    /// The old filters are deleted and the new ones added, in one `kevent` call: an existing
    /// filter's mode (`EV_CLEAR`, `EV_DISPATCH`) cannot be changed in place, and a new filter
    /// reports a source that is ready now, as epoll's `EPOLL_CTL_MOD` does. If it fails, the
    /// source is left unregistered.
    pub fn reregister<S: AsRawFd + ?Sized>(
        &self,
        source: &S,
        token: Token,
        interest: Interest,
    ) -> io::Result<()> {
        let fd = source.as_raw_fd();
        let mut registered = self.registered();
        let old = registered.remove(&fd).ok_or_else(not_registered)?;
        let mut changes = Changes::new(fd);
        changes.delete(old.interest).add(token, interest);
        let outcome = changes.apply(&self.kq).inspect_err(|_| self.forget(fd))?;
        if outcome.filter_was_missing {
            self.forget(fd); // the new filters went to a source that was never registered
            return Err(not_registered());
        }
        outcome.into_result().inspect_err(|_| self.forget(fd))?;
        registered.insert(fd, Registration { token, interest });
        Ok(())
    }

    /// Stops watching `source`. Fails with `NotFound` if it is not registered here.
    ///
    /// Closing a descriptor also removes its filters, even if a duplicate of it (`dup`) is
    /// still open: kqueue watches descriptor numbers, not the files behind them.
    pub fn deregister<S: AsRawFd + ?Sized>(&self, source: &S) -> io::Result<()> {
        let fd = source.as_raw_fd();
        let mut registered = self.registered(); // held until the filters are gone
        let old = registered.remove(&fd).ok_or_else(not_registered)?;
        let mut changes = Changes::new(fd);
        changes.delete(old.interest);
        let outcome = changes.apply(&self.kq).inspect_err(|_| self.forget(fd))?;
        if outcome.filter_was_missing {
            return Err(not_registered());
        }
        outcome.into_result()
    }

    /// The registration set, usable even if a thread panicked while holding it: every entry
    /// is checked with the kernel before it is trusted anyway.
    fn registered(&self) -> MutexGuard<'_, HashMap<RawFd, Registration>> {
        epoll::sync::lock(&self.registered)
    }

    /// Whether the kernel still holds `old`'s filters for `fd`, asked with the probe the module
    /// docs describe.
    fn still_registered(&self, fd: RawFd, old: Registration) -> io::Result<bool> {
        let filter = if old.interest.is_readable() {
            EVFILT_READ
        } else {
            EVFILT_WRITE
        };
        let flags = mode_flags(old.interest.mode()); // no EV_ADD: never creates a filter
        let mut probe = [sys::Kevent::new(fd as usize, filter, flags, 0, old.token.0)];
        sys::apply(&self.kq, &mut probe)?;
        match probe[0].receipt_error() {
            None => Ok(true),
            Some(errno) if errno == Errno::ENOENT.raw() => Ok(false),
            Some(errno) => Err(io::Error::from_raw_os_error(errno)),
        }
    }

    /// Deletes both of `fd`'s filters, ignoring every error (a filter may not exist): the
    /// clean-up after a failed change, so that the kernel holds nothing we do not remember.
    fn forget(&self, fd: RawFd) {
        let mut changes = Changes::new(fd);
        changes.delete(Interest::READABLE | Interest::WRITABLE);
        let _ = changes.apply(&self.kq);
    }
}

fn not_registered() -> io::Error {
    io::Error::new(
        io::ErrorKind::NotFound,
        "this source is not registered with this queue",
    )
}

/// The kqueue flags for a trigger mode.
fn mode_flags(mode: Mode) -> u16 {
    match mode {
        Mode::Edge => EV_CLEAR,
        Mode::Level => 0,
        Mode::Oneshot => EV_DISPATCH,
    }
}

/// The filters an interest asks for: one per direction.
fn filters(interest: Interest) -> impl Iterator<Item = i16> {
    [
        (interest.is_readable(), EVFILT_READ),
        (interest.is_writable(), EVFILT_WRITE),
    ]
    .into_iter()
    .filter_map(|(wanted, filter)| wanted.then_some(filter))
}

/// Up to four changes to one descriptor, sent in a single `kevent` call.
struct Changes {
    fd: RawFd,
    list: [sys::Kevent; 4],
    /// Which entries are deletes: FreeBSD overwrites a receipt's flags with `EV_ERROR`.
    is_delete: [bool; 4],
    len: usize,
}

/// What the receipts of one batch said.
struct Outcome {
    /// A delete found no filter (`ENOENT`): the descriptor was closed since it was registered.
    filter_was_missing: bool,
    /// The first other failure.
    error: Option<io::Error>,
}

impl Outcome {
    fn into_result(self) -> io::Result<()> {
        self.error.map_or(Ok(()), Err)
    }
}

impl Changes {
    fn new(fd: RawFd) -> Changes {
        Changes {
            fd,
            list: [sys::Kevent::new(0, 0, 0, 0, 0); 4],
            is_delete: [false; 4],
            len: 0,
        }
    }

    /// `EV_ADD` for every filter `interest` asks for, in its mode, carrying `token`.
    fn add(&mut self, token: Token, interest: Interest) -> &mut Changes {
        for filter in filters(interest) {
            self.push(filter, EV_ADD | mode_flags(interest.mode()), token, false);
        }
        self
    }

    /// `EV_DELETE` for every filter `interest` asks for.
    fn delete(&mut self, interest: Interest) -> &mut Changes {
        for filter in filters(interest) {
            self.push(filter, EV_DELETE, Token(0), true);
        }
        self
    }

    fn push(&mut self, filter: i16, flags: u16, token: Token, is_delete: bool) {
        // A descriptor is a non-negative int: it always fits kqueue's `uintptr_t` ident.
        self.list[self.len] = sys::Kevent::new(self.fd as usize, filter, flags, 0, token.0);
        self.is_delete[self.len] = is_delete;
        self.len += 1;
    }

    /// Sends the changes in one call and reads each one's receipt.
    fn apply(&mut self, kq: &OwnedFd) -> io::Result<Outcome> {
        let receipts = &mut self.list[..self.len];
        sys::apply(kq, receipts)?;
        let mut outcome = Outcome {
            filter_was_missing: false,
            error: None,
        };
        for (receipt, &is_delete) in receipts.iter().zip(&self.is_delete) {
            match receipt.receipt_error() {
                None => {}
                Some(errno) if is_delete && errno == Errno::ENOENT.raw() => {
                    outcome.filter_was_missing = true;
                }
                // As mio does (tokio-rs/mio#582): older macOS answers EPIPE when adding a pipe
                // whose other end is closed, yet adds the filter and reports its events.
                Some(errno) if !is_delete && errno == Errno::EPIPE.raw() => {}
                Some(errno) => {
                    outcome
                        .error
                        .get_or_insert(io::Error::from_raw_os_error(errno));
                }
            }
        }
        Ok(outcome)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_mode_maps_to_its_flag() {
        assert_eq!(mode_flags(Mode::Edge), EV_CLEAR);
        assert_eq!(mode_flags(Mode::Level), 0);
        assert_eq!(mode_flags(Mode::Oneshot), EV_DISPATCH);
    }

    #[test]
    fn both_directions_are_two_filters() {
        let both: Vec<i16> = filters(Interest::READABLE | Interest::WRITABLE).collect();
        assert_eq!(both, [EVFILT_READ, EVFILT_WRITE]);
        assert_eq!(
            filters(Interest::WRITABLE).collect::<Vec<_>>(),
            [EVFILT_WRITE]
        );
    }

    #[test]
    fn a_reregister_deletes_then_adds_in_one_batch() {
        let mut changes = Changes::new(7);
        changes
            .delete(Interest::READABLE)
            .add(Token(3), Interest::WRITABLE.oneshot());
        assert_eq!(changes.len, 2);
        let (delete, add) = (changes.list[0], changes.list[1]);
        let (ident, flags, filter) = (delete.ident, delete.flags, delete.filter);
        assert_eq!((ident, flags, filter), (7, EV_DELETE, EVFILT_READ));
        let (flags, filter, udata) = (add.flags, add.filter, add.udata);
        assert_eq!(
            (flags, filter, udata),
            (EV_ADD | EV_DISPATCH, EVFILT_WRITE, 3)
        );
        assert_eq!(changes.is_delete[..2], [true, false]);
    }
}
