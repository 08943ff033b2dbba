//! What a parser says about the bytes received so far ([`Parse`]), and the limits the request
//! parser enforces.

/// The longest request head accepted (request line, headers and the empty line), in bytes:
/// 8 KiB, like nginx's default. A longer one is answered `431 Request Header Fields Too Large`.
pub const MAX_HEAD_BYTES: usize = 8 * 1024;

/// The longest delay accepted, in milliseconds: one minute. A longer one is a `400`.
pub const MAX_DELAY_MS: u64 = 60_000;

/// What a parser made of the bytes received so far.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Parse<T, E> {
    /// Not a whole message yet: read more, then parse everything again.
    Incomplete,
    /// A whole message, and how many bytes of the buffer it took (drop those; what follows
    /// belongs to the next message).
    Complete(T, usize),
    /// Not valid, however many more bytes come: answer with an error and close.
    Bad(E),
}
