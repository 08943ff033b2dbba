//! Your exercise (Windows only): a completion port as the work queue of a pool of threads.
//!
//! A completion port is not only for I/O. `PostQueuedCompletionStatus` queues a packet that
//! no I/O produced, with any key and byte count, and any thread waiting in
//! `GetQueuedCompletionStatusEx` on the port may take it. So one port is a thread-safe queue
//! that many threads can sleep on at once, with the kernel waking one per packet: the way
//! Windows thread pools (and Tokio's blocking pool's Windows cousins) hand out work. The port's
//! *concurrency*, given when it is made, caps how many of its waiters run at once.
//!
//! Write `Port` (make, post, wait) on lesson 06's declarations in
//! `crates/06-iocp/src/sys/kernel32.rs`, then `run_pool`. Lesson 06's own port, which posts
//! packets too, is `crates/06-iocp/src/port.rs`.

use std::io;
use std::os::windows::io::OwnedHandle;
use std::time::Duration;

/// The key of a packet that tells one worker to stop. Jobs are posted with key 1.
pub const STOP: usize = 0;

/// A completion port that owns its handle (closed when dropped).
#[derive(Debug)]
pub struct Port {
    /// The port's handle. Add fields if you need them.
    handle: OwnedHandle,
}

impl Port {
    /// A new port on which at most `concurrency` threads run at once (0: as many as CPUs).
    pub fn new(concurrency: u32) -> io::Result<Port> {
        let _ = concurrency;
        todo!(
            "CreateIoCompletionPort(INVALID_HANDLE_VALUE, null, 0, concurrency) makes a port, \
             or returns null: own the handle as an OwnedHandle"
        )
    }

    /// Queues a packet with `key` and `bytes` (and no `OVERLAPPED`): no I/O at all.
    pub fn post(&self, key: usize, bytes: u32) -> io::Result<()> {
        let _ = (key, bytes, &self.handle);
        todo!("PostQueuedCompletionStatus(port, bytes, key, null); 0 means it failed")
    }

    /// Sleeps until a packet is queued or `timeout` passes (`None`: forever): the packet's key
    /// and byte count, or `None` after a timeout.
    pub fn wait(&self, timeout: Option<Duration>) -> io::Result<Option<(usize, u32)>> {
        let _ = timeout;
        todo!(
            "GetQueuedCompletionStatusEx for one entry, the timeout in milliseconds rounded up \
             (INFINITE for None); a failure with WAIT_TIMEOUT is Ok(None)"
        )
    }
}

/// Runs `workers` threads that each wait on `port` and take jobs from it, posts every job
/// (key 1, the job in the byte count), then one `STOP` per worker; returns, once every worker
/// has stopped, which worker (0..workers) did which job, in the order they were done.
pub fn run_pool(port: &Port, workers: usize, jobs: &[u32]) -> io::Result<Vec<(usize, u32)>> {
    let _ = (port, workers, jobs);
    todo!(
        "thread::scope: each worker loops on port.wait(None) until STOP, sending (worker, job) \
         down a channel; post the jobs, then `workers` STOP packets, and collect"
    )
}
