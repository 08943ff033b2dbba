//! The check of exercise `kevent-timer` (macOS and FreeBSD only):
//! `cargo run -p course -- check kevent-timer`.
#![cfg(any(target_os = "macos", target_os = "freebsd"))]

use std::io;
use std::time::{Duration, Instant};

use exercise_kevent_timer::Timers;

/// Waits until `count` timers have fired or `patience` passes; returns their ids in order.
fn fired(timers: &Timers, count: usize, patience: Duration) -> Vec<usize> {
    let deadline = Instant::now() + patience;
    let mut ids = Vec::new();
    while ids.len() < count {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            break;
        }
        ids.extend(timers.wait(left).expect("wait"));
    }
    ids
}

#[test]
fn a_timer_fires_once_after_its_delay() {
    let timers = Timers::new().expect("Timers::new");
    let started = Instant::now();
    timers.start(7, Duration::from_millis(50)).expect("start");
    assert_eq!(fired(&timers, 1, Duration::from_secs(5)), [7]);
    assert!(
        started.elapsed() >= Duration::from_millis(50),
        "fired early"
    );
    assert_eq!(
        timers.wait(Duration::from_millis(100)).unwrap(),
        [] as [usize; 0],
        "fired twice"
    );
}

#[test]
fn timers_fire_in_the_order_of_their_deadlines() {
    let timers = Timers::new().expect("Timers::new");
    timers.start(2, Duration::from_millis(120)).expect("start");
    timers.start(1, Duration::from_millis(40)).expect("start");
    assert_eq!(fired(&timers, 2, Duration::from_secs(5)), [1, 2]);
}

#[test]
fn a_cancelled_timer_never_fires() {
    let timers = Timers::new().expect("Timers::new");
    timers.start(3, Duration::from_millis(50)).expect("start");
    timers.cancel(3).expect("cancel");
    assert_eq!(
        timers.wait(Duration::from_millis(150)).unwrap(),
        [] as [usize; 0]
    );
}

#[test]
fn cancelling_an_unknown_timer_is_not_found() {
    let timers = Timers::new().expect("Timers::new");
    let error = timers.cancel(99).unwrap_err();
    assert_eq!(error.kind(), io::ErrorKind::NotFound, "{error}");
}

#[test]
fn waiting_with_no_timer_times_out() {
    let timers = Timers::new().expect("Timers::new");
    let started = Instant::now();
    assert_eq!(
        timers.wait(Duration::from_millis(60)).unwrap(),
        [] as [usize; 0]
    );
    assert!(started.elapsed() >= Duration::from_millis(60));
}
