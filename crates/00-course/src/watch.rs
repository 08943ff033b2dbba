//! Waiting until the reader saves one of an exercise's files, for `watch`.
//!
//! On Linux the runner waits the way lesson 04 teaches: an inotify descriptor (declared by
//! hand below) reports changes in the exercise's folders, and lesson 04's queue sleeps until it
//! is readable, with no polling at all. Elsewhere, or if inotify cannot be set up, it looks at
//! the files' modification times twice a second.

use std::path::Path;
use std::time::Duration;

use crate::catalog::Exercise;
use crate::progress;

/// Returns once one of the exercise's files has changed since the call began.
pub fn until_saved(root: &Path, exercise: &Exercise) {
    let seen = progress::last_modified(root, exercise);
    #[cfg(target_os = "linux")]
    if inotify::until_changed(root, exercise, seen).is_ok() {
        return;
    }
    while progress::last_modified(root, exercise) == seen {
        std::thread::sleep(Duration::from_millis(500));
    }
}

#[cfg(target_os = "linux")]
mod inotify {
    use std::collections::BTreeSet;
    use std::ffi::{CString, c_char, c_int, c_void};
    use std::io;
    use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
    use std::os::unix::ffi::OsStrExt;
    use std::path::Path;
    use std::time::SystemTime;

    use epoll::{Events, Interest, Poll, Token};

    use crate::catalog::Exercise;
    use crate::progress;

    /// `IN_NONBLOCK | IN_CLOEXEC` (= `O_NONBLOCK | O_CLOEXEC`, `<sys/inotify.h>`).
    const FLAGS: c_int = 0o4000 | 0o2000000;
    /// `IN_MODIFY | IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE`: a file written, or replaced by
    /// the rename most editors save with.
    const CHANGES: u32 = 0x002 | 0x008 | 0x080 | 0x100;

    unsafe extern "C" {
        /// `int inotify_init1(int flags);`
        safe fn inotify_init1(flags: c_int) -> c_int;
        /// `int inotify_add_watch(int fd, const char *pathname, uint32_t mask);`
        fn inotify_add_watch(fd: c_int, pathname: *const c_char, mask: u32) -> c_int;
        /// `ssize_t read(int fd, void *buf, size_t count);`
        fn read(fd: c_int, buf: *mut c_void, count: usize) -> isize;
    }

    /// Sleeps in lesson 04's queue until a change in the exercise's folders has changed the
    /// newest modification time of its files away from `seen`.
    pub fn until_changed(
        root: &Path,
        exercise: &Exercise,
        seen: Option<SystemTime>,
    ) -> io::Result<()> {
        let fd = inotify_init1(FLAGS);
        if fd == -1 {
            return Err(io::Error::last_os_error());
        }
        // SAFETY: `fd` was returned by a successful `inotify_init1` just now and nothing else
        // owns it; `OwnedFd` closes it once.
        let changes = unsafe { OwnedFd::from_raw_fd(fd) };
        let folders: BTreeSet<_> = exercise
            .files
            .iter()
            .filter_map(|file| {
                root.join(exercise.folder)
                    .join(file)
                    .parent()
                    .map(Path::to_path_buf)
            })
            .collect();
        for folder in folders {
            let path = CString::new(folder.as_os_str().as_bytes())?;
            // SAFETY: the kernel reads the C string `path`, alive and 0-terminated for the call;
            // `changes` is an open inotify descriptor.
            if unsafe { inotify_add_watch(changes.as_raw_fd(), path.as_ptr(), CHANGES) } == -1 {
                return Err(io::Error::last_os_error());
            }
        }
        let mut poll = Poll::new()?;
        poll.registry()
            .register(&changes, Token(0), Interest::READABLE)?;
        let mut events = Events::with_capacity(1);
        loop {
            poll.poll(&mut events, None)?;
            drain(&changes)?;
            if progress::last_modified(root, exercise) != seen {
                return Ok(());
            }
        }
    }

    /// Reads the queued change records until `WouldBlock`: which file changed does not matter
    /// (the modification times say), but edge-triggered readiness needs the descriptor drained.
    fn drain(changes: &OwnedFd) -> io::Result<()> {
        let mut buffer = [0u8; 4096];
        loop {
            // SAFETY: the kernel writes at most `buffer.len()` bytes into `buffer`, a live local
            // array; `changes` is open.
            let got = unsafe {
                read(
                    changes.as_raw_fd(),
                    buffer.as_mut_ptr().cast(),
                    buffer.len(),
                )
            };
            if got == -1 {
                let error = io::Error::last_os_error();
                return match error.kind() {
                    io::ErrorKind::WouldBlock => Ok(()),
                    io::ErrorKind::Interrupted => continue,
                    _ => Err(error),
                };
            }
        }
    }
}
