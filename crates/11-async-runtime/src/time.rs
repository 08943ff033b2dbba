//! `sleep`: a future that is ready at a given time, by a timer in the reactor's heap.
//!
//! The first poll that finds the time not yet come adds a timer with the task's waker; later
//! polls only refresh the waker. Dropping the `Sleep` cancels the timer: it never fires.

use std::cell::RefCell;
use std::future::{Future, poll_fn};
use std::pin::{Pin, pin};
use std::rc::Rc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use delay_server::slab::Key;

use crate::executor::current_reactor;
use crate::reactor::Reactor;

/// Waits for `duration`.
pub fn sleep(duration: Duration) -> Sleep {
    // A duration too long for `Instant` (`Duration::MAX`) sleeps for a century instead.
    let now = Instant::now();
    let at = now
        .checked_add(duration)
        .unwrap_or(now + Duration::from_secs(100 * 365 * 24 * 3600));
    sleep_until(at)
}

/// Waits until `at`.
pub fn sleep_until(at: Instant) -> Sleep {
    Sleep { at, timer: None }
}

/// `future`'s output, or `None` if `limit` passes first: a `select` of two futures, written
/// out. Whichever loses is dropped, which takes back its waker and its timer.
pub async fn timeout<F: Future>(limit: Duration, future: F) -> Option<F::Output> {
    let mut future = pin!(future);
    let mut timer = pin!(sleep(limit));
    poll_fn(|cx| {
        if let Poll::Ready(output) = future.as_mut().poll(cx) {
            return Poll::Ready(Some(output));
        }
        timer.as_mut().poll(cx).map(|()| None)
    })
    .await
}

/// The future of [`sleep`] and [`sleep_until`].
pub struct Sleep {
    at: Instant,
    /// The timer in the reactor, once one was needed, and the time it is set for: the
    /// deadline, or an earlier one that [`reset`](Sleep::reset) kept.
    timer: Option<(Rc<RefCell<Reactor>>, Key, Instant)>,
}

impl Sleep {
    /// When it is ready.
    pub fn deadline(&self) -> Instant {
        self.at
    }

    /// Moves the deadline to `at`, so a connection can keep one `Sleep` for its whole life.
    ///
    /// A later deadline keeps the timer already set (lesson 08's trick): it fires early, the
    /// poll it causes finds the deadline not yet come and sets a timer for the new one. A
    /// keep-alive connection whose idle deadline moves with every request then sets one timer
    /// per idle timeout, not one per request. An earlier deadline needs an earlier timer: the
    /// old one is cancelled, and the next poll sets the new one.
    pub fn reset(&mut self, at: Instant) {
        self.at = at;
        if let Some((reactor, key, set_for)) = &self.timer
            && *set_for > at
        {
            reactor.borrow_mut().cancel_timer(*key);
            self.timer = None;
        }
    }
}

impl Future for Sleep {
    type Output = ();

    /// # Panics
    ///
    /// Polled outside [`Runtime::block_on`](crate::Runtime::block_on): no reactor has the
    /// timer to wake it.
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if Instant::now() >= self.at {
            if let Some((reactor, key, _)) = self.timer.take() {
                reactor.borrow_mut().cancel_timer(key); // if it has not fired yet
            }
            return Poll::Ready(());
        }
        if let Some((reactor, key, _)) = &self.timer
            && reactor.borrow_mut().update_timer(*key, cx.waker())
        {
            return Poll::Pending;
        }
        // No timer yet, or it fired early (the deadline moved): set one for the deadline.
        let reactor = match self.timer.take() {
            Some((reactor, _, _)) => reactor,
            None => match current_reactor() {
                Ok(reactor) => reactor,
                Err(error) => panic!("sleep: {error}"),
            },
        };
        let key = reactor.borrow_mut().add_timer(self.at, cx.waker().clone());
        self.timer = Some((reactor, key, self.at));
        Poll::Pending
    }
}

impl Drop for Sleep {
    fn drop(&mut self) {
        if let Some((reactor, key, _)) = self.timer.take() {
            reactor.borrow_mut().cancel_timer(key);
        }
    }
}
