//! CPU time: `getrusage(RUSAGE_SELF)`, user plus system time of the whole process.

use core::ffi::{c_int, c_long};
use core::mem::{offset_of, size_of};
use std::io;
use std::time::Duration;

use ffi_syscall::check_io;

use super::timeval::timeval;

/// Where `cpu_time` comes from, for the lesson's output.
pub const CPU_TIME_SOURCE: &str = "getrusage";

/// `getrusage(RUSAGE_SELF, ..)`: this process, all its threads.
pub const RUSAGE_SELF: c_int = 0;

/// `struct rusage` from `<sys/resource.h>`: what a process has used. The same fields on all
/// three (only `timeval` differs, in `timeval.rs`); we read the first two.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Default)]
pub struct rusage {
    /// Time spent running this program's own code.
    pub ru_utime: timeval,
    /// Time the kernel spent working for it (system calls).
    pub ru_stime: timeval,
    /// `ru_maxrss`, `ru_ixrss`, `ru_idrss`, `ru_isrss`, `ru_minflt`, `ru_majflt`, `ru_nswap`,
    /// `ru_inblock`, `ru_oublock`, `ru_msgsnd`, `ru_msgrcv`, `ru_nsignals`, `ru_nvcsw`,
    /// `ru_nivcsw`: fourteen `long`s we do not use.
    pub _rest: [c_long; 14],
}
// 2 * 16 + 14 * 8 on Linux, macOS and FreeBSD (64-bit).
const _: () = assert!(size_of::<rusage>() == 144);
const _: () = assert!(offset_of!(rusage, ru_stime) == 16);
const _: () = assert!(offset_of!(rusage, _rest) == 32);

unsafe extern "C" {
    /// `int getrusage(int who, struct rusage *usage);`
    fn getrusage(who: c_int, usage: *mut rusage) -> c_int;
}

/// User plus system CPU time of the whole process, all threads.
pub fn cpu_time() -> io::Result<Duration> {
    let mut usage = rusage::default();
    // SAFETY: `getrusage` writes one `struct rusage` into `usage`, a live local whose layout
    // matches the C header's (size checked above, `timeval` in `timeval.rs`).
    check_io(unsafe { getrusage(RUSAGE_SELF, &raw mut usage) })?;
    Ok(usage.ru_utime.to_duration() + usage.ru_stime.to_duration())
}
