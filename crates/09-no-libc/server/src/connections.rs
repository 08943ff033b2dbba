//! The connections: their table, their timers, and what happens to one when it is ready.
//!
//! Every socket is non-blocking and watched level-triggered: epoll reports a readable socket
//! on every wait until it has been read dry, so nothing is lost if a turn reads only part. A
//! connection reads a request, waits out its delay in the timer heap, sends the answer (and,
//! if the socket has no room for all of it, waits to send the rest), then reads the next.
//!
//! Each connection is a 128-byte record in a table indexed by its descriptor, so finding it
//! takes no search, and the kernel, which hands out the lowest free descriptor, keeps the
//! table dense. A request longer than the record holds moves to that descriptor's overflow
//! buffer, in a second table: its memory is used only by connections that needed it.

use epoll::sys::{EPOLL_CTL_ADD, EPOLL_CTL_MOD, EPOLLIN, EPOLLOUT, EPOLLRDHUP, EpollEvent};
use raw_syscall::Errno;

use crate::http::{self, Parse};
use crate::sys;
use crate::table::{self, Connection, Interest, Overflow, State};
use crate::text::Buf;
use crate::timers::{Timer, Timers};
use crate::{INLINE_REQUEST, MAX_REQUEST};

/// The largest answer: a head plus a message as long as the longest request.
const MAX_ANSWER: usize = MAX_REQUEST + http::HEAD_ROOM;

/// What the request at the front of a connection's input asks for. Its answer is in `output`.
enum Front {
    /// No whole request yet.
    Incomplete,
    /// An answer, due after `delay_ms`; `used` bytes of input were the request.
    Answer {
        delay_ms: u64,
        keep_alive: bool,
        used: usize,
    },
}

/// Every connection, by descriptor.
pub struct Connections {
    epoll: i32,
    table: &'static mut [Connection],
    overflow: &'static mut [Overflow],
    timers: Timers<'static>,
    /// The answer being sent: one buffer for all, since answers are written when sent.
    output: Buf<MAX_ANSWER>,
    /// Connections closed so far: the server watches it to resume accepting.
    pub closed: u64,
}

impl Connections {
    /// Tables for descriptors below `descriptors`; their events go to `epoll`. `Err` if the
    /// address space cannot be mapped.
    pub fn new(epoll: i32, descriptors: usize) -> Result<Connections, Errno> {
        let heap = table::table::<Timer>(descriptors)?;
        let place = table::table::<u32>(descriptors)?;
        Ok(Connections {
            epoll,
            table: table::table(descriptors)?,
            overflow: table::table(descriptors)?,
            timers: Timers::new(heap, place),
            output: Buf::new(),
            closed: 0,
        })
    }

    /// When the earliest waiting answer is due.
    pub fn next_due(&self) -> Option<u64> {
        self.timers.next_due()
    }

    /// Takes the new connection `fd` and watches it for reading, or gives it back (`Err`) if
    /// the table has no place for its number (a descriptor limit above
    /// [`crate::MAX_CONNECTIONS`]).
    ///
    /// It is not read here, even if its request is already waiting: the next wait reports it
    /// (the socket is level-triggered), and the clock is read after that wait. A request read
    /// now could have arrived after the clock was last read, and its delay would start before
    /// the request did: an answer sent early. Lesson 08 waits for the event too.
    pub fn open(&mut self, fd: i32) -> Result<(), i32> {
        let slot = fd as usize;
        if slot >= self.table.len() {
            return Err(fd);
        }
        let connection = &mut self.table[slot];
        connection.generation = connection.generation.wrapping_add(1);
        connection.state = State::Reading;
        connection.interest = Interest::Read;
        (connection.input_ended, connection.overflowed) = (false, false);
        (connection.len, connection.sent) = (0, 0);
        let token = token(slot, connection.generation);
        let event = EpollEvent {
            events: events(Interest::Read),
            data: token,
        };
        if epoll::sys::raw::epoll_ctl(self.epoll, EPOLL_CTL_ADD, fd, &event).is_err() {
            self.close(slot);
        }
        Ok(())
    }

