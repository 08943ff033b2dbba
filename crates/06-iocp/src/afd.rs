//! The AFD helper: a handle to the Winsock driver through which we ask "tell me when this
//! socket is ready", with the answer arriving at the completion port.

use std::ffi::c_void;
use std::io;
use std::mem::size_of;
use std::os::windows::io::{AsRawHandle, FromRawHandle, OwnedHandle};
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::port::Port;
use crate::sys::HANDLE;
use crate::sys::afd::{AFD_POLL_INFO, IOCTL_AFD_POLL};
use crate::sys::kernel32::{FILE_SKIP_SET_EVENT_ON_HANDLE, SetFileCompletionNotificationModes};
use crate::sys::ntdll::{
    FILE_OPEN, FILE_SHARE_READ, FILE_SHARE_WRITE, IO_STATUS_BLOCK, NtCancelIoFileEx, NtCreateFile,
    NtDeviceIoControlFile, OBJECT_ATTRIBUTES, STATUS_NOT_FOUND, STATUS_PENDING, STATUS_SUCCESS,
    SYNCHRONIZE, UNICODE_STRING,
};

/// The completion key of every AFD poll's packet: the port tells them from other packets by
/// it, and then knows that the packet's pointer is a lent `SockState` reference.
pub(crate) const KEY: usize = 1;

/// `\Device\Afd\Course`, in UTF-16. Opening `\Device\Afd` with any suffix and no extended
/// attributes gives a handle to the driver that is not itself a socket: a channel for
/// requests about other sockets. (wepoll opens `\Device\Afd\Wepoll`, mio `\Device\Afd\Mio`.)
const DEVICE_NAME: [u16; 18] = {
    let name = b"\\Device\\Afd\\Course";
    let mut wide = [0u16; 18];
    let mut i = 0;
    while i < name.len() {
        wide[i] = name[i] as u16;
        i += 1;
    }
    wide
};

/// A handle to the AFD driver, joined to a completion port, and a count of the polls started
/// on it whose packets nobody has taken yet (the kernel may still write their memory).
pub(crate) struct Afd {
    handle: OwnedHandle,
    in_flight: AtomicUsize,
}

impl Afd {
    /// Opens the driver with `NtCreateFile` and joins the handle to `port` with [`KEY`].
    pub(crate) fn open(port: &Port) -> io::Result<Afd> {
        let name = UNICODE_STRING {
            Length: size_of::<[u16; 18]>() as u16,
            MaximumLength: size_of::<[u16; 18]>() as u16,
            Buffer: DEVICE_NAME.as_ptr(),
        };
        let attributes = OBJECT_ATTRIBUTES {
            Length: size_of::<OBJECT_ATTRIBUTES>() as u32,
            RootDirectory: std::ptr::null_mut(),
            ObjectName: &raw const name,
            Attributes: 0,
            SecurityDescriptor: std::ptr::null_mut(),
            SecurityQualityOfService: std::ptr::null_mut(),
        };
        let mut raw: HANDLE = std::ptr::null_mut();
        let mut iosb = IO_STATUS_BLOCK::zeroed();
        // SAFETY: NtCreateFile reads `attributes` and the name it points to (both live
        // locals, the name's buffer a static), writes the new handle into `raw` and the
        // result into `iosb` (live locals), before it returns: the open is synchronous.
        let status = unsafe {
            NtCreateFile(
                &raw mut raw,
                SYNCHRONIZE,
                &raw const attributes,
                &raw mut iosb,
                std::ptr::null(),
                0,
                FILE_SHARE_READ | FILE_SHARE_WRITE,
                FILE_OPEN,
                0,
                std::ptr::null_mut(),
                0,
            )
        };
        if status != STATUS_SUCCESS {
            return Err(crate::nt_error(status));
        }
        // SAFETY: the call succeeded, so `raw` is a new open handle that only we know: std's
        // `OwnedHandle` closes it once, on drop.
        let handle = unsafe { OwnedHandle::from_raw_handle(raw) };
        port.associate(handle.as_raw_handle(), KEY)?;
        // SAFETY: the call sets a flag on the handle; it touches no memory of ours.
        if unsafe {
            SetFileCompletionNotificationModes(
                handle.as_raw_handle(),
                FILE_SKIP_SET_EVENT_ON_HANDLE,
            )
        } == 0
        {
            return Err(crate::last_error());
        }
        Ok(Afd {
            handle,
            in_flight: AtomicUsize::new(0),
        })
    }

