//! The lesson's Windows-specific lines.

use std::os::windows::io::AsRawHandle;

use std::fs::File;

use ffi_syscall::{Descriptor, WinError};

/// A raw-syscall write: Windows has none a program may use.
pub type RawWrite = fn(Descriptor, &[u8]) -> Result<usize, WinError>;

pub const RAW_WRITE: Option<RawWrite> = None;

/// Writes to stdout by the raw syscall: never, on Windows.
pub fn raw_write_stdout(_: &[u8]) -> Option<Result<usize, WinError>> {
    None
}

/// The device that discards what is written to it.
pub const NULL_DEVICE: &str = "NUL";

/// The handle of an open file.
pub fn descriptor_of(file: &File) -> Descriptor {
    file.as_raw_handle()
}
pub const RAW_LEVEL: &str =
    "not on Windows: its syscall numbers change with each build, so only DLLs are stable.";

pub const FFI_LEVEL: &str =
    "`WriteFile` from kernel32.dll, declared in `unsafe extern \"system\"`.";

pub const WHAT_EACH_LEVEL_DID: [&str; 5] = [
    "kernel32     the only stable door to the kernel on Windows: `WriteFile` works for",
    "             consoles, files and pipes. Errors: FALSE, reason from GetLastError().",
    "std          a lock so threads' lines do not mix, a line buffer (one write per line),",
    "             retries after partial writes, UTF-16 for consoles, and errors as io::Error.",
    "             Underneath, it calls the very same `WriteFile` (or `WriteConsoleW`).",
];

/// Writes to a handle that was just closed and explains what came back.
pub fn show_a_failure() -> String {
    let path = std::env::temp_dir().join("ffi-syscall-closed-handle.txt");
    let closed = match File::create(&path) {
        Ok(file) => file.as_raw_handle(), // closed again when `file` drops, at the end of this arm
        Err(error) => return format!("(cannot create a file to get a handle: {error})"),
    };
    let result = ffi_syscall::write(closed, b"lost");
    let _ = std::fs::remove_file(&path);
    match result {
        Ok(n) => format!("WriteFile on a closed handle unexpectedly took {n} bytes"),
        Err(error) => format!(
            "WriteFile on a closed handle returned FALSE,\n  and GetLastError() said {error}."
        ),
    }
}
