//! The kernel's side, declared by hand, as lessons 02 and 04 do. What you need:
//!
//! ```c
//! // <poll.h>
//! struct pollfd { int fd; short events; short revents; };   // 8 bytes on every Linux CPU
//! int poll(struct pollfd *fds, nfds_t nfds, int timeout);   // nfds_t: unsigned long
//! // POLLIN 0x001, POLLPRI 0x002, POLLOUT 0x004, POLLERR 0x008, POLLHUP 0x010,
//! // POLLNVAL 0x020 (not an open descriptor), POLLRDHUP 0x2000 (the peer shut down writing)
//!
//! // <sys/eventfd.h>, <unistd.h>: for the waker
//! int eventfd(unsigned int initval, int flags);   // EFD_CLOEXEC 0o2000000, EFD_NONBLOCK 0o4000
//! ssize_t read(int fd, void *buf, size_t count);
//! ssize_t write(int fd, const void *buf, size_t count);
//! ```
//!
//! Declare `struct pollfd` with `#[repr(C)]` and a compile-time layout assertion, each call in
//! an `unsafe extern "C"` block, and a safe wrapper per call returning `io::Result` (errno by
//! `ffi_syscall::last_errno()`). `poll` fails with `EINTR` when a signal arrives.
//!
//! To tell whether a descriptor number still names the file you registered (numbers are
//! reused after `close`), `statx(fd, "", AT_EMPTY_PATH, STATX_INO, &buf)` gives its inode; or
//! leave that for later: the suite's closed-socket test is the one that needs it.
