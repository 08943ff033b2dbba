//! `Poll`: the queue itself, and how long `kevent` may wait.

use std::io;
use std::os::fd::{AsRawFd, RawFd};
use std::time::Duration;

use crate::sys::{self, Timespec};
use crate::{Events, Registry};

/// The event queue: one kqueue. Register sources through its [`Registry`], then call
/// [`Poll::poll`] to wait until some of them are ready.
pub struct Poll {
    registry: Registry,
}

impl AsRawFd for Poll {
    /// The kqueue descriptor itself (to nest this queue in another, or to inspect it).
    fn as_raw_fd(&self) -> RawFd {
        self.registry.kq.as_raw_fd()
    }
}

impl Poll {
    /// A new queue watching nothing.
    pub fn new() -> io::Result<Poll> {
        Ok(Poll {
            registry: Registry::new(sys::kqueue()?),
        })
    }

    /// The registry of this queue.
    pub fn registry(&self) -> &Registry {
        &self.registry
    }

    /// Waits until at least one source is ready, or `timeout` passes (`None`: forever), and
    /// fills `events` with what is ready (empty after a timeout).
    ///
    /// kevent takes its timeout as seconds and nanoseconds, so nothing is rounded: 1 µs waits
    /// 1 µs (or however long the kernel's timer needs), never 0. If a signal interrupts the wait
    /// (`EINTR`: a Ctrl-Z then `fg`, a profiler's timer), it waits again for the time that is
    /// left instead of failing.
    pub fn poll(&mut self, events: &mut Events, timeout: Option<Duration>) -> io::Result<()> {
        let kq = &self.registry.kq;
        let buffer = &mut events.buffer;
        // The loop every backend shares: a wait cut short by a signal, or one longer than
        // `MAX_WAIT_SECONDS` that ended empty, is made again for the time that is left.
        epoll::deadline::wait_until_deadline(timeout, |left| {
            let limit = left.map(timespec);
            sys::wait(kq, buffer, limit.as_ref())?;
            Ok(!buffer.is_empty())
        })
    }
}

/// The longest single wait handed to the kernel: 2^31 - 1 seconds, about 68 years. FreeBSD
/// treats anything longer as "forever" and macOS converts it to its clock's ticks, where it
/// could overflow; a longer timeout simply waits again.
const MAX_WAIT_SECONDS: u64 = i32::MAX as u64;

/// A timeout as the `struct timespec` kevent reads: exact to the nanosecond.
fn timespec(timeout: Duration) -> Timespec {
    if timeout.as_secs() > MAX_WAIT_SECONDS {
        return Timespec {
            tv_sec: MAX_WAIT_SECONDS as sys::TimeT,
            tv_nsec: 0,
        };
    }
    Timespec {
        tv_sec: timeout.as_secs() as sys::TimeT,
        // Below one billion: fits `long` everywhere.
        tv_nsec: timeout.subsec_nanos().into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timeouts_keep_every_nanosecond() {
        let exact = |tv_sec, tv_nsec| Timespec { tv_sec, tv_nsec };
        assert_eq!(timespec(Duration::ZERO), exact(0, 0));
        assert_eq!(timespec(Duration::from_nanos(1)), exact(0, 1));
        assert_eq!(timespec(Duration::from_micros(1500)), exact(0, 1_500_000));
        assert_eq!(
            timespec(Duration::new(7, 999_999_999)),
            exact(7, 999_999_999)
        );
        assert_eq!(timespec(Duration::MAX), exact(i32::MAX.into(), 0));
    }
}
