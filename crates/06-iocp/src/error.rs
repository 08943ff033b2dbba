//! The three ways a Windows call reports failure, each as a `std::io::Error`.

use std::io;

use crate::sys::ntdll::{NTSTATUS, RtlNtStatusToDosError};
use crate::sys::ws2_32::WSAGetLastError;

/// The thread's last `kernel32` error (`GetLastError`, as lesson 02 declared it).
pub(crate) fn last_error() -> io::Error {
    io::Error::from_raw_os_error(ffi_syscall::last_error().0 as i32)
}

/// The thread's last Winsock error (`WSAGetLastError`: a `WSAE...` code).
pub(crate) fn last_wsa_error() -> io::Error {
    // SAFETY: `WSAGetLastError` takes nothing and reads the calling thread's error slot.
    io::Error::from_raw_os_error(unsafe { WSAGetLastError() })
}

/// An `NTSTATUS` from a native call, as the Win32 error it corresponds to.
pub(crate) fn nt_error(status: NTSTATUS) -> io::Error {
    // SAFETY: `RtlNtStatusToDosError` maps one integer to another; it touches no memory of ours.
    let code = unsafe { RtlNtStatusToDosError(status) };
    io::Error::from_raw_os_error(code as i32)
}
