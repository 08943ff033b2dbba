//! The lesson's program as a reader runs it.

#[path = "../../01-raw-syscall/tests/common/mod.rs"]
mod common;
#[path = "../../04-epoll/tests/printed/mod.rs"]
mod printed;

#[cfg(any(
    target_os = "linux",
    target_os = "macos",
    target_os = "freebsd",
    windows
))]
#[test]
fn the_portable_client_names_its_backend_and_gets_every_response_in_order() {
    let output = common::lesson_command(env!("CARGO_BIN_EXE_event-queue"))
        .args(["--step", "50"])
        .output()
        .expect("run the lesson");
    let stdout = printed::stdout_of_success(&output);
    let backend = event_queue::BACKEND.expect("a backend on this OS");
    assert!(
        stdout.contains(&format!("client, on {backend}.")),
        "{stdout}"
    );
    assert_eq!(
        printed::answer_order(&stdout),
        printed::SHORTEST_DELAY_FIRST,
        "{stdout}"
    );
}
