//! The reactor's timers: in order, on time, and a dropped one never fires.

mod util;

use std::cell::RefCell;
use std::future::Future;
use std::pin::pin;
use std::rc::Rc;
use std::sync::Arc;
use std::task::{Context, Waker};
use std::time::{Duration, Instant};

use async_runtime::{Runtime, sleep, spawn};
use util::{CountingWaker, PATIENCE, within};

#[test]
fn timers_fire_in_order_of_their_deadlines() {
    let runtime = Runtime::new().unwrap();
    let fired = runtime
        .block_on(async {
            let fired = Rc::new(RefCell::new(Vec::new()));
            let tasks: Vec<_> = [60, 20, 40, 0, 80]
                .into_iter()
                .map(|ms| {
                    let fired = fired.clone();
                    spawn(async move {
                        sleep(Duration::from_millis(ms)).await;
                        fired.borrow_mut().push(ms);
                    })
                })
                .collect();
            for task in tasks {
                within(PATIENCE, task).await.unwrap();
            }
            fired.borrow().clone()
        })
        .unwrap();
    assert_eq!(fired, [0, 20, 40, 60, 80]);
}

#[test]
fn a_sleep_is_never_early_and_not_much_late() {
    let runtime = Runtime::new().unwrap();
    let took = runtime
        .block_on(async {
            let start = Instant::now();
            sleep(Duration::from_millis(50)).await;
            start.elapsed()
        })
        .unwrap();
    assert!(took >= Duration::from_millis(50), "{took:?}");
    assert!(took < Duration::from_secs(2), "{took:?}");
}

#[test]
fn a_dropped_timer_never_fires() {
    let runtime = Runtime::new().unwrap();
    let counter = Arc::new(CountingWaker::default());
    runtime
        .block_on(async {
            // Polled once with a waker of our own, so a timer is set for it; then dropped.
            {
                let waker = Waker::from(counter.clone());
                let mut early = pin!(sleep(Duration::from_millis(10)));
                assert!(
                    early
                        .as_mut()
                        .poll(&mut Context::from_waker(&waker))
                        .is_pending()
                );
                assert_eq!(async_runtime::counts().unwrap().timers, 1);
            }
            assert_eq!(async_runtime::counts().unwrap().timers, 0, "cancelled");
            sleep(Duration::from_millis(50)).await; // well past its deadline
        })
        .unwrap();
    assert_eq!(counter.count(), 0, "the dropped timer woke someone");
    assert_eq!(runtime.counts().timers, 0);
}

#[test]
fn a_timer_in_an_aborted_task_is_cancelled() {
    let runtime = Runtime::new().unwrap();
    let ran = Rc::new(RefCell::new(false));
    runtime
        .block_on(async {
            let task = spawn({
                let ran = ran.clone();
                async move {
                    sleep(Duration::from_millis(30)).await;
                    *ran.borrow_mut() = true;
                }
            });
            sleep(Duration::from_millis(5)).await;
            assert_eq!(async_runtime::counts().unwrap().timers, 1);
            task.abort();
            assert_eq!(async_runtime::counts().unwrap().timers, 0);
            sleep(Duration::from_millis(60)).await;
        })
        .unwrap();
    assert!(!*ran.borrow());
}

#[test]
fn a_reset_sleep_is_ready_at_its_new_deadline_earlier_or_later() {
    let runtime = Runtime::new().unwrap();
    let (earlier, later) = runtime
        .block_on(async {
            // Set for 500 ms and waited on (a timer is set), then moved to 30 ms from now.
            let mut sleeping = sleep(Duration::from_millis(500));
            assert!(
                within(Duration::from_millis(5), &mut sleeping)
                    .await
                    .is_none()
            );
            let start = Instant::now();
            sleeping.reset(start + Duration::from_millis(30));
            within(PATIENCE, &mut sleeping).await.unwrap();
            let earlier = start.elapsed();
            // Set for 20 ms and waited on, then moved to 80 ms: the old timer fires early and
            // must not end the sleep.
            let mut sleeping = sleep(Duration::from_millis(20));
            assert!(
                within(Duration::from_millis(5), &mut sleeping)
                    .await
                    .is_none()
            );
            let start = Instant::now();
            sleeping.reset(start + Duration::from_millis(80));
            within(PATIENCE, &mut sleeping).await.unwrap();
            (earlier, start.elapsed())
        })
        .unwrap();
    assert!(earlier >= Duration::from_millis(30), "{earlier:?}");
    assert!(
        earlier < Duration::from_millis(400),
        "{earlier:?}: not moved earlier"
    );
    assert!(
        later >= Duration::from_millis(80),
        "{later:?}: ended by the old timer"
    );
    assert_eq!(runtime.counts().timers, 0);
}
