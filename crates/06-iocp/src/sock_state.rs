//! One registered socket: what the caller asked for, and the memory of its one AFD poll.
//!
//! The state machine is wepoll's and mio's. At most one poll is in flight per socket:
//!
//! - `Idle`: none. [`SockState::update`] starts one for what is wanted now.
//! - `Pending`: one is in flight, waiting for `events`. If the caller now wants something it
//!   does not cover, it is cancelled (AFD polls cannot be changed, only cancelled).
//! - `Cancelled`: cancelled, its completion not yet taken. Nothing can be started until then:
//!   the kernel still owns the memory.
//!
//! The memory the kernel writes (the `IO_STATUS_BLOCK` and the `AFD_POLL_INFO`) lives in the
//! `SockState`, which lives in an `Arc`. Starting a poll turns one strong reference into the
//! raw pointer the completion packet carries (`Arc::into_raw`); taking the packet turns it
//! back (`Arc::from_raw`). So the memory outlives the poll even if the caller deregisters the
//! socket, or the registry forgets it, in between.

use std::cell::UnsafeCell;
use std::io;
use std::os::windows::io::RawSocket;
use std::sync::{Arc, Mutex, MutexGuard};

use epoll::sync::lock;
use epoll::{Interest, Token};

use crate::afd::Afd;
use crate::events::Event;
use crate::sys::SOCKET;
use crate::sys::afd::{AFD_POLL_CONNECT_FAIL, AFD_POLL_INFO, AFD_POLL_LOCAL_CLOSE};
use crate::sys::kernel32::OVERLAPPED_ENTRY;
use crate::sys::ntdll::{IO_STATUS_BLOCK, STATUS_CANCELLED};
use crate::wants::Wants;

/// `ERROR_INVALID_HANDLE`: what starting a poll on a socket closed behind our back says.
const ERROR_INVALID_HANDLE: i32 = 6;

/// The registration of one socket.
pub(crate) struct SockState {
    /// The socket as the caller knows it: the registry's key.
    pub(crate) key: RawSocket,
    /// The socket as AFD knows it.
    base: SOCKET,
    /// Written by the kernel while a poll is in flight, so only ever touched through raw
    /// pointers, and by us only while no poll is (status `Idle`, under the lock).
    io: UnsafeCell<PollIo>,
    state: Mutex<State>,
}

/// The poll request's memory.
struct PollIo {
    iosb: IO_STATUS_BLOCK,
    info: AFD_POLL_INFO,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Status {
    Idle,
    Pending { events: u32 },
    Cancelled,
}

struct State {
    /// What the caller asked for, and what it has been told (the rules of each mode).
    wants: Wants,
    status: Status,
    /// Deregistered or closed: never poll again; the memory waits for the last completion.
    deleted: bool,
}

// SAFETY: the plain fields are immutable or behind the mutex. `io` is shared with the kernel,
// never with another thread of ours: it is written only under the lock while no poll is in
// flight, and read only by the thread that has just taken the poll's completion (under the
// lock too), when the kernel is done with it.
unsafe impl Sync for SockState {}
// SAFETY: as above; nothing in it is tied to the thread that created it (a poll started by
// one thread may complete while another waits on the port).
unsafe impl Send for SockState {}

/// What a completed poll means for the caller.
pub(crate) enum Outcome {
    /// An event to report; the socket must be polled again when the next `poll` starts.
    Event(Event),
    /// Nothing to report (cancelled, or only events nobody wants now): poll again at once.
    Again,
    /// The socket was closed (or deregistered): forget it.
    Gone,
}

impl SockState {
    /// A registration of `key` (whose base socket is `base`), with no poll yet.
    pub(crate) fn new(key: RawSocket, base: SOCKET, token: Token, interest: Interest) -> SockState {
        SockState {
            key,
            base,
            io: UnsafeCell::new(PollIo {
                iosb: IO_STATUS_BLOCK::zeroed(),
                info: AFD_POLL_INFO::zeroed(),
            }),
            state: Mutex::new(State {
                wants: Wants::new(token, interest),
                status: Status::Idle,
                deleted: false,
            }),
        }
    }

    fn state(&self) -> MutexGuard<'_, State> {
        // Every update of `State` is a few assignments; a panic elsewhere cannot leave it torn.
        lock(&self.state)
    }

    /// Turns the packet of an AFD poll back into the reference it carried.
    ///
    /// # Safety
    ///
    /// `entry` must have been taken from the port `afd` is joined to and carry
    /// [`afd::KEY`](crate::afd::KEY): then its `lpOverlapped` is the `Arc::into_raw` of a
    /// `SockState` whose poll on `afd` is now complete.
    pub(crate) unsafe fn from_packet(afd: &Afd, entry: &OVERLAPPED_ENTRY) -> Arc<SockState> {
        afd.completed();
        // SAFETY: by the caller's promise, the pointer is one reference made by
        // `Arc::into_raw` in `start`, used here exactly once.
        unsafe { Arc::from_raw(entry.lpOverlapped.cast_const().cast::<SockState>()) }
    }

