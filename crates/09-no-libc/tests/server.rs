//! Lesson 09's server from the outside, as a client sees it: its ELF headers, its answers
//! (delays, keep-alive, `Connection: close`, errors, limits), how it stops, and under `strace`
//! that it makes only the syscalls we asked for. Many connections at once: `server/scale.rs`.
//!
//! Natively the server is built here, with the cargo running this test. The cross-platform
//! stage runs this same file against the aarch64 server instead: it sets `NO_LIBC_SERVER` to
//! that binary and `COURSE_RUNNER` to qemu-user, which runs it (and traces it with `-strace`).
#![cfg(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
))]

use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::net::{Shutdown, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

#[path = "../src/client.rs"]
mod client;
#[path = "../../01-raw-syscall/tests/common/mod.rs"]
mod common;
#[path = "../../01-raw-syscall/tests/common/elf.rs"]
mod elf;
#[path = "server/fd_limit.rs"]
mod fd_limit;
#[path = "server/scale.rs"]
mod scale;
#[path = "../src/server.rs"]
mod server;

use client::Connection;

/// The syscalls the server may make: the ones its code asks for, and nothing else.
const OURS: [&str; 19] = [
    "socket",
    "setsockopt",
    "bind",
    "listen",
    "getsockname",
    "epoll_create1",
    "epoll_ctl",
    "prctl",
    "prlimit64",
    "mmap",
    "epoll_pwait2",
    "epoll_pwait", // where the kernel has no epoll_pwait2 (older than 5.11, or an emulator)
    "accept4",
    "read",
    "sendto",
    "write",
    "close",
    "clock_gettime",
    "exit_group",
];

/// The server to test: `NO_LIBC_SERVER` if set, else built here once. `None` under an emulator
/// with no server given: the host's cargo would build a host binary the emulator cannot run.
fn binary() -> Option<&'static Path> {
    static BINARY: OnceLock<Option<PathBuf>> = OnceLock::new();
    BINARY
        .get_or_init(|| {
            if let Some(given) = std::env::var_os("NO_LIBC_SERVER") {
                return Some(PathBuf::from(given));
            }
            if std::env::var_os("COURSE_RUNNER").is_some() {
                return None;
            }
            // Next to the course's target folder (CARGO_TARGET_TMPDIR is target/tmp), where
            // `cargo run -p no-libc` builds it too.
            let target = Path::new(env!("CARGO_TARGET_TMPDIR")).join("../no-libc-server");
            let bin = server::build(&target, &[server::NO_LIBC]).expect("build the server");
            Some(bin.join(server::NO_LIBC))
        })
        .as_deref()
}

/// `Some(binary)`, or `None` after printing why this test does not apply here.
fn binary_or_skip(test: &str) -> Option<&'static Path> {
    let binary = binary();
    if binary.is_none() {
        eprintln!(
            "SKIPPED {test}: under an emulator (COURSE_RUNNER) with no NO_LIBC_SERVER; \
             scripts/cross.sh tests the aarch64 server with this file"
        );
    }
    binary
}

/// Starts the server on a free port.
fn start() -> Option<server::Running> {
    let binary = binary_or_skip("(a server test)")?;
    let mut command = common::lesson_command(binary.to_str().unwrap());
    Some(server::start(command.arg("0")).expect("start the server"))
}

fn run_with(args: &[&str]) -> Option<Output> {
    let binary = binary_or_skip("(an arguments test)")?;
    let mut command = common::lesson_command(binary.to_str().unwrap());
    Some(
        command
            .args(args)
            .stdin(Stdio::null())
            .output()
            .expect("run the server"),
    )
}

