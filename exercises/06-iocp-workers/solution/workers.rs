//! Worked solution (Windows only): a completion port as the work queue of a pool of threads.
//!
//! The port is a queue in the kernel that many threads may wait on at once. Each packet wakes
//! exactly one waiter (the one that waited last: a port wakes its threads last in, first out,
//! so a warm thread with a warm cache gets the next job, and idle ones stay asleep). Packets
//! come out in the order they were queued. Nothing in the packet has to mean I/O: the key and
//! the byte count are just two numbers carried from `post` to `wait`, and the `OVERLAPPED`
//! pointer (null here) is never looked at by Windows when a program posts it.
//!
//! Stopping a pool is the classic use of that: one "stop" packet per worker. Each worker takes
//! exactly one, because it stops waiting as soon as it has it, so after the last has ended the
//! port is empty again.

use std::io;
use std::os::windows::io::{AsRawHandle, HandleOrNull, OwnedHandle};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use iocp::sys::kernel32::{
    CreateIoCompletionPort, GetQueuedCompletionStatusEx, INFINITE, INVALID_HANDLE_VALUE,
    OVERLAPPED_ENTRY, PostQueuedCompletionStatus, WAIT_TIMEOUT,
};

/// The key of a packet that tells one worker to stop. Jobs are posted with key 1.
pub const STOP: usize = 0;

/// The key jobs are posted with.
const JOB: usize = 1;

/// A completion port that owns its handle (closed when dropped).
#[derive(Debug)]
pub struct Port {
    /// The port's handle.
    handle: OwnedHandle,
}

/// The calling thread's last Win32 error, as lesson 02 reads it.
fn last_error() -> io::Error {
    io::Error::from_raw_os_error(ffi_syscall::last_error().0 as i32)
}

impl Port {
    /// A new port on which at most `concurrency` threads run at once (0: as many as CPUs).
    pub fn new(concurrency: u32) -> io::Result<Port> {
        // Step 1: no file (INVALID_HANDLE_VALUE) and no existing port: make a new port.
        // SAFETY: with these arguments the call only creates a port and returns its handle, or
        // null; it reads no memory of ours.
        let raw = unsafe {
            CreateIoCompletionPort(INVALID_HANDLE_VALUE, std::ptr::null_mut(), 0, concurrency)
        };
        // Step 2: own it, so it is closed exactly once. This call fails with null (not with
        // INVALID_HANDLE_VALUE, as CreateFile does): `HandleOrNull` is the type for that.
        // SAFETY: the value is a new handle only we know, or null.
        let handle = unsafe { HandleOrNull::from_raw_handle(raw) };
        let handle = OwnedHandle::try_from(handle).map_err(|_null| last_error())?;
        Ok(Port { handle })
    }

    /// Queues a packet with `key` and `bytes` (and no `OVERLAPPED`): no I/O at all.
    pub fn post(&self, key: usize, bytes: u32) -> io::Result<()> {
        // SAFETY: the call copies the three values into a new packet; the null OVERLAPPED
        // pointer is carried, never dereferenced. The port handle is open (we own it).
        let ok = unsafe {
            PostQueuedCompletionStatus(
                self.handle.as_raw_handle(),
                bytes,
                key,
                std::ptr::null_mut(),
            )
        };
        if ok == 0 { Err(last_error()) } else { Ok(()) }
    }

    /// Sleeps until a packet is queued or `timeout` passes (`None`: forever): the packet's key
    /// and byte count, or `None` after a timeout.
    pub fn wait(&self, timeout: Option<Duration>) -> io::Result<Option<(usize, u32)>> {
        // Step 1: the timeout in the port's unit, rounded *up* by lesson 04's rule (1 µs waits
        // 1 ms, not 0, which would turn a caller's loop into a busy loop), INFINITE for none.
        // (A wait longer than ~24.8 days is capped there; a caller would wait again.)
        let millis = epoll::deadline::millis_rounded_up(timeout).map_or(INFINITE, |ms| ms as u32);
        // Step 2: take one packet. The Ex form takes up to `count`; one is what a worker wants
        // (taking several would hold jobs another idle worker could be doing).
        let mut entry = OVERLAPPED_ENTRY::zeroed();
        let mut removed = 0u32;
        // SAFETY: the call writes at most 1 entry into `entry` and the count into `removed`,
        // both live locals. Not alertable: no APC runs inside the wait.
        let ok = unsafe {
            GetQueuedCompletionStatusEx(
                self.handle.as_raw_handle(),
                &raw mut entry,
                1,
                &raw mut removed,
                millis,
                0,
            )
        };
        if ok == 0 {
            let error = last_error();
            // Step 3: "nothing came in time" is a failure with WAIT_TIMEOUT, not an error here.
            return if error.raw_os_error() == Some(WAIT_TIMEOUT as i32) {
                Ok(None)
            } else {
                Err(error)
            };
        }
        debug_assert_eq!(removed, 1);
        Ok(Some((
            entry.lpCompletionKey,
            entry.dwNumberOfBytesTransferred,
        )))
    }
}

/// Runs `workers` threads that each wait on `port` and take jobs from it, posts every job
/// (key 1, the job in the byte count), then one `STOP` per worker; returns, once every worker
/// has stopped, which worker (0..workers) did which job, in the order they were done.
pub fn run_pool(port: &Port, workers: usize, jobs: &[u32]) -> io::Result<Vec<(usize, u32)>> {
    let (done, results) = mpsc::channel();
    // Scoped threads may borrow the port: the scope ends only when every worker has returned.
    thread::scope(|scope| {
        let mut handles = Vec::new();
        for worker in 0..workers {
            let done = done.clone();
            handles.push(scope.spawn(move || -> io::Result<()> {
                // A worker: sleep on the port, do a job, repeat, until told to stop.
                loop {
                    match port.wait(None)? {
                        Some((STOP, _)) => return Ok(()),
                        Some((_, job)) => {
                            // "Doing" the job is saying who did it; the test checks each job was
                            // done exactly once.
                            let _ = done.send((worker, job));
                        }
                        None => {} // cannot happen with no timeout; wait again
                    }
                }
            }));
        }
        drop(done); // only the workers' copies remain: `results` ends when they have all ended
        // Post the work, then the stops. The port keeps the order: every job is queued before
        // the first STOP, so no worker stops while jobs are left (a worker that took a STOP
        // takes nothing more, and the others drain the jobs first).
        let posted = jobs
            .iter()
            .try_for_each(|&job| port.post(JOB, job))
            .and_then(|()| (0..workers).try_for_each(|_| port.post(STOP, 0)));
        if let Err(error) = posted {
            // Some STOPs may be missing: the workers would wait forever. Tell them all to stop
            // before returning (each extra STOP is simply left in the port).
            for _ in 0..workers {
                let _ = port.post(STOP, 0);
            }
            return Err(error);
        }
        for handle in handles {
            handle.join().expect("a worker panicked")?;
        }
        Ok(())
    })?;
    Ok(results.into_iter().collect())
}
