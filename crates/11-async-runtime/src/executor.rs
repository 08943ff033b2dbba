//! The executor: the tasks, the loop that polls the ready ones, and the thread's current
//! runtime, through which `spawn`, `sleep` and the I/O types find it.
//!
//! One thread. [`Runtime::block_on`] polls its future and every spawned task that a waker put
//! on the ready queue; when none is ready, it sleeps in the reactor until an event or a timer
//! fires some wakers, and goes round again. A task is a boxed future with its waker; nothing
//! here is `Send`, so tasks may hold `Rc` and `RefCell`, like tokio's `spawn_local`.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::future::Future;
use std::io;
use std::pin::{Pin, pin};
use std::rc::{Rc, Weak};
use std::sync::Arc;
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use delay_server::slab::{Key, Slab};

use crate::reactor::{Reactor, WAKER_TOKEN};
use crate::trace::trace;
use crate::waker::{Shared, TaskId, TaskWaker};

/// A spawned future, boxed and pinned: a box never moves what it points to, so the future may
/// hold references into itself (an `async fn` borrowing its own locals across an `.await`).
type BoxedTask = Pin<Box<dyn Future<Output = ()>>>;

struct Task {
    /// `None` while it is being polled (taken out, so that it can spawn and abort freely).
    future: Option<BoxedTask>,
    waker_state: Arc<TaskWaker>,
    waker: Waker,
}

/// What the runtime, its `JoinHandle`s and its I/O types share.
pub(crate) struct Core {
    pub(crate) reactor: Rc<RefCell<Reactor>>,
    tasks: RefCell<Slab<Task>>,
    shared: Arc<Shared>,
}

thread_local! {
    /// The runtime whose `block_on` runs on this thread, if any.
    static CURRENT: RefCell<Option<Rc<Core>>> = const { RefCell::new(None) };
}

/// The runtime running on this thread, if any.
pub(crate) fn current() -> Option<Rc<Core>> {
    CURRENT.with(|current| current.borrow().clone())
}

/// The current runtime's reactor, or an error that says where I/O types may be used.
pub(crate) fn current_reactor() -> io::Result<Rc<RefCell<Reactor>>> {
    current().map(|core| core.reactor.clone()).ok_or_else(|| {
        io::Error::other("no runtime on this thread: use this inside Runtime::block_on")
    })
}

/// A single-threaded async runtime: a reactor over lesson 07's queue, and an executor.
pub struct Runtime {
    core: Rc<Core>,
}

impl Runtime {
    /// A runtime with its own `Poll` (and the `Waker` that wakes it from other threads).
    pub fn new() -> io::Result<Runtime> {
        let poll = event_queue::Poll::new()?;
        let poll_waker = event_queue::Waker::new(poll.registry(), WAKER_TOKEN)?;
        Ok(Runtime {
            core: Rc::new(Core {
                reactor: Rc::new(RefCell::new(Reactor::new(poll))),
                tasks: RefCell::new(Slab::new()),
                shared: Arc::new(Shared::new(poll_waker)),
            }),
        })
    }

    /// Runs `future` to completion on this thread, and with it every task it spawns, until
    /// `future` is done; tasks still unfinished then stay, for the next `block_on`.
    ///
    /// `Err` if the reactor's `poll` fails, or if a runtime is already running on this thread
    /// (a `block_on` inside a task would stop every other task while it runs).
    pub fn block_on<F: Future>(&self, future: F) -> io::Result<F::Output> {
        let _entered = Entered::enter(&self.core)?;
        let mut future = pin!(future);
        let main = Arc::new(TaskWaker::new(TaskId::Main, self.core.shared.clone()));
        let main_waker = Waker::from(main.clone());
        self.core.shared.schedule(TaskId::Main);
        let mut batch = VecDeque::new();
        let mut woken = Vec::new();
        loop {
            // Poll every task that is ready now; tasks woken meanwhile wait for the next
            // batch, after the reactor has had a turn, so I/O is never starved.
            self.core.shared.take_ready(&mut batch);
            while let Some(id) = batch.pop_front() {
                match id {
                    TaskId::Main => {
                        main.polling();
                        trace!("poll main");
                        let mut cx = Context::from_waker(&main_waker);
                        if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
                            trace!("main finished");
                            // Tasks woken and not yet polled stay queued for the next
                            // `block_on`: their wakers will not queue them a second time.
                            self.core.shared.put_back(&mut batch);
                            return Ok(output);
                        }
                        trace!("main returned Pending");
                    }
                    TaskId::Spawned(key) => self.core.run(key),
                }
            }
            // Nothing ready: sleep in the reactor, unless a waker queued a task meanwhile.
            let timeout = if self.core.shared.about_to_sleep() {
                None
            } else {
                Some(Duration::ZERO)
            };
            let turn = self.core.reactor.borrow_mut().turn(timeout, &mut woken);
            self.core.shared.awake();
            for waker in woken.drain(..) {
                waker.wake();
            }
            turn?;
        }
    }

    /// How many tasks, sockets and live timers this runtime holds: what the tests check after
    /// dropping things. Also available as [`counts`](crate::counts) inside `block_on`.
    pub fn counts(&self) -> Counts {
        self.core.counts()
    }
}

