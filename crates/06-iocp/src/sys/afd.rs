//! The AFD driver's poll request: the private interface beneath `select` and `WSAPoll`.
//!
//! AFD ("ancillary function driver", `afd.sys`) is the kernel half of Winsock: every socket is
//! a file of it. Its `IOCTL_AFD_POLL` asks "tell me when any of these events happens on this
//! socket", and, sent through `NtDeviceIoControlFile` on a handle joined to a completion port,
//! the answer arrives as a completion packet. No Windows header declares any of this; the
//! values below are the ones libuv, wepoll, mio and polling all use (checked against mio's
//! `src/sys/windows/afd.rs`, polling's `src/iocp/afd.rs` and wepoll's `wepoll.c`).

use core::mem::{align_of, offset_of, size_of};

use super::HANDLE;
use super::ntdll::NTSTATUS;

/// `IOCTL_AFD_POLL`: `(FILE_DEVICE_NETWORK 0x12 << 12) | (AFD_POLL 9 << 2) | METHOD_BUFFERED`.
/// Buffered: Windows copies our `AFD_POLL_INFO` in at the start and the answer out at the
/// end, before the completion packet is queued.
pub const IOCTL_AFD_POLL: u32 = 0x0001_2024;

/// Data (or a zero-length end of file on some transports) can be received.
pub const AFD_POLL_RECEIVE: u32 = 0x0001;
/// Out-of-band ("urgent") data can be received.
pub const AFD_POLL_RECEIVE_EXPEDITED: u32 = 0x0002;
/// There is room to send.
pub const AFD_POLL_SEND: u32 = 0x0004;
/// The peer shut down its sending side (our reads will end with end of file).
pub const AFD_POLL_DISCONNECT: u32 = 0x0008;
/// The connection was reset or aborted.
pub const AFD_POLL_ABORT: u32 = 0x0010;
/// The socket was closed (`closesocket`) by this process: the registration is over.
pub const AFD_POLL_LOCAL_CLOSE: u32 = 0x0020;
/// A listening socket has a connection to `accept`.
pub const AFD_POLL_ACCEPT: u32 = 0x0080;
/// A non-blocking `connect` failed.
pub const AFD_POLL_CONNECT_FAIL: u32 = 0x0100;

/// `AFD_POLL_HANDLE_INFO`: one socket to watch, and (on output) what happened to it.
#[repr(C)]
pub struct AFD_POLL_HANDLE_INFO {
    /// `HANDLE Handle`: the base socket (see `SIO_BASE_HANDLE`).
    pub Handle: HANDLE,
    /// `ULONG Events`: in, the `AFD_POLL_...` events to wait for; out, those that happened.
    pub Events: u32,
    /// `NTSTATUS Status`: out, the socket's own status.
    pub Status: NTSTATUS,
}
const _: () = assert!(size_of::<AFD_POLL_HANDLE_INFO>() == 16);
const _: () = assert!(align_of::<AFD_POLL_HANDLE_INFO>() == 8);
const _: () = assert!(offset_of!(AFD_POLL_HANDLE_INFO, Events) == 8);
const _: () = assert!(offset_of!(AFD_POLL_HANDLE_INFO, Status) == 12);

/// `AFD_POLL_INFO`, with room for exactly one socket (the C array is variable-length): the
/// input and the output of one poll request.
#[repr(C)]
pub struct AFD_POLL_INFO {
    /// `LARGE_INTEGER Timeout`: in 100 ns units; `i64::MAX` is "never".
    pub Timeout: i64,
    /// `ULONG NumberOfHandles`: 1 in; on output, how many handles have events (0 or 1).
    pub NumberOfHandles: u32,
    /// `ULONG Exclusive`: 0, as every user named above passes (an exclusive poll would
    /// displace other exclusive polls of the same socket).
    pub Exclusive: u32,
    /// `AFD_POLL_HANDLE_INFO Handles[1]`.
    pub Handles: [AFD_POLL_HANDLE_INFO; 1],
}
const _: () = assert!(size_of::<AFD_POLL_INFO>() == 32);
const _: () = assert!(align_of::<AFD_POLL_INFO>() == 8);
const _: () = assert!(offset_of!(AFD_POLL_INFO, NumberOfHandles) == 8);
const _: () = assert!(offset_of!(AFD_POLL_INFO, Exclusive) == 12);
const _: () = assert!(offset_of!(AFD_POLL_INFO, Handles) == 16);

impl AFD_POLL_INFO {
    /// Nothing to watch yet.
    pub const fn zeroed() -> AFD_POLL_INFO {
        AFD_POLL_INFO {
            Timeout: 0,
            NumberOfHandles: 0,
            Exclusive: 0,
            Handles: [AFD_POLL_HANDLE_INFO {
                Handle: core::ptr::null_mut(),
                Events: 0,
                Status: 0,
            }],
        }
    }
}
