//! Worked solution: `uname(2)` through the C library, with `struct utsname` declared by hand.
//!
//! Here the C types are a struct, and the struct is the contract: the library writes
//! `sizeof(struct utsname)` bytes wherever the pointer says, and only our declaration says how
//! many that is. Declare it a byte short and the kernel writes past the end of our value. So
//! the size is pinned by a compile-time assertion, and the strings are read as C strings:
//! up to the first 0, never past the field.

use core::ffi::{CStr, c_char, c_int};
use core::mem::{offset_of, size_of};

use ffi_syscall::{Errno, last_errno};

/// `_UTSNAME_LENGTH` in glibc (`__NEW_UTS_LEN + 1` in the kernel): every field is this long.
const FIELD: usize = 65;

/// `struct utsname` as the C library lays it out on Linux: six C strings of 65 bytes.
#[repr(C)]
pub struct Utsname {
    sysname: [c_char; FIELD],
    nodename: [c_char; FIELD],
    release: [c_char; FIELD],
    version: [c_char; FIELD],
    machine: [c_char; FIELD],
    /// A GNU extension (the NIS domain); glibc and musl both declare it.
    domainname: [c_char; FIELD],
}

// Bytes only, so no padding: 6 x 65 = 390 bytes, each field right after the other.
const _: () = {
    assert!(size_of::<Utsname>() == 390);
    assert!(offset_of!(Utsname, machine) == 4 * FIELD);
};

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

unsafe extern "C" {
    /// `int uname(struct utsname *buf);` from `<sys/utsname.h>`.
    #[link_name = "uname"]
    fn uname_c(buf: *mut Utsname) -> c_int;
}

/// The running kernel's names, from the C library's `uname`.
pub fn uname() -> Result<SystemName, Errno> {
    // All zeros is a valid `Utsname` (arrays of integers), so no `MaybeUninit` is needed, and
    // every field ends in a 0 even if the library were to leave one untouched.
    let mut names = Utsname {
        sysname: [0; FIELD],
        nodename: [0; FIELD],
        release: [0; FIELD],
        version: [0; FIELD],
        machine: [0; FIELD],
        domainname: [0; FIELD],
    };
    // SAFETY: the library writes one `struct utsname` (390 bytes, asserted above) at `&mut
    // names`, a live local value of exactly that layout, and keeps no pointer.
    if unsafe { uname_c(&mut names) } == -1 {
        return Err(last_errno()); // only EFAULT, for a bad pointer: never with ours
    }
    Ok(SystemName {
        sysname: text(&names.sysname),
        nodename: text(&names.nodename),
        release: text(&names.release),
        machine: text(&names.machine),
    })
}

/// A field as a `String`: its bytes up to the first 0 (the whole field if there is none).
fn text(field: &[c_char; FIELD]) -> String {
    // `c_char` is `i8` on x86_64 and `u8` on aarch64: the same byte either way, taken as it is.
    let bytes: Vec<u8> = field
        .iter()
        .map(|&c| u8::from_ne_bytes(c.to_ne_bytes()))
        .collect();
    match CStr::from_bytes_until_nul(&bytes) {
        Ok(text) => text.to_string_lossy().into_owned(),
        Err(_) => String::from_utf8_lossy(&bytes).into_owned(),
    }
}
