//! The lesson's Unix-specific lines.

use std::os::fd::AsRawFd;

use std::fs::File;

use ffi_syscall::{Descriptor, ERRNO_FUNCTION, Errno, STDOUT};

/// A raw-syscall write, where lesson 01 has one for this target.
pub type RawWrite = fn(Descriptor, &[u8]) -> Result<usize, Errno>;

pub use raw_level::{RAW_LEVEL, RAW_WRITE};

// The targets lesson 01 has a raw path for.
#[cfg(all(
    any(target_os = "linux", target_os = "macos"),
    any(target_arch = "x86_64", target_arch = "aarch64")
))]
mod raw_level {
    pub const RAW_WRITE: Option<super::RawWrite> = Some(raw_syscall::write);
    pub const RAW_LEVEL: &str = "registers and one instruction, nothing in between.";
}
#[cfg(not(all(
    any(target_os = "linux", target_os = "macos"),
    any(target_arch = "x86_64", target_arch = "aarch64")
)))]
mod raw_level {
    pub const RAW_WRITE: Option<super::RawWrite> = None;
    pub const RAW_LEVEL: &str = "not on this target (lesson 01 covers Linux and macOS).";
}

/// Writes to stdout by the raw syscall, if this target has one.
pub fn raw_write_stdout(bytes: &[u8]) -> Option<Result<usize, Errno>> {
    RAW_WRITE.map(|write| write(STDOUT, bytes))
}

/// The device that discards what is written to it.
pub const NULL_DEVICE: &str = "/dev/null";

/// The descriptor number of an open file.
pub fn descriptor_of(file: &File) -> Descriptor {
    file.as_raw_fd()
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

/// Writes to a descriptor that was just closed and explains what came back.
pub fn show_a_failure() -> String {
    let closed_fd = match File::open(NULL_DEVICE) {
        Ok(file) => file.as_raw_fd(), // closed again when `file` drops, at the end of this arm
        Err(error) => return format!("(cannot open /dev/null to get a descriptor: {error})"),
    };
    match ffi_syscall::write(closed_fd, b"lost") {
        Ok(n) => format!("write to closed fd {closed_fd} unexpectedly took {n} bytes"),
        Err(errno) => format!(
            "write(fd {closed_fd}, ...) on a closed descriptor returned -1,\n  \
             and errno, read through {ERRNO_FUNCTION}, said {errno}."
        ),
    }
}
