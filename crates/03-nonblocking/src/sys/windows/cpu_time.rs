//! CPU time: `GetProcessTimes`, kernel plus user time of the whole process.

use core::ffi::c_void;
use core::mem::{offset_of, size_of};
use std::io;
use std::time::Duration;

/// Where `cpu_time` comes from, for the lesson's output.
pub const CPU_TIME_SOURCE: &str = "GetProcessTimes";

/// `FILETIME`: a count of 100-nanosecond intervals, split in two 32-bit halves.
#[allow(non_snake_case, clippy::upper_case_acronyms)]
#[repr(C)]
#[derive(Default)]
#[doc(hidden)] // for the facts check (scripts/facts.sh) only
pub struct FILETIME {
    pub dwLowDateTime: u32,
    pub dwHighDateTime: u32,
}
const _: () = assert!(size_of::<FILETIME>() == 8);
const _: () = assert!(offset_of!(FILETIME, dwHighDateTime) == 4);

impl FILETIME {
    fn to_duration(&self) -> Duration {
        let ticks = (u64::from(self.dwHighDateTime) << 32) | u64::from(self.dwLowDateTime);
        Duration::from_nanos(ticks.saturating_mul(100))
    }
}

#[allow(non_snake_case)]
#[link(name = "kernel32")]
unsafe extern "system" {
    /// `HANDLE GetCurrentProcess(void);`: a pseudo-handle, never closed.
    fn GetCurrentProcess() -> *mut c_void;
    /// `BOOL GetProcessTimes(HANDLE, LPFILETIME creation, LPFILETIME exit,
    /// LPFILETIME kernel, LPFILETIME user);`
    fn GetProcessTimes(
        process: *mut c_void,
        creation: *mut FILETIME,
        exit: *mut FILETIME,
        kernel: *mut FILETIME,
        user: *mut FILETIME,
    ) -> i32;
}

/// Kernel plus user CPU time of the whole process, all threads.
pub fn cpu_time() -> io::Result<Duration> {
    // When the process started and ended (unused), then the two counts we want.
    let [mut creation, mut exit, mut kernel, mut user]: [FILETIME; 4] = Default::default();
    // SAFETY: `GetCurrentProcess` takes nothing and returns a constant pseudo-handle.
    let process = unsafe { GetCurrentProcess() };
    // SAFETY: `GetProcessTimes` writes one `FILETIME` through each of the four pointers, all
    // to live locals of the layout checked above.
    ffi_syscall::check_io(unsafe {
        GetProcessTimes(
            process,
            &raw mut creation,
            &raw mut exit,
            &raw mut kernel,
            &raw mut user,
        )
    })?;
    Ok(kernel.to_duration() + user.to_duration())
}
