//! The reactor: lesson 07's `Poll`, the sockets registered with it, and the timers. It turns
//! readiness events and due timers into wakers to call.
//!
//! Each socket is a *source*, under a slab key that is also its token. A source remembers, per
//! direction (read, write), whether the socket may be ready and which futures wait for it.
//! An I/O future asks [`ready`](Reactor::ready); if not, it calls [`wait`](Reactor::wait) with
//! its waker and returns `Pending`. [`turn`](Reactor::turn) sleeps in `poll` until an event or
//! the earliest timer, marks the sources ready and hands back the wakers of their waiters.
//!
//! What is watched follows who waits, by three rules:
//!
//! - waiting for a direction adds it to the socket's interest (the first wait registers it);
//! - `WRITABLE` stays only while someone waits to write: it is dropped at the next change;
//! - an event for a direction nobody waits for drops that direction (the readiness is kept:
//!   the next call is tried at once).
//!
//! So a keep-alive connection stays registered for `READABLE` its whole life (no `epoll_ctl`
//! per request), and a socket is watched for `WRITABLE` only while a write is stuck: on lesson
//! 06's IOCP backend an idle writable socket would be reported on every poll, a busy loop.

use std::io;
use std::rc::Rc;
use std::task::Waker;
use std::time::{Duration, Instant};

use delay_server::slab::{Key, Slab};
use event_queue::{Events, Interest, Poll, Registry, Token};

use crate::trace::trace;

mod timers;
use timers::Timers;

/// The token of the executor's `Waker`: no slab key has all bits set (generations are 24 bits).
pub(crate) const WAKER_TOKEN: Token = Token(usize::MAX);

/// A direction of a socket's readiness.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Direction {
    /// Readable: data, a connection to accept, the end of file, an error.
    Read,
    /// Writable: room in the send buffer, a finished connect, an error.
    Write,
}

impl Direction {
    fn index(self) -> usize {
        self as usize
    }
}

/// What the reactor can register: lesson 03's sockets. A trait object, so the reactor can
/// change a socket's interest by itself, and the backend's bound (`AsRawFd` on Unix,
/// `AsRawSocket` on Windows) is met by the concrete types, with no `cfg` here.
pub(crate) trait Socket {
    fn register(&self, registry: &Registry, token: Token, interest: Interest) -> io::Result<()>;
    fn reregister(&self, registry: &Registry, token: Token, interest: Interest) -> io::Result<()>;
    fn deregister(&self, registry: &Registry) -> io::Result<()>;
}

macro_rules! impl_socket {
    ($($type:ty),*) => {$(
        impl Socket for $type {
            fn register(&self, registry: &Registry, token: Token, interest: Interest)
                -> io::Result<()> {
                registry.register(self, token, interest)
            }
            fn reregister(&self, registry: &Registry, token: Token, interest: Interest)
                -> io::Result<()> {
                registry.reregister(self, token, interest)
            }
            fn deregister(&self, registry: &Registry) -> io::Result<()> {
                registry.deregister(self)
            }
        }
    )*};
}
impl_socket!(nonblocking::TcpStream, nonblocking::TcpListener);

/// One registered socket.
struct Source {
    socket: Rc<dyn Socket>,
    /// What the queue watches now (`None`: not registered yet, or no longer).
    interest: Option<Interest>,
    /// Per direction: `false` once a call said `WouldBlock` (or a short read or write said
    /// "drained" or "full"), `true` again after an event. `true` may be wrong (a spurious
    /// event): the call then says `WouldBlock`, and the future waits again.
    ready: [bool; 2],
    /// An event said the peer shut down its side: the end of file is there to read, so a
    /// short read does not mean "drained".
    read_closed: bool,
    /// Per direction, the futures waiting, by waiter id, with the waker of their task.
    waiters: [Vec<(u64, Waker)>; 2],
}

/// The reactor of one runtime (one thread).
pub(crate) struct Reactor {
    poll: Poll,
    events: Events,
    sources: Slab<Source>,
    timers: Timers,
    /// The next waiter id: every future that waits gets its own, to cancel itself by.
    next_waiter: u64,
    /// Calls to `poll` so far.
    pub(crate) polls: u64,
}

