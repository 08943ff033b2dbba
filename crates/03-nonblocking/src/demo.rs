//! The lesson's demo: the same five requests, waited for in two ways, timed.

use std::io::{self, Read, Write};
use std::net::SocketAddrV4;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use nonblocking::http::{self, Parse};
use nonblocking::{CPU_TIME_SOURCE, TcpStream, WOULD_BLOCK_NAME, client, cpu_time, server};

/// The delays of the five requests, in milliseconds: the book's 5000, 4000, ... ten times
/// shorter (and without its 0), so the whole demo takes about two seconds.
const DELAYS_MS: [u64; 5] = [500, 400, 300, 200, 100];

/// How long the busy loop waits at most for all answers, beyond the largest delay.
const PATIENCE: Duration = Duration::from_secs(30);

pub fn run(server: Option<SocketAddrV4>) -> ExitCode {
    match show(server) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("nonblocking: {error}");
            ExitCode::FAILURE
        }
    }
}

fn show(server: Option<SocketAddrV4>) -> io::Result<()> {
    println!("Lesson 03: waiting for sockets, blocking and non-blocking.");
    println!();
    let addr = match server {
        Some(addr) => {
            println!("Using the delay server at {addr}.");
            addr
        }
        None => {
            let addr = server::start_delay_server()?;
            println!("A delay server is running in this process at {addr}, one thread per");
            println!("connection (run it on its own with `cargo run -p nonblocking -- serve`).");
            addr
        }
    };
    println!("It answers GET /{{delay_ms}}/{{message}} after delay_ms milliseconds. We send it");
    println!(
        "five requests, with delays of {} ms (the book uses 5000..1000 ms;",
        list(&DELAYS_MS)
    );
    println!("these are shorter, so the whole demo takes about two seconds).");
    println!();

    blocking(addr)?;
    println!();
    busy_loop(addr)?;
    println!();
    println!("3. The fix: let the OS wait for all the sockets at once. An event queue (epoll on");
    println!("   Linux, kqueue on macOS and FreeBSD, IOCP on Windows) takes the list of sockets");
    println!(
        "   and puts the thread to sleep in one call, until any of them is ready: overlapping"
    );
    println!("   waits, no spinning. Next lesson: cargo run -p epoll");
    Ok(())
}

/// Part 1: one request at a time, each `read` sleeping until its answer arrives.
fn blocking(addr: SocketAddrV4) -> io::Result<()> {
    println!("1. Blocking: one request at a time. Each read() puts the thread to sleep until");
    println!("   its answer arrives, so a request is only sent once the previous one is answered.");
    let cpu_before = cpu_time()?;
    let start = Instant::now();
    for (i, &delay_ms) in DELAYS_MS.iter().enumerate() {
        let response = client::get(addr, delay_ms, &format!("request-{i}"))?;
        show_answer(start, delay_ms, &response)?;
    }
    let total = start.elapsed();
    let cpu = cpu_time()?.saturating_sub(cpu_before);
    let sum: u64 = DELAYS_MS.iter().sum();
    println!(
        "   Total {}; the delays add up to {}: the waits came one after another.",
        seconds(total),
        seconds(Duration::from_millis(sum))
    );
    println!(
        "   CPU time used: {} ({CPU_TIME_SOURCE}): a sleeping thread costs nothing.",
        seconds(cpu)
    );
    Ok(())
}

/// One connection of part 2, and what has arrived on it.
struct Pending {
    delay_ms: u64,
    stream: TcpStream,
    received: Vec<u8>,
    done: bool,
}

/// Part 2: all requests at once, then a loop that polls every socket until all are answered.
fn busy_loop(addr: SocketAddrV4) -> io::Result<()> {
    println!("2. Non-blocking, in a busy loop: all five requests are sent at once, each on its");
    println!("   own connection switched to non-blocking mode. Then a loop asks each socket in");
    println!("   turn for data. read() never sleeps: with nothing to read it fails at once with");
    println!("   WouldBlock ({WOULD_BLOCK_NAME}), and the loop moves on to the next socket.");
    let cpu_before = cpu_time()?;
    let start = Instant::now();
    let mut pending = Vec::new();
    for (i, &delay_ms) in DELAYS_MS.iter().enumerate() {
        let stream = TcpStream::connect(addr)?;
        (&stream).write_all(&http::request_bytes(
            delay_ms,
            &format!("request-{i}"),
            false,
        ))?;
        stream.set_nonblocking(true)?;
        pending.push(Pending {
            delay_ms,
            stream,
            received: Vec::new(),
            done: false,
        });
    }

    let largest = DELAYS_MS.iter().copied().max().unwrap_or(0);
    let give_up = start + Duration::from_millis(largest) + PATIENCE;
    let mut would_block: u64 = 0;
    let mut answered = 0;
    let mut chunk = [0u8; 4096];
    while answered < pending.len() {
        if Instant::now() > give_up {
            return Err(io::Error::new(
                io::ErrorKind::TimedOut,
                "the server did not answer all requests in time",
            ));
        }
        for request in pending.iter_mut().filter(|request| !request.done) {
            match (&request.stream).read(&mut chunk) {
                Ok(0) => {
                    return Err(io::Error::new(
                        io::ErrorKind::UnexpectedEof,
                        "the server closed a connection without answering",
                    ));
                }
                Ok(received) => request.received.extend_from_slice(&chunk[..received]),
                Err(error) if error.kind() == io::ErrorKind::WouldBlock => {
                    would_block += 1;
                    continue;
                }
                Err(error) => return Err(error),
            }
            match http::parse_response(&request.received) {
                Parse::Incomplete => {}
                Parse::Complete(response, _) => {
                    show_answer(start, request.delay_ms, &response)?;
                    request.done = true;
                    answered += 1;
                }
                Parse::Bad(bad) => return Err(io::Error::new(io::ErrorKind::InvalidData, bad)),
            }
        }
    }
    let total = start.elapsed();
    let cpu = cpu_time()?.saturating_sub(cpu_before);
    println!(
        "   Total {}; the largest delay is {}: the waits overlapped.",
        seconds(total),
        seconds(Duration::from_millis(largest))
    );
    println!(
        "   But CPU time used: {} ({CPU_TIME_SOURCE}), and {} reads returned WouldBlock:",
        seconds(cpu),
        thousands(would_block)
    );
    println!("   the loop kept a core busy the whole time, asking \"ready yet?\" over and over.");
    Ok(())
}

/// One line per answer: when it came, what it said, and the delay it asked for.
fn show_answer(start: Instant, delay_ms: u64, response: &http::Response) -> io::Result<()> {
    if response.status != 200 {
        return Err(io::Error::other(format!(
            "the server answered {}: {}",
            response.status,
            response.text().trim_end()
        )));
    }
    println!(
        "   at {}: {:?} (asked for a {delay_ms} ms delay)",
        seconds(start.elapsed()),
        response.text()
    );
    Ok(())
}

/// `1.50 s`.
fn seconds(duration: Duration) -> String {
    format!("{:.2} s", duration.as_secs_f64())
}

/// `500, 400, 300, 200 and 100`.
fn list(numbers: &[u64]) -> String {
    let text: Vec<String> = numbers.iter().map(u64::to_string).collect();
    match text.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => text.join(""),
    }
}

/// `12,345,678`.
fn thousands(number: u64) -> String {
    let digits = number.to_string();
    let mut text = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            text.push(',');
        }
        text.push(digit);
    }
    text
}
