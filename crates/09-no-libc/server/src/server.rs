//! The event loop: one thread, one epoll, the listener, standard input, and the connections.
//!
//! Each turn sends the answers that are due, waits in `epoll_pwait2` no longer than until the
//! earliest next one is due (the timer heap's first entry: no timer descriptors), to the
//! nanosecond, then handles what the kernel reported. The connections themselves are
//! `connections.rs`.
//!
//! At start the server raises its descriptor limit (`prlimit64`) and sizes its tables from it,
//! once: one record per descriptor the process may have. A few descriptors are taken already
//! (standard input, output and error, the listener, epoll), and one is kept spare: when the
//! descriptors run out (`EMFILE`), closing the spare one lets the server accept the next
//! client after all, tell it `503 Service Unavailable`, and close it; then it makes the spare
//! one again. So a full table refuses cleanly, rather than leaving clients in the backlog.
//!
//! The tokens the kernel hands back are `u64::MAX` for the listener, `u64::MAX - 1` for
//! standard input, and for a connection its descriptor plus a generation count (see
//! `connections::token`).

use core::mem::MaybeUninit;

use epoll::sys::pwait2::epoll_pwait2;
use epoll::sys::raw::{epoll_create1, epoll_ctl, epoll_wait};
use epoll::sys::{EPOLL_CLOEXEC, EPOLL_CTL_ADD, EPOLL_CTL_MOD, EPOLLERR, EPOLLHUP, EPOLLIN};
use epoll::sys::{EpollEvent, Timespec};
use raw_syscall::Errno;

use crate::connections::{Connections, discard_input};
use crate::http;
use crate::sys;
use crate::table::State;
use crate::text::{self, Buf, STDERR, STDOUT};
use crate::{BACKLOG, MAX_CONNECTIONS, MAX_EVENTS};

const LISTENER: u64 = u64::MAX;
const STDIN: u64 = u64::MAX - 1;

struct Server {
    epoll: i32,
    listener: i32,
    connections: Connections,
    /// The spare descriptor (see above), if it could be made.
    spare: Option<i32>,
    /// Accepting stopped for want of descriptors, when `connections.closed` was this: it
    /// starts again once a connection has closed since.
    paused_at: Option<u64>,
    /// The kernel said `ENOSYS` to `epoll_pwait2` (older than Linux 5.11): wait in
    /// `epoll_pwait`'s whole milliseconds from then on.
    no_pwait2: bool,
}

/// Serves on `127.0.0.1:port` until standard input is closed; returns the exit status.
pub fn run(port: u16) -> i32 {
    let listener = match sys::listen_on(port, BACKLOG) {
        Ok(fd) => fd,
        Err((step, errno)) => return fail(step, errno),
    };
    // SAFETY: `listener` was just made by `listen_on` and is owned here; the kernel writes only
    // into `local_port`'s own `sockaddr_in`.
    let port = match unsafe { sys::local_port(listener) } {
        Ok(port) => port,
        Err(errno) => return fail("getsockname", errno),
    };
    let epoll = match epoll_create1(EPOLL_CLOEXEC) {
        Ok(fd) => fd,
        Err(errno) => return fail("epoll_create1", errno),
    };
    if let Err(errno) = watch(epoll, EPOLL_CTL_ADD, listener, EPOLLIN, LISTENER) {
        return fail("epoll_ctl", errno);
    }
    // Standard input closing (Ctrl-D, or the parent that started us closing its pipe) stops
    // the server cleanly. If it cannot be watched (`/dev/null` or a file: `EPERM`), only a
    // signal such as Ctrl-C stops it.
    let _ = watch(epoll, EPOLL_CTL_ADD, 0, EPOLLIN, STDIN);

    let spare = match sys::spare_descriptor() {
        Ok(fd) => fd,
        Err(errno) => return fail("socket", errno),
    };
    // A timer slack of 1 ns, so that a 1 ms answer is not up to 50 us late. It cannot fail on
    // a Linux of the last fifteen years, and a server with the default slack still works.
    let _ = sys::set_timer_slack_to_1ns();
    let (before, limit) = match sys::raise_descriptor_limit() {
        Ok(limits) => limits,
        Err(errno) => return fail("prlimit64", errno),
    };
    // The kernel hands out the lowest free number: 0 to `spare` are taken. (Descriptors that
    // whoever started us left open above those count against the limit too, so the room left
    // may be less; the spare descriptor still refuses cleanly when it runs out.)
    let descriptors = limit.min(MAX_CONNECTIONS as u64) as usize;
    let capacity = descriptors.saturating_sub(spare as usize + 1);
    let connections = match Connections::new(epoll, descriptors) {
        Ok(connections) => connections,
        Err(errno) => return fail("mmap", errno),
    };
    let mut digits = [[0u8; 20]; 3];
    let [a, b, c] = &mut digits;
    let (capacity, before, limit) = (
        text::decimal(capacity as u64, a),
        text::decimal(before, b),
        text::decimal(limit, c),
    );
    let raised: [&[u8]; 2] = match before == limit {
        true => [b"", b""],
        false => [b", raised from ", before],
    };
    text::print(
        STDOUT,
        &[
            b"room for ",
            capacity,
            b" connections (descriptor limit ",
            limit,
            raised[0],
            raised[1],
            b")\n",
        ],
    );
    let mut digits = [0u8; 20];
    let port = text::decimal(port.into(), &mut digits);
    text::print(STDOUT, &[b"listening on 127.0.0.1:", port, b"\n"]);

    let mut server = Server {
        epoll,
        listener,
        connections,
        spare: Some(spare),
        paused_at: None,
        no_pwait2: false,
    };
    server.serve()
}