impl Reactor {
    pub(crate) fn new(poll: Poll) -> Reactor {
        Reactor {
            poll,
            events: Events::with_capacity(1024),
            sources: Slab::new(),
            timers: Timers::default(),
            next_waiter: 0,
            polls: 0,
        }
    }

    /// Adds a socket, not registered yet (that waits for the first `WouldBlock`). `ready`
    /// says, per direction, whether to try the call before waiting.
    pub(crate) fn add(&mut self, socket: Rc<dyn Socket>, ready: [bool; 2]) -> Key {
        self.sources.insert(Source {
            socket,
            interest: None,
            ready,
            read_closed: false,
            waiters: [Vec::new(), Vec::new()],
        })
    }

    /// Removes a socket (its owner was dropped): deregistered, so no event can come for it.
    pub(crate) fn remove(&mut self, key: Key) {
        if let Some(source) = self.sources.remove(key)
            && source.interest.is_some()
        {
            // A socket the kernel already dropped (a reset) may refuse; it is closed next
            // anyway, which removes it from every queue.
            let _ = source.socket.deregister(self.poll.registry());
            trace!(
                "token {}: deregistered (its socket was dropped)",
                key.to_bits()
            );
        }
    }

    /// How many sockets and how many live timers the reactor holds (for tests).
    pub(crate) fn counts(&self) -> (usize, usize) {
        (self.sources.len(), self.timers.len())
    }

    /// Whether `direction` may be ready: try the call.
    pub(crate) fn ready(&mut self, key: Key, direction: Direction) -> bool {
        self.sources
            .get_mut(key)
            .is_none_or(|source| source.ready[direction.index()])
    }

    /// The call said `WouldBlock` (`drained` = false), or took less than asked: `drained` =
    /// true, which for reading means the socket is empty, unless the peer has closed it.
    /// Returns whether the readiness was cleared.
    pub(crate) fn clear(&mut self, key: Key, direction: Direction, drained: bool) -> bool {
        let Some(source) = self.sources.get_mut(key) else {
            return false;
        };
        if drained && direction == Direction::Read && source.read_closed {
            return false; // the end of file is still to be read
        }
        source.ready[direction.index()] = false;
        true
    }

    /// A new waiter id.
    pub(crate) fn waiter_id(&mut self) -> u64 {
        self.next_waiter += 1;
        self.next_waiter
    }

    /// Waiter `id` waits for `direction` with `waker`: stored (or replaced), and the socket
    /// registered for that direction if it was not.
    pub(crate) fn wait(
        &mut self,
        key: Key,
        direction: Direction,
        id: u64,
        waker: &Waker,
    ) -> io::Result<()> {
        let registry = self.poll.registry();
        let Some(source) = self.sources.get_mut(key) else {
            return Err(io::Error::other("waiting on a socket that was dropped"));
        };
        let waiters = &mut source.waiters[direction.index()];
        match waiters.iter_mut().find(|(waiter, _)| *waiter == id) {
            Some((_, stored)) if stored.will_wake(waker) => {}
            Some((_, stored)) => stored.clone_from(waker),
            None => {
                if waiters.capacity() == 0 {
                    waiters.reserve_exact(1); // one waiter almost always: not room for four
                }
                waiters.push((id, waker.clone()));
            }
        }
        // Readable stays watched once asked for; writable only while someone waits for it.
        let read = source.interest.is_some_and(Interest::is_readable)
            || !source.waiters[Direction::Read.index()].is_empty();
        let write = !source.waiters[Direction::Write.index()].is_empty();
        let wanted = match (read, write) {
            (true, true) => Interest::READABLE | Interest::WRITABLE,
            (true, false) => Interest::READABLE,
            _ => Interest::WRITABLE,
        };
        if source.interest == Some(wanted) {
            return Ok(());
        }
        let token = Token(key.to_bits());
        match source.interest {
            None => source.socket.register(registry, token, wanted)?,
            Some(_) => source.socket.reregister(registry, token, wanted)?,
        }
        source.interest = Some(wanted);
        trace!(
            "token {}: now watched for {}",
            key.to_bits(),
            describe(wanted)
        );
        Ok(())
    }

