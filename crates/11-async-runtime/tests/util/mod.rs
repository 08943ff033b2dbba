//! What the runtime's tests share: small futures to provoke the executor, a waker that counts,
//! and a time limit, so that a broken runtime fails a test instead of hanging it.

#![allow(dead_code)] // each test file uses a different part

use std::future::{Future, poll_fn};
use std::pin::pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Poll, Wake};
use std::time::Duration;

use async_runtime::sleep;

/// How long any test may wait for something that should take milliseconds.
pub const PATIENCE: Duration = Duration::from_secs(10);

/// `future`'s output, or `None` if it takes longer than `limit`. The time limit is a timer of
/// the runtime under test: a runtime whose timers are broken fails the timer tests instead.
pub async fn within<F: Future>(limit: Duration, future: F) -> Option<F::Output> {
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

/// Returns `Pending` once, after waking its own task: the task goes to the back of the queue.
pub async fn yield_now() {
    let mut yielded = false;
    poll_fn(|cx| {
        if yielded {
            Poll::Ready(())
        } else {
            yielded = true;
            cx.waker().wake_by_ref();
            Poll::Pending
        }
    })
    .await
}

/// A waker that only counts how often it is woken.
#[derive(Default)]
pub struct CountingWaker(pub AtomicUsize);

impl CountingWaker {
    pub fn count(&self) -> usize {
        self.0.load(Ordering::SeqCst)
    }
}

impl Wake for CountingWaker {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }
    fn wake_by_ref(self: &Arc<Self>) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

/// A connected pair of async streams over loopback: (the client's end, the server's end).
pub async fn pair() -> (async_runtime::TcpStream, async_runtime::TcpStream) {
    use std::net::{Ipv4Addr, SocketAddrV4};
    let listener =
        async_runtime::TcpListener::bind(SocketAddrV4::new(Ipv4Addr::LOCALHOST, 0)).unwrap();
    let addr = listener.local_addr().unwrap();
    let client = async_runtime::spawn(async_runtime::TcpStream::connect(addr));
    let (server, _) = listener.accept().await.unwrap();
    (client.await.unwrap(), server)
}
