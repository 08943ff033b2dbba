//! Part 1, the completion model: start a receive or a send, and be told when it is *done*.
//!
//! A readiness queue (epoll, kqueue) says "this socket can be read now"; then *you* call
//! `read` with a buffer you lend for the length of that call. A completion port works the
//! other way round: you start the read first, handing the kernel a buffer, and the port later
//! says "that read is finished: n bytes are in your buffer".
//!
//! # The ownership rule
//!
//! Between the start of a request and the moment its completion is taken from the port, the
//! kernel may write into the buffer (and into the `OVERLAPPED` and `WSABUF` that describe it)
//! at any time, from any CPU. So for all that time the program must not read it, write it,
//! move it or free it, and the memory must stay allocated even if the program loses interest
//! (closing the socket does not stop the kernel at once: the request completes, as cancelled,
//! through the port). Here the rule is ownership: [`recv`](CompletionPort::recv) and
//! [`send`](CompletionPort::send) take a `Box<IoBuffer>` by value, and only
//! [`wait`](CompletionPort::wait) gives it back. A buffer whose completion never comes back
//! (the port was dropped first) is leaked on purpose: freeing it could let the kernel write
//! into memory that is by then something else.
//!
//! This is why a completion API cannot hide behind a readiness API's
//! `read(&mut self, buf: &mut [u8])`: that borrow ends when `read` returns, but an overlapped
//! receive outlives the call. If the caller's future or loop gives up early and the borrow
//! ends, the buffer would be freed or reused while the kernel still writes into it. Completion
//! APIs in Rust therefore take owned buffers (as here) or keep their own; the readiness half of
//! this lesson ([`Poll`](crate::Poll)) avoids the question by asking the kernel only *whether*
//! a socket is ready, and doing the actual reads with ordinary non-blocking calls.

mod buffer;

pub use buffer::{IoBuffer, Operation};

use std::collections::HashSet;
use std::fmt;
use std::io;
use std::os::windows::io::{AsRawHandle, AsRawSocket, RawHandle};
use std::sync::Mutex;
use std::time::Duration;

use crate::port::Port;
use crate::sys::kernel32::{CancelIoEx, OVERLAPPED_ENTRY};
use crate::sys::ntdll::{NTSTATUS, STATUS_CANCELLED, STATUS_HANDLES_CLOSED};
use crate::sys::ws2_32::{SOCKET_ERROR, WSA_IO_PENDING, WSARecv, WSASend};
use crate::sys::{HANDLE, SOCKET};

/// A completion port for overlapped socket requests whose buffers it hands back.
pub struct CompletionPort {
    port: Port,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    /// The sockets joined to this port (by `add`): a request on any other socket would
    /// complete nowhere, and its buffer would never come back.
    joined: HashSet<SOCKET>,
    /// The address of every `IoBuffer` lent to the kernel and not yet handed back: `wait`
    /// turns a packet's pointer back into a `Box` only if it is in here.
    in_flight: HashSet<usize>,
}

/// A finished request: which socket (its key), how it ended, and the buffer, yours again.
#[derive(Debug)]
pub struct Completion {
    /// The key the socket was joined with ([`CompletionPort::add`]).
    pub key: usize,
    /// The number of bytes received or sent (0 for a receive: the peer closed), or the error
    /// the request ended with (a cancelled one ends with `ERROR_OPERATION_ABORTED`, 995).
    pub result: io::Result<usize>,
    /// The request's buffer; after a receive, [`IoBuffer::bytes`] holds what arrived.
    pub buffer: Box<IoBuffer>,
}

/// A request that never started: the error, and the buffer, which the kernel never saw.
#[derive(Debug)]
pub struct NotStarted {
    /// Why it did not start.
    pub error: io::Error,
    /// The buffer, yours again at once.
    pub buffer: Box<IoBuffer>,
}

impl fmt::Display for NotStarted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the request did not start: {}", self.error)
    }
}

impl std::error::Error for NotStarted {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.error)
    }
}

impl From<NotStarted> for io::Error {
    fn from(not_started: NotStarted) -> io::Error {
        not_started.error
    }
}

impl CompletionPort {
    /// A new port with no sockets.
    pub fn new() -> io::Result<CompletionPort> {
        Ok(CompletionPort {
            port: Port::new()?,
            state: Mutex::new(State::default()),
        })
    }

    /// Joins `socket` to this port: each of its overlapped requests will end with a
    /// completion carrying `key`. A socket joins one port, for good.
    ///
    /// From then on use only this port's [`recv`](Self::recv) and [`send`](Self::send) on the
    /// socket, not its blocking `read`/`write`: whether those queue packets too on a joined
    /// socket is not documented. (This port ignores any packet it did not ask for.)
    pub fn add<S: AsRawSocket + ?Sized>(&self, socket: &S, key: usize) -> io::Result<()> {
        let raw = socket.as_raw_socket() as SOCKET;
        self.port.associate(raw as HANDLE, key)?;
        self.state().joined.insert(raw);
        Ok(())
    }

