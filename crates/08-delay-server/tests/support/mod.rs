//! What the tests of this lesson share: a server started as a child process, and clients.
//!
//! The server is whichever the including test file names `SERVER` at its root (a
//! [`ServerUnderTest`]), so the tests in `suite/` run unchanged against lesson 08's server here
//! and against lesson 10's io_uring server there, which includes this module and the suite's
//! files with `#[path]`:
//!
//! ```ignore
//! #[path = "../../01-raw-syscall/tests/common/mod.rs"]
//! mod common;
//! #[path = "../../08-delay-server/tests/support/mod.rs"]
//! mod support;
//! const SERVER: support::ServerUnderTest = ...;
//! #[path = "../../08-delay-server/tests/suite/protocol.rs"]
//! mod protocol;
//! ```

#![allow(dead_code)] // each test file uses a different part

use std::io::{BufRead, BufReader, Read, Write};
use std::net::SocketAddrV4;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use nonblocking::TcpStream;
use nonblocking::http::{self, Parse, Response};

use crate::common;

/// The header timeout the tests give their servers (the default, 10 s, would make the
/// slowloris tests slow).
pub const HEADER_TIMEOUT: Duration = Duration::from_millis(300);

/// How long a well-behaved client may wait for `/0/..` while others misbehave, at most. The
/// real figure is well under a millisecond; this only catches a server that stalls.
pub const PROMPTLY: Duration = Duration::from_secs(2);

/// The server a test file runs against: a program that takes lesson 08's command line
/// (`serve ADDR --quiet --header-timeout MS`) and prints `listening on ADDR` first.
pub struct ServerUnderTest {
    /// The program (`env!("CARGO_BIN_EXE_...")`).
    pub binary: &'static str,
    /// Why it cannot run on this machine, if it cannot (lesson 10's io_uring server under
    /// an emulator); then each test says it was skipped, and why, and passes.
    pub unavailable: fn() -> Option<String>,
}

impl ServerUnderTest {
    /// A server that runs wherever its tests do, as lesson 08's does.
    pub const fn everywhere(binary: &'static str) -> ServerUnderTest {
        ServerUnderTest {
            binary,
            unavailable: || None,
        }
    }
}

/// `SERVER serve 127.0.0.1:0 --quiet ...` as a child process, killed when dropped.
pub struct ServerProcess {
    child: Child,
    /// Where it listens.
    pub addr: SocketAddrV4,
}

impl ServerProcess {
    /// Starts a quiet server with [`HEADER_TIMEOUT`] and waits for its `listening on` line;
    /// `None`, after a `SKIPPED` line, where the server under test cannot run.
    pub fn start() -> Option<ServerProcess> {
        ServerProcess::start_with(&["--header-timeout", "300"])
    }

    /// Starts a quiet server with these extra `serve` options.
    pub fn start_with(options: &[&str]) -> Option<ServerProcess> {
        if let Some(why) = (crate::SERVER.unavailable)() {
            // Written directly: the test harness would capture (and hide) `eprintln!`.
            let thread = std::thread::current();
            let test = thread.name().unwrap_or("a server test");
            let _ = writeln!(std::io::stderr(), "SKIPPED {test}: {why}");
            return None;
        }
        let mut child = spawn_retrying(|| {
            common::lesson_command(crate::SERVER.binary)
                .args(["serve", "127.0.0.1:0", "--quiet"])
                .args(options)
                .stdout(Stdio::piped())
                .stderr(Stdio::inherit())
                .spawn()
        })
        .expect("start the server");
        let mut line = String::new();
        let stdout = child.stdout.take().expect("piped stdout");
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("read the server's first line");
        let addr = line
            .trim()
            .strip_prefix("listening on ")
            .and_then(|addr| addr.parse().ok())
            .unwrap_or_else(|| panic!("not a `listening on` line: {line:?}"));
        Some(ServerProcess { child, addr })
    }