    /// New token and interest (reregister): a oneshot registration is armed again.
    pub(crate) fn set(&self, token: Token, interest: Interest) {
        self.state().wants = Wants::new(token, interest);
    }

    /// Makes the poll in flight match what is wanted now: starts one if none is, cancels one
    /// that does not cover it.
    pub(crate) fn update(self: &Arc<Self>, afd: &Afd) -> io::Result<()> {
        let mut state = self.state();
        if state.deleted {
            return Ok(());
        }
        let wanted = state.wants.poll_for();
        match state.status {
            // Already waiting for everything wanted (and maybe more: a completion for
            // something no longer wanted is filtered out, and a new poll started then).
            Status::Pending { events } if wanted & !events == 0 => Ok(()),
            Status::Pending { .. } => {
                // SAFETY: the poll is in flight on this AFD handle, its completion not yet
                // taken (status would be Idle otherwise): `iosb` names it.
                unsafe { afd.cancel(self.iosb())? };
                state.status = Status::Cancelled;
                Ok(())
            }
            // The new poll starts when the cancelled one's completion comes back.
            Status::Cancelled => Ok(()),
            Status::Idle => self.start(&mut state, wanted, afd),
        }
    }

    /// Starts a poll for `events`. Only while `Idle`, with the lock held.
    fn start(self: &Arc<Self>, state: &mut State, events: u32, afd: &Afd) -> io::Result<()> {
        let io = self.io.get();
        // SAFETY: status is Idle, so no poll is in flight and the kernel does not touch `io`;
        // the lock keeps every other thread of ours out.
        unsafe {
            let info = &mut (*io).info;
            info.Timeout = i64::MAX; // never: the poll ends by an event or a cancel
            info.NumberOfHandles = 1;
            info.Exclusive = 0;
            info.Handles[0].Handle = self.base as crate::sys::HANDLE;
            info.Handles[0].Events = events;
            info.Handles[0].Status = 0;
            (*io).iosb = IO_STATUS_BLOCK::zeroed();
        }
        // The reference the completion packet will carry, and hand back (`from_packet`).
        let context = Arc::into_raw(Arc::clone(self));
        // SAFETY: `info` and `iosb` are inside this SockState, which the reference in
        // `context` keeps alive until the completion is taken (`from_packet`); nothing of
        // ours touches them meanwhile (status becomes Pending below, under the lock).
        let started = unsafe {
            afd.poll(
                &raw mut (*io).info,
                &raw mut (*io).iosb,
                context.cast_mut().cast(),
            )
        };
        match started {
            Ok(()) => {
                state.status = Status::Pending { events };
                Ok(())
            }
            Err(error) => {
                // SAFETY: the poll did not start, so no packet will carry `context`: this is
                // the only use of the reference it holds.
                drop(unsafe { Arc::from_raw(context) });
                if error.raw_os_error() == Some(ERROR_INVALID_HANDLE) {
                    state.deleted = true; // closed behind our back; forgotten at next poll
                    Ok(())
                } else {
                    Err(error)
                }
            }
        }
    }

    /// Deregistered: never poll again, and end the poll in flight (its completion will still
    /// come, and free the memory).
    pub(crate) fn delete(&self, afd: &Afd) -> io::Result<()> {
        let mut state = self.state();
        state.deleted = true;
        if let Status::Pending { .. } = state.status {
            // SAFETY: pending on this handle, completion not yet taken (see `update`).
            unsafe { afd.cancel(self.iosb())? };
            state.status = Status::Cancelled;
        }
        Ok(())
    }

    /// Whether it was deregistered or found closed.
    pub(crate) fn is_deleted(&self) -> bool {
        self.state().deleted
    }

    /// Reads the answer of the poll whose completion has just been taken from the port.
    pub(crate) fn complete(&self) -> Outcome {
        let mut state = self.state();
        state.status = Status::Idle;
        if state.deleted {
            return Outcome::Gone;
        }
        let io = self.io.get();
        // SAFETY: this poll's completion has been taken from the port, so the kernel has
        // written the answer and is done with `io`; the lock keeps our other threads out.
        let (status, handles, happened) = unsafe {
            let io = &*io;
            (
                io.iosb.Status,
                io.info.NumberOfHandles,
                io.info.Handles[0].Events,
            )
        };
        let happened = if status == STATUS_CANCELLED {
            0 // cancelled by us: the answer is untouched, nothing happened
        } else if status < 0 {
            AFD_POLL_CONNECT_FAIL // the poll itself failed: report an error (as mio does)
        } else if handles == 0 {
            0
        } else if happened & AFD_POLL_LOCAL_CLOSE != 0 {
            state.deleted = true; // closesocket() without deregister: the registration ends
            return Outcome::Gone;
        } else {
            happened
        };
        match state.wants.report(happened) {
            Some(event) => Outcome::Event(event),
            None => Outcome::Again,
        }
    }

    fn iosb(&self) -> *mut IO_STATUS_BLOCK {
        let io = self.io.get();
        // SAFETY: only the address is computed; nothing is read or written through it.
        unsafe { &raw mut (*io).iosb }
    }
}
