//! The delay server: HTTP/1.1, one thread per connection, blocking sockets.
//!
//! This is the simplest concurrent server there is, and it works: each connection gets its
//! own thread, which blocks in `read` until a request arrives, sleeps for the delay asked for,
//! writes the answer and goes back to `read`. The OS switches between the threads whenever
//! one blocks. The cost is one thread per connection (a stack of its own, a kernel object, a
//! context switch each time it wakes), which is what lesson 08's single-threaded server on an
//! event queue is measured against.
//!
//! Every demo that needs a server starts this one in-process with [`start_delay_server`]
//! (through [`use_or_start`], unless it was given another server's address);
//! `cargo run -p nonblocking -- serve` runs it on its own.

use std::io::{self, Read, Write};
use std::net::{Ipv4Addr, Shutdown, SocketAddrV4};
use std::sync::atomic::{AtomicU64, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use crate::http::{self, BadRequest, Parse};
use crate::{TcpListener, TcpStream};

/// How long a connection closed after an error keeps reading what the client still sends
/// (see [`close_after_error`]).
const LINGER: Duration = Duration::from_secs(1);
/// And at most how many bytes it reads meanwhile.
const LINGER_BYTES: usize = 64 * 1024;

/// Starts a delay server on `127.0.0.1` with a port the OS picks, on a background thread of
/// this process; returns its address.
///
/// The server runs until the process exits. Its connections log nothing.
pub fn start_delay_server() -> io::Result<SocketAddrV4> {
    let listener = TcpListener::bind(SocketAddrV4::new(Ipv4Addr::LOCALHOST, 0))?;
    let addr = listener.local_addr()?;
    thread::Builder::new()
        .name("delay-server".into())
        .spawn(move || serve(&listener, false))?;
    Ok(addr)
}

/// The delay server a demo talks to: `given`, or else one [started](start_delay_server) in
/// this process. Says which in one line: `Delay server: 127.0.0.1:PORT.`, or the same with
/// `(lesson 03's, started in this process)`.
pub fn use_or_start(given: Option<SocketAddrV4>) -> io::Result<SocketAddrV4> {
    if let Some(addr) = given {
        println!("Delay server: {addr}.");
        return Ok(addr);
    }
    let addr = start_delay_server()?;
    println!("Delay server: {addr} (lesson 03's, started in this process).");
    Ok(addr)
}

/// Accepts connections forever, each on a thread of its own running [`handle_connection`].
///
/// With `log`, one line per connection and per request goes to standard error. Errors of
/// `accept` (a client that gave up, no file descriptors left) are logged and waited out: a
/// server must not stop because one connection went wrong.
pub fn serve(listener: &TcpListener, log: bool) -> ! {
    static CONNECTIONS: AtomicU64 = AtomicU64::new(0);
    loop {
        let (stream, peer) = match listener.accept() {
            Ok(accepted) => accepted,
            Err(error) => {
                if log {
                    log_line(&format!("accept failed: {error}; trying again in 100 ms"));
                }
                thread::sleep(Duration::from_millis(100));
                continue;
            }
        };
        let id = CONNECTIONS.fetch_add(1, Ordering::Relaxed) + 1;
        let log = log.then_some(id);
        if let Some(id) = log {
            log_line(&format!("[connection {id}] from {peer}, on a new thread"));
        }
        let spawned = thread::Builder::new()
            .name(format!("connection-{id}"))
            .spawn(move || handle_connection(stream, log));
        if let Err(error) = spawned {
            // The stream moved into the closure, which was dropped: the connection is closed.
            log_line(&format!(
                "[connection {id}] no thread for it ({error}): closed"
            ));
        }
    }
}

/// Serves the requests of one connection until it closes, on the calling thread.
///
/// Reads into a buffer, asks [`http::parse_request`] whether a whole request has arrived,
/// and answers each one after its delay. A bad request gets its error response, then the
/// connection is closed. `log` is the connection's number, to log under, or `None`.
pub fn handle_connection(stream: TcpStream, log: Option<u64>) {
    let say = |line: &str| {
        if let Some(id) = log {
            log_line(&format!("[connection {id}] {line}"));
        }
    };
    let mut buffer = Vec::with_capacity(1024);
    let mut chunk = [0u8; 4096];
    loop {
        match http::parse_request(&buffer) {
            Parse::Complete(request, used) => {
                buffer.drain(..used);
                say(&format!(
                    "GET, delay {} ms, message {:?}: sleeping",
                    request.delay_ms, request.message
                ));
                thread::sleep(request.delay());
                if let Err(error) = (&stream).write_all(&http::ok_response(&request)) {
                    say(&format!("could not answer ({error}): closed"));
                    return;
                }
                say("answered 200 OK");
                if !request.keep_alive {
                    say("closed (the client asked for it)");
                    close_gracefully(stream);
                    return;
                }
            }
            Parse::Bad(bad) => {
                say(&format!("bad request ({}: {bad}): closed", bad.status()));
                close_after_error(stream, bad);
                return;
            }
            Parse::Incomplete => match (&stream).read(&mut chunk) {
                Ok(0) if buffer.iter().all(u8::is_ascii_whitespace) => {
                    say("closed by the client");
                    return;
                }
                Ok(0) => {
                    say("closed by the client in the middle of a request: 400");
                    close_after_error(stream, BadRequest::EndedEarly);
                    return;
                }
                Ok(received) => buffer.extend_from_slice(&chunk[..received]),
                Err(error) => {
                    say(&format!("read failed ({error}): closed"));
                    return;
                }
            },
        }
    }
}

/// One line on standard error. Unlike `eprintln!`, this does not panic if standard error is
/// closed: a server must go on serving.
fn log_line(line: &str) {
    let _ = writeln!(io::stderr(), "{line}");
}

/// Sends the error response for `bad`, then closes.
fn close_after_error(stream: TcpStream, bad: BadRequest) {
    // The client may be gone already; then there is nobody to tell.
    let _ = (&stream).write_all(&http::error_response(bad));
    close_gracefully(stream);
}

/// Closes so that the client gets everything sent so far.
///
/// Closing a socket with unread bytes in its receive buffer makes the kernel send a reset
/// (RST) instead of a normal end, and a reset can make the client's kernel throw away our
/// last response before the client has read it. So: shut down our sending side (the client
/// reads end of file after the response), read and discard what the client still sends until
/// it closes too, for at most [`LINGER`] and [`LINGER_BYTES`], then close.
fn close_gracefully(stream: TcpStream) {
    if stream.shutdown(Shutdown::Write).is_err() {
        return;
    }
    let deadline = Instant::now() + LINGER;
    let mut chunk = [0u8; 4096];
    let mut discarded = 0;
    while discarded < LINGER_BYTES {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            return;
        }
        match (&stream).read(&mut chunk) {
            Ok(0) | Err(_) => return,
            Ok(received) => discarded += received,
        }
    }
}
