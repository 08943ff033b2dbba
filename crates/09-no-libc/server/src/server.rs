//! The event loop: one thread, one epoll, a fixed table of connections.
//!
//! Every socket is non-blocking and watched level-triggered: epoll reports a readable socket
//! on every wait until it has been read dry, so nothing is lost if a loop turn reads only part.
//! A connection is in one of three states: reading its request, waiting out the delay (the
//! answer is written already, only the time is missing), or sending the answer. Delays need
//! no timer descriptors: each turn waits in `epoll_pwait` no longer than until the earliest
//! answer is due, then sends every answer whose time has come.
//!
//! The tokens the kernel hands back are `0` for the listener, `1` for standard input, and for a
//! connection its slot in the table plus a generation count, so that an event for a connection
//! closed earlier in the same turn can never be taken for the next one in that slot.

use core::mem::MaybeUninit;

use epoll::sys::raw::{epoll_create1, epoll_ctl, epoll_wait};
use epoll::sys::{EPOLL_CLOEXEC, EPOLL_CTL_ADD, EPOLL_CTL_MOD, EpollEvent};
use epoll::sys::{EPOLLERR, EPOLLHUP, EPOLLIN, EPOLLOUT, EPOLLRDHUP};
use raw_syscall::Errno;

use crate::http::{self, Parse};
use crate::sys;
use crate::text::{self, Buf, STDERR, STDOUT};
use crate::{BACKLOG, MAX_CONNECTIONS, MAX_EVENTS, MAX_REQUEST};

/// The largest answer: a head plus a message as long as the longest request.
const MAX_ANSWER: usize = MAX_REQUEST + http::HEAD_ROOM;

const LISTENER: u64 = 0;
const STDIN: u64 = 1;
const FIRST_CONNECTION: u64 = 2;

/// What a connection waits for while reading a request.
const READ_INTEREST: u32 = EPOLLIN | EPOLLRDHUP;

#[derive(Clone, Copy, PartialEq)]
enum State {
    Free,
    Reading,
    /// The answer is in `output`, to be sent at this time (ns on the monotonic clock).
    Waiting(u64),
    /// Part of the answer is sent; the rest waits for room in the socket's buffer.
    Sending,
}

struct Connection {
    fd: i32,
    generation: u32,
    state: State,
    /// What epoll watches this socket for now, to skip `epoll_ctl` calls that change nothing.
    interest: u32,
    keep_alive: bool,
    /// The client has shut down its sending side: answer what has arrived, then close.
    input_ended: bool,
    input: Buf<MAX_REQUEST>,
    output: Buf<MAX_ANSWER>,
    sent: usize,
}

impl Connection {
    const FREE: Connection = Connection {
        fd: -1,
        generation: 0,
        state: State::Free,
        interest: 0,
        keep_alive: false,
        input_ended: false,
        input: Buf::new(),
        output: Buf::new(),
        sent: 0,
    };

    fn token(&self, slot: usize) -> u64 {
        (FIRST_CONNECTION + slot as u64) | (u64::from(self.generation) << 32)
    }
}

struct Server {
    epoll: i32,
    listener: i32,
    connections: [Connection; MAX_CONNECTIONS],
}

