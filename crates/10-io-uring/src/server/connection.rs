//! One connection's socket and its requests in the kernel. What it says to the client is
//! lesson 08's protocol core ([`Session`]): the same rules, so that the two servers pass the
//! same tests. What happens when one of its requests completes is in `connection/io.rs`, and
//! what it asks the kernel for next in `connection/submit.rs`.

use std::os::fd::OwnedFd;
use std::time::Instant;

use delay_server::Cause;
use delay_server::protocol::Session;
use delay_server::slab::Key;

mod io;
mod submit;

/// Which of a connection's requests are in the kernel. Each is counted in `count` until its
/// last completion arrives; the connection (and its slot) can go only when `count` is 0.
#[derive(Debug, Default)]
pub struct InFlight {
    /// Every request in flight, of any kind.
    pub count: u32,
    /// A receive (with or without its link timeout).
    pub recv: bool,
    /// A send of `Connection::lent`.
    pub send: bool,
    /// The delay timer (for the front of the queue). Whether it is armed is all that is
    /// kept: when it fires, `settle` reads the due time from the core, as for the deadline.
    pub delay: bool,
    /// The idle/stalled deadline timer.
    pub deadline: bool,
    /// `shutdown` and the receive linked after it.
    pub shutdown: bool,
    /// The final `close`.
    pub close: bool,
}

/// One client connection.
pub struct Connection {
    /// Its place in the table, which every one of its `user_data` carries.
    pub key: Key,
    /// The socket, until the `close` request takes it.
    pub fd: Option<OwnedFd>,
    /// The conversation: requests in, responses and deadlines out.
    pub session: Session,
    /// Its requests in the kernel.
    pub ops: InFlight,
    /// Why it must close, once a completion has said so (acted on by `settle`).
    pub cause: Option<Cause>,
    /// Closing: its requests are being cancelled; when none is left, the descriptor is closed.
    pub closed: bool,
    /// Responses formatted and not yet handed to a send.
    pending: Vec<u8>,
    /// The bytes the send in flight is sending: the kernel reads them until it completes, so
    /// nothing here touches them meanwhile. `sent` of them have gone already (a stream send
    /// may take only part: the rest goes in the next send).
    lent: Vec<u8>,
    sent: usize,
    /// The last receive found the buffer pool empty: receive again once buffers come back.
    pub starved: bool,
    /// The last receive said the socket had more data (`IORING_CQE_F_SOCK_NONEMPTY`).
    more_waiting: bool,
}

impl Connection {
    /// A new connection on socket `fd`.
    pub fn new(key: Key, id: u64, fd: OwnedFd, now: Instant) -> Connection {
        Connection {
            key,
            fd: Some(fd),
            session: Session::new(id, now),
            ops: InFlight::default(),
            cause: None,
            closed: false,
            pending: Vec::new(),
            lent: Vec::new(),
            sent: 0,
            starved: false,
            more_waiting: false,
        }
    }

    /// Whether the connection is gone from the kernel's point of view: closed, and no request
    /// of it left in flight. Its slot can be reused.
    pub fn is_finished(&self) -> bool {
        self.closed && self.ops.count == 0 && self.fd.is_none()
    }
}
