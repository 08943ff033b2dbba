//! `Proactor`: a ring whose receives and sends own their buffers until they complete.
//!
//! This is lesson 06's `CompletionPort` on Linux, the same ownership rule in the same shape:
//! [`recv`](Proactor::recv) and [`send`](Proactor::send) take a `Vec<u8>` *by value*, and only
//! [`wait`](Proactor::wait) hands it back, inside the request's [`Completion`]. While the
//! request runs, the buffer sits in the proactor's table of requests in flight, where nothing
//! touches it: the kernel may write into it (a receive) or read it (a send) at any moment.
//! ("Proactor" is the name of this pattern, as "reactor" is the readiness one: you start the
//! operation and are told when it is *done*.)
//!
//! What differs from IOCP is what the kernel keeps. A Windows request keeps pointers to its
//! `OVERLAPPED`, its `WSABUF` and its bytes, all in our memory, so lesson 06's `IoBuffer`
//! holds all three. An io_uring request is *copied* out of the submission ring when the kernel
//! takes it; only its data buffer stays lent. And a completion does not carry a pointer back
//! (IOCP's `OVERLAPPED*`) but our own 64-bit `user_data`: here, the request's index in the
//! table, so a completion can never be mistaken for memory.

use std::io;
use std::marker::PhantomData;
use std::os::fd::BorrowedFd;
use std::time::{Duration, Instant};

use crate::entry;
use crate::ring::{Ring, Stats};
use crate::sys::{Cqe, IORING_CQE_F_MORE};

/// What a request was.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Operation {
    /// A receive into the buffer.
    Recv,
    /// A send of the buffer's bytes.
    Send,
}

/// A finished request: whose (its key), what, how it ended, and the buffer, yours again.
#[derive(Debug)]
pub struct Completion {
    /// The key given when the request started.
    pub key: usize,
    /// Receive or send.
    pub operation: Operation,
    /// The bytes received (0: the peer closed) or sent, or the error the request ended with.
    pub result: io::Result<usize>,
    /// The buffer. After a receive, its length is the number of bytes received.
    pub buffer: Vec<u8>,
}

/// A request in flight: the buffer the kernel may be using, and what to report.
struct InFlight {
    key: usize,
    operation: Operation,
    buffer: Vec<u8>,
}

/// How long dropping a proactor waits for its cancelled requests to come back.
const DRAIN: Duration = Duration::from_secs(1);

/// The `user_data` of the cancel request that dropping a proactor makes.
const CANCEL_ALL: u64 = u64::MAX;

/// A ring, and the buffers of its requests in flight. `'fd`: every descriptor a request names
/// is borrowed for at least that long, so it stays open while any request could use it.
pub struct Proactor<'fd> {
    ring: Ring,
    /// The table of requests in flight; a request's `user_data` is its index here.
    in_flight: Vec<Option<InFlight>>,
    /// Free indexes of `in_flight`.
    free: Vec<usize>,
    _fds: PhantomData<BorrowedFd<'fd>>,
}

