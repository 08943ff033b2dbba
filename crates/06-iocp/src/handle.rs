//! An owned kernel handle: closed exactly once, when dropped.

use std::io;

use crate::sys::HANDLE;
use crate::sys::kernel32::CloseHandle;

/// A handle this program owns (a completion port, or the AFD helper).
pub(crate) struct OwnedHandle {
    /// Invariant: an open handle that nothing else closes.
    raw: HANDLE,
}

// SAFETY: a kernel handle is a number valid in the whole process: any thread may use or close
// it. The type holds no memory of its own.
unsafe impl Send for OwnedHandle {}
// SAFETY: as above; every use through `&OwnedHandle` is a system call that the kernel
// serialises itself.
unsafe impl Sync for OwnedHandle {}

impl OwnedHandle {
    /// Takes ownership of `raw`, or reports the last error if it is null (how the calls that
    /// create these handles fail).
    ///
    /// # Safety
    ///
    /// A non-null `raw` must be an open handle that nothing else owns: it is closed on drop.
    pub(crate) unsafe fn from_raw_or_last_error(raw: HANDLE) -> io::Result<OwnedHandle> {
        if raw.is_null() {
            Err(crate::last_error())
        } else {
            Ok(OwnedHandle { raw })
        }
    }

    /// The handle, still owned by `self`.
    pub(crate) fn raw(&self) -> HANDLE {
        self.raw
    }
}

impl Drop for OwnedHandle {
    fn drop(&mut self) {
        // SAFETY: the handle is open and owned by this value, which is going away; nothing
        // uses it afterwards. A failure could only mean a bug elsewhere; nothing to do then.
        unsafe { CloseHandle(self.raw) };
    }
}
