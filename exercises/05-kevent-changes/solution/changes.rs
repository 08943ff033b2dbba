//! Worked solution: what `Registry::register`, `reregister` and `deregister` send to kqueue.
//!
//! Two small maps do the work: an interest to its filters (one per direction, reading first)
//! and a trigger mode to its flag. Everything else is putting them together in the order the
//! kernel applies them: a change list is applied entry by entry, so in a reregister the
//! deletes must come before the adds, or the add of a filter that is then deleted would leave
//! nothing behind.

use epoll::{Interest, Mode, Token};

use crate::{Change, EV_ADD, EV_CLEAR, EV_DELETE, EV_DISPATCH, EVFILT_READ, EVFILT_WRITE};

/// The changes that start watching `fd` for `interest`, reporting `token`.
pub fn register(fd: i32, token: Token, interest: Interest) -> Vec<Change> {
    filters(interest)
        .map(|filter| Change {
            ident: ident(fd),
            filter,
            // Add, in the interest's mode: the mode is per filter in kqueue.
            flags: EV_ADD | mode_flag(interest.mode()),
            // The token rides in `udata` and comes back with each event of this filter.
            udata: token.0,
        })
        .collect()
}

/// The changes that replace `old` with `new` (and `token`) on a registered `fd`.
pub fn reregister(fd: i32, old: Interest, token: Token, new: Interest) -> Vec<Change> {
    // Deletes first: the kernel applies the list in order, and `EV_CLEAR`/`EV_DISPATCH` of an
    // existing filter cannot be changed by another `EV_ADD`.
    let mut changes = deregister(fd, old);
    changes.extend(register(fd, token, new));
    changes
}

/// The changes that stop watching `fd`, registered with `old`.
pub fn deregister(fd: i32, old: Interest) -> Vec<Change> {
    filters(old)
        .map(|filter| Change {
            ident: ident(fd),
            filter,
            // A delete needs no mode and carries no token.
            flags: EV_DELETE,
            udata: 0,
        })
        .collect()
}

/// The filters an interest asks for: one per direction, reading first.
fn filters(interest: Interest) -> impl Iterator<Item = i16> {
    [
        (interest.is_readable(), EVFILT_READ),
        (interest.is_writable(), EVFILT_WRITE),
    ]
    .into_iter()
    .filter_map(|(wanted, filter)| wanted.then_some(filter))
}

/// The kqueue flag of a trigger mode.
fn mode_flag(mode: Mode) -> u16 {
    match mode {
        // Edge: the filter's state is reset each time its event is delivered.
        Mode::Edge => EV_CLEAR,
        // Level: reported while the condition holds; kqueue's default.
        Mode::Level => 0,
        // Oneshot: *disable* after one event (stays registered, re-armed by a reregister).
        // Not `EV_ONESHOT`, which *deletes* the filter and so breaks `reregister`.
        Mode::Oneshot => EV_DISPATCH,
    }
}

/// kqueue's ident is a `uintptr_t`; a descriptor is a non-negative `int`, so it always fits.
fn ident(fd: i32) -> usize {
    fd as usize
}