/// Serves on `127.0.0.1:port` until standard input is closed; returns the exit status.
pub fn run(port: u16) -> i32 {
    let listener = match sys::listen_on(port, BACKLOG) {
        Ok(fd) => fd,
        Err((step, errno)) => return fail(step, errno),
    };
    // SAFETY: `listener` was just made by `listen_on` and is owned here.
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

    let mut digits = [0u8; 20];
    let port = text::decimal(port.into(), &mut digits);
    text::print(STDOUT, &[b"listening on 127.0.0.1:", port, b"\n"]);

    // About 280 KiB, on the stack: the kernel gives the main thread 8 MiB by default.
    let mut server = Server {
        epoll,
        listener,
        connections: [const { Connection::FREE }; MAX_CONNECTIONS],
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
            self.send_due(now);
            let ready = match epoll_wait(self.epoll, &mut events, self.timeout_ms(now)) {
                Ok(ready) => ready,
                Err(Errno::EINTR) => 0, // a signal (Ctrl-Z, then `fg`): just go round again
                Err(errno) => return fail("epoll_pwait", errno),
            };
            now = sys::now_ns();
            for event in &events[..ready] {
                // SAFETY: the kernel wrote (initialised) the first `ready` events.
                let EpollEvent { events, data } = unsafe { event.assume_init_read() };
                match data {
                    LISTENER => self.accept_all(now),
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

    /// How long epoll may sleep: until the earliest answer is due (rounded *up* to whole
    /// milliseconds, so that it never wakes early and spins), or forever (`-1`) if none is.
    fn timeout_ms(&self, now: u64) -> i32 {
        let due = self.connections.iter().filter_map(|c| match c.state {
            State::Waiting(due) => Some(due),
            _ => None,
        });
        match due.min() {
            None => -1,
            Some(due) => {
                let ms = due.saturating_sub(now).div_ceil(1_000_000);
                i32::try_from(ms).unwrap_or(i32::MAX)
            }
        }
    }

    fn send_due(&mut self, now: u64) {
        for slot in 0..MAX_CONNECTIONS {
            if matches!(self.connections[slot].state, State::Waiting(due) if due <= now) {
                self.send_answer(slot, now);
            }
        }
    }

    fn accept_all(&mut self, now: u64) {
        loop {
            // SAFETY: the server owns its listener for its whole run.
            let fd = match unsafe { sys::accept(self.listener) } {
                Ok(fd) => fd,
                Err(Errno::EAGAIN) => return,
                // The client gave up before we accepted; a signal interrupted us: next one.
                Err(Errno::ECONNABORTED | Errno::EINTR) => continue,
                // Out of descriptors, say: it stays queued, and is tried again next turn.
                Err(errno) => return report("accept4", errno),
            };
            match self.connections.iter().position(|c| c.state == State::Free) {
                Some(slot) => self.open(slot, fd, now),
                // SAFETY: `fd` was just accepted and is handed over.
                None => unsafe { refuse(fd) },
            }
        }
    }

    fn open(&mut self, slot: usize, fd: i32, now: u64) {
        let connection = &mut self.connections[slot];
        connection.generation = connection.generation.wrapping_add(1);
        connection.fd = fd;
        connection.state = State::Reading;
        connection.interest = READ_INTEREST;
        connection.input.clear();
        connection.input_ended = false;
        let token = connection.token(slot);
        match watch(self.epoll, EPOLL_CTL_ADD, fd, READ_INTEREST, token) {
            Ok(()) => self.read_requests(slot, now),
            Err(_) => self.close(slot),
        }
    }

    fn on_connection(&mut self, token: u64, events: u32, now: u64) {
        let slot = (token as u32).wrapping_sub(FIRST_CONNECTION as u32) as usize;
        match self.connections.get(slot) {
            Some(c) if c.state != State::Free && c.token(slot) == token => {}
            _ => return, // an event for a connection closed earlier in this turn
        }
        if events & (EPOLLERR | EPOLLHUP) != 0 {
            return self.close(slot); // reset by the peer, or closed both ways
        }
        match self.connections[slot].state {
            State::Reading => self.read_requests(slot, now),
            State::Sending => self.send_answer(slot, now),
            State::Waiting(_) | State::Free => {}
        }
    }

    /// Reads what has arrived, then answers the request at the front if it is complete.
    fn read_requests(&mut self, slot: usize, now: u64) {
        let connection = &mut self.connections[slot];
        while !connection.input.is_full() {
            // SAFETY: a slot in use owns its `fd`; only `close` closes it, and frees the slot.
            match unsafe { sys::read(connection.fd, connection.input.spare()) } {
                Ok(0) => {
                    // The client has said all it will say (or has gone): what it sent is
                    // still answered. Its socket stays readable now, so it is not watched for
                    // reading again.
                    connection.input_ended = true;
                    break;
                }
                Ok(n) => connection.input.grow(n),
                Err(Errno::EAGAIN) => break,
                Err(Errno::EINTR) => {}
                Err(_) => return self.close(slot),
            }
        }
        self.next_request(slot, now);
    }

    /// Answers the request at the front of the input, if it is all there; else reads on.
    fn next_request(&mut self, slot: usize, now: u64) {
        let connection = &mut self.connections[slot];
        connection.output.clear();
        connection.sent = 0;
        let full = connection.input.is_full();
        let due = match http::parse(connection.input.as_bytes(), full) {
            // Nothing more will come: a partial request is dropped.
            Parse::Incomplete if connection.input_ended => return self.close(slot),
            Parse::Incomplete => return self.set_interest(slot, READ_INTEREST),
            Parse::Complete(request, used) => {
                connection.keep_alive = http::write_answer(&mut connection.output, &request);
                let due = now.saturating_add(request.delay_ms * 1_000_000);
                connection.input.consume(used);
                due
            }
            Parse::Bad(bad) => {
                http::write_error(&mut connection.output, bad);
                connection.keep_alive = false;
                now
            }
        };
        connection.state = State::Waiting(due);
        if due <= now {
            return self.send_answer(slot, now); // no delay: answer at once
        }
        // Nothing more is read until this answer is sent: a pipelined request waits its turn
        // in the kernel's buffer, and the level-triggered socket reports it again afterwards.
        self.set_interest(slot, 0);
    }

    fn send_answer(&mut self, slot: usize, now: u64) {
        let connection = &mut self.connections[slot];
        while connection.sent < connection.output.len() {
            let unsent = &connection.output.as_bytes()[connection.sent..];
            // SAFETY: a slot in use owns its `fd`; only `close` closes it, and frees the slot.
            match unsafe { sys::send(connection.fd, unsent) } {
                Ok(n) => connection.sent += n,
                Err(Errno::EAGAIN) => {
                    connection.state = State::Sending;
                    return self.set_interest(slot, EPOLLOUT);
                }
                Err(Errno::EINTR) => {}
                Err(_) => return self.close(slot), // EPIPE, ECONNRESET: the client has gone
            }
        }
        if connection.keep_alive {
            connection.state = State::Reading;
            self.next_request(slot, now);
        } else {
            // SAFETY: a slot in use owns its `fd` (see `close`).
            unsafe { discard_input(connection.fd) };
            self.close(slot);
        }
    }

    fn set_interest(&mut self, slot: usize, events: u32) {
        let connection = &mut self.connections[slot];
        if connection.interest == events {
            return;
        }
        connection.interest = events;
        let (fd, token) = (connection.fd, connection.token(slot));
        if watch(self.epoll, EPOLL_CTL_MOD, fd, events, token).is_err() {
            self.close(slot);
        }
    }

    /// Closes the connection and frees its slot. Closing also removes it from epoll.
    fn close(&mut self, slot: usize) {
        let connection = &mut self.connections[slot];
        // SAFETY: the slot owns `fd`, and marks itself free (fd -1) right after: the number
        // is never used again. It is released even if `close` fails.
        let _ = unsafe { sys::close(connection.fd) };
        connection.fd = -1;
        connection.state = State::Free;
    }
}

/// Whether standard input, reported readable, is at its end (or unreadable).
fn stdin_closed() -> bool {
    let mut scratch = [0u8; 256];
    !matches!(
        // SAFETY: descriptor 0 is standard input, which this program never closes.
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
    // SAFETY: we own `fd` until the `close` below.
    unsafe {
        let _ = sys::send(fd, answer.as_bytes());
        discard_input(fd);
        let _ = sys::close(fd);
    }
}

/// Reads and drops what the client sent that we will not answer. Closing a socket with unread
/// data makes the kernel send a reset instead of a normal end, and a reset can destroy our
/// answer before the client has read it.
///
/// # Safety
/// `fd` must be a socket the caller owns and has not closed.
unsafe fn discard_input(fd: i32) {
    let mut scratch = [0u8; 512];
    // SAFETY: the caller owns `fd`.
    while let Ok(1..) = unsafe { sys::read(fd, &mut scratch) } {}
}
