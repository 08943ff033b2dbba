//! Linux: `prctl(PR_SET_TIMERSLACK, 1)` from the C library, declared by hand.

use core::ffi::{c_int, c_ulong};
use std::io;

/// `PR_SET_TIMERSLACK` from `<linux/prctl.h>`: set the calling thread's timer slack, in ns.
pub const PR_SET_TIMERSLACK: c_int = 29;

unsafe extern "C" {
    /// `int prctl(int option, ...);`: the arguments after `option` are `unsigned long`s, as
    /// many as the option reads.
    fn prctl(option: c_int, ...) -> c_int;
}

/// The least slack: 1 ns (0 would restore the default).
pub fn minimise() -> io::Result<()> {
    // SAFETY: PR_SET_TIMERSLACK reads one `unsigned long`, passed by value, and no memory.
    if unsafe { prctl(PR_SET_TIMERSLACK, 1 as c_ulong) } == -1 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}
