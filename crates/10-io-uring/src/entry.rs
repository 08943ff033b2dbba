//! Building submission entries: one function per operation this lesson uses.
//!
//! Building an entry is safe: it is only 64 bytes of data. What the kernel will *do* with it
//! is decided when it is pushed into the ring (`Ring::push`, which is `unsafe` for that
//! reason): a descriptor in an entry is only a number, and a buffer only an address.

use std::os::fd::{AsRawFd, BorrowedFd, IntoRawFd, OwnedFd};

use crate::sys::{
    IORING_ACCEPT_MULTISHOT, IORING_ASYNC_CANCEL_ALL, IORING_ASYNC_CANCEL_ANY, IORING_OP_ACCEPT,
    IORING_OP_ASYNC_CANCEL, IORING_OP_CLOSE, IORING_OP_LINK_TIMEOUT, IORING_OP_NOP, IORING_OP_RECV,
    IORING_OP_SEND, IORING_OP_SHUTDOWN, IORING_OP_TIMEOUT, IOSQE_BUFFER_SELECT, IOSQE_IO_LINK,
    MSG_NOSIGNAL, SOCK_CLOEXEC, Sqe,
};

/// An entry for `opcode` on `fd`, carrying `user_data`; everything else zero.
fn entry(opcode: u8, fd: i32, user_data: u64) -> Sqe {
    Sqe {
        opcode,
        fd,
        user_data,
        ..Sqe::default()
    }
}

/// Does nothing; completes with 0. The cheapest round trip through the rings.
pub fn nop(user_data: u64) -> Sqe {
    entry(IORING_OP_NOP, -1, user_data)
}

/// `recv(fd, buf, len, 0)` into `len` bytes at `buf`: completes with the count received (0 at
/// end of file) once data is there, however long that takes.
pub fn recv(fd: BorrowedFd<'_>, buf: *mut u8, len: u32, user_data: u64) -> Sqe {
    Sqe {
        addr: buf as u64,
        len,
        ..entry(IORING_OP_RECV, fd.as_raw_fd(), user_data)
    }
}

/// A `recv` that takes a buffer from provided-buffer group `group` only when data has arrived
/// (`IOSQE_BUFFER_SELECT`), at most `len` bytes of it. The completion names the buffer.
/// `msg_flags` are `recv`'s flags (`MSG_DONTWAIT`: fail with `-EAGAIN` rather than wait).
pub fn recv_select(
    fd: BorrowedFd<'_>,
    group: u16,
    len: u32,
    msg_flags: u32,
    user_data: u64,
) -> Sqe {
    Sqe {
        flags: IOSQE_BUFFER_SELECT,
        len,
        op_flags: msg_flags,
        buf_group: group,
        ..entry(IORING_OP_RECV, fd.as_raw_fd(), user_data)
    }
}

/// `send(fd, buf, len, MSG_NOSIGNAL)`: completes with the count sent, which on a stream socket
/// can be less than `len`. `MSG_NOSIGNAL`: a closed peer is an `EPIPE` result, not a signal.
pub fn send(fd: BorrowedFd<'_>, buf: *const u8, len: u32, user_data: u64) -> Sqe {
    Sqe {
        addr: buf as u64,
        len,
        op_flags: MSG_NOSIGNAL,
        ..entry(IORING_OP_SEND, fd.as_raw_fd(), user_data)
    }
}

/// A multishot `accept4(fd, NULL, NULL, SOCK_CLOEXEC)`: one completion per connection, each
/// with the new descriptor as its result and `IORING_CQE_F_MORE` while it keeps accepting.
pub fn accept_multishot(fd: BorrowedFd<'_>, user_data: u64) -> Sqe {
    Sqe {
        ioprio: IORING_ACCEPT_MULTISHOT,
        op_flags: SOCK_CLOEXEC,
        ..entry(IORING_OP_ACCEPT, fd.as_raw_fd(), user_data)
    }
}

/// A timer: completes with `-ETIME` after the time `Ring::push_timeout` is given (it fills in
/// `addr`). `off = 0`: a pure timer, not "after that many other completions".
pub fn timeout(user_data: u64) -> Sqe {
    Sqe {
        len: 1, // one timespec
        ..entry(IORING_OP_TIMEOUT, -1, user_data)
    }
}

/// A timer for the entry just before it, which must carry [`linked`]: if that one has not
/// completed when the timer fires, it is cancelled (`-ECANCELED`) and this completes with
/// `-ETIME`; if it completes first, this completes with `-ECANCELED`.
pub fn link_timeout(user_data: u64) -> Sqe {
    Sqe {
        len: 1,
        ..entry(IORING_OP_LINK_TIMEOUT, -1, user_data)
    }
}

/// `entry`, linked to the one pushed after it: that one starts only after this completes
/// (successfully), or, for a link timeout, guards it.
pub fn linked(entry: Sqe) -> Sqe {
    Sqe {
        flags: entry.flags | IOSQE_IO_LINK,
        ..entry
    }
}

/// `shutdown(fd, how)`.
pub fn shutdown(fd: BorrowedFd<'_>, how: i32, user_data: u64) -> Sqe {
    Sqe {
        len: how as u32,
        ..entry(IORING_OP_SHUTDOWN, fd.as_raw_fd(), user_data)
    }
}

/// `close(fd)`. It takes the descriptor itself: the kernel closes it later, when it runs the
/// request, so from here on it is not ours to use or to close. (If the entry is never pushed,
/// the descriptor simply stays open.)
pub fn close(fd: OwnedFd, user_data: u64) -> Sqe {
    entry(IORING_OP_CLOSE, fd.into_raw_fd(), user_data)
}

/// Cancels the request whose `user_data` is `target` (every one, if several have it). The
/// cancelled request completes with `-ECANCELED`; this one with the number found, or
/// `-ENOENT` if none was.
pub fn cancel(target: u64, user_data: u64) -> Sqe {
    Sqe {
        addr: target,
        op_flags: IORING_ASYNC_CANCEL_ALL,
        ..entry(IORING_OP_ASYNC_CANCEL, -1, user_data)
    }
}

/// Cancels every request in flight on the ring (Linux 5.19).
pub fn cancel_any(user_data: u64) -> Sqe {
    Sqe {
        op_flags: IORING_ASYNC_CANCEL_ANY | IORING_ASYNC_CANCEL_ALL,
        ..entry(IORING_OP_ASYNC_CANCEL, -1, user_data)
    }
}
