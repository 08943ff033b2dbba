//! FreeBSD 12 and later (x86_64): `struct kevent` and `EVFILT_USER` from `<sys/event.h>`.
//!
//! FreeBSD 12 widened `struct kevent`: `data` became 64-bit everywhere and four 64-bit `ext`
//! words were added, 64 bytes in all. Old binaries keep working because libc exports two
//! versions of `kevent`: `kevent@FBSD_1.0` takes the old 32-byte struct, and the default
//! `kevent@@FBSD_1.5` the new one. A program linked today against a FreeBSD 12+ libc, as ours
//! is, binds the plain name to the default: the layout below.

/// `time_t` on x86_64 FreeBSD: `__int64_t`.
pub type TimeT = i64;

/// A filter the program fires itself (the waker): -11 on FreeBSD (`EVFILT_LIO` took -10),
/// -10 on macOS.
pub const EVFILT_USER: i16 = -11;

/// `struct kevent`: one change going in, or one event (or receipt) coming out.
#[derive(Clone, Copy, Debug)]
#[repr(C)]
pub struct Kevent {
    /// What to watch: a descriptor for READ and WRITE, any number for USER (`uintptr_t`).
    pub ident: usize,
    /// Which filter: `EVFILT_READ`, `EVFILT_WRITE`, `EVFILT_USER` (`short`).
    pub filter: i16,
    /// Actions going in (`EV_ADD`...), state coming out (`EV_EOF`, `EV_ERROR`).
    pub flags: u16,
    /// Filter-specific flags: `NOTE_TRIGGER` in, the socket's error with `EV_EOF` out.
    pub fflags: u32,
    /// Filter-specific data: bytes ready to read or room to write; a receipt's errno
    /// (`__int64_t` since FreeBSD 12).
    pub data: i64,
    /// `void *udata` in C: handed back untouched with every event. It carries our token, a
    /// number that is never dereferenced, so it is declared as the integer of the same size.
    pub udata: usize,
    /// Extensions (timers' and AIO's); zero for the filters used here.
    pub ext: [u64; 4],
}

const _: () = {
    assert!(size_of::<Kevent>() == 64);
    assert!(align_of::<Kevent>() == 8);
    assert!(core::mem::offset_of!(Kevent, ident) == 0);
    assert!(core::mem::offset_of!(Kevent, filter) == 8);
    assert!(core::mem::offset_of!(Kevent, flags) == 10);
    assert!(core::mem::offset_of!(Kevent, fflags) == 12);
    assert!(core::mem::offset_of!(Kevent, data) == 16);
    assert!(core::mem::offset_of!(Kevent, udata) == 24);
    assert!(core::mem::offset_of!(Kevent, ext) == 32);
};

impl Kevent {
    /// A change: `flags` on `filter` for `ident`, carrying `udata`; `data` and `ext` start at 0.
    pub const fn new(ident: usize, filter: i16, flags: u16, fflags: u32, udata: usize) -> Kevent {
        Kevent {
            ident,
            filter,
            flags,
            fflags,
            data: 0,
            udata,
            ext: [0; 4],
        }
    }
}
