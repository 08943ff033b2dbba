//! A signal arriving while `poll` waits makes the kernel's wait fail with `EINTR`: Linux never
//! restarts `epoll_wait` after a signal handler, whatever `SA_RESTART` says, and FreeBSD's and
//! macOS's `kevent` do not either. `poll` must wait again for the time that is left, not return
//! an error: that is what keeps a demo alive through Ctrl-Z and `fg`.
//!
//! Written once against `crate::queue` and included by each Unix backend's `tests/signals.rs`
//! (its own test binary, because it installs a signal handler for the whole process).

use std::ffi::c_int;
use std::os::unix::thread::JoinHandleExt;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::queue::{Events, Poll, Token, Waker};

/// `SIGUSR1`: 10 on Linux (x86_64, aarch64), 30 on macOS and FreeBSD.
#[cfg(target_os = "linux")]
const SIGUSR1: c_int = 10;
#[cfg(not(target_os = "linux"))]
const SIGUSR1: c_int = 30;

unsafe extern "C" {
    /// `void (*signal(int sig, void (*func)(int)))(int);`
    fn signal(signum: c_int, handler: extern "C" fn(c_int)) -> usize;
    /// `int pthread_kill(pthread_t thread, int sig);` (`pthread_t` is an `unsigned long` on
    /// Linux and a pointer on macOS and FreeBSD: pointer-sized on every target here)
    fn pthread_kill(thread: usize, sig: c_int) -> c_int;
}

static SIGNALS_HANDLED: AtomicUsize = AtomicUsize::new(0);

extern "C" fn count_signal(_: c_int) {
    SIGNALS_HANDLED.fetch_add(1, Ordering::Relaxed); // atomics are signal-safe
}

#[test]
fn signals_during_a_poll_do_not_surface_as_errors() {
    // SAFETY: installs a handler that only touches an atomic; `signal` reads two integers.
    unsafe { signal(SIGUSR1, count_signal) };
    let wait = Duration::from_millis(400);
    let poller = std::thread::spawn(move || {
        let mut poll = Poll::new().unwrap();
        let mut events = Events::with_capacity(8);
        let started = Instant::now();
        let result = poll.poll(&mut events, Some(wait));
        (result.map(|()| events.len()), started.elapsed())
    });
    std::thread::sleep(Duration::from_millis(50));
    for _ in 0..5 {
        // SAFETY: the thread is alive (it waits at least 400 ms and we join it only below);
        // `pthread_kill` reads two integers.
        let status = unsafe { pthread_kill(poller.as_pthread_t() as usize, SIGUSR1) };
        assert_eq!(status, 0);
        std::thread::sleep(Duration::from_millis(30));
    }
    let (result, waited) = poller.join().unwrap();
    assert!(
        SIGNALS_HANDLED.load(Ordering::Relaxed) > 0,
        "no signal reached the poller"
    );
    assert_eq!(
        result.expect("poll returned the interruption as an error"),
        0
    );
    assert!(waited >= wait, "poll gave up early, after {waited:?}");
}

#[test]
fn a_timeout_too_large_for_the_clock_survives_signals_too() {
    // `Instant::now() + Duration::MAX` cannot be computed: such a wait is forever, and a signal
    // must not turn it into "no deadline known, so return empty now".
    // SAFETY: as above: a handler that only touches an atomic.
    unsafe { signal(SIGUSR1, count_signal) };
    let mut poll = Poll::new().unwrap();
    let waker = Waker::new(poll.registry(), Token(7)).unwrap();
    let poller = std::thread::spawn(move || {
        let mut events = Events::with_capacity(8);
        let started = Instant::now();
        let result = poll.poll(&mut events, Some(Duration::MAX));
        let tokens: Vec<Token> = events.iter().map(|event| event.token()).collect();
        (result.map(|()| tokens), started.elapsed())
    });
    std::thread::sleep(Duration::from_millis(50));
    for _ in 0..3 {
        // SAFETY: the thread is alive: it waits until the wake below, and we join it after.
        let status = unsafe { pthread_kill(poller.as_pthread_t() as usize, SIGUSR1) };
        assert_eq!(status, 0);
        std::thread::sleep(Duration::from_millis(30));
    }
    waker.wake().unwrap();
    let (result, waited) = poller.join().unwrap();
    assert_eq!(
        result.expect("poll returned the interruption as an error"),
        [Token(7)],
        "poll returned before the wake, after {waited:?}"
    );
    assert!(waited >= Duration::from_millis(100), "after {waited:?}");
}