    /// How many polls started here have not had their packet taken from the port.
    pub(crate) fn in_flight(&self) -> usize {
        self.in_flight.load(Ordering::Acquire)
    }

    /// The packet of one of this handle's polls has been taken from the port.
    pub(crate) fn completed(&self) {
        self.in_flight.fetch_sub(1, Ordering::AcqRel);
    }

    /// Starts a poll: `IOCTL_AFD_POLL` with `info` as both input and output, `iosb` for the
    /// result, and `context` as the completion packet's `lpOverlapped`. Returns `Ok` if the
    /// poll started (whether it finished at once or is pending: a packet comes either way).
    ///
    /// # Safety
    ///
    /// `info` and `iosb` must stay valid and untouched by this program until the packet
    /// carrying `context` has been taken from the port: the kernel writes both when the poll
    /// completes, and reads `iosb`'s address when asked to cancel it.
    pub(crate) unsafe fn poll(
        &self,
        info: *mut AFD_POLL_INFO,
        iosb: *mut IO_STATUS_BLOCK,
        context: *mut c_void,
    ) -> io::Result<()> {
        let size = size_of::<AFD_POLL_INFO>() as u32;
        // Counted before the call: the polling thread may take the packet before it returns.
        self.in_flight.fetch_add(1, Ordering::AcqRel);
        // SAFETY: the driver copies `size` bytes in from `info` now, copies the answer back
        // into it on completion and writes `iosb` then: both valid until the completion by
        // the caller's promise. `context` is carried to the port, never dereferenced.
        let status = unsafe {
            NtDeviceIoControlFile(
                self.handle.as_raw_handle(),
                std::ptr::null_mut(),
                None,
                context,
                iosb,
                IOCTL_AFD_POLL,
                info.cast(),
                size,
                info.cast(),
                size,
            )
        };
        match status {
            STATUS_SUCCESS | STATUS_PENDING => Ok(()),
            error => {
                self.in_flight.fetch_sub(1, Ordering::AcqRel); // no packet will come
                Err(crate::nt_error(error))
            }
        }
    }

    /// Asks the driver to end the poll whose status block is `iosb` early. It still completes
    /// through the port (`STATUS_CANCELLED`, or normally if it won the race).
    ///
    /// # Safety
    ///
    /// `iosb` must be the status block of a poll started on this handle whose completion has
    /// not yet been taken from the port (so that the address names that poll and no other).
    pub(crate) unsafe fn cancel(&self, iosb: *mut IO_STATUS_BLOCK) -> io::Result<()> {
        // No peeking at `iosb` first (wepoll and mio skip the call if its status is no longer
        // pending): the kernel may be writing it right now. The call itself copes with a poll
        // that has already finished, by saying STATUS_NOT_FOUND.
        let mut cancel_iosb = IO_STATUS_BLOCK::zeroed();
        // SAFETY: NtCancelIoFileEx uses `iosb`'s address to find the request (it does not
        // write it; the cancelled request does, on completion) and writes its own result
        // into `cancel_iosb`, a live local.
        let status =
            unsafe { NtCancelIoFileEx(self.handle.as_raw_handle(), iosb, &raw mut cancel_iosb) };
        match status {
            // NOT_FOUND: the poll had already completed, before or during this call; its
            // packet is queued (or about to be) and is taken as usual. Nothing to cancel.
            STATUS_SUCCESS | STATUS_NOT_FOUND => Ok(()),
            error => Err(crate::nt_error(error)),
        }
    }
}
