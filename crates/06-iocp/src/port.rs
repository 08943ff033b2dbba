//! The completion port itself: create, join a handle, wait for packets, post a packet.
//!
//! Both halves of the lesson sit on this: the completion demo joins its sockets here, and the
//! readiness queue joins its AFD helper handle.

use std::io;
use std::os::windows::io::{AsRawHandle, HandleOrNull, OwnedHandle};
use std::time::Duration;

use epoll::deadline::millis_rounded_up;

use crate::sys::HANDLE;
use crate::sys::kernel32::{
    CreateIoCompletionPort, GetQueuedCompletionStatusEx, INFINITE, INVALID_HANDLE_VALUE,
    OVERLAPPED, OVERLAPPED_ENTRY, PostQueuedCompletionStatus, WAIT_TIMEOUT,
};

/// An I/O completion port: a kernel queue of finished requests.
pub(crate) struct Port {
    handle: OwnedHandle,
}

impl Port {
    /// A new, empty port.
    pub(crate) fn new() -> io::Result<Port> {
        // SAFETY: with INVALID_HANDLE_VALUE and no existing port, the call only creates a port
        // and returns its handle (or null); it touches no memory of ours. 0 threads: as many
        // may run at once as there are CPUs (we only ever have one waiting).
        let raw =
            unsafe { CreateIoCompletionPort(INVALID_HANDLE_VALUE, std::ptr::null_mut(), 0, 0) };
        // SAFETY: the result is a new port handle that only we know, or null (the way this
        // call fails), which is what `HandleOrNull` expects.
        let handle = unsafe { HandleOrNull::from_raw_handle(raw) };
        let handle = OwnedHandle::try_from(handle).map_err(|_null| crate::last_error())?;
        Ok(Port { handle })
    }

    /// The port's handle, still owned by the port.
    pub(crate) fn raw(&self) -> HANDLE {
        self.handle.as_raw_handle()
    }

    /// Joins `file` (a socket, or any handle opened for overlapped I/O) to this port: from now
    /// on, each of its overlapped requests ends with a packet here carrying `key`. A handle can
    /// be joined to one port only, and never leaves it until it is closed.
    pub(crate) fn associate(&self, file: HANDLE, key: usize) -> io::Result<()> {
        // SAFETY: the call reads the two handle values and the key; it touches no memory of
        // ours. An invalid `file` makes it fail with ERROR_INVALID_HANDLE.
        let result = unsafe { CreateIoCompletionPort(file, self.raw(), key, 0) };
        if result.is_null() {
            Err(crate::last_error())
        } else {
            Ok(())
        }
    }

    /// Sleeps until at least one packet is queued or `timeout` passes (`None`: forever), then
    /// moves up to `entries.len()` packets into `entries`; returns how many (0 after a timeout).
    pub(crate) fn wait(
        &self,
        entries: &mut [OVERLAPPED_ENTRY],
        timeout: Option<Duration>,
    ) -> io::Result<usize> {
        let count = u32::try_from(entries.len()).unwrap_or(u32::MAX);
        let mut removed = 0u32;
        // SAFETY: the call writes at most `count` entries into `entries`, a live mutable slice
        // at least that long, and the number written into `removed`, a live local. Not
        // alertable: no APC can run inside it.
        let ok = unsafe {
            GetQueuedCompletionStatusEx(
                self.raw(),
                entries.as_mut_ptr(),
                count,
                &raw mut removed,
                port_millis(timeout),
                0,
            )
        };
        if ok != 0 {
            return Ok(removed as usize);
        }
        let error = crate::last_error();
        if error.raw_os_error() == Some(WAIT_TIMEOUT as i32) {
            Ok(0) // nothing came in time: not an error for a poll
        } else {
            Err(error)
        }
    }

    /// Queues a packet that no I/O produced: `key`, `overlapped` and `bytes` come out of
    /// [`wait`](Self::wait) exactly as given, and Windows never looks behind `overlapped`.
    pub(crate) fn post(
        &self,
        key: usize,
        overlapped: *mut OVERLAPPED,
        bytes: u32,
    ) -> io::Result<()> {
        // SAFETY: the call copies the three values into a new packet; the pointer is carried,
        // never dereferenced, so it needs no validity.
        let ok = unsafe { PostQueuedCompletionStatus(self.raw(), bytes, key, overlapped) };
        if ok == 0 {
            Err(crate::last_error())
        } else {
            Ok(())
        }
    }
}

/// `GetQueuedCompletionStatusEx`'s timeout: `INFINITE` for none, else whole milliseconds
/// rounded *up* by lesson 04's rule (1 µs waits 1 ms rather than turning the wait into a busy
/// loop), at most `i32::MAX` (about 24.8 days; `Poll::poll` waits again after that), so a
/// finite wait never becomes `INFINITE` by accident.
fn port_millis(timeout: Option<Duration>) -> u32 {
    millis_rounded_up(timeout).map_or(INFINITE, |millis| millis as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timeouts_round_up_to_whole_milliseconds() {
        assert_eq!(port_millis(None), INFINITE);
        assert_eq!(port_millis(Some(Duration::ZERO)), 0);
        assert_eq!(port_millis(Some(Duration::from_nanos(1))), 1);
        assert_eq!(port_millis(Some(Duration::from_micros(1500))), 2);
        assert_eq!(port_millis(Some(Duration::from_millis(7))), 7);
        // Never INFINITE by accident: a long finite wait stays finite (capped, then waited
        // again by `Poll::poll`).
        let longest = i32::MAX as u32;
        assert_eq!(
            port_millis(Some(Duration::from_millis(u64::from(INFINITE)))),
            longest
        );
        assert_eq!(port_millis(Some(Duration::MAX)), longest);
    }

    #[test]
    fn a_posted_packet_comes_back_as_it_was_sent() {
        let port = Port::new().unwrap();
        let marker = 0x1234_5678usize as *mut OVERLAPPED; // carried, never dereferenced
        port.post(42, marker, 7).unwrap();
        let mut entries = [OVERLAPPED_ENTRY::zeroed(); 4];
        assert_eq!(
            port.wait(&mut entries, Some(Duration::from_secs(5)))
                .unwrap(),
            1
        );
        assert_eq!(entries[0].lpCompletionKey, 42);
        assert_eq!(entries[0].lpOverlapped, marker);
        assert_eq!(entries[0].dwNumberOfBytesTransferred, 7);
        // Taken: the port is empty again, and a zero timeout returns at once with nothing.
        assert_eq!(port.wait(&mut entries, Some(Duration::ZERO)).unwrap(), 0);
    }
}
