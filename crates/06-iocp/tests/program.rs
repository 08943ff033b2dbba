//! The lesson's program as a reader runs it.

use std::process::Output;

#[path = "../../01-raw-syscall/tests/common/mod.rs"]
mod common;
#[path = "../../04-epoll/tests/printed/mod.rs"]
mod printed;

fn run_lesson(args: &[&str]) -> Output {
    common::lesson_command(env!("CARGO_BIN_EXE_iocp"))
        .args(args)
        .output()
        .expect("run the lesson")
}

#[cfg(not(windows))]
#[test]
fn without_windows_it_says_what_to_run_instead_and_exits_2() {
    let instead = if cfg!(any(target_os = "macos", target_os = "freebsd")) {
        "kqueue"
    } else {
        "epoll"
    };
    printed::assert_one_sentence_and_status_2(&run_lesson(&[]), "needs Windows", instead);
}

#[cfg(windows)]
#[test]
fn the_five_answers_complete_shortest_delay_first_then_finished() {
    let output = run_lesson(&[]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    let positions = printed::answer_positions(&stdout, "body ");
    assert!(
        positions.is_sorted(),
        "request-4 first, request-0 last: {stdout}"
    );
    // Every request's send completed too, and the end comes after the last answer.
    assert_eq!(stdout.matches("WSASend done").count(), 5, "{stdout}");
    let finished = stdout.find("FINISHED").expect("a FINISHED line");
    assert!(finished > positions[4], "{stdout}");
}

#[cfg(windows)]
#[test]
fn a_bad_argument_gets_a_clear_error_and_status_2() {
    let output = run_lesson(&["not-an-address"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("usage: iocp"), "{stderr}");
}
