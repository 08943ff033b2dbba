//! Your exercise: what `Registry::register`, `reregister` and `deregister` send to kqueue.
//!
//! epoll watches a descriptor for a *set* of bits; kqueue keeps one *filter* per condition. So
//! an interest in reading and writing is two filters, `EVFILT_READ` then `EVFILT_WRITE`, and
//! each change names one filter. The trigger mode is a flag on each `EV_ADD`: `EV_CLEAR` for
//! edge-triggered, nothing for level, `EV_DISPATCH` for oneshot. A delete is `EV_DELETE` alone,
//! with udata 0.
//!
//! A mode cannot be changed in place, so a reregister deletes the old filters and adds the new
//! ones, in one list: deletes first. Lesson 05's `crates/05-kqueue/src/registry.rs` explains
//! why; write these three functions without copying its `Changes`.

use epoll::{Interest, Token};

use crate::Change;

/// The changes that start watching `fd` for `interest`, reporting `token`.
pub fn register(fd: i32, token: Token, interest: Interest) -> Vec<Change> {
    let _ = (fd, token, interest);
    todo!(
        "one EV_ADD change per filter the interest asks for, READ before WRITE, with the mode's flag"
    )
}

/// The changes that replace `old` with `new` (and `token`) on a registered `fd`.
pub fn reregister(fd: i32, old: Interest, token: Token, new: Interest) -> Vec<Change> {
    let _ = (fd, old, token, new);
    todo!("deregister's changes for `old`, then register's for `new`, in one list")
}

/// The changes that stop watching `fd`, registered with `old`.
pub fn deregister(fd: i32, old: Interest) -> Vec<Change> {
    let _ = (fd, old);
    todo!("one EV_DELETE change (udata 0) per filter `old` asked for")
}