    /// Starts an overlapped `WSARecv` of up to `buffer.capacity()` bytes into `buffer`.
    ///
    /// The buffer now belongs to the kernel; it comes back from [`wait`](Self::wait) with
    /// the number of bytes received. If the request cannot start, it comes back at once in the
    /// error.
    pub fn recv<S: AsRawSocket + ?Sized>(
        &self,
        socket: &S,
        mut buffer: Box<IoBuffer>,
    ) -> Result<(), NotStarted> {
        let raw = socket.as_raw_socket() as SOCKET;
        let capacity = buffer.capacity();
        buffer.prepare(Operation::Recv, capacity);
        self.start(raw, buffer, |buffer| {
            // SAFETY: `buffer` points to a live IoBuffer that nothing else touches until its
            // completion is taken from the port. WSARecv keeps the addresses of its WSABUF
            // (which points at the IoBuffer's own bytes), flags and OVERLAPPED, all inside that
            // allocation, and writes through them until then; on an immediate completion it
            // also writes `flags` after the packet is queued, before it returns, which `start`
            // covers by holding the lock `wait` needs until this call is over. No completion
            // routine; a null byte count, as the documentation asks for overlapped calls.
            unsafe {
                WSARecv(
                    raw,
                    &raw mut (*buffer).wsabuf,
                    1,
                    std::ptr::null_mut(),
                    &raw mut (*buffer).flags,
                    &raw mut (*buffer).overlapped,
                    None,
                )
            }
        })
    }

    /// Starts an overlapped `WSASend` of `buffer.bytes()`.
    ///
    /// Like [`recv`](Self::recv): the kernel reads the buffer until the completion says the
    /// bytes are sent, so it stays the kernel's until [`wait`](Self::wait) returns it.
    pub fn send<S: AsRawSocket + ?Sized>(
        &self,
        socket: &S,
        mut buffer: Box<IoBuffer>,
    ) -> Result<(), NotStarted> {
        let raw = socket.as_raw_socket() as SOCKET;
        let len = buffer.len;
        buffer.prepare(Operation::Send, len);
        self.start(raw, buffer, |buffer| {
            // SAFETY: as for WSARecv: the WSABUF, the bytes it points to and the OVERLAPPED
            // all live in the IoBuffer, which nothing touches until its completion is taken.
            // The kernel only reads the bytes.
            unsafe {
                WSASend(
                    raw,
                    &raw mut (*buffer).wsabuf,
                    1,
                    std::ptr::null_mut(),
                    0,
                    &raw mut (*buffer).overlapped,
                    None,
                )
            }
        })
    }

    /// Lends `buffer` to the kernel through `call` (a `WSARecv` or `WSASend` on it), or takes
    /// it back if the request did not start.
    ///
    /// The state lock is held until `call` has returned, and that is what keeps the buffer
    /// alive for as long as Winsock may touch it. This port never sets
    /// `FILE_SKIP_COMPLETION_PORT_ON_SUCCESS`, so when the request can complete at once (data
    /// already waiting) its packet is queued *before* `WSARecv` returns, and another thread in
    /// [`wait`](Self::wait) may dequeue it at that moment; yet Microsoft's `WSARecv` page says
    /// that on immediate completion "the flag bits indicated by the `lpFlags` parameter are
    /// also updated", by the call, which has not returned yet. `wait` must take this same
    /// lock to turn the packet's pointer back into a `Box` (`in_flight`), so it cannot free
    /// the buffer until the call is over.
    fn start(
        &self,
        socket: SOCKET,
        buffer: Box<IoBuffer>,
        call: impl FnOnce(*mut IoBuffer) -> i32,
    ) -> Result<(), NotStarted> {
        let mut state = self.state();
        if !state.joined.contains(&socket) {
            return Err(NotStarted {
                error: io::Error::new(
                    io::ErrorKind::InvalidInput,
                    "the socket is not joined to this port (CompletionPort::add): its \
                     completion would go nowhere and the buffer could never come back",
                ),
                buffer,
            });
        }
        // From here until the completion, only this raw pointer exists: no reference into
        // the buffer is held while the kernel may write.
        let raw = Box::into_raw(buffer);
        state.in_flight.insert(raw as usize);
        let started = call(raw);
        if started == SOCKET_ERROR {
            let error = crate::last_wsa_error();
            // WSA_IO_PENDING: started, it will complete later. Anything else: no request was
            // started and no completion will come, so the buffer can be taken back now.
            if error.raw_os_error() != Some(WSA_IO_PENDING) {
                state.in_flight.remove(&(raw as usize));
                // SAFETY: `raw` came from Box::into_raw above and the failed call gave the
                // kernel nothing to keep: this is the only owner again.
                let buffer = unsafe { Box::from_raw(raw) };
                return Err(NotStarted { error, buffer });
            }
        }
        // Done at once (0) or pending: either way the port receives a completion packet
        // (this port never asks Windows to skip it on immediate success). Only now may `wait`
        // hand the buffer back.
        drop(state);
        Ok(())
    }