impl<'fd> Proactor<'fd> {
    /// A proactor on a new ring of `entries` submission slots.
    pub fn new(entries: u32) -> io::Result<Proactor<'fd>> {
        Ok(Proactor {
            ring: Ring::new(entries)?,
            in_flight: Vec::new(),
            free: Vec::new(),
            _fds: PhantomData,
        })
    }

    /// The ring underneath, for its sizes and counters.
    pub fn ring(&self) -> &Ring {
        &self.ring
    }

    /// The ring's counters.
    pub fn stats(&self) -> Stats {
        self.ring.stats()
    }

    /// Requests started and not yet handed back.
    pub fn pending(&self) -> usize {
        self.in_flight.len() - self.free.len()
    }

    /// Starts a receive on `fd` of up to `buffer.capacity()` bytes (its contents are dropped).
    /// The buffer is the kernel's until [`wait`](Self::wait) hands it back. The request is
    /// written into the submission ring; the next `wait` or [`submit`](Self::submit) gives it
    /// to the kernel (no system call until then).
    pub fn recv(&mut self, fd: BorrowedFd<'fd>, mut buffer: Vec<u8>, key: usize) -> io::Result<()> {
        buffer.clear();
        let len = u32::try_from(buffer.capacity()).unwrap_or(u32::MAX);
        let ptr = buffer.as_mut_ptr();
        let index = self.lend(key, Operation::Recv, buffer);
        let entry = entry::recv(fd, ptr, len, index as u64);
        // SAFETY: `fd` is borrowed for 'fd, which outlives this proactor, and so every request
        // of it (drop waits for them or leaks their buffers). The kernel writes at most `len`
        // bytes at `ptr`: the heap memory of the Vec now in `in_flight[index]`, which moving
        // the Vec does not move and which nothing touches until the completion with
        // `user_data == index` is taken in `wait`.
        let pushed = unsafe { self.ring.push(&entry) };
        self.push_or_take_back(index, pushed)
    }

    /// Starts a send on `fd` of all of `buffer`'s bytes (the completion says how many went:
    /// on a stream socket, possibly fewer). The buffer is the kernel's until it comes back.
    pub fn send(&mut self, fd: BorrowedFd<'fd>, buffer: Vec<u8>, key: usize) -> io::Result<()> {
        let len = u32::try_from(buffer.len()).unwrap_or(u32::MAX);
        let ptr = buffer.as_ptr();
        let index = self.lend(key, Operation::Send, buffer);
        let entry = entry::send(fd, ptr, len, index as u64);
        // SAFETY: as for `recv`; the kernel only reads the `len` bytes at `ptr`, which nothing
        // writes until the completion is taken.
        let pushed = unsafe { self.ring.push(&entry) };
        self.push_or_take_back(index, pushed)
    }

    /// Gives every request written so far to the kernel, without waiting: one
    /// `io_uring_enter`. Returns how many it took.
    pub fn submit(&mut self) -> io::Result<u32> {
        self.ring.submit()
    }

    /// Takes the next finished request, submitting anything written and sleeping in
    /// `io_uring_enter` until one finishes or `timeout` passes (`None`: forever). `None` after
    /// a timeout.
    pub fn wait(&mut self, timeout: Option<Duration>) -> io::Result<Option<Completion>> {
        if let Some(completion) = self.next_finished() {
            return Ok(Some(completion));
        }
        // The same deadline loop as every readiness backend: a timeout too large for
        // `Instant` is forever (no panic), and a wait that ends early (a signal, a completion
        // that is not the caller's) waits again for what is left.
        let mut finished = None;
        epoll::deadline::wait_until_deadline(timeout, |left| {
            self.ring.submit_and_wait(1, left)?;
            finished = self.next_finished();
            Ok(finished.is_some())
        })?;
        Ok(finished)
    }

    /// The next completion of a request the caller started, if one is ready (no system call).
    fn next_finished(&mut self) -> Option<Completion> {
        while let Some(cqe) = self.ring.next_completion() {
            if let Some(completion) = self.finish(cqe) {
                return Some(completion);
            }
        }
        None
    }

    /// Records a lent buffer; returns its index, the request's `user_data`.
    fn lend(&mut self, key: usize, operation: Operation, buffer: Vec<u8>) -> usize {
        let lent = Some(InFlight {
            key,
            operation,
            buffer,
        });
        match self.free.pop() {
            Some(index) => {
                self.in_flight[index] = lent;
                index
            }
            None => {
                self.in_flight.push(lent);
                self.in_flight.len() - 1
            }
        }
    }

    /// If the push failed, no request exists: the buffer is ours again, and is dropped.
    fn push_or_take_back(&mut self, index: usize, pushed: io::Result<()>) -> io::Result<()> {
        if pushed.is_err() {
            self.in_flight[index] = None;
            self.free.push(index);
        }
        pushed
    }

    /// A completion back into a `Completion`, giving its buffer back. `None` for completions
    /// that are not a request's end (ours to ignore).
    fn finish(&mut self, cqe: Cqe) -> Option<Completion> {
        if cqe.flags & IORING_CQE_F_MORE != 0 {
            return None; // (none of our requests is multishot)
        }
        let index = usize::try_from(cqe.user_data).ok()?;
        // Only an index that is in flight gives a buffer back; anything else (the drop's
        // cancel request) is not a request of the table.
        let InFlight {
            key,
            operation,
            mut buffer,
        } = self.in_flight.get_mut(index)?.take()?;
        self.free.push(index);
        let result = if cqe.res < 0 {
            Err(io::Error::from_raw_os_error(-cqe.res))
        } else {
            Ok(cqe.res as usize)
        };
        if let (Operation::Recv, Ok(received)) = (operation, &result) {
            // SAFETY: the kernel wrote `received` bytes at the start of the buffer (at most
            // its capacity, the length it was given), and the request is over.
            unsafe { buffer.set_len(*received) };
        }
        Some(Completion {
            key,
            operation,
            result,
            buffer,
        })
    }
}

impl Drop for Proactor<'_> {
    /// Cancels every request still running and waits (at most a second) for each to come
    /// back. The buffers of any that do not are leaked on purpose: the kernel may still write
    /// into them.
    fn drop(&mut self) {
        if self.pending() > 0 {
            // SAFETY: a cancel request names no descriptor and no memory of ours.
            let _ = unsafe { self.ring.push(&entry::cancel_any(CANCEL_ALL)) };
            let deadline = Instant::now() + DRAIN;
            while self.ring.in_flight() + u64::from(self.ring.unsubmitted()) > 0 {
                let left = deadline.saturating_duration_since(Instant::now());
                if left.is_zero() || self.ring.submit_and_wait(1, Some(left)).is_err() {
                    break;
                }
                while let Some(cqe) = self.ring.next_completion() {
                    drop(self.finish(cqe)); // the buffer is ours again: freed
                }
            }
        }
        for lent in self.in_flight.drain(..).flatten() {
            std::mem::forget(lent.buffer);
        }
    }
}

impl std::fmt::Debug for Proactor<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Proactor")
            .field("ring", &self.ring)
            .field("pending", &self.pending())
            .finish()
    }
}
