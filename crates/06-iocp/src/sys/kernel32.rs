//! `kernel32.dll`: completion ports, and the `OVERLAPPED` structure that names one I/O request.

use core::mem::{align_of, offset_of, size_of};

use super::{BOOL, HANDLE};

/// `OVERLAPPED` from `<minwinbase.h>`: the identity of one asynchronous request.
///
/// Windows keeps a pointer to it from the moment the request starts until its completion is
/// taken from the port, writes the result into it, and hands the same pointer back in the
/// completion's [`OVERLAPPED_ENTRY`]. So it must stay where it is, untouched, for all that
/// time: in this lesson it lives inside a heap allocation that the kernel "owns" meanwhile.
#[repr(C)]
pub struct OVERLAPPED {
    /// `ULONG_PTR Internal`: the request's status, an `NTSTATUS` (`STATUS_PENDING` while it
    /// runs).
    pub Internal: usize,
    /// `ULONG_PTR InternalHigh`: the number of bytes transferred, once complete.
    pub InternalHigh: usize,
    /// `DWORD Offset`: the file position to read at (a union with `PVOID Pointer` in C);
    /// sockets have no position, so 0.
    pub Offset: u32,
    /// `DWORD OffsetHigh`: its upper half.
    pub OffsetHigh: u32,
    /// `HANDLE hEvent`: an event to signal on completion, or null; the port is told instead.
    pub hEvent: HANDLE,
}
const _: () = assert!(size_of::<OVERLAPPED>() == 32);
const _: () = assert!(align_of::<OVERLAPPED>() == 8);
const _: () = assert!(offset_of!(OVERLAPPED, InternalHigh) == 8);
const _: () = assert!(offset_of!(OVERLAPPED, Offset) == 16);
const _: () = assert!(offset_of!(OVERLAPPED, OffsetHigh) == 20);
const _: () = assert!(offset_of!(OVERLAPPED, hEvent) == 24);

impl OVERLAPPED {
    /// All zero: no event, no offset; the state a new request must start from.
    pub const fn zeroed() -> OVERLAPPED {
        OVERLAPPED {
            Internal: 0,
            InternalHigh: 0,
            Offset: 0,
            OffsetHigh: 0,
            hEvent: core::ptr::null_mut(),
        }
    }
}

/// `OVERLAPPED_ENTRY` from `<minwinbase.h>`: one completion packet, as
/// `GetQueuedCompletionStatusEx` writes it.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct OVERLAPPED_ENTRY {
    /// `ULONG_PTR lpCompletionKey`: the key given when the handle was joined to the port (or
    /// to `PostQueuedCompletionStatus`).
    pub lpCompletionKey: usize,
    /// `LPOVERLAPPED lpOverlapped`: the request's `OVERLAPPED`, exactly as passed when it
    /// started (for AFD polls: the `ApcContext` given to `NtDeviceIoControlFile`).
    pub lpOverlapped: *mut OVERLAPPED,
    /// `ULONG_PTR Internal`: reserved.
    pub Internal: usize,
    /// `DWORD dwNumberOfBytesTransferred`.
    pub dwNumberOfBytesTransferred: u32,
}
const _: () = assert!(size_of::<OVERLAPPED_ENTRY>() == 32);
const _: () = assert!(align_of::<OVERLAPPED_ENTRY>() == 8);
const _: () = assert!(offset_of!(OVERLAPPED_ENTRY, lpOverlapped) == 8);
const _: () = assert!(offset_of!(OVERLAPPED_ENTRY, Internal) == 16);
const _: () = assert!(offset_of!(OVERLAPPED_ENTRY, dwNumberOfBytesTransferred) == 24);

impl OVERLAPPED_ENTRY {
    /// An empty entry, to fill a buffer with before the first wait.
    pub const fn zeroed() -> OVERLAPPED_ENTRY {
        OVERLAPPED_ENTRY {
            lpCompletionKey: 0,
            lpOverlapped: core::ptr::null_mut(),
            Internal: 0,
            dwNumberOfBytesTransferred: 0,
        }
    }
}

/// `INVALID_HANDLE_VALUE`, `(HANDLE)-1`: what `CreateIoCompletionPort` takes as "no file: make
/// a new port".
pub const INVALID_HANDLE_VALUE: HANDLE = -1isize as HANDLE;
/// `INFINITE`: a wait with no timeout.
pub const INFINITE: u32 = 0xFFFF_FFFF;
/// `WAIT_TIMEOUT`: the error `GetQueuedCompletionStatusEx` reports when nothing came in time.
pub const WAIT_TIMEOUT: u32 = 258;
/// `FILE_SKIP_SET_EVENT_ON_HANDLE`: do not signal the handle itself on each completion (nobody
/// waits on it; the port is how we hear).
pub const FILE_SKIP_SET_EVENT_ON_HANDLE: u8 = 0x2;

#[link(name = "kernel32")]
unsafe extern "system" {
    /// `HANDLE CreateIoCompletionPort(HANDLE FileHandle, HANDLE ExistingCompletionPort,
    /// ULONG_PTR CompletionKey, DWORD NumberOfConcurrentThreads);`
    ///
    /// With `INVALID_HANDLE_VALUE` and no port: creates a port. With a file or socket and a
    /// port: joins the handle to the port, for good, with `key` on every packet of its
    /// requests. Returns the port, or null on failure.
    pub fn CreateIoCompletionPort(
        file: HANDLE,
        existing_port: HANDLE,
        key: usize,
        concurrent_threads: u32,
    ) -> HANDLE;

    /// `BOOL GetQueuedCompletionStatusEx(HANDLE CompletionPort, LPOVERLAPPED_ENTRY
    /// lpCompletionPortEntries, ULONG ulCount, PULONG ulNumEntriesRemoved, DWORD
    /// dwMilliseconds, BOOL fAlertable);`
    ///
    /// Sleeps until at least one packet is queued (or the time is up: `FALSE` with
    /// `WAIT_TIMEOUT`), then takes up to `count` of them.
    pub fn GetQueuedCompletionStatusEx(
        port: HANDLE,
        entries: *mut OVERLAPPED_ENTRY,
        count: u32,
        removed: *mut u32,
        milliseconds: u32,
        alertable: BOOL,
    ) -> BOOL;

    /// `BOOL PostQueuedCompletionStatus(HANDLE CompletionPort, DWORD
    /// dwNumberOfBytesTransferred, ULONG_PTR dwCompletionKey, LPOVERLAPPED lpOverlapped);`
    ///
    /// Queues a packet made up by the caller: no I/O at all. The three values come back as
    /// they were given; Windows never dereferences `overlapped`.
    pub fn PostQueuedCompletionStatus(
        port: HANDLE,
        bytes: u32,
        key: usize,
        overlapped: *mut OVERLAPPED,
    ) -> BOOL;

    /// `BOOL SetFileCompletionNotificationModes(HANDLE FileHandle, UCHAR Flags);`
    pub fn SetFileCompletionNotificationModes(file: HANDLE, flags: u8) -> BOOL;

    /// `BOOL CancelIoEx(HANDLE hFile, LPOVERLAPPED lpOverlapped);`
    ///
    /// Asks for the requests on `file` to end early (all of them if `overlapped` is null).
    /// Each still completes through the port, with `ERROR_OPERATION_ABORTED`: cancelling
    /// does not give a buffer back, the completion does.
    pub fn CancelIoEx(file: HANDLE, overlapped: *mut OVERLAPPED) -> BOOL;

    /// `BOOL CloseHandle(HANDLE hObject);`
    pub fn CloseHandle(handle: HANDLE) -> BOOL;
}
