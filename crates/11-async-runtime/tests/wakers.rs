//! The waker contract, as the executor must keep it: a wake is never lost, whenever and
//! wherever it comes from, and a wake too many does no harm.

mod util;

use std::cell::Cell;
use std::future::poll_fn;
use std::rc::Rc;
use std::sync::mpsc;
use std::task::{Poll, Waker};
use std::thread;
use std::time::{Duration, Instant};

use async_runtime::{Runtime, spawn};
use util::{PATIENCE, within, yield_now};

#[test]
fn a_wake_during_the_poll_that_returns_pending_is_not_lost() {
    // The waker fires while the task is being polled, before it has even returned `Pending`:
    // the classic lost wake-up, if the executor marked the task "not queued" only afterwards.
    let runtime = Runtime::new().unwrap();
    let finished = runtime
        .block_on(async {
            let task = spawn(async {
                yield_now().await;
                yield_now().await;
                "task"
            });
            yield_now().await; // and the main future too
            within(PATIENCE, task).await
        })
        .unwrap();
    assert_eq!(finished, Some("task"));
}

#[test]
fn a_wake_from_another_thread_before_pending_is_returned_is_not_lost() {
    // The waker goes to another thread, which fires it at once, while this poll is still
    // running (it waits until the other thread has woken it), before it returns `Pending`.
    let runtime = Runtime::new().unwrap();
    let polls = runtime
        .block_on(async {
            let task = spawn(async {
                let mut polls = 0;
                poll_fn(|cx| {
                    polls += 1;
                    if polls > 1 {
                        return Poll::Ready(());
                    }
                    let (done_tx, done_rx) = mpsc::channel();
                    let waker = cx.waker().clone();
                    thread::spawn(move || {
                        waker.wake();
                        let _ = done_tx.send(());
                    });
                    done_rx.recv().unwrap(); // the wake has happened
                    Poll::Pending
                })
                .await;
                polls
            });
            within(PATIENCE, task).await
        })
        .unwrap();
    assert_eq!(polls, Some(2));
}

#[test]
fn a_task_that_finishes_before_its_handle_is_polled_keeps_its_output() {
    let runtime = Runtime::new().unwrap();
    let output = runtime
        .block_on(async {
            let task = spawn(async { 42 });
            for _ in 0..3 {
                yield_now().await; // the task runs and finishes meanwhile
            }
            assert!(task.is_finished());
            task.await
        })
        .unwrap();
    assert_eq!(output, 42);
}

#[test]
fn a_wake_from_another_thread_ends_the_executors_sleep_in_poll() {
    // Nothing else can wake the executor here: no timer, no socket. Only lesson 07's `Waker`,
    // fired by the task's waker, can make its `poll` return.
    let runtime = Runtime::new().unwrap();
    let start = Instant::now();
    let (took, polls) = runtime
        .block_on(async {
            let mut sent = false;
            poll_fn(|cx| {
                if sent {
                    return Poll::Ready(());
                }
                sent = true;
                let waker: Waker = cx.waker().clone();
                thread::spawn(move || {
                    thread::sleep(Duration::from_millis(100));
                    waker.wake();
                });
                Poll::Pending
            })
            .await;
            (start.elapsed(), async_runtime::counts().unwrap().polls)
        })
        .unwrap();
    assert!(took >= Duration::from_millis(100), "{took:?}");
    assert!(took < PATIENCE, "{took:?}");
    // Asleep in one poll the whole time, not spinning.
    assert!(polls <= 3, "{polls} polls");
}

#[test]
fn spurious_wakes_are_harmless() {
    // A task waits for a socket; another wakes it a hundred times for nothing. Each wake only
    // makes it look again (the socket is not ready: `Pending` again); the read still returns
    // exactly what was sent, once.
    let runtime = Runtime::new().unwrap();
    let (received, polls) = runtime
        .block_on(async {
            let (client, server) = util::pair().await;
            let waker: Rc<Cell<Option<Waker>>> = Rc::default();
            let polls = Rc::new(Cell::new(0));
            let reader = {
                let (waker, polls) = (waker.clone(), polls.clone());
                spawn(async move {
                    let mut read = std::pin::pin!(async {
                        let mut buffer = [0; 16];
                        let n = server.read(&mut buffer).await?;
                        Ok::<_, std::io::Error>(buffer[..n].to_vec())
                    });
                    poll_fn(|cx| {
                        polls.set(polls.get() + 1);
                        waker.set(Some(cx.waker().clone()));
                        read.as_mut().poll(cx)
                    })
                    .await
                })
            };
            yield_now().await; // the reader waits now
            for _ in 0..100 {
                if let Some(waker) = waker.take() {
                    waker.wake();
                }
                yield_now().await;
            }
            client.write_all(b"hello").await.unwrap();
            let received = within(PATIENCE, reader).await;
            (received, polls.get())
        })
        .unwrap();
    assert_eq!(received.map(Result::unwrap), Some(b"hello".to_vec()));
    assert!(
        polls > 100,
        "the spurious wakes did poll it ({polls} polls)"
    );
}

#[test]
fn a_thousand_tasks_all_finish() {
    let runtime = Runtime::new().unwrap();
    let sum = runtime
        .block_on(async {
            let tasks: Vec<_> = (0..1000u64)
                .map(|i| {
                    spawn(async move {
                        async_runtime::sleep(Duration::from_millis(i % 20)).await;
                        yield_now().await;
                        i
                    })
                })
                .collect();
            let mut sum = 0;
            for task in tasks {
                sum += within(PATIENCE, task).await.expect("a task did not finish");
            }
            sum
        })
        .unwrap();
    assert_eq!(sum, 999 * 1000 / 2);
    let counts = runtime.counts();
    assert_eq!((counts.tasks, counts.timers), (0, 0), "{counts:?}");
}

#[test]
fn block_on_inside_a_task_is_an_error_not_a_deadlock() {
    let outer = Runtime::new().unwrap();
    let inner = Runtime::new().unwrap();
    let result = outer.block_on(async { inner.block_on(async {}) }).unwrap();
    let error = result.unwrap_err();
    assert!(error.to_string().contains("already running"), "{error}");
}

#[test]
fn a_task_woken_with_the_main_future_runs_in_the_next_block_on() {
    // Task X wakes the main future, then spawns task Y: both are on the ready queue together,
    // main first. Main finishes; Y, taken off the queue with it but not polled, must not be
    // forgotten (its waker would not queue it again: as far as it knows, it is queued).
    let runtime = Runtime::new().unwrap();
    let second = Rc::new(Cell::new(None));
    runtime
        .block_on(async {
            let main_waker: Rc<Cell<Option<Waker>>> = Rc::default();
            let done = Rc::new(Cell::new(false));
            let (waker, flag, slot) = (main_waker.clone(), done.clone(), second.clone());
            drop(spawn(async move {
                flag.set(true);
                if let Some(waker) = waker.take() {
                    waker.wake();
                }
                slot.set(Some(spawn(async { "second" })));
            }));
            poll_fn(|cx| {
                if done.get() {
                    return Poll::Ready(());
                }
                main_waker.set(Some(cx.waker().clone()));
                Poll::Pending
            })
            .await;
        })
        .unwrap();
    let handle = second.take().expect("task X ran and spawned Y");
    assert!(
        !handle.is_finished(),
        "Y was not polled before block_on returned"
    );
    let output = runtime.block_on(within(PATIENCE, handle)).unwrap();
    assert_eq!(output, Some("second"));
}
