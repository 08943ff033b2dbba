//! Writing: every answer that is due, in order, formatted into one shared buffer and sent with
//! one `write`. If the kernel takes only part, the rest is kept on the connection and
//! `WRITABLE` is asked for; a short write means "full" as a short read means "drained", so no
//! second `write` is tried just to hear `WouldBlock`.

use std::io::{self, Write};

use nonblocking::TcpStream;

use super::Connection;
use crate::context::Context;
use crate::protocol::{Cause, answers};

impl Connection {
    /// Has the core format what is due and sends it, with whatever this turn already
    /// formatted, in one `write` (unless earlier output is still stuck: then it waits its turn).
    pub(super) fn send_due(&mut self, cx: &mut Context) -> Result<(), Cause> {
        let out = answers(&mut self.output, &mut cx.batch);
        self.session.take_due(&mut cx.env, out);
        if !self.output.is_empty() || cx.batch.is_empty() {
            return Ok(());
        }
        let length = cx.batch.len();
        let count = cx.env.stats.responses - cx.batch_from;
        // Said before the write, so that the log line comes before anything the client
        // prints about the answer.
        say!(
            cx.env,
            "connection {}: sending {count} response(s), {length} bytes, in one write",
            self.session.id()
        );
        let sent = send(&self.stream, &cx.batch);
        if let Ok(written) = sent
            && written < length
        {
            // The kernel's send buffer is full: keep the rest, and ask for WRITABLE.
            self.output.extend_from_slice(&cx.batch[written..]);
            say!(
                cx.env,
                "connection {}: the kernel took {written} of {length} bytes; the rest waits \
                 for WRITABLE",
                self.session.id()
            );
        }
        cx.clear_batch();
        self.session.sent(cx.env.now, sent?);
        Ok(())
    }

    /// Sends output that an earlier write left behind, now that the socket is writable.
    pub(super) fn write_output(&mut self, cx: &mut Context) -> Result<(), Cause> {
        let written = send(&self.stream, &self.output)?;
        self.session.sent_stuck(&cx.env, &mut self.output, written);
        Ok(())
    }
}
/// One `write` of as much of `bytes` as the kernel takes. A short count means its buffer is
/// full: no second call just to hear `WouldBlock`.
fn send(stream: &TcpStream, bytes: &[u8]) -> Result<usize, Cause> {
    loop {
        match (&*stream).write(bytes) {
            Ok(0) if !bytes.is_empty() => {
                return Err(Cause::Failed(io::ErrorKind::WriteZero.into()));
            }
            Ok(written) => return Ok(written),
            Err(error) if error.kind() == io::ErrorKind::WouldBlock => return Ok(0),
            Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
            Err(error) => return Err(Cause::Failed(error)),
        }
    }
}
