//! The lesson's Windows-specific lines.

use std::fs::File;
use std::os::windows::io::AsHandle;

use ffi_syscall::{Descriptor, WinError};

/// A raw-syscall write: Windows has none a program may use, so always `None`.
pub fn raw_write(_: Descriptor<'_>, _: &[u8]) -> Option<Result<usize, WinError>> {
    None
}

/// The device that discards what is written to it.
pub const NULL_DEVICE: &str = "NUL";

/// The handle of an open file (or of standard output), borrowed.
pub fn descriptor_of(file: &impl AsHandle) -> Descriptor<'_> {
    file.as_handle()
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

/// Writes to a file opened for reading only, and explains what came back.
pub fn show_a_failure() -> String {
    let path = std::env::temp_dir().join(format!("ffi-syscall-{}.txt", std::process::id()));
    let read_only = std::fs::write(&path, b"").and_then(|()| File::open(&path));
    let result = match &read_only {
        Ok(file) => ffi_syscall::write(file.as_handle(), b"lost"),
        Err(error) => return format!("(cannot create a file to read: {error})"),
    };
    drop(read_only);
    let _ = std::fs::remove_file(&path);
    match result {
        Ok(n) => format!("WriteFile on a read-only handle unexpectedly took {n} bytes"),
        Err(error) => format!(
            "WriteFile on a handle opened read-only returned FALSE,\n  and GetLastError() said {error}."
        ),
    }
}
