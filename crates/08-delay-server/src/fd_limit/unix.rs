//! Unix: `getrlimit` and `setrlimit` from the C library, declared by hand.

use core::ffi::c_int;
use core::mem::{offset_of, size_of};
use std::io;

use super::FdLimit;

/// `RLIMIT_NOFILE` from `<sys/resource.h>`: 7 on Linux, 8 on macOS and FreeBSD.
#[cfg(target_os = "linux")]
pub const RLIMIT_NOFILE: c_int = 7;
#[cfg(any(target_os = "macos", target_os = "freebsd"))]
pub const RLIMIT_NOFILE: c_int = 8;

/// `OPEN_MAX` from macOS's `<sys/syslimits.h>`: macOS refuses a soft limit above it
/// (`EINVAL`) when the hard limit is "unlimited", as it is by default there.
#[cfg(target_os = "macos")]
pub const OPEN_MAX: u64 = 10240;

/// `struct rlimit`: the soft and the hard limit. `rlim_t` is a 64-bit integer on the three
/// (unsigned on Linux and macOS, signed on FreeBSD, where "unlimited" is `i64::MAX`; every
/// value we handle fits both).
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Default, Clone, Copy)]
pub struct rlimit {
    pub rlim_cur: u64,
    pub rlim_max: u64,
}
const _: () = assert!(size_of::<rlimit>() == 16);
const _: () = assert!(offset_of!(rlimit, rlim_cur) == 0);
const _: () = assert!(offset_of!(rlimit, rlim_max) == 8);

unsafe extern "C" {
    /// `int getrlimit(int resource, struct rlimit *rlim);`
    fn getrlimit(resource: c_int, rlim: *mut rlimit) -> c_int;
    /// `int setrlimit(int resource, const struct rlimit *rlim);`
    fn setrlimit(resource: c_int, rlim: *const rlimit) -> c_int;
}

fn get() -> io::Result<rlimit> {
    let mut limits = rlimit::default();
    // SAFETY: `getrlimit` writes one `struct rlimit` (16 bytes, layout checked above) into
    // `limits`, a live local.
    if unsafe { getrlimit(RLIMIT_NOFILE, &raw mut limits) } == -1 {
        return Err(io::Error::last_os_error());
    }
    Ok(limits)
}

fn set(limits: rlimit) -> io::Result<()> {
    // SAFETY: `setrlimit` reads one `struct rlimit` from `limits`, a live local.
    if unsafe { setrlimit(RLIMIT_NOFILE, &raw const limits) } == -1 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

/// Sets the soft limit to the hard one (on macOS, to at most `OPEN_MAX` if it must).
pub fn raise() -> io::Result<FdLimit> {
    let limits = get()?;
    if limits.rlim_cur >= limits.rlim_max {
        return Ok(FdLimit::Unchanged(limits.rlim_cur));
    }
    let wanted = rlimit {
        rlim_cur: limits.rlim_max,
        ..limits
    };
    match set(wanted) {
        Ok(()) => {}
        #[cfg(target_os = "macos")]
        Err(error) if error.kind() == io::ErrorKind::InvalidInput => {
            let capped = limits.rlim_max.min(OPEN_MAX).max(limits.rlim_cur);
            set(rlimit {
                rlim_cur: capped,
                ..limits
            })?;
        }
        Err(error) => return Err(error),
    }
    let now = get()?.rlim_cur;
    Ok(if now > limits.rlim_cur {
        FdLimit::Raised(limits.rlim_cur, now)
    } else {
        FdLimit::Unchanged(now)
    })
}
