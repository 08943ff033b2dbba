//! Windows: `WriteFile` from `kernel32.dll`, and `GetLastError`.
//!
//! Windows has system calls too (`ntdll.dll` makes them), but their numbers change with every
//! Windows build, so the only stable interface is the DLLs. `WriteFile` works whatever
//! standard output is: a console, a file, or a pipe. (`WriteConsoleW`, which some examples use,
//! fails when output is redirected to a file or pipe.)

use core::ffi::c_void;
use core::fmt;
use std::io;
use std::os::windows::io::{AsRawHandle, BorrowedHandle};

/// `HANDLE`: an opaque pointer-sized value naming a kernel object.
pub type Handle = *mut c_void;

/// What names an open file here: a `HANDLE`, borrowed for as long as the call needs it.
pub type Descriptor<'a> = BorrowedHandle<'a>;

/// The functions of `kernel32.dll`, declared by hand from their documented prototypes.
mod kernel32 {
    use super::Handle;
    use core::ffi::c_void;

    #[link(name = "kernel32")]
    unsafe extern "system" {
        /// `HANDLE GetStdHandle(DWORD nStdHandle);`
        pub fn GetStdHandle(std_handle: u32) -> Handle;
        /// `BOOL WriteFile(HANDLE, LPCVOID, DWORD, LPDWORD, LPOVERLAPPED);`
        pub fn WriteFile(
            file: Handle,
            buffer: *const c_void,
            bytes_to_write: u32,
            bytes_written: *mut u32,
            overlapped: *mut c_void,
        ) -> i32;
        /// `DWORD GetLastError(void);`
        pub fn GetLastError() -> u32;
    }
}

/// `STD_OUTPUT_HANDLE`, `(DWORD)-11`.
#[doc(hidden)] // pub for the facts check (scripts/facts.sh) only
pub const STD_OUTPUT_HANDLE: u32 = -11i32 as u32;
/// `INVALID_HANDLE_VALUE`, `(HANDLE)-1`.
const INVALID_HANDLE_VALUE: Handle = -1isize as Handle;

/// A Win32 error code, such as `ERROR_INVALID_HANDLE` (6).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct WinError(pub u32);

impl WinError {
    /// `ERROR_ACCESS_DENIED`
    pub const ACCESS_DENIED: WinError = WinError(5);
    /// `ERROR_INVALID_HANDLE`
    pub const INVALID_HANDLE: WinError = WinError(6);
    /// `ERROR_BROKEN_PIPE`
    pub const BROKEN_PIPE: WinError = WinError(109);
    /// `ERROR_NO_DATA`: the pipe is being closed (a write to a pipe with no reader).
    pub const NO_DATA: WinError = WinError(232);
    /// `ERROR_IO_PENDING`: an overlapped operation is still running.
    pub const IO_PENDING: WinError = WinError(997);

    const NAMES: &[(WinError, &str, &str)] = &[
        (
            WinError::ACCESS_DENIED,
            "ERROR_ACCESS_DENIED",
            "access is denied",
        ),
        (
            WinError::INVALID_HANDLE,
            "ERROR_INVALID_HANDLE",
            "the handle is invalid",
        ),
        (
            WinError::BROKEN_PIPE,
            "ERROR_BROKEN_PIPE",
            "the pipe has been ended",
        ),
        (
            WinError::NO_DATA,
            "ERROR_NO_DATA",
            "the pipe is being closed",
        ),
    ];
}

impl fmt::Display for WinError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match WinError::NAMES.iter().find(|(error, _, _)| error == self) {
            Some((_, name, meaning)) => write!(f, "{name}: {meaning}"),
            None => write!(f, "Win32 error {}", self.0),
        }
    }
}

/// The calling thread's last error, as the last failed `kernel32` call left it.
pub fn last_error() -> WinError {
    // SAFETY: `GetLastError` takes nothing and reads the calling thread's error slot.
    WinError(unsafe { kernel32::GetLastError() })
}

/// The Win32 convention, checked: a function returning `BOOL` returns `FALSE` (0) when it
/// failed and leaves the reason for `GetLastError`; anything else means it worked.
///
/// Read right after the call, before anything else can overwrite the error. Later lessons use
/// this too.
pub fn check(ok: i32) -> Result<(), WinError> {
    if ok == 0 { Err(last_error()) } else { Ok(()) }
}

/// [`check`], with the failure as the [`std::io::Error`] that std's I/O traits use (its
/// `raw_os_error()` is the Win32 code).
pub fn check_io(ok: i32) -> io::Result<()> {
    check(ok).map_err(|error| io::Error::from_raw_os_error(error.0 as i32))
}

/// The process's standard output handle.
pub fn stdout_handle() -> Result<Handle, WinError> {
    // SAFETY: `GetStdHandle` reads only its integer argument.
    let handle = unsafe { kernel32::GetStdHandle(STD_OUTPUT_HANDLE) };
    if handle == INVALID_HANDLE_VALUE {
        Err(last_error())
    } else if handle.is_null() {
        // A process with no standard output at all (a GUI program): nothing to write to.
        Err(WinError::INVALID_HANDLE)
    } else {
        Ok(handle)
    }
}

/// Writes `bytes` to `handle` with `WriteFile`; returns how many bytes were taken.
///
/// The handle is borrowed, which proves it is open for the call (Rust's I/O safety: a raw
/// handle value that was closed and reused could name someone else's object).
pub fn write(handle: Descriptor<'_>, bytes: &[u8]) -> Result<usize, WinError> {
    // `WriteFile` takes a 32-bit length: a longer buffer is written in part, like any write.
    let len = u32::try_from(bytes.len()).unwrap_or(u32::MAX);
    let mut written = 0u32;
    // SAFETY: `WriteFile` reads `len` bytes from the slice and writes the count into
    // `written`, a live local; the handle is open (borrowed). With no OVERLAPPED the call
    // completes before returning, unless the handle was opened for overlapped I/O: then it may
    // return ERROR_IO_PENDING and touch both buffers later, which is handled just below.
    let ok = unsafe {
        kernel32::WriteFile(
            handle.as_raw_handle(),
            bytes.as_ptr().cast(),
            len,
            &mut written,
            core::ptr::null_mut(),
        )
    };
    match check(ok) {
        Ok(()) => Ok(written as usize),
        // The kernel still holds pointers to `bytes` and `written`, which are about to go away:
        // continuing would let it write into freed memory. Rust's std does the same here.
        Err(WinError::IO_PENDING) => std::process::abort(),
        Err(error) => Err(error),
    }
}

/// Writes to standard output (the portable name the lesson's program uses).
pub fn write_stdout(bytes: &[u8]) -> Result<usize, WinError> {
    let handle = stdout_handle()?;
    // SAFETY: the process's standard output handle stays open while the process runs (nothing
    // in this program closes it), so borrowing it for one call is sound.
    write(unsafe { BorrowedHandle::borrow_raw(handle) }, bytes)
}
