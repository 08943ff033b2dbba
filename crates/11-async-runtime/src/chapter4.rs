//! The book's chapter-4 client as five `async` tasks: each connects, sends its request and
//! reads the answer with `.await`, and the runtime interleaves them on one thread.
//!
//! Compare lesson 04's `chapter4.rs`: there the program keeps the sockets, the tokens and the
//! buffers itself, and one loop asks the queue which socket is ready. Here each request is
//! straight-line code, and the same loop runs inside `Runtime::block_on`, which prints its
//! steps (the indented lines with a time).

use std::io;
use std::net::SocketAddrV4;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use async_runtime::{Runtime, TcpStream, spawn, timeout};
use nonblocking::http::{self, Parse};
use nonblocking::{cpu_time, server};

/// How many requests the client sends, as in the book.
const REQUESTS: u64 = 5;
/// How long to wait for all the answers beyond the longest delay before giving up.
const PATIENCE: Duration = Duration::from_secs(30);

/// Runs the demo: against `server` (`None`: lesson 03's, started in this process).
pub fn run(server: Option<SocketAddrV4>, step_ms: u64, trace: bool) -> ExitCode {
    match run_client(server, step_ms, trace) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("async-runtime: {error}");
            ExitCode::FAILURE
        }
    }
}

fn run_client(server: Option<SocketAddrV4>, step_ms: u64, trace: bool) -> io::Result<()> {
    let backend = event_queue::BACKEND.unwrap_or("no event queue");
    println!(
        "Lesson 11: the book's chapter-4 client as {REQUESTS} async tasks, on our runtime over {backend}."
    );
    let addr = server::use_or_start(server)?;
    if trace {
        println!(
            "The indented lines with a time are the runtime at work: a task polled, returning \
             Pending, an event for a token, a waker firing."
        );
        async_runtime::trace::enable();
    }
    println!();
    let runtime = Runtime::new()?;
    let started = Instant::now();
    let cpu_before = cpu_time()?;
    let patience = PATIENCE + Duration::from_millis(REQUESTS * step_ms);
    let answers = runtime.block_on(async {
        let tasks: Vec<_> = (0..REQUESTS)
            .map(|i| spawn(request(addr, i, (REQUESTS - i) * step_ms, started)))
            .collect();
        println!("main: spawned {REQUESTS} tasks; waiting for each one's JoinHandle in turn.");
        let mut answers = 0;
        for task in tasks {
            match timeout(patience, task).await {
                Some(Ok(())) => answers += 1,
                Some(Err(error)) => println!("main: a request failed: {error}"),
                None => return Err(io::Error::new(io::ErrorKind::TimedOut, "no answer in time")),
            }
        }
        Ok(answers)
    })??;
    let cpu = cpu_time()?.saturating_sub(cpu_before);
    println!(
        "FINISHED: {answers} responses in {:.1} s, {} polls of {backend}, {:.3} s of CPU time.",
        started.elapsed().as_secs_f64(),
        runtime.counts().polls,
        cpu.as_secs_f64()
    );
    Ok(())
}

/// One request, as the task it runs in sees it: three awaits.
async fn request(addr: SocketAddrV4, i: u64, delay_ms: u64, started: Instant) -> io::Result<()> {
    let name = format!("request-{i}");
    let stream = TcpStream::connect(addr).await?;
    stream
        .write_all(&http::request_bytes(delay_ms, &name, false))
        .await?;
    println!(
        "task {i}: sent GET /{delay_ms}/{name} on token {}",
        stream.token()
    );
    let mut received = Vec::new();
    let mut chunk = [0; 4096];
    loop {
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            break; // the request said `Connection: close`: the end of file ends the answer
        }
        received.extend_from_slice(&chunk[..n]);
    }
    let seconds = started.elapsed().as_secs_f64();
    match http::parse_response(&received) {
        Parse::Complete(response, _) => println!(
            "[{seconds:.1} s] task {i}: HTTP {}, body {:?}",
            response.status,
            response.text()
        ),
        Parse::Incomplete => println!("[{seconds:.1} s] task {i}: closed before a whole response"),
        Parse::Bad(bad) => println!("[{seconds:.1} s] task {i}: {bad}"),
    }
    Ok(())
}
