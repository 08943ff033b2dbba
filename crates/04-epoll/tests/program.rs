//! The lesson's program as a reader runs it.

use std::process::Output;

#[path = "../../01-raw-syscall/tests/common/mod.rs"]
mod common;
#[path = "../../04-epoll/tests/printed/mod.rs"]
mod printed;

fn run_lesson(args: &[&str]) -> Output {
    common::lesson_command(env!("CARGO_BIN_EXE_epoll"))
        .args(args)
        .output()
        .expect("run the lesson")
}

#[cfg(target_os = "linux")]
#[test]
fn responses_arrive_shortest_delay_first() {
    // 50 ms steps instead of the demo's 1000, so the test takes a quarter of a second.
    let output = run_lesson(&["--step", "50"]);
    let stdout = printed::stdout_of_success(&output);
    assert_eq!(
        printed::answer_order(&stdout),
        printed::SHORTEST_DELAY_FIRST,
        "{stdout}"
    );
    assert!(stdout.contains("FINISHED: 5 responses"), "{stdout}");
}

#[cfg(target_os = "linux")]
#[test]
fn it_uses_a_server_given_by_address() {
    let addr = nonblocking::server::start_delay_server().expect("start a delay server");
    let output = run_lesson(&[&addr.to_string(), "--step", "20"]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.contains(&format!("Delay server: {addr}.")),
        "{stdout}"
    );
    assert_eq!(printed::answer_order(&stdout).len(), 5, "{stdout}");
}

#[cfg(target_os = "linux")]
#[test]
fn bad_arguments_get_a_clear_error_and_status_2() {
    for args in [
        &["--step"][..],
        &["--step", "soon"],
        &["no-such-host-name.invalid:80"],
        &["1.2.3.4:5", "extra"],
    ] {
        let output = run_lesson(args);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains("usage:"), "{args:?}: {stderr}");
    }
}

#[cfg(not(target_os = "linux"))]
#[test]
fn elsewhere_it_names_the_lesson_to_run_and_exits_2() {
    let output = run_lesson(&[]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("cargo run -p"), "{stderr}");
}
