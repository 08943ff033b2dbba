//! `struct timeval` from `<sys/time.h>`: seconds and microseconds, as `SO_RCVTIMEO` takes a
//! timeout and `getrusage` reports CPU time.
//!
//! The C header declares it `{ time_t tv_sec; suseconds_t tv_usec; }`, and so does this file:
//! `time_t` is a 64-bit `long` on all three Unixes; `suseconds_t` comes from the OS file (a
//! `long` on Linux and FreeBSD, 32 bits and padding on macOS). 16 bytes everywhere.

use core::ffi::c_long;
use core::mem::{offset_of, size_of};
use std::time::Duration;

use super::os::suseconds_t;

/// `struct timeval`.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Default)]
#[doc(hidden)] // for the facts check (scripts/facts.sh) only
pub struct timeval {
    pub tv_sec: c_long,
    pub tv_usec: suseconds_t,
}
const _: () = assert!(size_of::<timeval>() == 16);
const _: () = assert!(offset_of!(timeval, tv_usec) == 8);

impl timeval {
    /// A timeout as `SO_RCVTIMEO` takes it. All zeros means "no timeout", so a non-zero
    /// `timeout` shorter than 1 µs is rounded up to 1 µs rather than down to 0.
    pub fn timeout(timeout: Duration) -> timeval {
        let seconds = c_long::try_from(timeout.as_secs()).unwrap_or(c_long::MAX);
        let micros = timeout.subsec_micros().max(u32::from(seconds == 0));
        timeval {
            tv_sec: seconds,
            // Below 1 000 000, so it fits in every `suseconds_t` (32 or 64 bits).
            tv_usec: micros as suseconds_t,
        }
    }

    /// As a `Duration` (negative fields, which the kernel never reports, count as 0).
    pub fn to_duration(&self) -> Duration {
        let micros = u64::try_from(self.tv_usec).unwrap_or(0);
        Duration::from_secs(u64::try_from(self.tv_sec).unwrap_or(0)) + Duration::from_micros(micros)
    }
}
