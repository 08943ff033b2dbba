//! What the tests of a lesson's program read in what it printed: the book's chapter-4 client's
//! answers, shortest delay first, and the one sentence of a program that cannot run here.
//!
//! Lesson 04 has the first chapter-4 client; the program tests of lessons 05 to 10 include this
//! file with `#[path = "../../04-epoll/tests/printed/mod.rs"]` rather than copying it. Each uses
//! a part of it.
#![allow(dead_code)]

use std::borrow::Cow;
use std::process::Output;

/// The standard output of a run that must have succeeded: status 0, else the test fails with
/// both outputs, to say why.
pub fn stdout_of_success(output: &Output) -> Cow<'_, str> {
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

/// The chapter-4 client's answers in the order they must arrive: the shortest delay first.
pub const SHORTEST_DELAY_FIRST: [&str; 5] = [
    "request-4",
    "request-3",
    "request-2",
    "request-1",
    "request-0",
];

/// The bodies of the `HTTP 200, body "..."` lines, in the order they were printed.
pub fn answer_order(stdout: &str) -> Vec<&str> {
    stdout
        .lines()
        .filter(|line| line.contains("HTTP 200, body"))
        .map(|line| line.rsplit('"').nth(1).unwrap_or(""))
        .collect()
}

/// Where `stdout` first shows each answer, `{before}"request-{i}"`, request-4's first: sorted
/// if they arrived shortest delay first. Panics, saying which, if one is missing.
pub fn answer_positions(stdout: &str, before: &str) -> Vec<usize> {
    (0..5)
        .rev()
        .map(|i| {
            stdout
                .find(&format!("{before}\"request-{i}\""))
                .unwrap_or_else(|| panic!("no answer to request-{i}: {stdout}"))
        })
        .collect()
}

/// Checks that `output` is the one sentence of a program that cannot run here: on standard
/// error, what it `says` it needs and which lesson to run `instead`, with status 2.
pub fn assert_one_sentence_and_status_2(output: &Output, says: &str, instead: &str) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(output.stdout.is_empty());
    assert!(stderr.contains(says), "{stderr}");
    let instead = format!("run `cargo run -p {instead}` instead.");
    assert!(stderr.contains(&instead), "{stderr}");
    assert_eq!(
        stderr.trim_end().lines().count(),
        1,
        "one sentence: {stderr}"
    );
}
