//! Every Windows declaration this lesson uses, by hand, one file per DLL (plus one for the AFD
//! driver's private interface).
//!
//! Each function carries the C prototype it mirrors, and each structure that Windows reads or
//! writes in our memory carries compile-time assertions of its size, alignment and field
//! offsets against the C headers (checked with mingw-w64's headers and against mio, polling
//! and wepoll for the AFD structures, which no public header has). Being `const` assertions,
//! they are checked by every build for Windows, including the MSVC target that this machine
//! can only compile for.
//!
//! The names are the C names, so that each can be looked up in Microsoft's documentation.

// C names, on purpose: `OVERLAPPED`, `lpCompletionKey`, `NtCreateFile`.
#![allow(non_snake_case, non_camel_case_types, clippy::upper_case_acronyms)]

// This lesson declares the 64-bit layouts only (pointer-sized fields are 8 bytes).
#[cfg(not(target_pointer_width = "64"))]
compile_error!("lesson 06 declares the 64-bit Windows layouts only");

pub mod afd;
pub mod kernel32;
pub mod ntdll;
pub mod ws2_32;

use core::ffi::c_void;

/// `HANDLE`: an opaque pointer-sized value naming a kernel object.
pub type HANDLE = *mut c_void;

/// `SOCKET`: a `UINT_PTR`. It is a kernel handle too, which is why it can be joined to a
/// completion port like a file.
pub type SOCKET = usize;

/// `BOOL`: a 32-bit `int`; 0 is false (and, as a return value, failure).
pub type BOOL = i32;
