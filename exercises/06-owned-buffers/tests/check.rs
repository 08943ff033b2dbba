//! The check of exercise `owned-buffers`: `cargo run -p course -- check owned-buffers`.
//!
//! First the whole table, every state against every event; then the lives of real requests,
//! each named after the rule of `docs/06-iocp.md` it is about.

use exercise_owned_buffers::{
    Event, Refused, SOCKET_ERROR, State, WSA_IO_PENDING, after_start_call, replay, step,
};

use Event::*;

const EVENTS: [Event; 7] = [Touch, Free, Start, StartFailed, Cancel, Complete, DropPort];

/// What `step` must say for each event, in the order of `EVENTS`.
fn expected(state: State) -> [Result<State, Refused>; 7] {
    use Refused::*;
    let lent_or_cancelling = |cancel| {
        [
            Err(KernelMayWrite),
            Err(KernelMayWrite),
            Err(AlreadyLent),
            Err(AlreadyLent),
            Ok(cancel),
            Ok(State::Yours),
            Ok(State::Leaked),
        ]
    };
    match state {
        State::Yours => [
            Ok(State::Yours),
            Ok(State::Freed),
            Ok(State::Lent),
            Ok(State::Yours),
            Err(NothingToCancel),
            Err(NotInFlight),
            Ok(State::Yours),
        ],
        State::Lent | State::Cancelling => lent_or_cancelling(State::Cancelling),
        State::Leaked => [Err(Leaked); 7],
        State::Freed => [Err(Freed); 7],
    }
}

/// Checks one state's row of the table.
fn row(state: State) {
    for (event, expected) in EVENTS.into_iter().zip(expected(state)) {
        assert_eq!(step(state, event), expected, "step({state:?}, {event:?})");
    }
}

#[test]
fn a_buffer_of_yours_may_be_used_freed_or_lent() {
    row(State::Yours);
}

#[test]
fn a_lent_buffer_is_the_kernels_until_its_completion() {
    row(State::Lent);
}

#[test]
fn a_cancelled_request_still_owns_its_buffer_until_its_completion() {
    assert_eq!(
        step(State::Lent, Cancel),
        Ok(State::Cancelling),
        "CancelIoEx only asks: the request still completes through the port, and until then \
         the kernel may write into the buffer"
    );
    row(State::Cancelling);
}

#[test]
fn leaked_and_freed_buffers_refuse_everything() {
    row(State::Leaked);
    row(State::Freed);
}

#[test]
fn a_receive_its_completion_then_its_bytes() {
    assert_eq!(replay(&[Start, Complete, Touch, Free]), Ok(State::Freed));
    assert_eq!(
        replay(&[Start, Touch]),
        Err((1, Refused::KernelMayWrite)),
        "reading the bytes before the completion says they are there"
    );
}

#[test]
fn free_after_cancel_is_a_use_after_free_in_waiting() {
    assert_eq!(
        replay(&[Start, Cancel, Free]),
        Err((2, Refused::KernelMayWrite)),
        "freed right after CancelIoEx: the kernel may still be writing into it"
    );
    assert_eq!(
        replay(&[Start, Cancel, Complete, Free]),
        Ok(State::Freed),
        "freed after the cancelled request's completion (995) was taken: fine"
    );
}

#[test]
fn one_buffer_one_request_at_a_time() {
    assert_eq!(replay(&[Start, Start]), Err((1, Refused::AlreadyLent)));
    assert_eq!(
        replay(&[Start, Complete, Start, Complete]),
        Ok(State::Yours),
        "reused once its completion is back"
    );
}

#[test]
fn a_port_dropped_under_a_request_leaks_its_buffer() {
    assert_eq!(replay(&[Start, DropPort]), Ok(State::Leaked));
    assert_eq!(
        replay(&[Start, Cancel, DropPort, Free]),
        Err((3, Refused::Leaked)),
        "no completion will ever come: the memory must never be freed"
    );
    assert_eq!(
        replay(&[DropPort, Free]),
        Ok(State::Freed),
        "not lent: not leaked"
    );
}

#[test]
fn a_packet_for_a_buffer_not_lent_is_not_its_completion() {
    assert_eq!(replay(&[Complete]), Err((0, Refused::NotInFlight)));
    assert_eq!(
        replay(&[Start, Complete, Complete]),
        Err((2, Refused::NotInFlight)),
        "a second packet for a completed request is someone else's"
    );
}

#[test]
fn pending_is_started_and_other_errors_are_not() {
    const WSAENOTCONN: i32 = 10057;
    const WSAECONNRESET: i32 = 10054;
    assert_eq!(
        after_start_call(0, 0),
        Start,
        "0: done at once; its packet is queued"
    );
    assert_eq!(
        after_start_call(0, WSAENOTCONN),
        Start,
        "after a 0 the last error is stale: ignore it"
    );
    assert_eq!(
        after_start_call(SOCKET_ERROR, WSA_IO_PENDING),
        Start,
        "WSA_IO_PENDING: the request runs, and the buffer is lent"
    );
    assert_eq!(after_start_call(SOCKET_ERROR, WSAENOTCONN), StartFailed);
    assert_eq!(after_start_call(SOCKET_ERROR, WSAECONNRESET), StartFailed);
    let failed = after_start_call(SOCKET_ERROR, WSAECONNRESET);
    assert_eq!(
        replay(&[failed, Free]),
        Ok(State::Freed),
        "a request that never started gave the kernel nothing: the buffer is yours at once"
    );
}