#[test]
fn it_is_static_with_no_interpreter_and_no_dynamic_section() {
    let Some(binary) = binary_or_skip("it_is_static_with_no_interpreter_and_no_dynamic_section")
    else {
        return;
    };
    let bytes = std::fs::read(binary).expect("read the server");
    elf::assert_static_without_loader(&bytes);
    let machine = elf::machine(&bytes);
    assert!(
        [elf::EM_X86_64, elf::EM_AARCH64].contains(&machine),
        "machine {machine}"
    );
    assert!(
        bytes.len() < 64 * 1024,
        "{} bytes: the goal is under 64 KiB",
        bytes.len()
    );
}

#[test]
fn it_answers_after_the_delay_and_keeps_the_connection_open() {
    let Some(running) = start() else { return };
    let mut connection = Connection::open(running.port).unwrap();
    let response = connection.get("/0/hello%20world", false).unwrap();
    assert_eq!(
        (response.status, response.body.as_str()),
        (200, "hello world")
    );
    assert!(response.headers.contains(&"Content-Length: 11".to_string()));
    assert!(!response.closes());

    let started = Instant::now();
    let response = connection.get("/300/later", false).unwrap();
    let waited = started.elapsed();
    assert_eq!((response.status, response.body.as_str()), (200, "later"));
    assert!(
        waited >= Duration::from_millis(300),
        "answered after {waited:?}"
    );
    let (status, said) = running.stop().unwrap();
    assert_eq!(status.code(), Some(0));
    assert_eq!(said, "standard input closed: stopping\n");
}

#[test]
fn connection_close_is_answered_then_closed() {
    let Some(running) = start() else { return };
    let mut connection = Connection::open(running.port).unwrap();
    let response = connection.get("/0/bye", true).unwrap();
    assert_eq!((response.status, response.body.as_str()), (200, "bye"));
    assert!(response.closes());
    assert!(connection.closed_by_server().unwrap());
}

#[test]
fn a_later_request_with_a_shorter_delay_is_answered_first() {
    let Some(running) = start() else { return };
    let mut slow = Connection::open(running.port).unwrap();
    let mut fast = Connection::open(running.port).unwrap();
    let started = Instant::now();
    slow.send(b"GET /800/slow HTTP/1.1\r\n\r\n").unwrap();
    fast.send(b"GET /100/fast HTTP/1.1\r\n\r\n").unwrap();
    assert_eq!(fast.read_response().unwrap().body, "fast");
    let fast_took = started.elapsed();
    assert_eq!(slow.read_response().unwrap().body, "slow");
    assert!(
        fast_took < Duration::from_millis(800),
        "fast took {fast_took:?}"
    );
    assert!(started.elapsed() >= Duration::from_millis(800));
}

#[test]
fn pipelined_requests_are_answered_in_order() {
    let Some(running) = start() else { return };
    let mut connection = Connection::open(running.port).unwrap();
    // Two requests in one write: the second is answered after the first, though shorter.
    connection
        .send(b"GET /200/one HTTP/1.1\r\n\r\nGET /0/two HTTP/1.1\r\nConnection: close\r\n\r\n")
        .unwrap();
    assert_eq!(connection.read_response().unwrap().body, "one");
    let second = connection.read_response().unwrap();
    assert_eq!(second.body, "two");
    assert!(second.closes() && connection.closed_by_server().unwrap());
}

#[test]
fn a_client_that_stops_sending_is_still_answered() {
    let Some(running) = start() else { return };
    // Two requests, then the client shuts down its sending side (as `nc -N` does): both are
    // answered, then the server closes too.
    let mut stream = TcpStream::connect(("127.0.0.1", running.port)).unwrap();
    stream
        .write_all(b"GET /100/one HTTP/1.1\r\n\r\nGET /0/two HTTP/1.1\r\n\r\nGET /0/thr")
        .unwrap();
    stream.shutdown(Shutdown::Write).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let mut everything = String::new();
    stream.read_to_string(&mut everything).unwrap(); // to the end: the server closed
    assert_eq!(
        everything.matches("HTTP/1.1 200 OK").count(),
        2,
        "{everything}"
    );
    assert!(everything.ends_with("\r\n\r\ntwo"), "{everything}");
}

