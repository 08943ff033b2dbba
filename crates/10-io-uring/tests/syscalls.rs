//! What the server asks of the kernel while it serves: with every socket operation and timer
//! a ring operation, its only system call should be `io_uring_enter`, one per batch of
//! completions, however many connections the batch serves. The test checks the first and
//! prints the second (how many per request depends on the machine: measured, not asserted;
//! `scripts/bench.sh` compares it with lesson 08's epoll server).
#![cfg(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
))]

mod uring;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

use delay_server::load;

const REQUESTS: u64 = 2000;
const CONNECTIONS: usize = 10;

#[test]
fn while_serving_the_only_system_call_is_io_uring_enter() {
    let test = "while_serving_the_only_system_call_is_io_uring_enter";
    if !uring::or_skip(test) {
        return;
    }
    if Command::new("strace").arg("-V").output().is_err() {
        let why = "strace is not installed (apt-get install strace)";
        assert!(std::env::var_os("COURSE_REQUIRE_TOOLS").is_none(), "{why}");
        uring::say_skipped(test, why);
        return;
    }
    let log = Path::new(env!("CARGO_TARGET_TMPDIR")).join("io-uring-serve.strace");
    let mut strace = Command::new("strace")
        .arg("-f")
        .arg("-o")
        .arg(&log)
        .arg(env!("CARGO_BIN_EXE_io-uring"))
        .args(["serve", "127.0.0.1:0", "--quiet"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("start the server under strace");
    // The server's three lines; the pipe stays open until it is stopped (a closed one would
    // make its writes fail, and show in the trace).
    let mut stdout = BufReader::new(strace.stdout.take().unwrap());
    let mut lines = [String::new(), String::new(), String::new()];
    for line in &mut lines {
        stdout.read_line(line).unwrap();
    }
    let addr = lines[0]
        .trim()
        .strip_prefix("listening on ")
        .expect(&lines[0]);
    let mut options = load::Options::new(addr.parse().unwrap());
    options.connections = CONNECTIONS;
    options.requests = REQUESTS;
    options.progress = false;
    let report = load::run(&options).expect("the load runs");
    assert_eq!((report.ok, report.errors), (REQUESTS, 0), "{report}");

    // The server is strace's child: stop it by its pid, the first in the trace.
    let trace = std::fs::read_to_string(&log).unwrap();
    let pid = trace.split_whitespace().next().unwrap().to_string();
    Command::new("kill").arg(&pid).status().unwrap();
    strace.wait().unwrap();
    let trace = std::fs::read_to_string(&log).unwrap();

    // Everything after the server's last line of output ("Try: curl ..."), until it was
    // stopped, is serving.
    let serving = trace
        .split_once("write(1, \"Try: curl")
        .map(|(_, after)| after)
        .unwrap_or_else(|| panic!("no \"Try: curl\" line (the server's third) in:\n{trace}"));
    let mut calls = BTreeMap::<String, u64>::new();
    for line in serving.lines().skip(1) {
        let mut words = line.split_whitespace().skip(1);
        let Some(call) = words.next() else { continue };
        if call.starts_with("+++") || call.starts_with("---") || call.starts_with("<...") {
            continue; // exit, signal, or the second half of a call already counted
        }
        let name = call.split('(').next().unwrap_or(call);
        *calls.entry(name.to_string()).or_default() += 1;
    }
    let enters = calls.get("io_uring_enter").copied().unwrap_or(0);
    eprintln!(
        "{REQUESTS} keep-alive requests on {CONNECTIONS} connections: {enters} calls to \
         io_uring_enter, {:.2} per request (under strace, which slows the server and so makes \
         its batches larger); all calls: {calls:?}",
        enters as f64 / REQUESTS as f64
    );
    assert_eq!(
        calls.keys().collect::<Vec<_>>(),
        ["io_uring_enter"],
        "{calls:?}"
    );
    assert!(enters <= REQUESTS, "at most one per request: {enters}");
}
