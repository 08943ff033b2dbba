//! `Token` and `Interest`: what the caller tells the queue about each source.

use core::ops::BitOr;

/// The caller's name for a registered source, handed back in each of its events.
///
/// It is a plain number, not a pointer: the kernel stores it and returns it, and nothing is
/// ever dereferenced through it. Look it up in your own table (the book indexes a `Vec` with
/// it; a stale token must not index out of bounds, so check it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Token(pub usize);

/// What to be told about, and how.
///
/// The *what* is `READABLE`, `WRITABLE` or both (`Interest::READABLE | Interest::WRITABLE`);
/// there is no way to build an empty interest. The *how* is the trigger mode: edge-triggered
/// unless you ask for [`Interest::level`] or [`Interest::oneshot`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Interest {
    readable: bool,
    writable: bool,
    mode: Mode,
}

/// When the queue reports a ready source.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Once each time the source *becomes* ready (new data arrived, buffer space freed). You
    /// must then read (or write) until `WouldBlock`, or you may never hear of it again.
    Edge,
    /// On every poll for as long as the source *is* ready.
    Level,
    /// Once; then the source stays registered but silent until you `reregister` it.
    Oneshot,
}

impl Interest {
    /// Tell me when there is something to read (or the peer closed).
    pub const READABLE: Interest = Interest {
        readable: true,
        writable: false,
        mode: Mode::Edge,
    };
    /// Tell me when there is room to write.
    pub const WRITABLE: Interest = Interest {
        readable: false,
        writable: true,
        mode: Mode::Edge,
    };

    /// The same interest, level-triggered.
    pub const fn level(self) -> Interest {
        Interest {
            mode: Mode::Level,
            ..self
        }
    }

    /// The same interest, reported once until reregistered.
    pub const fn oneshot(self) -> Interest {
        Interest {
            mode: Mode::Oneshot,
            ..self
        }
    }

    /// Whether readability is asked for.
    pub const fn is_readable(self) -> bool {
        self.readable
    }

    /// Whether writability is asked for.
    pub const fn is_writable(self) -> bool {
        self.writable
    }

    /// The trigger mode.
    pub const fn mode(self) -> Mode {
        self.mode
    }
}

impl BitOr for Interest {
    type Output = Interest;

    /// Both interests. Set a trigger mode on the whole, after combining:
    /// `(Interest::READABLE | Interest::WRITABLE).level()`. (If one side already has a mode
    /// other than edge, that mode is kept.)
    fn bitor(self, other: Interest) -> Interest {
        Interest {
            readable: self.readable || other.readable,
            writable: self.writable || other.writable,
            mode: if self.mode == Mode::Edge {
                other.mode
            } else {
                self.mode
            },
        }
    }
}
