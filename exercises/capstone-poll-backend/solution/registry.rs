//! `Registry`: the interest list, kept by us, since `poll(2)` keeps none.
//!
//! Each entry is what epoll would keep in the kernel: the descriptor, its token, its interest,
//! and for oneshot whether it is armed. One thing more is needed to answer `AlreadyExists` and
//! `NotFound` as epoll does: a descriptor *number* can be closed and handed to a new socket
//! without our hearing of it, so each entry also remembers *which file* it was, by device and
//! inode (every socket and pipe has its own). A remembered number whose file is another is a
//! stale entry: the old file was closed. (Every eventfd shares one inode, so for those this
//! check cannot tell; a waker's counter is kept open by its entry, so it is never reused.)

use std::io;
use std::os::fd::{AsRawFd, OwnedFd, RawFd};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use super::sys::{self, POLLIN, POLLOUT, POLLRDHUP, PollFd};
use crate::{Interest, Mode, Token};

/// Adds, changes and removes the sources a [`Poll`](super::Poll) watches.
pub struct Registry {
    /// The interest list, in registration order. A `Mutex` because the API's `Registry` is
    /// `Sync` and its methods take `&self`.
    entries: Mutex<Vec<Entry>>,
}

/// One watched source.
pub(super) struct Entry {
    fd: RawFd,
    /// Which file the number named when it was registered (`sys::file_id`).
    file: (u32, u32, u64),
    pub(super) token: Token,
    interest: Interest,
    /// Oneshot only: false once its event was reported, until `reregister`.
    pub(super) armed: bool,
    /// A waker's counter, reset by `poll` when it reports it (see `waker.rs`). Shared, so that
    /// the descriptor stays open while this entry names it.
    pub(super) counter: Option<Arc<OwnedFd>>,
}

impl Registry {
    pub(super) fn new() -> Registry {
        Registry {
            entries: Mutex::new(Vec::new()),
        }
    }

    /// Starts watching `source`. Fails with `AlreadyExists` if it is already registered here.
    pub fn register<S: AsRawFd + ?Sized>(
        &self,
        source: &S,
        token: Token,
        interest: Interest,
    ) -> io::Result<()> {
        self.add(source.as_raw_fd(), token, interest, None)
    }

    /// Replaces the token and interest of a registered `source` (and re-arms a oneshot one).
    /// Fails with `NotFound` if it is not registered here.
    pub fn reregister<S: AsRawFd + ?Sized>(
        &self,
        source: &S,
        token: Token,
        interest: Interest,
    ) -> io::Result<()> {
        let mut entries = self.entries();
        let index = index_of(&mut entries, source.as_raw_fd())?;
        let entry = &mut entries[index];
        entry.token = token;
        entry.interest = interest;
        entry.armed = true;
        Ok(())
    }

    /// Stops watching `source`. Fails with `NotFound` if it is not registered here.
    pub fn deregister<S: AsRawFd + ?Sized>(&self, source: &S) -> io::Result<()> {
        let mut entries = self.entries();
        let index = index_of(&mut entries, source.as_raw_fd())?;
        entries.remove(index);
        Ok(())
    }

    /// `register`, for a waker: its entry resets the counter when reported.
    pub(super) fn register_waker(&self, counter: Arc<OwnedFd>, token: Token) -> io::Result<()> {
        let fd = counter.as_raw_fd();
        self.add(fd, token, Interest::READABLE, Some(counter))
    }

    fn add(
        &self,
        fd: RawFd,
        token: Token,
        interest: Interest,
        counter: Option<Arc<OwnedFd>>,
    ) -> io::Result<()> {
        let file = sys::file_id(fd)?;
        let mut entries = self.entries();
        if let Some(index) = entries.iter().position(|entry| entry.fd == fd) {
            if entries[index].file == file {
                return Err(io::Error::new(
                    io::ErrorKind::AlreadyExists,
                    "this source is already registered with this queue",
                ));
            }
            entries.remove(index); // stale: that file was closed, the number reused
        }
        entries.push(Entry {
            fd,
            file,
            token,
            interest,
            armed: true,
            counter,
        });
        Ok(())
    }

    /// The interest list, usable even if a thread panicked while holding it.
    pub(super) fn entries(&self) -> MutexGuard<'_, Vec<Entry>> {
        self.entries.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Entry {
    /// The `struct pollfd` that asks the kernel about this entry.
    pub(super) fn pollfd(&self) -> PollFd {
        let mut events = 0;
        if self.interest.is_readable() {
            // With POLLRDHUP, a peer's shutdown shows as `is_read_closed`, as with epoll.
            events |= POLLIN | POLLRDHUP;
        }
        if self.interest.is_writable() {
            events |= POLLOUT;
        }
        PollFd {
            fd: self.fd,
            events,
            revents: 0,
        }
    }

    /// Whether the descriptor number still names the file that was registered. Checked for
    /// each reported entry: if the source was closed and the number given to another file
    /// before this poll, its readiness is not ours to report under this token.
    pub(super) fn is_still_its_file(&self) -> bool {
        sys::file_id(self.fd).is_ok_and(|file| file == self.file)
    }

    /// Whether `poll` should ask about this entry: always, except a oneshot entry that has
    /// reported its event and waits for `reregister`.
    pub(super) fn is_armed(&self) -> bool {
        self.interest.mode() != Mode::Oneshot || self.armed
    }

    /// Called when this entry's event is reported.
    pub(super) fn reported(&mut self) -> io::Result<()> {
        self.armed = false;
        match &self.counter {
            Some(counter) => sys::eventfd_take(counter),
            None => Ok(()),
        }
    }
}

/// Where `fd` is in the list, if it names the file it was registered as; a stale entry is
/// dropped on the way, and the answer is then `NotFound`.
fn index_of(entries: &mut Vec<Entry>, fd: RawFd) -> io::Result<usize> {
    let file = sys::file_id(fd)?;
    let not_found = || {
        io::Error::new(
            io::ErrorKind::NotFound,
            "this source is not registered with this queue",
        )
    };
    let index = entries
        .iter()
        .position(|entry| entry.fd == fd)
        .ok_or_else(not_found)?;
    if entries[index].file != file {
        entries.remove(index);
        return Err(not_found());
    }
    Ok(index)
}
