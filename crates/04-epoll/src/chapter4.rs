//! The book's chapter-4 client: five requests at once, answered out of order, on one thread.
//!
//! It is written against `crate::queue`, whatever queue the including program names so, and
//! uses only the API every backend shares; lesson 05 includes this very file to run it over
//! kqueue. Sockets, the request format and the delay server are lesson 03's.

use std::io::{self, Read, Write};
use std::net::SocketAddrV4;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use nonblocking::http::{self, Parse};
use nonblocking::{TcpStream, cpu_time, resolve_ipv4, server};

use crate::queue::{Events, Interest, Poll, Token};

/// How many requests the client sends, as in the book.
const REQUESTS: u64 = 5;
/// How long to wait for the next response beyond the longest delay before giving up.
const PATIENCE: Duration = Duration::from_secs(30);

/// What the command line asked for.
pub struct Options {
    /// A delay server to use instead of starting one in-process.
    server: Option<SocketAddrV4>,
    /// The delay step: request `i` asks for `(REQUESTS - i) * step_ms` ms.
    step_ms: u64,
}

/// The command line's shape, for error messages.
pub const USAGE: &str =
    "usage: [HOST:PORT] [--step MS]   (default: an in-process server, 1000 ms steps)";

impl Options {
    /// The client against the delay server at `server` (`None`: start lesson 03's in this
    /// process), request `i` asking for `(5 - i) * step_ms` ms. Lesson 08 passes its own
    /// server's address here.
    pub fn new(server: Option<SocketAddrV4>, step_ms: u64) -> Options {
        Options { server, step_ms }
    }

    /// Parses `[HOST:PORT] [--step MS]`.
    pub fn parse(args: &[String]) -> Result<Options, String> {
        let mut options = Options::new(None, 1000);
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            if arg == "--step" {
                let value = args
                    .next()
                    .ok_or("`--step` needs a number of milliseconds")?;
                options.step_ms =
                    value
                        .parse()
                        .ok()
                        .filter(|step| *step <= 60_000)
                        .ok_or(format!(
                            "`--step {value}`: expected milliseconds, 0 to 60000"
                        ))?;
            } else if options.server.is_none() && !arg.starts_with('-') {
                options.server = Some(resolve_ipv4(arg)?);
            } else {
                return Err(format!("unexpected argument `{arg}`"));
            }
        }
        Ok(options)
    }
}

/// One request in flight.
struct Request {
    name: String,
    stream: TcpStream,
    received: Vec<u8>,
    done: bool,
}

/// Runs the client; `backend` names the queue in the output ("epoll", "kqueue").
pub fn run(lesson: &str, backend: &str, options: &Options) -> ExitCode {
    match run_client(lesson, backend, options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("{backend}: {error}");
            ExitCode::FAILURE
        }
    }
}

fn run_client(lesson: &str, backend: &str, options: &Options) -> io::Result<()> {
    println!("{lesson}: the book's chapter-4 client, on {backend}.");
    let addr = server::use_or_start(options.server)?;
    println!();
    println!("Sending {REQUESTS} requests at once, each on its own non-blocking socket:");
    let mut poll = Poll::new()?;
    let mut requests = Vec::new();
    for i in 0..REQUESTS {
        let delay_ms = (REQUESTS - i) * options.step_ms;
        let name = format!("request-{i}");
        // Connect and send while blocking (the request is tiny), then switch to non-blocking
        // for the wait: from here on, only the queue tells us when to read.
        let stream = TcpStream::connect(addr)?;
        (&stream).write_all(&http::request_bytes(delay_ms, &name, false))?;
        stream.set_nonblocking(true)?;
        poll.registry()
            .register(&stream, Token(i as usize), Interest::READABLE)?;
        println!("  token {i}: GET /{delay_ms}/{name}");
        requests.push(Request {
            name,
            stream,
            received: Vec::new(),
            done: false,
        });
    }
    println!("Waiting in {backend}; responses print as they arrive:");

    let started = Instant::now();
    let cpu_before = cpu_time()?;
    let mut events = Events::with_capacity(16);
    let mut polls = 0;
    let mut finished = 0;
    while finished < requests.len() {
        poll.poll(
            &mut events,
            Some(PATIENCE + Duration::from_millis(REQUESTS * options.step_ms)),
        )?;
        polls += 1;
        if events.is_empty() {
            return Err(io::Error::new(
                io::ErrorKind::TimedOut,
                format!(
                    "no response for {} s: is {addr} a delay server?",
                    PATIENCE.as_secs()
                ),
            ));
        }
        for event in events.iter() {
            // A token is only a number we chose: check it before using it as an index.
            let Some(request) = requests.get_mut(event.token().0) else {
                println!("  (ignored an event with unknown {:?})", event.token());
                continue;
            };
            if request.done {
                continue; // a late or spurious event for a finished request
            }
            if let Some(outcome) = read_until_would_block(request)? {
                request.done = true;
                finished += 1;
                poll.registry().deregister(&request.stream)?;
                let seconds = started.elapsed().as_secs_f64();
                println!("  [{seconds:.1} s] token {}: {outcome}", event.token().0);
            }
        }
    }
    let cpu = cpu_time()?.saturating_sub(cpu_before);
    println!(
        "FINISHED: {finished} responses in {:.1} s, {polls} polls, {:.3} s of CPU time.",
        started.elapsed().as_secs_f64(),
        cpu.as_secs_f64()
    );
    Ok(())
}

/// Reads everything the socket has, as edge-triggered readiness requires. Returns what to
/// print once the server has closed the connection (the request asked it to), else `None`.
fn read_until_would_block(request: &mut Request) -> io::Result<Option<String>> {
    let mut chunk = [0u8; 4096];
    loop {
        match (&request.stream).read(&mut chunk) {
            Ok(0) => return Ok(Some(describe(request))),
            Ok(n) => request.received.extend_from_slice(&chunk[..n]),
            Err(error) if error.kind() == io::ErrorKind::WouldBlock => return Ok(None),
            Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
            Err(error) => return Ok(Some(format!("{} failed: {error}", request.name))),
        }
    }
}

fn describe(request: &Request) -> String {
    match http::parse_response(&request.received) {
        Parse::Complete(response, _) => {
            format!("HTTP {}, body {:?}", response.status, response.text())
        }
        Parse::Incomplete => format!("{}: closed before a whole response", request.name),
        Parse::Bad(bad) => format!("{}: {bad}", request.name),
    }
}