#[test]
fn bad_and_oversized_requests_are_answered_then_closed() {
    let Some(running) = start() else { return };
    let mut connection = Connection::open(running.port).unwrap();
    let response = connection.get("/soon/x", false).unwrap();
    assert_eq!(response.status, 400);
    assert!(
        response.body.contains("number of milliseconds"),
        "{}",
        response.body
    );
    assert!(response.closes() && connection.closed_by_server().unwrap());

    let mut connection = Connection::open(running.port).unwrap();
    let mut huge = b"GET /0/x HTTP/1.1\r\n".to_vec();
    huge.extend(b"X-Padding: ".iter().chain([b'x'; 4000].iter()));
    connection.send(&huge).unwrap();
    let response = connection.read_response().unwrap();
    assert_eq!(
        response.status_line,
        "HTTP/1.1 431 Request Header Fields Too Large"
    );
}

#[test]
fn connections_over_the_limit_are_refused_with_503_not_a_crash() {
    // The table is as big as the descriptor limit allows: started with room for 64.
    const MAX_CONNECTIONS: usize = 64;
    let Some(running) = fd_limit::start_with_room_for(MAX_CONNECTIONS) else {
        return;
    };
    // Fill every slot: each connection is accepted (a request proves it) and kept open.
    let mut open: Vec<Connection> = (0..MAX_CONNECTIONS)
        .map(|_| {
            let mut connection = Connection::open(running.port).unwrap();
            assert_eq!(connection.get("/0/in", false).unwrap().status, 200);
            connection
        })
        .collect();
    let mut one_too_many = Connection::open(running.port).unwrap();
    let response = one_too_many.get("/0/x", false).unwrap();
    assert_eq!(response.status_line, "HTTP/1.1 503 Service Unavailable");
    assert!(one_too_many.closed_by_server().unwrap());
    // Closing one frees its slot; the server is still serving.
    drop(open.pop());
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let response = Connection::open(running.port)
            .unwrap()
            .get("/0/again", true)
            .unwrap();
        if response.status == 200 || Instant::now() > deadline {
            assert_eq!(response.body, "again");
            break;
        }
        std::thread::sleep(Duration::from_millis(20)); // the close may not be seen yet
    }
    assert_eq!(running.stop().unwrap().0.code(), Some(0));
}

#[test]
fn bad_arguments_exit_2_and_a_taken_port_exits_1() {
    for args in [&["abc"][..], &["70000"], &["1", "2"]] {
        let Some(output) = run_with(args) else { return };
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.starts_with("usage: no-libc-server [PORT]"),
            "{stderr}"
        );
    }
    let Some(running) = start() else { return };
    let port = running.port.to_string();
    let output = run_with(&[&port]).unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("bind: EADDRINUSE"), "{stderr}");
    assert!(
        TcpStream::connect(("127.0.0.1", running.port)).is_ok(),
        "the first one still serves"
    );
}

