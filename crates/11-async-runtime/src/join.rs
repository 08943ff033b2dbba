//! `JoinHandle`: a spawned task's output, as a future of its own.
//!
//! The task and its handle share one slot. The task, when its future finishes, puts the
//! output there and wakes whoever waits on the handle; the handle, when polled, takes the
//! output if it is there, else leaves its waker and returns `Pending`. One thread, so the slot
//! is an `Rc<RefCell<..>>`: no lock, no atomic.

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::{Rc, Weak};
use std::task::{Context, Poll, Waker};

use delay_server::slab::Key;

use crate::executor::{self, Core};

/// Spawns a task on the runtime running on this thread: it runs concurrently with the caller,
/// whenever the caller (or any task) waits. The handle is a future of its output; dropping it
/// lets the task run on unobserved, [`JoinHandle::abort`] stops it.
///
/// # Panics
///
/// Outside [`Runtime::block_on`](crate::Runtime::block_on): there is no executor to run the task on.
pub fn spawn<F>(future: F) -> JoinHandle<F::Output>
where
    F: Future + 'static,
    F::Output: 'static,
{
    let Some(core) = executor::current() else {
        panic!("async_runtime::spawn called outside Runtime::block_on");
    };
    spawn_on(&core, future)
}

/// What a task and its handle share.
struct Slot<T> {
    output: Option<T>,
    waiter: Option<Waker>,
}

/// A spawned task: `.await` it for its output. See [`spawn`](crate::spawn).
pub struct JoinHandle<T> {
    slot: Rc<RefCell<Slot<T>>>,
    task: Key,
    /// Weak: a handle kept inside a task must not keep the whole runtime alive.
    core: Weak<Core>,
}

/// Spawns `future` on `core`: the task, and the handle that waits for it.
fn spawn_on<F>(core: &Rc<Core>, future: F) -> JoinHandle<F::Output>
where
    F: Future + 'static,
    F::Output: 'static,
{
    let slot = Rc::new(RefCell::new(Slot {
        output: None,
        waiter: None,
    }));
    let task_slot = slot.clone();
    let task = core.spawn(Box::pin(async move {
        let output = future.await;
        let waiter = {
            let mut slot = task_slot.borrow_mut();
            slot.output = Some(output);
            slot.waiter.take()
        };
        if let Some(waiter) = waiter {
            waiter.wake();
        }
    }));
    JoinHandle {
        slot,
        task,
        core: core.downgrade(),
    }
}

impl<T> JoinHandle<T> {
    /// Stops the task: its future is dropped now (or, if it is the task running this call,
    /// as soon as it returns `Pending`), and with it every socket and timer it registered.
    /// The handle is consumed: nobody can wait for an output that will never come.
    pub fn abort(self) {
        if let Some(core) = self.core.upgrade() {
            core.abort(self.task);
        }
    }

    /// Whether the task has finished (its output waits in the handle).
    pub fn is_finished(&self) -> bool {
        self.slot.borrow().output.is_some()
    }
}

impl<T> Future for JoinHandle<T> {
    type Output = T;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        let mut slot = self.slot.borrow_mut();
        match slot.output.take() {
            Some(output) => Poll::Ready(output),
            None => {
                match &mut slot.waiter {
                    Some(waiter) if waiter.will_wake(cx.waker()) => {}
                    waiter => *waiter = Some(cx.waker().clone()),
                }
                Poll::Pending
            }
        }
    }
}
