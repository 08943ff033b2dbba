//! The check of exercise `eventfd-waker`: `cargo run -p course -- check eventfd-waker`.
#![cfg(target_os = "linux")]

use std::sync::Arc;
use std::time::{Duration, Instant};

use epoll::{Events, Poll, Token};
use exercise_eventfd_waker::Waker;

/// The tokens one poll of at most `timeout` reports.
fn poll_tokens(poll: &mut Poll, timeout: Duration) -> Vec<Token> {
    let mut events = Events::with_capacity(8);
    poll.poll(&mut events, Some(timeout)).expect("poll");
    events.iter().map(|event| event.token()).collect()
}

#[test]
fn a_wake_before_the_poll_is_reported_with_the_token() {
    let mut poll = Poll::new().unwrap();
    let waker = Waker::new(poll.registry(), Token(42)).expect("Waker::new");
    waker.wake().expect("wake");
    assert_eq!(poll_tokens(&mut poll, Duration::from_secs(5)), [Token(42)]);
}

#[test]
fn without_a_wake_the_poll_times_out() {
    let mut poll = Poll::new().unwrap();
    let _waker = Waker::new(poll.registry(), Token(42)).expect("Waker::new");
    assert_eq!(poll_tokens(&mut poll, Duration::from_millis(100)), []);
}

#[test]
fn a_wake_from_another_thread_ends_a_poll_that_waits_forever() {
    let mut poll = Poll::new().unwrap();
    let waker = Arc::new(Waker::new(poll.registry(), Token(7)).expect("Waker::new"));
    let remote = Arc::clone(&waker);
    let thread = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(50));
        remote.wake().expect("wake");
    });
    let started = Instant::now();
    let mut events = Events::with_capacity(8);
    poll.poll(&mut events, None).expect("poll"); // forever, unless the other thread wakes us
    assert!(events.iter().any(|event| event.token() == Token(7)));
    assert!(started.elapsed() < Duration::from_secs(5));
    thread.join().unwrap();
}

#[test]
fn many_wakes_arrive_as_one_event_and_the_next_wake_again() {
    let mut poll = Poll::new().unwrap();
    let waker = Waker::new(poll.registry(), Token(9)).expect("Waker::new");
    for _ in 0..100 {
        waker.wake().expect("wake");
    }
    assert_eq!(poll_tokens(&mut poll, Duration::from_secs(5)), [Token(9)]);
    assert_eq!(
        poll_tokens(&mut poll, Duration::from_millis(100)),
        [],
        "a wake is reported once: register the counter edge-triggered"
    );
    waker.wake().expect("wake");
    assert_eq!(poll_tokens(&mut poll, Duration::from_secs(5)), [Token(9)]);
}

#[test]
fn a_waker_can_be_shared_between_threads() {
    fn send_and_sync<T: Send + Sync>() {}
    send_and_sync::<Waker>();
}
