//! Exercise `kevent-changes` (lesson 05): the change lists kqueue needs for `register`,
//! `reregister` and `deregister`, as a pure function. No kqueue is called, so it runs on every
//! OS, Linux included.
//!
//! You edit `src/changes.rs`; this file only chooses whether yours or the worked solution
//! (feature `solution`) is built, and holds the kernel's numbers both use. Check yours with
//! `cargo run -p course -- check kevent-changes`.

#[cfg_attr(feature = "solution", path = "../solution/changes.rs")]
mod changes;

pub use changes::{deregister, register, reregister};

/// One entry of a `kevent` change list: the fields of `struct kevent` that a change sets
/// (`fflags` and `data` stay 0 for sockets).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Change {
    /// The descriptor.
    pub ident: usize,
    /// `EVFILT_READ` or `EVFILT_WRITE`.
    pub filter: i16,
    /// `EV_ADD`, `EV_DELETE`, with `EV_CLEAR` or `EV_DISPATCH` for the trigger mode.
    pub flags: u16,
    /// The token, handed back with every event of this filter (0 on a delete).
    pub udata: usize,
}

/// Readable: data to read, or the read side closed. (`<sys/event.h>`, macOS and FreeBSD.)
pub const EVFILT_READ: i16 = -1;
/// Writable: room in the send buffer.
pub const EVFILT_WRITE: i16 = -2;
/// Add the filter (or change it, if it exists).
pub const EV_ADD: u16 = 0x0001;
/// Remove the filter.
pub const EV_DELETE: u16 = 0x0002;
/// Edge-triggered: reset the filter's state once its event is delivered.
pub const EV_CLEAR: u16 = 0x0020;
/// Report once, then disable the filter until it is changed again (epoll's `EPOLLONESHOT`).
pub const EV_DISPATCH: u16 = 0x0080;