    /// The slot that `token` names, if that connection is still open.
    pub fn slot(&self, token: u64) -> Option<usize> {
        let slot = token as u32 as usize;
        let connection = self.table.get(slot)?;
        let current =
            connection.state != State::Free && token == self::token(slot, connection.generation);
        current.then_some(slot)
    }

    /// Whether the connection in `slot` is reading; else it is waiting or sending.
    pub fn state(&self, slot: usize) -> State {
        self.table[slot].state
    }

    /// Sends every answer that is due at `now`, earliest first.
    pub fn send_due(&mut self, now: u64) {
        while let Some(slot) = self.timers.pop_due(now) {
            self.send_front(slot, now);
        }
    }

    /// Reads what has arrived, then answers the requests at the front that are complete.
    pub fn read_requests(&mut self, slot: usize, now: u64) {
        let connection = &mut self.table[slot];
        while usize::from(connection.len) < MAX_REQUEST {
            let len = usize::from(connection.len);
            if !connection.overflowed && len == INLINE_REQUEST {
                // The request outgrew the record: on to the overflow buffer, for good.
                self.overflow[slot][..len].copy_from_slice(&connection.inline);
                connection.overflowed = true;
            }
            let spare = match connection.overflowed {
                true => &mut self.overflow[slot][len..],
                false => &mut connection.inline[len..],
            };
            let room = spare.len();
            // SAFETY: a slot in use owns its descriptor, its index; only `close` closes it.
            // The kernel writes at most `room` bytes into `spare`.
            match unsafe { sys::read(slot as i32, spare) } {
                Ok(0) => {
                    // The client has said all it will say (or has gone): what it sent is
                    // still answered. Its socket stays readable now, so it is not watched for
                    // reading again.
                    connection.input_ended = true;
                    break;
                }
                Ok(n) => connection.len += n as u16,
                Err(Errno::EAGAIN) => break,
                Err(Errno::EINTR) => continue,
                Err(_) => return self.close(slot),
            }
            if usize::from(connection.len) - len < room {
                // Less than there was room for: the socket is read dry, most likely. No second
                // `read` just to hear `EAGAIN`: if more has arrived meanwhile, the
                // level-triggered socket is reported again by the next wait.
                break;
            }
        }
        self.next_request(slot, now);
    }

    /// Answers the requests at the front of the input as far as they are complete and have
    /// no delay; one with a delay goes into the timer heap.
    fn next_request(&mut self, slot: usize, now: u64) {
        loop {
            match self.write_answer(slot) {
                // Nothing more will come: a partial request is dropped.
                Front::Incomplete if self.table[slot].input_ended => return self.close(slot),
                Front::Incomplete => {
                    self.table[slot].state = State::Reading;
                    return self.set_interest(slot, Interest::Read);
                }
                Front::Answer {
                    delay_ms: 0,
                    keep_alive,
                    used,
                } => {
                    if !self.send_answer(slot, keep_alive, used) {
                        return;
                    }
                }
                Front::Answer { delay_ms, .. } => {
                    self.table[slot].state = State::Waiting;
                    self.timers.insert(slot, now + delay_ms * 1_000_000);
                    // Nothing more is read until this answer is sent: a pipelined request
                    // waits its turn in the kernel's buffer, and the level-triggered socket
                    // reports it again afterwards.
                    return self.set_interest(slot, Interest::None);
                }
            }
        }
    }

    /// Sends (the rest of) the answer to the request at the front: its time has come, or its
    /// socket has room again.
    pub fn send_front(&mut self, slot: usize, now: u64) {
        match self.write_answer(slot) {
            Front::Answer {
                keep_alive, used, ..
            } => {
                if self.send_answer(slot, keep_alive, used) {
                    self.next_request(slot, now);
                }
            }
            Front::Incomplete => self.close(slot), // cannot be: its input has not changed
        }
    }

