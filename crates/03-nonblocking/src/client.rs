//! A small blocking client for the delay server, for demos and tests.

use std::io::{self, Read, Write};
use std::net::SocketAddrV4;
use std::time::Duration;

use crate::TcpStream;
use crate::http::{self, Parse, Response};

/// How much longer than the delay [`get`] waits for an answer before it gives up.
pub const PATIENCE: Duration = Duration::from_secs(10);

/// Asks the server at `addr` for `message` after `delay_ms`, on a new connection, and waits
/// for the answer (at most `delay_ms` + [`PATIENCE`], so that a broken server cannot hang a
/// test forever).
pub fn get(addr: SocketAddrV4, delay_ms: u64, message: &str) -> io::Result<Response> {
    let stream = TcpStream::connect(addr)?;
    stream.set_read_timeout(Some(Duration::from_millis(delay_ms) + PATIENCE))?;
    (&stream).write_all(&http::request_bytes(delay_ms, message, false))?;
    read_response(&stream, &mut Vec::new())
}

/// Reads one response from a blocking `stream`.
///
/// `buffer` holds bytes already received and not yet used; after the response, whatever
/// followed it stays there for the next call (pass the same buffer for every response on one
/// connection). End of file before a whole response is [`io::ErrorKind::UnexpectedEof`], a
/// malformed one [`io::ErrorKind::InvalidData`].
pub fn read_response(stream: &TcpStream, buffer: &mut Vec<u8>) -> io::Result<Response> {
    let mut chunk = [0u8; 4096];
    loop {
        match http::parse_response(buffer) {
            Parse::Complete(response, used) => {
                buffer.drain(..used);
                return Ok(response);
            }
            Parse::Bad(bad) => return Err(io::Error::new(io::ErrorKind::InvalidData, bad)),
            Parse::Incomplete => {}
        }
        let received = (&*stream).read(&mut chunk)?;
        if received == 0 {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "the server closed the connection before the response was complete",
            ));
        }
        buffer.extend_from_slice(&chunk[..received]);
    }
}
