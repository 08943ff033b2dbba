//! The trace: one line each time the machinery moves (a task polled, a task returning
//! `Pending`, an event for a token, a waker firing), so that the demo shows what a runtime does
//! while a program only says `.await`.
//!
//! Off by default, and then it costs one relaxed load per place, and the arguments are not
//! even formatted: the server and the tests run without it.

use std::fmt;
use std::io::Write;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

static ON: AtomicBool = AtomicBool::new(false);
static START: OnceLock<Instant> = OnceLock::new();

/// Turns the trace on for the whole process; times are counted from this call.
pub fn enable() {
    START.get_or_init(Instant::now);
    ON.store(true, Ordering::Relaxed);
}

/// Whether the trace is on.
pub fn is_on() -> bool {
    ON.load(Ordering::Relaxed)
}

/// Prints one trace line on standard output, with the time since [`enable`]. One `write`
/// per line, so that a waker firing on another thread cannot land in the middle of it.
pub fn line(message: fmt::Arguments<'_>) {
    let seconds = START.get_or_init(Instant::now).elapsed().as_secs_f64();
    let line = format!("  [{seconds:6.3} s] {message}\n");
    let _ = std::io::stdout().lock().write_all(line.as_bytes());
}

/// A trace line, if the trace is on.
macro_rules! trace {
    ($($arg:tt)*) => {
        if $crate::trace::is_on() {
            $crate::trace::line(format_args!($($arg)*));
        }
    };
}
pub(crate) use trace;
