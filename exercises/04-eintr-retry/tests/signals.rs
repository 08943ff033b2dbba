//! The real thing: `wait_retrying` around lesson 04's `epoll_wait`, while another thread sends
//! signals to the waiting one. Its own test binary: it installs a signal handler for the
//! whole process.
#![cfg(target_os = "linux")]

use std::ffi::c_int;
use std::os::unix::thread::JoinHandleExt;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use exercise_eintr_retry::wait_retrying;

/// `SIGUSR1` on Linux (x86_64, aarch64).
const SIGUSR1: c_int = 10;

unsafe extern "C" {
    /// `void (*signal(int sig, void (*func)(int)))(int);`
    fn signal(signum: c_int, handler: extern "C" fn(c_int)) -> usize;
    /// `int pthread_kill(pthread_t thread, int sig);` (`pthread_t`: an unsigned long)
    fn pthread_kill(thread: usize, sig: c_int) -> c_int;
}

static SIGNALS_HANDLED: AtomicUsize = AtomicUsize::new(0);

extern "C" fn count_signal(_: c_int) {
    SIGNALS_HANDLED.fetch_add(1, Ordering::Relaxed);
}

#[test]
fn real_signals_during_a_real_epoll_wait_do_not_end_it() {
    // SAFETY: installs a handler that only touches an atomic; `signal` reads two integers.
    unsafe { signal(SIGUSR1, count_signal) };
    let timeout = Duration::from_millis(400);
    let waiter = std::thread::spawn(move || {
        let epoll = epoll::sys::epoll_create().unwrap();
        let mut buffer = Vec::with_capacity(8);
        let interruptions = AtomicUsize::new(0);
        let started = Instant::now();
        let result = wait_retrying(Some(timeout), |millis| {
            let waited = epoll::sys::epoll_wait(&epoll, &mut buffer, millis).map(|()| buffer.len());
            if waited
                .as_ref()
                .is_err_and(|e| e.kind() == std::io::ErrorKind::Interrupted)
            {
                interruptions.fetch_add(1, Ordering::Relaxed);
            }
            waited
        });
        (result, started.elapsed(), interruptions.into_inner())
    });
    std::thread::sleep(Duration::from_millis(50));
    for _ in 0..5 {
        // SAFETY: the thread is alive (it waits 400 ms; we join it only below); `pthread_kill`
        // reads two integers.
        let status = unsafe { pthread_kill(waiter.as_pthread_t() as usize, SIGUSR1) };
        assert_eq!(status, 0);
        std::thread::sleep(Duration::from_millis(30));
    }
    let (result, waited, interruptions) = waiter.join().unwrap();
    assert!(
        SIGNALS_HANDLED.load(Ordering::Relaxed) > 0,
        "no signal reached the waiter"
    );
    assert!(
        interruptions > 0,
        "epoll_wait was never interrupted: the test proves nothing"
    );
    assert_eq!(result.expect("the interruption came back as an error"), 0);
    assert!(
        waited >= timeout,
        "the wait gave up early, after {waited:?}"
    );
    assert!(
        waited < timeout * 3,
        "the wait went on far too long: {waited:?}"
    );
}
