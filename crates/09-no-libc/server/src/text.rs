//! Bytes without an allocator: a fixed-capacity buffer, numbers in decimal, and printing.
//!
//! With no heap there is no `Vec` and no `String`; and `core::fmt` (what `write!` and `{}` use)
//! would work, but costs several KiB of code in a binary whose whole point is to be small. So
//! text is built from byte slices and decimal digits, as lesson 03's response writer does.

use crate::sys;

/// Up to `N` bytes, stored inline: no heap. Adding more than fits is refused, never a crash.
pub struct Buf<const N: usize> {
    bytes: [u8; N],
    len: usize,
}

impl<const N: usize> Buf<N> {
    /// An empty buffer.
    pub const fn new() -> Buf<N> {
        Buf {
            bytes: [0; N],
            len: 0,
        }
    }

    /// The bytes held.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes[..self.len]
    }

    /// How many bytes are held.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether it holds nothing.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Whether it is full: a `read` into [`spare`](Self::spare) would get nothing.
    pub fn is_full(&self) -> bool {
        self.len == N
    }

    /// The free space after the bytes held, to `read` into; then [`grow`](Self::grow).
    pub fn spare(&mut self) -> &mut [u8] {
        &mut self.bytes[self.len..]
    }

    /// Counts `n` more bytes as held, after a `read` into [`spare`](Self::spare) wrote them.
    pub fn grow(&mut self, n: usize) {
        self.len = (self.len + n).min(N);
    }

    /// Appends `bytes` if they fit; returns whether they did (if not, nothing is appended).
    pub fn push(&mut self, bytes: &[u8]) -> bool {
        let Some(room) = self.bytes.get_mut(self.len..self.len + bytes.len()) else {
            return false;
        };
        room.copy_from_slice(bytes);
        self.len += bytes.len();
        true
    }

    /// Appends `n` in decimal, if it fits.
    pub fn push_decimal(&mut self, n: u64) -> bool {
        let mut digits = [0u8; 20]; // u64::MAX has 20 digits
        self.push(decimal(n, &mut digits))
    }

    /// Drops the first `n` bytes (those already handled), moving the rest to the front.
    pub fn consume(&mut self, n: usize) {
        let n = n.min(self.len);
        self.bytes.copy_within(n..self.len, 0);
        self.len -= n;
    }

    /// Empties it.
    pub fn clear(&mut self) {
        self.len = 0;
    }
}

/// `n` in decimal, written at the end of `digits`.
pub fn decimal(mut n: u64, digits: &mut [u8; 20]) -> &[u8] {
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            return &digits[at..];
        }
    }
}

/// Parses a decimal number of at most `max`, with no sign and no spaces.
pub fn parse_decimal(digits: &[u8], max: u64) -> Option<u64> {
    if digits.is_empty() {
        return None;
    }
    let mut n: u64 = 0;
    for &digit in digits {
        if !digit.is_ascii_digit() {
            return None;
        }
        n = n.checked_mul(10)?.checked_add(u64::from(digit - b'0'))?;
        if n > max {
            return None;
        }
    }
    Some(n)
}

impl<const N: usize> Default for Buf<N> {
    fn default() -> Buf<N> {
        Buf::new()
    }
}

/// Standard output or standard error: the only descriptors [`print`] writes to. A type of its
/// own, rather than a bare number, so that `print` can be safe: these two are opened by whoever
/// started the process and this program never closes them.
#[derive(Clone, Copy)]
pub struct Stream(i32);

/// Standard output, descriptor 1.
pub const STDOUT: Stream = Stream(1);
/// Standard error, descriptor 2.
pub const STDERR: Stream = Stream(2);

/// Writes the pieces to `stream` as one line with one `write`, so that lines from two processes
/// never interleave mid-line. Longer lines are cut at 512 bytes. A failed write is ignored:
/// there is nowhere left to report it.
pub fn print(stream: Stream, pieces: &[&[u8]]) {
    let mut line = Buf::<512>::new();
    for piece in pieces {
        let room = line.spare().len().min(piece.len());
        line.push(&piece[..room]);
    }
    // SAFETY: a `Stream` is descriptor 1 or 2, open for the whole life of the process.
    let _ = unsafe { sys::write(stream.0, line.as_bytes()) };
}
