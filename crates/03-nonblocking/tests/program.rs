//! The lesson's program as a reader runs it: the demo, `serve`, and bad arguments.

use std::io::{BufRead, BufReader};
use std::net::{SocketAddrV4, TcpListener};
use std::process::{Output, Stdio};

use nonblocking::client;
use nonblocking::http::Response;

#[path = "../../01-raw-syscall/tests/common/mod.rs"]
mod common;

fn lesson() -> std::process::Command {
    common::lesson_command(env!("CARGO_BIN_EXE_nonblocking"))
}

fn run_lesson(args: &[&str]) -> Output {
    lesson().args(args).output().expect("run the lesson")
}

/// The number of seconds in a line like `   Total 1.50 s; ...`.
fn total_seconds(line: &str) -> f64 {
    let rest = line.trim_start().strip_prefix("Total ").expect(line);
    rest.split(' ').next().unwrap().parse().expect(line)
}

#[test]
fn the_demo_shows_blocking_then_busy_polling_then_the_way_out() {
    let output = run_lesson(&[]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stdout}\n{stderr}");

    let part = |title: &str| {
        stdout
            .find(title)
            .unwrap_or_else(|| panic!("{title}: {stdout}"))
    };
    let (one, two, three) = (
        part("\n1. Blocking"),
        part("\n2. Non-blocking"),
        part("\n3. "),
    );
    assert!(one < two && two < three, "{stdout}");
    let blocking = &stdout[one..two];
    let busy = &stdout[two..three];

    // Where each answer appears in a part.
    let order = |text: &str| -> Vec<usize> {
        (0..5)
            .map(|i| text.find(&format!("\"request-{i}\"")).expect(text))
            .collect()
    };
    let blocking_order = order(blocking);
    assert!(blocking_order.is_sorted(), "one after another: {blocking}");
    let mut busy_order = order(busy);
    busy_order.reverse();
    assert!(busy_order.is_sorted(), "shortest delay first: {busy}");

    // Lower bounds only: the waits cannot be shorter than the delays.
    let total = |text: &str| {
        total_seconds(
            text.lines()
                .find(|l| l.trim_start().starts_with("Total "))
                .expect(text),
        )
    };
    assert!(total(blocking) >= 1.5, "the sum of the delays: {blocking}");
    assert!(total(busy) >= 0.5, "the largest delay: {busy}");

    // The loop counted its WouldBlock reads, and there were some: no answer comes at once.
    let count_line = busy
        .lines()
        .find(|l| l.contains("reads returned WouldBlock"))
        .expect(busy);
    let count: u64 = count_line
        .split(", and ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .map(|number| number.replace(',', ""))
        .and_then(|number| number.parse().ok())
        .expect(count_line);
    assert!(count > 0, "{count_line}");
    assert!(
        stdout.ends_with("Next lesson: cargo run -p epoll\n"),
        "{stdout}"
    );
}

/// Starts `nonblocking serve ARGS` with its stderr going to `stderr`, reads the first line of
/// its stdout (`listening on ADDRESS`), asks the server there for `message`, then stops it.
/// Returns the first line, the answer (`None` if the line named no address), and the output
/// the server wrote meanwhile.
fn ask_a_served_server(
    args: &[&str],
    stderr: Stdio,
    message: &str,
) -> (String, Option<std::io::Result<Response>>, Output) {
    let mut child = lesson()
        .arg("serve")
        .args(args)
        .stdout(Stdio::piped())
        .stderr(stderr)
        .spawn()
        .expect("start the server");
    // Kept open until the end: the server prints more lines after the first.
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut first_line = String::new();
    stdout.read_line(&mut first_line).unwrap();
    let answer = first_line
        .strip_prefix("listening on ")
        .and_then(|addr| addr.trim_end().parse::<SocketAddrV4>().ok())
        .map(|addr| client::get(addr, 0, message));
    child.kill().unwrap(); // the server runs until stopped
    let output = child.wait_with_output().unwrap();
    (first_line, answer, output)
}

#[test]
fn serve_says_where_it_listens_and_answers_there() {
    let (first_line, answer, _) =
        ask_a_served_server(&["127.0.0.1:0"], Stdio::null(), "hi from the test");
    let response = answer.expect(&first_line).expect("an answer");
    assert_eq!(response.text(), "hi from the test");
}

#[test]
fn serve_quiet_logs_nothing() {
    let (first_line, answer, output) =
        ask_a_served_server(&["127.0.0.1:0", "--quiet"], Stdio::piped(), "quietly");
    assert_eq!(
        answer.expect(&first_line).expect("an answer").text(),
        "quietly"
    );
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
}

#[test]
fn serve_on_a_taken_port_fails_with_a_reason() {
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let output = run_lesson(&["serve", &addr]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!("cannot listen on {addr}")),
        "{stderr}"
    );
}

#[test]
fn bad_arguments_get_a_clear_error_and_status_2() {
    for args in [
        &["localhost:8080"][..],
        &["serve", "8080"],
        &["serve", "[::1]:8080"],
        &["serve", "127.0.0.1:1", "extra"],
        &["--verbose"],
        &["127.0.0.1:1", "127.0.0.1:2"],
    ] {
        let output = run_lesson(args);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains("usage: nonblocking"), "{args:?}: {stderr}");
        assert!(output.stdout.is_empty(), "{args:?}");
    }
}