    /// Its process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Whether it is still running (it has not crashed).
    pub fn is_running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A connection whose reads give up after 10 s, so a broken server fails a test, never hangs
/// it.
pub fn connect(addr: SocketAddrV4) -> TcpStream {
    let stream = TcpStream::connect(addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream
}

/// Sends `bytes` on a new connection and reads until the server closes it.
pub fn exchange(addr: SocketAddrV4, bytes: &[u8]) -> Vec<u8> {
    let stream = connect(addr);
    (&stream).write_all(bytes).unwrap();
    read_to_close(&stream)
}

/// Reads until the server closes the connection.
pub fn read_to_close(stream: &TcpStream) -> Vec<u8> {
    let mut everything = Vec::new();
    (&*stream)
        .read_to_end(&mut everything)
        .expect("the server closes the connection");
    everything
}

/// Every response in `bytes`, which must hold nothing else.
pub fn responses(mut bytes: &[u8]) -> Vec<Response> {
    let mut all = Vec::new();
    while !bytes.is_empty() {
        match http::parse_response(bytes) {
            Parse::Complete(response, used) => {
                all.push(response);
                bytes = &bytes[used..];
            }
            other => panic!("{other:?}: {:?}", String::from_utf8_lossy(bytes)),
        }
    }
    all
}

/// The one response in `bytes`.
pub fn only_response(bytes: &[u8]) -> Response {
    let mut all = responses(bytes);
    assert_eq!(all.len(), 1, "{:?}", String::from_utf8_lossy(bytes));
    all.remove(0)
}

/// A well-behaved client: one `/0/` request on a new connection, answered within
/// [`PROMPTLY`], or the test fails: misbehaving clients must never stall the others.
pub fn assert_served_promptly(addr: SocketAddrV4) {
    let start = Instant::now();
    let response = nonblocking::client::get(addr, 0, "well-behaved").expect("a good client");
    let took = start.elapsed();
    assert_eq!(response.status, 200);
    assert_eq!(response.text(), "well-behaved");
    assert!(took < PROMPTLY, "a good client waited {took:?}");
}

/// The request for `/{delay_ms}/{message}`, keep-alive or not.
pub fn request(delay_ms: u64, message: &str, keep_alive: bool) -> Vec<u8> {
    http::request_bytes(delay_ms, message, keep_alive)
}

/// The number of descriptors open in process `pid` (Linux: the entries of `/proc/PID/fd`).
#[cfg(target_os = "linux")]
pub fn open_descriptors(pid: u32) -> usize {
    std::fs::read_dir(format!("/proc/{pid}/fd"))
        .expect("read /proc/PID/fd")
        .count()
}

/// Waits (at most 10 s) until process `pid` has `baseline` descriptors open again.
#[cfg(target_os = "linux")]
pub fn assert_descriptors_return_to(pid: u32, baseline: usize) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let open = open_descriptors(pid);
        if open == baseline {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{open} descriptors open, {baseline} before"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The resident memory of process `pid`, in KiB (Linux: `VmRSS` in `/proc/PID/status`).
#[cfg(target_os = "linux")]
pub fn resident_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("status");
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmRSS")
}

/// Starts a process with `spawn`, trying again (up to three times in all) when the OS fails the
/// start itself with `ERROR_INTERNAL_ERROR` (1359). Wine, which runs CI's Windows tests, does
/// that now and then when many test threads start servers at the same moment; it says nothing
/// about the server, which then starts normally. Any other error is returned at once.
fn spawn_retrying(mut spawn: impl FnMut() -> std::io::Result<Child>) -> std::io::Result<Child> {
    const ERROR_INTERNAL_ERROR: i32 = 1359;
    let mut attempts = 1;
    loop {
        match spawn() {
            Err(error)
                if cfg!(windows)
                    && error.raw_os_error() == Some(ERROR_INTERNAL_ERROR)
                    && attempts < 3 =>
            {
                attempts += 1;
                std::thread::sleep(Duration::from_millis(100));
            }
            result => return result,
        }
    }
}