/// Runs the server under a tracer, makes a few requests, stops it, and returns the names of
/// the syscalls it made, in order. Natively the tracer is strace; under qemu-user, qemu's own
/// `-strace`. `None` if there is no tracer (a reader's machine without strace).
fn traced_syscalls(test: &str) -> Option<Vec<String>> {
    let binary = binary_or_skip(test)?;
    let log = Path::new(env!("CARGO_TARGET_TMPDIR")).join("no-libc-server.strace");
    let runner = std::env::var("COURSE_RUNNER").unwrap_or_default();
    let mut command = match runner.split_whitespace().next() {
        Some(qemu) => {
            // qemu prints each guest syscall on stderr: `1234 socket(2,526337,0) = 3`.
            let mut command = Command::new(qemu);
            command.arg("-strace").arg(binary);
            command.stderr(std::fs::File::create(&log).unwrap());
            command
        }
        None => {
            if Command::new("strace").arg("-V").output().is_err() {
                let why = "strace is not installed (apt-get install strace)";
                assert!(std::env::var_os("COURSE_REQUIRE_TOOLS").is_none(), "{why}");
                eprintln!("SKIPPED {test}: {why}");
                return None;
            }
            let mut command = Command::new("strace");
            command.arg("-o").arg(&log).arg(binary);
            command
        }
    };
    let running = server::start(command.arg("0")).expect("start the traced server");
    let mut connection = Connection::open(running.port).unwrap();
    assert_eq!(connection.get("/10/traced", false).unwrap().body, "traced");
    assert_eq!(connection.get("/0/again", true).unwrap().body, "again");
    assert_eq!(running.stop().unwrap().0.code(), Some(0));
    let trace = std::fs::read_to_string(&log).expect("read the trace");
    let names = trace
        .lines()
        .map(|line| {
            line.split_once(' ')
                .filter(|_| !runner.is_empty())
                .map_or(line, |(_, rest)| rest)
        })
        .filter_map(|call| {
            call.split_once('(')
                .map(|(name, _)| name.trim().to_string())
        })
        .filter(|name| {
            !name.is_empty()
                && name
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        })
        .collect();
    Some(names)
}

/// Whether the kernel this test runs on knows `epoll_pwait2` (Linux 5.11): asked with a
/// descriptor that is not an epoll (-1), it answers `EBADF` if it has the call, `ENOSYS` if not.
fn kernel_has_epoll_pwait2() -> bool {
    epoll::sys::pwait2::epoll_pwait2(-1, &mut [], None) != Err(raw_syscall::Errno::ENOSYS)
}

#[test]
fn the_trace_shows_only_the_syscalls_we_asked_for() {
    let Some(calls) = traced_syscalls("the_trace_shows_only_the_syscalls_we_asked_for") else {
        return;
    };
    // strace shows the `execve` that started the program; the rest is ours alone: no loader
    // opening libraries and mapping them, no signal handlers, no thread-local storage set-up.
    // The only `mmap`s are our tables', sized once from the descriptor limit (`prlimit64`).
    let calls: Vec<&str> = calls
        .iter()
        .map(String::as_str)
        .skip_while(|&c| c == "execve")
        .collect();
    let seen: BTreeSet<&str> = calls.iter().copied().collect();
    let unexpected: Vec<&&str> = seen.iter().filter(|c| !OURS.contains(c)).collect();
    assert!(
        unexpected.is_empty(),
        "unexpected syscalls {unexpected:?} in {calls:?}"
    );
    assert_eq!(calls.first(), Some(&"socket"), "{calls:?}");
    assert_eq!(calls.last(), Some(&"exit_group"), "{calls:?}");
    // The wait: `epoll_pwait2` where the kernel has it, and then never the millisecond
    // `epoll_pwait`; where it answers ENOSYS, one try of it and then `epoll_pwait`. Under an
    // emulator (COURSE_RUNNER) the server's "kernel" is the emulator's, which this test (a
    // native program) cannot ask: qemu 7.2 has no epoll_pwait2, later ones do.
    let emulated = std::env::var_os("COURSE_RUNNER").is_some_and(|runner| !runner.is_empty());
    if emulated {
        assert!(
            seen.contains("epoll_pwait2") || seen.contains("epoll_pwait"),
            "no wait in {calls:?}"
        );
    } else if kernel_has_epoll_pwait2() {
        assert!(
            seen.contains("epoll_pwait2"),
            "no epoll_pwait2 in {calls:?}"
        );
        assert!(!seen.contains("epoll_pwait"), "epoll_pwait in {calls:?}");
    } else {
        assert!(seen.contains("epoll_pwait"), "no epoll_pwait in {calls:?}");
    }
    for needed in [
        "prctl",
        "accept4",
        "sendto",
        "clock_gettime",
        "prlimit64",
        "mmap",
    ] {
        assert!(seen.contains(needed), "no {needed} in {calls:?}");
    }
}