/// Prints why a call failed, and returns the exit status for it.
fn fail(call: &str, errno: Errno) -> i32 {
    report(call, errno);
    1
}

fn report(call: &str, errno: Errno) {
    let name = errno.name().unwrap_or("an unknown errno").as_bytes();
    let meaning = errno.meaning().unwrap_or("").as_bytes();
    let pieces: [&[u8]; 7] = [
        b"no-libc-server: ",
        call.as_bytes(),
        b": ",
        name,
        b" (",
        meaning,
        b")\n",
    ];
    text::print(STDERR, &pieces);
}

/// `epoll_ctl(op)` for `fd`, watching for `events`, reporting `token`.
fn watch(epoll: i32, op: i32, fd: i32, events: u32, token: u64) -> Result<(), Errno> {
    epoll_ctl(
        epoll,
        op,
        fd,
        &EpollEvent {
            events,
            data: token,
        },
    )
}

impl Server {
    fn serve(&mut self) -> i32 {
        let mut events = [MaybeUninit::<EpollEvent>::uninit(); MAX_EVENTS];
        let mut now = sys::now_ns();
        loop {
            self.connections.send_due(now);
            self.resume_accepting();
            let ready = match self.wait(&mut events) {
                Ok(ready) => ready,
                Err(Errno::EINTR) => 0, // a signal (Ctrl-Z, then `fg`): just go round again
                Err(errno) if self.no_pwait2 => return fail("epoll_pwait", errno),
                Err(errno) => return fail("epoll_pwait2", errno),
            };
            now = sys::now_ns();
            for event in &events[..ready] {
                // SAFETY: the kernel wrote (initialised) the first `ready` events.
                let EpollEvent { events, data } = unsafe { event.assume_init_read() };
                match data {
                    LISTENER => self.accept_all(),
                    STDIN if stdin_closed() => {
                        text::print(STDOUT, &[b"standard input closed: stopping\n"]);
                        return 0;
                    }
                    STDIN => {}
                    token => self.on_connection(token, events, now),
                }
            }
        }
    }

    /// Waits until something is ready or the earliest answer is due (forever if none is):
    /// `epoll_pwait2`, to the nanosecond, as lesson 04's `Poll` does. On a kernel without it
    /// (`ENOSYS`, remembered), `epoll_pwait` with the wait rounded *up* to whole milliseconds,
    /// so that it never wakes early and spins; a wait of 0.3 ms then takes 1 ms.
    ///
    /// The wait is counted from a fresh reading of the clock, not from the turn's (taken
    /// after the last wait, before this turn's work): from that one, every wait would
    /// oversleep by the time the turn took.
    fn wait(&mut self, events: &mut [MaybeUninit<EpollEvent>]) -> Result<usize, Errno> {
        let wait_ns = self
            .connections
            .next_due()
            .map(|due| due.saturating_sub(sys::now_ns()));
        if !self.no_pwait2 {
            let timeout = wait_ns.map(|ns| Timespec {
                tv_sec: (ns / 1_000_000_000) as i64,
                tv_nsec: (ns % 1_000_000_000) as i64,
            });
            match epoll_pwait2(self.epoll, events, timeout.as_ref()) {
                Err(Errno::ENOSYS) => self.no_pwait2 = true,
                ready => return ready,
            }
        }
        let timeout_ms = match wait_ns {
            None => -1,
            Some(ns) => i32::try_from(ns.div_ceil(1_000_000)).unwrap_or(i32::MAX),
        };
        epoll_wait(self.epoll, events, timeout_ms)
    }

