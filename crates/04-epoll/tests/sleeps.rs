//! A short timeout must put the thread to sleep, not spin. `epoll_wait` counts whole
//! milliseconds; a backend that rounded 500 µs down to 0 would still return after 500 µs (`poll`
//! waits for the time that is left), but by calling `epoll_wait` in a loop, burning the CPU all
//! along. This checks the CPU time: a sleeping poll costs almost none.
//!
//! Since `Poll` waits by `epoll_pwait2` (Linux 5.11), to the nanosecond, a sub-millisecond
//! poll sleeps about its own time (plus the kernel's timer slack) instead of a rounded-up
//! millisecond. So the polls here ask for 500 µs: short enough that rounding down would turn
//! them into a busy loop, long enough that the fixed cost of each wake-up (tens of µs of CPU
//! in a debug build, more under an emulator) stays well under a quarter of the time. The
//! lower bound is 100 × 500 µs; without `epoll_pwait2` it is the rounded-up 100 ms, which
//! passes too. The point is unchanged: the time passes asleep, not in the CPU.
//! (Its own test binary: CPU time is counted per process, and other tests would add theirs.)
#![cfg(target_os = "linux")]

use std::time::{Duration, Instant};

use epoll::{Events, Poll};

#[test]
fn a_sub_millisecond_timeout_sleeps_rather_than_spins() {
    let mut poll = Poll::new().unwrap();
    let mut events = Events::with_capacity(8);
    let cpu_before = nonblocking::cpu_time().unwrap();
    let started = Instant::now();
    for _ in 0..100 {
        poll.poll(&mut events, Some(Duration::from_micros(500)))
            .unwrap();
        assert!(events.is_empty());
    }
    let waited = started.elapsed();
    let cpu = nonblocking::cpu_time().unwrap().saturating_sub(cpu_before);
    // Each poll sleeps at least its 500 µs (1 ms, rounded up, without `epoll_pwait2`): at
    // least 50 ms in all, nearly all of it asleep.
    assert!(
        waited >= Duration::from_millis(50),
        "100 polls took only {waited:?}"
    );
    assert!(
        cpu * 4 < waited,
        "{cpu:?} of CPU in {waited:?}: the polls spun instead of sleeping"
    );
}
