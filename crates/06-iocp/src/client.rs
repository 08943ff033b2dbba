//! The book's chapter-4 client, the completion way: for each of five connections, an
//! overlapped `WSASend` of the request and an overlapped `WSARecv` into a heap buffer, then one
//! thread taking completions from the port as they come.
//!
//! Nothing here asks whether a socket is ready. Each receive is started *before* its data
//! exists; the port reports it when the data has already been copied into the buffer.

use std::io;
use std::net::SocketAddrV4;
use std::time::{Duration, Instant};

use iocp::completion::{Completion, CompletionPort, IoBuffer, Operation};
use nonblocking::TcpStream;
use nonblocking::http::{self, Parse};

/// The book's delays, in milliseconds: request-0 waits longest, request-4 answers first.
const DELAYS_MS: [u64; 5] = [5000, 4000, 3000, 2000, 1000];

/// The size of each receive buffer lent to the kernel.
const BUFFER_BYTES: usize = 4096;

/// How long the port may stay silent before the demo gives up (a server that never answers
/// must not hang it).
const PATIENCE: Duration = Duration::from_secs(10);

/// One request's connection, and what has come back on it so far.
struct Connection {
    stream: TcpStream,
    received: Vec<u8>,
    sent: bool,
    closed: bool,
}

/// Sends the five requests to `server`, then takes completions until every request has been
/// sent and every connection answered and closed.
pub fn run(server: SocketAddrV4) -> io::Result<()> {
    let port = CompletionPort::new()?;
    println!("Each connection is joined to one completion port, its number as the key. Then two");
    println!("overlapped requests start on it: a WSASend of the request and a WSARecv into a");
    println!(
        "{BUFFER_BYTES}-byte heap buffer. Both calls return at once, and from then on the kernel owns"
    );
    println!("both buffers: this program may not touch them until their completions come back.");
    let mut connections = Vec::new();
    for (key, &delay_ms) in DELAYS_MS.iter().enumerate() {
        let stream = TcpStream::connect(server)?;
        port.add(&stream, key)?;
        // `Connection: close`: the server closes after answering, which tells us we are done.
        let request = http::request_bytes(delay_ms, &format!("request-{key}"), false);
        port.send(&stream, IoBuffer::from_bytes(&request))?;
        port.recv(&stream, IoBuffer::with_capacity(BUFFER_BYTES))?;
        println!("  key {key}: WSASend of GET /{delay_ms}/request-{key} started, and a WSARecv");
        connections.push(Connection {
            stream,
            received: Vec::new(),
            sent: false,
            closed: false,
        });
    }
    println!();
    println!("One thread now sleeps in GetQueuedCompletionStatusEx; each completion is shown as");
    println!("it comes:");

    let started = Instant::now();
    while connections
        .iter()
        .any(|connection| !(connection.sent && connection.closed))
    {
        let Some(completion) = port.wait(Some(PATIENCE))? else {
            return Err(io::Error::new(
                io::ErrorKind::TimedOut,
                format!(
                    "no completion for {} s: is the server answering?",
                    PATIENCE.as_secs()
                ),
            ));
        };
        let seconds = started.elapsed().as_secs_f64();
        print!("  {seconds:4.1} s  key {}: ", completion.key);
        // A key is only a number: check it before using it as an index.
        let Some(connection) = connections.get_mut(completion.key) else {
            println!("a completion with a key we never gave out");
            continue;
        };
        connection.take(&port, completion)?;
    }
    println!();
    println!(
        "FINISHED: all {} answered in {:.1} s, shortest delay first. No socket was ever asked",
        DELAYS_MS.len(),
        started.elapsed().as_secs_f64()
    );
    println!("whether it was ready: each receive was already waiting in the kernel for its data.");
    Ok(())
}

impl Connection {
    /// Handles one finished request of this connection, finishing the line begun for it.
    fn take(&mut self, port: &CompletionPort, completion: Completion) -> io::Result<()> {
        let Completion { result, buffer, .. } = completion;
        let transferred = result?;
        match buffer.operation() {
            Operation::Send => {
                self.sent = true;
                println!("WSASend done, {transferred} bytes sent; its buffer is ours again");
            }
            Operation::Recv if transferred == 0 => {
                self.closed = true;
                println!("WSARecv done, 0 bytes: the server closed the connection");
            }
            Operation::Recv => {
                self.received.extend_from_slice(buffer.bytes());
                print!("WSARecv done, {transferred} bytes in our buffer:");
                match http::parse_response(&self.received) {
                    Parse::Complete(response, _) => {
                        println!(" HTTP {}, body {:?}", response.status, response.text());
                    }
                    Parse::Incomplete => println!(" part of a response"),
                    Parse::Bad(bad) => println!(" a malformed response ({bad})"),
                }
                // Lend the same buffer again, for what comes next (here: the end of file).
                port.recv(&self.stream, buffer)?;
            }
            Operation::None => println!("a buffer with no request (not ours)"),
        }
        Ok(())
    }
}
