//! A socket known to the reactor, and the future that waits until it may be ready.
//!
//! Every async I/O call is the same loop: *try the call; on `WouldBlock`, note that the socket
//! is not ready, register interest, return `Pending`*; when the reactor wakes the task, try
//! again. [`Registration::ready`] is the "register and return `Pending`" half, as a future:
//! [`Readiness`]. It returns at once while the socket may be ready, so the first call is
//! always tried before anything is registered.
//!
//! Dropping is cleaning up. A dropped `Readiness` (its task was aborted, or a `select` chose
//! another branch) takes its waker back from the reactor; a dropped `Registration` (its socket
//! was dropped) deregisters the socket before it is closed. No event can then arrive for a
//! task that is gone.

use std::cell::RefCell;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

use delay_server::slab::Key;

use crate::executor::current_reactor;
use crate::reactor::{Direction, Reactor, Socket};
use crate::trace::trace;

/// A socket's place in the reactor, for as long as the socket lives.
pub(crate) struct Registration {
    reactor: Rc<RefCell<Reactor>>,
    key: Key,
}

impl Registration {
    /// Adds `socket` to this thread's runtime's reactor. `ready`: try reading, writing before
    /// waiting. `Err` outside [`Runtime::block_on`](crate::Runtime::block_on).
    pub(crate) fn new(socket: Rc<dyn Socket>, ready: [bool; 2]) -> io::Result<Registration> {
        let reactor = current_reactor()?;
        let key = reactor.borrow_mut().add(socket, ready);
        Ok(Registration { reactor, key })
    }

    /// The token of the socket's events.
    pub(crate) fn token(&self) -> usize {
        self.key.to_bits()
    }

    /// A future that returns once `direction` may be ready.
    pub(crate) fn ready(&self, direction: Direction) -> Readiness<'_> {
        Readiness {
            registration: self,
            direction,
            waiter: None,
        }
    }

    /// Forgets that `Write` may be ready (a connect woken by a spurious event).
    pub(crate) fn clear_write(&self) {
        self.reactor
            .borrow_mut()
            .clear(self.key, Direction::Write, false);
    }

    /// Runs one non-blocking call and keeps the readiness up to date: `WouldBlock` means not
    /// ready; so does a result that `drained` says took everything there was (a short read,
    /// a short write), so that the call which would only say `WouldBlock` is never made.
    /// `Interrupted` is retried.
    pub(crate) fn attempt<T>(
        &self,
        direction: Direction,
        mut call: impl FnMut() -> io::Result<T>,
        drained: impl Fn(&T) -> bool,
    ) -> io::Result<T> {
        loop {
            match call() {
                Ok(value) => {
                    if drained(&value) {
                        let cleared = self.reactor.borrow_mut().clear(self.key, direction, true);
                        trace!(
                            "token {}: the {} took less than asked: {}",
                            self.token(),
                            verb(direction),
                            match (direction, cleared) {
                                (Direction::Read, true) => "drained; the next read waits first",
                                (Direction::Write, _) => "full; the next write waits first",
                                (Direction::Read, false) => "the end of file is still to read",
                            }
                        );
                    }
                    return Ok(value);
                }
                Err(error) if error.kind() == io::ErrorKind::WouldBlock => {
                    self.reactor.borrow_mut().clear(self.key, direction, false);
                    trace!(
                        "token {}: the {} would block",
                        self.token(),
                        verb(direction)
                    );
                    return Err(error);
                }
                Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
                Err(error) => return Err(error),
            }
        }
    }

    /// [`attempt`](Self::attempt) until the call does not say `WouldBlock`, waiting for
    /// `direction` in between: the whole of an async I/O call.
    pub(crate) async fn run<T>(
        &self,
        direction: Direction,
        mut call: impl FnMut() -> io::Result<T>,
        drained: impl Fn(&T) -> bool,
    ) -> io::Result<T> {
        loop {
            self.ready(direction).await?;
            match self.attempt(direction, &mut call, &drained) {
                Err(error) if error.kind() == io::ErrorKind::WouldBlock => {}
                result => return result,
            }
        }
    }
}

fn verb(direction: Direction) -> &'static str {
    match direction {
        Direction::Read => "read",
        Direction::Write => "write",
    }
}

impl Drop for Registration {
    fn drop(&mut self) {
        self.reactor.borrow_mut().remove(self.key);
    }
}

/// Returns once the socket may be ready in one direction; registers interest and waits if
/// not. Spurious readiness is allowed: the caller tries its call, and waits again on
/// `WouldBlock`.
pub(crate) struct Readiness<'a> {
    registration: &'a Registration,
    direction: Direction,
    /// Our id in the reactor's list of waiters, once we have waited.
    waiter: Option<u64>,
}

impl Future for Readiness<'_> {
    type Output = io::Result<()>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let (key, direction) = (self.registration.key, self.direction);
        let mut reactor = self.registration.reactor.borrow_mut();
        if reactor.ready(key, direction) {
            if let Some(id) = self.waiter.take() {
                reactor.cancel(key, direction, id);
            }
            return Poll::Ready(Ok(()));
        }
        let id = match self.waiter {
            Some(id) => id,
            None => reactor.waiter_id(),
        };
        if let Err(error) = reactor.wait(key, direction, id, cx.waker()) {
            reactor.cancel(key, direction, id);
            return Poll::Ready(Err(error));
        }
        drop(reactor);
        self.waiter = Some(id);
        Poll::Pending
    }
}

impl Drop for Readiness<'_> {
    fn drop(&mut self) {
        if let Some(id) = self.waiter {
            self.registration.reactor.borrow_mut().cancel(
                self.registration.key,
                self.direction,
                id,
            );
        }
    }
}
