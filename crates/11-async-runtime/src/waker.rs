//! The wakers: what a task's `Waker` does when it fires, from this thread or any other.
//!
//! A `std::task::Waker` is a pointer and a table of four functions (clone, wake, wake by
//! reference, drop): a `RawWakerVTable`. std fills that table for us from any
//! `Arc<impl Wake>`, with no `unsafe` on our side, and that is what this file uses: a task's
//! waker is an `Arc<TaskWaker>`. The chapter shows the table written by hand.
//!
//! Waking a task puts its id on the ready queue, once: a flag says it is already there, so a
//! task woken a thousand times before it runs is polled once. If the executor is asleep in the
//! reactor's `poll`, the queue alone would not be seen until the next event, so the first
//! waker to find it asleep also fires lesson 07's `Waker`, which makes that `poll` return.

use std::collections::VecDeque;
use std::fmt;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::task::Wake;

use delay_server::slab::Key;

use crate::trace::trace;

/// Which future a waker belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TaskId {
    /// The future given to `block_on`.
    Main,
    /// A spawned task, by its key in the executor's table.
    Spawned(Key),
}

impl fmt::Display for TaskId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TaskId::Main => f.write_str("main"),
            TaskId::Spawned(key) => write!(f, "task {}", key.slot),
        }
    }
}

/// What every waker of one runtime shares with its executor: `Send` and `Sync`, because a
/// waker may be sent to and fired from any thread.
pub(crate) struct Shared {
    /// Tasks to poll, in the order they were woken.
    ready: Mutex<VecDeque<TaskId>>,
    /// The executor is asleep in `poll` (or about to be): a wake must also wake the `poll`.
    sleeping: AtomicBool,
    /// Lesson 07's waker, registered with the reactor's `Poll` under `WAKER_TOKEN`.
    poll_waker: event_queue::Waker,
}

impl Shared {
    pub(crate) fn new(poll_waker: event_queue::Waker) -> Shared {
        Shared {
            ready: Mutex::new(VecDeque::new()),
            sleeping: AtomicBool::new(false),
            poll_waker,
        }
    }

    /// Puts `id` on the ready queue, and wakes the executor's `poll` if it sleeps.
    pub(crate) fn schedule(&self, id: TaskId) {
        self.lock().push_back(id);
        // SeqCst, with the executor's store-then-check in `about_to_sleep`: either it sees
        // the queued id, or this sees `sleeping` and wakes the poll. Never neither.
        if self.sleeping.swap(false, Ordering::SeqCst) {
            trace!("{id} was woken while the executor sleeps: waking the poll");
            // If this fails the executor sleeps until its next event or timer; nothing better
            // can be done from inside a waker, which returns nothing.
            let _ = self.poll_waker.wake();
        }
    }

    /// Moves every ready id to `into` (one lock for the batch).
    pub(crate) fn take_ready(&self, into: &mut VecDeque<TaskId>) {
        into.append(&mut self.lock());
    }

    /// Puts ids taken by [`take_ready`](Self::take_ready) and not polled back at the front,
    /// in their order.
    pub(crate) fn put_back(&self, ids: &mut VecDeque<TaskId>) {
        let mut ready = self.lock();
        while let Some(id) = ids.pop_back() {
            ready.push_front(id);
        }
    }

    /// The executor is about to sleep in `poll`: returns whether it may (no task is ready).
    pub(crate) fn about_to_sleep(&self) -> bool {
        self.sleeping.store(true, Ordering::SeqCst);
        if self.lock().is_empty() {
            return true;
        }
        self.sleeping.store(false, Ordering::SeqCst);
        false
    }

    /// The executor is awake again.
    pub(crate) fn awake(&self) {
        self.sleeping.store(false, Ordering::SeqCst);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, VecDeque<TaskId>> {
        // A panic while the lock is held cannot leave the queue half-changed: go on.
        self.ready.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The waker of one task: an `Arc` of this is turned into a `std::task::Waker` by std.
pub(crate) struct TaskWaker {
    id: TaskId,
    /// The task is on the ready queue and not yet polled: waking it again changes nothing.
    queued: AtomicBool,
    shared: Arc<Shared>,
}

impl TaskWaker {
    pub(crate) fn new(id: TaskId, shared: Arc<Shared>) -> TaskWaker {
        TaskWaker {
            id,
            queued: AtomicBool::new(false),
            shared,
        }
    }

    /// The executor is about to poll the task: a wake from now on must queue it again, even
    /// one that comes while it is being polled (else that wake would be lost).
    pub(crate) fn polling(&self) {
        self.queued.store(false, Ordering::SeqCst);
    }
}

impl Wake for TaskWaker {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        if self.queued.swap(true, Ordering::SeqCst) {
            trace!("waker of {} fired: already on the ready queue", self.id);
            return;
        }
        trace!("waker of {} fired: on the ready queue", self.id);
        self.shared.schedule(self.id);
    }
}
