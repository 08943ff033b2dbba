//! The book's chapter-4 client, the completion way on Linux: for each of five connections, a
//! SEND of the request and a RECV into a buffer of ours, all written into the submission ring
//! and handed to the kernel by one `io_uring_enter`; then one thread taking completions as
//! they come. Lesson 06's `client.rs` does the same with IOCP: compare them line by line.

use std::io;
use std::net::SocketAddrV4;
use std::os::fd::AsFd;
use std::time::{Duration, Instant};

use io_uring::proactor::{Completion, Operation, Proactor};
use nonblocking::TcpStream;
use nonblocking::http::{self, Parse};

/// How many requests, as in the book; request `i` asks for `(REQUESTS - i) * step` ms, so
/// request-4 answers first.
const REQUESTS: usize = 5;

/// The size of each receive buffer lent to the kernel.
const BUFFER_BYTES: usize = 4096;

/// How long the ring may stay silent beyond the longest delay before the demo gives up.
const PATIENCE: Duration = Duration::from_secs(10);

/// What has come back on one request's connection so far.
#[derive(Default)]
struct Progress {
    received: Vec<u8>,
    sent: bool,
    closed: bool,
}

/// Sends the five requests to `server`, then takes completions until every request has been
/// sent and every connection answered and closed.
pub fn run(server: SocketAddrV4, step: Duration) -> io::Result<()> {
    // The sockets first, the proactor second: every descriptor a request names is borrowed
    // for as long as the proactor lives (its lifetime parameter says so), so the sockets must
    // outlive it, and stay unchanged meanwhile; what changes is kept apart, in `progress`.
    let streams = (0..REQUESTS)
        .map(|_| TcpStream::connect(server))
        .collect::<io::Result<Vec<_>>>()?;
    let mut progress: Vec<Progress> = (0..REQUESTS).map(|_| Progress::default()).collect();
    let mut proactor = Proactor::new(16)?;
    let ring = proactor.ring();
    println!(
        "io_uring_setup made a ring of {} submission and {} completion entries, and {} mmap",
        ring.sq_entries(),
        ring.cq_entries(),
        ring.mappings()
    );
    if ring.mappings() == 2 {
        println!("calls put it in our memory (IORING_FEAT_SINGLE_MMAP: both rings in one mapping,");
        println!("the array of entries in the other).");
    } else {
        println!("calls put it in our memory (one per ring, one for the array of entries).");
    }
    println!();
    println!("Each request is two entries written into the submission ring, which is our memory:");
    println!(
        "a SEND of the request, and a RECV into a {BUFFER_BYTES}-byte buffer of ours. Writing them"
    );
    println!("is no system call, and the kernel has not seen them yet:");
    for (key, stream) in streams.iter().enumerate() {
        let delay_ms = (REQUESTS - key) as u128 * step.as_millis();
        let request = http::request_bytes(delay_ms as u64, &format!("request-{key}"), false);
        let fd = stream.as_fd();
        proactor.send(fd, request, key)?;
        proactor.recv(fd, Vec::with_capacity(BUFFER_BYTES), key)?;
        println!("  request-{key}: SEND of GET /{delay_ms}/request-{key}, and a RECV");
    }
    let taken = proactor.submit()?;
    println!(
        "One io_uring_enter hands them over: the kernel took {taken} entries. From now on it owns"
    );
    println!("the ten buffers: this program may not touch them until their completions come back.");
    println!();
    println!("One thread now sleeps in io_uring_enter; each completion is shown as it is read:");

    let started = Instant::now();
    let patience = PATIENCE + step * REQUESTS as u32;
    while progress.iter().any(|p| !(p.sent && p.closed)) {
        let Some(completion) = proactor.wait(Some(patience))? else {
            return Err(io::Error::new(
                io::ErrorKind::TimedOut,
                format!(
                    "no completion for {} s: is the server answering?",
                    patience.as_secs()
                ),
            ));
        };
        let seconds = started.elapsed().as_secs_f64();
        print!("  {seconds:4.1} s  request-{}: ", completion.key);
        // A key is only a number: check it before using it as an index.
        let key = completion.key;
        let (Some(stream), Some(progress)) = (streams.get(key), progress.get_mut(key)) else {
            println!("a completion with a key we never gave out");
            continue;
        };
        if let Some(buffer) = progress.take(completion)? {
            // Lend the same buffer again, for what comes next (here: the end of file).
            proactor.recv(stream.as_fd(), buffer, key)?;
        }
    }
    let stats = proactor.stats();
    println!();
    println!(
        "FINISHED: all {REQUESTS} answered in {:.1} s, shortest delay first, with {} calls to \
         io_uring_enter for {} completions.",
        started.elapsed().as_secs_f64(),
        stats.enters,
        stats.completed
    );
    println!();
    println!("As with IOCP (lesson 06): each receive was started before its data existed, with a");
    println!("buffer lent until its completion; no socket was ever asked whether it was ready.");
    println!("Unlike IOCP: the requests were written into memory shared with the kernel and");
    println!("handed over ten at a time by one system call, the completions were read from shared");
    println!("memory with none, and the kernel kept no pointer to a request, only to its buffer.");
    Ok(())
}

impl Progress {
    /// Handles one finished request of this connection, finishing the line begun for it.
    /// Returns the buffer if a receive should go on with it.
    fn take(&mut self, completion: Completion) -> io::Result<Option<Vec<u8>>> {
        let Completion {
            operation,
            result,
            buffer,
            ..
        } = completion;
        let transferred = result?;
        match operation {
            Operation::Send => {
                self.sent = true;
                println!("SEND done, {transferred} bytes sent; its buffer is ours again");
                Ok(None)
            }
            Operation::Recv if transferred == 0 => {
                self.closed = true;
                println!("RECV done, 0 bytes: the server closed the connection");
                Ok(None)
            }
            Operation::Recv => {
                self.received.extend_from_slice(&buffer);
                print!("RECV done, {transferred} bytes in our buffer:");
                match http::parse_response(&self.received) {
                    Parse::Complete(response, _) => {
                        println!(" HTTP {}, body {:?}", response.status, response.text());
                    }
                    Parse::Incomplete => println!(" part of a response"),
                    Parse::Bad(bad) => println!(" a malformed response ({bad})"),
                }
                Ok(Some(buffer))
            }
        }
    }
}
