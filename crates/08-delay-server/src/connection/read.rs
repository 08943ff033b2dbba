//! Reading: from the socket into the shared buffer, and from there to the protocol core, until
//! the socket is drained or the core stops reading.
//!
//! **A short read means drained.** The socket is registered edge-triggered, so after an event
//! we must read until the kernel has nothing left. A `read` that returns less than the buffer's
//! room has taken everything there was, so the `read` that would only say `WouldBlock` is
//! skipped, as tokio does: one system call per request saved. (Not when an event said the peer
//! closed: then the end of file is still to be read.)

use std::io::{self, Read};

use super::Connection;
use crate::context::Context;
use crate::protocol::{Cause, answers};

impl Connection {
    /// Reads until the socket is drained, or the core stops reading (a pause, a request that
    /// closes, an error); a lingering connection's bytes go to the core too, to be thrown
    /// away. Answers due at once go into this turn's batch (behind stuck output, if any).
    pub(super) fn read(&mut self, cx: &mut Context) -> Result<(), Cause> {
        let out = answers(&mut self.output, &mut cx.batch);
        let (env, buffer) = (&mut cx.env, &mut cx.read_buffer);
        while self.session.reading() || self.session.lingering() {
            match (&self.stream).read(buffer) {
                Ok(0) => return self.session.end_of_file(env, out),
                Ok(received) => {
                    self.session.receive(env, out, &buffer[..received])?;
                    if received < buffer.len() && !self.peer_closed {
                        return Ok(()); // drained
                    }
                }
                Err(error) if error.kind() == io::ErrorKind::WouldBlock => return Ok(()),
                Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
                Err(error) => return Err(Cause::Failed(error)),
            }
        }
        Ok(())
    }
}
