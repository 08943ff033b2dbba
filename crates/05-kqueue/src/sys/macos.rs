//! macOS (x86_64 and aarch64): `struct kevent` and `EVFILT_USER` from XNU's `<sys/event.h>`.

use std::ffi::c_long;

/// `time_t` on macOS: `long`.
pub type TimeT = c_long;

/// A filter the program fires itself (the waker): -10 on macOS, -11 on FreeBSD.
pub const EVFILT_USER: i16 = -10;

/// `struct kevent`: one change going in, or one event (or receipt) coming out.
///
/// The header wraps it in `#pragma pack(4)`, so it is 4-byte aligned although it holds 8-byte
/// fields; every field still sits at its natural offset, 32 bytes in all. `packed(4)` says the
/// same here. (The 64-bit `kevent64_s` is another struct for another call.)
#[derive(Clone, Copy, Debug)]
#[repr(C, packed(4))]
pub struct Kevent {
    /// What to watch: a descriptor for READ and WRITE, any number for USER (`uintptr_t`).
    pub ident: usize,
    /// Which filter: `EVFILT_READ`, `EVFILT_WRITE`, `EVFILT_USER`.
    pub filter: i16,
    /// Actions going in (`EV_ADD`...), state coming out (`EV_EOF`, `EV_ERROR`).
    pub flags: u16,
    /// Filter-specific flags: `NOTE_TRIGGER` in, the socket's error with `EV_EOF` out.
    pub fflags: u32,
    /// Filter-specific data: bytes ready to read or room to write; a receipt's errno
    /// (`intptr_t`).
    pub data: isize,
    /// `void *udata` in C: handed back untouched with every event. It carries our token, a
    /// number that is never dereferenced, so it is declared as the integer of the same size.
    pub udata: usize,
}

const _: () = {
    assert!(size_of::<Kevent>() == 32);
    assert!(align_of::<Kevent>() == 4);
    assert!(core::mem::offset_of!(Kevent, ident) == 0);
    assert!(core::mem::offset_of!(Kevent, filter) == 8);
    assert!(core::mem::offset_of!(Kevent, flags) == 10);
    assert!(core::mem::offset_of!(Kevent, fflags) == 12);
    assert!(core::mem::offset_of!(Kevent, data) == 16);
    assert!(core::mem::offset_of!(Kevent, udata) == 24);
};

impl Kevent {
    /// A change: `flags` on `filter` for `ident`, carrying `udata`; `data` starts at 0.
    pub const fn new(ident: usize, filter: i16, flags: u16, fflags: u32, udata: usize) -> Kevent {
        Kevent {
            ident,
            filter,
            flags,
            fflags,
            data: 0,
            udata,
        }
    }
}
