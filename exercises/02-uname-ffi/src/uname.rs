//! Your exercise: `uname(2)` through the C library, with `struct utsname` declared by hand.
//!
//! From `<sys/utsname.h>` (glibc and musl on Linux):
//!
//! ```c
//! struct utsname {
//!     char sysname[65];  char nodename[65];  char release[65];
//!     char version[65];  char machine[65];   char domainname[65];
//! };
//! int uname(struct utsname *buf);
//! ```
//!
//! The kernel writes each field as a C string: bytes, then a 0, then whatever. Declare the
//! struct with `#[repr(C)]` (its size must be 390: the check tests it), declare `uname`, call it
//! on a zeroed struct, and turn each field you return into a `String` up to its first 0 byte
//! (`CStr::from_bytes_until_nul`). On -1, return `ffi_syscall::last_errno()`.

use ffi_syscall::Errno;

/// `struct utsname` as the C library lays it out. Replace `()` with the six fields.
#[repr(C)]
pub struct Utsname {
    _fields: (),
}

/// What `uname` says, as Rust strings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SystemName {
    /// The kernel's name: "Linux".
    pub sysname: String,
    /// This machine's host name.
    pub nodename: String,
    /// The kernel's release, such as "6.8.0-45-generic".
    pub release: String,
    /// The CPU: "x86_64", "aarch64".
    pub machine: String,
}

/// The running kernel's names, from the C library's `uname`.
pub fn uname() -> Result<SystemName, Errno> {
    todo!(
        "declare the six [c_char; 65] fields above and `fn uname(buf: *mut Utsname) -> c_int;` \
         in an `unsafe extern \"C\"` block; call it on a zeroed Utsname and convert the fields"
    )
}