/// What a runtime holds (see [`Runtime::counts`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Counts {
    /// Spawned tasks not finished (nor aborted).
    pub tasks: usize,
    /// Sockets known to the reactor.
    pub sources: usize,
    /// Timers that will fire.
    pub timers: usize,
    /// Calls to `poll` so far.
    pub polls: u64,
}

impl Core {
    fn counts(&self) -> Counts {
        let reactor = self.reactor.borrow();
        let (sources, timers) = reactor.counts();
        Counts {
            tasks: self.tasks.borrow().len(),
            sources,
            timers,
            polls: reactor.polls,
        }
    }

    /// Polls spawned task `key` once, if it still exists (a wake may outlive its task).
    fn run(&self, key: Key) {
        let (mut future, waker) = {
            let mut tasks = self.tasks.borrow_mut();
            let Some(task) = tasks.get_mut(key) else {
                return;
            };
            let Some(future) = task.future.take() else {
                return;
            };
            task.waker_state.polling();
            (future, task.waker.clone())
        };
        let id = TaskId::Spawned(key);
        trace!("poll {id}");
        let done = future
            .as_mut()
            .poll(&mut Context::from_waker(&waker))
            .is_ready();
        let mut tasks = self.tasks.borrow_mut();
        if done {
            trace!("{id} finished");
            tasks.remove(key);
        } else if let Some(task) = tasks.get_mut(key) {
            trace!("{id} returned Pending");
            task.future = Some(future);
        } else {
            // Aborted while it ran: drop it now, after the borrow (its drop may use the table).
            drop(tasks);
            drop(future);
        }
    }

    pub(crate) fn spawn(self: &Rc<Core>, future: BoxedTask) -> Key {
        let mut tasks = self.tasks.borrow_mut();
        let key = tasks.next_key();
        let waker_state = Arc::new(TaskWaker::new(TaskId::Spawned(key), self.shared.clone()));
        let waker = Waker::from(waker_state.clone());
        tasks.insert(Task {
            future: Some(future),
            waker_state,
            waker: waker.clone(),
        });
        drop(tasks);
        trace!("spawned {}", TaskId::Spawned(key));
        waker.wake(); // its first poll
        key
    }

    /// Drops task `key`'s future, and with it everything it registered.
    pub(crate) fn abort(&self, key: Key) {
        let task = self.tasks.borrow_mut().remove(key);
        drop(task); // after the borrow: the future's drop may spawn or abort
    }

    pub(crate) fn downgrade(self: &Rc<Core>) -> Weak<Core> {
        Rc::downgrade(self)
    }
}

/// Lets every other ready task run before the caller goes on: returns `Pending` once, after
/// waking its own task, which puts it at the back of the ready queue.
pub async fn yield_now() {
    let mut yielded = false;
    std::future::poll_fn(|cx| {
        if yielded {
            return Poll::Ready(());
        }
        yielded = true;
        cx.waker().wake_by_ref();
        Poll::Pending
    })
    .await
}

/// What the runtime running on this thread holds; `None` outside [`Runtime::block_on`].
pub fn counts() -> Option<Counts> {
    current().map(|core| core.counts())
}

/// Marks this thread as running a runtime, until dropped.
struct Entered;

impl Entered {
    fn enter(core: &Rc<Core>) -> io::Result<Entered> {
        CURRENT.with(|current| {
            let mut current = current.borrow_mut();
            if current.is_some() {
                return Err(io::Error::other(
                    "a runtime is already running on this thread (block_on inside a task)",
                ));
            }
            *current = Some(core.clone());
            Ok(Entered)
        })
    }
}

impl Drop for Entered {
    fn drop(&mut self) {
        CURRENT.with(|current| current.borrow_mut().take());
    }
}
