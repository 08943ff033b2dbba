//! Your exercise: what a program may do with the buffer of an overlapped request, and when.
//!
//! Lesson 06's `CompletionPort` (`crates/06-iocp/src/completion/`) enforces the rule with
//! ownership: `recv` takes the `Box<IoBuffer>` and only `wait` gives it back. Here the same
//! rule is written out as a state machine, one buffer's life: which events are allowed in
//! which state, where each leads, and why the others are refused. The types are given; write
//! `step`, `after_start_call` and `replay`.
//!
//! The rule, from `docs/06-iocp.md`: from the start of a request until its completion is taken
//! from the port, the kernel may write into the buffer (and its `OVERLAPPED` and `WSABUF`) at
//! any time, so the program must not read, write, move or free it. Cancelling or closing the
//! socket does not end that at once: the request still completes, as cancelled, through the
//! port. A request that fails to start gives the buffer straight back. A port dropped while a
//! request runs leaks its buffer on purpose.

/// `WSARecv`'s and `WSASend`'s return value when they did not complete at once.
pub const SOCKET_ERROR: i32 = -1;
/// `WSAGetLastError()` after `SOCKET_ERROR` when the request *did* start and will complete
/// later, through the port: not a failure.
pub const WSA_IO_PENDING: i32 = 997;

/// Where one buffer is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// The program's: no request uses it (new, or its completion was taken).
    Yours,
    /// Lent to the kernel by a request that runs.
    Lent,
    /// Lent, and the request was asked to stop (`CancelIoEx`, or its socket closed): it will
    /// still complete through the port.
    Cancelling,
    /// Lent when its port was dropped: no completion will ever hand it back, so it is never
    /// freed (the kernel may still write into it).
    Leaked,
    /// Freed by the program.
    Freed,
}

/// Something the program does with the buffer, or something that happens to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// Read or write its bytes, or move it.
    Touch,
    /// Drop it, giving its memory back to the allocator.
    Free,
    /// An overlapped `WSARecv` or `WSASend` on it that started (see [`after_start_call`]).
    Start,
    /// Such a call that failed: no request was started, no completion will come.
    StartFailed,
    /// `CancelIoEx` on its socket, or `closesocket`.
    Cancel,
    /// Its completion packet taken from the port (finished, or ended as cancelled: 995).
    Complete,
    /// The port dropped.
    DropPort,
}

/// Why an event is not allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// The kernel may write into the buffer until its completion is taken.
    KernelMayWrite,
    /// A request already uses the buffer (and its one `OVERLAPPED`).
    AlreadyLent,
    /// No request uses the buffer: there is nothing to cancel.
    NothingToCancel,
    /// No request uses the buffer: a packet that names it is not its completion.
    NotInFlight,
    /// The buffer was leaked with its port: nothing may use it again.
    Leaked,
    /// The buffer was freed: using it would be a use after free.
    Freed,
}

/// Where `event` takes a buffer that is in `state`, or why it is not allowed there.
pub fn step(state: State, event: Event) -> Result<State, Refused> {
    let _ = (state, event);
    todo!(
        "match (state, event): Yours allows Touch, Free, Start (-> Lent) and StartFailed; Lent \
         and Cancelling refuse Touch and Free (KernelMayWrite) until Complete gives the buffer \
         back; see the doc comments of State and Refused for the rest"
    )
}

/// Which event a `WSARecv` or `WSASend` call was, from what it returned and, if that was
/// `SOCKET_ERROR`, what `WSAGetLastError()` said: `Start` if a request now runs (it completed
/// at once, or it is pending), `StartFailed` if none does.
pub fn after_start_call(returned: i32, last_error: i32) -> Event {
    let _ = (returned, last_error);
    todo!(
        "0: started (done at once, its packet is queued); SOCKET_ERROR with WSA_IO_PENDING: \
         started too (pending); any other error: failed"
    )
}

/// A new buffer (`Yours`) through `events`, in order: the state it ends in, or the index of
/// the first event refused and why.
pub fn replay(events: &[Event]) -> Result<State, (usize, Refused)> {
    let _ = events;
    todo!("start from State::Yours and step through the events; stop at the first refusal")
}
