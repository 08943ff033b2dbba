//! The check of exercise `kevent-changes`: `cargo run -p course -- check kevent-changes`.
//! Pure data: it runs on every OS.

use epoll::{Interest, Token};
use exercise_kevent_changes::*;

fn change(filter: i16, flags: u16, udata: usize) -> Change {
    Change {
        ident: 7,
        filter,
        flags,
        udata,
    }
}

#[test]
fn registering_for_reading_is_one_edge_triggered_read_filter() {
    assert_eq!(
        register(7, Token(3), Interest::READABLE),
        [change(EVFILT_READ, EV_ADD | EV_CLEAR, 3)],
        "edge-triggered (the default mode) is EV_CLEAR"
    );
}

#[test]
fn level_triggered_has_no_mode_flag() {
    assert_eq!(
        register(7, Token(3), Interest::WRITABLE.level()),
        [change(EVFILT_WRITE, EV_ADD, 3)]
    );
}

#[test]
fn oneshot_is_ev_dispatch() {
    assert_eq!(
        register(7, Token(3), Interest::READABLE.oneshot()),
        [change(EVFILT_READ, EV_ADD | EV_DISPATCH, 3)],
        "oneshot disables the filter after one event (EV_DISPATCH), it does not delete it"
    );
}

#[test]
fn both_directions_are_two_filters_reading_first() {
    assert_eq!(
        register(
            7,
            Token(usize::MAX),
            Interest::READABLE | Interest::WRITABLE
        ),
        [
            change(EVFILT_READ, EV_ADD | EV_CLEAR, usize::MAX),
            change(EVFILT_WRITE, EV_ADD | EV_CLEAR, usize::MAX),
        ]
    );
}

#[test]
fn deregistering_deletes_every_filter_without_a_token() {
    assert_eq!(
        deregister(7, (Interest::READABLE | Interest::WRITABLE).level()),
        [
            change(EVFILT_READ, EV_DELETE, 0),
            change(EVFILT_WRITE, EV_DELETE, 0)
        ]
    );
    assert_eq!(
        deregister(7, Interest::WRITABLE),
        [change(EVFILT_WRITE, EV_DELETE, 0)]
    );
}

#[test]
fn reregistering_deletes_the_old_filters_then_adds_the_new() {
    assert_eq!(
        reregister(
            7,
            Interest::READABLE,
            Token(11),
            Interest::WRITABLE.oneshot()
        ),
        [
            change(EVFILT_READ, EV_DELETE, 0),
            change(EVFILT_WRITE, EV_ADD | EV_DISPATCH, 11),
        ]
    );
}

#[test]
fn reregistering_the_same_filter_in_another_mode_deletes_it_first() {
    assert_eq!(
        reregister(7, Interest::READABLE, Token(1), Interest::READABLE.level()),
        [
            change(EVFILT_READ, EV_DELETE, 0),
            change(EVFILT_READ, EV_ADD, 1)
        ],
        "a filter's mode cannot be changed in place: delete, then add"
    );
}

#[test]
fn the_descriptor_is_the_ident() {
    let changes = register(1234, Token(0), Interest::READABLE);
    assert!(changes.iter().all(|c| c.ident == 1234), "{changes:?}");
}