    /// Waiter `id` no longer waits (its future finished or was dropped).
    pub(crate) fn cancel(&mut self, key: Key, direction: Direction, id: u64) {
        if let Some(source) = self.sources.get_mut(key) {
            source.waiters[direction.index()].retain(|(waiter, _)| *waiter != id);
        }
    }

    /// A timer for `at` waking `waker`.
    pub(crate) fn add_timer(&mut self, at: Instant, waker: Waker) -> Key {
        self.timers.add(at, waker)
    }

    /// The timer's task polled it again, perhaps with another waker; `false` if it fired.
    pub(crate) fn update_timer(&mut self, key: Key, waker: &Waker) -> bool {
        self.timers.update(key, waker)
    }

    /// The timer's `Sleep` was dropped: it never fires.
    pub(crate) fn cancel_timer(&mut self, key: Key) {
        self.timers.cancel(key);
    }

    /// One turn: sleeps in `poll` until an event, the earliest timer or `timeout` (`None`:
    /// no limit but the timers), then moves the wakers of everyone whose socket became ready
    /// or whose timer is due into `woken`. The caller wakes them after releasing the reactor,
    /// so that no waker can find it borrowed.
    pub(crate) fn turn(
        &mut self,
        timeout: Option<Duration>,
        woken: &mut Vec<Waker>,
    ) -> io::Result<()> {
        let until_timer = self
            .timers
            .next()
            .map(|at| at.saturating_duration_since(Instant::now()));
        let timeout = match (timeout, until_timer) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        self.poll.poll(&mut self.events, timeout)?;
        self.polls += 1;
        for event in self.events.iter() {
            if event.token() == WAKER_TOKEN {
                trace!("reactor: the executor's waker ended the wait (a task was woken)");
                continue; // its only job was to end the wait
            }
            let key = Key::from_bits(event.token().0);
            let Some(source) = self.sources.get_mut(key) else {
                continue; // a socket dropped since: nobody to tell
            };
            let read = event.is_readable() || event.is_read_closed() || event.is_error();
            let write = event.is_writable() || event.is_write_closed() || event.is_error();
            source.read_closed |= event.is_read_closed();
            for (direction, happened) in [(Direction::Read, read), (Direction::Write, write)] {
                if !happened {
                    continue;
                }
                source.ready[direction.index()] = true;
                let waiters = &mut source.waiters[direction.index()];
                let what = match direction {
                    Direction::Read => "readable",
                    Direction::Write => "writable",
                };
                if !waiters.is_empty() {
                    trace!(
                        "reactor: event for token {}: {what}; waking the {} future(s) waiting",
                        event.token().0,
                        waiters.len()
                    );
                    woken.extend(waiters.drain(..).map(|(_, waker)| waker));
                } else if let Some(interest) = source.interest {
                    trace!(
                        "reactor: event for token {}: {what}, nobody waits: no longer watched",
                        event.token().0
                    );
                    // Nobody waits: stop watching this direction until someone does. The
                    // readiness is kept, so the next call is tried at once.
                    let left = remove(interest, direction);
                    let registry = self.poll.registry();
                    let result = match left {
                        Some(left) => source.socket.reregister(registry, event.token(), left),
                        None => source.socket.deregister(registry),
                    };
                    if result.is_ok() {
                        source.interest = left;
                    }
                }
            }
        }
        self.timers.fire_due(Instant::now(), woken);
        Ok(())
    }
}

/// `interest` without `direction`; `None` if nothing is left.
fn remove(interest: Interest, direction: Direction) -> Option<Interest> {
    match (direction, interest.is_readable(), interest.is_writable()) {
        (Direction::Read, _, true) => Some(Interest::WRITABLE),
        (Direction::Write, true, _) => Some(Interest::READABLE),
        _ => None,
    }
}

fn describe(interest: Interest) -> &'static str {
    match (interest.is_readable(), interest.is_writable()) {
        (true, true) => "READABLE | WRITABLE",
        (true, false) => "READABLE",
        _ => "WRITABLE",
    }
}
