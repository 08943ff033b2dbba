//! A known-wrong answer, for the course's own CI: cancelling a request is taken to give its
//! buffer back at once, as if `CancelIoEx` stopped the kernel when it returns. It does not:
//! the request still completes through the port, and until then the kernel may write into
//! the buffer, so freeing it after the cancel is a use after free. The check must reject it.
//!
//! Never a model to copy: see `solution/rules.rs`.

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
    use Event::*;
    match state {
        // The program's buffer: anything a program does with its own memory is fine.
        State::Yours => match event {
            Touch => Ok(State::Yours),
            Free => Ok(State::Freed),
            // The kernel now has the addresses of the bytes and of the OVERLAPPED.
            Start => Ok(State::Lent),
            // The call failed: the kernel kept nothing, so nothing changed.
            StartFailed => Ok(State::Yours),
            // CancelIoEx would find no request of this buffer's to cancel.
            Cancel => Err(Refused::NothingToCancel),
            // A packet pointing at a buffer that is not lent did not come from its request:
            // lesson 06's `wait` ignores such a packet (its `in_flight` set says so).
            Complete => Err(Refused::NotInFlight),
            // Dropping the port changes nothing for a buffer no request uses.
            DropPort => Ok(State::Yours),
        },
        // Lent, and Cancelling after it: the kernel may write at any moment, from any CPU.
        State::Lent | State::Cancelling => match event {
            // Reading would race the kernel's writes; writing would corrupt what it reads for
            // a send; moving would leave it writing to the old address; freeing would let it
            // write into memory that is by then something else.
            Touch | Free => Err(Refused::KernelMayWrite),
            // One OVERLAPPED describes one request: a second would overwrite it under the
            // first (and a StartFailed cannot happen to a buffer no call was given).
            Start | StartFailed => Err(Refused::AlreadyLent),
            // Asking (again) to stop. The answer is the completion, not the call's return: the
            // kernel may still be writing, so the buffer stays lent.
            Cancel => Ok(State::Yours), // wrong: the kernel may still be writing
            // The only way back: the packet is taken, the kernel is done with the memory.
            Complete => Ok(State::Yours),
            // Nobody will ever take its completion now: keep the memory allocated for good.
            DropPort => Ok(State::Leaked),
        },
        State::Leaked => Err(Refused::Leaked),
        State::Freed => Err(Refused::Freed),
    }
}

/// Which event a `WSARecv` or `WSASend` call was, from what it returned and, if that was
/// `SOCKET_ERROR`, what `WSAGetLastError()` said: `Start` if a request now runs (it completed
/// at once, or it is pending), `StartFailed` if none does.
pub fn after_start_call(returned: i32, last_error: i32) -> Event {
    match (returned, last_error) {
        // Done at once. It still completes through the port (unless the socket had
        // FILE_SKIP_COMPLETION_PORT_ON_SUCCESS, which lesson 06 never sets): its packet may
        // already be queued, so the buffer is lent until that packet is taken.
        (0, _) => Event::Start,
        // "Failed" with WSA_IO_PENDING means started: the usual case, completing later.
        (SOCKET_ERROR, WSA_IO_PENDING) => Event::Start,
        // Any other error: no request exists and no packet will come; the buffer is ours.
        _ => Event::StartFailed,
    }
}

/// A new buffer (`Yours`) through `events`, in order: the state it ends in, or the index of
/// the first event refused and why.
pub fn replay(events: &[Event]) -> Result<State, (usize, Refused)> {
    let mut state = State::Yours;
    for (i, &event) in events.iter().enumerate() {
        state = step(state, event).map_err(|why| (i, why))?;
    }
    Ok(state)
}
