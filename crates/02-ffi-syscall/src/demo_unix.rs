//! The lesson's Unix-specific lines.

use std::fs::File;
use std::os::fd::AsFd;

use ffi_syscall::{Descriptor, ERRNO_FUNCTION};

pub use raw_level::{RAW_LEVEL, raw_write};

// The targets lesson 01 has a raw path for (on macOS, as its learning exercise).
#[cfg(all(
    any(target_os = "linux", target_os = "macos"),
    any(target_arch = "x86_64", target_arch = "aarch64")
))]
mod raw_level {
    use std::os::fd::{AsRawFd, BorrowedFd};

    use ffi_syscall::Errno;

    /// Writes `bytes` to `fd` by lesson 01's raw syscall.
    pub fn raw_write(fd: BorrowedFd<'_>, bytes: &[u8]) -> Option<Result<usize, Errno>> {
        // SAFETY: a `BorrowedFd` is open for the whole call; `write` reads `bytes` only.
        Some(unsafe { raw_syscall::write(fd.as_raw_fd(), bytes) })
    }
    pub const RAW_LEVEL: &str = if cfg!(target_os = "macos") {
        // Run here as in lesson 01, and said so: it works on the macOS releases it was written
        // for, but Apple publishes no stable syscall ABI, so no real program should do this.
        "registers and one instruction (on macOS a learning exercise: no stable ABI)."
    } else {
        "registers and one instruction, nothing in between."
    };
}
#[cfg(not(all(
    any(target_os = "linux", target_os = "macos"),
    any(target_arch = "x86_64", target_arch = "aarch64")
)))]
mod raw_level {
    use std::os::fd::BorrowedFd;

    use ffi_syscall::Errno;

    /// No raw syscall on this target: always `None`.
    pub fn raw_write(_: BorrowedFd<'_>, _: &[u8]) -> Option<Result<usize, Errno>> {
        None
    }
    pub const RAW_LEVEL: &str = "not on this target (lesson 01 covers Linux and macOS).";
}

/// The device that discards what is written to it.
pub const NULL_DEVICE: &str = "/dev/null";

/// The descriptor of an open file (or of standard output), borrowed.
pub fn descriptor_of(file: &impl AsFd) -> Descriptor<'_> {
    file.as_fd()
}

pub const FFI_LEVEL: &str = "`write` from the C library, declared in `unsafe extern \"C\"`.";

pub const WHAT_EACH_LEVEL_DID: [&str; 6] = [
    "raw syscall  nothing: you chose the number and registers and decoded -errno yourself.",
    "C library    one portable C function per syscall, the same on every Unix; the syscall",
    "             number and register rules are its business. Errors: -1, reason in errno.",
    "std          a lock so threads' lines do not mix, a line buffer (one write per line),",
    "             retries after EINTR and after partial writes, and errors as io::Error.",
    "             Underneath, it calls the very same C `write`.",
];

/// Writes to a descriptor opened for reading only, and explains what came back.
pub fn show_a_failure() -> String {
    let read_only = match File::open(NULL_DEVICE) {
        Ok(file) => file,
        Err(error) => return format!("(cannot open {NULL_DEVICE}: {error})"),
    };
    match ffi_syscall::write(read_only.as_fd(), b"lost") {
        Ok(n) => format!("write to a read-only descriptor unexpectedly took {n} bytes"),
        Err(errno) => format!(
            "write(fd {}, ...) on a descriptor opened read-only returned -1,\n  \
             and errno, read through {ERRNO_FUNCTION}, said {errno}.",
            std::os::fd::AsRawFd::as_raw_fd(&read_only)
        ),
    }
}