    /// Writes the answer to the request at the front of `slot`'s input into `output`.
    fn write_answer(&mut self, slot: usize) -> Front {
        let connection = &self.table[slot];
        let len = usize::from(connection.len);
        let input = match connection.overflowed {
            true => &self.overflow[slot][..len],
            false => &connection.inline[..len],
        };
        let output = &mut self.output;
        output.clear();
        match http::parse(input, len == MAX_REQUEST) {
            Parse::Incomplete => Front::Incomplete,
            Parse::Complete(request, used) => Front::Answer {
                delay_ms: request.delay_ms,
                keep_alive: http::write_answer(output, &request),
                used,
            },
            Parse::Bad(bad) => {
                http::write_error(output, bad);
                Front::Answer {
                    delay_ms: 0,
                    keep_alive: false,
                    used: len,
                }
            }
        }
    }

    /// Sends what is unsent of `output`, the answer to the front request (`used` bytes of
    /// input). Returns whether the connection goes on to its next request: the answer is all
    /// sent, and the connection stays open.
    fn send_answer(&mut self, slot: usize, keep_alive: bool, used: usize) -> bool {
        let connection = &mut self.table[slot];
        while usize::from(connection.sent) < self.output.len() {
            let unsent = &self.output.as_bytes()[usize::from(connection.sent)..];
            // SAFETY: a slot in use owns its descriptor; only `close` closes it. The kernel
            // reads the `unsent` bytes, a live slice of `output`.
            match unsafe { sys::send(slot as i32, unsent) } {
                Ok(n) => connection.sent += n as u16,
                Err(Errno::EAGAIN) => {
                    connection.state = State::Sending;
                    self.set_interest(slot, Interest::Write);
                    return false;
                }
                Err(Errno::EINTR) => {}
                Err(_) => {
                    self.close(slot); // EPIPE, ECONNRESET: the client has gone
                    return false;
                }
            }
        }
        connection.sent = 0;
        if !keep_alive {
            // SAFETY: a slot in use owns its descriptor (see `close`); the kernel writes only
            // into `discard_input`'s own buffer.
            unsafe { discard_input(slot as i32) };
            self.close(slot);
            return false;
        }
        // The request is answered: the bytes after it, if any (a pipelined request), move to
        // the front.
        let len = usize::from(connection.len);
        match connection.overflowed {
            _ if used == len => {}
            true => self.overflow[slot].copy_within(used..len, 0),
            false => connection.inline.copy_within(used..len, 0),
        }
        connection.len = (len - used) as u16;
        connection.state = State::Reading;
        true
    }

    fn set_interest(&mut self, slot: usize, interest: Interest) {
        let connection = &mut self.table[slot];
        if connection.interest == interest {
            return;
        }
        connection.interest = interest;
        let event = EpollEvent {
            events: events(interest),
            data: token(slot, connection.generation),
        };
        if epoll::sys::raw::epoll_ctl(self.epoll, EPOLL_CTL_MOD, slot as i32, &event).is_err() {
            self.close(slot);
        }
    }

    /// Closes the connection and frees its record. Closing also removes it from epoll.
    pub fn close(&mut self, slot: usize) {
        // SAFETY: the record owns descriptor `slot`, and is marked free right after: the
        // number is not used again until `accept4` hands it out anew. It is released even if
        // `close` fails. The kernel reads and writes no memory of ours.
        let _ = unsafe { sys::close(slot as i32) };
        self.table[slot].state = State::Free;
        self.timers.remove(slot);
        self.closed += 1;
    }
}

/// The token epoll reports for a connection: its descriptor, and in the high half its
/// generation. The listener's and standard input's tokens are above every one of these.
fn token(slot: usize, generation: u32) -> u64 {
    slot as u64 | u64::from(generation) << 32
}

/// The epoll flags for an interest.
fn events(interest: Interest) -> u32 {
    match interest {
        Interest::None => 0,
        Interest::Read => EPOLLIN | EPOLLRDHUP,
        Interest::Write => EPOLLOUT,
    }
}

/// Reads and drops what the client sent that we will not answer. Closing a socket with unread
/// data makes the kernel send a reset instead of a normal end, and a reset can destroy our
/// answer before the client has read it.
///
/// # Safety
/// `fd` must be a socket the caller owns and has not closed.
pub unsafe fn discard_input(fd: i32) {
    let mut scratch = [0u8; 512];
    // SAFETY: the caller owns `fd`; the kernel writes at most 512 bytes into `scratch`.
    while let Ok(1..) = unsafe { sys::read(fd, &mut scratch) } {}
}
