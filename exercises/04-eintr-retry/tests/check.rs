//! The check of exercise `eintr-retry` (with `tests/signals.rs`):
//! `cargo run -p course -- check eintr-retry`.

use std::cell::RefCell;
use std::io;
use std::time::{Duration, Instant};

use exercise_eintr_retry::{millis_rounded_up, wait_retrying};

#[test]
fn forever_is_minus_one() {
    assert_eq!(millis_rounded_up(None), -1);
}

#[test]
fn timeouts_round_up_to_whole_milliseconds() {
    assert_eq!(
        millis_rounded_up(Some(Duration::ZERO)),
        0,
        "zero stays zero"
    );
    assert_eq!(
        millis_rounded_up(Some(Duration::from_nanos(1))),
        1,
        "1 ns waits 1 ms, not 0"
    );
    assert_eq!(millis_rounded_up(Some(Duration::from_micros(300))), 1);
    assert_eq!(millis_rounded_up(Some(Duration::from_micros(1500))), 2);
    assert_eq!(millis_rounded_up(Some(Duration::from_millis(7))), 7);
}

#[test]
fn very_long_timeouts_are_capped() {
    assert_eq!(
        millis_rounded_up(Some(Duration::from_secs(30 * 86_400))),
        i32::MAX
    );
    assert_eq!(millis_rounded_up(Some(Duration::MAX)), i32::MAX);
}

/// One step of a pretend kernel wait: how long it sleeps, and what it then returns.
type Step = (Duration, io::Result<usize>);

/// A pretend kernel wait's script, and a record of every timeout it is given.
type Scripted = (RefCell<Vec<i32>>, RefCell<std::vec::IntoIter<Step>>);

/// A pretend kernel wait: the n-th call sleeps as the script says and returns its result;
/// every timeout it is given is recorded.
fn scripted(script: Vec<Step>) -> Scripted {
    (RefCell::new(Vec::new()), RefCell::new(script.into_iter()))
}

fn interrupted() -> io::Result<usize> {
    Err(io::Error::from(io::ErrorKind::Interrupted))
}

#[test]
fn a_ready_count_is_returned_at_once() {
    let mut calls = 0;
    let result = wait_retrying(Some(Duration::from_secs(5)), |_| {
        calls += 1;
        Ok(3)
    });
    assert_eq!(result.unwrap(), 3);
    assert_eq!(
        calls, 1,
        "the wait reported 3 ready: no reason to wait again"
    );
}

#[test]
fn interruptions_are_retried_with_the_time_that_is_left() {
    let step = Duration::from_millis(40);
    let (given, script) = scripted(vec![
        (step, interrupted()),
        (step, interrupted()),
        (step, interrupted()),
        (Duration::ZERO, Ok(1)),
    ]);
    let started = Instant::now();
    let result = wait_retrying(Some(Duration::from_millis(400)), |millis| {
        given.borrow_mut().push(millis);
        let (sleep, result) = script.borrow_mut().next().expect("called too often");
        std::thread::sleep(sleep);
        result
    });
    assert_eq!(result.expect("an interruption came back as an error"), 1);
    let given = given.into_inner();
    assert_eq!(
        given.len(),
        4,
        "the wait should be called four times, was given {given:?}"
    );
    assert_eq!(given[0], 400, "the first wait gets the whole timeout");
    for pair in given.windows(2) {
        assert!(
            pair[1] <= pair[0] - 39,
            "each retry must get what is left (about 40 ms less each time), got {given:?}"
        );
    }
    assert!(
        started.elapsed() < Duration::from_millis(400),
        "it waited on after the result"
    );
}

#[test]
fn a_stream_of_interruptions_cannot_stretch_the_timeout() {
    let started = Instant::now();
    let result = wait_retrying(Some(Duration::from_millis(150)), |millis| {
        assert!(millis >= 0, "a finite timeout became {millis} (forever)");
        std::thread::sleep(Duration::from_millis(20).min(Duration::from_millis(millis as u64)));
        interrupted()
    });
    let waited = started.elapsed();
    assert_eq!(result.expect("an interruption came back as an error"), 0);
    assert!(
        waited >= Duration::from_millis(150),
        "gave up early, after {waited:?}"
    );
    assert!(
        waited < Duration::from_millis(1000),
        "waited far too long: {waited:?}"
    );
}

#[test]
fn forever_stays_forever_after_an_interruption() {
    let (given, script) = scripted(vec![
        (Duration::ZERO, interrupted()),
        (Duration::ZERO, interrupted()),
        (Duration::ZERO, Ok(2)),
    ]);
    let result = wait_retrying(None, |millis| {
        given.borrow_mut().push(millis);
        script.borrow_mut().next().expect("called too often").1
    });
    assert_eq!(result.unwrap(), 2);
    assert_eq!(given.into_inner(), [-1, -1, -1]);
}

#[test]
fn a_wait_that_ends_early_waits_again_for_the_rest() {
    // What a wait capped at i32::MAX ms does after 24.8 days, shortened: 0 ready, too soon.
    let (given, script) = scripted(vec![
        (Duration::from_millis(30), Ok(0)),
        (Duration::ZERO, Ok(1)),
    ]);
    let result = wait_retrying(Some(Duration::from_millis(300)), |millis| {
        given.borrow_mut().push(millis);
        let (sleep, result) = script.borrow_mut().next().expect("called too often");
        std::thread::sleep(sleep);
        result
    });
    assert_eq!(
        result.unwrap(),
        1,
        "0 ready before the deadline is not the end of the wait"
    );
    assert_eq!(given.into_inner().len(), 2);
}

#[test]
fn the_timeout_passing_is_zero_ready() {
    let result = wait_retrying(Some(Duration::from_millis(50)), |millis| {
        std::thread::sleep(Duration::from_millis(millis as u64));
        Ok(0)
    });
    assert_eq!(result.unwrap(), 0);
}

#[test]
fn other_errors_are_returned_at_once() {
    let mut calls = 0;
    let result = wait_retrying(Some(Duration::from_secs(5)), |_| {
        calls += 1;
        Err(io::Error::from(io::ErrorKind::InvalidInput))
    });
    assert_eq!(result.unwrap_err().kind(), io::ErrorKind::InvalidInput);
    assert_eq!(calls, 1);
}
