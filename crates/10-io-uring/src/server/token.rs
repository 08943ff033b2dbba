//! `user_data`: what each completion is about, in 64 bits of our own.
//!
//! The kernel hands every completion back with the `user_data` of its entry and never looks
//! inside it. The server packs three things there: which connection (its slot in the table),
//! which *use* of that slot (a generation, so a completion for a closed connection can never
//! be taken for the next one in the same slot), and which operation.
//!
//! ```text
//!   63      56 55              32 31                     0
//!  [   op    ][   generation    ][          slot          ]
//! ```
//!
//! The key is lesson 08's slab key, whose generations are 24 bits for this reason.

use delay_server::slab::Key;

/// The operations a connection or the listener can have in flight.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Op {
    /// The listener's multishot accept.
    Accept = 1,
    /// The timer after which a failed accept is tried again.
    AcceptRetry,
    /// A receive into a provided buffer.
    Recv,
    /// The link timeout guarding a receive (the header deadline, or the linger).
    RecvTimeout,
    /// A send of the connection's output.
    Send,
    /// The timer for the request at the front of the queue.
    Delay,
    /// The timer for the idle (or stalled) deadline.
    Deadline,
    /// `shutdown(SHUT_WR)`.
    Shutdown,
    /// `close`.
    Close,
    /// A cancel of one of the others.
    Cancel,
}

const OPS: [Op; 10] = [
    Op::Accept,
    Op::AcceptRetry,
    Op::Recv,
    Op::RecvTimeout,
    Op::Send,
    Op::Delay,
    Op::Deadline,
    Op::Shutdown,
    Op::Close,
    Op::Cancel,
];

/// The slot the listener's operations name: no connection has it.
pub const LISTENER: Key = Key {
    slot: u32::MAX,
    generation: 0,
};

/// An operation of a connection (or of the listener), as `user_data`.
pub fn encode(key: Key, op: Op) -> u64 {
    (op as u64) << 56 | u64::from(key.generation & Key::GENERATION_MASK) << 32 | u64::from(key.slot)
}

/// `user_data` back into the key and the operation; `None` for a number we never made.
pub fn decode(user_data: u64) -> Option<(Key, Op)> {
    let op = *OPS.iter().find(|op| **op as u64 == user_data >> 56)?;
    let key = Key {
        slot: user_data as u32,
        generation: (user_data >> 32) as u32 & Key::GENERATION_MASK,
    };
    Some((key, op))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_data_keeps_slot_generation_and_operation() {
        let key = Key {
            slot: 0xdead_beef,
            generation: 0x12_3456,
        };
        for op in OPS {
            assert_eq!(decode(encode(key, op)), Some((key, op)));
        }
        assert_eq!(decode(0), None, "no operation 0");
        assert_eq!(
            decode(encode(LISTENER, Op::Accept)),
            Some((LISTENER, Op::Accept))
        );
    }
}
