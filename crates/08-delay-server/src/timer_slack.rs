//! Asking the kernel to fire this thread's timers on time: Linux's *timer slack*.
//!
//! Linux may fire a thread's timer up to its timer slack late (50 µs by default), so that
//! wake-ups that fall close together merge into one and the CPU sleeps longer. Our timers
//! wake the server for answers that wait 1 ms: 50 µs is 5% of each. The least slack a thread
//! may ask for is 1 ns (0 means "back to the default"), with `prctl(PR_SET_TIMERSLACK)`; the
//! kernel then merges less and wakes us on time, for a few more wake-ups a second.
//!
//! The other OSes have no per-thread knob like it: macOS coalesces timers by the thread's
//! quality of service, FreeBSD by `kern.timecounter.alloweddeviation` for the whole system,
//! and on Windows a wait's timeout is counted in ticks of the system timer (15.6 ms unless a
//! process asks for less with `timeBeginPeriod`). Those are left as they are: the course
//! cannot measure them here (see `docs/08-delay-server.md`, "The timer path, to its limit").

use std::io;

#[cfg(target_os = "linux")]
#[path = "timer_slack/linux.rs"]
#[doc(hidden)] // pub for the facts check (scripts/facts.sh) only
pub mod sys;
#[cfg(not(target_os = "linux"))]
#[path = "timer_slack/other.rs"]
mod sys;

/// Sets this thread's timer slack to 1 ns where the OS has one (Linux); elsewhere does
/// nothing. Threads started afterwards inherit it.
pub fn minimise() -> io::Result<()> {
    sys::minimise()
}
