//! Tables with no allocator: memory mapped once, at start, and the record of one connection.
//!
//! A table is a slice in memory of its own, from one `mmap`, as long as the descriptor limit
//! allows. Mapping costs address space only: the kernel gives the process a page of zeros the
//! first time it touches one, so a table of a million records uses memory for the records in
//! use, and a server that never had more than ten connections holds one page of its table.
//! The mapping is never undone, so the slice lives as long as the process: `&'static mut`.

use core::mem::{align_of, size_of};

use raw_syscall::Errno;

use crate::sys;
use crate::{INLINE_REQUEST, MAX_REQUEST};

/// Types for which all-zero bytes are a valid value: what a fresh anonymous mapping holds.
///
/// # Safety
/// Implement it only for a type whose every field is valid as zero bytes: integers, `bool`,
/// arrays of those, enums with a variant whose discriminant is 0 (and `#[repr(u8)]`, so that
/// the discriminant is all there is). No references, no `NonZero`, no `char` ranges.
pub unsafe trait Zeroed: Sized {}

// SAFETY: 0 is a `u32`.
unsafe impl Zeroed for u32 {}
// SAFETY: 0 bytes are a `u8` each.
unsafe impl<const N: usize> Zeroed for [u8; N] {}

/// A table of `len` values of `T`, all zero, in memory of its own that is never freed.
/// `ENOMEM` if the address space for it cannot be had.
pub fn table<T: Zeroed>(len: usize) -> Result<&'static mut [T], Errno> {
    const { assert!(align_of::<T>() <= 4096, "mmap returns page-aligned memory") };
    let bytes = len.checked_mul(size_of::<T>()).ok_or(Errno::ENOMEM)?;
    let base = sys::map_zeroed(bytes.max(1))?;
    // SAFETY: the kernel has just mapped `bytes` (= `len * size_of::<T>()`) bytes at `base`,
    // readable and writable, page-aligned (so aligned for `T`, asserted above) and all zero,
    // which is a valid `T` (`T: Zeroed`). Nothing else points into that fresh mapping, and it
    // is never unmapped, so one `&'static mut` to it is the only way in, for the whole run.
    Ok(unsafe { core::slice::from_raw_parts_mut(base.cast::<T>(), len) })
}

/// Where a connection is in its cycle. `Free` is 0: a zeroed record is a free one.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(u8)]
pub enum State {
    /// No connection has this descriptor.
    Free = 0,
    /// Reading a request (or waiting for one, on a keep-alive connection).
    Reading,
    /// The request at the front of the input is waiting out its delay, in the timer heap.
    Waiting,
    /// Part of the answer is sent; the rest waits for room in the socket's buffer.
    Sending,
}

/// What epoll watches a connection for. `None` is 0, as in a zeroed record.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(u8)]
pub enum Interest {
    /// Nothing but errors and hang-ups (the kernel always reports those): while waiting.
    None = 0,
    /// A request, or the end of the input (`EPOLLIN | EPOLLRDHUP`).
    Read,
    /// Room to send the rest of an answer (`EPOLLOUT`).
    Write,
}

/// One connection, between two turns of the loop: 128 bytes, in the table at the index of its
/// descriptor.
///
/// It holds no answer: an answer is written into the server's one output buffer when it is
/// sent, from the request, which stays at the front of the input until its answer has gone.
/// If the socket takes only part of it, `sent` says how much, and the same answer is written
/// again (it is a function of the request) when the socket has room.
#[repr(C)]
pub struct Connection {
    /// The input while it fits: the request being answered, and what has arrived after it.
    /// First, so that it starts on a 128-byte boundary: the parser's searches (`memchr`) go
    /// word by word from an aligned start, and took 50% longer at offset 12.
    pub inline: [u8; INLINE_REQUEST],
    /// Counts the connections this descriptor has had, so that an event for a connection
    /// closed earlier in a turn is never taken for the next one with the same number.
    pub generation: u32,
    /// Where it is in its cycle.
    pub state: State,
    /// What epoll watches it for now, to skip `epoll_ctl` calls that change nothing.
    pub interest: Interest,
    /// The client has shut down its sending side: answer what has arrived, then close.
    pub input_ended: bool,
    /// The input is in the overflow buffer (it outgrew `inline`), until the connection ends.
    pub overflowed: bool,
    /// Bytes of input held.
    pub len: u16,
    /// Bytes of the current answer already sent.
    pub sent: u16,
}

const _: () = assert!(size_of::<Connection>() == 128);
const _: () = assert!(MAX_REQUEST <= u16::MAX as usize);

// SAFETY: integers, `bool`s, a byte array, and two `#[repr(u8)]` enums whose 0 is a variant.
unsafe impl Zeroed for Connection {}

/// A connection's overflow buffer: where its input goes when it outgrows the record.
pub type Overflow = [u8; MAX_REQUEST];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_zeroed_record_is_a_free_connection() {
        let records = table::<Connection>(3).unwrap();
        assert!(records.iter().all(|c| c.state == State::Free
            && c.interest == Interest::None
            && c.len == 0
            && !c.overflowed));
        records[2].len = 7; // writable
        let big = table::<Overflow>(1 << 16).unwrap(); // 128 MiB of address space, no memory
        assert_eq!(big[65_535][MAX_REQUEST - 1], 0);
    }
}
