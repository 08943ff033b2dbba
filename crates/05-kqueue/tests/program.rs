//! The lesson's program as a reader runs it.

use std::process::Output;

#[path = "../../01-raw-syscall/tests/common/mod.rs"]
mod common;
#[path = "../../04-epoll/tests/printed/mod.rs"]
mod printed;

fn run_lesson(args: &[&str]) -> Output {
    common::lesson_command(env!("CARGO_BIN_EXE_kqueue"))
        .args(args)
        .output()
        .expect("run the lesson")
}

#[cfg(not(any(target_os = "macos", target_os = "freebsd")))]
#[test]
fn without_kqueue_it_says_what_to_run_instead_and_exits_2() {
    let instead = if cfg!(windows) { "iocp" } else { "epoll" };
    printed::assert_one_sentence_and_status_2(&run_lesson(&[]), "needs macOS or a BSD", instead);
}

#[cfg(any(target_os = "macos", target_os = "freebsd"))]
#[test]
fn the_five_answers_arrive_shortest_delay_first() {
    let output = run_lesson(&["--step", "100"]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    let positions = printed::answer_positions(&stdout, "");
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
