//! Your exercise: two functions that show what the trigger mode means.
//!
//! - `events_while_unread` is the experiment: with data waiting and nobody reading, how many
//!   of `polls` polls report the source? The check calls it for an edge-triggered and a
//!   level-triggered registration and expects lesson 04's answers.
//! - `receive_all` is the consequence: a reader of an edge-triggered socket that reads once per
//!   event hears nothing more about the bytes it left behind, and waits forever. The check sends
//!   a megabyte and closes; yours must return all of it.
//!
//! Lesson 04's API is in `crates/04-epoll/src/` (`Poll`, `Events`, `Event`, `Token`).

use std::io;
use std::net::TcpStream;
use std::time::Duration;

use epoll::{Events, Poll, Token};

/// Polls `polls` times, each for at most `each`, without reading anything, and returns in
/// how many of those polls an event for `token` was reported.
pub fn events_while_unread(poll: &mut Poll, token: Token, polls: usize, each: Duration) -> usize {
    let _ = (poll, token, polls, each);
    todo!(
        "poll `polls` times with Events::with_capacity(8) and the timeout `each`; count the \
         polls in which some event has this token"
    )
}

/// Reads everything the peer sends on `stream` until it closes its side, and returns it.
/// `stream` is non-blocking and registered with `poll`, *edge-triggered*, under `token`.
pub fn receive_all(poll: &mut Poll, stream: &mut TcpStream, token: Token) -> io::Result<Vec<u8>> {
    let _ = (poll, stream, token, Events::with_capacity(1));
    todo!(
        "loop: poll (no timeout), and after each event for `token` read until WouldBlock; \
         a read of 0 bytes means the peer closed: return what you received"
    )
}
