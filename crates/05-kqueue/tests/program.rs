//! The lesson's program as a reader runs it.

use std::process::Output;

#[path = "../../01-raw-syscall/tests/common/mod.rs"]
mod common;

fn run_lesson(args: &[&str]) -> Output {
    common::lesson_command(env!("CARGO_BIN_EXE_kqueue"))
        .args(args)
        .output()
        .expect("run the lesson")
}

#[cfg(not(any(target_os = "macos", target_os = "freebsd")))]
#[test]
fn without_kqueue_it_says_what_to_run_instead_and_exits_2() {
    let output = run_lesson(&[]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(output.stdout.is_empty());
    assert!(stderr.contains("needs macOS or a BSD"), "{stderr}");
    let instead = if cfg!(windows) { "iocp" } else { "epoll" };
    assert!(
        stderr.contains(&format!("run `cargo run -p {instead}` instead")),
        "{stderr}"
    );
    assert_eq!(
        stderr.trim_end().lines().count(),
        1,
        "one sentence: {stderr}"
    );
}

#[cfg(any(target_os = "macos", target_os = "freebsd"))]
#[test]
fn the_five_answers_arrive_shortest_delay_first() {
    let output = run_lesson(&["--step", "100"]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    let positions: Vec<usize> = (0..5)
        .rev()
        .map(|i| {
            stdout
                .find(&format!("\"request-{i}\""))
                .unwrap_or_else(|| panic!("no answer to request-{i}: {stdout}"))
        })
        .collect();
    assert!(
        positions.is_sorted(),
        "request-4 first, request-0 last: {stdout}"
    );
}

#[cfg(any(target_os = "macos", target_os = "freebsd"))]
#[test]
fn a_bad_argument_gets_a_clear_error_and_status_2() {
    let output = run_lesson(&["--nonsense"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("usage:"), "{stderr}");
    assert!(output.stdout.is_empty());
}
