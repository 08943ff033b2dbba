//! The demo: what a reader sees with `cargo run -p no-libc`.

use std::io;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::client::{Connection, Response};
use crate::server::{self, NO_LIBC, WITH_STD};

pub fn run() -> io::Result<()> {
    println!(
        "Lesson 09: a delay server with no C library, on Linux {}.",
        std::env::consts::ARCH
    );
    println!();
    println!(
        "The server is `#![no_std]` and `#![no_main]`: the kernel starts it at its own `_start`."
    );
    println!(
        "Every syscall it makes is lesson 01's inline assembly; `struct epoll_event` and the epoll"
    );
    println!("calls are lesson 04's, built without std. No allocator: its tables are mapped once,");
    println!("at start, as big as the descriptor limit allows; a timer heap orders the delays.");
    println!();
    println!(
        "Building crates/09-no-libc/server (release) into {}:",
        show(&target_dir())
    );
    println!("  {NO_LIBC}    #![no_std], its own _start, static: raw syscalls only");
    println!("  {WITH_STD}   the very same server code, started by std and the C library");
    let bin = server::build(&target_dir(), &[NO_LIBC, WITH_STD])?;
    let running = server::start(Command::new(bin.join(NO_LIBC)).arg("0"))?;
    let port = running.port;
    println!("Started `{NO_LIBC} 0` (0: any free port): listening on 127.0.0.1:{port}");
    println!("  it said first: {}", running.before_listening.trim_end());
    println!();

    let mut connection = Connection::open(port)?;
    let response = timed(|| connection.get("/0/hello", false))?.0;
    println!("GET /0/hello, the whole response:");
    for line in response
        .status_line
        .lines()
        .chain(response.headers.iter().map(String::as_str))
    {
        println!("  | {line}");
    }
    println!("  |");
    println!("  | {}", response.body);
    println!("The same connection again (keep-alive), asking for a 300 ms delay:");
    let (response, ms) = timed(|| connection.get("/300/again", false))?;
    println!(
        "  GET /300/again      -> {} after {ms} ms",
        summary(&response)
    );

    println!("Two connections at once, one thread: 600 ms asked first, 100 ms second:");
    let mut slow = Connection::open(port)?;
    let mut fast = Connection::open(port)?;
    let started = Instant::now();
    slow.send(b"GET /600/slow HTTP/1.1\r\n\r\n")?;
    fast.send(b"GET /100/fast HTTP/1.1\r\n\r\n")?;
    let fast_response = fast.read_response()?;
    let fast_ms = started.elapsed().as_millis();
    let slow_response = slow.read_response()?;
    let slow_ms = started.elapsed().as_millis();
    println!(
        "  GET /100/fast       -> {} after {fast_ms} ms",
        summary(&fast_response)
    );
    println!(
        "  GET /600/slow       -> {} after {slow_ms} ms",
        summary(&slow_response)
    );

    let response = connection.get("/0/bye", true)?;
    let closed = connection.closed_by_server()?;
    println!("With `Connection: close`, the server answers, then closes:");
    println!(
        "  GET /0/bye          -> {}, then the connection {}",
        summary(&response),
        if closed {
            "ended"
        } else {
            "stayed open (unexpected)"
        }
    );
    let response = Connection::open(port)?.get("/soon/x", false)?;
    println!("A bad request:");
    println!("  GET /soon/x         -> {}", summary(&response));
    println!();

    let (status, rest) = running.stop()?;
    let status = status
        .code()
        .map_or("a signal".to_string(), |code| code.to_string());
    println!(
        "Closing its standard input stops it: it printed {:?}, exit status {status}.",
        rest.trim_end()
    );
    println!();
    compare(&bin)?;
    println!();
    println!(
        "Run it yourself: cargo run --release --manifest-path crates/09-no-libc/server/Cargo.toml"
    );
    println!(
        "Then: curl -i http://127.0.0.1:8080/1000/hello    (Ctrl-C or Ctrl-D stops the server)"
    );
    Ok(())
}

/// Where the server is built: next to this program's own target folder (`target/` when run
/// by cargo), in `no-libc-server/`.
pub fn target_dir() -> PathBuf {
    let exe = std::env::current_exe().unwrap_or_default();
    // target/debug/no-libc -> target
    match exe.parent().and_then(Path::parent) {
        Some(target) if target.is_dir() => target.join("no-libc-server"),
        _ => std::env::temp_dir().join("no-libc-server"),
    }
}

/// `path` relative to the current folder if it is inside it, for shorter lines.
fn show(path: &Path) -> String {
    let here = std::env::current_dir().unwrap_or_default();
    path.strip_prefix(&here)
        .unwrap_or(path)
        .display()
        .to_string()
}

fn timed(f: impl FnOnce() -> io::Result<Response>) -> io::Result<(Response, u128)> {
    let started = Instant::now();
    let response = f()?;
    Ok((response, started.elapsed().as_millis()))
}

fn summary(response: &Response) -> String {
    format!(
        "{} {:?}",
        response.status_line.trim_start_matches("HTTP/1.1 "),
        response.body.trim_end()
    )
}

/// The same server with std: it answers the same, but is bigger, and needs more files.
fn compare(bin: &Path) -> io::Result<()> {
    let running = server::start(Command::new(bin.join(WITH_STD)).arg("0"))?;
    let response = Connection::open(running.port)?.get("/0/hello", true)?;
    println!("`{WITH_STD} 0`, the same code started by std, answers the same:");
    println!("  GET /0/hello        -> {}", summary(&response));
    let libraries = mapped_libraries(running.id());
    running.stop()?;

    let size = |name: &str| std::fs::metadata(bin.join(name)).map(|m| m.len());
    let (no_libc, with_std) = (size(NO_LIBC)?, size(WITH_STD)?);
    println!();
    println!("Sizes (release, stripped):");
    println!(
        "  {NO_LIBC}   {:>9} bytes, static: the kernel loads nothing else",
        thousands(no_libc)
    );
    println!(
        "  {WITH_STD}  {:>9} bytes ({}x), and its loader mapped these when it started:",
        thousands(with_std),
        with_std / no_libc.max(1)
    );
    for library in libraries {
        let bytes = std::fs::metadata(&library).map(|m| m.len()).unwrap_or(0);
        println!("    {library} ({} bytes)", thousands(bytes));
    }
    Ok(())
}

/// The shared libraries process `pid` has mapped, from `/proc/PID/maps`.
fn mapped_libraries(pid: u32) -> Vec<String> {
    let maps = std::fs::read_to_string(format!("/proc/{pid}/maps")).unwrap_or_default();
    let mut libraries: Vec<String> = maps
        .lines()
        .filter_map(|line| line.split_whitespace().nth(5))
        .filter(|path| path.contains(".so"))
        .map(str::to_string)
        .collect();
    libraries.sort();
    libraries.dedup();
    libraries
}

/// 1234567 as "1,234,567".
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}