    fn accept_all(&mut self) {
        loop {
            // SAFETY: the server owns its listener for its whole run; the kernel writes no peer
            // address (null pointers), so no memory of ours.
            let fd = match unsafe { sys::accept(self.listener) } {
                Ok(fd) => fd,
                Err(Errno::EAGAIN) => return,
                // The client gave up before we accepted; a signal interrupted us: next one.
                Err(Errno::ECONNABORTED | Errno::EINTR) => continue,
                // Out of descriptors: the spare one makes room for this client, to refuse it.
                Err(Errno::EMFILE | Errno::ENFILE) if self.spare.is_some() => {
                    if !self.refuse_with_spare() {
                        return;
                    }
                    continue;
                }
                // Out of memory, or of descriptors with no spare one: the clients wait in the
                // kernel's backlog. The listener is not watched until a connection closes, or
                // every wait would report it at once, and spin.
                Err(errno) => {
                    report("accept4", errno);
                    self.paused_at = Some(self.connections.closed);
                    let _ = watch(self.epoll, EPOLL_CTL_MOD, self.listener, 0, LISTENER);
                    return;
                }
            };
            if let Err(fd) = self.connections.open(fd) {
                // SAFETY: `fd` was just accepted, and the table gave it back; the kernel reads
                // and writes only `refuse`'s own buffers.
                unsafe { refuse(fd) };
            }
        }
    }

    /// Closes the spare descriptor, accepts a client in its place and refuses it, and makes
    /// the spare one again. Returns whether there was a client.
    fn refuse_with_spare(&mut self) -> bool {
        if let Some(spare) = self.spare.take() {
            // SAFETY: the spare descriptor is ours, and forgotten (`take`) as it closes; the
            // kernel reads and writes no memory of ours.
            let _ = unsafe { sys::close(spare) };
        }
        // SAFETY: the server owns its listener for its whole run; no peer address is written.
        let accepted = unsafe { sys::accept(self.listener) };
        if let Ok(fd) = accepted {
            // SAFETY: `fd` was just accepted and is handed over; the kernel reads and writes
            // only `refuse`'s own buffers.
            unsafe { refuse(fd) };
        }
        self.spare = sys::spare_descriptor().ok();
        accepted.is_ok()
    }

    fn resume_accepting(&mut self) {
        if self
            .paused_at
            .is_some_and(|closed| closed != self.connections.closed)
        {
            self.paused_at = None;
            let _ = watch(self.epoll, EPOLL_CTL_MOD, self.listener, EPOLLIN, LISTENER);
        }
    }

    fn on_connection(&mut self, token: u64, events: u32, now: u64) {
        let Some(slot) = self.connections.slot(token) else {
            return; // an event for a connection closed earlier in this turn
        };
        if events & (EPOLLERR | EPOLLHUP) != 0 {
            return self.connections.close(slot); // reset by the peer, or closed both ways
        }
        match self.connections.state(slot) {
            State::Reading => self.connections.read_requests(slot, now),
            State::Sending => self.connections.send_front(slot, now),
            State::Waiting | State::Free => {}
        }
    }
}

/// Whether standard input, reported readable, is at its end (or unreadable).
fn stdin_closed() -> bool {
    let mut scratch = [0u8; 256];
    !matches!(
        // SAFETY: descriptor 0 is standard input, which this program never closes; the
        // kernel writes at most 256 bytes into `scratch`.
        unsafe { sys::read(0, &mut scratch) },
        Ok(1..) | Err(Errno::EAGAIN | Errno::EINTR)
    )
}

/// Answers a connection there is no room for with `503`, and closes it.
///
/// # Safety
/// The caller hands over `fd`, a socket it owns (just accepted), and never uses it again.
unsafe fn refuse(fd: i32) {
    let mut answer = Buf::<256>::new();
    http::write_busy(&mut answer);
    // SAFETY: we own `fd` until the `close` below; the kernel reads the answer's bytes from
    // `answer`, and `discard_input` lets it write only into its own scratch buffer.
    unsafe {
        let _ = sys::send(fd, answer.as_bytes());
        discard_input(fd);
        let _ = sys::close(fd);
    }
}
