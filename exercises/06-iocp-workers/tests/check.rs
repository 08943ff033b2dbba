//! The check of exercise `iocp-workers` (Windows only):
//! `cargo run -p course -- check iocp-workers`.
#![cfg(windows)]

use std::collections::BTreeSet;
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use exercise_iocp_workers::{Port, STOP, run_pool};

#[test]
fn a_posted_packet_comes_back_as_it_was_posted() {
    let port = Port::new(0).expect("Port::new");
    port.post(42, 7).expect("post");
    assert_eq!(
        port.wait(Some(Duration::from_secs(5))).unwrap(),
        Some((42, 7))
    );
}

#[test]
fn packets_come_out_in_the_order_they_were_posted() {
    let port = Port::new(0).expect("Port::new");
    for job in 1..=5 {
        port.post(1, job).expect("post");
    }
    let got: Vec<_> = (0..5)
        .map(|_| port.wait(Some(Duration::from_secs(5))).unwrap())
        .collect();
    assert_eq!(got, (1..=5).map(|job| Some((1, job))).collect::<Vec<_>>());
}

#[test]
fn an_empty_port_times_out_with_none() {
    let port = Port::new(0).expect("Port::new");
    let started = Instant::now();
    assert_eq!(port.wait(Some(Duration::from_millis(50))).unwrap(), None);
    let took = started.elapsed();
    // Windows' clock ticks every ~15.6 ms on many machines: allow a tick's error either way.
    assert!(
        took >= Duration::from_millis(30),
        "gave up after {took:?} of 50 ms"
    );
    assert_eq!(
        port.wait(Some(Duration::from_micros(1))).unwrap(),
        None,
        "a 1 µs wait rounds up to 1 ms, and still finds nothing"
    );
}

#[test]
fn a_waiting_thread_is_woken_by_a_post_from_another() {
    let port = Port::new(0).expect("Port::new");
    let (woke, woken) = mpsc::channel();
    thread::scope(|scope| {
        scope.spawn(|| {
            let _ = woke.send(port.wait(None));
        });
        thread::sleep(Duration::from_millis(50)); // let it fall asleep in the port
        port.post(9, 99).expect("post");
        let got = woken
            .recv_timeout(Duration::from_secs(5))
            .expect("the waiting thread was not woken by the post within 5 s");
        assert_eq!(got.unwrap(), Some((9, 99)));
    });
}

#[test]
fn a_pool_does_every_job_exactly_once_and_stops() {
    let port = Port::new(0).expect("Port::new");
    let jobs: Vec<u32> = (100..300).collect();
    let (finished, done) = mpsc::channel();
    thread::scope(|scope| {
        scope.spawn(|| {
            let _ = finished.send(run_pool(&port, 4, &jobs));
        });
        let results = done
            .recv_timeout(Duration::from_secs(10))
            .expect("run_pool had not returned after 10 s: does every worker get its STOP?")
            .expect("run_pool returned an error");
        let mut seen: Vec<u32> = results.iter().map(|&(_, job)| job).collect();
        seen.sort_unstable();
        assert_eq!(seen, jobs, "every job once, none twice, none lost");
        let workers: BTreeSet<usize> = results.iter().map(|&(worker, _)| worker).collect();
        assert!(
            workers.iter().all(|&worker| worker < 4),
            "workers are numbered 0..4: {workers:?}"
        );
    });
    assert_eq!(
        port.wait(Some(Duration::ZERO)).unwrap(),
        None,
        "after the pool stopped, the port is empty: each worker took exactly one STOP"
    );
}

#[test]
fn stop_is_not_a_job() {
    let port = Port::new(1).expect("Port::new");
    let results = run_pool(&port, 1, &[5]).expect("run_pool");
    assert_eq!(
        results,
        [(0, 5)],
        "one worker, one job, then its STOP ({STOP})"
    );
}
