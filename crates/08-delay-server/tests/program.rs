//! The lesson's program as a reader runs it: the demo, `serve`, `load`, and bad arguments.

use std::process::Output;

#[path = "../../01-raw-syscall/tests/common/mod.rs"]
mod common;
#[path = "../../04-epoll/tests/printed/mod.rs"]
mod printed;
mod support;

use support::ServerProcess;

/// The server `support` starts: this lesson's.
const SERVER: support::ServerUnderTest =
    support::ServerUnderTest::everywhere(env!("CARGO_BIN_EXE_delay-server"));

fn run_lesson(args: &[&str]) -> Output {
    common::lesson_command(env!("CARGO_BIN_EXE_delay-server"))
        .args(args)
        .output()
        .expect("run the lesson")
}

#[test]
fn the_demo_serves_every_connection_on_one_thread() {
    let output = run_lesson(&["--step", "50"]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stdout}\n{stderr}");

    // The client's side: request-4 (the shortest delay) first.
    assert_eq!(
        printed::answer_order(&stdout),
        printed::SHORTEST_DELAY_FIRST,
        "{stdout}"
    );

    // The server's side: every line from one and the same thread.
    let server_lines: Vec<&str> = stderr
        .lines()
        .filter(|line| line.trim_start().starts_with("[server, thread"))
        .collect();
    let thread_of = |line: &str| line.split(']').next().unwrap_or("").to_string();
    let thread = thread_of(server_lines.first().expect(&stderr));
    assert!(thread.contains("\"delay-server\""), "{thread}");
    assert!(
        server_lines.iter().all(|line| thread_of(line) == thread),
        "{stderr}"
    );
    let count = |what: &str| server_lines.iter().filter(|l| l.contains(what)).count();
    assert_eq!(count("accepted from"), 5, "{stderr}");
    assert_eq!(count("timer fired"), 5, "{stderr}");
    assert!(
        stdout.contains("Server: 5 connections, 5 requests, 5 responses"),
        "{stdout}"
    );
}

#[test]
fn load_reports_what_it_measured() {
    let server = ServerProcess::start().expect("lesson 08's server runs everywhere");
    let addr = server.addr.to_string();
    let output = run_lesson(&["load", &addr, "--connections", "4", "--requests", "200"]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.contains("200 requests of /0/x on 4 connections: 200 ok, 0 errors"),
        "{stdout}"
    );
    assert!(stdout.contains("requests/s: "), "{stdout}");
    assert!(stdout.contains("latency: p50 "), "{stdout}");
}

#[test]
fn load_without_a_server_says_so() {
    // Bind a port, then free it: nothing listens there now.
    let addr = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap()
    };
    let output = run_lesson(&["load", &addr.to_string(), "--requests", "5"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("no answer from"), "{stderr}");
}

#[test]
fn bad_arguments_get_a_clear_error_and_status_2() {
    for (args, says) in [
        (&["--step", "soon"][..], "expected a whole number"),
        (&["serve", "not-an-address"], "is not an address"),
        (&["load"], "needs the server's address"),
        (
            &["load", "127.0.0.1:1", "--connections", "0"],
            "from 1 to 100000",
        ),
        (
            &["load", "127.0.0.1:1", "--path", "no-slash"],
            "expected a path",
        ),
        (&["bogus"], "unexpected argument `bogus`"),
    ] {
        let output = run_lesson(args);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(says), "{args:?}: {stderr}");
        assert!(stderr.contains("usage: delay-server"), "{stderr}");
    }
    let help = run_lesson(&["--help"]);
    assert_eq!(help.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&help.stdout).contains("delay-server load ADDR"));
}