    /// Asks Windows to end every request still running on `socket` early. Each still
    /// completes through [`wait`](Self::wait), with `ERROR_OPERATION_ABORTED` (or normally,
    /// if it finished first): cancelling does not give the buffers back, completing does.
    pub fn cancel<S: AsRawSocket + ?Sized>(&self, socket: &S) -> io::Result<()> {
        let raw = socket.as_raw_socket() as HANDLE;
        // SAFETY: CancelIoEx reads the handle value only; with a null OVERLAPPED it touches no
        // memory of ours (the requests' memory stays lent until their completions).
        if unsafe { CancelIoEx(raw, std::ptr::null_mut()) } == 0 {
            Err(crate::last_error())
        } else {
            Ok(())
        }
    }

    /// Sleeps until a request finishes or `timeout` passes (`None`: forever); returns the
    /// finished request, or `None` after a timeout.
    pub fn wait(&self, timeout: Option<Duration>) -> io::Result<Option<Completion>> {
        let mut entries = [OVERLAPPED_ENTRY::zeroed()];
        let mut finished = None;
        // Lesson 04's loop: a packet that is not ours, or a wait longer than the port's
        // ~24.8-day maximum, waits again for the time that is left rather than from the start.
        epoll::deadline::wait_until_deadline(timeout, |left| {
            if self.port.wait(&mut entries, left)? == 0 {
                return Ok(false);
            }
            finished = self.take(entries[0]);
            Ok(finished.is_some())
        })?;
        Ok(finished)
    }

    /// The completion a dequeued packet carries, if it is one of ours.
    fn take(&self, entry: OVERLAPPED_ENTRY) -> Option<Completion> {
        let raw = entry.lpOverlapped.cast::<IoBuffer>();
        // Only a pointer this port lent out becomes a Box again. Any other packet (one that
        // some other code caused on a joined socket) is not ours to interpret.
        if !self.state().in_flight.remove(&(raw as usize)) {
            return None;
        }
        // SAFETY: `raw` was lent by `start` (it is in `in_flight`) and its completion has just
        // been taken from the port: the kernel is done with the IoBuffer, and this is its only
        // owner again.
        let mut buffer = unsafe { Box::from_raw(raw) };
        let result = finish(&mut buffer);
        Some(Completion {
            key: entry.lpCompletionKey,
            result,
            buffer,
        })
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        // Each update is one insert or remove: a panic elsewhere leaves the sets whole.
        epoll::sync::lock(&self.state)
    }
}

/// How the finished request in `buffer` ended, read from its `OVERLAPPED`; records the count.
///
/// Not `WSAGetOverlappedResult`: that call first looks its `SOCKET` argument up, so once the
/// socket is closed it fails with `WSAENOTSOCK` whatever the request did (a completed receive
/// would lose its bytes, a cancelled one report 10038 instead of 995). The kernel leaves the
/// whole result in the `OVERLAPPED` itself: `Internal` is the request's final `NTSTATUS`,
/// `InternalHigh` the bytes transferred, which is what mio and polling read too.
fn finish(buffer: &mut IoBuffer) -> io::Result<usize> {
    let status = match buffer.overlapped.Internal as NTSTATUS {
        // The socket was closed under the request. Microsoft's closesocket page promises that
        // its pending requests "fail with the error status WSA_OPERATION_ABORTED" (995), which
        // Windows' STATUS_CANCELLED maps to; Wine reports STATUS_HANDLES_CLOSED (676) instead.
        // Both mean the same, so the caller sees the one the documentation names.
        STATUS_HANDLES_CLOSED => STATUS_CANCELLED,
        status => status, // the low 32 bits of `Internal` hold it
    };
    // NT_SUCCESS: success and informational statuses are >= 0, warnings and errors < 0.
    if status < 0 {
        buffer.len = 0;
        return Err(crate::nt_error(status));
    }
    let transferred = buffer.overlapped.InternalHigh;
    if buffer.operation == Operation::Recv {
        buffer.len = transferred.min(buffer.capacity());
    }
    Ok(transferred)
}

impl AsRawHandle for CompletionPort {
    /// The port's handle, to inspect it. Requests started on it by other code must not be
    /// mixed with this type's.
    fn as_raw_handle(&self) -> RawHandle {
        self.port.raw()
    }
}

impl Drop for CompletionPort {
    fn drop(&mut self) {
        // Take back every buffer whose completion is already queued. The ones still running
        // stay leaked: the kernel may yet write into them.
        while let Ok(Some(_completion)) = self.wait(Some(Duration::ZERO)) {}
    }
}

impl fmt::Debug for CompletionPort {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.state();
        f.debug_struct("CompletionPort")
            .field("joined", &state.joined.len())
            .field("in_flight", &state.in_flight.len())
            .finish()
    }
}
