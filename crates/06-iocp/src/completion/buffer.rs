//! `IoBuffer`: the memory one overlapped request lends to the kernel.

use std::fmt;

use crate::sys::kernel32::OVERLAPPED;
use crate::sys::ws2_32::WSABUF;

/// What an [`IoBuffer`] was last used for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Operation {
    /// Nothing yet.
    None,
    /// An overlapped `WSARecv` into the buffer.
    Recv,
    /// An overlapped `WSASend` of the buffer's bytes.
    Send,
}

/// A heap buffer for one overlapped request, with everything the kernel keeps a pointer to
/// while the request runs: the `OVERLAPPED`, the `WSABUF` and the receive flags.
///
/// You only ever hold one as a `Box<IoBuffer>`. Starting a request
/// ([`CompletionPort::recv`](super::CompletionPort::recv) or
/// [`send`](super::CompletionPort::send)) takes the box *by value*: from then on the kernel
/// may write into it at any moment, so nothing in this program may read it, move it or free
/// it. [`CompletionPort::wait`](super::CompletionPort::wait) hands the same box back inside the
/// request's [`Completion`](super::Completion), and only then is it yours again. The type
/// system turns the rule into ownership: while the request runs, you do not have the buffer.
#[repr(C)]
pub struct IoBuffer {
    /// First, so that the `OVERLAPPED` pointer a completion carries is also a pointer to the
    /// whole `IoBuffer` (`repr(C)` keeps the order).
    pub(super) overlapped: OVERLAPPED,
    /// The one `WSABUF` of the request: must stay valid until completion, like the bytes.
    pub(super) wsabuf: WSABUF,
    /// `WSARecv`'s in-out flags (none are used, but Winsock may write them).
    pub(super) flags: u32,
    pub(super) operation: Operation,
    /// The bytes. A boxed slice never reallocates, so the address given to the kernel holds.
    pub(super) data: Box<[u8]>,
    /// How many of `data` are meaningful: received, or to send.
    pub(super) len: usize,
}

// SAFETY: the only pointers inside (`wsabuf.buf`, and those Windows keeps in `overlapped`)
// point into this IoBuffer's own bytes, which it owns; moving or sharing the box between
// threads while no request runs is like moving a `Vec`. While a request runs, nobody has the
// box at all.
unsafe impl Send for IoBuffer {}
// SAFETY: through `&IoBuffer` only the bytes can be read; nothing is mutated.
unsafe impl Sync for IoBuffer {}

impl IoBuffer {
    /// An empty buffer of `capacity` bytes (at least 1), to receive into.
    pub fn with_capacity(capacity: usize) -> Box<IoBuffer> {
        IoBuffer::boxed(vec![0; capacity.max(1)].into_boxed_slice(), 0)
    }

    /// A buffer holding a copy of `bytes`, to send.
    pub fn from_bytes(bytes: &[u8]) -> Box<IoBuffer> {
        IoBuffer::boxed(bytes.into(), bytes.len())
    }

    fn boxed(data: Box<[u8]>, len: usize) -> Box<IoBuffer> {
        Box::new(IoBuffer {
            overlapped: OVERLAPPED::zeroed(),
            wsabuf: WSABUF {
                len: 0,
                buf: std::ptr::null_mut(),
            },
            flags: 0,
            operation: Operation::None,
            data,
            len,
        })
    }

    /// The bytes received by the last completed receive, or the bytes to send.
    pub fn bytes(&self) -> &[u8] {
        &self.data[..self.len]
    }

    /// How many bytes a receive can take at most.
    pub fn capacity(&self) -> usize {
        self.data.len()
    }

    /// What the buffer was last used for.
    pub fn operation(&self) -> Operation {
        self.operation
    }

    /// Prepares the kernel-facing fields for a new request on `socket`: a fresh `OVERLAPPED`
    /// (a request must never start from a used one) and a `WSABUF` over `data[..len]`.
    pub(super) fn prepare(&mut self, operation: Operation, len: usize) {
        self.overlapped = OVERLAPPED::zeroed();
        self.flags = 0;
        self.operation = operation;
        self.wsabuf = WSABUF {
            // A WSABUF length is 32 bits: a longer buffer is used in part, like any read.
            len: u32::try_from(len).unwrap_or(u32::MAX),
            buf: self.data.as_mut_ptr(),
        };
    }
}

impl fmt::Debug for IoBuffer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IoBuffer")
            .field("operation", &self.operation)
            .field("len", &self.len)
            .field("capacity", &self.capacity())
            .finish()
    }
}
