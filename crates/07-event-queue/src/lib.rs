//! Lesson 07: one event-queue API, whatever the OS.
//!
//! Lessons 04, 05 and 06 built the same API three times, over three kernels: epoll (Linux),
//! kqueue (macOS, FreeBSD) and IOCP with AFD poll (Windows). This crate adds no logic of its
//! own: it picks one of them with `cfg`, here and only here, and re-exports it. Code written
//! against this crate, such as lesson 08's server, runs unchanged on all three.
//!
//! | type | Linux | macOS, FreeBSD | Windows |
//! |---|---|---|---|
//! | [`Poll`] | an epoll descriptor | a kqueue descriptor | an I/O completion port |
//! | [`Registry::register`] | `epoll_ctl(ADD)` | `kevent` with `EV_ADD` per filter | an `IOCTL_AFD_POLL` in flight |
//! | [`Poll::poll`] | `epoll_pwait2` (`epoll_wait` before Linux 5.11) | `kevent` | `GetQueuedCompletionStatusEx` |
//! | [`Waker`] | an `eventfd` | an `EVFILT_USER` event | `PostQueuedCompletionStatus` |
//!
//! The abstraction leaks in a few places, each documented on the backend and tested by the
//! shared acceptance suite (`crates/04-epoll/tests/suite/`), which runs against this crate:
//!
//! - **Sources.** epoll and kqueue watch any descriptor (`AsRawFd`); the Windows backend
//!   watches sockets only (`AsRawSocket`). Lesson 03's `TcpListener` and `TcpStream`, and std's,
//!   are both, so portable code registers sockets.
//! - **Events per source.** epoll reports one event with both directions; kqueue has a filter
//!   per direction and can report a socket twice in one poll, once readable, once writable.
//!   Code that handles each event on its own, as it must anyway, does not notice.
//! - **Readiness over completion.** Windows has no readiness queue: the IOCP backend keeps one
//!   AFD poll in flight per socket and turns its completion into an event. See lesson 06 for
//!   what that means for edge-triggered mode.
//! - **Errors.** epoll reports a double registration itself; kqueue and the IOCP backend keep
//!   their own table to give the same `AlreadyExists` and `NotFound`.

pub use epoll::{Interest, Mode, Token};

// The one place a backend is chosen.
#[cfg(target_os = "linux")]
use epoll as backend;
#[cfg(windows)]
use iocp as backend;
#[cfg(any(target_os = "macos", target_os = "freebsd"))]
use kqueue as backend;

#[cfg(any(
    target_os = "linux",
    target_os = "macos",
    target_os = "freebsd",
    windows
))]
pub use backend::{Event, Events, Poll, Registry, Waker};

/// The kernel queue under this build, for programs to say what they run on: the chosen
/// backend's own name for itself, or `None` on an OS none of them supports.
#[cfg(any(
    target_os = "linux",
    target_os = "macos",
    target_os = "freebsd",
    windows
))]
pub const BACKEND: Option<&str> = Some(backend::QUEUE_NAME);
/// The kernel queue under this build: none on this OS.
#[cfg(not(any(
    target_os = "linux",
    target_os = "macos",
    target_os = "freebsd",
    windows
)))]
pub const BACKEND: Option<&str> = None;
